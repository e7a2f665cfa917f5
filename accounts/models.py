"""Offices (units), their sub-sections, and who holds which role in them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Unit(models.Model):
    """A government office running its own integrity-zone plan, e.g. KPU Kabupaten Serang."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("Used in file names, e.g. kpu-kab-serang.")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.short_name or self.name


class Section(models.Model):
    """A sub-section (sub-bagian) of a unit's secretariat, to which action items are assigned."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="sections")
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "order", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="section_unique_name_per_unit",
                violation_error_message=_("This unit already has a section with that name."),
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    KOORDINATOR = "koordinator", _("Coordinator (Tim ZI)")
    PIC = "pic", _("PIC (staff)")
    PIMPINAN = "pimpinan", _("Leadership")
    PENILAI = "penilai", _("Internal reviewer")


class Membership(models.Model):
    """One role of one user in one unit; a user may hold several roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    title = models.CharField(_("position"), max_length=200, blank=True, help_text=_("e.g. Sekretaris"))

    # Who gave whom which role, and when: every membership change is on record.
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "role", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="membership_unique_role",
                violation_error_message=_("This user already holds that role in this unit."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    def clean(self):
        if self.section_id and self.unit_id and self.section.unit_id != self.unit_id:
            raise ValidationError({"section": _("The section must belong to the same unit.")})
