"""What happens to the rows month by month: progress entries and closed months."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actionplan.models.decree import MONTH_CHOICES, MONTH_VALIDATORS, ActionItem, Plan

# What a PIC reports for a month: the form's fields, what a conflict compares, what history shows.
PROGRESS_TRACKED = ["percent", "is_done", "activity", "obstacles", "next_steps"]


class ProgressEntry(models.Model):
    """A row's realisation (realisasi) for one month of its target period, as its PIC reported it."""

    # PROTECT, like evidence: a row with a year of reports is not deleted as a side effect.
    item = models.ForeignKey(
        ActionItem, verbose_name=_("action item"), on_delete=models.PROTECT, related_name="progress"
    )
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTH_CHOICES, validators=MONTH_VALIDATORS)
    percent = models.PositiveSmallIntegerField(
        _("realisation (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)], default=0
    )
    is_done = models.BooleanField(_("done"), default=False, help_text=_("The row's work is complete."))
    activity = models.TextField(_("what was done"), blank=True)
    obstacles = models.TextField(_("obstacles (kendala)"), blank=True)
    next_steps = models.TextField(_("next steps (tindak lanjut)"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last changed by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Optimistic locking: a save must name the version it was based on (see services.progress_save).
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "month"]
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "month"],
                name="progress_one_entry_per_month",
                violation_error_message=_("This row already has a progress entry for that month."),
            ),
            models.CheckConstraint(
                condition=models.Q(percent__lte=100),
                name="progress_percent_at_most_100",
                violation_error_message=_("The realisation must be between 0 and 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} · {MONTHS[self.month]} {self.item.target_year}"


class MonthClosure(models.Model):
    """A month the coordinator has closed: its progress entries can no longer be changed."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="closures")
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTH_CHOICES, validators=MONTH_VALIDATORS)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.PROTECT)
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "month"]
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "month"],
                name="closure_unique_month",
                violation_error_message=_("That month is already closed."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {MONTHS[self.month]}"
