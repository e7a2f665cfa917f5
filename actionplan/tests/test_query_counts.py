"""Plan pages, exports and admin cost the same number of queries for a small and a large plan (or set of plans).

Each guard requests its page once before counting (per-process caches: content types, the menu),
counts it at the small size, grows the data, and counts again: the same exact number. The
docstring of each says which per-row (or per-plan) query it keeps out.
"""

import re

import pytest
from django.urls import reverse

from actionplan.models import ActionItem, Area, EvidenceRequirement, Plan, ProgressEntry
from actionplan.sample import plan_generate
from actionplan.tests.test_views_plan import CACHE_WRITE, PLAN_PAGE_FIRST_QUERIES, PLAN_PAGE_QUERIES
from evidence.models import Evidence

pytestmark = pytest.mark.django_db


def plans_generate(unit, count: int, *, first_year: int = 2030) -> list[Plan]:
    """`count` small plans (6 rows, 2 documents each) of one unit, a year apart."""
    return [plan_generate(unit=unit, year=first_year + n, items=6) for n in range(count)]


def counted(client, url, n, django_assert_num_queries, status=200):
    with django_assert_num_queries(n):
        response = client.get(url)
    assert response.status_code == status
    return response


def test_plan_list_costs_the_same_for_1_and_40_plans(client, pic, serang, django_assert_num_queries):
    """Each plan names its unit: joined in, not one query per plan."""
    client.force_login(pic)
    url = reverse("actionplan:plan_list")
    client.get(url)
    counted(client, url, 6, django_assert_num_queries)  # 5 and the menu's bell
    plans_generate(serang, 39)
    response = counted(client, url, 6, django_assert_num_queries)
    assert len(response.context["plans"]) == 40


def test_month_page_costs_the_same_for_6_and_600_rows(client, koordinator, seed_plan, django_assert_num_queries):
    """Entry counts per month are one GROUP BY and closures one join, not a query per row or month."""
    client.force_login(koordinator)
    sizes = {}
    for year, items in ((2026, 6), (2027, 600)):
        plan = plan_generate(unit=seed_plan.unit, year=year, items=items)
        rows = ActionItem.objects.filter(area__plan=plan)
        ProgressEntry.objects.bulk_create(
            ProgressEntry(item=r, month=m, percent=10, entered_by=koordinator, updated_by=koordinator)
            for r in rows
            for m in (1, 2)
        )
        sizes[items] = reverse("actionplan:plan_months", args=[plan.pk])
    client.get(sizes[6])
    counted(client, sizes[6], 9, django_assert_num_queries)  # 8 and the menu's bell
    response = counted(client, sizes[600], 9, django_assert_num_queries)
    assert response.context["months"][0]["entries"] == 600


@pytest.mark.parametrize("name", ["plan_lampiran_xlsx", "plan_decree_pdf"])
def test_lampiran_xlsx_and_decree_pdf_cost_the_same_for_6_and_120_rows(
    client, pic, seed_plan, name, django_assert_num_queries
):
    """Areas, rows and their requirements are each one query, whatever the number of rows."""
    client.force_login(pic)
    small = plan_generate(unit=seed_plan.unit, year=2026, items=6)
    client.get(reverse(f"actionplan:{name}", args=[small.pk]))
    with django_assert_num_queries(QUERIES[name]):
        assert client.get(reverse(f"actionplan:{name}", args=[small.pk])).status_code == 200
    big = plan_generate(unit=seed_plan.unit, year=2027, items=120)
    with django_assert_num_queries(QUERIES[name]):
        assert client.get(reverse(f"actionplan:{name}", args=[big.pk])).status_code == 200


QUERIES = {"plan_lampiran_xlsx": 7, "plan_decree_pdf": 8}


# Admin, as the unit's coordinator (the scoped path: capability lookup, scoped querysets and choices).
ADMIN_LIST_QUERIES = {
    # session, user, capability roles, counts, rows (with their joins), the filters' choices, …
    "actionplan_plan": 10,
    "actionplan_area": 9,
    "actionplan_actionitem": 11,
    "actionplan_evidencerequirement": 10,
    "evidence_evidence": 10,
}


@pytest.fixture
def staff_koordinator(koordinator):
    koordinator.is_staff = True
    koordinator.save()
    return koordinator


def with_evidence(plans, user):
    Evidence.objects.bulk_create(
        Evidence(requirement=r, submitted_by=user)
        for r in EvidenceRequirement.objects.filter(item__area__plan__in=plans)
    )


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", password="x")


@pytest.mark.parametrize("who", ["staff_koordinator", "root"])
@pytest.mark.parametrize("name", list(ADMIN_LIST_QUERIES))
def test_admin_list_costs_the_same_for_4_and_104_plans(
    client, staff_koordinator, serang, name, who, request, django_assert_num_queries
):
    """The sidebar's plan filter names each plan by its unit: one query for all, not one per plan (issue 12)."""
    client.force_login(request.getfixturevalue(who))
    with_evidence(plans_generate(serang, 3), staff_koordinator)
    url = reverse(f"admin:{name}_changelist")
    client.get(url)
    expected = ADMIN_LIST_QUERIES[name] - (ROOT_SAVES if who == "root" else 0)
    counted(client, url, expected, django_assert_num_queries)
    with_evidence(plans_generate(serang, 100, first_year=2040), staff_koordinator)
    response = counted(client, url, expected, django_assert_num_queries)
    assert response.context["cl"].result_count > 100


ROOT_SAVES = 3  # a superuser's page skips the capability lookups


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_admin_area_change_page_costs_the_same_for_4_and_400_rows(
    client, staff_koordinator, serang, django_assert_num_queries
):
    """An area's rows are inlines with a section select and a PIC list each: their choices load once (issue 12: 2 per row)."""
    client.force_login(staff_koordinator)
    small = Area.objects.filter(plan=plan_generate(unit=serang, year=2030, items=24)).first()
    client.get(change_url(small))
    counted(client, change_url(small), 9, django_assert_num_queries)
    big = Area.objects.filter(plan=plan_generate(unit=serang, year=2031, items=2400)).first()
    response = counted(client, change_url(big), 9, django_assert_num_queries)
    assert response.content.decode().count('name="items-') > 400 * 5


@pytest.mark.parametrize("model", [Plan, ActionItem, EvidenceRequirement, Evidence])
def test_admin_change_pages_cost_the_same_for_4_and_104_plans(
    client, staff_koordinator, serang, model, django_assert_num_queries
):
    """Scoped choices (plans, areas, sections, members) are one query each, not one per plan or row."""
    client.force_login(staff_koordinator)
    plans = plans_generate(serang, 3)
    with_evidence(plans, staff_koordinator)
    obj = model.objects.order_by("pk").last()
    client.get(change_url(obj))
    counted(client, change_url(obj), CHANGE_QUERIES[model.__name__], django_assert_num_queries)
    with_evidence(plans_generate(serang, 100, first_year=2040), staff_koordinator)
    counted(client, change_url(obj), CHANGE_QUERIES[model.__name__], django_assert_num_queries)


CHANGE_QUERIES = {"Plan": 10, "ActionItem": 12, "EvidenceRequirement": 7, "Evidence": 10}


def row_ids(html: str) -> list[str]:
    return re.findall(r'<tr id="item-(\d+)">', html)


def test_a_large_plan_lists_its_areas_and_opens_one_at_a_time(client, pic, seed_plan, django_assert_num_queries):
    """Beyond 300 rows the page lists areas with their counts (no row or requirement query); an area opens whole.

    The collapsed page costs the same at 400 rows and at 2,400; one area of the 2,400-row plan
    costs what the seed plan's whole page does, and the filter's look-up of the area.
    """
    client.force_login(pic)
    seed_url = reverse("actionplan:plan_detail", args=[seed_plan.pk])
    with django_assert_num_queries(PLAN_PAGE_FIRST_QUERIES):
        seed_page = client.get(seed_url).content.decode()
    assert len(row_ids(seed_page)) == 23 and 'id="areas-collapsed"' not in seed_page
    for year, items in ((2026, 400), (2027, 2400)):
        plan = plan_generate(unit=seed_plan.unit, year=year, items=items)
        with django_assert_num_queries(PLAN_PAGE_FIRST_QUERIES - 2):  # no row or requirement query
            html = client.get(reverse("actionplan:plan_detail", args=[plan.pk])).content.decode()
        assert row_ids(html) == [] and 'id="areas-collapsed"' in html
        assert f"Tampilkan {items // 6} baris" in html
    area = plan.areas.order_by("order").first()
    # The filter form finds the area; the plan's generation is already started; a table of its own.
    with django_assert_num_queries(PLAN_PAGE_FIRST_QUERIES - CACHE_WRITE + 1):
        html = client.get(reverse("actionplan:plan_detail", args=[plan.pk]), {"area": area.pk}).content.decode()
    assert len(row_ids(html)) == 400 and 'id="areas-collapsed"' not in html
    with django_assert_num_queries(PLAN_PAGE_QUERIES + 1):
        again = client.get(reverse("actionplan:plan_detail", args=[plan.pk]), {"area": area.pk}).content.decode()
    assert row_ids(again) == row_ids(html)


def test_my_work_shows_a_page_of_a_long_list(client, pic, seed_plan):
    """A PIC of 120 more late rows sees 10 in the card, 50 in the table, and pages through the rest."""
    plan = plan_generate(unit=seed_plan.unit, year=2024, items=120)  # over and not done: every row is late
    for item in ActionItem.objects.filter(area__plan=plan):
        item.pics.add(pic)
    client.force_login(pic)
    url = reverse("actionplan:my_work")
    response = client.get(url)
    html = response.content.decode()
    late = html[html.index('id="late"') : html.index('id="sent-back"')]
    assert late.count('class="list-group-item') == 10 and "?list=late" in late
    assert response.context["late_count"] >= 120
    assert html.count("<tr><td>") == 50 and "dari 3" in html
    third = client.get(url, {"list": "late", "page": 3})
    assert third.content.decode().count("<tr><td>") == response.context["late_count"] - 100
