"""Reminder e-mails: each PIC's rows due this month and late, each reviewer's queue. Once a day each."""
import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from accounts.models import Membership
from actionplan.models import ActionItem, ItemStatus, ProgressEntry, ReminderLog
from evidence.models import Evidence, EvidenceStatus
from evidence.selectors import REVIEWER_ROLES

logger = logging.getLogger(__name__)
PIC, REVIEW = "pic", "review"


@dataclass
class Reminder:
    user: object
    kind: str
    due: list = field(default_factory=list)
    late: list = field(default_factory=list)
    queue: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.due) + len(self.late) + len(self.queue)


def _url(name: str, pk: int) -> str:
    return settings.ZI_BASE_URL + reverse(name, args=[pk])


def pic_reminders(*, today: date) -> list[Reminder]:
    """Per PIC: rows due this month (not yet reported, not done) and late rows: 2 queries."""
    reported = ProgressEntry.objects.filter(item=OuterRef("pk"), month=today.month)
    items = (
        ActionItem.objects.filter(pics__isnull=False)
        .distinct()
        .with_status(today=today)
        .annotate(reported_this_month=Exists(reported))
        .select_related("area__plan__unit")
        .prefetch_related("pics")
        .order_by("area__plan__year", "area__order", "number")
    )
    by_user: dict[int, Reminder] = {}
    for item in items:
        item.url = _url("actionplan:item_detail", item.pk)
        due = (
            item.target_year == today.year
            and today.month in item.target_months
            and item.status != ItemStatus.SELESAI
            and not item.reported_this_month
        )
        late = item.status == ItemStatus.TERLAMBAT
        for user in item.pics.all():
            if not (user.is_active and user.email):
                continue
            reminder = by_user.setdefault(user.pk, Reminder(user, PIC))
            if due:
                reminder.due.append(item)
            if late:
                reminder.late.append(item)
    return [r for r in by_user.values() if r.count]


def reviewer_reminders() -> list[Reminder]:
    """Per reviewer (penilai or coordinator): evidence waiting for review in their units: 2 queries."""
    waiting = list(
        Evidence.objects.filter(status=EvidenceStatus.DIAJUKAN)
        .select_related("requirement__item__area__plan__unit", "current__uploaded_by")
        .order_by("created_at")
    )
    if not waiting:
        return []
    reviewers = (
        Membership.objects.filter(role__in=REVIEWER_ROLES, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )
    by_user: dict[int, Reminder] = {}
    for membership in reviewers:
        for evidence in waiting:
            item = evidence.requirement.item
            if item.area.plan.unit_id == membership.unit_id and evidence.current.uploaded_by_id != membership.user_id:
                evidence.url = _url("actionplan:item_detail", item.pk)
                reminder = by_user.setdefault(membership.user_id, Reminder(membership.user, REVIEW))
                if evidence not in reminder.queue:
                    reminder.queue.append(evidence)
    return list(by_user.values())


def _send(reminder: Reminder, today: date) -> None:
    context = {"reminder": reminder, "user": reminder.user, "today": today, "month": MONTHS[today.month],
               "base_url": settings.ZI_BASE_URL}
    if reminder.kind == PIC:
        subject = _("[ZI Tracker] %(due)s row(s) due in %(month)s, %(late)s late") % {
            "due": len(reminder.due), "month": MONTHS[today.month], "late": len(reminder.late)}
    else:
        subject = _("[ZI Tracker] %(count)s evidence document(s) waiting for your review") % {"count": len(reminder.queue)}
    body = render_to_string(f"email/{reminder.kind}_reminder.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.user.email])


def reminders_send(*, today: date, dry_run: bool = False) -> tuple[list[Reminder], list[Reminder]]:
    """Send what is due today; returns (sent, skipped because already sent today)."""
    sent, skipped = [], []
    for reminder in pic_reminders(today=today) + reviewer_reminders():
        if dry_run:
            sent.append(reminder)
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(user=reminder.user, kind=reminder.kind, sent_on=today, item_count=reminder.count)
                _send(reminder, today)  # a failure rolls the log back, so tomorrow's run (or a rerun) retries
        except IntegrityError:
            skipped.append(reminder)
            continue
        except Exception:
            logger.exception("reminder to %s failed", reminder.user.email)
            continue
        sent.append(reminder)
    return sent, skipped
