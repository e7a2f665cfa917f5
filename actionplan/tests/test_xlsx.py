"""The Lampiran as xlsx: the decree's layout, its rich text, and text that must stay text."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText

from actionplan.models import ActionItem, plain_text

pytestmark = pytest.mark.django_db


def workbook(client, plan):
    response = client.get(reverse("actionplan:plan_lampiran_xlsx", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lampiran-kpts-995-2025-kpu-kab-serang.xlsx"'
    return load_workbook(BytesIO(b"".join(response.streaming_content)), rich_text=True).active


def test_xlsx_has_the_decree_layout(client, pic, seed_plan):
    client.force_login(pic)
    sheet = workbook(client, seed_plan)
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header_index = next(
        i
        for i, r in enumerate(rows)
        if r[:6] == ["No", "Komponen", "Indikator", "Langkah Aksi", "Bukti Fisik", "Target Waktu"]
    )
    assert rows[0][4] == "LAMPIRAN" and rows[2][4] == "NOMOR 995 TAHUN 2025"
    assert sheet.print_title_rows == f"${header_index + 1}:${header_index + 1}"
    body = rows[header_index + 1 :]
    headings = [r[0] for r in body if r[0] and str(r[0]).startswith(("I.", "II.", "III.", "IV.", "V.", "VI."))]
    assert headings == [
        "I. PENYUSUNAN TIM KERJA",
        "II. PENATAAN TATA LAKSANA",
        "III. PENATAAN SISTEM MANAJEMEN SDM DAN APARATUR",
        "IV. Penguatan Akuntabilitas",
        "V. Penguatan Pengawasan",
        "VI. PENINGKATAN KUALITAS LAYANAN PUBLIK",
    ]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    heading_row = header_index + 2
    assert f"A{heading_row}:F{heading_row}" in merged
    item_rows = [r for r in body if r[0] and str(r[0]).rstrip(".").isdigit()]
    assert len(item_rows) == 23
    expected = [
        [
            f"{i.number}.",
            *(plain_text(t) for t in (i.komponen, i.indikator, i.langkah_aksi, i.bukti_fisik)),
            i.target_text,
        ]
        for i in ActionItem.objects.filter(area__plan=seed_plan).order_by("area__order", "number")
    ]
    assert [[str(v) for v in r[:6]] for r in item_rows] == expected
    flat = [str(v) for r in rows for v in r if v is not None]
    assert "MUHAMAD NASEHUDIN" in flat and "Nurul Jannah" in flat


def test_italics_are_rich_text(client, pic, seed_plan):
    client.force_login(pic)
    sheet = workbook(client, seed_plan)
    cell = next(c for row in sheet.iter_rows() for c in row if str(c.value) == "Pemberian Reward and punishment")
    assert isinstance(cell.value, CellRichText)
    assert any(getattr(part, "font", None) and part.font.i for part in cell.value)


def test_formula_like_and_control_characters_stay_text(client, pic, seed_plan):
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)
    item.komponen = '=HYPERLINK("http://example.com","klik")'
    item.indikator = "ada\x07bel"
    item.save()
    client.force_login(pic)
    sheet = workbook(client, seed_plan)
    cell = next(c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    assert any(c.value == "adabel" for row in sheet.iter_rows() for c in row)
