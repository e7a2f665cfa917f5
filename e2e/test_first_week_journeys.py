"""Each role's daily task from the page, in few clicks: report and upload, review in turn, close a month, 403."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actionplan.models import ActionItem, MonthClosure, ProgressEntry
from conftest import PASSWORD
from evidence.models import Evidence, EvidenceStatus
from evidence.services import evidence_submit
from evidence.tests.conftest import make_pdf, make_png

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class Clicks:
    """Counts the user's clicks in a journey (typing and choosing a file are not clicks)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, selector: str):
        self.count += 1
        self.page.click(selector)
        self.page.wait_for_load_state()


def test_pic_reports_and_uploads_from_my_work_in_four_clicks(page, login, live_server, pic, seed_plan, tmp_path):
    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=1)
    requirement = row.requirements.get()
    document = tmp_path / "Usulan kebutuhan pegawai.pdf"
    document.write_bytes(make_pdf("Usulan kebutuhan pegawai 2025"))
    login(pic.username, PASSWORD)
    page.wait_for_selector("#missing")  # staff land on "Pekerjaan saya"
    click = Clicks(page)

    click(f"#missing a[href*='requirement={requirement.pk}']")
    # The document the PIC came for is the one chosen; the two actions are at the top of the page.
    assert page.input_value("#upload-form select[name=requirement]") == str(requirement.pk)
    assert page.locator("#actions").bounding_box()["y"] < 400
    page.fill("#progress-entry-form textarea[name=activity]", "Analisa kebutuhan pegawai disusun")
    click("#progress-entry-form [type=submit]")
    assert "disimpan" in page.inner_text(".alert-success")
    assert page.locator(".alert-success").bounding_box()["y"] < 300  # the confirmation is in view

    page.set_input_files("#upload-form input[name=files]", str(document))
    click("#upload-form [type=submit]")
    assert "1 berkas diajukan" in page.inner_text(".alert-success")
    assert click.count <= 4
    assert ProgressEntry.objects.get(item=row, month=12).activity == "Analisa kebutuhan pegawai disusun"
    assert Evidence.objects.get().requirement == requirement


def test_pic_sees_an_upload_error_at_the_form(page, login, live_server, pic, seed_plan, tmp_path):
    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=1)
    bad = tmp_path / "laporan.html"
    bad.write_text("<html><body>bukan dokumen</body></html>")
    login(pic.username, PASSWORD)
    page.goto(f"{live_server.url}/items/{row.pk}/")
    page.set_input_files("#upload-form input[name=files]", str(bad))
    page.click("#upload-form [type=submit]")
    page.wait_for_selector(".alert-danger")
    assert "Tidak ada yang disimpan" in page.inner_text("main") or "tidak disimpan" in page.inner_text("main").lower()
    assert page.locator("#upload-form").is_visible()
    assert page.evaluate(
        "document.activeElement.classList.contains('alert-danger') || document.activeElement.classList.contains('is-invalid')"
    )
    assert not Evidence.objects.exists()


def test_reviewer_returns_one_accepts_the_next_and_ends_at_the_queue(page, login, live_server, pic, penilai, seed_plan):
    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=1)
    requirement = row.requirements.get()
    (first,) = evidence_submit(
        requirement=requirement,
        by=pic,
        month=None,
        uploads=[SimpleUploadedFile("Usulan.pdf", make_pdf("Usulan"), "application/pdf")],
    )
    (second,) = evidence_submit(
        requirement=requirement,
        by=pic,
        month=None,
        uploads=[SimpleUploadedFile("Foto rapat.png", make_png(), "image/png")],
    )
    login(penilai.username, PASSWORD)
    page.wait_for_selector("#queue")  # reviewers land on the queue, with the count in the menu
    assert page.inner_text("#nav-queue .badge") == "2"
    assert page.locator("#queue tbody tr").count() == 2
    page.click(f"#queue-{first.pk} a.btn")
    page.wait_for_selector("#review-form")
    assert page.locator("iframe.evidence-preview").count() == 1  # the PDF is shown beside the decision
    page.check("#review-form input[value=perlu_perbaikan]")
    page.click("#review-form [type=submit]")  # without a note: refused, at the form
    page.wait_for_selector(".alert-danger")
    assert page.evaluate("document.activeElement.name") == "note"
    page.check("#review-form input[value=perlu_perbaikan]")
    page.fill("#review-form textarea[name=note]", "Belum ditandatangani\nMohon unggah versi bertanda tangan")
    page.click("#review-form [type=submit]")
    page.wait_for_url(f"**/evidence/{second.pk}/")  # the next waiting document opens
    assert page.locator("img.evidence-preview-image").count() == 1
    page.check("#review-form input[value=diterima]")
    page.click("#review-form [type=submit]")
    page.wait_for_url("**/evidence/review/")
    assert "Tidak ada lagi dokumen" in page.inner_text("main")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (EvidenceStatus.PERLU_PERBAIKAN, EvidenceStatus.DITERIMA)
    assert first.reviews.get().note == "Belum ditandatangani\nMohon unggah versi bertanda tangan"


def test_coordinator_sees_who_has_not_reported_before_closing(page, login, live_server, koordinator, pic, seed_plan):
    reported = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=1)
    ProgressEntry.objects.create(item=reported, month=3, percent=20, activity="x", entered_by=pic, updated_by=pic)
    login(koordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/plans/{seed_plan.pk}/")
    page.click("text=Bulan pelaporan")
    page.click("#month-3 button[value=close]")
    page.wait_for_selector("#unreported-rows")
    names = page.inner_text("#unreported-rows")
    assert reported.komponen not in names and "Dewi" in names
    assert not MonthClosure.objects.exists()  # nothing closed before the confirmation
    page.click("text=Tetap tutup bulan")
    page.wait_for_selector(".alert-success")
    assert MonthClosure.objects.filter(plan=seed_plan, month=3).exists()


def test_a_forbidden_page_is_in_the_apps_layout(page, login, live_server, pimpinan, seed_plan):
    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)
    login(pimpinan.username, PASSWORD)
    response = page.goto(f"{live_server.url}/items/{row.pk}/edit/")
    assert response.status == 403
    assert page.locator("nav.app-navbar").count() == 1 and page.locator("#error-403").count() == 1
    assert "Anda tidak diizinkan" in page.inner_text("h1")
    page.click("text=Kembali ke halaman awal")
    page.wait_for_selector("#kpi-percent")  # leadership's home, the dashboard
