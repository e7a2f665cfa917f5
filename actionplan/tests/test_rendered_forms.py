"""Forms as a person uses them: render the page, send exactly what it renders with only their changes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplan.models import ActionItem, MonthClosure, ProgressEntry
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db


def page_form(client, url, **match):
    response = client.get(url)
    assert response.status_code == 200
    return rendered_form(response.content.decode(), **match)


def test_unchanged_row_editor_save_keeps_pics_and_text(client, koordinator, pic, seed_plan):
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=1)
    before = {
        f: getattr(item, f)
        for f in ["komponen", "indikator", "langkah_aksi", "bukti_fisik", "target_text", "section_id"]
    }
    assert list(item.pics.all()) == [pic]
    client.force_login(koordinator)
    url = reverse("actionplan:item_edit", args=[item.pk])
    form = page_form(client, url, action="")
    assert ("pics", str(pic.pk)) in form["fields"]  # the PIC's checkbox is rendered, and ticked
    response = client.post(url, form_post_data(form, {"reason": "Periksa ulang"}, submit=("save", "Simpan")))
    assert response.status_code == 302
    item.refresh_from_db()
    assert list(item.pics.all()) == [pic]
    assert {f: getattr(item, f) for f in before} == before


def test_row_editor_adds_a_pic_by_ticking_a_box(client, koordinator, pic, seed_plan):
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=1)
    client.force_login(koordinator)
    url = reverse("actionplan:item_edit", args=[item.pk])
    form = page_form(client, url, action="")
    response = client.post(
        url, form_post_data(form, {"pics": [pic.pk, koordinator.pk], "reason": "Rahmat ikut menangani"})
    )
    assert response.status_code == 302
    assert set(item.pics.all()) == {pic, koordinator}


def test_progress_form_offers_open_months_and_starts_from_the_last_figure(client, pic, koordinator, open_row):
    today = timezone.localdate()
    ProgressEntry.objects.create(item=open_row, month=1, percent=35, activity="Januari", entered_by=pic, updated_by=pic)
    MonthClosure.objects.create(plan=open_row.area.plan, month=2, closed_by=koordinator)
    client.force_login(pic)
    url = reverse("actionplan:item_detail", args=[open_row.pk])
    form = page_form(client, url, form_id="progress-entry-form")
    offered = form["selects"]["month"]["options"]
    assert "2" not in offered  # closed
    assert str(today.month) in offered and str(today.month + 1) not in offered  # nothing in advance
    data = dict(form["fields"])
    assert data["month"] == str(today.month) and data["percent"] == "35"  # cumulative: from January's figure
    response = client.post(form["action"], form_post_data(form, {"activity": "Lanjutan"}))
    assert response.status_code == 302
    assert ProgressEntry.objects.get(item=open_row, month=today.month).percent == 35


def test_choosing_a_reported_month_in_the_select_loads_it_without_a_false_conflict(client, pic, open_row):
    ProgressEntry.objects.create(
        item=open_row, month=1, percent=20, activity="Isi Januari", entered_by=pic, updated_by=pic
    )
    client.force_login(pic)
    url = reverse("actionplan:item_detail", args=[open_row.pk])
    form = page_form(client, url, form_id="progress-entry-form")  # loaded with this month
    response = client.post(form["action"], form_post_data(form, {"month": 1, "activity": "Teks bulan ini"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "saved this entry after you opened it" not in html and "menyimpan entri ini" not in html
    entry = ProgressEntry.objects.get(item=open_row, month=1)
    assert (entry.activity, entry.version) == ("Isi Januari", 1)  # nothing overwritten
    shown = rendered_form(html, form_id="progress-entry-form")
    assert dict(shown["fields"])["activity"] == "Isi Januari"  # January's own entry is in the form now
    # Saving that form edits January, deliberately.
    response = client.post(shown["action"], form_post_data(shown, {"activity": "Isi Januari, dilengkapi"}))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.activity, entry.version) == ("Isi Januari, dilengkapi", 2)


def test_a_lower_figure_needs_confirmation(client, pic, open_row):
    today = timezone.localdate()
    ProgressEntry.objects.create(item=open_row, month=1, percent=60, activity="x", entered_by=pic, updated_by=pic)
    client.force_login(pic)
    url = reverse("actionplan:item_detail", args=[open_row.pk])
    form = page_form(client, url, form_id="progress-entry-form")
    response = client.post(form["action"], form_post_data(form, {"percent": 40}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "lebih rendah" in html
    assert not ProgressEntry.objects.filter(item=open_row, month=today.month).exists()
    again = rendered_form(html, form_id="progress-entry-form")
    assert dict(again["fields"])["percent"] == "40"  # what the user typed is kept
    response = client.post(again["action"], form_post_data(again, {"confirm_decrease": "on"}))
    assert response.status_code == 302
    assert ProgressEntry.objects.get(item=open_row, month=today.month).percent == 40


def test_closing_a_month_shows_who_has_not_reported_then_confirms(client, koordinator, pic, seed_plan):
    reported = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=1)
    ProgressEntry.objects.create(item=reported, month=3, percent=20, activity="x", entered_by=pic, updated_by=pic)
    client.force_login(koordinator)
    url = reverse("actionplan:plan_months", args=[seed_plan.pk])
    months_page = client.get(url).content.decode()
    march = rendered_form(months_page.split('id="month-3"', 1)[1], action="")
    response = client.post(url, form_post_data(march, submit=("action", "close")))
    html = response.content.decode()
    assert response.status_code == 200 and not MonthClosure.objects.exists()
    due_in_march = ActionItem.objects.filter(area__plan=seed_plan).in_month(3).count()
    assert html.count("<tr><td>") == due_in_march - 1
    assert f">{reported.code}<" not in html.split('id="unreported-rows"', 1)[1]
    assert "Dewi" in html  # the PICs of the unreported rows are named
    confirm = rendered_form(html, action=url)
    assert client.post(url, form_post_data(confirm)).status_code == 302
    assert MonthClosure.objects.filter(plan=seed_plan, month=3).exists()
