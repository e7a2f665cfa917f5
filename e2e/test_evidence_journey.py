"""A PIC uploads evidence in the browser; a reviewer sends it back; the PIC replaces it; it is accepted."""

import pytest

from actionplan.models import ActionItem
from conftest import PASSWORD
from evidence.models import Evidence, EvidenceStatus
from evidence.tests.conftest import make_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_upload_review_replace_accept(page, login, live_server, pic, penilai, seed_plan, tmp_path):
    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=2)
    first, second = tmp_path / "SK Rotasi.pdf", tmp_path / "SK Rotasi (ttd).pdf"
    first.write_bytes(make_pdf("SK rotasi"))
    second.write_bytes(make_pdf("SK rotasi bertanda tangan"))

    login(pic.username, PASSWORD)
    page.goto(f"{live_server.url}/items/{row.pk}/")
    page.select_option("#upload select[name=requirement]", label="1. SK Rotasi Pegawai")
    page.set_input_files("#upload input[name=files]", str(first))
    page.click("#upload-form [type=submit]")
    page.wait_for_selector(".alert-success")
    assert "1 berkas diajukan untuk dinilai" in page.inner_text(".alert-success")
    assert page.locator(".evidence-doc").count() == 1

    context = page.context
    context.clear_cookies()
    login(penilai.username, PASSWORD)
    page.goto(f"{live_server.url}/evidence/review/")
    assert page.locator("#queue tbody tr").count() == 1
    page.click("#queue a.btn")
    page.check("#review-form input[value=perlu_perbaikan]")
    page.fill("#review-form textarea[name=note]", "Belum ditandatangani")
    page.click("#review-form [type=submit]")
    page.wait_for_selector(".alert-warning")  # a send-back is a warning, naming the row
    assert Evidence.objects.get().status == EvidenceStatus.PERLU_PERBAIKAN

    context.clear_cookies()
    login(pic.username, PASSWORD)
    page.wait_for_selector("#sent-back")
    assert "Belum ditandatangani" in page.inner_text("#sent-back")
    page.click("#sent-back a")
    page.set_input_files(".replace-form input[name=file]", str(second))
    page.click(".replace-form button[type=submit]")
    page.wait_for_selector(".alert-success")

    context.clear_cookies()
    login(penilai.username, PASSWORD)
    page.goto(f"{live_server.url}/items/{row.pk}/")
    page.click(".evidence-doc a:has-text('Periksa')")
    page.check("#review-form input[value=diterima]")
    page.click("#review-form [type=submit]")
    page.wait_for_selector(".alert-success")
    page.goto(f"{live_server.url}/items/{row.pk}/")
    evidence = Evidence.objects.get()
    assert evidence.status == EvidenceStatus.DITERIMA and evidence.current.number == 2
    assert "1/2" in page.inner_text("#evidence")
