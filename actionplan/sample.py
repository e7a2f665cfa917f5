"""Generated plans of any size, shaped like the seed decree, for tests and benchmarks."""

from accounts.models import Section, Unit
from actionplan.models import ActionItem, Area, EvidenceRequirement, Plan
from zi_tracker.db import analyze_tables

AREA_TITLES = [
    "PENYUSUNAN TIM KERJA",
    "PENATAAN TATA LAKSANA",
    "PENATAAN SISTEM MANAJEMEN SDM DAN APARATUR",
    "Penguatan Akuntabilitas",
    "Penguatan Pengawasan",
    "PENINGKATAN KUALITAS LAYANAN PUBLIK",
]
NUMERALS = ["I", "II", "III", "IV", "V", "VI"]


def plan_generate(*, unit: Unit, year: int, items: int, requirements_per_item: int = 2) -> Plan:
    """A plan with six areas and `items` rows spread over them, built with bulk inserts."""
    plan = Plan.objects.create(
        unit=unit,
        year=year,
        status=Plan.Status.DITETAPKAN,
        issuer=unit.name.upper(),
        decree_number=f"{year}-{items}",
        title=f"RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS {unit.name.upper()} TAHUN {year}",
        enacting_official=f"KETUA {unit.name.upper()},",
        signed_place=unit.city or "Serang",
        signed_on=f"{year}-01-06",
        signatory_office=f"KETUA {unit.name.upper()},",
        signatory_name="NAMA PENANDATANGAN",
        lampiran_title=f"RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS {unit.name.upper()} TAHUN {year}",
    )
    sections = list(Section.objects.filter(unit=unit)) or [
        Section.objects.create(unit=unit, name=f"Sub Bagian {n}", short_name=f"Sub {n}", order=n) for n in (1, 2)
    ]
    areas = Area.objects.bulk_create(
        Area(plan=plan, order=i + 1, numeral=NUMERALS[i], title=AREA_TITLES[i]) for i in range(6)
    )
    rows = []
    for n in range(items):
        area = areas[n % 6]
        number = n // 6 + 1
        start = 1 + (n % 3) * 2
        rows.append(
            ActionItem(
                area=area,
                number=number,
                komponen=f"Komponen {area.numeral}.{number}",
                indikator=f"Indikator {area.numeral}.{number}",
                langkah_aksi=f"Langkah aksi {area.numeral}.{number}",
                bukti_fisik=", ".join(f"Dokumen {k}" for k in range(1, requirements_per_item + 1)),
                target_start_month=start,
                target_end_month=12,
                target_year=year,
                section=sections[n % len(sections)],
            )
        )
    rows = ActionItem.objects.bulk_create(rows)
    EvidenceRequirement.objects.bulk_create(
        EvidenceRequirement(item=row, order=k, name=f"Dokumen {k}")
        for row in rows
        for k in range(1, requirements_per_item + 1)
    )
    analyze_tables(Plan, Area, ActionItem, EvidenceRequirement)  # the planner's view of the new rows (issue 18)
    return plan
