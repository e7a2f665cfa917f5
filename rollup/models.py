"""The preliminary assessment (penilaian pendahuluan): a parent unit's verdict on a plan below it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplan.models import Plan


class Verdict(models.TextChoices):
    LAYAK = "layak", _("Ready for the TPI evaluation")
    DIKEMBALIKAN = "dikembalikan", _("Returned with notes")


class PreliminaryAssessment(models.Model):
    """One verdict of a preliminary assessor on one plan; never changed, the latest is in force.

    The rows are the history: a returned plan that the unit has improved gets a new verdict, and
    every earlier one stays on record with who gave it and when.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="preliminary_assessments"
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    note = models.TextField(_("notes"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        verbose_name = _("preliminary assessment")
        verbose_name_plural = _("preliminary assessments")
        indexes = [models.Index(fields=["plan", "-assessed_at"], name="rollup_assessment_plan_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(verdict="dikembalikan") | ~models.Q(note=""),
                name="rollup_returned_has_note",
                violation_error_message=_("Say what the unit must improve before it is assessed again."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_verdict_display()}"
