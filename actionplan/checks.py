"""Plan checks: warnings about a plan's rows a coordinator should look at (never a block)."""

import re
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from accounts.models import Unit
from actionplan.models import ActionItem, Plan, plain_text

# "KPU Kota Tangerang", "Komisi Pemilihan Umum Kabupaten Serang", "BPS Kab. Lebak": an office
# named by its region; the region is compared with the plan's own unit.
OFFICE_NAME = re.compile(r"\b(Kabupaten|Kab\.|Kota|Provinsi)\s+((?:[A-Z][\w-]*)(?:\s+[A-Z][\w-]*)*)")


@dataclass(frozen=True)
class CheckRow:
    """What the checks read of one row, from the database or from an import's preview."""

    code: str
    komponen: str
    indikator: str
    langkah_aksi: str
    bukti_fisik: str
    requirement_count: int
    pic_count: int
    year: int


@dataclass(frozen=True)
class Warning:
    code: str  # the row (I.3) or area (IV) it is about
    message: str


def _region(kind: str, name: str) -> str:
    return f"{'Kabupaten' if kind == 'Kab.' else kind} {name}".lower()


def other_offices(text: str, unit: Unit) -> list[str]:
    """Offices named in `text` whose region is not the unit's own."""
    own = f"{unit.name} {unit.short_name}".lower().replace("kab. ", "kabupaten ")
    found = []
    for match in OFFICE_NAME.finditer(plain_text(text)):
        words = match.group(2).split()
        # The longest region the unit's name holds counts as its own ("Kabupaten Serang Tahun" → own).
        if not any(_region(match.group(1), " ".join(words[:n])) in own for n in range(1, len(words) + 1)):
            found.append(f"{match.group(1)} {words[0]}")
    return found


def checks_for(*, unit: Unit, year: int, areas: list[tuple[str, list[CheckRow]]]) -> list[Warning]:
    """The warnings for a plan's areas (numeral, rows), in the plan's order."""
    warnings = []
    first_with: dict[str, str] = {}
    for numeral, rows in areas:
        if not rows:
            warnings.append(Warning(numeral, _("Area %(numeral)s has no rows.") % {"numeral": numeral}))
        for row in rows:
            key = " ".join(plain_text(row.indikator).lower().split())
            if key and key in first_with:
                warnings.append(Warning(row.code, _("Same Indikator as row %(other)s.") % {"other": first_with[key]}))
            first_with.setdefault(key, row.code)
            offices = sorted(
                {
                    o
                    for t in (row.komponen, row.indikator, row.langkah_aksi, row.bukti_fisik)
                    for o in other_offices(t, unit)
                }
            )
            if offices:
                warnings.append(
                    Warning(
                        row.code,
                        _("Names another office (%(names)s), not %(unit)s.")
                        % {"names": ", ".join(offices), "unit": unit.short_name},
                    )
                )
            if row.year != year:
                warnings.append(
                    Warning(
                        row.code,
                        _("Target in %(year)s, outside the plan's year %(plan_year)s.")
                        % {"year": row.year, "plan_year": year},
                    )
                )
            if not row.bukti_fisik.strip() and not row.requirement_count:
                warnings.append(Warning(row.code, _("No Bukti Fisik.")))
            if not row.pic_count:
                warnings.append(Warning(row.code, _("No PIC.")))
    return warnings


def plan_checks(plan: Plan) -> list[Warning]:
    """The plan's warnings with row references; three queries (areas, rows with counts, PICs)."""
    from django.db.models import Count

    rows = ActionItem.objects.annotate(
        requirement_count=Count("requirements", distinct=True), pic_count=Count("pics", distinct=True)
    ).order_by("number")
    areas = plan.areas.order_by("order").prefetch_related(Prefetch("items", queryset=rows, to_attr="rows"))
    return checks_for(
        unit=plan.unit,
        year=plan.year,
        areas=[
            (
                area.numeral,
                [
                    CheckRow(
                        f"{area.numeral}.{i.number}",
                        i.komponen,
                        i.indikator,
                        i.langkah_aksi,
                        i.bukti_fisik,
                        i.requirement_count,
                        i.pic_count,
                        i.target_year,
                    )
                    for i in area.rows
                ],
            )
            for area in areas
        ],
    )
