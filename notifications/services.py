"""Writes for notifications: record one per user and event, and e-mail it after the event's commit."""

import logging
from calendar import monthrange
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Unit
from actionplan.models import ActionItem, Plan
from notifications.models import EmailPreference, EmailStatus, Kind, Notification

logger = logging.getLogger(__name__)

# A failed e-mail is tried this many times in all (the worker's own try, then `send_notifications`).
MAX_EMAIL_ATTEMPTS = 5


def notify(
    *, users: Iterable[AbstractBaseUser], unit: Unit | int, kind: Kind, event: str, params: dict, url: str = ""
) -> list[Notification]:
    """Notify each active user once about `event` (a repeat is a no-op); 3 queries whatever the number of users.

    E-mail goes to those who have an address and did not turn this kind off, in the background once
    the current transaction commits: a slow or failing mail server never slows or undoes the save.
    """
    users = {user.pk: user for user in users if user.is_active}
    if not users:
        return []
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    already = set(
        Notification.objects.filter(kind=kind, event=event, user_id__in=users).values_list("user_id", flat=True)
    )
    muted = set(
        EmailPreference.objects.filter(user_id__in=users, kind=kind, by_email=False).values_list("user_id", flat=True)
    )
    created = Notification.objects.bulk_create(
        Notification(
            user_id=pk,
            unit_id=unit_id,
            kind=kind,
            event=event,
            params=params,
            url=url,
            email_status=EmailStatus.PENDING if _mailable(user.email) and pk not in muted else EmailStatus.NOT_SENT,
        )
        for pk, user in users.items()
        if pk not in already
    )
    pending = [n.pk for n in created if n.email_status == EmailStatus.PENDING]
    if pending:
        transaction.on_commit(lambda: _enqueue(pending), robust=True)
    return created


def _mailable(address: str) -> bool:
    """An address mail can reach: not empty, and not under .invalid (RFC 6761), as the demo users' are."""
    return bool(address) and not address.lower().endswith(".invalid")


def _enqueue(ids: list[int]) -> None:
    from notifications.tasks import send_notification_emails

    # If even the queue is unreachable the rows stay "pending" and `send_notifications` sends them.
    send_notification_emails.enqueue(ids)


def notifications_email(*, ids: Iterable[int]) -> tuple[int, int]:
    """Send the e-mails of these notifications that are pending or failed; (sent, failed). Never raises."""
    sent = failed = 0
    queryset = Notification.objects.filter(
        pk__in=list(ids), email_status__in=[EmailStatus.PENDING, EmailStatus.FAILED]
    ).select_related("user")
    for notification in queryset:
        try:
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = _email(notification)
            send_mail(subject, body, None, [notification.user.email])
        except Exception as error:  # any backend failure: SMTP down, refused address, timeout
            failed += 1
            notification.email_status = EmailStatus.FAILED
            notification.email_error = f"{type(error).__name__}: {error}"[:2000]
            logger.warning("notification %s: e-mail to %s failed: %s", notification.pk, notification.user.email, error)
        else:
            sent += 1
            notification.email_status = EmailStatus.SENT
            notification.email_error = ""
            notification.emailed_at = timezone.now()
        notification.email_attempts += 1
        notification.save(update_fields=["email_status", "email_error", "emailed_at", "email_attempts"])
    return sent, failed


def _email(notification: Notification) -> tuple[str, str]:
    base = settings.ZI_BASE_URL.rstrip("/")
    body = render_to_string(
        "email/notification.txt",
        {
            "notification": notification,
            "link": base + notification.url if notification.url else "",
            "settings_link": base + reverse("notifications:settings"),
        },
    )
    return f"[ZI Tracker] {notification.message}"[:150], body


def notifications_retry() -> tuple[int, int, int]:
    """E-mails still pending a minute after their event, or failed fewer than MAX_EMAIL_ATTEMPTS times.

    Returns (sent, failed, given up): the last counts the mails that reached the attempt limit.
    """
    stale = timezone.now() - timedelta(minutes=1)
    ids = list(
        Notification.objects.filter(email_attempts__lt=MAX_EMAIL_ATTEMPTS)
        .filter(Q(email_status=EmailStatus.PENDING, created_at__lte=stale) | Q(email_status=EmailStatus.FAILED))
        .values_list("pk", flat=True)
    )
    sent, failed = notifications_email(ids=ids)
    given_up = Notification.objects.filter(
        email_status=EmailStatus.FAILED, email_attempts__gte=MAX_EMAIL_ATTEMPTS
    ).count()
    return sent, failed, given_up


def notifications_read(*, user: AbstractBaseUser, ids: Iterable[int] | None = None, up_to: int | None = None) -> int:
    """Mark the user's unread notifications read (`ids`, or all up to the id `up_to`); the number marked."""
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    if up_to is not None:
        queryset = queryset.filter(pk__lte=up_to)
    return queryset.update(read_at=timezone.now())


def notifications_resolve(*, kind: Kind, events: Iterable[str]) -> int:
    """Mark read, for everyone, the notifications of events that are dealt with (a file reviewed, replaced)."""
    events = list(events)
    if not events:
        return 0
    return Notification.objects.filter(kind=kind, event__in=events, read_at__isnull=True).update(read_at=timezone.now())


def email_preferences_save(*, user: AbstractBaseUser, by_email: dict[str, bool]) -> None:
    """Store the user's choice per kind (a row only where it differs from the default, yes)."""
    with transaction.atomic():
        EmailPreference.objects.filter(user=user).delete()
        EmailPreference.objects.bulk_create(
            EmailPreference(user=user, kind=kind, by_email=False) for kind, wanted in by_email.items() if not wanted
        )


# PICs hear of a report deadline this many days ahead (the day itself included).
CLOSING_NOTICE_DAYS = 3


def month_closing_notify(*, today: date) -> int:
    """Tell each PIC whose rows of last month still have no report that its deadline is near.

    The deadline is day ZI_REPORT_DUE_DAY of the following month; from CLOSING_NOTICE_DAYS before
    it until the day itself, each such PIC of an enacted plan gets one notification per plan and
    month (running daily repeats nothing). A month the coordinator already closed is left out.
    Returns the number of new notifications.
    """
    last_month = today.replace(day=1) - timedelta(days=1)
    due_day = min(settings.ZI_REPORT_DUE_DAY, monthrange(today.year, today.month)[1])
    deadline = today.replace(day=due_day)
    if not 0 <= (deadline - today).days < CLOSING_NOTICE_DAYS:
        return 0
    month, year = last_month.month, last_month.year
    items = (
        ActionItem.objects.filter(area__plan__year=year, area__plan__status=Plan.Status.DITETAPKAN, target_year=year)
        .exclude(area__plan__closures__month=month)
        .unreported_in(month)
        .select_related("area__plan")
        .prefetch_related("pics")
    )
    counts: dict[tuple[Plan, AbstractBaseUser], int] = {}
    for item in items:
        for user in item.pics.all():
            key = (item.area.plan, user)
            counts[key] = counts.get(key, 0) + 1
    created = 0
    for (plan, user), count in counts.items():
        created += len(
            notify(
                users=[user],
                unit=plan.unit_id,
                kind=Kind.MONTH_CLOSING,
                event=f"closing:{plan.pk}:{year}-{month:02d}",
                params={"month": month, "year": year, "deadline": deadline.isoformat(), "count": count},
                url=reverse("actionplan:my_work"),
            )
        )
    return created
