"""Derived row status (Belum dimulai, Berjalan, Selesai, Terlambat), around month boundaries."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from actionplan.models import ActionItem, ItemStatus, ProgressEntry

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def row(seed_plan):
    """Row I.2: Januari – Desember 2025."""
    return ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=2)


@pytest.fixture
def june_row(seed_plan):
    """Row I.1: Juni 2025 only."""
    return ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)


def status(item, today):
    return ActionItem.objects.with_status(today=today).get(pk=item.pk).status


def report(item, month, user, **fields):
    return ProgressEntry.objects.create(item=item, month=month, entered_by=user, updated_by=user, **fields)


def test_not_started_until_a_month_of_the_period_has_ended(row, june_row):
    assert status(row, date(2024, 12, 31)) == ItemStatus.BELUM_DIMULAI
    assert status(row, date(2025, 1, 31)) == ItemStatus.BELUM_DIMULAI  # January still running
    assert status(june_row, date(2025, 6, 30)) == ItemStatus.BELUM_DIMULAI


def test_late_the_day_after_a_month_ends_without_an_entry(row, june_row):
    assert status(row, date(2025, 2, 1)) == ItemStatus.TERLAMBAT
    assert status(june_row, date(2025, 7, 1)) == ItemStatus.TERLAMBAT


def test_in_progress_when_every_ended_month_is_reported(row, pic):
    report(row, 1, pic, percent=10, activity="Rapat")
    assert status(row, date(2025, 1, 15)) == ItemStatus.BERJALAN
    assert status(row, date(2025, 2, 28)) == ItemStatus.BERJALAN  # February not over yet
    assert status(row, date(2025, 3, 1)) == ItemStatus.TERLAMBAT  # February ended unreported
    report(row, 2, pic, percent=20)
    assert status(row, date(2025, 3, 1)) == ItemStatus.BERJALAN


def test_done_wins_whatever_else(row, pic):
    report(row, 3, pic, percent=100, is_done=True, activity="SK ditetapkan")
    assert status(row, date(2026, 12, 1)) == ItemStatus.SELESAI


def test_late_when_the_period_is_over_and_not_done(june_row, pic):
    report(june_row, 6, pic, percent=80, activity="Draf SK")
    assert status(june_row, date(2025, 6, 30)) == ItemStatus.BERJALAN
    assert status(june_row, date(2025, 7, 1)) == ItemStatus.TERLAMBAT


def test_month_boundary_is_judged_in_jakarta_time(row, pic):
    report(row, 1, pic, percent=10)
    # 31 January 2025, 23:30 in Jakarta is 16:30 UTC: still January, February not begun.
    late_evening = datetime(2025, 1, 31, 16, 30, tzinfo=ZoneInfo("UTC"))
    assert timezone.localdate(late_evening) == date(2025, 1, 31)
    assert status(row, timezone.localdate(late_evening)) == ItemStatus.BERJALAN
    # 28 February 2025, 17:00 UTC is 1 March 00:00 in Jakarta: February has ended unreported.
    midnight = datetime(2025, 2, 28, 17, 0, tzinfo=ZoneInfo("UTC"))
    assert timezone.localdate(midnight) == date(2025, 3, 1)
    assert status(row, timezone.localdate(midnight)) == ItemStatus.TERLAMBAT


def test_missing_months_counts_the_gaps(row, pic):
    report(row, 1, pic, percent=10)
    report(row, 3, pic, percent=30)
    annotated = ActionItem.objects.with_status(today=date(2025, 5, 10)).get(pk=row.pk)
    assert (annotated.expected_months, annotated.reported_months, annotated.missing_months) == (4, 2, 2)
    assert annotated.latest_percent == 30


def test_entries_made_later_do_not_count_as_of_an_earlier_moment(row, pic):
    entry = report(row, 1, pic, percent=10)
    ProgressEntry.objects.filter(pk=entry.pk).update(created_at=datetime(2025, 3, 5, 9, tzinfo=JAKARTA))
    end_of_february = datetime(2025, 2, 28, 23, 59, tzinfo=JAKARTA)
    as_of = ActionItem.objects.with_status(today=date(2025, 3, 1), entered_by=end_of_february).get(pk=row.pk)
    assert as_of.status == ItemStatus.TERLAMBAT and as_of.reported_months == 0
