"""A leader opens the dashboard, looks back at March, and follows a figure to the rows behind it."""

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from actionplan.models import ActionItem, ProgressEntry
from conftest import PASSWORD
from e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
JAKARTA = ZoneInfo("Asia/Jakarta")
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp/zi-e2e"))


def test_leader_reads_the_dashboard(page, login, live_server, pic, pimpinan, seed_plan):
    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=1)
    for month in (1, 2, 3):
        entry = ProgressEntry.objects.create(
            item=row, month=month, percent=month * 20, activity="x", entered_by=pic, updated_by=pic
        )
        # Reported at the time, so that the look-back at March counts them.
        ProgressEntry.objects.filter(pk=entry.pk).update(created_at=datetime(2025, month, 25, tzinfo=JAKARTA))
    login(pimpinan.username, PASSWORD)
    page.wait_for_selector("#kpi-late")
    assert page.inner_text("#kpi-late") == "23"
    assert page.locator("svg.chart").count() == 3
    assert page.locator(".month-grid tbody tr").count() == 6
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)

    page.select_option("#as-of-form select[name=month]", "3")
    page.click("#as-of-form button[type=submit]")
    page.wait_for_url("**month=3")
    assert "keadaan per akhir Maret 2025" in page.inner_text("h1")
    # At the end of March, I.1 (Juni 2025) had not begun and III.1 was reported up to date.
    assert page.inner_text("#kpi-late") == "21"

    page.click("text=kegiatan tertinggal jadwal")
    page.wait_for_selector("#rows")
    assert page.locator("#rows tbody tr").count() == 21
    assert "III.1" not in page.inner_text("#rows")


def test_a_pic_reports_done_and_the_leader_sees_it_at_once(browser, live_server, pic, pimpinan, seed_plan):
    """The PIC's save ends the plan's figures generation, so the leader's next look computes them afresh."""
    contexts = [browser.new_context(viewport={"width": 1366, "height": 900}) for _ in range(2)]
    leader, staff = (context.new_page() for context in contexts)
    try:
        for page, user in ((leader, pimpinan), (staff, pic)):
            log_in(page, live_server.url, user.username, PASSWORD)
        leader.goto(f"{live_server.url}/plans/{seed_plan.pk}/dashboard/")
        assert leader.inner_text("#kpi-done") == "0"

        row = ActionItem.objects.filter(pics=pic).order_by("area__order", "number").first()
        staff.goto(f"{live_server.url}/items/{row.pk}/#progress-form")
        staff.check("input[name=is_done]")
        staff.fill("input[name=percent]", "100")
        staff.fill("textarea[name=activity]", "Dokumen telah disahkan")
        staff.click("#progress-form input[type=submit], #progress-form button[type=submit]")
        staff.wait_for_selector(".alert-success")

        leader.reload()
        assert leader.inner_text("#kpi-done") == "1"
        assert leader.inner_text("#kpi-late") == "22"
    finally:
        for context in contexts:
            context.close()
