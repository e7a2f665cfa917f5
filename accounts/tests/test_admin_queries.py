"""Admin list and change pages cost the same number of queries at 6 rows and at 60 (no query per row).

The coordinator's path is the expensive one (scoped querysets, capability lookup, scoped choices);
each page is requested once before counting so that per-process caches (content types) are warm.
"""

import pytest
from django.urls import reverse

from actionplan.models import Area, Plan
from actionplan.sample import plan_generate
from evidence.models import Evidence, EvidenceRequirement

pytestmark = pytest.mark.django_db

LIST_QUERIES = {
    # session, user, capability roles, count, rows (+ their joins), and what the page shows around them
    "actionplan_plan": 10,
    "actionplan_area": 9,
    "actionplan_actionitem": 11,
    "actionplan_evidencerequirement": 10,
    "evidence_evidence": 10,
    "accounts_unit": 9,
    "accounts_section": 9,
    "accounts_membership": 10,
    "auth_user": 8,
}


@pytest.fixture(params=[6, 60], ids=["6-rows", "60-rows"])
def big_plan(request, koordinator, serang):
    """The seed plan plus a generated plan of 6 or 60 rows (with evidence) in the same unit."""
    koordinator.is_staff = True
    koordinator.save()
    plan = plan_generate(unit=serang, year=2030, items=request.param)
    Evidence.objects.bulk_create(
        Evidence(requirement=r, submitted_by=koordinator)
        for r in EvidenceRequirement.objects.filter(item__area__plan=plan)
    )
    return plan


@pytest.mark.parametrize("name", list(LIST_QUERIES))
def test_admin_list_page_queries(client, koordinator, big_plan, name, django_assert_num_queries):
    client.force_login(koordinator)
    url = reverse(f"admin:{name}_changelist")
    client.get(url)
    with django_assert_num_queries(LIST_QUERIES[name]):
        assert client.get(url).status_code == 200


def test_area_change_page_queries(client, koordinator, big_plan, django_assert_num_queries):
    """One area's rows are inlines with a section select each: its choices load once, not per row."""
    client.force_login(koordinator)
    area = Area.objects.filter(plan=big_plan).order_by("order").first()
    url = reverse("admin:actionplan_area_change", args=[area.pk])
    client.get(url)
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


def test_plan_change_page_queries(client, koordinator, big_plan, django_assert_num_queries):
    client.force_login(koordinator)
    url = reverse("admin:actionplan_plan_change", args=[Plan.objects.get(pk=big_plan.pk).pk])
    client.get(url)
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
