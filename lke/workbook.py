"""The LKE as the official workbook (Lampiran III's layout): numbering A./I./1./i./a., then Penilaian,
Bobot, Penjelasan, Pilihan Jawaban, Jawaban, Nilai, %, Catatan, and the TPI's columns beside them.

A percentage item is followed by one "Jumlah" row per count it is computed from, as on the
official sheet; the importer (lke.workbook_import) reads the same layout back.
"""

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from lke.selectors import ScoredAssessment, catalogue_sections
from zi_tracker.spreadsheets import put

LEVELS = 5  # numbering columns: komponen, sub-komponen, area, sub-indikator, pertanyaan
HEADERS = [
    "Penilaian",
    "Bobot",
    "Penjelasan",
    "Pilihan Jawaban",
    "Jawaban",
    "Nilai",
    "%",
    "Catatan/Keterangan/Penjelasan",
    "Jawaban TPI",
    "Nilai TPI",
    "% TPI",
    "Catatan TPI",
]
WIDTHS = [4, 4, 4, 5, 4, 60, 8, 60, 12, 10, 9, 9, 30, 10, 9, 9, 30]
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)
SHADE = PatternFill("solid", fgColor="DDDDDD")
TYPE_LABELS = {
    "ya_tidak": "Ya/Tidak",
    "abc": "A/B/C",
    "abcd": "A/B/C/D",
    "abcde": "A/B/C/D/E",
    "persen": "%",
    "survei": "Nilai (0-4)",
}


def column(name: str) -> int:
    return LEVELS + 1 + HEADERS.index(name)


def question_nilai(q, value):
    """The Nilai the official sheet shows on a question's row: its value (0–1), and for the Hasil
    items, which are one question each, the value × bobot (IPAK 4,00 → 17,50; kinerja A → 5,00)."""
    if value is None:
        return None
    if q.sub_indikator.sub_komponen.komponen.key == "hasil":
        return value * q.sub_indikator.bobot
    return value


def number(value):
    """A figure as a spreadsheet number (float: Excel keeps 15 digits, the app keeps its Decimal)."""
    return None if value is None else float(value)


def assessment_workbook(*, scored: ScoredAssessment, unit_name: str) -> bytes:
    assessment = scored.assessment
    book = Workbook()
    sheet = book.active
    sheet.title = "LKE"
    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row, line in enumerate(
        [
            "LEMBAR KERJA EVALUASI PEMBANGUNAN ZONA INTEGRITAS",
            unit_name.upper(),
            f"TAHUN {assessment.year} · {assessment.version.name}",
        ],
        1,
    ):
        put(sheet, row, 1, line).font = BOLD
    header = 5
    for name in HEADERS:
        cell = put(sheet, header, column(name), name)
        cell.font, cell.border, cell.fill, cell.alignment = BOLD, BOX, SHADE, WRAP
    row = header + 1
    figures = scored.unit.figures, scored.tpi.figures

    def heading(level: int, code: str, name: str, bobot, unit_value, tpi_value):
        nonlocal row
        put(sheet, row, level, f"{code}.")
        put(sheet, row, column("Penilaian"), name)
        put(sheet, row, column("Bobot"), number(bobot))
        put(sheet, row, column("Nilai"), number(unit_value))
        put(sheet, row, column("Nilai TPI"), number(tpi_value))
        for col in range(1, LEVELS + len(HEADERS) + 1):
            sheet.cell(row, col).font = BOLD
        row += 1

    sections = catalogue_sections(version=assessment.version)
    seen_komponen, seen_sub, seen_area = set(), set(), set()
    for section in sections:
        sub = section.sub_komponen
        komponen = sub.komponen
        if komponen.pk not in seen_komponen:
            seen_komponen.add(komponen.pk)
            heading(1, komponen.code, komponen.name, komponen.bobot, figures[0][komponen.key], figures[1][komponen.key])
        if sub.pk not in seen_sub:
            seen_sub.add(sub.pk)
            heading(2, sub.code, sub.name, sub.bobot, figures[0][sub.key], figures[1][sub.key])
        if section.area and (sub.pk, section.area.pk) not in seen_area:
            seen_area.add((sub.pk, section.area.pk))
            bobot = sum(si.bobot for si in section.sub_indikator)
            heading(
                3,
                str(section.area.number),
                section.area.name,
                bobot,
                scored.unit.areas[section.area.number][sub.key],
                scored.tpi.areas[section.area.number][sub.key],
            )
        for si in section.sub_indikator:
            heading(4, si.code, si.name, si.bobot, scored.unit.sub_indikator[si.pk], scored.tpi.sub_indikator[si.pk])
            for q in si.pertanyaan.all():
                row = _question_rows(sheet, row, q, scored)
    put(sheet, row, column("Penilaian"), "NILAI EVALUASI ZONA INTEGRITAS").font = BOLD
    put(sheet, row, column("Nilai"), number(figures[0]["total"])).font = BOLD
    put(sheet, row, column("Nilai TPI"), number(figures[1]["total"])).font = BOLD
    for line in sheet.iter_rows(min_row=header + 1, max_row=row, max_col=LEVELS + len(HEADERS)):
        for cell in line:
            cell.border, cell.alignment = BOX, WRAP
    sheet.freeze_panes = sheet.cell(header + 1, LEVELS + 2)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _question_rows(sheet, row: int, q, scored: ScoredAssessment) -> int:
    answer = scored.answers.get(q.pk)
    if q.heading:
        put(sheet, row, column("Penilaian"), q.heading).font = BOLD
        row += 1
    put(sheet, row, 5, q.code if q.code == "-" else f"{q.code}.")
    put(sheet, row, column("Penilaian"), q.text)
    put(sheet, row, column("Penjelasan"), q.penjelasan)
    put(sheet, row, column("Pilihan Jawaban"), TYPE_LABELS[q.answer_type])
    for prefix, score, names in (
        ("unit", scored.unit, ("Jawaban", "Nilai", "%", "Catatan/Keterangan/Penjelasan")),
        ("tpi", scored.tpi, ("Jawaban TPI", "Nilai TPI", "% TPI", "Catatan TPI")),
    ):
        value = score.values.get(q.pk)
        given = getattr(answer, f"{prefix}_answer", "") if answer else ""
        if q.answer_type == "survei" and given:
            put(sheet, row, column(names[0]), float(Decimal(given)))
        else:
            put(sheet, row, column(names[0]), number(value) if q.answer_type == "persen" else given or None)
        put(sheet, row, column(names[1]), number(question_nilai(q, value)))
        cell = put(sheet, row, column(names[2]), number(value))
        cell.number_format = "0.00%"
        put(sheet, row, column(names[3]), getattr(answer, f"{prefix}_note", "") if answer else None)
    row += 1
    for item in q.inputs:
        put(sheet, row, 5, "-")
        put(sheet, row, column("Penilaian"), item["label"])
        put(sheet, row, column("Pilihan Jawaban"), "Jumlah")
        for prefix, name in (("unit", "Jawaban"), ("tpi", "Jawaban TPI")):
            counts = getattr(answer, f"{prefix}_counts", {}) if answer else {}
            if "sum_of" in item:
                parts = [counts.get(key) for key in item["sum_of"]]
                value = sum(Decimal(p) for p in parts) if all(p not in (None, "") for p in parts) else None
            else:
                value = counts.get(item["key"])
                value = Decimal(value) if value not in (None, "") else None
            put(
                sheet, row, column(name), None if value is None else int(value) if value == int(value) else float(value)
            )
        row += 1
    return row
