"""Evidence documents (bukti fisik) uploaded against a row's requirements, their revisions and reviews."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actionplan.models import MONTH_CHOICES, MONTH_VALIDATORS, EvidenceRequirement


def evidence_path(instance, filename: str) -> str:
    """A random name with no trace of the user's file name: evidence/<uuid>."""
    return f"evidence/{uuid.uuid4().hex}"


class EvidenceStatus(models.TextChoices):
    DIAJUKAN = "diajukan", _("Submitted")
    DITERIMA = "diterima", _("Accepted")
    PERLU_PERBAIKAN = "perlu_perbaikan", _("Needs revision")


class Evidence(models.Model):
    """One document submitted for a requirement (and the month it belongs to), in one or more revisions."""

    requirement = models.ForeignKey(
        EvidenceRequirement, verbose_name=_("requirement"), on_delete=models.PROTECT, related_name="evidence"
    )
    month = models.PositiveSmallIntegerField(
        _("month"), choices=MONTH_CHOICES, validators=MONTH_VALIDATORS, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EvidenceStatus.choices, default=EvidenceStatus.DIAJUKAN
    )
    current = models.ForeignKey(
        "EvidenceRevision", verbose_name=_("current revision"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["requirement", "month", "created_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        indexes = [
            models.Index(fields=["status"]),
            # A requirement's evidence in one status: "has accepted evidence" (dashboard and
            # coverage Exists subqueries, missing_evidence) and the dashboard's count waiting
            # for review, which filters by the plan's requirement ids and status "diajukan".
            models.Index(fields=["requirement", "status"], name="evidence_req_status_idx"),
        ]

    @property
    def covers_requirement(self) -> bool:
        """Accepted: this document covers its requirement (selectors.with_coverage, in SQL)."""
        return self.status == EvidenceStatus.DITERIMA

    def __str__(self) -> str:
        name = self.current.original_name if self.current_id else "?"
        month = f" · {MONTHS[self.month]}" if self.month else ""
        return f"{self.requirement}{month} · {name}"


class EvidenceRevision(models.Model):
    """One stored file. Written once under a random name and never overwritten or deleted."""

    evidence = models.ForeignKey(
        Evidence, verbose_name=_("evidence"), on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveSmallIntegerField(_("revision"))
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=120)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["evidence", "number"]
        verbose_name = _("evidence revision")
        verbose_name_plural = _("evidence revisions")
        constraints = [models.UniqueConstraint(fields=["evidence", "number"], name="revision_unique_number")]

    def __str__(self) -> str:
        return f"{self.original_name} (rev. {self.number})"

    @property
    def preview_kind(self) -> str | None:
        """ "pdf" or "image" when a browser can show the file inline (by its sniffed type), else None."""
        if self.content_type == "application/pdf":
            return "pdf"
        if self.content_type in {"image/jpeg", "image/png"}:
            return "image"
        return None


class Review(models.Model):
    """A reviewer's decision on one revision: accepted, or sent back with a note."""

    class Decision(models.TextChoices):
        DITERIMA = EvidenceStatus.DITERIMA.value, EvidenceStatus.DITERIMA.label
        PERLU_PERBAIKAN = EvidenceStatus.PERLU_PERBAIKAN.value, EvidenceStatus.PERLU_PERBAIKAN.label

    evidence = models.ForeignKey(Evidence, verbose_name=_("evidence"), on_delete=models.PROTECT, related_name="reviews")
    revision = models.ForeignKey(
        EvidenceRevision, verbose_name=_("revision"), on_delete=models.PROTECT, related_name="reviews"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    note = models.TextField(_("reviewer's note"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("reviewed"), auto_now_add=True)

    class Meta:
        ordering = ["evidence", "created_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.get_decision_display()} · {self.revision}"
