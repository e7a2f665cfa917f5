"""manage.py import_plan FILE --unit CODE --year YEAR: the import service from the command line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Unit
from actionplan.importing.mapping import parse_columns
from actionplan.importing.reader import ImportFileError
from actionplan.importing.service import Preview, plan_import_confirm, plan_import_preview
from actionplan.models import Plan


class Command(BaseCommand):
    help = (
        "Import a plan table (xlsx or csv) into the unit's plan of that year, or a new draft plan. "
        "Prints the preview; exits non-zero on any error, writing nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True, help="The unit's code, e.g. kpu-kab-serang")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument(
            "--columns",
            help='Plan field = sheet column, e.g. "No=A,Komponen=B,Target Waktu=F"; '
            "columns not named are kept as row notes",
        )
        parser.add_argument("--sheet", help="Sheet name (default: the first)")
        parser.add_argument("--decree-number", help="For a new plan, when the sheet does not say it")
        parser.add_argument("--title", help="For a new plan, when the sheet does not say it")
        parser.add_argument("--dry-run", action="store_true", help="Print the preview only")

    def handle(self, *args, file: Path, unit: str, year: int, columns, sheet, decree_number, title, dry_run, **options):
        try:
            unit_obj = Unit.objects.get(code=unit)
        except Unit.DoesNotExist:
            raise CommandError(f"No unit with code {unit!r}.") from None
        try:
            mapping = parse_columns(columns) if columns else None
            data = file.read_bytes()
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from None
        plans = list(Plan.objects.filter(unit=unit_obj, year=year).select_related("unit"))
        if len(plans) > 1:
            raise CommandError(f"{unit_obj} has {len(plans)} plans for {year}; import in the app instead.")
        plan = plans[0] if plans else None
        target = {"plan": plan} if plan else {"unit": unit_obj, "year": year}
        preview = plan_import_preview(file=data, mapping=mapping, sheet=sheet, **target)
        self.print_preview(preview, plan)
        if not preview.ok:
            raise CommandError(f"{len(preview.errors)} error(s); nothing was imported.")
        if dry_run:
            self.stdout.write("Dry run: nothing was imported.")
            return
        fields = {k: v for k, v in {"decree_number": decree_number, "title": title}.items() if v}
        if plan is None and not (fields.get("decree_number") or preview.plan_fields.get("decree_number")):
            raise CommandError("A new plan needs --decree-number (the sheet does not give one).")
        try:
            result = plan_import_confirm(file=data, by=None, mapping=mapping, sheet=sheet, plan_fields=fields, **target)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported into {result.plan}: {result.created_areas} new areas, {result.created_rows} new rows, "
                f"{result.changed_rows} changed rows, {result.created_requirements} new requirements."
            )
        )

    def print_preview(self, preview: Preview, plan: Plan | None) -> None:
        out = self.stdout
        out.write(f"Into: {plan}" if plan else "Into: a new draft plan")
        if preview.header_row:
            out.write(
                f"Header row {preview.header_row}; columns: "
                + ", ".join(
                    f"{name}={letter}"
                    for name, column in preview.mapping.items()
                    for i, letter, _text in preview.columns
                    if i == column
                )
            )
        for area in preview.areas:
            out.write(f"{area.numeral}. {area.title}")
            for row in area.rows:
                pics = ", ".join(u.username for u in row.pics)
                out.write(
                    f"  {area.numeral}.{row.number} [{row.state}] {row.komponen[:40]} | {row.months_display}"
                    f" | {len(row.requirements)} documents" + (f" | PIC {pics}" if pics else "")
                )
        for problem in preview.problems:
            out.write(("WARNING " if problem.warning else "ERROR ") + str(problem))
        for warning in preview.checks:
            out.write(f"CHECK {warning.code}: {warning.message}")
        out.write(preview.summary())
