"""The coordinator copies the seed plan to 2026, adds a row with a requirement, enacts it and opens its PDF."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from actionplan.models import ActionItem, Plan
from conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pdf_text(path) -> list[str]:
    with open(path, "rb") as handle:
        return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(BytesIO(handle.read())).pages]


def test_coordinator_copies_extends_and_enacts_next_years_plan(page, login, live_server, koordinator, pic, seed_plan):
    login(koordinator.username, PASSWORD)
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/plans/{seed_plan.pk}/")
    page.click("#authoring a[href$='/copy/']")
    page.fill("input[name=year]", "2026")
    page.fill("input[name=decree_number]", "17/PP.06-Kpt/2026")
    page.click("main form [type=submit]")
    page.wait_for_selector("table#lampiran")
    copy = Plan.objects.get(year=2026)
    assert page.url.endswith(f"/plans/{copy.pk}/")
    assert page.locator("tr[id^=item-]").count() == 23
    assert "Desember 2026" in page.inner_text("table#lampiran") and "Desember 2025" not in page.inner_text(
        "table#lampiran"
    )

    # A new row at the end of area I, with one required document, due in March and September.
    page.click("tr.area-row >> nth=0 >> a[href$='/items/new/']")
    page.fill("textarea[name=komponen]", "Sosialisasi Zona Integritas")
    page.fill("textarea[name=indikator]", "Pegawai memahami ZI")
    page.fill("textarea[name=langkah_aksi]", "Menyelenggarakan sosialisasi")
    page.fill("textarea[name=bukti_fisik]", "Daftar Hadir Sosialisasi")
    page.fill("textarea[name=requirements]", "Daftar Hadir Sosialisasi")
    page.check("input[name=months][value='3']")
    page.check("input[name=months][value='9']")
    page.click("main form [type=submit]")
    page.wait_for_selector("table#lampiran")
    row = ActionItem.objects.get(area__plan=copy, komponen="Sosialisasi Zona Integritas")
    assert row.target_months == [3, 9] and [r.name for r in row.requirements.all()] == ["Daftar Hadir Sosialisasi"]
    assert page.locator(f"#item-{row.pk}").is_visible()

    # Enact it: a confirmation page, a ticked box.
    page.click("#authoring a[href$='/enact/']")
    page.check("input[name=confirmed]")
    page.click("main form [type=submit]")
    page.wait_for_selector("table#lampiran")
    assert Plan.objects.get(pk=copy.pk).status == Plan.Status.DITETAPKAN
    assert page.locator("#authoring a[href$='/enact/']").count() == 0
    # Enacted, the plan reads without the row controls; "Edit areas and rows" brings them back.
    assert page.locator(f"#item-{row.pk} .authoring").count() == 0
    page.click("#edit-mode")
    page.wait_for_selector(f"#item-{row.pk} .authoring")
    assert page.locator("#plan-checks").count() == 1
    page.click("#edit-done")
    page.wait_for_selector("#edit-mode")

    with page.expect_download() as info:
        page.click(f"a[href$='/plans/{copy.pk}/lampiran.pdf']")
    pages = pdf_text(info.value.path())
    assert info.value.suggested_filename == "lampiran-kpts-17-pp-06-kpt-2026-2026-kpu-kab-serang.pdf"
    assert "Sosialisasi Zona Integritas" in " ".join(pages) and "TAHUN 2026" in " ".join(pages)
    assert all("DRAFT" not in text for text in pages)
