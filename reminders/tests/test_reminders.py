"""send_reminders: the right rows to each PIC, the queue to each reviewer, never twice a day."""

from datetime import date

import pytest
from django.core.management import call_command

from actionplan.models import ActionItem, ProgressEntry
from evidence.tests.conftest import file, make_pdf, upload
from reminders.models import ReminderLog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_pic_gets_rows_due_this_month_and_late_ones(pic, seed_plan, mailoutbox):
    # On 10 March 2025: III.1 reported for January and February, so due (March) but not late.
    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=1)
    for month in (1, 2):
        ProgressEntry.objects.create(item=row, month=month, percent=10 * month, entered_by=pic, updated_by=pic)
    # III.2 reported for March already: late (Jan, Feb missing) but not due.
    reported = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=2)
    ProgressEntry.objects.create(item=reported, month=3, percent=5, entered_by=pic, updated_by=pic)
    call_command("send_reminders", "--date", "2025-03-10")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [pic.email]
    assert mail.subject == "[ZI Tracker] 10 kegiatan jatuh tempo Maret, 10 terlambat"
    due_part, late_part = mail.body.split("Kegiatan yang terlambat:")
    assert "III.1 Perencanaan Kebutuhan Pegawai" in due_part and "III.2" not in due_part
    assert "III.2 Pola Mutasi Internal — 2 bulan tanpa laporan" in late_part and "III.1 " not in late_part
    assert "http://127.0.0.1:8000/items/" in mail.body
    assert "*" not in mail.body


def test_reminders_go_out_once_a_day(pic, seed_plan, mailoutbox):
    call_command("send_reminders", "--date", "2025-03-10")
    call_command("send_reminders", "--date", "2025-03-10")
    assert len(mailoutbox) == 1
    assert ReminderLog.objects.filter(user=pic, sent_on=date(2025, 3, 10)).count() == 1
    call_command("send_reminders", "--date", "2025-03-11")
    assert len(mailoutbox) == 2


def test_reviewers_get_their_queue_but_not_their_own_uploads(client, pic, penilai, koordinator, seed_plan, mailoutbox):
    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=3)
    row.pics.add(koordinator)
    client.force_login(koordinator)
    upload(client, row, file("Undangan.pdf", make_pdf()))
    call_command("send_reminders", "--date", "2025-03-10")
    review_mails = [m for m in mailoutbox if "menunggu penilaian" in m.subject]
    assert [m.to for m in review_mails] == [[penilai.email]]
    assert "I.3 Undangan Rapat: Undangan.pdf" in review_mails[0].body


def test_nothing_to_say_sends_nothing(pic, seed_plan, mailoutbox):
    ActionItem.objects.filter(pics=pic).update(target_year=2030)
    call_command("send_reminders", "--date", "2025-03-10")
    assert mailoutbox == []


def test_dry_run_sends_and_logs_nothing(pic, seed_plan, mailoutbox, capsys):
    call_command("send_reminders", "--date", "2025-03-10", "--dry-run")
    assert mailoutbox == [] and not ReminderLog.objects.exists()
    assert "would send pic reminder to dewi@example.test" in capsys.readouterr().out


def test_bad_date_is_a_clear_error(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--date"):
        call_command("send_reminders", "--date", "31-03-2025")


def test_the_digest_lists_the_pics_returned_documents_with_the_note(client, pic, penilai, seed_plan, mailoutbox):
    from evidence.models import Evidence
    from evidence.services import evidence_review

    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=3)
    row.pics.add(pic)
    client.force_login(pic)
    upload(client, row, file("Undangan.pdf", make_pdf()))
    evidence = Evidence.objects.get()
    evidence_review(
        evidence=evidence,
        revision_id=evidence.current_id,
        decision="perlu_perbaikan",
        note="Stempel belum ada",
        by=penilai,
    )
    call_command("send_reminders", "--date", "2025-03-10")
    [mail] = [m for m in mailoutbox if m.to == [pic.email]]
    assert mail.subject.endswith(", 1 dokumen dikembalikan")
    returned = mail.body.split("Dokumen yang dikembalikan kepada Anda untuk diperbaiki:")[1]
    assert "I.3 Undangan Rapat — Stempel belum ada" in returned
    assert f"/items/{row.pk}/#evidence" in returned


class DownBackend:
    """An SMTP server that cannot be reached."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


def test_a_mail_server_that_is_down_fails_the_run_and_logs_nothing(pic, seed_plan, settings, mailoutbox, capsys):
    from django.core.management import CommandError

    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"
    with pytest.raises(CommandError, match="could not be sent"):
        call_command("send_reminders", "--date", "2025-03-10")
    err = capsys.readouterr().err
    assert f"FAILED: pic reminder to {pic.email}: ConnectionRefusedError" in err
    assert not ReminderLog.objects.exists()  # not marked as sent: the next run tries again
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reminders", "--date", "2025-03-10")
    assert [m.to for m in mailoutbox] == [[pic.email]]
    assert ReminderLog.objects.filter(user=pic).count() == 1
