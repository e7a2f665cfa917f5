"""The figures' cache under concurrency, on PostgreSQL with real connections (one per thread).

Two PICs saving rows of one plan must never wait on each other (the old cache updated the plan's
row in every write, so the second waited for the first to commit), and eight leaders opening a
cold dashboard at once must compute it once.
"""

import threading

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse

from accounts.models import Membership, Role
from actionplan.models import ActionItem, ProgressEntry
from actionplan.sample import plan_generate
from actionplan.services import progress_save
from evidence.models import Evidence
from evidence.services import evidence_submit
from reports.figures import FIGURES_TEMPLATE
from zi_tracker.generations import generation_key, plan_generation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason=(
            "needs PostgreSQL: SQLite's in-memory test database is one shared-cache connection whose "
            "writers lock whole tables, so row-level waiting cannot be shown there"
        ),
    ),
]
# How long the second writer may wait for a lock before PostgreSQL refuses (LockNotAvailable): the
# first writer keeps its transaction open until the second has finished, so any wait at all is a
# failure, never a slow pass.
LOCK_TIMEOUT = "3s"


@pytest.fixture(autouse=True)
def _cache_table_emptied():
    """A transactional test commits: the cache table (not a model's, so not flushed) is emptied here."""
    yield
    cache.clear()


def _in_thread(target, *args):
    errors = []

    def run():
        try:
            target(*args)
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def _pdf(name: str) -> SimpleUploadedFile:
    # The name in the bytes too: identical files to one requirement are one evidence (idempotent upload).
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n%" + name.encode() + b"\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    )


@pytest.mark.parametrize("first_write", ["progress", "upload"])
def test_two_pics_saving_rows_of_one_plan_never_wait_on_each_other(first_write, seed_plan, pic, django_user_model):
    first_row, second_row = ActionItem.objects.filter(pics=pic).order_by("area__order", "number")[:2]
    other = django_user_model.objects.create_user("rina")
    Membership.objects.create(user=other, unit=seed_plan.unit, role=Role.PIC)
    second_row.pics.set([other])
    generation = plan_generation(plan_id=seed_plan.pk)  # a leader has looked: a generation to end
    first_done, second_done = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            if first_write == "progress":
                progress_save(
                    item=first_row, month=first_row.target_start_month, data={"percent": 40}, base_version=0, by=pic
                )
            else:
                evidence_submit(
                    requirement=first_row.requirements.first(),
                    uploads=[_pdf(f"{n}.pdf") for n in "abc"],
                    month=None,
                    by=pic,
                )
            first_done.set()
            # Stays open, holding whatever the first write locked, until the second has saved.
            assert second_done.wait(timeout=20), "the second PIC's save did not finish"

    def second():
        assert first_done.wait(timeout=20)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            progress_save(
                item=second_row, month=second_row.target_start_month, data={"percent": 60}, base_version=0, by=other
            )
        second_done.set()

    threads = [_in_thread(first), _in_thread(second)]
    for thread, _errors in threads:
        thread.join(timeout=60)
    errors = [error for _thread, found in threads for error in found]
    assert not errors, errors
    assert ProgressEntry.objects.filter(item=second_row, percent=60).exists()
    assert (
        ProgressEntry.objects.filter(item=first_row).exists()
        if first_write == "progress"
        else Evidence.objects.filter(requirement__item=first_row).count() == 3
    )
    # Both commits ended the generation the leader had seen; the plan's row was never written.
    assert cache.get(generation_key(seed_plan.pk)) is None
    assert plan_generation(plan_id=seed_plan.pk) != generation


def test_eight_leaders_opening_a_cold_dashboard_compute_it_once(seed_plan, django_user_model):
    plan = plan_generate(unit=seed_plan.unit, year=2026, items=300, requirements_per_item=3)  # a compute worth racing
    leaders = []
    for n in range(8):
        user = django_user_model.objects.create_user(f"ketua{n}")
        Membership.objects.create(user=user, unit=plan.unit, role=Role.PIMPINAN)
        client = Client()
        client.force_login(user)
        leaders.append(client)
    url = reverse("reports:dashboard", args=[plan.pk])
    renders, pages = [], []
    start = threading.Barrier(len(leaders))

    def count(sender, template, **kwargs):
        if template.name == FIGURES_TEMPLATE:
            renders.append(template.name)

    def look(client):
        start.wait(timeout=20)
        response = client.get(url)
        assert response.status_code == 200
        pages.append(response.content.decode())

    template_rendered.connect(count)
    try:
        threads = [_in_thread(look, client) for client in leaders]
        for thread, _errors in threads:
            thread.join(timeout=120)
    finally:
        template_rendered.disconnect(count)
    errors = [error for _thread, found in threads for error in found]
    assert not errors, errors
    assert len(pages) == 8 and len(renders) == 1
    figures = {page[page.index('kpis">') : page.index("</main>")] for page in pages}  # the figures' part
    assert len(figures) == 1 and 'id="kpi-late">' in figures.pop()
