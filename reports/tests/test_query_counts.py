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


@pytest.mark.parametrize("name", ["monev_pdf", "monev_xlsx"])
def test_monev_costs_the_same_for_23_and_500_rows(client, pimpinan, two_plans, name, django_assert_num_queries):
    """The report's rows, their month's entries and evidence are a few set-wide queries, not one per row."""
    client.force_login(pimpinan)
    urls = [reverse(f"reports:{name}", args=[plan.pk]) for plan in two_plans]
    same_count(client, django_assert_num_queries, MONEV_QUERIES[name], urls, {"period": "q2"})


MONEV_QUERIES = {"monev_pdf": 18, "monev_xlsx": 18}
