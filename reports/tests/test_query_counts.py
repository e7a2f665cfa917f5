"""Leadership's pages and documents cost the same number of queries for the seed plan and a 500-row plan.

Each guard requests its page once before counting (per-process caches), counts it for the
small plan, then for the large one: the same exact number. The docstring of each names the
per-row query it keeps out.
"""

import pytest
from django.urls import reverse

from actionplan.models import ActionItem
from actionplan.sample import plan_generate
from evidence.sample import evidence_generate, progress_generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_plans(seed_plan, pimpinan, penilai):
    """The 23-row seed plan and a 500-row plan of the same unit, both with a year of progress and evidence."""
    big = plan_generate(unit=seed_plan.unit, year=2025, items=500)
    ActionItem.objects.filter(area__plan=big).update(target_start_month=1, target_end_month=12)
    for plan, entries, evidence in ((seed_plan, 60, 30), (big, 3000, 1500)):
        progress_generate(plan=plan, entries=entries, user=pimpinan)
        evidence_generate(plan=plan, count=evidence, uploader=pimpinan, reviewer=penilai)
    return seed_plan, big


def same_count(client, django_assert_num_queries, n, urls, query=None):
    client.get(urls[0], query)
    for url in urls:
        with django_assert_num_queries(n):
            response = client.get(url, query)
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize(
    "query",
    [{}, {"status": "terlambat"}, {"month": 6, "in_month": 6, "unreported": "on"}, {"waiting": "on"}],
    ids=["all", "late", "unreported-in-june", "waiting"],
)
def test_rows_behind_a_figure_cost_the_same_for_23_and_500_rows(
    client, pimpinan, two_plans, query, django_assert_num_queries
):
    """Status, sections and PICs come with the rows (joins and one prefetch), not one query per row."""
    client.force_login(pimpinan)
    urls = [reverse("reports:items", args=[plan.pk]) for plan in two_plans]
    response = same_count(client, django_assert_num_queries, ITEMS_QUERIES, urls, query)
    assert response.context["rows"] or query


ITEMS_QUERIES = 9  # … with the menu's bell (its unread count)


def _meetings(plan, *, recommendations: int, by):
    """Monev meetings of Q1 and Q2 with `recommendations` each, half done with a follow-up file."""
    from datetime import date

    from accounts.models import Section
    from monitoring.models import FollowUpDocument, MonevSession, Recommendation

    section = Section.objects.filter(unit=plan.unit).first()
    for period, held_on in (("q1", date(2025, 4, 5 + plan.pk % 3)), ("q2", date(2025, 7, 5 + plan.pk % 3))):
        session = MonevSession.objects.create(
            plan=plan, period=period, held_on=held_on, attendees="Ketua\nSekretaris", conclusions="A\nB", created_by=by
        )
        for number in range(1, recommendations + 1):
            done = number % 2 == 0
            recommendation = Recommendation.objects.create(
                session=session,
                number=number,
                text=f"Rekomendasi {number}",
                owner_section=section,
                due_on=date(2025, 8, 1),
                status="done" if done else "open",
                follow_up="Sudah" if done else "",
                done_on=date(2025, 7, 1) if done else None,
            )
            if done:
                FollowUpDocument.objects.create(
                    recommendation=recommendation,
                    file="followup/x",
                    original_name="notulen.pdf",
                    size=1,
                    content_type="application/pdf",
                    sha256="0" * 64,
                    uploaded_by=by,
                )


@pytest.mark.parametrize("name", ["monev_pdf", "monev_xlsx"])
def test_monev_costs_the_same_for_23_and_500_rows(
    client, pimpinan, two_plans, name, django_assert_num_queries, settings
):
    """The report's rows, their month's entries and evidence, the meeting's recommendations, the previous
    meeting's and their files are a few set-wide queries, not one per row or recommendation."""
    settings.ZI_EXPORT_BACKGROUND_ROWS = 10_000  # both built here (500 rows would go to the worker)
    small, big = two_plans
    _meetings(small, recommendations=3, by=pimpinan)
    _meetings(big, recommendations=60, by=pimpinan)
    client.force_login(pimpinan)
    urls = [reverse(f"reports:{name}", args=[plan.pk]) for plan in two_plans]
    same_count(client, django_assert_num_queries, MONEV_QUERIES[name], urls, {"period": "q2"})


# … of which 2 choose the signers and find the period's meeting, 5 its recommendations, the previous
# meeting's and their files; the dashboard's figures include the rows behind target (1); and the
# plan's row count decides whether the file is built here or by the worker (exports, issue 16).
MONEV_QUERIES = {"monev_pdf": 27, "monev_xlsx": 27}
