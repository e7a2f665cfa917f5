"""Reads for notifications: the bell's count and a user's list."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from notifications.models import EmailPreference, Kind, Notification


def unread_count(*, user: AbstractBaseUser) -> int:
    """The bell: one COUNT on the (user, read_at) index."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def user_notifications(*, user: AbstractBaseUser) -> QuerySet[Notification]:
    """The user's notifications, newest first; paginate it (1 query a page, nothing joined)."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def email_choices(*, user: AbstractBaseUser) -> dict[str, bool]:
    """Per kind, whether the user gets it by e-mail (yes unless turned off): 1 query."""
    off = set(EmailPreference.objects.filter(user=user, by_email=False).values_list("kind", flat=True))
    return {kind: kind not in off for kind in Kind.values}
