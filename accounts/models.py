"""Offices (units), their sub-sections, and who holds which role in them."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def letterhead_path(instance, filename: str) -> str:
    """A random name with no trace of the uploaded file's: letterhead/<uuid>."""
    return f"letterhead/{uuid.uuid4().hex}"


class Unit(models.Model):
    """A government office running its own integrity-zone plan, e.g. KPU Kabupaten Serang."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("Used in file names, e.g. kpu-kab-serang.")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    # The Kemendagri code of the area the office serves ("36.04" Kabupaten Serang, "36" Banten, "" KPU RI
    # and offices added by hand): how `manage.py load_units` finds a unit again.
    region_code = models.CharField(
        _("region code (Kemendagri)"),
        max_length=13,
        blank=True,
        db_index=True,
        help_text=_("e.g. 36.04 for Kabupaten Serang; empty for offices without an area of their own."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # The kop surat of the unit's official documents (the Laporan Monev): logo, heading lines, address.
    letterhead_name = models.TextField(
        _("letterhead heading"),
        blank=True,
        help_text=_(
            "One line per printed line, e.g. KOMISI PEMILIHAN UMUM and KABUPATEN SERANG; empty: the unit's name."
        ),
    )
    address = models.TextField(
        _("address"), blank=True, help_text=_("Street, telephone, e-mail, website: one line per printed line.")
    )
    letterhead_logo = models.FileField(
        _("letterhead logo"), upload_to=letterhead_path, max_length=200, blank=True, help_text=_("PNG or JPEG.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    @property
    def letterhead_lines(self) -> list[str]:
        """The kop's heading, line by line: as the coordinator wrote it, else the unit's name in capitals."""
        lines = [line.strip() for line in self.letterhead_name.splitlines() if line.strip()]
        return lines or [self.name.upper()]

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self):
        """A parent chain without loops, at most MAX_DEPTH levels deep with this unit's own units below.

        Roles that flow down reach MAX_DEPTH - 1 levels below their unit (accounts.selectors): a
        deeper unit would silently be out of its leaders' sight.
        """
        depth, parent_id = 1, self.parent_id
        while parent_id is not None:
            if parent_id == self.pk:
                raise ValidationError(
                    {
                        "parent": ValidationError(
                            _("A unit cannot be placed below itself or one of its own units."), code="unit_loop"
                        )
                    }
                )
            depth += 1
            if depth > MAX_DEPTH:
                break
            parent_id = Unit.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        if depth + self.height() > MAX_DEPTH:
            raise ValidationError(
                {
                    "parent": ValidationError(
                        _("Units may be at most %(depth)s levels deep (KPU RI, province, kabupaten/kota, …)."),
                        code="unit_depth",
                        params={"depth": MAX_DEPTH},
                    )
                }
            )

    def height(self) -> int:
        """How many levels of units lie below this one (0: none), one query per level."""
        height, level = 0, [self.pk] if self.pk is not None else []
        while height <= MAX_DEPTH:
            level = list(Unit.objects.filter(parent_id__in=level).values_list("pk", flat=True)) if level else []
            if not level:
                break
            height += 1
        return height


# Levels of the unit tree, the top one counted: KPU RI → provinsi → kabupaten/kota, and one to spare.
MAX_DEPTH = 4


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
    # The province's preliminary assessment (penilaian pendahuluan) of its kabupaten/kota before the TPI.
    PENILAI_PENDAHULUAN = "penilai_pendahuluan", _("Preliminary assessor")


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


# Nomor Induk Pegawai (and the NI PPPK): 18 digits, e.g. 198503302010121002.
NIP_VALIDATOR = RegexValidator(r"^[0-9]{18}$", _("A NIP has 18 digits."))


class Profile(models.Model):
    """What official documents print beside a person's name; the position is the membership's title."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="profile",
    )
    nip = models.CharField(
        "NIP", max_length=18, blank=True, validators=[NIP_VALIDATOR], help_text=_("Nomor Induk Pegawai, 18 digits.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} · NIP {self.nip or '—'}"

    @staticmethod
    def nip_of(user) -> str:
        """The user's NIP, or "" (no profile yet); load `profile` with the user to spare a query."""
        profile = getattr(user, "profile", None) if user is not None else None
        return profile.nip if profile is not None else ""
