"""The Lampiran as an Excel workbook laid out like the decree: header block, six columns, area rows."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from actionplan.models import ITALIC_MARK, Area, Plan, plain_text
from actionplan.selectors import plan_lampiran
from zi_tracker import spreadsheets

COLUMNS = [
    ("No", 6),
    ("Komponen", 22),
    ("Indikator", 28),
    ("Langkah Aksi", 32),
    ("Bukti Fisik", 32),
    ("Target Waktu", 16),
]
# A hidden column after the six: one required document per line (read back by actionplan.importing).
REQUIREMENTS_HEADER = "Dokumen Bukti Fisik"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
# Spreadsheet cells cannot hold some control characters; a pasted one must not break the export.
ILLEGAL = {c: None for c in range(32) if c not in (9, 10, 13)}


def rich(text: str):
    """Decree text with its *italic* marks as Excel rich text (plain str when there are none)."""
    text = (text or "").translate(ILLEGAL)
    if not ITALIC_MARK.search(text):
        return text
    parts, last = [], 0
    for match in ITALIC_MARK.finditer(text):
        if match.start() > last:
            parts.append(text[last : match.start()])
        parts.append(TextBlock(InlineFont(i=True), match.group(1)))
        last = match.end()
    if last < len(text):
        parts.append(text[last:])
    return CellRichText(parts)


def put(sheet, row: int, column: int, value):
    """Write a cell as text, never as a formula: decree text starting with "=" or "-" stays text."""
    return spreadsheets.put(sheet, row, column, value)


def lampiran_workbook(plan: Plan, areas: list[Area] | None = None) -> bytes:
    areas = plan_lampiran(plan=plan) if areas is None else areas
    book = Workbook()
    sheet = book.active
    sheet.title = "Lampiran"
    for index, (_name, width) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    header_lines = [
        "LAMPIRAN",
        f"KEPUTUSAN {plan.issuer}",
        f"NOMOR {plan.decree_number} TAHUN {plan.year}",
        "TENTANG",
        plain_text(plan.title),
    ]
    row = 1
    for line in header_lines:
        sheet.merge_cells(start_row=row, start_column=5, end_row=row, end_column=6)
        put(sheet, row, 5, line).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    sheet.row_dimensions[row - 1].height = 75
    row += 1
    for line in plan.lampiran_title.splitlines():
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        cell = put(sheet, row, 1, rich(line))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
        row += 1
    row += 1

    header_row = row
    put(sheet, row, len(COLUMNS) + 1, REQUIREMENTS_HEADER).font = Font(bold=True)
    sheet.column_dimensions[get_column_letter(len(COLUMNS) + 1)].hidden = True
    for index, (name, _width) in enumerate(COLUMNS, 1):
        cell = put(sheet, row, index, name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
    row += 1
    for area in areas:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        cell = put(sheet, row, 1, f"{area.numeral}. {area.title}")
        cell.font = Font(bold=True)
        for index in range(1, 7):
            sheet.cell(row, index).border = BOX
        row += 1
        for item in area.rows:
            values = [
                f"{item.number}.",
                rich(item.komponen),
                rich(item.indikator),
                rich(item.langkah_aksi),
                rich(item.bukti_fisik),
                item.target_text or item.target_period_display,
            ]
            for index, value in enumerate(values, 1):
                cell = put(sheet, row, index, value)
                cell.alignment = WRAP_TOP if index > 1 else Alignment(horizontal="center", vertical="top")
                cell.border = BOX
            # The documents as the plan lists them, so that an import of this file restores them
            # exactly (the Bukti Fisik text alone does not say where one document ends).
            put(sheet, row, len(COLUMNS) + 1, "\n".join(r.name for r in item.requirements.all()))
            row += 1

    row += 1
    closing = [
        f"Ditetapkan di {plan.signed_place}",
        f"Pada Tanggal {plan.lampiran_signed_on_text or plan.signed_on_text or plan.signed_on}",
        *plan.signatory_office.splitlines(),
        "",
        plan.signature_mark,
        "",
        plan.signatory_name,
    ]
    for line in closing:
        put(sheet, row, 5, line).font = Font(bold=line == plan.signatory_name)
        row += 1
    if plan.is_certified_copy and plan.certifier_name:
        row += 1
        for line in [plan.certification_label, *plan.certifier_office.splitlines(), "", "", plan.certifier_name]:
            put(sheet, row, 1, line)
            row += 1

    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    output = BytesIO()
    book.save(output)
    return output.getvalue()
