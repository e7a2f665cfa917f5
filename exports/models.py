"""Exports built by the background worker: who asked, for which plan, how far it got, and the file."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    BUNDLE = "bundle", _("Evidence bundle (ZIP)")
    MONEV_PDF = "monev_pdf", _("Monev report (PDF)")
    MONEV_XLSX = "monev_xlsx", _("Monev report (Excel)")


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportQuerySet(models.QuerySet):
    def expired(self, *, now=None):
        """Finished or failed exports past their expiry, and any left queued or running for a day."""
        now = now or timezone.now()
        return self.filter(
            models.Q(expires_at__lte=now)
            | models.Q(state__in=[ExportState.QUEUED, ExportState.RUNNING], created_at__lte=now - timedelta(days=1))
        )


def export_path(instance, filename: str) -> str:
    # Private: a random name under exports/, served only by exports:download after its scope check.
    return f"exports/{filename}"


class Export(models.Model):
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    plan = models.ForeignKey("actionplan.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=ExportKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=export_path, blank=True, max_length=255)
    filename = models.CharField(_("download name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "plan", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def in_progress(self) -> bool:
        return self.state in (ExportState.QUEUED, ExportState.RUNNING)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def downloadable(self) -> bool:
        return self.state == ExportState.DONE and bool(self.file) and not self.is_expired
