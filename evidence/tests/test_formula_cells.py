"""Text a user typed that starts like a formula is written as text in every xlsx and CSV the app produces."""

import csv
import io
import zipfile
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actionplan.models import ActionItem, ProgressEntry
from evidence.models import Evidence
from evidence.tests.conftest import file, make_pdf, upload
from zi_tracker.formdata import form_post_data, rendered_form
from zi_tracker.spreadsheets import safe_cell, safe_text

pytestmark = pytest.mark.django_db

NAME = '=HYPERLINK("evil.test","klik").pdf'
NOTE = "+cmd|' /C calc'!A0"
ACTIVITY = "@SUM(1+1)*cmd|' /C calc'!A0"
KOMPONEN = "-2+3+cmd|' /C calc'!A0"


def cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def assert_text_cell(content: bytes, text: str) -> None:
    found = cells(content)
    assert not [c.coordinate for c in found if c.data_type == "f"], "a cell is a formula"
    assert [c for c in found if isinstance(c.value, str) and text in c.value], f"{text!r} not in the workbook"


@pytest.fixture
def formula_plan(client, seed_plan, pic, penilai, koordinator):
    """One accepted evidence named like a formula, a returned one with a formula note, a formula narrative."""
    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=3)
    row.pics.add(pic)
    ActionItem.objects.filter(pk=row.pk).update(komponen=KOMPONEN)
    client.force_login(pic)
    upload(client, row, file(NAME, make_pdf("satu")), month=3)
    upload(client, row, file("kedua.pdf", make_pdf("dua")), month=3)
    first, second = Evidence.objects.order_by("pk")
    client.force_login(penilai)
    client.post(reverse("evidence:review", args=[first.pk]), {"revision": first.current_id, "decision": "diterima"})
    client.post(
        reverse("evidence:review", args=[second.pk]),
        {"revision": second.current_id, "decision": "perlu_perbaikan", "note": NOTE},
    )
    entry = ProgressEntry.objects.create(
        item=row, month=3, percent=40, activity=ACTIVITY, entered_by=pic, updated_by=pic
    )
    # The Monev of March counts only entries made by the end of March.
    ProgressEntry.objects.filter(pk=entry.pk).update(created_at=datetime(2025, 3, 20, tzinfo=UTC))
    return seed_plan


def test_safe_cell_and_safe_text():
    for start in ["=", "+", "-", "@", "\t", "\r"]:
        assert str(safe_cell(start + "1")) == start + "1" and not isinstance(safe_cell(start + "1"), str)
        assert safe_text(start + "1") == "'" + start + "1"
    assert safe_cell("Daftar Hadir") == "Daftar Hadir" and safe_text("Daftar Hadir") == "Daftar Hadir"
    assert safe_cell(12) == 12 and safe_text(None) is None
    assert safe_cell("a\x00b") == "ab"


def test_bundle_index_writes_file_names_as_text(client, formula_plan, penilai):
    client.force_login(penilai)
    response = client.get(reverse("evidence:bundle", args=[formula_plan.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert_text_cell(archive.read("daftar-bukti.xlsx"), NAME)


def test_register_writes_names_and_notes_as_text(client, formula_plan, koordinator):
    client.force_login(koordinator)
    response = client.get(reverse("evidence:register", args=[formula_plan.pk]))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert_text_cell(content, NAME)
    assert_text_cell(content, NOTE)


def test_lampiran_xlsx_writes_decree_text_as_text(client, formula_plan, koordinator):
    client.force_login(koordinator)
    response = client.get(reverse("actionplan:plan_lampiran_xlsx", args=[formula_plan.pk]))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert_text_cell(content, KOMPONEN)


def test_monev_xlsx_writes_narratives_as_text(client, formula_plan, koordinator):
    client.force_login(koordinator)
    response = client.get(reverse("reports:monev_xlsx", args=[formula_plan.pk]), {"period": "3"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert_text_cell(content, ACTIVITY)
    assert_text_cell(content, KOMPONEN)


def test_admin_csv_export_escapes_formulae(client, formula_plan, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    url = reverse("admin:evidence_evidence_export")
    form = rendered_form(client.get(url).content.decode(), action="")
    assert "0" in form["selects"]["format"]["options"]  # "0" is csv, the first of import-export's formats
    response = client.post(url, form_post_data(form, {"format": "0"}))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    values = [value for row in rows for value in row]
    assert "'" + NAME in values and "'" + NOTE in values
    assert not [value for value in values if value and value[0] in "=+-@\t\r"]
