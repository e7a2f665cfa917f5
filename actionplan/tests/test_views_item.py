"""One row's page and the coordinator's row editor, with the messages bad input gets."""

import pytest
from django.urls import reverse

from actionplan.models import ActionItem
from actionplan.sample import plan_generate

pytestmark = pytest.mark.django_db

# Session, user, the row with status and area/plan/unit/section, its PICs, progress (its own
# monthly targets only if it has them: one more), user's roles, closed months; history: row
# history, PIC history, progress history, target history (the unit's sections only when a change
# names one); evidence: requirements, their documents (with revisions and reviews once there are any).
ITEM_PAGE_QUERIES = 15  # … the menu's capabilities across the user's units, and the bell's unread count


def row(plan, code):
    numeral, number = code.split(".")
    return ActionItem.objects.get(area__plan=plan, area__numeral=numeral, number=int(number))


def edit_data(item, **changes):
    data = {
        "area": item.area_id,
        "number": item.number,
        "komponen": item.komponen,
        "indikator": item.indikator,
        "langkah_aksi": item.langkah_aksi,
        "bukti_fisik": item.bukti_fisik,
        "target_start_month": item.target_start_month,
        "target_end_month": item.target_end_month,
        "target_year": item.target_year,
        "target_text": item.target_text,
        "section": item.section_id or "",
        "decree_note": item.decree_note,
        "reason": "Perubahan keputusan",
    }
    data.update(changes)
    return data


def test_item_page_shows_the_full_row(client, pic, seed_plan):
    item = row(seed_plan, "I.3")
    client.force_login(pic)
    response = client.get(reverse("actionplan:item_detail", args=[item.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Pemantauan dan Evaluasi",
        "Rapat Evaluasi",
        "Undangan Rapat, Daftar Hadir,",
        "Januari - Desember 2025",
    ]:
        assert text in html
    # 2025 is over and nothing was reported: all twelve target months show as missing.
    assert html.count('class="state-missing"') == 12


def test_item_page_shows_the_decree_note(client, pic, seed_plan):
    client.force_login(pic)
    html = client.get(reverse("actionplan:item_detail", args=[row(seed_plan, "V.2").pk])).content.decode()
    assert "KPU Kota Tangerang" in html and "Dugaan kesalahan" in html


def test_item_outside_scope_is_404(client, outsider, seed_plan):
    client.force_login(outsider)
    item = row(seed_plan, "I.1")
    assert client.get(reverse("actionplan:item_detail", args=[item.pk])).status_code == 404
    assert client.get(reverse("actionplan:item_edit", args=[item.pk])).status_code == 404
    assert client.get(reverse("actionplan:item_detail", args=[999999])).status_code == 404


def test_item_page_query_count_is_the_same_for_seed_and_10x_plan(client, pic, seed_plan, django_assert_num_queries):
    client.force_login(pic)
    url = reverse("actionplan:item_detail", args=[row(seed_plan, "III.1").pk])
    with django_assert_num_queries(ITEM_PAGE_QUERIES):
        client.get(url)
    big = plan_generate(unit=seed_plan.unit, year=2026, items=230, requirements_per_item=5)
    item = big.areas.get(numeral="III").items.order_by("number").last()
    item.pics.add(pic)
    with django_assert_num_queries(ITEM_PAGE_QUERIES):
        response = client.get(reverse("actionplan:item_detail", args=[item.pk]))
    assert response.status_code == 200


def test_coordinator_edits_a_row(client, koordinator, seed_plan):
    item = row(seed_plan, "I.1")
    client.force_login(koordinator)
    response = client.post(
        reverse("actionplan:item_edit", args=[item.pk]),
        edit_data(item, langkah_aksi="Menyusun keanggotaan Tim Kerja ZI"),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.langkah_aksi == "Menyusun keanggotaan Tim Kerja ZI"
    # The fixture loaded without history: the save records the row as enacted, then its change.
    baseline, change = item.history.order_by("history_id")
    assert baseline.langkah_aksi != change.langkah_aksi == "Menyusun keanggotaan Tim Kerja ZI"
    assert (change.history_user, change.history_change_reason) == (koordinator, "Perubahan keputusan")


@pytest.mark.parametrize("user", ["pic", "pimpinan", "penilai"])
def test_only_the_coordinator_may_edit(client, seed_plan, user, request):
    item = row(seed_plan, "I.1")
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("actionplan:item_edit", args=[item.pk])).status_code == 403
    assert (
        client.post(reverse("actionplan:item_edit", args=[item.pk]), edit_data(item, komponen="X")).status_code == 403
    )
    item.refresh_from_db()
    assert item.komponen == "Pembentukan Tim Kerja"


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"target_start_month": 7, "target_end_month": 3},
            "target_end_month",
            "Bulan akhir target tidak boleh sebelum bulan mulai.",
        ),
        ({"number": 2}, None, "Area ini sudah memiliki kegiatan dengan nomor tersebut."),
        ({"komponen": "   "}, "komponen", "tidak boleh kosong"),
        ({"target_end_month": 13}, "target_end_month", "Masukkan pilihan yang valid"),
    ],
)
def test_bad_row_is_refused_with_an_indonesian_message(client, koordinator, seed_plan, changes, field, message):
    item = row(seed_plan, "I.1")
    client.force_login(koordinator)
    response = client.post(reverse("actionplan:item_edit", args=[item.pk]), edit_data(item, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    item.refresh_from_db()
    assert (item.number, item.komponen, item.target_end_month) == (1, "Pembentukan Tim Kerja", 6)


def test_other_units_area_cannot_be_chosen(client, koordinator, seed_plan, other_unit):
    other = plan_generate(unit=other_unit, year=2025, items=6)
    item = row(seed_plan, "I.1")
    client.force_login(koordinator)
    response = client.post(
        reverse("actionplan:item_edit", args=[item.pk]), edit_data(item, area=other.areas.first().pk, number=50)
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.area.plan_id == seed_plan.pk


def test_a_row_written_in_bulk_has_no_pic_history_to_read(seed_plan, pic, django_assert_num_queries):
    """The seed, an import and a copy write rows in bulk, without history: the PIC history is not asked for."""
    from actionplan.selectors import item_history

    item = ActionItem.objects.select_related("area__plan").get(pk=row(seed_plan, "I.1").pk)
    with django_assert_num_queries(3):  # row, progress and target history
        assert item_history(item=item) == []
    item.pics.add(pic)
    with django_assert_num_queries(4):
        events = item_history(item=item)
    assert [e.kind for e in events] == ["baseline"]
