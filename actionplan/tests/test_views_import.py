"""The import pages: upload → preview with a changeable mapping → confirm; who may use them."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from actionplan.models import ActionItem, Plan
from actionplan.tests.test_import import xlsx
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db

# "Kegiatan" is proposed as Komponen; the office means it as Langkah Aksi, and "Uraian" as Komponen.
SHEET = xlsx(
    [
        ["No", "Uraian", "Indikator", "Kegiatan", "Waktu"],
        ["I. Manajemen Perubahan"],
        [1, "Tim kerja", "SK Tim", "Menyusun SK", "Juni 2026"],
        [2, "Rencana aksi", "SK Rencana Aksi", "Menyusun rencana", "Januari - Desember 2026"],
    ]
)


def start_new_plan(client):
    page = client.get(reverse("actionplan:import_new"))
    form = rendered_form(page.content.decode(), form_id="import-start")
    data = form_post_data(form, {"year": 2026, "decree_number": "21", "title": "RENCANA AKSI 2026"})
    data["file"] = SimpleUploadedFile("rencana.xlsx", SHEET)
    response = client.post(reverse("actionplan:import_new"), data)
    assert response.status_code == 302
    return response["Location"]


def test_coordinator_imports_a_new_plan_fixing_the_mapping(client, koordinator):
    client.force_login(koordinator)
    preview_url = start_new_plan(client)
    page = client.get(preview_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Menyusun SK" in html and "Juni 2026" in html and not Plan.objects.filter(year=2026).exists()

    form = rendered_form(html, form_id="import-mapping")
    remapped = form_post_data(form, {"map_komponen": 2, "map_langkah_aksi": 4}, submit=("remap", ""))
    assert client.post(preview_url, remapped).status_code == 302
    page = client.get(preview_url)
    form = rendered_form(page.content.decode(), form_id="import-mapping")
    response = client.post(preview_url, form_post_data(form, submit=("confirm", "")))

    plan = Plan.objects.get(unit__code="kpu-kab-serang", year=2026, decree_number="21")
    assert response.status_code == 302 and response["Location"] == reverse("actionplan:plan_detail", args=[plan.pk])
    assert plan.status == Plan.Status.DRAFT and plan.title == "RENCANA AKSI 2026"
    assert list(
        ActionItem.objects.filter(area__plan=plan).order_by("number").values_list("komponen", "langkah_aksi")
    ) == [("Tim kerja", "Menyusun SK"), ("Rencana aksi", "Menyusun rencana")]
    assert not list((Path(settings.MEDIA_ROOT) / "imports").glob("*.upload"))  # the upload is gone
    assert client.get(preview_url).status_code == 404


def test_a_file_with_errors_shows_them_and_offers_no_confirm(client, koordinator):
    client.force_login(koordinator)
    page = client.get(reverse("actionplan:import_new"))
    data = form_post_data(
        rendered_form(page.content.decode(), form_id="import-start"), {"year": 2026, "decree_number": "3"}
    )
    data["file"] = SimpleUploadedFile(
        "rencana.xlsx", xlsx([["No", "Komponen", "Target Waktu"], ["I. A"], [1, "x", "Kapan"]])
    )
    preview = client.get(client.post(reverse("actionplan:import_new"), data)["Location"])
    assert preview.status_code == 422
    html = preview.content.decode()
    assert 'id="import-errors"' in html and "C" in html and 'id="import-confirm"' not in html


def test_import_into_a_draft_plan_and_its_checks_on_the_plan_page(client, koordinator, seed_plan):
    draft = Plan.objects.create(
        **{
            f.name: getattr(seed_plan, f.name)
            for f in Plan._meta.fields
            if f.name not in {"id", "year", "status", "created_at", "updated_at"}
        },
        year=2026,
        status=Plan.Status.DRAFT,
    )
    client.force_login(koordinator)
    plan_page = client.get(reverse("actionplan:plan_detail", args=[draft.pk])).content.decode()
    assert reverse("actionplan:import_into", args=[draft.pk]) in plan_page
    page = client.get(reverse("actionplan:import_into", args=[draft.pk]))
    data = form_post_data(rendered_form(page.content.decode(), form_id="import-start"))
    data["file"] = SimpleUploadedFile("baris.xlsx", SHEET)
    preview_url = client.post(reverse("actionplan:import_into", args=[draft.pk]), data)["Location"]
    form = rendered_form(client.get(preview_url).content.decode(), form_id="import-mapping")
    client.post(preview_url, form_post_data(form, submit=("confirm", "")))
    assert ActionItem.objects.filter(area__plan=draft).count() == 2
    plan_page = client.get(reverse("actionplan:plan_detail", args=[draft.pk])).content.decode()
    assert 'id="plan-checks"' in plan_page and "I.1" in plan_page


def test_an_enacted_plan_is_not_imported_into(client, koordinator, seed_plan):
    client.force_login(koordinator)
    response = client.get(reverse("actionplan:import_into", args=[seed_plan.pk]))
    assert response.status_code == 302


def test_the_template_is_a_lampiran_table(client, koordinator):
    client.force_login(koordinator)
    response = client.get(reverse("actionplan:import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[3]] == [
        "No",
        "Komponen",
        "Indikator",
        "Langkah Aksi",
        "Bukti Fisik",
        "Target Waktu",
        "PIC",
    ]


def test_others_cannot_use_the_pages(client, koordinator, pic, outsider, seed_plan):
    client.force_login(koordinator)
    preview_url = start_new_plan(client)
    client.force_login(pic)
    for url in (reverse("actionplan:import_new"), reverse("actionplan:import_template")):
        assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("actionplan:import_into", args=[seed_plan.pk])).status_code == 404
    assert client.get(preview_url).status_code == 404  # another session's upload
