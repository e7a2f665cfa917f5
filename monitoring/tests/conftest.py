"""Monev meetings of the seed plan (KPU Kabupaten Serang, 2025) and helpers to post what pages render."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Section
from evidence.tests.conftest import make_pdf
from monitoring.models import MonevSession
from zi_tracker.formdata import form_post_data, rendered_form


@pytest.fixture
def parmas(serang) -> Section:
    """The PIC's section (Sub Bagian Parmas & SDM)."""
    return Section.objects.get(unit=serang, short_name="Parmas & SDM")


@pytest.fixture
def march_meeting(seed_plan, koordinator) -> MonevSession:
    return MonevSession.objects.create(
        plan=seed_plan,
        period="3",
        held_on=date(2025, 4, 8),
        place="Aula KPU Kabupaten Serang",
        attendees="Ahmad, Sekretaris\nRahmat, Koordinator Tim ZI\nDewi, Sub Bagian Parmas & SDM",
        conclusions="Realisasi Maret sesuai rencana.\nBukti fisik Area III belum lengkap.",
        created_by=koordinator,
    )


def pdf_upload(name: str = "notulen.pdf", text: str = "Notulen sosialisasi") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(text), content_type="application/pdf")


def post_rendered(client, page_url: str, *, form_id: str, changes: dict, files: dict | None = None):
    """GET the page, take the form as rendered, change what a person would, and POST it to its action."""
    page = client.get(page_url)
    assert page.status_code == 200, page.status_code
    form = rendered_form(page.content.decode(), form_id=form_id)
    data = form_post_data(form, changes)
    data.update(files or {})
    return client.post(form["action"] or page_url, data)
