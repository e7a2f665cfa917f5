"""Import a plan table: preview what it would create, then confirm it, all or nothing."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import Unit
from actionplan.checks import CheckRow, Warning, checks_for
from actionplan.importing.lampiran import plan_fields_from_sheet
from actionplan.importing.mapping import FIELDS, Mapping, check_mapping, find_header_row, propose_mapping
from actionplan.importing.parse import AreaDraft, RowDraft, parse_rows
from actionplan.importing.reader import ImportFileError, Problem, Sheet, read_upload
from actionplan.models import ROW_DECREE_FIELDS, ActionItem, Area, EvidenceRequirement, Plan
from zi_tracker.generations import plan_generations_end
from zi_tracker.template_filters import display_name

ROW_FIELDS = [*ROW_DECREE_FIELDS, "import_note"]


@dataclass
class Preview:
    """What an import would do: the mapping used, the areas and rows, every problem and warning."""

    sheet: Sheet | None
    header_row: int | None = None
    mapping: Mapping = field(default_factory=dict)
    areas: list[AreaDraft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checks: list[Warning] = field(default_factory=list)
    plan_fields: dict = field(default_factory=dict)
    # Per sheet row: "new", "changed" or "unchanged" against the plan's rows of that number.
    row_state: dict[int, str] = field(default_factory=dict)
    pics: dict[int, list] = field(default_factory=dict)  # sheet row → matched users

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def row_count(self) -> int:
        return sum(len(a.rows) for a in self.areas)

    @property
    def columns(self) -> list[tuple[int, str, str]]:
        """(column, letter, header text) of the header row, for the mapping selects."""
        if self.sheet is None or self.header_row is None:
            return []
        return [(i, get_column_letter(i), c.text) for i, c in enumerate(self.sheet.rows[self.header_row - 1], 1)]

    def summary(self) -> str:
        return _("%(areas)s areas, %(rows)s rows, %(errors)s errors, %(warnings)s warnings") % {
            "areas": len(self.areas),
            "rows": self.row_count,
            "errors": len(self.errors),
            "warnings": len(self.warnings) + len(self.checks),
        }


def _read(file) -> tuple[bytes, str]:
    if isinstance(file, bytes):
        return file, ""
    file.seek(0)
    return file.read(), getattr(file, "name", "") or ""


def _unit_users(unit: Unit) -> dict[str, object]:
    """The unit's members by every name a sheet may give: full name, username, as pages show it."""
    users = get_user_model().objects.filter(memberships__unit=unit).distinct()
    names: dict[str, object] = {}
    for user in users:
        for name in (user.get_full_name(), user.username, display_name(user), user.first_name):
            if name:
                names.setdefault(" ".join(str(name).lower().split()), user)
    return names


def plan_import_preview(
    *,
    file,
    plan: Plan | None = None,
    unit: Unit | None = None,
    year: int | None = None,
    mapping: Mapping | None = None,
    sheet: str | None = None,
) -> Preview:
    """Read and check the file against the plan (or the unit and year of a new plan); writes nothing."""
    unit = plan.unit if plan else unit
    data, filename = _read(file)
    try:
        table = read_upload(data, filename=filename, sheet=sheet)
    except ImportFileError as error:
        return Preview(sheet=None, problems=error.problems)
    preview = Preview(sheet=table)
    preview.header_row = find_header_row(table)
    if preview.header_row is None:
        preview.problems.append(
            Problem(
                _(
                    "No header row found (a row naming columns such as No, Komponen, "
                    "Indikator, Target Waktu) in the first rows of sheet “%(sheet)s”."
                )
                % {"sheet": table.name}
            )
        )
        return preview
    preview.mapping = dict(mapping) if mapping else propose_mapping(table, preview.header_row)
    preview.problems += check_mapping(preview.mapping, preview.header_row)
    if preview.errors:
        return preview
    parsed = parse_rows(
        table, preview.header_row, preview.mapping, year=plan.year if plan else year or date.today().year
    )
    preview.areas, preview.problems = parsed.areas, preview.problems + parsed.problems
    preview.plan_fields = plan_fields_from_sheet(table, header_row=preview.header_row, last_row=parsed.last_row)
    _compare_with_plan(preview, plan)
    _match_pics(preview, unit)
    preview.checks = checks_for(
        unit=unit,
        year=plan.year if plan else year,
        areas=[
            (
                a.numeral,
                [
                    CheckRow(
                        f"{a.numeral}.{r.number}",
                        r.komponen,
                        r.indikator,
                        r.langkah_aksi,
                        r.bukti_fisik,
                        len(r.requirements),
                        len(preview.pics.get(r.sheet_row, [])),
                        r.year,
                    )
                    for r in a.rows
                ],
            )
            for a in preview.areas
        ],
    )
    return preview


def _compare_with_plan(preview: Preview, plan: Plan | None) -> None:
    existing_areas = {a.numeral: a for a in plan.areas.all()} if plan else {}
    rows = {}
    if plan:
        items = ActionItem.objects.filter(area__plan=plan).select_related("area").prefetch_related("requirements")
        rows = {(i.area.numeral, i.number): i for i in items}
    for area in preview.areas:
        if existing_areas and area.numeral not in existing_areas:
            preview.problems.append(
                Problem(
                    _("Area heading “%(numeral)s. %(title)s” is not an area of this plan (it has %(known)s).")
                    % {"numeral": area.numeral, "title": area.title, "known": ", ".join(existing_areas)},
                    row=area.sheet_row,
                    column=1,
                )
            )
        for row in area.rows:
            item = rows.get((area.numeral, row.number))
            if item is None:
                row.state = preview.row_state[row.sheet_row] = "new"
            else:
                same = all(getattr(item, f) == v for f, v in _row_values(row).items()) and set(row.requirements) <= {
                    r.name for r in item.requirements.all()
                }
                row.state = preview.row_state[row.sheet_row] = "unchanged" if same else "changed"


def _match_pics(preview: Preview, unit: Unit) -> None:
    names = _unit_users(unit) if any(r.pic_names for a in preview.areas for r in a.rows) else {}
    for area in preview.areas:
        for row in area.rows:
            matched = []
            for name in row.pic_names:
                user = names.get(" ".join(name.lower().split()))
                if user is None:
                    preview.problems.append(
                        Problem(
                            _("PIC “%(name)s” is not a member of %(unit)s; the row is imported without them.")
                            % {"name": name, "unit": unit.short_name},
                            row=row.sheet_row,
                            column=preview.mapping.get("pic"),
                            warning=True,
                        )
                    )
                elif user not in matched:
                    matched.append(user)
            row.pics = preview.pics[row.sheet_row] = matched


def _row_values(row: RowDraft) -> dict:
    item = ActionItem()
    item.set_target_months(row.months)
    return {
        "komponen": row.komponen,
        "indikator": row.indikator,
        "langkah_aksi": row.langkah_aksi,
        "bukti_fisik": row.bukti_fisik,
        "target_start_month": item.target_start_month,
        "target_end_month": item.target_end_month,
        "target_month_mask": item.target_month_mask,
        "target_year": row.year,
        "target_text": row.target_text,
        "import_note": row.note,
    }


@dataclass
class ImportResult:
    plan: Plan
    created_areas: int = 0
    created_rows: int = 0
    changed_rows: int = 0
    created_requirements: int = 0


NEW_PLAN_DEFAULTS = [
    "issuer",
    "enacting_official",
    "signed_place",
    "signed_on",
    "signatory_office",
    "signatory_name",
    "lampiran_title",
]


def _new_plan(*, unit: Unit, year: int, fields: dict) -> Plan:
    """A draft plan from what the page asked and what the sheet said; the rest left to edit."""
    issuer = fields.get("issuer") or unit.name.upper()
    title = fields.get("title") or f"RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS {issuer} TAHUN {year}"
    values = {
        "title": title,
        "issuer": issuer,
        "enacting_official": f"KETUA {issuer},",
        "signed_place": unit.city or "-",
        "signed_on": date(year, 1, 1),
        "signatory_office": f"KETUA {issuer},",
        "signatory_name": "-",
        "lampiran_title": title,
        "is_certified_copy": False,
        "certification_label": "",
    } | {k: v for k, v in fields.items() if k in {f.name for f in Plan._meta.fields} and v not in (None, "")}
    values["signed_on"] = values.get("signed_on") or date(year, 1, 1)
    plan = Plan(unit=unit, year=year, status=Plan.Status.DRAFT, **{k: v for k, v in values.items() if k != "year"})
    try:
        plan.full_clean()
    except ValidationError as error:
        raise ImportFileError(
            [
                Problem(f"{Plan._meta.get_field(name).verbose_name}: {' '.join(messages)}")
                for name, messages in error.message_dict.items()
            ]
        ) from None
    plan.save()
    return plan


@transaction.atomic
def plan_import_confirm(
    *,
    file,
    by,
    plan: Plan | None = None,
    unit: Unit | None = None,
    year: int | None = None,
    plan_fields: dict | None = None,
    mapping: Mapping | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """Write what the preview shows, all or nothing; importing the same file again changes nothing.

    Rows are matched by area numeral and row number: new ones are created, changed ones updated,
    requirements the row lacks added (none removed: evidence may hang on them), PICs added.
    """
    preview = plan_import_preview(file=file, plan=plan, unit=unit, year=year, mapping=mapping, sheet=sheet)
    if not preview.ok:
        raise ImportFileError(preview.errors)
    if plan is None:
        plan = _new_plan(unit=unit, year=year, fields=preview.plan_fields | (plan_fields or {}))
    result = ImportResult(plan=plan)
    areas = {a.numeral: a for a in plan.areas.all()}
    next_order = max((a.order for a in areas.values()), default=0)
    new_areas = []
    for draft in preview.areas:
        if draft.numeral not in areas:
            next_order += 1
            areas[draft.numeral] = Area(plan=plan, order=next_order, numeral=draft.numeral, title=draft.title)
            new_areas.append(areas[draft.numeral])
    Area.objects.bulk_create(new_areas)
    result.created_areas = len(new_areas)
    existing = {(i.area_id, i.number): i for i in ActionItem.objects.filter(area__plan=plan)}
    have = {}
    for item_id, name in EvidenceRequirement.objects.filter(item__area__plan=plan).values_list("item_id", "name"):
        have.setdefault(item_id, []).append(name)
    create, update, drafts_of = [], [], {}
    for draft in preview.areas:
        area = areas[draft.numeral]
        for row in draft.rows:
            values = _row_values(row)
            item = existing.get((area.pk, row.number))
            if item is None:
                item = ActionItem(area=area, number=row.number, **values)
                create.append(item)
            elif any(getattr(item, f) != v for f, v in values.items()):
                for name, value in values.items():
                    setattr(item, name, value)
                update.append(item)
            drafts_of[id(item)] = row
    if create:
        bulk_create_with_history(create, ActionItem, batch_size=500, default_user=by, default_change_reason="import")
    if update:
        bulk_update_with_history(
            update, ActionItem, ROW_FIELDS, batch_size=500, default_user=by, default_change_reason="import"
        )
    result.created_rows, result.changed_rows = len(create), len(update)
    if create and create[0].pk is None:  # a database that does not return ids from bulk inserts
        numbers = {(i.area_id, i.number): i.pk for i in ActionItem.objects.filter(area__plan=plan)}
        for item in create:
            item.pk = numbers[(item.area_id, item.number)]
    requirements, pic_links = [], []
    Through = ActionItem.pics.through
    linked = set(Through.objects.filter(actionitem__area__plan=plan).values_list("actionitem_id", "user_id"))
    for item in [*create, *[i for i in existing.values()]]:
        row = drafts_of.get(id(item))
        if row is None:
            continue
        names = have.get(item.pk, [])
        for name in row.requirements:
            if name not in names:
                names = [*names, name]
                requirements.append(EvidenceRequirement(item_id=item.pk, order=len(names), name=name[:300]))
        for user in preview.pics.get(row.sheet_row, []):
            if (item.pk, user.pk) not in linked:
                pic_links.append(Through(actionitem_id=item.pk, user_id=user.pk))
    EvidenceRequirement.objects.bulk_create(requirements, batch_size=1000)
    Through.objects.bulk_create(pic_links, batch_size=1000)
    result.created_requirements = len(requirements)
    # Bulk writes send no model signals: the plan's cached pages (dashboard, plan table) end here.
    plan_id = plan.pk
    transaction.on_commit(lambda: plan_generations_end(plan_ids=[plan_id]), robust=True)
    return result


__all__ = ["FIELDS", "ImportResult", "Preview", "plan_import_confirm", "plan_import_preview"]
