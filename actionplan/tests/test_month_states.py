"""One rule for a month's state, read the same way by a row's strip and by the dashboard's area grid."""

import re

import pytest
from django.urls import reverse

from actionplan.models import ActionItem, ProgressEntry
from actionplan.sample import plan_generate
from reports.selectors import as_of, dashboard

pytestmark = pytest.mark.django_db  # today is conftest's TODAY, 15 June 2026


def strip_states(html: str) -> list[str]:
    strip = html[html.index('class="month-strip') :]
    return re.findall(r'<div class="state-([a-z]+)"', strip)[:12]


def test_row_strip_reported_missing_running_upcoming(client, pic, open_row):
    ProgressEntry.objects.create(item=open_row, month=1, percent=10, entered_by=pic, updated_by=pic)
    client.force_login(pic)
    html = client.get(reverse("actionplan:item_detail", args=[open_row.pk])).content.decode()
    assert strip_states(html) == ["reported"] + ["missing"] * 4 + ["current"] + ["upcoming"] * 6


def test_a_done_row_needs_nothing_more_in_its_strip_or_its_areas_grid(client, pic, open_row, other_unit):
    ProgressEntry.objects.create(
        item=open_row, month=3, percent=100, is_done=True, activity="x", entered_by=pic, updated_by=pic
    )
    client.force_login(pic)
    html = client.get(reverse("actionplan:item_detail", args=[open_row.pk])).content.decode()
    assert strip_states(html) == ["missing"] * 2 + ["done"] * 10  # months ahead too

    plan = plan_generate(unit=other_unit, year=2026, items=2)
    ActionItem.objects.filter(area__plan=plan).update(target_start_month=1, target_end_month=12)
    done, running = ActionItem.objects.filter(area__plan=plan).order_by("area__order", "number")
    ProgressEntry.objects.create(
        item=done, month=3, percent=100, is_done=True, activity="x", entered_by=pic, updated_by=pic
    )
    board = dashboard(plan=plan, at=as_of(plan=plan, month=None))
    cells = {row["area"].pk: [c["state"] for c in row["cells"]] for row in board.grid}
    assert cells[done.area_id] == ["missing"] * 2 + ["ok"] * 10
    assert cells[running.area_id] == ["missing"] * 5 + ["current"] + ["upcoming"] * 6
    # As of the end of May there is no running month: June is still ahead.
    board = dashboard(plan=plan, at=as_of(plan=plan, month=5))
    cells = {row["area"].pk: [c["state"] for c in row["cells"]] for row in board.grid}
    assert cells[running.area_id] == ["missing"] * 5 + ["upcoming"] * 7
