"""The dashboard figures' cache: its cost at two sizes, per plan generations ended on commit, dashboard_warm."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan.models import ActionItem, ProgressEntry
from actionplan.sample import plan_generate
from evidence.sample import evidence_generate, progress_generate
from reports.figures import FIGURES_TEMPLATE
from zi_tracker.generations import generation_key, plan_generation

pytestmark = pytest.mark.django_db

# Session, user, the user's plans, the plan's generation, the figures, the user's roles (the
# navigation's capabilities), the bell's unread count: 1 query each.
DASHBOARD_CACHED_QUERIES = 7
# Cached, then the figures' lock (cull count, savepoint, lookup, insert, release: the database cache
# writes in a transaction), a second look at the figures, the 11 queries of
# reports.selectors.dashboard, storing the fragment (5 again) and releasing the lock.
DASHBOARD_QUERIES = DASHBOARD_CACHED_QUERIES + 5 + 1 + 11 + 5 + 1
# After a change the plan has no generation: a new one is stored first (5 again).
DASHBOARD_NEW_GENERATION_QUERIES = DASHBOARD_QUERIES + 5


def _dashboard(client, plan, **params):
    return client.get(reverse("reports:dashboard", args=[plan.pk]), params)


def _save_progress(client, row, percent=100):
    return client.post(
        reverse("actionplan:item_progress", args=[row.pk]),
        {
            "month": row.target_start_month,
            "percent": percent,
            "is_done": "on",
            "activity": "Selesai dilaksanakan",
            "obstacles": "",
            "next_steps": "",
            "version": 0,
        },
    )


def test_dashboard_query_count_is_the_same_for_seed_and_a_large_plan(
    client, pimpinan, seed_plan, django_assert_num_queries, django_user_model
):
    client.force_login(pimpinan)
    with django_assert_num_queries(DASHBOARD_NEW_GENERATION_QUERIES):
        assert _dashboard(client, seed_plan).status_code == 200
    with django_assert_num_queries(DASHBOARD_QUERIES):
        _dashboard(client, seed_plan, month=6)
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        _dashboard(client, seed_plan)
    big = plan_generate(unit=seed_plan.unit, year=2025, items=500, requirements_per_item=4)
    ActionItem.objects.filter(area__plan=big).update(target_start_month=1, target_end_month=12)
    user = django_user_model.objects.create_user("gen", password="x")
    for item in ActionItem.objects.filter(area__plan=big)[:50]:
        item.pics.add(user)
    assert progress_generate(plan=big, entries=6000, user=user) == 6000
    assert evidence_generate(plan=big, count=20000, uploader=user, reviewer=pimpinan) == 20000
    with django_assert_num_queries(DASHBOARD_NEW_GENERATION_QUERIES):
        response = _dashboard(client, big)
    assert response.context["figures"].board.total == 500
    with django_assert_num_queries(DASHBOARD_QUERIES):
        _dashboard(client, big, month=6)
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        _dashboard(client, big)


def test_cached_figures_are_reused_until_a_change_commits(
    client, pic, pimpinan, seed_plan, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(pimpinan)
    _dashboard(client, seed_plan)
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        assert 'id="kpi-done">0<' in _dashboard(client, seed_plan).content.decode()
    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            ProgressEntry.objects.create(
                item=row, month=6, percent=100, is_done=True, activity="SK terbit", entered_by=pic, updated_by=pic
            )
            # Until the commit, readers keep the figures they have: the commit may still fail.
            assert cache.get(generation_key(seed_plan.pk)) is not None
    assert len(callbacks) == 1 and cache.get(generation_key(seed_plan.pk)) is None
    with django_assert_num_queries(DASHBOARD_NEW_GENERATION_QUERIES):
        assert 'id="kpi-done">1<' in _dashboard(client, seed_plan).content.decode()
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        assert 'id="kpi-done">1<' in _dashboard(client, seed_plan).content.decode()


def test_a_pics_save_renders_nothing_writes_no_plan_and_the_next_view_is_new(
    client, pic, pimpinan, seed_plan, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """The writer pays one read to find the plan and, after its commit, a look at the generation and its DELETE."""
    leader = Client()
    leader.force_login(pimpinan)
    assert 'id="kpi-done">0<' in _dashboard(leader, seed_plan).content.decode()
    row = ActionItem.objects.filter(pics=pic).order_by("area__order", "number").first()
    client.force_login(pic)
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        response = _save_progress(client, row)
    assert response.status_code == 302
    assert FIGURES_TEMPLATE not in [t.name for t in response.templates]
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if s.startswith('UPDATE "actionplan_plan"')]
    key = f":1:{generation_key(seed_plan.pk)}"
    assert [s.split(" WHERE ")[0] for s in sql if "zi_cache" in s] == [
        'SELECT "cache_key", "value", "expires" FROM "zi_cache"',
        'DELETE FROM "zi_cache"',
    ]
    assert all(f"""IN ('{key}')""" in s for s in sql if "zi_cache" in s)
    # A second save before anyone looked: no generation to end, no cache write.
    second = ActionItem.objects.filter(pics=pic).order_by("area__order", "number")[1]
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        assert _save_progress(client, second).status_code == 302
    assert [q["sql"].split(" WHERE ")[0] for q in queries.captured_queries if "zi_cache" in q["sql"]] == [
        'SELECT "cache_key", "value", "expires" FROM "zi_cache"'
    ]
    with django_assert_num_queries(DASHBOARD_NEW_GENERATION_QUERIES):
        assert 'id="kpi-done">2<' in _dashboard(leader, seed_plan).content.decode()
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        assert 'id="kpi-done">2<' in _dashboard(leader, seed_plan).content.decode()
    # Another language is another key of the same generation: computed once when asked.
    leader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert 'id="kpi-done">2<' in _dashboard(leader, seed_plan).content.decode()


def test_a_refused_or_rolled_back_write_keeps_the_cached_figures(
    client, pic, pimpinan, seed_plan, django_assert_num_queries, django_capture_on_commit_callbacks
):
    leader = Client()
    leader.force_login(pimpinan)
    _dashboard(leader, seed_plan)
    row = ActionItem.objects.filter(pics=pic).first()
    client.force_login(pic)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert _save_progress(client, row, percent=140).status_code == 400
        with pytest.raises(RuntimeError), transaction.atomic():
            ProgressEntry.objects.create(
                item=row, month=row.target_start_month, percent=10, entered_by=pic, updated_by=pic
            )
            raise RuntimeError("the service failed after its write")
    assert callbacks == [] and not ProgressEntry.objects.filter(item=row).exists()
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        assert _dashboard(leader, seed_plan).status_code == 200


def test_a_new_generation_is_random_not_a_counter(seed_plan, django_capture_on_commit_callbacks):
    """A counter restarting at 1 after a lost key could meet figures stored under 1 before."""
    generations = set()
    for _ in range(3):
        generations.add(plan_generation(plan_id=seed_plan.pk))
        assert plan_generation(plan_id=seed_plan.pk) in generations  # kept until a change
        with django_capture_on_commit_callbacks(execute=True):
            seed_plan.save()
    assert len(generations) == 3 and not generations & {0, 1, 2, 3}


def test_every_change_shown_in_the_figures_ends_the_generation(
    pic, seed_plan, django_user_model, django_capture_on_commit_callbacks
):
    """Areas, requirements, sections, the plan and its unit, PIC assignments and names, progress, evidence, targets."""
    from accounts.models import Section
    from actionplan.models import Area, EvidenceRequirement
    from actionplan.targets import item_targets_set
    from evidence.models import Evidence

    row = ActionItem.objects.filter(area__plan=seed_plan).first()
    yearly = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=2)  # Januari – Desember
    other = django_user_model.objects.create_user("baru")
    entry = ProgressEntry(item=row, month=row.target_start_month, percent=10, entered_by=pic, updated_by=pic)
    changes = [
        lambda: Area.objects.filter(plan=seed_plan).first().save(),
        lambda: EvidenceRequirement.objects.create(item=row, order=99, name="Dokumen tambahan"),
        lambda: Section.objects.filter(unit=seed_plan.unit).first().save(),
        lambda: seed_plan.save(),
        lambda: seed_plan.unit.save(),
        lambda: row.pics.add(other),
        lambda: setattr(other, "first_name", "Baru") or other.save(),  # a PIC's name is shown
        lambda: entry.save(),
        lambda: entry.delete(),
        lambda: Evidence.objects.create(requirement=row.requirements.first(), submitted_by=pic),
        lambda: item_targets_set(item=yearly, percents=dict.fromkeys(range(1, 13), 100), by=pic, reason="Awal"),
        lambda: item_targets_set(item=yearly, percents=None, by=pic, reason="Merata"),
    ]
    for change in changes:
        plan_generation(plan_id=seed_plan.pk)
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert cache.get(generation_key(seed_plan.pk)) is None
    plan_generation(plan_id=seed_plan.pk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        other.save(update_fields=["last_login"])  # what a login saves
    assert callbacks == [] and cache.get(generation_key(seed_plan.pk)) is not None


def test_another_plans_change_keeps_this_plans_figures(
    client, pimpinan, seed_plan, other_unit, django_assert_num_queries, django_capture_on_commit_callbacks
):
    other = plan_generate(unit=other_unit, year=2025, items=3)
    client.force_login(pimpinan)
    _dashboard(client, seed_plan)
    with django_capture_on_commit_callbacks(execute=True):
        ActionItem.objects.filter(area__plan=other).first().save()
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        _dashboard(client, seed_plan)


def test_dashboard_warm_computes_figures_ahead_of_the_first_view(
    client, pimpinan, seed_plan, django_assert_num_queries
):
    client.force_login(pimpinan)
    _dashboard(client, seed_plan)
    # A script's bulk update moves figures without a signal; dashboard_warm starts a new generation.
    ActionItem.objects.filter(area__plan=seed_plan).update(target_start_month=1, target_end_month=1)
    out = StringIO()
    call_command("dashboard_warm", stdout=out)
    assert "Computed the figures of 1 plan(s)" in out.getvalue()
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        page = _dashboard(client, seed_plan).content.decode()
    assert 'id="kpi-late">23<' in page
    with pytest.raises(CommandError, match="No plan with id 999"):
        call_command("dashboard_warm", "--plan", "999")


def test_a_reader_whose_lock_holder_died_computes_after_the_lock_expires(client, pimpinan, seed_plan, monkeypatch):
    """A process killed mid-compute leaves its lock behind: the next reader waits it out, then computes."""
    from django.utils import timezone, translation

    from reports import figures
    from zi_tracker import generations

    monkeypatch.setattr(generations, "LOCK_SECONDS", 1)
    version = plan_generation(plan_id=seed_plan.pk)
    key = figures.figures_key(
        plan_id=seed_plan.pk, month=None, today=timezone.localdate(), language=translation.get_language()
    )
    assert cache.add(f"{key}:computing", 1, 1, version=version)  # taken, and never released
    client.force_login(pimpinan)
    response = _dashboard(client, seed_plan)
    assert response.status_code == 200 and 'id="kpi-late">' in response.content.decode()
    assert FIGURES_TEMPLATE in [t.name for t in response.templates]
    assert cache.get(key, version=version) is not None
