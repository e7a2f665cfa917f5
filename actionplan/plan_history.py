"""The change history of a plan's structure: its decree, clauses, areas, rows and required documents."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from actionplan.models import (
    DECREE_FIELDS,
    ROW_DECREE_FIELDS,
    ActionItem,
    Area,
    DecreeClause,
    EvidenceRequirement,
    Plan,
)
from actionplan.selectors import field_display

PLAN_TRACKED = ["status", *DECREE_FIELDS]
TRACKED = {
    Plan: PLAN_TRACKED,
    DecreeClause: ["part", "order", "label", "text"],
    Area: ["order", "numeral", "title"],
    ActionItem: ["number", *ROW_DECREE_FIELDS, "decree_note"],
    EvidenceRequirement: ["order", "name"],
}
KINDS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class PlanEvent:
    """One recorded change: who, when, what (the object, old → new per field) and why."""

    when: datetime
    who: object
    subject: str
    kind: str
    reason: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _subject(model, record, numerals: dict, codes: dict) -> str:
    if model is Plan:
        return _("Decree")
    if model is DecreeClause:
        return f"{record.get_part_display()} {record.label}"
    if model is Area:
        return _("Area %(numeral)s") % {"numeral": record.numeral}
    if model is ActionItem:
        return _("Row %(code)s") % {"code": f"{numerals.get(record.area_id, '?')}.{record.number}"}
    return _("Document “%(name)s” of row %(code)s") % {"name": record.name, "code": codes.get(record.item_id, "?")}


def _changes(model, previous, record) -> list[tuple[str, str, str]]:
    result = []
    for name in TRACKED[model]:
        attname = model._meta.get_field(name).attname
        old, new = (getattr(previous, attname) if previous else None), getattr(record, attname)
        if previous is None and new in (None, ""):
            continue
        if previous is None or old != new:
            label = str(model._meta.get_field(name).verbose_name)
            result.append((label, field_display(name, old), field_display(name, new)))
    return result


def plan_history(*, plan: Plan, limit: int = 1000) -> list[PlanEvent]:
    """Every recorded change to the plan's structure, newest first: 7 queries whatever the plan's size.

    Rows and documents are found through the plan's areas, those of now and the removed ones
    (from their historical records), so a removed area's rows still show. Rows created by a
    copy, an import or the seed fixture (bulk writes) have no history of their own until changed.
    """
    areas_now = dict(plan.areas.values_list("id", "numeral"))
    area_records = list(Area.history.filter(plan_id=plan.pk).select_related("history_user"))
    numerals = areas_now | {
        r.id: r.numeral for r in sorted(area_records, key=lambda r: r.history_id) if r.id not in areas_now
    }
    item_records = list(ActionItem.history.filter(area_id__in=set(numerals)).select_related("history_user"))
    items_now = ActionItem.objects.filter(area__plan=plan).values("id")
    requirement_records = list(
        EvidenceRequirement.history.filter(
            Q(item_id__in=items_now) | Q(item_id__in={r.id for r in item_records})
        ).select_related("history_user")
    )
    codes = {
        r.id: f"{numerals.get(r.area_id, '?')}.{r.number}" for r in sorted(item_records, key=lambda r: r.history_id)
    }
    unnamed = {r.item_id for r in requirement_records} - set(codes)
    for pk, area_id, number in ActionItem.objects.filter(pk__in=unnamed).values_list("id", "area_id", "number"):
        codes[pk] = f"{numerals.get(area_id, '?')}.{number}"
    records = {
        Plan: list(Plan.history.filter(id=plan.pk).select_related("history_user")),
        DecreeClause: list(DecreeClause.history.filter(plan_id=plan.pk).select_related("history_user")),
        Area: area_records,
        ActionItem: item_records,
        EvidenceRequirement: requirement_records,
    }
    events = []
    for model, rows in records.items():
        previous_of = {}
        for record in sorted(rows, key=lambda r: r.history_id):
            previous = previous_of.get(record.id)
            kind = KINDS.get(record.history_type, "changed")
            if previous is None and kind == "changed":  # the stored state before the first change (a baseline)
                previous_of[record.id] = record
                continue
            changes = [] if kind == "deleted" else _changes(model, previous, record)
            if changes or kind != "changed":
                events.append(
                    PlanEvent(
                        record.history_date,
                        record.history_user,
                        _subject(model, record, numerals, codes),
                        kind,
                        record.history_change_reason or "",
                        changes,
                    )
                )
            previous_of[record.id] = record
    events.sort(key=lambda e: e.when, reverse=True)
    return events[:limit]
