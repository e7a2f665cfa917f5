"""A row's planned cumulative realisation per target month, capaian, and the coordinator's plan of them.

The rule (README, "Targets and capaian"), here in Python and in `ActionItemQuerySet.with_status()`
in SQL (decree.py's `_target_percent`, `_below_target`; `capaian_sql` here); a test holds them equal:

- A row plans, for each of its target months, the realisation (cumulative %) due by that month's
  end. By default the **even spread**: the k-th of its n target months plans 100·k/n %, rounded
  half up to hundredths: 3 months give 33.33, 66.67, 100.00, whether they are Jan–Mar or Mar, Jul
  and Dec. The coordinator may store a plan of their own instead (`ItemTarget`, one per target
  month, 0–100, never decreasing, the last 100); changing the row's months drops it.
- As of month m, the target is the planned value of the latest target month up to m (a month
  between two target months keeps the earlier one's; after the last, 100); before the first, None.
- The status judges the latest target month that has **ended** (as "Terlambat" does): a row is
  *Di bawah target* (behind target) when it is not done, not late, and its realisation (the
  latest % reported) is below that target. Equal is on target; while no target month has ended
  there is no target, and nothing is behind; a closed month changes nothing (the calendar decides).
- Capaian = realisation ÷ target × 100, rounded half up to hundredths; None while the target is
  None or 0. It is not capped: a row ahead of plan shows more than 100 %.

Reads take prefetched `item.targets` when there (`prefetch_related("targets")`), else 1 query.
"""

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, ExpressionWrapper, F, IntegerField, Value, When
from django.db.models.lookups import GreaterThan
from django.utils.dates import MONTHS
from django.utils.formats import localize
from django.utils.translation import gettext as _

from actionplan.models import ActionItem, HundredthsField, ItemTarget

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def shown(value: Decimal) -> str:
    """A percentage as people write it, in the active language: 70, 62,5, 33,33."""
    plain = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return localize(plain)


def _hundredths(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def even_spread(months: Iterable[int]) -> dict[int, Decimal]:
    """The default plan: month → 100·k/n % for the k-th of n months, rounded half up to hundredths.

    In integers, (20000·k + n) div 2n hundredths: what the SQL computes, digit for digit.
    """
    months = sorted(set(months))
    n = len(months)
    return {month: _hundredths((20000 * k + n) // (2 * n)) for k, month in enumerate(months, start=1)}


def stored_targets(item: ActionItem) -> dict[int, Decimal]:
    """The coordinator's plan for the row's current target months (empty: the even spread)."""
    months = set(item.target_months)
    return {t.month: t.percent for t in item.targets.all() if t.month in months}


def schedule(item: ActionItem) -> dict[int, Decimal]:
    """Target month → planned cumulative %: the coordinator's plan if the row has one, else the even spread."""
    return stored_targets(item) or even_spread(item.target_months)


def is_even_spread(item: ActionItem) -> bool:
    return not stored_targets(item)


def planned_percent(item: ActionItem, *, month: int) -> Decimal | None:
    """The cumulative % planned by the end of `month` (1–12 of the row's year); None before its first target month."""
    planned = schedule(item)
    due = [m for m in planned if m <= month]
    return planned[max(due)] if due else None


def capaian(realisation: int | Decimal | None, target: Decimal | None) -> Decimal | None:
    """Realisation ÷ target in %, rounded half up to hundredths; None without a target (or a target of 0)."""
    if realisation is None or not target:
        return None
    return (Decimal(realisation) * HUNDRED / Decimal(target)).quantize(CENT, rounding=ROUND_HALF_UP)


def capaian_sql():
    """SQL for capaian in hundredths of a % (rounded half up; NULL without a target), over with_status() rows.

    For ordering and aggregates only: a row's `capaian` property is the same figure. Each use
    repeats the SQL of the target and of the latest report, so it is not one of with_status()'s.
    """
    target = F("target_percent")
    ratio = ExpressionWrapper(
        (Value(2_000_000) * F("latest_percent") + target) / (Value(2) * target), output_field=IntegerField()
    )
    return Case(When(GreaterThan(target, 0), then=ratio), default=None, output_field=HundredthsField())


def targets_validate(*, item: ActionItem, percents: Mapping[int, object]) -> dict[int, Decimal]:
    """A plan as the editor submits it (month → value), checked; returns it as Decimals (ValidationError)."""
    months = item.target_months
    errors: dict[str, list[str]] = {}
    extra = sorted(set(percents) - set(months))
    if extra:
        errors.setdefault("__all__", []).append(
            _("%(months)s is not a target month of this row (%(period)s).")
            % {"months": ", ".join(str(MONTHS[m]) for m in extra), "period": item.target_period_display}
        )
    plan: dict[int, Decimal] = {}
    for month in months:
        raw = percents.get(month)
        if raw in (None, ""):
            errors.setdefault(f"m{month}", []).append(_("Give a target for %(month)s.") % {"month": MONTHS[month]})
            continue
        try:
            value = Decimal(str(raw).replace(",", "."))
        except InvalidOperation:
            errors.setdefault(f"m{month}", []).append(_("Enter a number, e.g. 33,33."))
            continue
        if not value.is_finite() or not 0 <= value <= HUNDRED:
            errors.setdefault(f"m{month}", []).append(_("A target must be between 0 and 100 %."))
        elif value != value.quantize(CENT):
            errors.setdefault(f"m{month}", []).append(_("A target has at most two decimals."))
        else:
            plan[month] = value.quantize(CENT)
    previous = None
    for month in months:
        if month not in plan:
            continue
        if previous is not None and plan[month] < plan[previous]:
            errors.setdefault(f"m{month}", []).append(
                _("Targets are cumulative: %(month)s cannot plan less than %(before)s (%(value)s %%).")
                % {"month": MONTHS[month], "before": MONTHS[previous], "value": shown(plan[previous])}
            )
        previous = month
    last = months[-1]
    if last in plan and plan[last] != HUNDRED:
        errors.setdefault(f"m{last}", []).append(
            _("The last target month (%(month)s) must plan 100 %%: the row's work is complete by then.")
            % {"month": MONTHS[last]}
        )
    if errors:
        raise ValidationError(errors)
    return plan


def _recorded(target: ItemTarget, *, by: AbstractBaseUser | None, reason: str) -> ItemTarget:
    target._history_user = by
    target._change_reason = reason
    return target


@transaction.atomic
def item_targets_set(
    *, item: ActionItem, percents: Mapping[int, object] | None, by: AbstractBaseUser, reason: str
) -> bool:
    """Make `percents` (month → %) the row's plan, or go back to the even spread (`percents` None).

    Checked by targets_validate; a plan equal to the even spread is stored as none (the default
    follows the row's months if they change). Each target written or removed gets a history
    record with `by` and `reason`. Returns whether anything changed.
    """
    item = ActionItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    wanted = {} if percents is None else targets_validate(item=item, percents=percents)
    if wanted == even_spread(item.target_months):
        wanted = {}
    stored = {t.month: t for t in ItemTarget.objects.filter(item=item)}
    ActionItem.objects.filter(pk=item.pk).update(has_target_plan=bool(wanted))  # no history: not an edit of the row
    changed = False
    for month, target in stored.items():
        if month not in wanted:
            _recorded(target, by=by, reason=reason).delete()
            changed = True
    for month, percent in wanted.items():
        target = stored.get(month)
        if target is None:
            _recorded(ItemTarget(item=item, month=month, percent=percent), by=by, reason=reason).save()
            changed = True
        elif target.percent != percent:
            target.percent = percent
            _recorded(target, by=by, reason=reason).save()
            changed = True
    return changed


def item_targets_follow_months(*, item: ActionItem, by: AbstractBaseUser | None, reason: str) -> None:
    """After the row's target months changed: its plan no longer fits them, so it goes back to the even spread."""
    ActionItem.objects.filter(pk=item.pk).update(has_target_plan=False)
    item.has_target_plan = False
    for target in ItemTarget.objects.filter(item=item):
        _recorded(target, by=by, reason=reason).delete()


def target_table(*, item: ActionItem, entries: list, today) -> list[dict]:
    """The row page's table: each target month's plan, the realisation by its end, capaian once it has ended.

    `entries` are the row's progress entries (prefetched); the realisation by a month's end is
    the latest entry up to it, as on the dashboard's line. A month is "ended", "running" or
    "upcoming" on `today`; only an ended month can be behind its target (as the status says).
    """
    planned = schedule(item)
    done_from = min((e.month for e in entries if e.is_done), default=None)
    table = []
    for month, target in planned.items():
        when = (item.target_year, month)
        state = (
            "ended"
            if when < (today.year, today.month)
            else "running"
            if when == (today.year, today.month)
            else "upcoming"
        )
        reported = [e for e in entries if e.month <= month]
        realisation = max(reported, key=lambda e: e.month).percent if reported and state != "upcoming" else None
        done = done_from is not None and done_from <= month
        table.append(
            {
                "month": month,
                "name": MONTHS[month],
                "planned": target,
                "state": state,
                "realisation": realisation,
                "capaian": capaian(realisation, target) if state == "ended" else None,
                "behind": state == "ended" and not done and (realisation or 0) < target,
            }
        )
    ended = [row for row in table if row["state"] == "ended"]
    if ended:
        ended[-1]["due"] = True  # the month whose target the status judges
    return table
