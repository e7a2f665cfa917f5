"""A member's NIP and position, as the unit's signed documents print them: set on the member page."""

import pytest
from django.urls import reverse

from accounts.models import Membership, Profile, Role
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db
NIP = "198503302010121002"


def edit_form(client, unit, user):
    page = client.get(reverse("accounts:member_edit", args=[unit.pk, user.pk]))
    assert page.status_code == 200
    return rendered_form(page.content.decode(), form_id="member-edit")


def test_coordinator_sets_a_members_nip_and_position(client, koordinator, serang, pimpinan, other_unit):
    Membership.objects.create(user=pimpinan, unit=serang, role=Role.PENILAI)  # a second role here
    client.force_login(koordinator)
    form = edit_form(client, serang, pimpinan)
    changes = {"last_name": "Fauzi", "nip": "19850330 201012 1 002", "title": "Sekretaris"}
    response = client.post(
        form["action"] or reverse("accounts:member_edit", args=[serang.pk, pimpinan.pk]), form_post_data(form, changes)
    )
    assert response.status_code == 302
    pimpinan.refresh_from_db()
    assert pimpinan.get_full_name() == "Ahmad Fauzi" and Profile.nip_of(pimpinan) == NIP
    assert set(Membership.objects.filter(user=pimpinan).values_list("title", flat=True)) == {"Sekretaris"}
    assert Profile.objects.get(user=pimpinan).history.get().history_user == koordinator
    page = client.get(reverse("accounts:members", args=[serang.pk])).content.decode()
    assert f"NIP. {NIP}" in page and "Sekretaris" in page


def test_a_nip_is_18_digits_or_nothing(client, koordinator, serang, pic):
    client.force_login(koordinator)
    url = reverse("accounts:member_edit", args=[serang.pk, pic.pk])
    form = edit_form(client, serang, pic)
    response = client.post(url, form_post_data(form, {"nip": "1985-03"}))
    assert response.status_code == 400 and "NIP terdiri atas 18 angka." in response.content.decode()
    assert not Profile.objects.exists()
    assert client.post(url, form_post_data(form, {"nip": ""})).status_code == 302


def test_a_new_account_may_come_with_its_nip(client, koordinator, serang):
    client.force_login(koordinator)
    page = client.get(reverse("accounts:members", args=[serang.pk]))
    form = rendered_form(page.content.decode(), form_id="member-add")
    changes = {
        "username": "andi",
        "first_name": "Andi",
        "email": "andi@example.test",
        "nip": NIP,
        "password1": "Serang-Bersih-2025",
        "password2": "Serang-Bersih-2025",
    }
    assert client.post(form["action"], form_post_data(form, changes)).status_code == 302
    assert Profile.objects.get(user__username="andi").nip == NIP


def test_only_the_units_coordinator_edits_its_members(client, serang, koordinator, pic, pimpinan, outsider):
    url = reverse("accounts:member_edit", args=[serang.pk, pic.pk])
    client.force_login(pimpinan)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("accounts:member_edit", args=[outsider.memberships.get().unit_id, pic.pk])).status_code
        == 404
    )
