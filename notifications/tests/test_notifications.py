"""Notifications: who hears of which event (never across units), once, muted by choice, e-mailed after commit."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from PIL import Image

from accounts.models import Membership, Role
from actionplan.models import ActionItem
from evidence.models import Evidence
from evidence.services import evidence_replace, evidence_review, evidence_submit
from notifications.models import EmailPreference, EmailStatus, Kind, Notification
from notifications.tasks import send_notification_emails

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down: every send raises, as smtplib does when it cannot connect."""

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


def png(seed: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (seed % 256, 40, 90)).save(buffer, format="PNG")
    return SimpleUploadedFile(f"foto-{seed}.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def row(seed_plan, pic):
    """Row I.3 with the PIC assigned (its Daftar Hadir requirement is what gets uploaded)."""
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=3)
    item.pics.add(pic)
    Notification.objects.all().delete()  # the assignment's own notification is tested on its own
    return item


@pytest.fixture
def cilegon_reviewer(outsider, other_unit, django_user_model):
    """Cilegon's reviewer (and `outsider`, its coordinator): must never hear of Serang's documents."""
    user = django_user_model.objects.create_user("wati", email="wati@example.test", password="x")
    Membership.objects.create(user=user, unit=other_unit, role=Role.PENILAI)
    return user


def submit(row, pic, seed=1) -> Evidence:
    return evidence_submit(
        requirement=row.requirements.order_by("order").first(), uploads=[png(seed)], month=None, by=pic
    )[0]


def test_an_upload_tells_the_units_reviewers_only(row, pic, penilai, koordinator, pimpinan, cilegon_reviewer, outsider):
    evidence = submit(row, pic)
    waiting = Notification.objects.filter(kind=Kind.EVIDENCE_WAITING)
    assert sorted(n.user.username for n in waiting) == ["rahmat", "siti"]  # the coordinator and the penilai
    note = waiting.get(user=penilai)
    assert note.message == "Undangan Rapat (baris I.3) menunggu penilaian Anda."
    assert note.url == reverse("evidence:detail", args=[evidence.pk])
    assert not Notification.objects.filter(user__in=[pic, pimpinan, cilegon_reviewer, outsider]).exists()


def test_a_returned_document_tells_its_uploader_once_with_the_note(row, pic, penilai):
    evidence = submit(row, pic)
    review = evidence_review(
        evidence=evidence,
        revision_id=evidence.current_id,
        decision="perlu_perbaikan",
        note="Tanda tangan belum ada",
        by=penilai,
    )
    returned = Notification.objects.get(kind=Kind.EVIDENCE_RETURNED)
    assert returned.user == pic and returned.event == f"review:{review.pk}"
    assert returned.message == (
        "Undangan Rapat (baris I.3) dikembalikan untuk diperbaiki. Catatan penilai: Tanda tangan belum ada"
    )
    review.save()  # the same event again (a re-save) notifies no one twice
    assert Notification.objects.filter(kind=Kind.EVIDENCE_RETURNED).count() == 1


def test_an_accepted_document_tells_no_one(row, pic, penilai):
    evidence = submit(row, pic)
    evidence_review(evidence=evidence, revision_id=evidence.current_id, decision="diterima", note="", by=penilai)
    assert not Notification.objects.filter(kind=Kind.EVIDENCE_RETURNED).exists()


def test_a_replacement_is_a_new_event_for_the_reviewers(row, pic, penilai):
    evidence = submit(row, pic)
    evidence_review(
        evidence=evidence, revision_id=evidence.current_id, decision="perlu_perbaikan", note="Buram", by=penilai
    )
    evidence_replace(evidence=evidence, upload=png(2), by=pic)
    assert Notification.objects.filter(user=penilai, kind=Kind.EVIDENCE_WAITING).count() == 2


def test_pic_assignment_changes_tell_the_people_added_and_removed(seed_plan, pic, koordinator):
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="II", number=1)
    item.pics.set([koordinator])
    item.pics.set([pic])  # the coordinator out, the PIC in
    messages = {
        n.user.username: n.message for n in Notification.objects.filter(kind=Kind.ASSIGNMENT, params__row="II.1")
    }
    assert messages["dewi"].startswith("Anda sekarang PIC baris II.1")
    assert Notification.objects.filter(user=koordinator, kind=Kind.ASSIGNMENT, params__row="II.1").count() == 2
    assert Notification.objects.filter(user=koordinator, params__added=False).exists()


def test_e_mail_goes_after_the_commit_and_respects_the_users_choice(
    row, pic, penilai, koordinator, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=koordinator, kind=Kind.EVIDENCE_WAITING, by_email=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(row, pic)
        assert mail.outbox == []  # nothing is sent inside the save
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["siti@example.test"]]
    assert mail.outbox[0].subject == "[ZI Tracker] Undangan Rapat (baris I.3) menunggu penilaian Anda."
    assert f"http://127.0.0.1:8000/evidence/{Evidence.objects.get().pk}/" in mail.outbox[0].body
    assert Notification.objects.get(user=penilai).email_status == EmailStatus.SENT
    muted = Notification.objects.get(user=koordinator)  # still under the bell, just not e-mailed
    assert muted.email_status == EmailStatus.NOT_SENT and muted.read_at is None


def test_a_mail_server_that_is_down_undoes_nothing_and_is_retried(
    row, pic, penilai, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        evidence = submit(row, pic)
    assert Evidence.objects.filter(pk=evidence.pk).exists()  # the upload stands
    failed = Notification.objects.get(user=penilai)
    assert failed.email_status == EmailStatus.FAILED and failed.email_attempts == 1
    assert "Connection refused" in failed.email_error
    with pytest.raises(CommandError, match="could not be sent"):
        call_command("send_notifications", stdout=io.StringIO())  # cron hears of it: non-zero exit
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = io.StringIO()
    call_command("send_notifications", stdout=out)
    assert "1 sent, 0 failed" in out.getvalue()
    failed.refresh_from_db()
    assert failed.email_status == EmailStatus.SENT and failed.email_attempts == 3
    assert [m.to for m in mail.outbox] == [["siti@example.test"]]


def test_with_the_database_queue_a_save_sends_nothing_itself(
    row, pic, penilai, settings, django_capture_on_commit_callbacks
):
    """Production's queue: the request only writes a task row; the worker sends (and a slow server slows only it)."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # django-tasks resets its backends
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        submit(row, pic)
    assert Notification.objects.get(user=penilai).email_status == EmailStatus.PENDING  # the server was not tried
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "notifications.tasks.send_notification_emails"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # What `db_worker` does with the row, without the worker's own connection handling (it closes
    # the connection, which would end the test's transaction on PostgreSQL).
    send_notification_emails.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    assert Notification.objects.get(user=penilai).email_status == EmailStatus.SENT


def test_demo_addresses_under_invalid_get_no_mail(row, pic, penilai, django_capture_on_commit_callbacks):
    penilai.email = "penilai@demo.invalid"
    penilai.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(row, pic)
    assert Notification.objects.get(user=penilai).email_status == EmailStatus.NOT_SENT
    assert mail.outbox == []


def test_pics_hear_that_last_months_report_deadline_is_near_once(seed_plan, pic, koordinator, settings):
    from datetime import date

    from actionplan.models import MonthClosure, ProgressEntry
    from notifications.services import month_closing_notify

    settings.ZI_REPORT_DUE_DAY = 5
    mine = ActionItem.objects.filter(pics=pic, area__plan=seed_plan)
    reported = mine.order_by("pk").first()
    ProgressEntry.objects.create(item=reported, month=3, percent=20, entered_by=pic, updated_by=pic)
    assert month_closing_notify(today=date(2025, 4, 1)) == 0  # four days ahead: not yet
    assert month_closing_notify(today=date(2025, 4, 3)) == 1
    assert month_closing_notify(today=date(2025, 4, 5)) == 0  # the same event: once
    note = Notification.objects.get(kind=Kind.MONTH_CLOSING)
    assert note.user == pic and note.url == reverse("actionplan:my_work")
    count = mine.count() - 1
    assert note.message == f"Maret 2025 ditutup pada 5 April 2025: {count} kegiatan Anda belum dilaporkan."
    MonthClosure.objects.create(plan=seed_plan, month=4, closed_by=koordinator)
    assert month_closing_notify(today=date(2025, 5, 4)) == 0  # April is closed already
    assert month_closing_notify(today=date(2025, 4, 6)) == 0  # past the deadline


def test_a_notice_is_read_once_what_it_asks_is_done(row, pic, penilai, koordinator):
    """Reviewing a file settles its 'waiting' notice for every reviewer; replacing settles the send-back."""
    evidence = submit(row, pic)
    evidence_review(
        evidence=evidence, revision_id=evidence.current_id, decision="perlu_perbaikan", note="Buram", by=penilai
    )
    assert not Notification.objects.filter(kind=Kind.EVIDENCE_WAITING, read_at__isnull=True).exists()
    assert Notification.objects.get(kind=Kind.EVIDENCE_RETURNED).read_at is None
    evidence_replace(evidence=evidence, upload=png(3), by=pic)
    assert Notification.objects.get(kind=Kind.EVIDENCE_RETURNED).read_at is not None
    assert Notification.objects.filter(kind=Kind.EVIDENCE_WAITING, read_at__isnull=True).count() == 2  # the new file
