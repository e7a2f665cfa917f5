"""Sending the reminder e-mails, each logged so a user gets each kind at most once a day."""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from reminders.models import ReminderLog
from reminders.selectors import PIC, Reminder, pic_reminders, reviewer_reminders

logger = logging.getLogger(__name__)


def _send(reminder: Reminder, today: date) -> None:
    context = {
        "reminder": reminder,
        "user": reminder.user,
        "today": today,
        "month": MONTHS[today.month],
        "base_url": settings.ZI_BASE_URL,
    }
    if reminder.kind == PIC:
        subject = _("[ZI Tracker] %(due)s row(s) due in %(month)s, %(late)s late") % {
            "due": len(reminder.due),
            "month": MONTHS[today.month],
            "late": len(reminder.late),
        }
        if reminder.returned:
            subject += _(", %(count)s document(s) returned") % {"count": len(reminder.returned)}
        if reminder.recommendations:
            subject += _(", %(count)s recommendation(s) open") % {"count": len(reminder.recommendations)}
    else:
        subject = _("[ZI Tracker] %(count)s evidence document(s) waiting for your review") % {
            "count": len(reminder.queue)
        }
    body = render_to_string(f"email/{reminder.kind}_reminder.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.user.email])


def reminders_send(*, today: date, dry_run: bool = False) -> tuple[list[Reminder], list[Reminder], list[Reminder]]:
    """Send what is due today; returns (sent, skipped because already sent today, failed).

    A reminder whose e-mail fails is not logged as sent, so the next run tries it again.
    """
    sent, skipped, failed = [], [], []
    for reminder in pic_reminders(today=today) + reviewer_reminders():
        if dry_run:
            sent.append(reminder)
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    user=reminder.user, kind=reminder.kind, sent_on=today, item_count=reminder.count
                )
                _send(reminder, today)  # a failure rolls the log back, so tomorrow's run (or a rerun) retries
        except IntegrityError:
            skipped.append(reminder)
            continue
        except Exception as error:  # the mail server down, an address refused: the log is rolled back
            logger.warning("reminder to %s failed: %s", reminder.user.email, error)
            reminder.error = f"{type(error).__name__}: {error}"
            failed.append(reminder)
            continue
        sent.append(reminder)
    return sent, skipped, failed
