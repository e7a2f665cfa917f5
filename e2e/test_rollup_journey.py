"""A province's preliminary assessor opens the roll-up, drills into one kabupaten and marks it "layak dievaluasi"."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Membership, Role, Unit
from conftest import PASSWORD
from rollup.models import PreliminaryAssessment, Verdict
from rollup.sample import national_generate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp/zi-e2e"))


def test_assessor_marks_a_kabupaten_ready_for_the_tpi(page, login, live_server):
    users = get_user_model().objects
    generator = users.create_user("generator", password=PASSWORD)
    national_generate(user=generator, year=timezone.localdate().year, provinces=["36"], items=6, evidence_per_plan=3)
    PreliminaryAssessment.objects.filter(plan__unit__code="kpu-kab-lebak").delete()
    assessor = users.create_user("asesor", password=PASSWORD, first_name="Nur", last_name="Hidayah")
    Membership.objects.create(
        user=assessor, unit=Unit.objects.get(code="kpu-prov-banten"), role=Role.PENILAI_PENDAHULUAN
    )

    login("asesor", PASSWORD)  # lands on the province's roll-up
    page.wait_for_selector("#rollup")
    assert "Rekap Komisi Pemilihan Umum Provinsi Banten" in page.inner_text("h1")
    assert page.locator("#rollup tbody tr").count() == 1 + 8  # the province's own line, its 8 kabupaten/kota
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "rollup-province.png"), full_page=True)

    page.fill("#rollup-filter input[name=q]", "lebak")
    page.click("#rollup-filter button[type=submit]")
    page.wait_for_url("**q=lebak**")
    lebak = page.locator('#rollup tr[data-unit="kpu-kab-lebak"]')
    assert lebak.locator("[data-verdict]").get_attribute("data-verdict") == "none"

    lebak.locator("td").first.locator("a").click()  # drill into the kabupaten: its own dashboard
    page.wait_for_selector("#kpi-late")
    assert "KPU Kabupaten Lebak" in page.inner_text("main")
    page.wait_for_selector("[data-rollup-verdict] a")  # the verdict card, fetched after the page
    page.go_back()
    page.wait_for_selector('#rollup tr[data-unit="kpu-kab-lebak"]')

    page.locator('#rollup tr[data-unit="kpu-kab-lebak"] [data-verdict] ').click()
    page.wait_for_selector("#verdict")
    page.check(f"#verdict input[name=verdict][value={Verdict.LAYAK}]")
    page.fill("#verdict textarea[name=note]", "Bukti fisik lengkap; siap dievaluasi Inspektorat.")
    page.screenshot(path=str(SCREENSHOTS / "rollup-verdict.png"), full_page=True)
    page.click("#verdict button[type=submit]")
    page.wait_for_url("**q=lebak**")  # back on the filtered roll-up
    assert "telah dicatat" in page.inner_text(".alert")
    badge = page.locator('#rollup tr[data-unit="kpu-kab-lebak"] [data-verdict]')
    assert badge.get_attribute("data-verdict") == "layak" and "Layak dievaluasi TPI" in badge.inner_text()
    verdict = PreliminaryAssessment.objects.get(plan__unit__code="kpu-kab-lebak")
    assert (verdict.verdict, verdict.assessed_by) == (Verdict.LAYAK, assessor)
