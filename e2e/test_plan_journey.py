"""A PIC logs in, reads the Lampiran, filters it, and opens a row."""

import pytest

from conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_reads_and_filters_the_plan(page, login, live_server, pic, seed_plan):
    login(pic.username, PASSWORD)
    page.wait_for_selector("#this-month")  # staff land on "Pekerjaan saya"
    page.click("nav >> text=Rencana aksi")
    page.click(".list-group-item >> nth=0")
    page.wait_for_selector("table#lampiran")
    assert page.locator("tr.area-row").count() == 6
    assert page.locator("tr[id^=item-]").count() == 23
    assert page.locator("tr.area-row").first.inner_text().startswith("I. PENYUSUNAN TIM KERJA")

    page.select_option("select[name=area]", label="III. PENATAAN SISTEM MANAJEMEN SDM DAN APARATUR")
    page.click("input[type=submit][name=filter]")
    page.wait_for_url("**area=*")
    assert page.locator("tr[id^=item-]").count() == 6
    assert "6 kegiatan sesuai filter" in page.content()

    page.click("tr[id^=item-] >> nth=2 >> a")
    page.wait_for_selector("h1")
    assert "Pengembangan Pegawai Berbasis Kompetensi" in page.inner_text("h1")
    assert page.locator(".month-strip .state-missing").count() == 12  # 2025 is over, nothing reported


def test_wrong_password_is_refused_in_indonesian(page, login, pic):
    login(pic.username, "salah")
    text = page.inner_text("main form")
    assert "Masukkan nama pengguna dan kata sandi yang benar" in text
    assert "nama pengguna nama pengguna" not in text.lower()
    assert page.url.endswith("/accounts/login/")


def test_leader_downloads_the_lampiran_pdf(page, login, live_server, pimpinan, seed_plan):
    login(pimpinan.username, PASSWORD)
    page.wait_for_selector("#kpi-late")  # leadership land on the dashboard
    page.goto(f"{live_server.url}/plans/{seed_plan.pk}/")
    page.wait_for_selector("table#lampiran")
    with page.expect_download() as info:
        page.click("text=Lampiran (PDF)")
    download = info.value
    assert download.suggested_filename == "lampiran-kpts-995-2025-kpu-kab-serang.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
