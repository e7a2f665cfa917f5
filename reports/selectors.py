"""Read-only figures for the dashboard and the monitoring report, computed by the database.

Every function here costs a fixed number of aggregate queries whatever the plan's size.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.dates import MONTHS

from actionplan.models import ActionItem, EvidenceRequirement, ItemStatus, Plan, ProgressEntry, months_of
from actionplan.selectors import month_state
from evidence.models import Evidence, EvidenceRevision, EvidenceStatus, Review
from evidence.selectors import Coverage, coverage_counts


@dataclass(frozen=True)
class AsOf:
    """The moment figures are judged at: now, or the end of a month of the plan's year."""

    month: int | None
    today: date  # statuses are judged on this local date (a month has ended once it is past)
    until: datetime | None  # only entries and reviews made until then count
    # A period report (Laporan Monev): a month's progress report belongs to its month whenever
    # it was filed (December is reported in early January), so entries count by their month.
    by_report_month: bool = False

    def entries(self, entries: QuerySet[ProgressEntry]) -> QuerySet[ProgressEntry]:
        """The progress entries that count: all now; up to the month for a period report; else filed by then."""
        if self.until is None:
            return entries
        if self.by_report_month:
            return entries.filter(month__lte=self.month)
        return entries.filter(created_at__lte=self.until)


def as_of(*, plan: Plan, month: int | None, now: datetime | None = None, period_report: bool = False) -> AsOf:
    """Now (month None) or the end of `month` of the plan's year, in Asia/Jakarta.

    With `period_report`, progress entries count by the month they report on, whenever filed.
    """
    if month is None:
        return AsOf(None, timezone.localdate(now), None)
    last_day = calendar.monthrange(plan.year, month)[1]
    end = timezone.make_aware(datetime.combine(date(plan.year, month, last_day), time.max))
    return AsOf(month, date(plan.year, month, last_day) + timedelta(days=1), end, period_report)


def months_available(*, plan: Plan, today: date | None = None) -> list[int]:
    """Months of the plan's year that have ended or begun (one cannot look at the future)."""
    today = today or timezone.localdate()
    if plan.year < today.year:
        return list(range(1, 13))
    if plan.year > today.year:
        return []
    return list(range(1, today.month + 1))


def plan_items(*, plan: Plan, at: AsOf) -> QuerySet[ActionItem]:
    """The plan's rows with their status as it stood `at` (see ActionItemQuerySet.with_status)."""
    if at.by_report_month:
        return ActionItem.objects.filter(area__plan=plan).with_status(today=at.today, through_month=at.month)
    return ActionItem.objects.filter(area__plan=plan).with_status(today=at.today, entered_by=at.until)


def plan_requirement_ids(*, plan: Plan) -> QuerySet[EvidenceRequirement]:
    """The plan's requirement ids, for `requirement__in=`: evidence queries filter by this subquery.

    Why not `requirement__item__area__plan=plan`: that is a four-table join the planner must
    size from statistics, and right after a bulk write (before ANALYZE) it guesses one row per
    table and nests whole-table scans of evidence inside each other (issue 18). A list of ids
    is driven from the plan's few requirements, each evidence reached by its index.
    """
    return EvidenceRequirement.objects.filter(item__area__plan=plan).values("pk")


def requirement_coverage(*, plan: Plan, at: AsOf, by: str) -> QuerySet:
    """The plan's requirements counted (`total`, `covered`) per `by` as they stood `at`: 1 query.

    "Covered" is evidence's one rule (evidence.selectors.with_coverage); a period report also
    counts documents accepted later that were filed for one of its months.
    """
    return coverage_counts(
        EvidenceRequirement.objects.filter(item__area__plan=plan),
        by,
        until=at.until,
        through_month=at.month if at.by_report_month else None,
    )


@dataclass
class AreaFigures:
    area: object
    total: int = 0
    done: int = 0
    late: int = 0
    behind: int = 0
    percent: float = 0.0
    percent_sum: int = 0
    req_total: int = 0
    req_covered: int = 0

    @property
    def coverage(self) -> int:
        return Coverage(self.req_covered, self.req_total).percent


@dataclass
class Dashboard:
    plan: Plan
    at: AsOf
    total: int = 0
    percent: float = 0.0
    status_counts: dict = field(default_factory=dict)
    areas: list[AreaFigures] = field(default_factory=list)
    req_total: int = 0
    req_covered: int = 0
    late_items: list = field(default_factory=list)
    late_count: int = 0
    behind_items: list = field(default_factory=list)  # behind target, the furthest behind first
    behind_count: int = 0
    target_percent: float = 0.0  # the average target due (a row with none due counts 0 %)
    waiting_review: int = 0
    grid: list = field(default_factory=list)
    progress_line: list = field(default_factory=list)
    sections: list = field(default_factory=list)

    @property
    def coverage(self) -> int:
        return Coverage(self.req_covered, self.req_total).percent


LATE_SHOWN = 25


def dashboard(*, plan: Plan, at: AsOf) -> Dashboard:
    """All dashboard figures: 11 queries whatever the plan's size (each an aggregate or a short list).

    One grouped query counts rows by (area, section, status) with their realisation summed; the
    totals, status counts, per-area and per-section figures all add up those few groups.
    """
    items = plan_items(plan=plan, at=at)
    board = Dashboard(plan=plan, at=at)
    board.status_counts = {s.value: 0 for s in ItemStatus}
    by_area = {a.pk: AreaFigures(a) for a in plan.areas.order_by("order")}  # 1
    by_section: dict = {}
    percent_sum, target_sum = 0, Decimal(0)
    groups = items.order_by().values("area_id", "section_id", "section__name", "section__short_name", "status")
    for group in groups.annotate(n=Count("pk"), percent=Sum("latest_percent"), target=Sum("target_percent")):  # 2
        n, status, percent = group["n"], group["status"], group["percent"] or 0
        board.total += n
        percent_sum += percent
        target_sum += group["target"] or 0
        board.status_counts[status] += n
        area = by_area[group["area_id"]]
        section = by_section.setdefault(
            group["section_id"],
            {
                "id": group["section_id"],
                "name": group["section__short_name"] or group["section__name"] or "—",
                "full_name": group["section__name"] or "",
                "total": 0,
                "done": 0,
                "late": 0,
                "behind": 0,
                "percent_sum": 0,
            },
        )
        for figures in (area, section):
            _add(figures, "total", n)
            _add(figures, "done", n if status == ItemStatus.SELESAI else 0)
            _add(figures, "late", n if status == ItemStatus.TERLAMBAT else 0)
            _add(figures, "behind", n if status == ItemStatus.DI_BAWAH_TARGET else 0)
            _add(figures, "percent_sum", percent)
    board.percent = round(percent_sum / board.total, 1) if board.total else 0.0
    board.target_percent = round(float(target_sum) / board.total, 1) if board.total else 0.0
    for figures in by_area.values():
        figures.percent = round(figures.percent_sum / figures.total, 1) if figures.total else 0.0
    for row in requirement_coverage(plan=plan, at=at, by="item__area_id"):  # 3
        figures = by_area[row["item__area_id"]]
        figures.req_total, figures.req_covered = row["total"], row["covered"]
    board.areas = list(by_area.values())
    board.req_total = sum(a.req_total for a in board.areas)
    board.req_covered = sum(a.req_covered for a in board.areas)
    board.late_count = board.status_counts[ItemStatus.TERLAMBAT]
    board.behind_count = board.status_counts[ItemStatus.DI_BAWAH_TARGET]
    board.late_items, board.behind_items = _late_and_behind_items(items)  # 4, 5, 6
    board.waiting_review = _waiting_review(plan=plan, at=at)  # 7
    board.grid = _month_grid(plan=plan, at=at, areas=board.areas)  # 8, 9, 10
    board.progress_line = _progress_line(plan=plan, at=at)  # 11
    board.sections = sorted(
        ({**s, "percent": round(s["percent_sum"] / s["total"], 1)} for s in by_section.values()),
        key=lambda s: s["full_name"],
    )
    return board


def _add(figures, name: str, value) -> None:
    if isinstance(figures, dict):
        figures[name] += value
    else:
        setattr(figures, name, getattr(figures, name) + value)


def _late_and_behind_items(items: QuerySet[ActionItem]) -> tuple[list[ActionItem], list[ActionItem]]:
    """The most overdue rows and those furthest behind target (lowest capaian), LATE_SHOWN each, with `.pic_users`.

    3 queries, even when nothing is late. Not one window over both lists: SQLite then computes
    every row's status three times over, three times as slow as the two lists apart (bench_targets).
    """
    late = items.filter(status=ItemStatus.TERLAMBAT).order_by("-missing_months", "area__order", "number")
    # Ordering only: the ratio without capaian's rounding (a behind row's target is above 0).
    ratio = ExpressionWrapper(
        F("latest_percent") * Value(1_000_000) / NullIf(F("target_percent"), 0), output_field=IntegerField()
    )
    behind = items.filter(status=ItemStatus.DI_BAWAH_TARGET).order_by(ratio, "area__order", "number")
    rows = [
        *late.select_related("area", "section")[:LATE_SHOWN],
        *behind.select_related("area", "section")[:LATE_SHOWN],
    ]
    through = ActionItem.pics.through
    pics: dict[int, list] = {}
    # "or [0]": Django skips the query for an empty list; the page should cost the same either way.
    ids = [row.pk for row in rows] or [0]
    for link in through.objects.filter(actionitem_id__in=ids).select_related("user"):
        pics.setdefault(link.actionitem_id, []).append(link.user)
    for row in rows:
        row.pic_users = pics.get(row.pk, [])
    return (
        [row for row in rows if row.status == ItemStatus.TERLAMBAT],
        [row for row in rows if row.status == ItemStatus.DI_BAWAH_TARGET],
    )


def _waiting_review(*, plan: Plan, at: AsOf) -> int:
    requirements = plan_requirement_ids(plan=plan)
    if at.until is None:
        return Evidence.objects.filter(requirement__in=requirements, status=EvidenceStatus.DIAJUKAN).count()
    # As of then: revisions uploaded by then that were the latest by then and had no decision by then.
    later = EvidenceRevision.objects.filter(
        evidence=OuterRef("evidence"), number__gt=OuterRef("number"), uploaded_at__lte=at.until
    )
    decided = Review.objects.filter(revision=OuterRef("pk"), created_at__lte=at.until)
    return (
        EvidenceRevision.objects.filter(
            evidence__in=Evidence.objects.filter(requirement__in=requirements).values("pk"), uploaded_at__lte=at.until
        )
        .exclude(Exists(later))
        .exclude(Exists(decided))
        .count()
    )


def _month_grid(*, plan: Plan, at: AsOf, areas: list[AreaFigures]) -> list[dict]:
    """Per area, Januari … Desember: rows in target that month, how many reported, and a state."""
    in_target = {}
    for row in (
        ActionItem.objects.filter(area__plan=plan)
        .order_by()
        .values("area_id", "target_start_month", "target_end_month", "target_month_mask")
        .annotate(n=Count("pk"))
    ):
        for month in months_of(row["target_start_month"], row["target_end_month"], row["target_month_mask"]):
            key = (row["area_id"], month)
            in_target[key] = in_target.get(key, 0) + row["n"]
    entries = ProgressEntry.objects.filter(item__area__plan=plan)
    entries = at.entries(entries)
    reported = {
        (r["item__area_id"], r["month"]): r["n"]
        for r in entries.order_by().values("item__area_id", "month").annotate(n=Count("pk"))
    }
    # A row marked done needs no further reports: it counts as reported for the rest of its period.
    for r in (
        entries.filter(is_done=True)
        .order_by()
        .values("item__area_id", "month", "item__target_end_month", "item__target_month_mask")
        .annotate(n=Count("item", distinct=True))
    ):
        for month in months_of(r["month"] + 1, r["item__target_end_month"], r["item__target_month_mask"]):
            key = (r["item__area_id"], month)
            reported[key] = reported.get(key, 0) + r["n"]
    grid = []
    for figures in areas:
        cells = []
        for month in range(1, 13):
            expected = in_target.get((figures.area.pk, month), 0)
            done = reported.get((figures.area.pk, month), 0)
            state = month_state(
                year=plan.year, month=month, today=at.today, expected=expected, reported=done, running=at.month is None
            )
            cells.append(
                {"month": month, "name": MONTHS[month], "expected": expected, "reported": done, "state": state}
            )
        grid.append({"area": figures.area, "cells": cells})
    return grid


def _progress_line(*, plan: Plan, at: AsOf) -> list[dict]:
    """Average realisation of all rows at the end of each month so far (the latest entry up to it)."""
    # Months begun by `at.today` (all twelve of a past year's plan), and none after the as-of month.
    months = [m for m in range(1, 13) if (plan.year, m) <= (at.today.year, at.today.month) and m <= (at.month or 12)]
    if not months:
        return []
    entries = ProgressEntry.objects.filter(item=OuterRef("pk"))
    entries = at.entries(entries)
    annotations = {
        f"p{m}": Coalesce(
            Subquery(
                entries.filter(month__lte=m).order_by("-month").values("percent")[:1], output_field=IntegerField()
            ),
            Value(0),
        )
        for m in months
    }
    averages = (
        ActionItem.objects.filter(area__plan=plan)
        .annotate(**annotations)
        .aggregate(**{f"a{m}": Avg(f"p{m}") for m in months})
    )
    return [{"month": m, "name": MONTHS[m], "percent": round(averages[f"a{m}"] or 0, 1)} for m in months]
