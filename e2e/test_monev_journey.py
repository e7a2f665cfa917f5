"""Monev in a browser: the coordinator records a meeting and a recommendation, the PIC sees it on Pekerjaan saya
and reports its follow-up with a file, leadership downloads the signed Laporan Monev (a spinner while it is made),
and another office sees none of it."""

import io
import re

import pytest
from pypdf import PdfReader

from conftest import PASSWORD
from evidence.tests.conftest import make_pdf
from monitoring.models import Recommendation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_meeting_recommendation_follow_up_and_the_signed_monev(
    page, login, live_server, seed_plan, koordinator, pic, pimpinan, outsider, tmp_path
):
    notulen = tmp_path / "notulen rapat.pdf"
    notulen.write_bytes(make_pdf("Notulen rapat pelengkapan bukti"))

    login(koordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/plans/{seed_plan.pk}/")
    page.click("#plan-monev")
    page.click("#session-new")
    page.select_option("#session-form select[name=period]", "q1")
    page.fill("#session-form input[name=held_on]", "2025-04-08")
    page.fill("#session-form textarea[name=attendees]", "Ahmad, Sekretaris\nDewi, Parmas & SDM")
    page.fill("#session-form textarea[name=conclusions]", "Bukti fisik Area III belum lengkap.")
    page.click("#session-form button[type=submit]")
    page.wait_for_selector("#recommendation-form")
    page.fill("#recommendation-form textarea[name=text]", "Lengkapi bukti fisik Area III")
    page.select_option("#recommendation-form select[name=owner]", label=pic.first_name)
    page.fill("#recommendation-form input[name=due_on]", "2025-05-15")
    page.click("#recommendation-form button[type=submit]")
    page.wait_for_selector("#session-recommendations")
    assert "Lengkapi bukti fisik Area III" in page.inner_text("#session-recommendations")

    page.context.clear_cookies()
    login(pic.username, PASSWORD)
    page.goto(f"{live_server.url}/my-work/")
    card = page.wait_for_selector("#my-recommendations-card")  # fetched after the page
    assert "Lengkapi bukti fisik Area III" in card.inner_text()
    page.click("#my-recommendations-card a >> nth=0")
    page.fill("#follow-up-form textarea[name=note]", "Dilengkapi pada rapat 2 Mei.")
    page.set_input_files("#follow-up-form input[name=files]", str(notulen))
    page.check("#follow-up-form input[name=done]")
    page.click("#follow-up-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert Recommendation.objects.get().status == "done"
    assert "notulen rapat.pdf" in page.inner_text("#documents")

    page.context.clear_cookies()
    login(pimpinan.username, PASSWORD)
    page.goto(f"{live_server.url}/plans/{seed_plan.pk}/monev/?period=q1")
    page.fill("#monev-document-form input[name=signed_on]", "2025-04-10")
    button = page.locator("#monev-document-form button[formaction$='monev.pdf']")
    with page.expect_download() as download:
        button.click()
        page.wait_for_selector("#monev-document-form button[aria-busy=true] .spinner-border", timeout=5000)
    page.wait_for_selector("#monev-document-form [aria-busy=true]", state="detached", timeout=60000)
    assert "PDF" in button.inner_text()  # back to its label once the file arrived
    path = tmp_path / "monev.pdf"
    download.value.save_as(path)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages))
    assert "Serang, 10 April 2025" in text and "Lengkapi bukti fisik Area III" in text and "B. Rekomendasi" in text

    page.context.clear_cookies()
    login(outsider.username, PASSWORD)
    response = page.goto(f"{live_server.url}/monev/recommendations/{Recommendation.objects.get().pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/my-work/")
    card = page.wait_for_selector("#my-recommendations-card")
    assert "Lengkapi" not in card.inner_text()


def test_the_bundle_button_shows_it_is_working_until_the_download_starts(page, login, live_server, seed_plan, pimpinan):
    login(pimpinan.username, PASSWORD)
    page.goto(f"{live_server.url}/plans/{seed_plan.pk}/")
    link = page.locator("a[data-download][href*='evidence.zip']")
    with page.expect_download() as download:
        link.click()
    page.wait_for_selector("a[href*='evidence.zip'][aria-busy=true]", state="detached", timeout=60000)
    assert download.value.suggested_filename.startswith("bukti-") and "download_token=" in link.get_attribute("href")
    assert page.url.endswith(f"/plans/{seed_plan.pk}/")  # the page stayed, usable
