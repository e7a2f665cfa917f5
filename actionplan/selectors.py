"""Reads over plans and their rows, each scoped to what the user may see and stating its loading plan."""

import functools
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.dates import MONTHS
from django.utils.formats import localize
from django.utils.translation import gettext, pgettext

from accounts.models import Section
from accounts.permissions import Caps, unit_ids_where
from accounts.selectors import user_unit_ids
from actionplan.models import (
    ITEM_TRACKED,
    MONTH_CHOICES,
    PROGRESS_TRACKED,
    ActionItem,
    Area,
    ItemStatus,
    ItemTarget,
    MonthClosure,
    Plan,
    ProgressEntry,
    months_of,
    months_text,
)
from zi_tracker.template_filters import display_name

User = AbstractBaseUser | AnonymousUser


def _enacted_or_draft_viewer(user: User, prefix: str = "") -> Q:
    """An enacted plan, or a draft in a unit where the user may see drafts (`view_drafts`)."""
    return Q(**{f"{prefix}status": Plan.Status.DITETAPKAN}) | Q(
        **{f"{prefix}unit_id__in": unit_ids_where(user=user, capability="view_drafts")}
    )


def visible_plans(*, user: User, roles: Iterable[str] | None = None) -> QuerySet[Plan]:
    """Plans of the user's units (optionally only where they hold one of `roles`), unit joined in.

    A draft plan is visible only where the user may see drafts: for everyone else it does not
    exist (404), on every page, export and dashboard built on this selector.
    """
    return (
        Plan.objects.filter(unit_id__in=user_unit_ids(user=user, roles=roles))
        .filter(_enacted_or_draft_viewer(user))
        .select_related("unit")
    )


def visible_items(
    *, user: User, roles: Iterable[str] | None = None, rows: QuerySet[ActionItem] | None = None
) -> QuerySet[ActionItem]:
    """Rows of the plans the user may see (drafts as in visible_plans), area, plan, unit and section joined in (one query).

    `rows` narrows a given row query (e.g. `rows_with_status(today)`) instead of all rows.
    """
    return (
        (ActionItem.objects if rows is None else rows)
        .filter(area__plan__unit_id__in=user_unit_ids(user=user, roles=roles))
        .filter(_enacted_or_draft_viewer(user, "area__plan__"))
        .select_related("area__plan__unit", "section")
    )


def plan_lampiran(
    *,
    plan: Plan,
    area: Area | None = None,
    section: Section | None = None,
    month: int | None = None,
    status: str | None = None,
    today: date | None = None,
    rows_up_to: int | None = None,
) -> list[Area]:
    """The Lampiran table: areas in decree order, each with `.row_count` and `.rows` (its items, filtered).

    Three queries whatever the plan's size: areas with their counts, items with their section
    (and, given `today`, their derived status), the items' requirements. With a filter, areas
    left without rows are dropped. With `rows_up_to`, rows load only if no more than that many
    match (else every `.rows` is None, after the one query: a 2,300-row plan's page lists its
    areas, and an area opens on its own). A `status` filter (an ItemStatus) needs `today`.
    """

    def filtered(items):
        if section is not None:
            items = items.filter(section=section)
        if status is not None:
            items = items.filter(status=status)
        return items if month is None else items.in_month(month)

    # A subquery: with_status() itself (rows_with_status' SQL names the main query's table).
    counted = ActionItem.objects.all() if status is None else ActionItem.objects.with_status(today=today)
    counts = filtered(counted.filter(area=OuterRef("pk"))).order_by().values("area").annotate(n=Count("pk"))
    areas = plan.areas.order_by("order").annotate(row_count=Coalesce(Subquery(counts.values("n")), 0))
    if area is not None:
        areas = areas.filter(pk=area.pk)
    result = list(areas)
    if section is not None or month is not None or status is not None:
        result = [a for a in result if a.row_count]
    if rows_up_to is not None and sum(a.row_count for a in result) > rows_up_to:
        for each in result:
            each.rows = None
        return result
    items = ActionItem.objects.all() if today is None else rows_with_status(today).all()
    items = items.select_related("section").prefetch_related("requirements").order_by("number")
    prefetch_related_objects(result, Prefetch("items", queryset=filtered(items), to_attr="rows"))
    return result


def rows_with_status(today: date) -> QuerySet[ActionItem]:
    """Rows annotated as `ActionItem.objects.with_status(today=today)` does, its SQL compiled once a day.

    For a top-level query only (the caller filters, orders and prefetches it as any row query):
    the annotations are with_status()'s own expressions, compiled to SQL on the first call of the
    day and kept as RawSQL, which names the rows' table as the main query does. Inside a subquery,
    where Django renames that table, use with_status() itself. Compiling the status took a fifth
    of the row page's and the plan page's server time (issue 12: those pages within 10x
    /healthz/); the SQL is the same all day. actionplan/tests/test_status_sql.py holds the two to the same results.
    """
    return _rows_with_status(today, connection.vendor)


@functools.lru_cache(maxsize=4)
def _rows_with_status(today: date, vendor: str) -> QuerySet[ActionItem]:
    reference = ActionItem.objects.with_status(today=today)
    compiler = reference.query.get_compiler(connection=connection)
    compiled = {}
    for name, expression in reference.query.annotations.items():
        sql, params = compiler.compile(expression)
        compiled[name] = _RowsSQL(sql, tuple(params), output_field=expression.output_field)
    return ActionItem.objects.annotate(**compiled)


class _RowsSQL(RawSQL):
    """SQL naming the rows' table as the main query names it: refused when resolved for another query.

    Used as a subquery of, say, areas, it would read the outer query's columns under that name.
    """

    def resolve_expression(self, query=None, *args, **kwargs):
        if query is not None and query.base_table not in (None, ActionItem._meta.db_table):
            raise TypeError("rows_with_status() inside a query of another table: use with_status() there.")
        return super().resolve_expression(query, *args, **kwargs)


@dataclass
class HistoryEvent:
    """One recorded change, for the item page's history: who, when, why, and old → new per field."""

    when: datetime
    who: object
    subject: str
    kind: str  # "created", "changed", "deleted", "baseline"
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    reason: str = ""  # the editor's "reason for the change"


class _LoadedOnUse(dict):
    """Objects by id, loaded by one query on the first lookup: only a history that names one pays it.

    The plan's areas (a row moved) and the unit's sections (a row created with one, or moved).
    """

    def __init__(self, queryset: QuerySet):
        super().__init__()
        self.queryset, self.loaded = queryset, False

    def get(self, key, default=None):
        if not self.loaded:
            self.update({o.pk: o for o in self.queryset})
            self.loaded = True
        return super().get(key, default)


def field_display(name: str, value, related: dict | None = None) -> str:
    """A tracked field's value as a history shows it: months by name, the month set as text, yes/no."""
    if value is None or value == "":
        return "—"
    if related and name in related:  # section, area: by name, not id
        return str(related[name].get(value, value))
    if name in {"target_start_month", "target_end_month", "month"}:
        return str(MONTHS.get(value, value))
    if name == "target_month_mask":
        return months_text(months_of(1, 12, value))
    if isinstance(value, bool):
        return pgettext("boolean", "Yes") if value else pgettext("boolean", "No")
    return str(value)


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _field_changes(model, previous, current, names, related) -> list[tuple[str, str, str]]:
    """Changed fields as (label, old, new); for a new record, only the fields it was given. PICs apart (m2m)."""
    changes = []
    for name in names:
        if name == "pics":
            continue
        attname = model._meta.get_field(name).attname
        old, new = getattr(previous, attname, None), getattr(current, attname)
        if previous is None and new in (None, "", False):
            continue
        if previous is None or old != new:
            changes.append((_label(model, name), field_display(name, old, related), field_display(name, new, related)))
    return changes


def _user_names(users) -> str:
    return ", ".join(sorted(display_name(u) for u in users)) or "—"


def _one_save_each(records: list) -> list[list]:
    """Group history rows written by one save: a form save writes the row, then one per PIC change."""
    groups: list[list] = []
    for record in records:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and record.history_user_id == last.history_user_id
            and (record.history_date - last.history_date).total_seconds() < 2
        ):
            groups[-1].append(record)
        else:
            groups.append([record])
    return groups


def item_history(*, item: ActionItem) -> list[HistoryEvent]:
    """Changes to the row, its PICs, its progress entries and targets, newest first, each with who, when and why.

    4 queries whatever their number, 3 for a row never edited since it was written in bulk (and the
    unit's sections, the plan's areas, only when a change names one).
    """
    related = {
        "section": _LoadedOnUse(Section.objects.filter(unit_id=item.area.plan.unit_id)),
        "area": _LoadedOnUse(Area.objects.filter(plan_id=item.area.plan_id)),
    }
    records = list(item.history.select_related("history_user").order_by("history_date", "history_id"))
    through = item.history.model._meta.get_field("historicalactionitem_pics").related_model
    pics_by_record: dict[int, set] = {}
    # A row written in bulk (the seed, an import, a copy) has no history until its first edit: nor PIC history.
    for row in through.objects.filter(history__id=item.pk).select_related("user") if records else []:
        pics_by_record.setdefault(row.history_id, set()).add(row.user)
    events = []
    previous = None
    for group in _one_save_each(records):
        record = group[-1]
        pics = pics_by_record.get(record.history_id, set())
        if previous is None:
            kind = "created" if group[0].history_type == "+" else "baseline"
            changes = [] if kind == "baseline" else _field_changes(ActionItem, None, record, ITEM_TRACKED, related)
        else:
            kind = "changed"
            changes = _field_changes(ActionItem, previous, record, ITEM_TRACKED, related)
            before = pics_by_record.get(previous.history_id, set())
            if pics != before:
                changes.append((gettext("PICs"), _user_names(before), _user_names(pics)))
        if changes or kind != "changed":
            reason = next((r.history_change_reason for r in group if r.history_change_reason), "")
            events.append(HistoryEvent(record.history_date, record.history_user, item.code, kind, changes, reason))
        previous = record

    progress_records = ProgressEntry.history.filter(item_id=item.pk).select_related("history_user")
    last_by_entry = {}
    for record in progress_records.order_by("history_date", "history_id"):
        subject = gettext("Progress %(month)s") % {"month": MONTHS[record.month]}
        previous = last_by_entry.get(record.id)
        kind = {"+": "created", "-": "deleted"}.get(record.history_type, "changed")
        changes = _field_changes(ProgressEntry, previous, record, PROGRESS_TRACKED, related)
        if changes or kind != "changed":
            events.append(HistoryEvent(record.history_date, record.history_user, subject, kind, changes))
        last_by_entry[record.id] = record
    events.extend(_target_events(item))
    events.sort(key=lambda e: e.when, reverse=True)
    return events


def _target_events(item: ActionItem) -> list[HistoryEvent]:
    """Changes to the row's monthly targets (1 query), one event per save: "Maret: 33,33 % → 40 %"."""
    even = gettext("even spread")
    records = ItemTarget.history.filter(item_id=item.pk).select_related("history_user")
    last: dict[int, object] = {}
    events = []
    for group in _one_save_each(list(records.order_by("history_date", "history_id"))):
        changes = []
        for record in sorted(group, key=lambda r: r.month):
            before = last.get(record.month)
            old = f"{localize(before.percent)} %" if before is not None and before.history_type != "-" else even
            new = even if record.history_type == "-" else f"{localize(record.percent)} %"
            if old != new:
                changes.append((str(MONTHS[record.month]), old, new))
            last[record.month] = record
        if changes:
            reason = next((r.history_change_reason for r in group if r.history_change_reason), "")
            who, when = group[-1].history_user, group[-1].history_date
            events.append(HistoryEvent(when, who, gettext("Monthly targets"), "changed", changes, reason))
    return events


def month_state(*, year: int, month: int, today: date, expected: int, reported: int, running: bool = True) -> str:
    """A month's reporting state: of one row (the row page's strip) or of an area's rows (the dashboard's grid).

    `expected` rows are due in the month, `reported` of them reported it or were done before
    (a done row needs no further reports). "outside": none due; "ok": every due row reported or
    done, even ahead of time; "upcoming": not begun; "current": the running month, not all in
    yet (`running=False` for figures as of a past month's end, which have no running month);
    "partial": ended with some reports; "missing": ended with none.
    """
    if not expected:
        return "outside"
    if reported >= expected:
        return "ok"
    if (year, month) >= (today.year, today.month):  # not ended
        return "current" if running and (year, month) == (today.year, today.month) else "upcoming"
    return "partial" if reported else "missing"


def month_strip(*, item: ActionItem, entries: list[ProgressEntry], today: date) -> list[dict]:
    """Januari … Desember for the row's year, each with its state (month_state) for the colour strip."""
    by_month = {e.month: e for e in entries}
    done_from = min((e.month for e in entries if e.is_done), default=None)
    targets = set(item.target_months)
    strip = []
    for month, name in MONTH_CHOICES:
        done = done_from is not None and month >= done_from
        state = month_state(
            year=item.target_year,
            month=month,
            today=today,
            expected=int(month in targets),
            reported=int(done or month in by_month),
        )
        if state == "ok":
            state = "done" if done else "reported"
        strip.append({"month": month, "name": name, "state": state, "entry": by_month.get(month)})
    return strip


def item_page(*, user: User, pk: int, today: date) -> ActionItem | None:
    """One row in scope, with status, PICs, progress (with their authors) and monthly targets: 3 queries.

    A 4th for the row's own plan of monthly targets (actionplan.targets), only if it has one.
    """
    item = (
        visible_items(user=user, rows=rows_with_status(today))
        .prefetch_related(
            # No requirements: the evidence app loads them with their documents (item_requirements).
            "pics",
            Prefetch(
                "progress", queryset=ProgressEntry.objects.select_related("entered_by", "updated_by").order_by("month")
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if item is not None:
        prefetch_related_objects(
            [item],
            Prefetch(
                "targets", queryset=ItemTarget.objects.all() if item.has_target_plan else ItemTarget.objects.none()
            ),
        )
    return item


def closed_months(*, plan_id: int) -> set[int]:
    """The plan's months the coordinator has closed: 1 query."""
    return set(MonthClosure.objects.filter(plan_id=plan_id).values_list("month", flat=True))


def open_months(*, item: ActionItem, today: date, closed: set[int]) -> list[int]:
    """The row's months a PIC may report on now: in its period, begun, and not closed."""
    return [m for m in item.target_months if (item.target_year, m) <= (today.year, today.month) and m not in closed]


def can_report_progress(*, user: User, item: ActionItem, caps: Caps) -> bool:
    """PICs of the row report its progress; the unit's coordinators may too (uses prefetched PICs)."""
    return caps.report_any_row or (caps.report_progress and any(pic.pk == user.pk for pic in item.pics.all()))


def due_this_month(item: ActionItem, *, today: date) -> bool:
    """A row of `today`'s month still to work on: this month is one of its targets and it is not done.

    For rows loaded `with_status()`; "Pekerjaan saya" and the PIC's reminder both ask this.
    """
    return item.target_year == today.year and today.month in item.target_months and item.status != ItemStatus.SELESAI


def my_items(*, user: User, today: date, only_pks: Collection[int] | None = None) -> list[ActionItem]:
    """The user's rows as PIC (or those of `only_pks`), with status and whether this month is reported: 1 query."""
    this_month = ProgressEntry.objects.filter(item=OuterRef("pk"), month=today.month)
    rows = visible_items(user=user, rows=rows_with_status(today)).filter(pics=user)
    if only_pks is not None:
        rows = rows.filter(pk__in=only_pks)
    return list(
        rows.annotate(
            reported_this_month=Exists(this_month.filter(item__target_year=today.year)),
        ).order_by("area__plan__year", "area__order", "number")
    )


def my_items_status(*, user: User, today: date) -> list[ActionItem]:
    """All the user's rows as PIC, in my_items' order, with their status and target months only: 1 query.

    Enough to sort a PIC's 2,300 rows into "due" and "late" (one light object each, where
    my_items builds five); the rows a page shows then load with my_items(only_pks=).
    """
    return list(
        visible_items(user=user, rows=rows_with_status(today))
        .filter(pics=user)
        .select_related(None)
        .only("pk", "target_year", "target_start_month", "target_end_month", "target_month_mask")
        .order_by("area__plan__year", "area__order", "number")
    )


def plan_months(*, plan: Plan) -> list[dict]:
    """The twelve months of the plan's year with their entry counts and closure: 2 queries."""
    counts = dict(
        ProgressEntry.objects.filter(item__area__plan=plan)
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    closures = {c.month: c for c in MonthClosure.objects.filter(plan=plan).select_related("closed_by")}
    return [
        {"month": m, "name": name, "entries": counts.get(m, 0), "closure": closures.get(m)} for m, name in MONTH_CHOICES
    ]


def unreported_items(*, plan: Plan, month: int) -> list[ActionItem]:
    """Rows due in `month` with no report for it (rows done in an earlier month need none), PICs loaded: 2 queries."""
    return list(
        ActionItem.objects.filter(area__plan=plan)
        .unreported_in(month)
        .select_related("area", "section")
        .prefetch_related("pics")
        .order_by("area__order", "number")
    )
