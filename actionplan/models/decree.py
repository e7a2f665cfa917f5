"""The decree and its Lampiran: a unit's yearly plan, its six areas, their rows and required evidence."""

import re
from datetime import date, datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least, NullIf, Round
from django.db.models.lookups import GreaterThan, LessThan
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Section, Unit

MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]
MONTH_CHOICES = list(MONTHS.items())
# A row's target months as 12 bits, January = bit 0. ALL_MONTHS means "every month of the span".
ALL_MONTHS = 0b111111111111


def month_bit(month: int) -> int:
    return 1 << (month - 1)


def months_of(start: int, end: int, mask: int) -> list[int]:
    """The target months of a row: the months of its mask inside its start–end span."""
    return [m for m in range(start, end + 1) if mask & month_bit(m)]


def month_mask(months) -> int:
    """The stored mask for a set of months: ALL_MONTHS for an unbroken run (the span says it all)."""
    months = sorted(set(months))
    if not months or months == list(range(months[0], months[-1] + 1)):
        return ALL_MONTHS
    return sum(month_bit(m) for m in months)


def months_text(months, year: int | None = None) -> str:
    """Months in words: "Januari – Desember 2025", "Juni 2025", "Maret, Juni dan September 2025"."""
    months = sorted(set(months))
    names = [str(MONTHS[m]) for m in months]
    if len(months) == 1:
        text = names[0]
    elif months == list(range(months[0], months[-1] + 1)):
        text = f"{names[0]} – {names[-1]}"
    else:
        text = f"{', '.join(names[:-1])} dan {names[-1]}"
    return f"{text} {year}" if year else text


# The decree italicises foreign terms ("*Reward and punishment*"); stored as *…* in the text.
ITALIC_MARK = re.compile(r"\*([^*\n]+)\*")


def plain_text(text: str) -> str:
    """Decree text without its italic marks, for search, spreadsheets and comparisons."""
    return ITALIC_MARK.sub(r"\1", text)


class MonthMaskFormField(forms.TypedMultipleChoiceField):
    """Twelve month checkboxes for a 12-bit month mask; the form's value is the mask itself."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=MONTH_CHOICES, coerce=int, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return [m for m in range(1, 13) if value & month_bit(m)]
        return value

    def clean(self, value):
        # No box ticked reads as "every month of the span", the default, not as "no month at all".
        return sum(month_bit(m) for m in set(super().clean(value))) or ALL_MONTHS

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != sorted(int(m) for m in (data or []))


class MonthMaskField(models.PositiveSmallIntegerField):
    """Which months of the year, as 12 bits (January = bit 0); edited as month checkboxes."""

    def formfield(self, **kwargs):
        return MonthMaskFormField(
            required=False, label=capfirst(self.verbose_name), help_text=self.help_text, initial=self.default
        )


class Plan(models.Model):
    """One unit's Rencana Aksi for one year, with the decree (Keputusan) that set it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DITETAPKAN = "ditetapkan", _("Enacted (ditetapkan)")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    issuer = models.CharField(
        _("issuing body"),
        max_length=200,
        help_text=_("As in the decree heading, e.g. KOMISI PEMILIHAN UMUM KABUPATEN SERANG"),
    )
    decree_number = models.CharField(_("decree number"), max_length=50)
    title = models.TextField(_("title (tentang)"))
    enacting_official = models.CharField(
        _("enacting official"), max_length=200, help_text=_("The line before Menimbang, e.g. KETUA … KABUPATEN SERANG,")
    )
    menetapkan = models.TextField(_("Menetapkan"), blank=True)
    signed_place = models.CharField(_("place of signing"), max_length=100)
    signed_on = models.DateField(_("date of signing"))
    signed_on_text = models.CharField(
        _("date of signing as written in the decree"), max_length=60, blank=True, help_text=_("e.g. 6 Januari 2025")
    )
    lampiran_signed_on_text = models.CharField(
        _("date of signing as written in the Lampiran"), max_length=60, blank=True, help_text=_("e.g. 06 Januari 2025")
    )
    signatory_office = models.TextField(_("signatory's office"), help_text=_("One line per printed line."))
    signatory_name = models.CharField(_("signatory's name"), max_length=200)
    signature_mark = models.CharField(_("signature mark"), max_length=20, default="ttd.", blank=True)
    lampiran_title = models.TextField(_("Lampiran title"))

    is_certified_copy = models.BooleanField(_("certified copy (SALINAN)"), default=True)
    certification_label = models.CharField(
        _("certification label"), max_length=100, default="Salinan sesuai dengan aslinya", blank=True
    )
    certifier_office = models.TextField(_("certifying official's office"), blank=True)
    certifier_name = models.CharField(_("certifying official's name"), max_length=200, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "unit__name"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "decree_number"],
                name="plan_unique_decree",
                violation_error_message=_("This unit already has a plan with that decree number for that year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} (Nomor {self.decree_number})"

    @property
    def label(self) -> str:
        """How pages name a plan: unit · year · decree number, so two plans of one year differ."""
        return _("%(unit)s · %(year)s · No. %(number)s") % {
            "unit": self.unit.short_name,
            "year": self.year,
            "number": self.decree_number,
        }

    @property
    def file_stem(self) -> str:
        """Stem for downloads, e.g. kpts-995-2025-kpu-kab-serang."""
        number = re.sub(r"[^0-9A-Za-z]+", "-", self.decree_number).strip("-").lower()
        return f"kpts-{number}-{self.year}-{self.unit.code}"


# The decree's own fields, in the order its form shows them: the authoring form edits them (with
# the year), the plan's change history tracks them (with the status).
DECREE_FIELDS = [
    "decree_number",
    "issuer",
    "title",
    "enacting_official",
    "menetapkan",
    "lampiran_title",
    "signed_place",
    "signed_on",
    "signed_on_text",
    "lampiran_signed_on_text",
    "signatory_office",
    "signatory_name",
    "signature_mark",
    "is_certified_copy",
    "certification_label",
    "certifier_office",
    "certifier_name",
]


class DecreeClause(models.Model):
    """One numbered part of the decree body: a Menimbang point, a Mengingat point, or a diktum."""

    class Part(models.TextChoices):
        MENIMBANG = "menimbang", "Menimbang"
        MENGINGAT = "mengingat", "Mengingat"
        DIKTUM = "diktum", _("Diktum (KESATU, KEDUA, …)")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="clauses")
    part = models.CharField(_("part"), max_length=20, choices=Part.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("label"), max_length=20, help_text=_("e.g. a., 1., KESATU"))
    text = models.TextField(_("text"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "part", "order"]
        verbose_name = _("decree clause")
        verbose_name_plural = _("decree clauses")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "part", "order"],
                name="clause_unique_order",
                violation_error_message=_("Two clauses of the same part cannot share an order number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()} {self.label}"


class Area(models.Model):
    """One of the Lampiran's areas (I–VI), its title exactly as the decree writes it."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="areas")
    order = models.PositiveSmallIntegerField(_("order"))
    numeral = models.CharField(_("numeral"), max_length=10, help_text=_("e.g. I, II, … VI"))
    title = models.CharField(_("title"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "order"],
                name="area_unique_order",
                violation_error_message=_("This plan already has an area in that position."),
            ),
            models.UniqueConstraint(
                fields=["plan", "numeral"],
                name="area_unique_numeral",
                violation_error_message=_("This plan already has an area with that numeral."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.numeral}. {self.title}"


class ItemStatus(models.TextChoices):
    BELUM_DIMULAI = "belum_dimulai", _("Not started")
    BERJALAN = "berjalan", _("In progress")
    SELESAI = "selesai", _("Done")
    TERLAMBAT = "terlambat", _("Late")
    # Reported every ended month, but the realisation is below the month's planned target (actionplan.targets).
    DI_BAWAH_TARGET = "di_bawah_target", _("Behind target")


def _has_month(mask, month) -> Q:
    """SQL for "bit `month` of `mask` is set" (`month` an int, or an expression giving its bit)."""
    bit = Value(month_bit(month)) if isinstance(month, int) else month
    return Q(GreaterThan(mask.bitand(bit), 0))


def _month_bit_sql(month):
    """SQL for 2 ** (month - 1) (an integer shift on SQLite and PostgreSQL alike)."""
    return Value(1).bitleftshift(F(month) - 1)


class ActionItemQuerySet(models.QuerySet):
    def in_month(self, month: int):
        """Items whose target months include the given month (1–12)."""
        return self.filter(target_start_month__lte=month, target_end_month__gte=month).filter(
            _has_month(F("target_month_mask"), month)
        )

    def unreported_in(self, month: int, *, entered_by: datetime | None = None):
        """Rows due in `month` with no report for it (entries made until `entered_by`, if given).

        A row marked done in an earlier month needs no further reports, as on the dashboard's grid.
        """
        from actionplan.models.progress import ProgressEntry

        entries = ProgressEntry.objects.filter(item=OuterRef("pk"))
        if entered_by is not None:
            entries = entries.filter(created_at__lte=entered_by)
        return (
            self.in_month(month)
            .exclude(Exists(entries.filter(month=month)))
            .exclude(Exists(entries.filter(month__lt=month, is_done=True)))
        )

    def with_status(self, *, today: date, entered_by: datetime | None = None, through_month: int | None = None):
        """Annotate each row's derived status, as the README's "Item status" section defines it.

        `today` is the local (Asia/Jakarta) date the status is judged on; a month has ended when
        its last day is before `today`. With `entered_by`, only entries made until then count
        (the dashboard's "as of" view); with `through_month`, only entries for months up to it,
        whenever they were filed (the Laporan Monev of a period). Adds: `status`, `is_done`, `reported_months` (entries
        for ended months), `expected_months` (ended months of the period), `missing_months`,
        `period_over`, `latest_percent`; and, by actionplan.targets' rule, `target_percent` (the
        cumulative % planned by the end of the latest ended target month, a Decimal; None before
        one has ended), from which the row's `capaian` and `behind_target` properties follow. All
        in the same single query, as correlated subqueries.
        """
        from actionplan.models.progress import ProgressEntry

        entries = ProgressEntry.objects.filter(item=OuterRef("pk"))
        if entered_by is not None:
            entries = entries.filter(created_at__lte=entered_by)
        if through_month is not None:
            entries = entries.filter(month__lte=through_month)
        last_ended = Case(
            When(target_year__lt=today.year, then=Value(12)),
            When(target_year=today.year, then=Value(today.month - 1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        # Only reports for months of the row's set count: a report for a month outside it is extra.
        counted = (
            entries.filter(month__lte=OuterRef("last_ended_month"), month__gte=OuterRef("target_start_month"))
            .filter(month__lte=OuterRef("target_end_month"))
            .filter(_has_month(OuterRef("target_month_mask"), _month_bit_sql("month")))
            .order_by()
            .values("item")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return (
            self.annotate(last_ended_month=last_ended)
            .annotate(
                is_done=Exists(entries.filter(is_done=True)),
                has_progress=Exists(entries),
                reported_months=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
                expected_months=_expected_months(),
                period_over=Q(last_ended_month__gte=F("target_end_month")),
                latest_percent=Coalesce(
                    Subquery(entries.order_by("-month").values("percent")[:1], output_field=IntegerField()),
                    Value(0),
                ),
            )
            .annotate(missing_months=F("expected_months") - F("reported_months"), target_percent=_target_percent())
            .annotate(
                status=Case(
                    When(is_done=True, then=Value(ItemStatus.SELESAI)),
                    When(Q(period_over=True) | Q(missing_months__gt=0), then=Value(ItemStatus.TERLAMBAT)),
                    # Equal is on target; no target (NULL) is not behind. Each reference to an
                    # annotation repeats its SQL (subqueries included), so this is the only one.
                    When(_below_target(), then=Value(ItemStatus.DI_BAWAH_TARGET)),
                    When(has_progress=True, then=Value(ItemStatus.BERJALAN)),
                    default=Value(ItemStatus.BELUM_DIMULAI),
                    output_field=models.CharField(),
                )
            )
        )


def _expected_months():
    """SQL counting the row's target months that have ended, in one expression."""
    return _target_months_through(F("last_ended_month"))


def _target_months_through(month):
    """SQL counting the row's target months from its start up to `month` (an expression; all after its end).

    That part of the span as bits (start .. min(end, month)), masked by the row's months, then
    counted with the 14-bit popcount of Bit Twiddling Hacks (64-bit multiply, mask, mod 15): a
    dozen CASE terms cost ~20 ms to compile on every page that shows a status (H2 measured).
    """
    start = F("target_start_month") - 1
    top = Greatest(Least(F("target_end_month"), month), start)
    ended = F("target_month_mask").bitand(Value(1).bitleftshift(top) - Value(1).bitleftshift(start))
    spread = (ended * Value(0x200040008001)).bitand(Value(0x111111111111111))
    return ExpressionWrapper(spread % Value(15), output_field=IntegerField())


def _target_percent():
    """SQL for the cumulative % planned by the end of the latest ended target month, in hundredths.

    The coordinator's target for that month if the row has a plan (ItemTarget, looked up only
    when `has_target_plan`), else the even spread: the k-th of n target months plans 100·k/n %, rounded half up to hundredths, which in
    integers is (20000·k + n) div 2n. NULL while no target month has ended (k = 0). The rule and
    its Python twin are in actionplan.targets.
    """
    from actionplan.models.targets import HundredthsField, ItemTarget

    explicit = (
        ItemTarget.objects.filter(item=OuterRef("pk"), month__lte=OuterRef("last_ended_month"))
        .filter(month__gte=OuterRef("target_start_month"), month__lte=OuterRef("target_end_month"))
        .filter(_has_month(OuterRef("target_month_mask"), _month_bit_sql("month")))
        .order_by("-month")
        .annotate(hundredths=Cast(Round(F("percent") * Value(100)), IntegerField()))
        .values("hundredths")[:1]
    )
    # k of n target months ended; for k >= 1 the spread is at least (20000 + 12) div 24 = 834, so
    # NULLIF(…, 0) is NULL exactly when k = 0 (GREATEST: never a division by zero). Each reference to an annotation repeats its SQL, and
    # status repeats this whole expression: k and n appear once each (their popcounts compiled
    # twice, not eight times as with a CASE around both), which keeps with_status' compile cost.
    ended, months = F("expected_months"), _target_months_through(F("target_end_month"))
    even = NullIf((Value(20000) * ended + months) / (Value(2) * Greatest(months, Value(1))), Value(0))
    # CASE evaluates its branch lazily (SQLite and PostgreSQL): a row without a plan runs no subquery.
    planned = Case(When(has_target_plan=True, then=Subquery(explicit, output_field=IntegerField())))
    return Coalesce(planned, even, output_field=HundredthsField())


def _below_target():
    """SQL for "the realisation is below the target due" (whole percent against hundredths)."""
    return LessThan(F("latest_percent") * Value(100), F("target_percent"))


class ActionItem(models.Model):
    """A row of the Lampiran: Komponen, Indikator, Langkah Aksi, Bukti Fisik and Target Waktu."""

    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    komponen = models.TextField(_("Komponen"))
    indikator = models.TextField(_("Indikator"))
    langkah_aksi = models.TextField(_("Langkah Aksi"))
    bukti_fisik = models.TextField(
        _("Bukti Fisik (as written)"),
        help_text=_("The decree's own text; the required documents are listed separately."),
    )
    target_start_month = models.PositiveSmallIntegerField(
        _("target start month"), choices=MONTH_CHOICES, validators=MONTH_VALIDATORS
    )
    target_end_month = models.PositiveSmallIntegerField(
        _("target end month"), choices=MONTH_CHOICES, validators=MONTH_VALIDATORS
    )
    target_month_mask = MonthMaskField(
        _("target months"),
        default=ALL_MONTHS,
        help_text=_("The months between the start and end month that are targets; none ticked means all of them."),
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    target_text = models.CharField(
        _("Target Waktu (as written)"), max_length=100, blank=True, help_text=_("e.g. Januari - Desember 2025")
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("responsible section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
    )
    decree_note = models.TextField(
        _("note on the decree text"),
        blank=True,
        help_text=_("A suspected error in the decree's wording, shown to users; the text itself stays as enacted."),
    )
    import_note = models.TextField(
        _("note from the imported sheet"),
        blank=True,
        help_text=_("Columns of the imported sheet the plan has no field for, as “header: value” lines."),
    )
    pics = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("PICs"), blank=True, related_name="assigned_items"
    )
    # Kept by actionplan.targets alone: with_status() looks up a plan's targets only for a row that
    # has one, so the even spread (most rows) costs no lookup at all.
    has_target_plan = models.BooleanField(
        _("has its own monthly targets"),
        default=False,
        editable=False,
        help_text=_("The coordinator planned the row's monthly targets; otherwise they are spread evenly."),
    )

    history = HistoricalRecords(m2m_fields=[pics])
    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["area__order", "number"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [
            # Rows of an area by section: the register's and the dashboard's section filter
            # (reports.views rows, actionplan.selectors.visible_items(section=...)) and the
            # dashboard's grouped count by (area, section, status).
            models.Index(fields=["area", "section"], name="item_area_section_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "number"],
                name="item_unique_number_per_area",
                violation_error_message=_("This area already has a row with that number."),
            ),
            models.CheckConstraint(
                condition=models.Q(target_end_month__gte=models.F("target_start_month")),
                name="item_target_end_not_before_start",
                violation_error_message=_("The target end month cannot be before the start month."),
            ),
            models.CheckConstraint(
                condition=models.Q(target_month_mask__gte=1, target_month_mask__lte=ALL_MONTHS),
                name="item_target_month_mask_12_bits",
                violation_error_message=_("A row needs at least one target month."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {plain_text(self.komponen)}"

    def save(self, *args, **kwargs):
        # has_target_plan is actionplan.targets' to write (with update()): saving a row loaded
        # before its targets changed must not undo that change.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.attname for f in self._meta.concrete_fields if not f.primary_key and f.name != "has_target_plan"
            ]
        super().save(*args, **kwargs)

    @property
    def capaian(self):
        """Realisation ÷ target due, in % (a Decimal; None without a target), for a row loaded with_status()."""
        from actionplan.targets import capaian

        return capaian(self.latest_percent, self.target_percent)

    @property
    def behind_target(self) -> bool:
        """Not done and below the target due, late or not (with_status()'s status says which wins)."""
        return not self.is_done and self.target_percent is not None and self.latest_percent < self.target_percent

    @property
    def code(self) -> str:
        """Row reference as people say it: I.3, IV.2."""
        return f"{self.area.numeral}.{self.number}"

    @property
    def target_months(self) -> list[int]:
        """The months (1–12) this row is due in, in order: a range, or any set of months."""
        return months_of(self.target_start_month, self.target_end_month, self.target_month_mask)

    def set_target_months(self, months) -> None:
        """Make `months` the row's targets: the span from the first to the last, the mask for gaps."""
        months = sorted(set(months))
        self.target_start_month, self.target_end_month = months[0], months[-1]
        self.target_month_mask = month_mask(months)

    @property
    def target_period_display(self) -> str:
        """The months in words: "Januari – Desember 2025", "Juni 2025", "Maret, Juni dan September 2025"."""
        return months_text(self.target_months, self.target_year)

    def clean(self):
        errors = {}
        if not plain_text(self.komponen or "").strip():
            errors["komponen"] = _("Komponen cannot be empty.")
        if self.target_start_month and self.target_end_month and self.target_end_month < self.target_start_month:
            errors["target_end_month"] = _("The target end month cannot be before the start month.")
        elif self.target_start_month and self.target_end_month:
            if self.target_months:
                self.set_target_months(self.target_months)  # the span shrinks to the months chosen
            else:
                errors["target_month_mask"] = _("None of the chosen months lies between the start and end month.")
        if self.section_id and self.area_id and self.section.unit_id != self.area.plan.unit_id:
            errors["section"] = _("The section must belong to the plan's unit.")
        if errors:
            raise ValidationError(errors)


# A row as the decree's Lampiran writes it: its texts and its Target Waktu. An import writes
# these; the plan's history shows their changes.
ROW_DECREE_FIELDS = [
    "komponen",
    "indikator",
    "langkah_aksi",
    "bukti_fisik",
    "target_start_month",
    "target_end_month",
    "target_month_mask",
    "target_year",
    "target_text",
]
# The row's fields people edit, in the row editor's order: the editor's fields, what the
# service compares to record a change, and what the row's history shows (PICs as a set).
ITEM_TRACKED = ["area", "number", *ROW_DECREE_FIELDS, "section", "pics", "decree_note"]


class EvidenceRequirement(models.Model):
    """One document the Bukti Fisik asks for, e.g. "Daftar Hadir" for row I.3."""

    item = models.ForeignKey(
        ActionItem, verbose_name=_("action item"), on_delete=models.CASCADE, related_name="requirements"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("document"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "order"]
        verbose_name = _("evidence requirement")
        verbose_name_plural = _("evidence requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "order"],
                name="requirement_unique_order",
                violation_error_message=_("This row already has a requirement in that position."),
            )
        ]

    def __str__(self) -> str:
        return self.name
