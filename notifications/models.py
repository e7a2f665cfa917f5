"""What the app tells a user (the bell and its page), and whether each kind also comes by e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit


class Kind(models.TextChoices):
    EVIDENCE_RETURNED = "evidence_returned", _("A document of mine was returned for revision")
    EVIDENCE_WAITING = "evidence_waiting", _("A document waits for my review")
    ASSIGNMENT = "assignment", _("I was made PIC of a row, or no longer am")
    MONTH_CLOSING = "month_closing", _("A month is about to close and my rows have no report")
    RECOMMENDATION = "recommendation", _("A recommendation is assigned to me or falls due")


class EmailStatus(models.TextChoices):
    NOT_SENT = "not_sent", _("Not by e-mail")  # the user turned this kind off, or has no address
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One message to one user about one event; `event` makes a second delivery of the same event a no-op."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    event = models.CharField(
        _("event"), max_length=100, help_text=_("e.g. review:42; one notification per user and event")
    )
    params = models.JSONField(_("details"), default=dict, blank=True)  # worded when shown, in the reader's language
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    email_status = models.CharField(
        _("e-mail"), max_length=20, choices=EmailStatus.choices, default=EmailStatus.NOT_SENT
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_error = models.TextField(_("last e-mail error"), blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "kind", "event"], name="notification_once_per_event")]
        indexes = [
            # The bell: a user's unread count, on every page.
            models.Index(fields=["user", "read_at"], name="notification_unread_idx"),
            # The retry command: failed e-mails.
            models.Index(fields=["email_status"], name="notification_email_idx"),
        ]

    def __str__(self) -> str:
        return self.message[:80]

    @property
    def message(self) -> str:
        """The notification in words, in the active language (see notifications.messages)."""
        from notifications.messages import message

        return message(self.kind, self.params)


class EmailPreference(models.Model):
    """A user's choice to get one kind by e-mail or not; no row means yes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    by_email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_preference_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind} · {self.by_email}"
