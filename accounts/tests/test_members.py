"""The unit's member page: a coordinator adds a PIC account and resets its password, in their unit only."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import Membership, Role, Section
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "Serang-Bersih-2025"


def add_form(client, unit):
    page = client.get(reverse("accounts:members", args=[unit.pk]))
    assert page.status_code == 200
    return rendered_form(page.content.decode(), form_id="member-add")


def test_coordinator_adds_a_pic_account_who_can_log_in(client, koordinator, serang):
    client.force_login(koordinator)
    form = add_form(client, serang)
    section = Section.objects.get(unit=serang, short_name="Parmas & SDM")
    assert str(section.pk) in form["selects"]["section"]["options"]
    changes = {
        "username": "andi",
        "first_name": "Andi",
        "last_name": "Saputra",
        "email": "andi@example.test",
        "section": section.pk,
        "title": "Staf",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    response = client.post(form["action"], form_post_data(form, changes))
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="andi")
    assert (membership.unit, membership.role, membership.section) == (serang, Role.PIC, section)
    assert membership.history.get().history_user == koordinator
    client.logout()
    login = client.post(reverse("login"), {"username": "andi", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_bad_new_account_is_refused_with_a_message_and_stores_nothing(client, koordinator, serang, pic):
    client.force_login(koordinator)
    form = add_form(client, serang)
    changes = {
        "username": "dewi",
        "first_name": "Dewi",
        "email": "d@example.test",
        "password1": "123",
        "password2": "123",
    }
    response = client.post(form["action"], form_post_data(form, changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Seorang pengguna dengan nama pengguna tersebut sudah ada." in html
    assert User.objects.filter(username="dewi").count() == 1


def test_coordinator_resets_a_members_password(client, koordinator, serang, pic):
    client.force_login(koordinator)
    url = reverse("accounts:member_password", args=[serang.pk, pic.pk])
    form = rendered_form(client.get(url).content.decode(), action="")
    response = client.post(url, form_post_data(form, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}))
    assert response.status_code == 302
    pic.refresh_from_db()
    assert pic.check_password(NEW_PASSWORD)
    entry = LogEntry.objects.get(object_id=str(pic.pk))
    assert entry.user == koordinator and entry.change_message == '[{"changed": {"fields": ["password"]}}]'


def test_member_pages_are_scoped_to_the_coordinators_unit(
    client, koordinator, serang, pic, pimpinan, outsider, other_unit
):
    both = User.objects.create_user("ganda", password="x")
    Membership.objects.create(user=both, unit=serang, role=Role.PIC)
    Membership.objects.create(user=both, unit=other_unit, role=Role.PIC)
    client.force_login(koordinator)
    assert client.get(reverse("accounts:members", args=[other_unit.pk])).status_code == 404
    assert client.get(reverse("accounts:member_password", args=[serang.pk, outsider.pk])).status_code == 404
    assert client.get(reverse("accounts:member_password", args=[other_unit.pk, outsider.pk])).status_code == 404
    # A member who also belongs to another office: resetting their password would open that office.
    assert client.get(reverse("accounts:member_password", args=[serang.pk, both.pk])).status_code == 404
    page = client.get(reverse("accounts:members", args=[serang.pk])).content.decode()
    assert "budi" not in page and reverse("accounts:member_password", args=[serang.pk, both.pk]) not in page
    client.force_login(pimpinan)  # inside the unit, without the capability: 403
    assert client.get(reverse("accounts:members", args=[serang.pk])).status_code == 403
    assert client.get(reverse("accounts:member_password", args=[serang.pk, pic.pk])).status_code == 403
