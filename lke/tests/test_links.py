"""Plan rows ↔ LKE sub-indikator: the seed mapping, the coordinator's editor, the gap lists both ways."""

from decimal import Decimal

import pytest
from django.urls import reverse

from actionplan.models import ActionItem
from actionplan.sample import plan_generate
from lke.models import ItemLink, SubIndikator
from lke.selectors import plan_assessment_scored, plan_gaps
from lke.services import seed_links_load
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db


def test_the_seed_mapping_links_every_one_of_the_23_rows_with_a_reason(seed_plan):
    assert seed_links_load() == 25  # 23 rows; III.5 and V.3 serve a Pemenuhan and a Reform sub-indikator each
    links = ItemLink.objects.filter(item__area__plan=seed_plan)
    assert links.values("item").distinct().count() == 23
    assert not links.filter(reason="").exists()
    assert seed_links_load() == 0  # rows already linked are left alone


def test_gaps_after_the_seed_mapping_are_reform_and_hasil(seed_plan):
    """The seed plan covers Pemenuhan but for 4.ii (2,50), 6.iii and 6.v (1,00 each) = 4,50 open;
    of Reform only 3.iii (2,00), 4.ii (1,50) and 5.ii (3,00) are covered: 30 − 6,50 = 23,50 open;
    no row works on Hasil (40). In all 68,00 of 100 points have no row."""
    seed_links_load()
    gaps = plan_gaps(plan=seed_plan, scored=plan_assessment_scored(plan=seed_plan))
    assert gaps.uncovered_weight == {
        "pemenuhan": Decimal("4.5"),
        "reform": Decimal("23.5"),
        "bersih": Decimal("22.5"),
        "prima": Decimal("17.5"),
        "total": Decimal("68"),
    }
    assert [si.numbering for si in gaps.uncovered[:3]] == ["B.I.a", "B.II.a", "B.I.b"]  # heaviest first
    assert gaps.unlinked_rows == []


def test_coordinator_links_a_row_and_the_gap_list_shrinks(client, koordinator, seed_plan):
    item = ActionItem.objects.get(area__plan=seed_plan, area__order=4, number=2)
    client.force_login(koordinator)
    gaps_page = client.get(reverse("lke:gaps", args=[seed_plan.pk])).content.decode()
    target = SubIndikator.objects.get(sub_komponen__key="pemenuhan", area__number=4, code="ii")
    assert f'data-si="{target.pk}"' in gaps_page
    url = reverse("lke:item_links", args=[item.pk])
    form = rendered_form(client.get(url).content.decode(), form_id="links-form")
    response = client.post(url, form_post_data(form, {"sub_indikator": [target.pk], "reason": "LAKIP tepat waktu"}))
    assert response.status_code == 302
    link = ItemLink.objects.get(item=item)
    assert (link.sub_indikator, link.reason) == (target, "LAKIP tepat waktu")
    assert link.history.count() == 1
    gaps_page = client.get(reverse("lke:gaps", args=[seed_plan.pk])).content.decode()
    assert f'data-si="{target.pk}"' not in gaps_page
    # unlinking puts it back
    form = rendered_form(client.get(url).content.decode(), form_id="links-form")
    client.post(url, form_post_data(form, {"sub_indikator": None}))
    assert not ItemLink.objects.filter(item=item).exists()


def test_only_the_coordinator_links_and_only_their_office(client, pic, outsider, seed_plan):
    item = ActionItem.objects.get(area__plan=seed_plan, area__order=1, number=1)
    client.force_login(pic)
    assert client.get(reverse("lke:item_links", args=[item.pk])).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("lke:item_links", args=[item.pk])).status_code == 404
    assert client.get(reverse("lke:gaps", args=[seed_plan.pk])).status_code == 404


@pytest.mark.parametrize("rows", [3, 120])
def test_gaps_cost_the_same_at_3_and_120_rows(serang, django_assert_num_queries, rows):
    """Sub-indikator, the plan's links, its rows: 3 queries, after the score's 7 (no assessment yet:
    its lookup, an earlier year's Menuju WBK, the version in force, the catalogue's 4), at any size."""
    plan = plan_generate(unit=serang, year=2030, items=rows)
    for item in ActionItem.objects.filter(area__plan=plan)[:2]:
        ItemLink.objects.create(item=item, sub_indikator=SubIndikator.objects.first())
    with django_assert_num_queries(7 + 3):
        scored = plan_assessment_scored(plan=plan)
        gaps = plan_gaps(plan=plan, scored=scored)
    assert len(gaps.unlinked_rows) == rows - 2
