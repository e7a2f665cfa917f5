"""The LKE catalogue as versioned data (regulation → komponen → … → pertanyaan) and self-assessments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from actionplan.models import ActionItem


class Version(models.Model):
    """One regulation's LKE. A later regulation is a new row with its own catalogue, not new code."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    source = models.TextField(_("source"), blank=True)
    # {type: {"label", "options": [[letter, value], …]}} — the values the official sheet gives each answer
    answer_types = models.JSONField(_("answer types"))
    # [{"code", "name", "requires", "rules": [{"figure", "min", "label"}, …]}, …] (Lampiran II Tabel 6)
    predikat = models.JSONField(_("predicate thresholds"))

    class Meta:
        verbose_name = _("LKE version")
        verbose_name_plural = _("LKE versions")

    def __str__(self) -> str:
        return self.name


class Komponen(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="komponen")
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(_("numbering"), max_length=5)  # A., B.
    key = models.SlugField(_("key"), max_length=30)  # pengungkit, hasil: what thresholds refer to
    name = models.CharField(_("name"), max_length=200)
    bobot = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["order"]
        verbose_name = _("komponen")
        verbose_name_plural = _("komponen")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="lke_komponen_key")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class SubKomponen(models.Model):
    komponen = models.ForeignKey(Komponen, on_delete=models.CASCADE, related_name="sub_komponen")
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(_("numbering"), max_length=5)  # I., II.
    key = models.SlugField(_("key"), max_length=30)  # pemenuhan, reform, bersih, prima
    name = models.CharField(_("name"), max_length=200)
    bobot = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["komponen__order", "order"]
        verbose_name = _("sub-komponen")
        verbose_name_plural = _("sub-komponen")

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Area(models.Model):
    """One of the six areas of change; Pemenuhan and Reform each hold a part of every area."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("LKE area")
        verbose_name_plural = _("LKE areas")
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="lke_area_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SubIndikatorQuerySet(models.QuerySet):
    def annotate_keys(self):
        """Each row with `sub_komponen_key` and `area_number`, read in the same query (no join per row)."""
        return self.annotate(sub_komponen_key=F("sub_komponen__key"), area_number=F("area__number"))


class SubIndikator(models.Model):
    """A weighted line of the LKE: its value is the mean of its questions' values × bobot."""

    objects = SubIndikatorQuerySet.as_manager()

    sub_komponen = models.ForeignKey(SubKomponen, on_delete=models.CASCADE, related_name="sub_indikator")
    area = models.ForeignKey(  # none for the Hasil items, which sit directly under their sub-komponen
        Area, on_delete=models.CASCADE, related_name="sub_indikator", null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(_("numbering"), max_length=5)  # i., ii., … (a., b. in Hasil)
    key = models.SlugField(_("key"), max_length=30, blank=True)  # ipak, kinerja, ipkp
    name = models.TextField(_("name"))
    bobot = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    action_items = models.ManyToManyField(
        ActionItem, through="ItemLink", related_name="lke_sub_indikator", verbose_name=_("plan rows"), blank=True
    )

    class Meta:
        ordering = ["sub_komponen__komponen__order", "sub_komponen__order", "area__number", "order"]
        verbose_name = _("sub-indikator")
        verbose_name_plural = _("sub-indikator")

    def __str__(self) -> str:
        return f"{self.numbering} {self.name}"

    @property
    def numbering(self) -> str:
        """ "A.II.5.iii", "B.I.a": komponen, sub-komponen, area, sub-indikator as the sheet numbers them."""
        area = f"{self.area.number}." if self.area_id else ""
        return f"{self.sub_komponen.komponen.code}.{self.sub_komponen.code}.{area}{self.code}"


class Pertanyaan(models.Model):
    """One scored item of Lampiran III, verbatim: its text, the Penjelasan of each answer, its answer type."""

    class AnswerType(models.TextChoices):
        YA_TIDAK = "ya_tidak", "Ya/Tidak"
        ABC = "abc", "A/B/C"
        ABCD = "abcd", "A/B/C/D"
        ABCDE = "abcde", "A/B/C/D/E"
        PERSEN = "persen", "%"
        SURVEI = "survei", _("Score (0-4)")

    sub_indikator = models.ForeignKey(SubIndikator, on_delete=models.CASCADE, related_name="pertanyaan")
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(_("numbering"), max_length=5)  # a., b., or "-" as printed
    heading = models.TextField(_("heading"), blank=True)  # the part titles of Reform 5.iii (LHKPN, LHKASN)
    text = models.TextField(_("question"))
    penjelasan = models.TextField(_("Penjelasan"), blank=True)
    answer_type = models.CharField(_("answer type"), max_length=10, choices=AnswerType.choices)
    # percentage items: [{"key", "label", "sum_of"?}, …] and {"kind": ratio|reduction, …, "on_zero"}
    inputs = models.JSONField(_("counts asked"), default=list, blank=True)
    formula = models.JSONField(_("formula"), default=dict, blank=True)

    class Meta:
        ordering = [
            "sub_indikator__sub_komponen__komponen__order",
            "sub_indikator__sub_komponen__order",
            "sub_indikator__area__number",
            "sub_indikator__order",
            "order",
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class ItemLink(models.Model):
    """A plan row works on a sub-indikator (owned here so that actionplan does not depend on lke)."""

    sub_indikator = models.ForeignKey(
        SubIndikator, verbose_name=_("sub-indikator"), on_delete=models.CASCADE, related_name="item_links"
    )
    item = models.ForeignKey(ActionItem, verbose_name=_("plan row"), on_delete=models.CASCADE, related_name="lke_links")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan row link")
        verbose_name_plural = _("plan row links")
        constraints = [models.UniqueConstraint(fields=["sub_indikator", "item"], name="lke_itemlink_unique")]

    def __str__(self) -> str:
        return f"{self.item.code} → {self.sub_indikator.numbering}"


class Assessment(models.Model):
    """A unit's self-assessment (penilaian mandiri) for one year against one LKE version."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="lke_assessments")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    version = models.ForeignKey(Version, verbose_name=_("LKE version"), on_delete=models.PROTECT)
    holds_wbk = models.BooleanField(
        _("already holds Menuju WBK"), default=False, help_text=_("Menuju WBBM requires it (Tabel 6).")
    )

    class WbkGrantedBy(models.TextChoices):
        # Lampiran II Bab III.D: on the TPN's recommendation the Minister grants it by decree.
        TPN = "tpn", _("Minister's decree (evaluation by KemenPAN-RB's TPN)")
        # PermenPAN-RB 5/2024, Lampiran II Bab II.B: an instansi may evaluate for Menuju WBK itself,
        # and that predicate counts as the TPN's, WBBM proposals included.
        MANDIRI = "mandiri", _("Instansi's own evaluation (evaluasi mandiri, PermenPAN-RB 5/2024)")

    # The decree that granted it, so the verdict can say on what the precondition rests.
    wbk_granted_by = models.CharField(_("granted by"), max_length=10, choices=WbkGrantedBy.choices, blank=True)
    wbk_decree_number = models.CharField(_("decree number"), max_length=150, blank=True)
    wbk_decree_date = models.DateField(_("date of the decree"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="lke_assessment_unit_year")]

    def __str__(self) -> str:
        return f"LKE {self.unit} {self.year}"

    def clean(self):
        """Holding Menuju WBK rests on a decree: its number and a date no later than today and than the
        assessment's year (a predicate granted afterwards cannot be a precondition of this year's WBBM)."""
        errors = {}
        if self.holds_wbk:
            if self.wbk_granted_by not in self.WbkGrantedBy.values:
                errors["wbk_granted_by"] = _("Say whether the Minister or the instansi's own evaluation granted it.")
            if not self.wbk_decree_number.strip():
                errors["wbk_decree_number"] = _("Give the number of the decree that granted Menuju WBK.")
            if self.wbk_decree_date is None:
                errors["wbk_decree_date"] = _("Give the date of the decree that granted Menuju WBK.")
            elif self.wbk_decree_date > timezone.localdate():
                errors["wbk_decree_date"] = _("The decree's date cannot be in the future.")
            elif self.year and self.wbk_decree_date.year > self.year:
                errors["wbk_decree_date"] = _(
                    "A decree of %(decree)s cannot be the precondition of the %(year)s assessment."
                ) % {"decree": self.wbk_decree_date.year, "year": self.year}
        elif self.wbk_granted_by or self.wbk_decree_number.strip() or self.wbk_decree_date is not None:
            errors["holds_wbk"] = _("A decree is given: tick that the unit holds Menuju WBK, or clear the decree.")
        if errors:
            raise ValidationError(errors)


class Answer(models.Model):
    """The unit's answer to one question and, beside it, the internal reviewer's (TPI)."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    pertanyaan = models.ForeignKey(
        Pertanyaan, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    # an option letter ("Ya", "A", …) or a survey score; percentage items keep their counts in `counts`
    unit_answer = models.CharField(_("unit's answer"), max_length=10, blank=True)
    unit_counts = models.JSONField(_("unit's counts"), default=dict, blank=True)
    unit_note = models.TextField(_("note"), blank=True)
    tpi_answer = models.CharField(_("TPI's answer"), max_length=10, blank=True)
    tpi_counts = models.JSONField(_("TPI's counts"), default=dict, blank=True)
    tpi_note = models.TextField(_("TPI's note"), blank=True)
    evidence = models.ManyToManyField("evidence.Evidence", verbose_name=_("evidence"), blank=True, related_name="+")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[evidence])

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["assessment", "pertanyaan"], name="lke_answer_unique")]
