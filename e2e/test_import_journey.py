"""The coordinator creates a plan by importing a sheet, fixes a column the app guessed wrong, confirms, opens its PDF."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from actionplan.models import ActionItem, Plan
from actionplan.tests.test_import import xlsx
from conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# "Kegiatan" is proposed as Komponen; this office means it as Langkah Aksi and "Uraian" as Komponen.
SHEET = xlsx(
    [
        ["No", "Uraian", "Indikator", "Kegiatan", "Bukti Fisik", "Waktu"],
        ["I. MANAJEMEN PERUBAHAN"],
        [1, "Pembentukan Tim Kerja", "SK Tim ZI terbit", "Menyusun SK Tim", "SK Tim ZI", "Juni 2026"],
        [
            2,
            "Monitoring",
            "Rapat evaluasi berkala",
            "Rapat evaluasi",
            "Undangan, Daftar Hadir",
            "B03, B06, B09 dan B12",
        ],
    ]
)


def test_coordinator_imports_a_plan_and_opens_its_pdf(page, login, live_server, koordinator, seed_plan, tmp_path):
    path = tmp_path / "rencana-2026.xlsx"
    path.write_bytes(SHEET)
    login(koordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/plans/")
    page.click("#plan-import")
    page.fill("input[name=year]", "2026")
    page.fill("input[name=decree_number]", "30/2026")
    page.fill("textarea[name=title]", "RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS TAHUN 2026")
    page.set_input_files("input[name=file]", str(path))
    page.click("#import-upload")
    page.wait_for_selector("#import-mapping")
    assert page.locator("tr.import-row").count() == 2
    assert "Maret, Juni, September dan Desember 2026" in page.inner_text("main")

    page.select_option("select[name=map_komponen]", "2")
    page.select_option("select[name=map_langkah_aksi]", "4")
    page.click("#import-remap")
    page.wait_for_selector("#import-confirm")
    assert "Menyusun SK Tim" in page.locator("tr.import-row >> nth=0").inner_text()
    page.click("#import-confirm")
    page.wait_for_selector("table#lampiran")

    plan = Plan.objects.get(year=2026, decree_number="30/2026")
    assert page.url.endswith(f"/plans/{plan.pk}/")
    assert list(
        ActionItem.objects.filter(area__plan=plan).order_by("number").values_list("komponen", "langkah_aksi")
    ) == [("Pembentukan Tim Kerja", "Menyusun SK Tim"), ("Monitoring", "Rapat evaluasi")]
    with page.expect_download() as info:
        page.click(f"a[href$='/plans/{plan.pk}/lampiran.pdf']")
    with open(info.value.path(), "rb") as handle:
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(BytesIO(handle.read())).pages))
    assert "Pembentukan Tim Kerja" in text and "MANAJEMEN PERUBAHAN" in text
