"""The bell's pages: one's own notifications only, opening marks read, the e-mail choices form."""

import re

import pytest
from django.urls import reverse

from notifications.models import EmailPreference, Kind, Notification
from notifications.services import notify
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(pic, serang, seed_plan):
    """A 'returned' notification for the PIC, pointing at row I.3's page (the fixture's PIC assignments read)."""
    Notification.objects.filter(user=pic).update(read_at="2026-06-01T00:00:00+07:00")
    return notify(
        users=[pic],
        unit=serang,
        kind=Kind.EVIDENCE_RETURNED,
        event="review:test",
        params={"row": "I.3", "document": "Daftar Hadir", "note": "Buram"},
        url="/items/3/#evidence",
    )[0]


def test_the_list_shows_ones_own_notifications_unread_first_marked(client, pic, returned, outsider, other_unit):
    notify(
        users=[outsider],
        unit=other_unit,
        kind=Kind.EVIDENCE_WAITING,
        event="x",
        params={"row": "I.1", "document": "SK"},
    )
    client.force_login(pic)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Daftar Hadir (baris I.3) dikembalikan untuk diperbaiki. Catatan penilai: Buram" in html
    assert "list-group-item-warning" in html  # unread
    assert "SK (baris I.1)" not in html  # Cilegon's coordinator's, not ours


def test_opening_marks_read_and_goes_to_the_page(client, pic, returned):
    client.force_login(pic)
    response = client.get(reverse("notifications:open", args=[returned.pk]))
    assert response.status_code == 302 and response["Location"] == "/items/3/#evidence"
    returned.refresh_from_db()
    assert returned.read_at is not None


def test_another_users_notification_is_404(client, koordinator, returned):
    client.force_login(koordinator)
    assert client.get(reverse("notifications:open", args=[returned.pk])).status_code == 404
    returned.refresh_from_db()
    assert returned.read_at is None


def test_an_outside_link_is_never_followed(client, pic, serang):
    evil = notify(
        users=[pic], unit=serang, kind=Kind.EVIDENCE_WAITING, event="evil", params={}, url="https://evil.example/"
    )[0]
    client.force_login(pic)
    assert client.get(reverse("notifications:open", args=[evil.pk]))["Location"] == reverse("notifications:list")


def test_mark_all_read(client, pic, returned):
    client.force_login(pic)
    page = client.get(reverse("notifications:list")).content.decode()
    form = rendered_form(page, action=reverse("notifications:mark_read"))
    response = client.post(form["action"], form_post_data(form), follow=True)
    assert "Semua notifikasi ditandai sudah dibaca." in response.content.decode()
    assert not Notification.objects.filter(user=pic, read_at__isnull=True).exists()


def test_e_mail_choices_posted_as_the_page_renders_them(client, pic):
    client.force_login(pic)
    page = client.get(reverse("notifications:settings")).content.decode()
    form = rendered_form(page, form_id="email-settings")
    assert sorted(name for name, _ in form["fields"] if name != "csrfmiddlewaretoken") == sorted(Kind.values)  # all on
    response = client.post(
        reverse("notifications:settings"), form_post_data(form, {Kind.ASSIGNMENT: None}), follow=True
    )
    assert "Pilihan e-mail Anda disimpan." in response.content.decode()
    assert list(EmailPreference.objects.filter(user=pic).values_list("kind", "by_email")) == [(Kind.ASSIGNMENT, False)]
    page = client.get(reverse("notifications:settings")).content.decode()
    assert not re.search(rf'name="{Kind.ASSIGNMENT}"[^>]*checked', page)


def test_anonymous_users_log_in_first(client):
    assert client.get(reverse("notifications:list")).status_code == 302


def test_mark_all_read_leaves_one_that_came_after_the_page(client, pic, returned, serang):
    client.force_login(pic)
    form = rendered_form(
        client.get(reverse("notifications:list")).content.decode(), action=reverse("notifications:mark_read")
    )
    later = notify(
        users=[pic], unit=serang, kind=Kind.EVIDENCE_WAITING, event="later", params={"row": "I.1", "document": "SK"}
    )[0]
    client.post(form["action"], form_post_data(form))
    assert list(Notification.objects.filter(user=pic, read_at__isnull=True)) == [later]


def test_the_bell_counts_ones_unread_notifications_on_every_page(client, pic, returned, koordinator):
    client.force_login(pic)
    html = client.get(reverse("actionplan:plan_list")).content.decode()
    bell = html.split('id="nav-bell"')[1].split("</a>")[0]
    assert '<span class="badge rounded-pill text-bg-danger">1</span>' in bell and "1 belum dibaca" in bell
    client.get(reverse("notifications:open", args=[returned.pk]))
    bell = client.get(reverse("actionplan:plan_list")).content.decode().split('id="nav-bell"')[1].split("</a>")[0]
    assert "badge" not in bell
    client.force_login(koordinator)  # another user's notification is not in their count
    assert (
        "badge"
        not in client.get(reverse("actionplan:plan_list")).content.decode().split('id="nav-bell"')[1].split("</a>")[0]
    )
