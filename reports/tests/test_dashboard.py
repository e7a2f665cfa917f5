"""The dashboard's figures on a hand-built plan (now and as of a month), and its cost at two sizes."""
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, Role
from actionplan.models import ActionItem, ProgressEntry
from actionplan.sample import plan_generate
from evidence.sample import evidence_generate, progress_generate
from reports.selectors import as_of, dashboard

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def test_figures_now(hand_plan):
    board = dashboard(plan=hand_plan, at=as_of(plan=hand_plan, month=None))
    assert board.total == 4
    assert board.status_counts == {"selesai": 1, "berjalan": 0, "terlambat": 3, "belum_dimulai": 0}
    assert board.percent == 47.5  # (100 + 60 + 0 + 30) / 4
    assert (board.req_covered, board.req_total, board.coverage) == (2, 4, 50)
    assert board.waiting_review == 1
    assert [a.coverage for a in board.areas[:4]] == [100, 100, 0, 0]
    assert [a.done for a in board.areas[:4]] == [1, 0, 0, 0]
    assert [i.area.numeral for i in board.late_items] == ["III", "IV", "II"]  # most missing months first
    assert board.late_items[0].missing_months == 12
    assert [p["percent"] for p in board.progress_line][:3] == [6.2, 12.5, 18.8]  # (10+5+0+10)/4 … (30+15+0+30)/4
    assert board.progress_line[11]["percent"] == 47.5


def test_figures_as_of_the_end_of_march(hand_plan):
    board = dashboard(plan=hand_plan, at=as_of(plan=hand_plan, month=3))
    # A, B and D reported January to March; C reported nothing, so it is late.
    assert board.status_counts == {"selesai": 0, "berjalan": 3, "terlambat": 1, "belum_dimulai": 0}
    assert board.percent == 18.8  # (30 + 15 + 0 + 30) / 4 = 18.75
    assert (board.req_covered, board.req_total, board.coverage) == (1, 4, 25)  # B's acceptance came in July
    assert board.waiting_review == 1  # C's file, submitted in March
    assert len(board.progress_line) == 3
    grid_i = board.grid[0]["cells"]
    assert [c["state"] for c in grid_i[:4]] == ["ok", "ok", "ok", "upcoming"]
    grid_iii = board.grid[2]["cells"]
    assert [c["state"] for c in grid_iii[:3]] == ["missing", "missing", "missing"]


def test_figures_as_of_january_see_nothing_later(hand_plan):
    board = dashboard(plan=hand_plan, at=as_of(plan=hand_plan, month=1))
    assert board.status_counts["terlambat"] == 1 and board.status_counts["berjalan"] == 3
    assert board.req_covered == 0 and board.waiting_review == 0


def test_done_row_counts_as_reported_after_it_is_done(hand_plan):
    board = dashboard(plan=hand_plan, at=as_of(plan=hand_plan, month=None))
    assert [c["state"] for c in board.grid[0]["cells"][5:8]] == ["ok", "ok", "ok"]


def test_dashboard_page_shows_the_figures_and_links(client, hand_plan, other_unit, django_user_model):
    leader = django_user_model.objects.create_user("ketua", password="x")
    Membership.objects.create(user=leader, unit=other_unit, role=Role.PIMPINAN)
    client.force_login(leader)
    assert client.get(reverse("home"))["Location"] == reverse("reports:dashboard_home")
    response = client.get(reverse("reports:dashboard", args=[hand_plan.pk]), {"month": 3})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="kpi-late">1<' in html and 'id="kpi-coverage">25%<' in html
    assert f'href="/plans/{hand_plan.pk}/rows/?status=terlambat&amp;month=3"' in html
    rows = client.get(reverse("reports:items", args=[hand_plan.pk]), {"status": "terlambat", "month": 3})
    assert [i.area.numeral for i in rows.context["rows"]] == ["III"]
    # Leadership sees everything read-only: no forms that write.
    assert 'method="post"' not in html.split("</nav>", 1)[1]


def test_as_of_a_future_month_is_refused_with_a_message(client, pimpinan, seed_plan):
    client.force_login(pimpinan)
    response = client.get(reverse("reports:dashboard", args=[seed_plan.pk]), {"month": "13"})
    assert response.status_code == 200 and "Bulan tersebut tidak dapat ditampilkan" in response.content.decode()


def test_other_units_dashboard_is_404(client, outsider, seed_plan):
    client.force_login(outsider)
    assert client.get(reverse("reports:dashboard", args=[seed_plan.pk])).status_code == 404
    assert client.get(reverse("reports:items", args=[seed_plan.pk])).status_code == 404


# Session, user, the user's plans, the shared cache's lookup, the 10 figure queries of
# reports.selectors.dashboard, then storing the fragment (cull count, savepoint, lookup, insert,
# release: the database cache writes inside a transaction).
DASHBOARD_QUERIES = 19
# Session, user, the user's plans: the figures' HTML is this process's copy.
DASHBOARD_CACHED_QUERIES = 3


def test_dashboard_query_count_is_the_same_for_seed_and_a_large_plan(
    client, pimpinan, seed_plan, django_assert_num_queries, django_user_model
):
    client.force_login(pimpinan)
    url = reverse("reports:dashboard", args=[seed_plan.pk])
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert client.get(url).status_code == 200
    big = plan_generate(unit=seed_plan.unit, year=2025, items=500, requirements_per_item=4)
    ActionItem.objects.filter(area__plan=big).update(target_start_month=1, target_end_month=12)
    user = django_user_model.objects.create_user("gen", password="x")
    for item in ActionItem.objects.filter(area__plan=big)[:50]:
        item.pics.add(user)
    assert progress_generate(plan=big, entries=6000, user=user) == 6000
    assert evidence_generate(plan=big, count=20000, uploader=user, reviewer=pimpinan) == 20000
    url = reverse("reports:dashboard", args=[big.pk])
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(url)
    assert response.context["figures"].board.total == 500
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get(url, {"month": 6})


def test_cached_figures_are_reused_until_something_changes(client, pic, pimpinan, seed_plan, django_assert_num_queries):
    client.force_login(pimpinan)
    url = reverse("reports:dashboard", args=[seed_plan.pk])
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get(url)
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        assert 'id="kpi-done">0<' in client.get(url).content.decode()
    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)
    ProgressEntry.objects.create(item=row, month=6, percent=100, is_done=True, activity="SK terbit",
                                 entered_by=pic, updated_by=pic)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert 'id="kpi-done">1<' in client.get(url).content.decode()


def test_a_pic_saving_progress_renders_the_new_figures_before_the_leader_looks(
    client, pic, pimpinan, seed_plan, django_assert_num_queries
):
    """The write pays for the figures, once, so the first view after a change is served from the cache."""
    leader = Client()
    leader.force_login(pimpinan)
    url = reverse("reports:dashboard", args=[seed_plan.pk])
    assert 'id="kpi-done">0<' in leader.get(url).content.decode()
    row = ActionItem.objects.filter(pics=pic).order_by("area__order", "number").first()
    client.force_login(pic)
    response = client.post(reverse("actionplan:item_progress", args=[row.pk]), {
        "month": row.target_start_month, "percent": 100, "is_done": "on", "activity": "Selesai dilaksanakan",
        "obstacles": "", "next_steps": "", "version": 0,
    })
    assert response.status_code == 302
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        page = leader.get(url).content.decode()
    assert 'id="kpi-done">1<' in page
    # Only today's figures in the site's language are rendered ahead; others are computed when asked.
    leader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert 'id="kpi-done">1<' in leader.get(url).content.decode()


def test_a_refused_save_leaves_the_cached_figures_in_place(client, pic, pimpinan, seed_plan, django_assert_num_queries):
    leader = Client()
    leader.force_login(pimpinan)
    url = reverse("reports:dashboard", args=[seed_plan.pk])
    leader.get(url)
    row = ActionItem.objects.filter(pics=pic).first()
    client.force_login(pic)
    response = client.post(reverse("actionplan:item_progress", args=[row.pk]), {
        "month": row.target_start_month, "percent": 140, "activity": "", "obstacles": "", "next_steps": "", "version": 0,
    })
    assert response.status_code == 400
    assert not ProgressEntry.objects.filter(item=row).exists()
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        assert leader.get(url).status_code == 200


def test_figures_stamp_changes_on_every_write_and_is_not_a_counter(pic, seed_plan):
    """A rebuilt database starts from the same fixture; a counter would meet the old cache entries."""
    row = ActionItem.objects.filter(area__plan=seed_plan).first()
    stamps = set()
    for month in (1, 2, 3):
        ProgressEntry.objects.create(item=row, month=month, percent=10 * month, entered_by=pic, updated_by=pic)
        seed_plan.refresh_from_db()
        stamps.add(seed_plan.figures_stamp)
    assert len(stamps) == 3 and not stamps & {0, 1, 2, 3}


def test_another_process_serves_the_figures_from_the_shared_cache(client, pimpinan, seed_plan, django_assert_num_queries):
    """Each gunicorn worker has its own "local" copy; the database cache is the one they share."""
    from django.core.cache import caches

    client.force_login(pimpinan)
    url = reverse("reports:dashboard", args=[seed_plan.pk])
    first = client.get(url).content.decode()
    caches["local"].clear()  # as if the next request landed on another worker
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES + 1):
        again = client.get(url).content.decode()
    figures = lambda page: page[page.index('<div class="row g-3 mb-3 kpis">'):]  # noqa: E731  (past the CSRF tokens)
    assert figures(again) == figures(first) and 'id="kpi-done">0<' in again
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        client.get(url)


def test_dashboard_warm_renders_figures_ahead_of_the_first_view(client, pimpinan, seed_plan, django_assert_num_queries):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("dashboard_warm", stdout=out)
    assert "Rendered the figures of 1 plan(s)" in out.getvalue()
    client.force_login(pimpinan)
    with django_assert_num_queries(DASHBOARD_CACHED_QUERIES):
        page = client.get(reverse("reports:dashboard", args=[seed_plan.pk])).content.decode()
    assert 'id="kpi-done">0<' in page and 'id="kpi-late">' in page
    with pytest.raises(CommandError, match="No plan with id 999"):
        call_command("dashboard_warm", "--plan", "999")


def test_every_change_shown_in_the_figures_gives_the_plan_a_new_stamp(pic, seed_plan, django_user_model):
    """Areas, requirements, sections, the plan itself, PIC assignments, PIC names."""
    from accounts.models import Section
    from actionplan.models import Area, EvidenceRequirement

    def stamp():
        seed_plan.refresh_from_db()
        return seed_plan.figures_stamp

    row = ActionItem.objects.filter(area__plan=seed_plan).first()
    other = django_user_model.objects.create_user("baru")
    changes = [
        lambda: Area.objects.filter(plan=seed_plan).first().save(),
        lambda: EvidenceRequirement.objects.create(item=row, order=99, name="Dokumen tambahan"),
        lambda: Section.objects.filter(unit=seed_plan.unit).first().save(),
        lambda: seed_plan.save(),
        lambda: row.pics.add(other),
        lambda: setattr(other, "first_name", "Baru") or other.save(),  # a PIC's name is shown
        lambda: row.pics.remove(other),
    ]
    for change in changes:
        before = stamp()
        change()
        assert stamp() != before
    before = stamp()
    other.save(update_fields=["last_login"])  # what a login saves
    assert stamp() == before


def test_the_selects_keep_the_chosen_month(client, pimpinan, seed_plan):
    client.force_login(pimpinan)
    page = client.get(reverse("reports:dashboard", args=[seed_plan.pk]), {"month": 3}).content.decode()
    as_of, monev = page.split('id="id_month"')[1], page.split('name="period"')[1]
    assert '<option value="3" selected>Maret 2025</option>' in as_of.split("</select>")[0]
    assert '<option value="3" selected>Maret 2025</option>' in monev.split("</select>")[0]
    assert '<option value="q4">' in monev.split("</select>")[0]
    page = client.get(reverse("reports:dashboard", args=[seed_plan.pk])).content.decode()
    assert '<option value="" selected>Hari ini</option>' in page


def test_a_leader_of_two_units_picks_the_plan(client, pimpinan, seed_plan, other_unit, django_user_model):
    """The picker is outside the cached figures: each user sees their own plans in it."""
    Membership.objects.create(user=pimpinan, unit=other_unit, role=Role.PIMPINAN)
    other = plan_generate(unit=other_unit, year=2025, items=6)
    client.force_login(pimpinan)
    page = client.get(reverse("reports:dashboard", args=[seed_plan.pk])).content.decode()
    picker = page.split('id="plan-form"')[1].split("</form>")[0]
    assert f'<option value="{seed_plan.pk}" selected>KPU Kabupaten Serang · 2025</option>' in picker
    assert f'<option value="{other.pk}">KPU Kota Cilegon · 2025</option>' in picker
    response = client.get(reverse("reports:dashboard_home"), {"plan": other.pk, "month": 3})
    assert response["Location"] == reverse("reports:dashboard", args=[other.pk]) + "?month=3"
    page = client.get(response["Location"]).content.decode()
    assert "Komisi Pemilihan Umum Kota Cilegon" in page and "keadaan per akhir Maret 2025" in page
    # A leader of one unit gets no picker, and the same cached figures as everyone else.
    one_unit = django_user_model.objects.create_user("satu")
    Membership.objects.create(user=one_unit, unit=seed_plan.unit, role=Role.PIMPINAN)
    client.force_login(one_unit)
    assert 'id="plan-form"' not in client.get(reverse("reports:dashboard", args=[seed_plan.pk])).content.decode()


def test_a_request_that_changes_many_rows_finds_their_plans_in_few_queries(seed_plan, django_assert_num_queries):
    """An import or a bulk delete: one lookup per row, more than SQLite takes in one expression."""
    from django.db.models import Q

    from reports.figures import changed_plans

    items = list(ActionItem.objects.filter(area__plan=seed_plan).values_list("pk", flat=True))
    lookups = [Q(areas__items=pk) for pk in items] * 3 + [Q(areas__items=10_000 + n) for n in range(1200)]
    with django_assert_num_queries(13):  # 1,223 distinct lookups, 100 per query
        plans = changed_plans(lookups=lookups)
    assert [p.pk for p in plans] == [seed_plan.pk]
    with django_assert_num_queries(1):
        assert changed_plans(lookups=[Q(pk=seed_plan.pk), Q(pk=seed_plan.pk)]) == [seed_plan]
