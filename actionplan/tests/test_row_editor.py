"""The row editor writes through services.item_update: who changed which fields, and why, in the row's history."""

import pytest
from django.urls import reverse

from actionplan.models import ActionItem
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def row_iii_1(seed_plan):
    return ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=1)


def edit(client, item, changes):
    """Open the row editor, change what a person would change, save it."""
    url = reverse("actionplan:item_edit", args=[item.pk])
    form = rendered_form(client.get(url).content.decode(), action="")
    return client.post(url, form_post_data(form, changes))


def history_html(client, item) -> str:
    page = client.get(reverse("actionplan:item_detail", args=[item.pk])).content.decode()
    return page[page.index('<ul class="list-unstyled small history">') :]


def test_a_saved_change_shows_who_which_fields_and_why(client, koordinator, pic, row_iii_1):
    client.force_login(koordinator)
    response = edit(
        client,
        row_iii_1,
        {
            "langkah_aksi": "Menyusun SOP pelayanan",
            "pics": [pic.pk, koordinator.pk],
            "reason": "Perubahan Keputusan No. 12/2025",
        },
    )
    assert response.status_code == 302
    record = row_iii_1.history.order_by("-history_id").first()
    assert record.history_user == koordinator and record.history_change_reason == "Perubahan Keputusan No. 12/2025"
    history = history_html(client, row_iii_1)
    first_event = history[: history.index("</li>", history.index("</ul>"))]  # newest first: this save, as one event
    assert "Rahmat" in first_event and "Perubahan Keputusan No. 12/2025" in first_event
    assert "Langkah Aksi" in first_event and "→ Menyusun SOP pelayanan" in first_event
    assert "<del>Dewi</del> → Dewi, Rahmat" in first_event


def test_saving_without_a_change_writes_no_history(client, koordinator, row_iii_1):
    client.force_login(koordinator)
    before = row_iii_1.history.count()
    response = edit(client, row_iii_1, {"reason": "Hanya diperiksa"})
    assert response.status_code == 302
    assert row_iii_1.history.count() == before
    page = client.get(response["Location"]).content.decode()
    assert "Tidak ada yang diubah" in page


def test_a_change_without_a_reason_is_refused_and_nothing_is_saved(client, koordinator, row_iii_1):
    client.force_login(koordinator)
    before = row_iii_1.history.count()
    response = edit(client, row_iii_1, {"langkah_aksi": "Lain", "reason": ""})
    assert response.status_code == 400
    assert "Alasan perubahan" in response.content.decode()
    row_iii_1.refresh_from_db()
    assert row_iii_1.langkah_aksi != "Lain" and row_iii_1.history.count() == before


def test_moving_a_row_to_another_area_names_both_areas(client, koordinator, seed_plan, row_iii_1):
    client.force_login(koordinator)
    area_iv = seed_plan.areas.get(numeral="IV")
    response = edit(client, row_iii_1, {"area": area_iv.pk, "number": 90, "reason": "Salah area"})
    assert response.status_code == 302
    history = history_html(client, row_iii_1)
    assert f"<del>{row_iii_1.area}</del> → {area_iv}" in history.replace("&#x27;", "'")
