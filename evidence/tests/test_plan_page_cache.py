"""The plan page's table (filter, counts, Lampiran) is cached per plan generation: every change shows at once.

Each write through the pages ends the plan's generation after its commit (reports.signals), so
the next view computes the table anew. Edit mode is per user and never cached; another plan,
another filter or another language is another entry.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from actionplan.models import ActionItem
from actionplan.sample import plan_generate
from actionplan.tests.test_progress import post_progress
from actionplan.tests.test_views_item import edit_data
from evidence.models import Evidence
from evidence.tests.conftest import file, make_pdf, upload
from evidence.tests.test_review import review

pytestmark = pytest.mark.django_db


def plan_page(client, plan, **query) -> str:
    response = client.get(reverse("actionplan:plan_detail", args=[plan.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def row_cell(html: str, item: ActionItem) -> str:
    start = html.index(f'<tr id="item-{item.pk}">')
    return html[start : html.index("</tr>", start)]


def test_a_progress_save_shows_on_the_next_view(client, pic, open_row, django_capture_on_commit_callbacks):
    client.force_login(pic)
    before = row_cell(plan_page(client, open_row.area.plan), open_row)
    assert "Selesai" not in before
    assert row_cell(plan_page(client, open_row.area.plan), open_row) == before  # cached
    with django_capture_on_commit_callbacks(execute=True):
        response = post_progress(client, open_row, month=5, percent=100, is_done="on", activity="Rencana disusun")
    assert response.status_code == 302
    assert "Selesai" in row_cell(plan_page(client, open_row.area.plan), open_row)


def test_an_accepted_document_counts_on_the_next_view(
    client, pic, penilai, pic_row, seed_plan, django_capture_on_commit_callbacks
):
    client.force_login(penilai)
    assert "0/2" in row_cell(plan_page(client, seed_plan), pic_row)
    client.force_login(pic)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, pic_row, file("Undangan.pdf", make_pdf()))
    client.force_login(penilai)
    assert "0/2" in row_cell(plan_page(client, seed_plan), pic_row)  # submitted, not yet accepted
    with django_capture_on_commit_callbacks(execute=True):
        assert review(client, Evidence.objects.get(), "diterima").status_code == 302
    html = plan_page(client, seed_plan)
    assert "1/2" in row_cell(html, pic_row)
    assert re.search(r"Bukti fisik: 1 dari \d+ dokumen", html)


def test_a_row_edit_shows_on_the_next_view(client, pic, koordinator, seed_plan, django_capture_on_commit_callbacks):
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="II", number=1)
    client.force_login(pic)
    plan_page(client, seed_plan)
    client.force_login(koordinator)
    data = edit_data(item, langkah_aksi="Langkah aksi yang diperbarui")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("actionplan:item_edit", args=[item.pk]), data)
    assert response.status_code == 302
    client.force_login(pic)
    assert "Langkah aksi yang diperbarui" in row_cell(plan_page(client, seed_plan), item)


def test_edit_mode_is_never_cached_nor_served_to_others(client, pic, koordinator, seed_plan):
    client.force_login(koordinator)
    editing = plan_page(client, seed_plan, edit="1")
    assert 'id="plan-checks"' in editing and "/move/" in editing
    client.force_login(pic)
    for query in ({}, {"edit": "1"}):
        html = plan_page(client, seed_plan, **query)
        assert "/move/" not in html and 'id="plan-checks"' not in html


def test_each_plan_filter_and_language_has_its_own_table(client, pic, outsider, seed_plan, other_unit):
    other = plan_generate(unit=other_unit, year=2025, items=6)
    client.force_login(pic)
    whole = plan_page(client, seed_plan)
    area = seed_plan.areas.order_by("order").first()
    one_area = plan_page(client, seed_plan, area=area.pk)
    assert whole.count('<tr id="item-') == 23 and one_area.count('<tr id="item-') == area.items.count()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "23 rows." in plan_page(client, seed_plan)
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert "23 kegiatan." in plan_page(client, seed_plan)
    client.force_login(outsider)
    html = plan_page(client, other)
    assert html.count('<tr id="item-') == 6 and not any(f'id="item-{pk}"' in html for pk in _pks(seed_plan))
    assert client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk])).status_code == 404


def _pks(plan) -> list[int]:
    return list(ActionItem.objects.filter(area__plan=plan).values_list("pk", flat=True))


def test_only_a_filter_in_its_canonical_spelling_is_cached(client, pic, seed_plan):
    """?area=05 finds area 5 but selects no option: computed for its reader, never stored for ?area=5's."""
    area = seed_plan.areas.order_by("order").last()
    client.force_login(pic)
    odd = plan_page(client, seed_plan, area=f"0{area.pk}")
    assert f'<option value="{area.pk}" selected>' not in odd
    assert f'<option value="{area.pk}" selected>' in plan_page(client, seed_plan, area=str(area.pk))


def test_an_area_opened_from_edit_mode_stays_in_it(client, koordinator, seed_plan):
    big = plan_generate(unit=seed_plan.unit, year=2026, items=400)
    big.status = big.Status.DITETAPKAN
    big.save()
    client.force_login(koordinator)
    html = plan_page(client, big, edit="1")
    links = re.findall(r'<tr class="area-closed"><td colspan="6"><a href="\?([^"]+)"', html)
    assert len(links) == 6 and all("edit=1" in link for link in links)
    assert all("edit=1" not in link for link in re.findall(r'area-closed.*?href="\?([^"]+)"', plan_page(client, big)))
