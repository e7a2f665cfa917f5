"""Monev meetings (rapat monitoring dan evaluasi), leadership's recommendations and their follow-up."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Membership, Section
from accounts.permissions import roles_with
from actionplan.models import Plan
from monitoring.periods import CODES, Period

PERIOD_CHOICES = [(code, code) for code in CODES]


def follow_up_path(instance, filename: str) -> str:
    """A random name with no trace of the user's file name, as evidence's: followup/<uuid>."""
    return f"followup/{uuid.uuid4().hex}"


class MonevSession(models.Model):
    """One monitoring meeting of a plan's period: who attended, what it concluded, what leadership asked."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="monev_sessions")
    period = models.CharField(_("period"), max_length=3, choices=PERIOD_CHOICES)
    held_on = models.DateField(_("date of the meeting"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendees = models.TextField(
        _("attendees"), help_text=_("One per line: name and position, e.g. Ahmad Fauzi, Sekretaris.")
    )
    conclusions = models.TextField(_("conclusions (kesimpulan)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("Monev meeting")
        verbose_name_plural = _("Monev meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period"],
                name="monev_session_once_per_period",
                violation_error_message=_("This plan already has a Monev meeting for that period."),
            )
        ]

    def __str__(self) -> str:
        return f"Monev {self.period_obj.label}"

    @property
    def period_obj(self) -> Period:
        return Period(self.period, self.plan.year)

    @property
    def attendee_lines(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class RecommendationQuerySet(models.QuerySet):
    def owned_by(self, user):
        """The one rule of "mine": the user is its owner, or a member of its owner section in a role that follows up.

        One subquery over the user's memberships; no rows loaded.
        """
        sections = Membership.objects.filter(
            user=user, section__isnull=False, role__in=roles_with("follow_up_recommendation")
        ).values("section_id")
        return self.filter(Q(owner_user=user) | Q(owner_section__in=sections))

    def open(self):
        return self.filter(status=Recommendation.Status.OPEN)


class Recommendation(models.Model):
    """An arahan or rekomendasi of leadership at a Monev meeting, owned by a section or a person, due by a date."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("recommendation", "Open")
        DONE = "done", pgettext_lazy("recommendation", "Done")

    session = models.ForeignKey(
        MonevSession, verbose_name=_("Monev meeting"), on_delete=models.PROTECT, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("recommendation"))
    owner_section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    follow_up = models.TextField(_("follow-up (tindak lanjut)"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["session_id", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="recommendation_unique_number"),
            models.CheckConstraint(
                condition=Q(owner_section__isnull=True, owner_user__isnull=False)
                | Q(owner_section__isnull=False, owner_user__isnull=True),
                name="recommendation_one_owner",
                violation_error_message=_("A recommendation has one owner: a section or a person."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="recommendation_open_due_idx")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    @property
    def owner(self):
        return self.owner_user if self.owner_user_id else self.owner_section

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def clean(self):
        if (self.owner_section_id is None) == (self.owner_user_id is None):
            raise ValidationError(_("A recommendation has one owner: a section or a person."))


class FollowUpDocument(models.Model):
    """A file proving a recommendation's follow-up. Written once under a random name, never overwritten or deleted."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.PROTECT, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to=follow_up_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=120)
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("follow-up document")
        verbose_name_plural = _("follow-up documents")

    def __str__(self) -> str:
        return self.original_name
