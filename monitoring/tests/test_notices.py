"""Recommendation notices: when assigned and when due, to its owners only, once per event, e-mail as each chose."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import Membership, Role, Section
from monitoring.services import recommendation_add, recommendation_follow_up, recommendations_due_notify
from monitoring.tests.conftest import pdf_upload
from notifications.models import EmailPreference, EmailStatus, Kind, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_pic(serang, parmas, django_user_model):
    """Another PIC of Parmas & SDM, who turned recommendation e-mails off."""
    user = django_user_model.objects.create_user("yuni", password="x", email="yuni@example.test")
    Membership.objects.create(user=user, unit=serang, role=Role.PIC, section=parmas)
    EmailPreference.objects.create(user=user, kind=Kind.RECOMMENDATION, by_email=False)
    return user


@pytest.fixture
def lookalike(other_unit, django_user_model):
    """A PIC of a section with the same name in the other office: never told of Serang's recommendations."""
    section = Section.objects.create(unit=other_unit, name="Sub Bagian Partisipasi Masyarakat dan SDM")
    user = django_user_model.objects.create_user("lain", password="x", email="lain@example.test")
    Membership.objects.create(user=user, unit=other_unit, role=Role.PIC, section=section)
    return user


def notices():
    return Notification.objects.filter(kind=Kind.RECOMMENDATION).order_by("user__username", "pk")


def test_assigned_to_a_section_its_pics_are_told_and_e_mailed_as_they_chose(
    march_meeting, koordinator, pic, parmas, second_pic, lookalike, pimpinan, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave after the commit
        recommendation_add(
            session=march_meeting, text="Lengkapi daftar hadir", owner=parmas, due_on=date(2025, 5, 1), by=koordinator
        )
    assert [(n.user.username, n.email_status) for n in notices()] == [
        ("dewi", EmailStatus.SENT),
        ("yuni", EmailStatus.NOT_SENT),
    ]
    assert [m.to for m in mail.outbox] == [["dewi@example.test"]]
    assert "Lengkapi daftar hadir" in mail.outbox[0].subject


def test_due_soon_each_owner_is_told_once_per_due_date(march_meeting, koordinator, pic, parmas, lookalike):
    due = recommendation_add(session=march_meeting, text="A", owner=parmas, due_on=date(2025, 5, 10), by=koordinator)
    recommendation_add(session=march_meeting, text="B", owner=pic, due_on=date(2025, 5, 13), by=koordinator)
    done = recommendation_add(session=march_meeting, text="C", owner=pic, due_on=date(2025, 5, 9), by=koordinator)
    recommendation_follow_up(recommendation=done, note="Sudah", uploads=[pdf_upload()], done=True, by=pic)
    assigned = notices().count()

    assert recommendations_due_notify(today=date(2025, 5, 8)) == 1  # A, due in 2 days; B in 5; C done
    assert recommendations_due_notify(today=date(2025, 5, 9)) == 0  # once per due date
    assert recommendations_due_notify(today=date(2025, 5, 12)) == 1  # B, in 1 day (A: no repeat when overdue)
    due.due_on = date(2025, 5, 14)
    due.save()
    assert recommendations_due_notify(today=date(2025, 5, 12)) == 1  # a new due date is a new notice
    reminders = notices().filter(event__contains=":due:")
    assert notices().count() == assigned + 3 and {n.user for n in reminders} == {pic}
    assert "jatuh tempo 14 Mei 2025" in reminders.last().message


def test_send_reminders_tells_due_owners_and_its_digest_lists_open_recommendations(
    march_meeting, koordinator, pic, parmas, lookalike
):
    recommendation_add(
        session=march_meeting, text="Perbarui SOP pengaduan", owner=parmas, due_on=date(2025, 5, 10), by=koordinator
    )
    mail.outbox.clear()
    out = StringIO()
    call_command("send_reminders", "--date", "2025-05-09", stdout=out)
    assert "1 owner(s) told that a Monev recommendation falls due" in out.getvalue()
    digests = [m for m in mail.outbox if m.to == ["dewi@example.test"] and "1 rekomendasi terbuka" in m.subject]
    assert len(digests) == 1 and "Perbarui SOP pengaduan" in digests[0].body
    assert "/monev/recommendations/" in digests[0].body
    assert not [m for m in mail.outbox if m.to == ["lain@example.test"]]
