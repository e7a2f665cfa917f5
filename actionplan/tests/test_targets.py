"""Monthly targets: the even spread and its rounding, capaian, "Di bawah target" at its boundaries.

Rows of the seed plan (2025) judged on chosen days; `with_status()` (SQL) and actionplan.targets
(Python) must agree digit for digit.
"""

from datetime import date
from decimal import Decimal

import pytest

from actionplan.models import ActionItem, ItemStatus, ItemTarget, MonthClosure, ProgressEntry
from actionplan.targets import capaian, capaian_sql, even_spread, item_targets_set, planned_percent, schedule

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def scattered(seed_plan):
    """Row I.2 due in March, July and December 2025 only."""
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=2)
    item.set_target_months([3, 7, 12])
    item.full_clean()
    item.save()
    return item


def judged(item, today):
    return ActionItem.objects.with_status(today=today).get(pk=item.pk)


def report(item, month, user, percent, **fields):
    return ProgressEntry.objects.create(
        item=item, month=month, percent=percent, entered_by=user, updated_by=user, **fields
    )


def test_the_even_spread_rounds_half_up_to_hundredths():
    assert even_spread([1, 2, 3]) == {1: D("33.33"), 2: D("66.67"), 3: D("100.00")}
    assert even_spread([3, 7, 12]) == {3: D("33.33"), 7: D("66.67"), 12: D("100.00")}  # gaps do not matter
    assert list(even_spread(range(1, 8)).values()) == [
        D(v) for v in ("14.29", "28.57", "42.86", "57.14", "71.43", "85.71", "100.00")
    ]
    assert list(even_spread(range(1, 13)).values())[:3] == [D("8.33"), D("16.67"), D("25.00")]
    assert even_spread([6]) == {6: D("100.00")}
    assert even_spread([2, 4, 6, 8]) == {2: D("25.00"), 4: D("50.00"), 6: D("75.00"), 8: D("100.00")}


def test_planned_percent_keeps_the_latest_target_month_up_to_the_month(scattered):
    planned = [planned_percent(scattered, month=m) for m in range(1, 13)]
    assert planned == [None, None, D("33.33"), D("33.33"), D("33.33"), D("33.33")] + [D("66.67")] * 5 + [D("100.00")]


def test_capaian_is_realisation_over_target_rounded_half_up():
    assert capaian(30, D("33.33")) == D("90.01")  # 90.009…
    assert capaian(67, D("66.67")) == D("100.49")  # ahead of plan: not capped
    assert capaian(0, D("25.00")) == D("0.00")
    assert capaian(20, D("25.00")) == D("80.00")
    assert capaian(1, D("0.03")) == D("3333.33")
    assert capaian(50, D("0.00")) is None  # a planned 0 % has no ratio
    assert capaian(50, None) is None  # nothing due yet


def test_sql_and_python_agree_on_every_month_end_for_scattered_spans_and_a_plan(seed_plan, pic):
    rows = list(ActionItem.objects.filter(area__plan=seed_plan).order_by("area__order", "number")[:8])
    month_sets = [[3, 7, 12], [1, 2, 3], list(range(1, 13)), [6], [2, 3, 5, 7, 11], [4, 5, 6, 7, 8, 9, 10], [12]]
    for item, months in zip(rows, month_sets, strict=False):
        item.set_target_months(months)
        item.save()
    planned = rows[7]
    planned.set_target_months([2, 5, 9])
    planned.save()
    item_targets_set(item=planned, percents={2: "0", 5: "12,5", 9: "100"}, by=pic, reason="Rencana kerja")
    for n, item in enumerate(rows):
        report(item, item.target_months[0], pic, 7 * n + 5)
    for month_ended in range(0, 13):
        today = date(2025, month_ended + 1, 1) if month_ended < 12 else date(2026, 1, 1)
        judged_rows = ActionItem.objects.filter(pk__in=[r.pk for r in rows]).with_status(today=today)
        for row in judged_rows.annotate(capaian_in_sql=capaian_sql()).prefetch_related("targets"):
            target = planned_percent(row, month=month_ended) if month_ended else None
            expected = (target, capaian(row.latest_percent, target))
            assert (row.target_percent, row.capaian_in_sql) == expected == (row.target_percent, row.capaian), (
                row.target_months,
                today,
            )


def test_behind_target_from_the_day_after_a_target_month_ends(scattered, pic):
    report(scattered, 3, pic, 33)
    on_31_march = judged(scattered, date(2025, 3, 31))  # March still running: nothing is due yet
    assert (on_31_march.target_percent, on_31_march.capaian, on_31_march.status) == (None, None, ItemStatus.BERJALAN)
    on_1_april = judged(scattered, date(2025, 4, 1))
    assert (on_1_april.target_percent, on_1_april.capaian) == (D("33.33"), D("99.01"))
    assert on_1_april.behind_target and on_1_april.status == ItemStatus.DI_BAWAH_TARGET


def test_equal_is_on_target_and_one_point_less_is_behind(scattered, pic, koordinator):
    item_targets_set(item=scattered, percents={3: "40", 7: "70", 12: "100"}, by=koordinator, reason="Rencana")
    entry = report(scattered, 3, pic, 40)
    row = judged(scattered, date(2025, 4, 1))
    assert (row.target_percent, row.capaian, row.behind_target, row.status) == (
        D("40.00"),
        D("100.00"),
        False,
        ItemStatus.BERJALAN,
    )
    ProgressEntry.objects.filter(pk=entry.pk).update(percent=39)
    assert judged(scattered, date(2025, 4, 1)).status == ItemStatus.DI_BAWAH_TARGET


def test_a_whole_number_even_target_met_exactly_is_on_target(seed_plan, pic):
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=3)
    item.set_target_months([1, 2, 3, 4])  # 25, 50, 75, 100
    item.save()
    report(item, 1, pic, 25)
    assert judged(item, date(2025, 2, 1)).status == ItemStatus.BERJALAN
    ProgressEntry.objects.filter(item=item).update(percent=24)
    assert judged(item, date(2025, 2, 1)).status == ItemStatus.DI_BAWAH_TARGET


def test_between_target_months_the_earlier_target_holds(scattered, pic):
    """Mid-May, mid-July: July's 66.67 % is due only once July has ended, not while it runs or before."""
    report(scattered, 3, pic, 40)
    for day in (date(2025, 5, 15), date(2025, 7, 1), date(2025, 7, 31)):
        row = judged(scattered, day)
        assert (row.target_percent, row.status) == (D("33.33"), ItemStatus.BERJALAN), day
    report(scattered, 7, pic, 60)
    row = judged(scattered, date(2025, 8, 1))
    assert (row.target_percent, row.capaian, row.status) == (
        D("66.67"),
        D("90.00"),
        ItemStatus.DI_BAWAH_TARGET,
    )  # 89.9955…


def test_closing_a_month_changes_no_target(scattered, pic, koordinator):
    """The calendar decides what is due: a month the coordinator closes early is still running."""
    report(scattered, 3, pic, 40)
    report(scattered, 7, pic, 45)
    MonthClosure.objects.create(plan=scattered.area.plan, month=7, closed_by=koordinator)
    row = judged(scattered, date(2025, 7, 20))
    assert (row.target_percent, row.status) == (D("33.33"), ItemStatus.BERJALAN)
    assert judged(scattered, date(2025, 8, 1)).status == ItemStatus.DI_BAWAH_TARGET


def test_late_and_done_win_over_behind_target(scattered, pic):
    report(scattered, 3, pic, 10)
    late = judged(scattered, date(2025, 8, 1))  # July ended without a report
    assert late.behind_target and late.status == ItemStatus.TERLAMBAT
    report(scattered, 7, pic, 20, is_done=True, activity="Selesai lebih awal")
    done = judged(scattered, date(2025, 8, 1))
    assert not done.behind_target and done.status == ItemStatus.SELESAI
    assert judged(scattered, date(2026, 1, 1)).status == ItemStatus.SELESAI


def test_period_over_and_not_done_stays_late_whatever_the_figure(scattered, pic):
    for month in (3, 7, 12):
        report(scattered, month, pic, 100)
    row = judged(scattered, date(2026, 1, 1))
    assert (row.target_percent, row.capaian, row.behind_target, row.status) == (
        D("100.00"),
        D("100.00"),
        False,
        ItemStatus.TERLAMBAT,
    )


def test_a_plan_starting_at_zero_has_no_capaian_and_nobody_is_behind_it(scattered, pic, koordinator):
    item_targets_set(item=scattered, percents={3: "0", 7: "50", 12: "100"}, by=koordinator, reason="Mulai Juli")
    report(scattered, 3, pic, 0)
    row = judged(scattered, date(2025, 4, 1))
    assert (row.target_percent, row.capaian, row.status) == (D("0.00"), None, ItemStatus.BERJALAN)


def test_as_of_a_past_moment_and_for_a_period_report(scattered, pic):
    """The dashboard's look-back and the Monev judge the target of their own month's end."""
    report(scattered, 3, pic, 50)
    report(scattered, 7, pic, 60)
    monev_q1 = ActionItem.objects.with_status(today=date(2025, 4, 1), through_month=3).get(pk=scattered.pk)
    assert (monev_q1.target_percent, monev_q1.latest_percent, monev_q1.status) == (D("33.33"), 50, ItemStatus.BERJALAN)
    monev_july = ActionItem.objects.with_status(today=date(2025, 8, 1), through_month=7).get(pk=scattered.pk)
    assert (monev_july.target_percent, monev_july.capaian) == (D("66.67"), D("90.00"))


def test_schedule_and_filters_read_the_stored_plan(scattered, koordinator):
    item_targets_set(item=scattered, percents={3: "20", 7: "60,5", 12: "100"}, by=koordinator, reason="Rencana")
    assert schedule(scattered) == {3: D("20.00"), 7: D("60.50"), 12: D("100.00")}
    rows = ActionItem.objects.with_status(today=date(2025, 8, 1))
    assert rows.filter(target_percent=D("60.5")).get() == scattered
    assert ItemTarget.objects.filter(item=scattered).count() == 3
