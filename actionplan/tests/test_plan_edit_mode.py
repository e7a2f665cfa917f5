"""The plan page's edit mode: an enacted plan shows the authoring controls and plan checks only when asked.

They cost two thirds of the coordinator's page (issue 12: the plan page within 10x /healthz/);
a draft is being written, so it always shows them.
"""

import re

import pytest
from django.urls import reverse

from actionplan.models import Plan
from actionplan.sample import plan_generate
from actionplan.tests.test_views_plan import PLAN_PAGE_QUERIES, PLAN_TABLE_QUERIES

pytestmark = pytest.mark.django_db

MOVE_FORM = re.compile(r'<form method="post" action="/items/\d+/move/">')
# The plan page without its cache (test_views_plan: the authoring controls are per user), plus the
# plan checks' three (test_import) in edit mode.
EDIT_MODE_QUERIES = PLAN_PAGE_QUERIES - 2 + PLAN_TABLE_QUERIES + 3


def plan_page(client, plan, **query):
    response = client.get(reverse("actionplan:plan_detail", args=[plan.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_an_enacted_plan_opens_without_the_controls(client, koordinator, seed_plan):
    assert seed_plan.status == Plan.Status.DITETAPKAN
    client.force_login(koordinator)
    html = plan_page(client, seed_plan)
    assert not MOVE_FORM.search(html)
    assert 'id="plan-checks"' not in html
    assert 'id="edit-mode"' in html and "?edit=1" in html
    assert 'id="authoring"' in html  # decree, add area, copy, history stay one click away


def test_edit_mode_shows_every_rows_controls_and_the_checks(client, koordinator, seed_plan):
    client.force_login(koordinator)
    html = plan_page(client, seed_plan, edit="1")
    assert len(MOVE_FORM.findall(html)) == 2 * 23  # up and down on each row
    assert len(re.findall(r'href="/areas/\d+/items/new/"', html)) == 6
    assert 'id="plan-checks"' in html
    assert 'id="edit-done"' in html and 'id="edit-mode"' not in html


def test_filtering_keeps_edit_mode(client, koordinator, seed_plan):
    client.force_login(koordinator)
    html = plan_page(client, seed_plan, edit="1")
    assert '<input type="hidden" name="edit" value="1"' in html  # in the filter form
    area = seed_plan.areas.order_by("order").first()
    html = plan_page(client, seed_plan, edit="1", area=area.pk)
    assert len(MOVE_FORM.findall(html)) == 2 * area.items.count()


@pytest.mark.parametrize("who", ["pic", "pimpinan", "penilai"])
def test_edit_mode_is_nothing_for_those_who_cannot_author(client, seed_plan, who, request):
    client.force_login(request.getfixturevalue(who))
    html = plan_page(client, seed_plan, edit="1")
    assert not MOVE_FORM.search(html)
    assert 'id="plan-checks"' not in html and 'id="edit-mode"' not in html
    assert 'name="edit"' not in html


def test_a_draft_always_shows_the_controls(client, koordinator, serang):
    draft = plan_generate(unit=serang, year=2027, items=6)
    draft.status = Plan.Status.DRAFT
    draft.save(update_fields=["status"])
    client.force_login(koordinator)
    html = plan_page(client, draft)
    assert len(MOVE_FORM.findall(html)) == 2 * 6
    assert 'id="plan-checks"' in html and 'id="edit-mode"' not in html


def test_authoring_returns_to_edit_mode(client, koordinator, seed_plan):
    client.force_login(koordinator)
    item = seed_plan.areas.order_by("order").first().items.order_by("number").first()
    response = client.post(reverse("actionplan:item_move", args=[item.pk]), {"direction": "1", "reason": "urutan"})
    assert response.status_code == 302
    assert response["Location"] == reverse("actionplan:plan_detail", args=[seed_plan.pk]) + f"?edit=1#item-{item.pk}"


def test_edit_mode_costs_the_same_for_23_and_230_rows(client, koordinator, seed_plan, django_assert_num_queries):
    client.force_login(koordinator)
    with django_assert_num_queries(EDIT_MODE_QUERIES):
        plan_page(client, seed_plan, edit="1")
    big = plan_generate(unit=seed_plan.unit, year=2026, items=230, requirements_per_item=3)
    with django_assert_num_queries(EDIT_MODE_QUERIES):
        html = plan_page(client, big, edit="1")
    assert len(MOVE_FORM.findall(html)) == 2 * 230
