"""The Laporan Monev's page: choose period, signing place and date, signers; the buttons show they are working."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Membership, Profile, Role
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def signers(serang, pimpinan, koordinator, django_user_model):
    """Two leaders to choose from; the coordinator has a NIP."""
    Membership.objects.filter(user=pimpinan).update(title="Sekretaris")
    ketua = django_user_model.objects.create_user("ketua", password="x", first_name="Hasan", last_name="Basri")
    Membership.objects.create(user=ketua, unit=serang, role=Role.PIMPINAN, title="Ketua")
    Profile.objects.create(user=koordinator, nip="198503302010121002")
    return ketua


def test_the_page_submits_what_it_renders_and_the_pdf_says_what_was_chosen(client, seed_plan, pimpinan, signers):
    client.force_login(pimpinan)
    page = client.get(reverse("reports:monev", args=[seed_plan.pk]), {"period": "s1"})
    html = page.content.decode()
    form = rendered_form(html, form_id="monev-document-form")
    assert form["selects"]["period"]["selected"] == ["s1"] and "y" in form["selects"]["period"]["options"]
    # Both buttons show a spinner while the file is prepared (static/js/downloads.js).
    assert html.count("data-download") == 2 and "Menyiapkan PDF…" in html
    ketua = Membership.objects.get(user=signers)
    data = form_post_data(form, {"signed_place": "Serang", "signed_on": "2025-07-03", "leader": ketua.pk})
    response = client.get(reverse("reports:monev_pdf", args=[seed_plan.pk]), data)
    assert response.status_code == 200
    text = re.sub(
        r"\s+",
        " ",
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages),
    )
    assert "Periode: Semester I (Januari – Juni 2025)" in text
    assert "Mengetahui, Ketua Hasan Basri" in text and "Serang, 3 Juli 2025 Koordinator Tim Zona Integritas" in text
    assert "NIP. 198503302010121002" in text


def test_a_signer_of_another_office_cannot_be_chosen(client, seed_plan, pimpinan, outsider):
    client.force_login(pimpinan)
    foreign = Membership.objects.get(user=outsider)
    response = client.get(reverse("reports:monev_pdf", args=[seed_plan.pk]), {"period": "3", "coordinator": foreign.pk})
    assert response.status_code == 400


def test_a_download_answers_its_token_with_a_cookie_and_nothing_else_does(client, seed_plan, pimpinan):
    client.force_login(pimpinan)
    url = reverse("reports:monev_xlsx", args=[seed_plan.pk])
    response = client.get(url, {"period": "3", "download_token": "a1b2c3d4e5f6a7b8"})
    cookie = response.cookies["zi_download_a1b2c3d4e5f6a7b8"]
    assert cookie.value == "1" and cookie["max-age"] == 60 and not cookie["httponly"]

    def ours(response):
        return [name for name in response.cookies if name.startswith("zi_download_")]

    assert not ours(client.get(url, {"period": "3"}))
    assert not ours(client.get(url, {"period": "3", "download_token": "x;y"}))
    page = client.get(reverse("reports:monev", args=[seed_plan.pk]), {"download_token": "a1b2c3d4e5f6a7b8"})
    assert not ours(page)  # only a file answers it
    bundle = client.get(reverse("evidence:bundle", args=[seed_plan.pk]), {"download_token": "b1b2c3d4e5f6a7b8"})
    assert bundle.cookies["zi_download_b1b2c3d4e5f6a7b8"].value == "1"
    plan_page = client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk])).content.decode()
    assert re.search(r'href="[^"]*evidence\.zip"[^>]*data-download', plan_page)
