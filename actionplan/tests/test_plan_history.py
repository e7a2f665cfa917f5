"""After enactment, each structural change needs a reason and is kept with who and why."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actionplan import authoring
from actionplan.models import ActionItem, Area
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db


def test_a_change_to_an_enacted_plan_without_a_reason_is_refused(client, koordinator, seed_plan):
    area = seed_plan.areas.get(numeral="II")
    client.force_login(koordinator)
    url = reverse("actionplan:area_edit", args=[area.pk])
    form = rendered_form(client.get(url).content.decode(), action="")
    response = client.post(url, form_post_data(form, {"title": "PENATAAN TATA LAKSANA (DIUBAH)"}))
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    assert Area.objects.get(pk=area.pk).title == "PENATAAN TATA LAKSANA"
    with pytest.raises(ValidationError):
        authoring.area_add(plan=seed_plan, numeral="VII", title="BARU", by=koordinator)
    assert not seed_plan.areas.filter(numeral="VII").exists()


def test_a_change_with_a_reason_is_recorded_and_shown_on_the_history_page(client, koordinator, seed_plan):
    area = seed_plan.areas.get(numeral="II")
    client.force_login(koordinator)
    url = reverse("actionplan:area_edit", args=[area.pk])
    form = rendered_form(client.get(url).content.decode(), action="")
    changes = {"title": "PENATAAN TATA LAKSANA (DIUBAH)", "reason": "Revisi KPU RI 2025"}
    assert client.post(url, form_post_data(form, changes)).status_code == 302
    record = Area.history.filter(id=area.pk).latest("history_id")
    assert (record.history_user, record.history_change_reason) == (koordinator, "Revisi KPU RI 2025")

    # A move on the enacted plan (from its edit mode) asks for the reason first, then records it.
    item = ActionItem.objects.get(area=area, number=2)
    page = client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk]), {"edit": "1"}).content.decode()
    up = rendered_form(page, action=reverse("actionplan:item_move", args=[item.pk]))
    asked = client.post(up["action"], form_post_data(up))
    assert asked.status_code == 400 and ActionItem.objects.get(pk=item.pk).number == 2
    again = rendered_form(asked.content.decode(), action="")
    assert client.post(up["action"], form_post_data(again, {"reason": "Urutan sesuai LKE"})).status_code == 302
    assert ActionItem.objects.get(pk=item.pk).number == 1

    history = client.get(reverse("actionplan:plan_history", args=[seed_plan.pk]))
    assert history.status_code == 200
    html = history.content.decode()
    assert "Revisi KPU RI 2025" in html and "PENATAAN TATA LAKSANA (DIUBAH)" in html and "Urutan sesuai LKE" in html
    assert koordinator.first_name in html
    [event] = [e for e in history.context["events"] if e.reason == "Revisi KPU RI 2025"]
    assert event.who == koordinator and event.kind == "changed"
    # The seed was loaded without history: the change still shows what it was before, and only what changed.
    assert [change[1:] for change in event.changes] == [("PENATAAN TATA LAKSANA", "PENATAAN TATA LAKSANA (DIUBAH)")]
    [moved] = [e for e in history.context["events"] if e.reason == "Urutan sesuai LKE" and e.subject.endswith("II.1")]
    assert [change[1:] for change in moved.changes] == [("2", "1")]


def test_the_history_page_costs_the_same_whatever_the_number_of_changes(
    client, koordinator, seed_plan, django_assert_num_queries
):
    client.force_login(koordinator)
    url = reverse("actionplan:plan_history", args=[seed_plan.pk])
    area = seed_plan.areas.get(numeral="I")

    def change(n):
        authoring.area_update(area=area, numeral="I", title=f"JUDUL {n}", by=koordinator, reason=f"Alasan {n}")
        authoring.requirement_add(item=area.items.first(), name=f"Dokumen {n}", by=koordinator, reason="Tambah")

    change(0)
    client.get(url)
    with django_assert_num_queries(14) as few:  # 13 and the menu's bell
        client.get(url)
    for n in range(1, 30):
        change(n)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["events"]) == 60
