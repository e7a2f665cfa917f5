"""Reads of the roll-up: the units below a parent unit, each with its plan's figures, scoped to the user.

Every query goes through the capability table: the units are those below the roll-up's own unit
where the user may `view_rollup` (a flowing role held above them, accounts.selectors), the plans
are `visible_plans` (a draft only for those who may see drafts). The figures come from
rollup.figures, cached by rollup.cache: a page costs the same number of queries at 10 units and at 552.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Unit
from accounts.permissions import unit_ids_where, units_where
from accounts.selectors import below
from actionplan.models import Plan
from actionplan.selectors import visible_plans
from rollup.cache import rollup_figures_cached
from rollup.figures import last_ended_month, plans_extras, plans_figures
from rollup.models import Verdict

User = AbstractBaseUser | AnonymousUser
UNIT_FIELDS = ["pk", "name", "short_name", "code", "region_code", "parent_id"]


def rollup_units(*, user: User) -> QuerySet[Unit]:
    """The top units of the user's roll-ups: where they may view it, and not below another such unit. 1 query."""
    mine = unit_ids_where(user=user, capability="view_rollup")
    return units_where(user=user, capability="view_rollup").exclude(parent_id__in=mine).order_by("name")


@dataclass
class Line:
    """One unit of a roll-up: its plan of the year (if any) and the plan's figures."""

    unit: Unit
    level: int  # 0: the roll-up's own unit; 1: right below it; 2: below that
    plan: Plan | None = None
    figures: dict = field(default_factory=dict)
    has_units_below: bool = False

    @property
    def enacted(self) -> bool:
        return self.plan is not None and self.plan.status == Plan.Status.DITETAPKAN

    @property
    def percent(self) -> float | None:
        total = self.figures.get("total")
        return round(self.figures["percent_sum"] / total, 1) if total else None

    @property
    def coverage(self) -> int | None:
        total = self.figures.get("req_total")
        return round(100 * self.figures["req_covered"] / total) if total else None

    @property
    def lke(self) -> dict | None:
        return self.figures.get("lke")

    @property
    def lke_unit(self) -> Decimal | None:
        lke = self.lke
        return lke["unit_total"] if lke and lke["unit_answered"] else None

    @property
    def lke_tpi(self) -> Decimal | None:
        lke = self.lke
        return lke["tpi_total"] if lke and lke["tpi_answered"] else None

    @property
    def predikat(self) -> str:
        """The best predicate met: by the TPI's column once it has answers, else by the unit's own."""
        lke = self.lke
        if not lke:
            return ""
        return lke["tpi_predikat"] if lke["tpi_answered"] else lke["unit_predikat"]

    @property
    def verdict(self) -> dict | None:
        return self.figures.get("verdict")

    @property
    def verdict_code(self) -> str:
        return self.verdict["verdict"] if self.verdict else ""


@dataclass
class Group:
    """The units under one unit right below the roll-up's (a province, on the national page)."""

    head: Line | None
    lines: list[Line]

    @property
    def summary(self) -> "Summary":
        return Summary.of(([self.head] if self.head else []) + self.lines)


@dataclass
class Summary:
    units: int
    with_plan: int
    enacted: int
    percent: float | None
    late: int
    unreported: int
    layak: int
    returned: int

    @classmethod
    def of(cls, lines: list[Line]) -> "Summary":
        percents = [line.percent for line in lines if line.enacted and line.percent is not None]
        return cls(
            units=len(lines),
            with_plan=sum(line.plan is not None for line in lines),
            enacted=sum(line.enacted for line in lines),
            percent=round(sum(percents) / len(percents), 1) if percents else None,
            late=sum(line.figures.get("late", 0) for line in lines),
            unreported=sum(line.figures.get("unreported", 0) for line in lines),
            layak=sum(line.verdict_code == Verdict.LAYAK for line in lines),
            returned=sum(line.verdict_code == Verdict.DIKEMBALIKAN for line in lines),
        )


@dataclass
class Rollup:
    unit: Unit
    year: int
    years: list[int]
    today: date
    last_month: int | None
    own: Line
    groups: list[Group]
    national: bool  # units two levels below: grouped by the unit right below (the province)

    @property
    def lines(self) -> list[Line]:
        return [line for group in self.groups for line in ([group.head] if group.head else []) + group.lines]

    @property
    def summary(self) -> Summary:
        return Summary.of([self.own, *self.lines])


def rollup_years(*, user: User, unit: Unit) -> list[int]:
    """Years with a plan the user may see in the roll-up's units, newest first: 1 query."""
    scope = _scope(user=user, unit=unit).values("pk")
    years = visible_plans(user=user).filter(unit_id__in=scope).order_by("-year").values_list("year", flat=True)
    return sorted(set(years), reverse=True)


def _scope(*, user: User, unit: Unit) -> QuerySet[Unit]:
    """The roll-up's own unit and the units below it, of those where the user may view the roll-up."""
    return Unit.objects.filter(Q(pk=unit.pk) | below([unit.pk])).filter(
        pk__in=unit_ids_where(user=user, capability="view_rollup")
    )


def rollup(
    *, user: User, unit: Unit, year: int | None = None, today: date | None = None, years: list[int] | None = None
) -> Rollup:
    """The roll-up of `unit` for `year` (default: this year if it has plans, else the latest that has).

    `years`: rollup_years(), if the caller has it. Warm: 6 queries (years, units, plans, the plans'
    generations, the two cached entries) whatever the number of units; cold, the figures' 12
    queries, 3 to store each entry and 2 to start generations.
    """
    today = today or timezone.localdate()
    years = rollup_years(user=user, unit=unit) if years is None else years  # 1
    if year is None:
        year = today.year if today.year in years or not years else years[0]
    units = list(_scope(user=user, unit=unit).only(*UNIT_FIELDS).order_by("name"))  # 2
    plans = _plans_by_unit(user=user, unit_ids=[u.pk for u in units], year=year)  # 3
    chosen = list(plans.values())
    figures = rollup_figures_cached(  # 4, 5, 6 (warm)
        plan_ids=[p.pk for p in chosen],
        today=today,
        compute_plans=lambda: plans_figures(plans=chosen, today=today),
        compute_extras=lambda: plans_extras(plans=chosen),
    )
    by_parent: dict[int | None, list[Unit]] = {}
    for u in units:
        by_parent.setdefault(u.parent_id, []).append(u)

    def line(u: Unit, level: int) -> Line:
        plan = plans.get(u.pk)
        return Line(
            unit=u,
            level=level,
            plan=plan,
            figures=figures.get(plan.pk, {}) if plan else {},
            has_units_below=bool(by_parent.get(u.pk)),
        )

    def descendants(u: Unit, level: int) -> list[Line]:
        found = []
        for child in by_parent.get(u.pk, []):
            found.append(line(child, level))
            found += descendants(child, level + 1)
        return found

    children = by_parent.get(unit.pk, [])
    national = any(by_parent.get(child.pk) for child in children)
    if national:
        groups = [Group(head=line(child, 1), lines=descendants(child, 2)) for child in children]
    else:
        groups = [Group(head=None, lines=descendants(unit, 1))]
    return Rollup(
        unit=unit,
        year=year,
        years=years or [year],
        today=today,
        last_month=last_ended_month(year=year, today=today),
        own=line(unit, 0),
        groups=groups,
        national=national,
    )


def _plans_by_unit(*, user: User, unit_ids: list[int], year: int) -> dict[int, Plan]:
    """Each unit's plan of the year that the user may see: the enacted one first, then the newest."""
    plans = (
        visible_plans(user=user)
        .filter(unit_id__in=unit_ids, year=year)
        .only("pk", "unit_id", "year", "status", "decree_number", "unit__short_name", "unit__name")
    )
    chosen: dict[int, Plan] = {}
    for plan in sorted(plans, key=lambda p: (p.status != Plan.Status.DITETAPKAN, -p.pk)):
        chosen.setdefault(plan.unit_id, plan)
    return chosen
