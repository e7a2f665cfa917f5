"""rows_with_status() runs with_status()'s own annotations compiled once a day: the same figures, row for row."""

from datetime import date

import pytest

from actionplan.models import ActionItem, ItemStatus, ProgressEntry
from actionplan.selectors import rows_with_status
from actionplan.targets import item_targets_set

pytestmark = pytest.mark.django_db

DAYS = [
    date(2024, 12, 31),
    date(2025, 1, 1),
    date(2025, 3, 1),
    date(2025, 6, 15),
    date(2025, 12, 31),
    date(2026, 6, 15),
]


def annotated(rows, names) -> dict[int, dict]:
    return {r["pk"]: r for r in rows.values("pk", *names)}


def test_every_status_figure_matches_with_status_on_every_day(seed_plan, pic):
    rows = list(ActionItem.objects.filter(area__plan=seed_plan).order_by("area__order", "number"))
    done, behind, running, partial = rows[0], rows[1], rows[2], rows[3]
    for row in (done, behind, running, partial):
        row.target_year, row.target_start_month, row.target_end_month, row.target_month_mask = 2025, 1, 12, 0xFFF
        row.save()

    def report(row, month, percent, is_done=False):
        ProgressEntry.objects.create(
            item=row, month=month, percent=percent, is_done=is_done, entered_by=pic, updated_by=pic
        )

    report(done, 1, 100, is_done=True)
    for month in range(1, 7):
        report(behind, month, 5 * month)
        report(running, month, 9 * month)
    report(partial, 2, 40)
    item_targets_set(item=behind, percents={m: min(100, 20 * m) for m in range(1, 13)}, by=pic, reason="Rencana")

    names = list(ActionItem.objects.with_status(today=DAYS[0]).query.annotations)
    assert {"status", "target_percent", "latest_percent", "missing_months", "is_done"} <= set(names)
    seen = set()
    for today in DAYS:
        expected = annotated(ActionItem.objects.filter(area__plan=seed_plan).with_status(today=today), names)
        got = annotated(rows_with_status(today).filter(area__plan=seed_plan), names)
        assert got == expected, today
        seen |= {r["status"] for r in got.values()}
    assert seen == set(ItemStatus.values)  # every status was compared at least once


def test_it_filters_orders_and_counts_like_any_row_query(seed_plan):
    today = date(2026, 6, 15)
    late = rows_with_status(today).filter(area__plan=seed_plan, status=ItemStatus.TERLAMBAT)
    expected = ActionItem.objects.filter(area__plan=seed_plan).with_status(today=today).filter(status="terlambat")
    assert late.count() == expected.count() > 0
    assert list(late.order_by("-number", "pk").values_list("pk", flat=True)) == list(
        expected.order_by("-number", "pk").values_list("pk", flat=True)
    )


def test_inside_a_query_of_another_table_it_refuses(seed_plan):
    """Its SQL names the rows' table as the main query does: in a subquery of areas it would read the wrong rows."""
    from django.db.models import OuterRef, Subquery

    from actionplan.models import Area

    today = date(2026, 6, 15)
    late = rows_with_status(today).filter(area=OuterRef("pk"), status=ItemStatus.TERLAMBAT).values("pk")[:1]
    with pytest.raises(TypeError, match="with_status"):
        list(Area.objects.annotate(late=Subquery(late)))
    fine = ActionItem.objects.with_status(today=today).filter(area=OuterRef("pk"), status="terlambat").values("pk")
    assert Area.objects.filter(plan=seed_plan).annotate(late=Subquery(fine[:1])).count() == 6
