"""Copy a plan to another year: a new draft with the same areas, rows, requirements, sections and PICs.

The rows, their requirements, monthly targets and PICs are copied by the database itself, one
INSERT … SELECT each: the same 14 queries (savepoints included) for a 23-row plan and a 2,300-row one, and no row
travels through Python (bulk_create would split into batches on SQLite's 999-parameter limit).
Progress, evidence, reviews and closed months are not copied; the original is not touched.
"""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from actionplan.authoring import _recorded
from actionplan.models import ActionItem, Area, DecreeClause, EvidenceRequirement, ItemTarget, Plan

# Plan fields that name the year in words ("… TAHUN 2025"): the copy names its own year.
YEAR_TEXT_FIELDS = ["title", "lampiran_title", "menetapkan", "signed_on_text", "lampiran_signed_on_text"]
NOT_COPIED = {"id", "year", "status", "decree_number", "created_at", "updated_at"}


def _moved_date(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _copy_plan(plan: Plan, *, year: int, decree_number: str) -> Plan:
    years = year - plan.year
    values = {f.attname: getattr(plan, f.attname) for f in Plan._meta.concrete_fields if f.attname not in NOT_COPIED}
    for name in YEAR_TEXT_FIELDS:
        values[name] = values[name].replace(str(plan.year), str(year))
    values["signed_on"] = _moved_date(plan.signed_on, years)
    return Plan(**values, year=year, decree_number=decree_number.strip(), status=Plan.Status.DRAFT)


def _insert_select(model, *, values: dict[str, str], source: str, params: list) -> None:
    """INSERT INTO model's table (every concrete column but the id) SELECT `values` or `src.<column>`."""
    quote = connection.ops.quote_name
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    select = [values.get(c, f"src.{quote(c)}") for c in columns]
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) SELECT {', '.join(select)} {source}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _copy_rows(source: Plan, copy: Plan) -> None:
    """Rows, their requirements, monthly targets and PICs, matched old → new by (area order, row number)."""
    q = connection.ops.quote_name
    area, item = q(Area._meta.db_table), q(ActionItem._meta.db_table)
    years = copy.year - source.year
    # Rows of the new plan's areas, matched to the old rows by their area's position and their number.
    rows_of = (
        f"JOIN {area} oa ON oa.id = src.area_id JOIN {area} na ON na.plan_id = %s AND na.{q('order')} = oa.{q('order')}"
    )
    _insert_select(
        ActionItem,
        values={
            "area_id": "na.id",
            "target_year": "src.target_year + %s",
            "target_text": "REPLACE(src.target_text, CAST(src.target_year AS TEXT), CAST(src.target_year + %s AS TEXT))",
        },
        source=f"FROM {item} src {rows_of} WHERE oa.plan_id = %s",
        params=[years, years, copy.pk, source.pk],
    )
    new_row = (
        f"JOIN {item} oi ON oi.id = src.{{fk}} JOIN {area} oa ON oa.id = oi.area_id "
        f"JOIN {area} na ON na.plan_id = %s AND na.{q('order')} = oa.{q('order')} "
        f"JOIN {item} ni ON ni.area_id = na.id AND ni.number = oi.number WHERE oa.plan_id = %s"
    )
    _insert_select(
        EvidenceRequirement,
        values={"item_id": "ni.id"},
        source=f"FROM {q(EvidenceRequirement._meta.db_table)} src {new_row.format(fk='item_id')}",
        params=[copy.pk, source.pk],
    )
    _insert_select(
        ItemTarget,
        values={"item_id": "ni.id"},
        source=f"FROM {q(ItemTarget._meta.db_table)} src {new_row.format(fk='item_id')}",
        params=[copy.pk, source.pk],
    )
    through = ActionItem.pics.through
    item_column = through._meta.get_field("actionitem").column
    _insert_select(
        through,
        values={item_column: "ni.id"},
        source=f"FROM {q(through._meta.db_table)} src {new_row.format(fk=q(item_column))}",
        params=[copy.pk, source.pk],
    )


@transaction.atomic
def plan_copy(*, plan: Plan, year: int, decree_number: str, by: AbstractBaseUser) -> Plan:
    """A new draft of `plan` for `year`: areas, rows (months moved to `year`), requirements, PICs, clauses.

    Constant queries whatever the plan's size (see the module docstring).
    """
    copy = _copy_plan(plan, year=year, decree_number=decree_number)
    try:
        copy.full_clean()
    except ValidationError as error:
        raise ValidationError(
            {"decree_number": _("This unit already has a plan with that decree number for that year.")}
            if "__all__" in getattr(error, "error_dict", {})
            else error
        ) from None
    _recorded(copy, by=by, reason=_("Copied from %(plan)s") % {"plan": plan.label}).save()
    DecreeClause.objects.bulk_create(
        DecreeClause(plan=copy, part=c.part, order=c.order, label=c.label, text=c.text) for c in plan.clauses.all()
    )
    Area.objects.bulk_create(Area(plan=copy, order=a.order, numeral=a.numeral, title=a.title) for a in plan.areas.all())
    _copy_rows(plan, copy)
    return copy
