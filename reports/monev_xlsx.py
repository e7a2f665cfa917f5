"""The Laporan Monev's workbook: reports.monev's report definition laid out in cells, as the PDF lays it out on pages."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.drawing.image import Image as SheetImage
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from actionplan.models import plain_text
from actionplan.xlsx import put
from reports.monev import Cell, Column, MonevReport

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def cell_value(cell: Cell):
    """What a cell holds in the workbook: decree text without its italic marks, numbers as numbers."""
    if cell.value is None:
        return None
    if cell.kind == "decree":
        return plain_text(cell.value)
    return cell.value


def _table(sheet, row: int, columns: list[Column], rows: list[list[Cell]], groups=None) -> int:
    """Header and rows (under group headings when `groups` is given); returns the next free row."""
    for index, column in enumerate(columns, 1):
        cell = put(sheet, row, index, column.title)
        cell.font, cell.border, cell.alignment = Font(bold=True), BOX, CENTER
    row += 1
    for heading, cells_list in groups if groups is not None else [(None, rows)]:
        if heading:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns))
            put(sheet, row, 1, heading).font = Font(bold=True)
            row += 1
        for cells in cells_list:
            for index, cell in enumerate(cells, 1):
                written = put(sheet, row, index, cell_value(cell))
                written.border, written.alignment = BOX, WRAP_TOP
                if cell.kind == "percent" and cell.value is not None:
                    written.number_format = "0.##"
            row += 1
    return row


def _kop(sheet, report: MonevReport, width: int) -> int:
    row = 1
    if report.kop.logo:
        image = SheetImage(BytesIO(report.kop.logo))
        scale = 60 / max(image.height, 1)  # about as tall as the kop's three lines
        image.width, image.height = image.width * scale, image.height * scale
        sheet.add_image(image, "A1")
    for line in report.kop.lines:
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
        cell = put(sheet, row, 2, line)
        cell.font, cell.alignment = Font(bold=True, size=13), Alignment(horizontal="center")
        row += 1
    for line in report.kop.address_lines:
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
        put(sheet, row, 2, line).alignment = Alignment(horizontal="center")
        row += 1
    for column in range(1, width + 1):
        sheet.cell(row, column).border = Border(bottom=Side(style="medium", color="000000"))
    return row + 2


def monev_xlsx(report: MonevReport) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Monev"
    width = len(report.columns)
    for index, column in enumerate(report.columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column.xlsx_width
    row = _kop(sheet, report, width)
    for index, line in enumerate(report.heading):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = put(sheet, row, 1, line)
        cell.font, cell.alignment = Font(bold=index == 0), Alignment(horizontal="center")
        row += 1
    row += 1
    put(sheet, row, 1, " · ".join(f"{label} {figure} ({note})" for label, figure, note in report.summary))
    row += 2
    header_row = row
    row = _table(sheet, row, report.columns, [], groups=report.areas) + 1
    for section in report.sections:
        put(sheet, row, 1, f"{section.letter}. {section.title}").font = Font(bold=True)
        row += 1
        if section.note:
            put(sheet, row, 2, section.note)
            row += 1
        for number, paragraph in enumerate(section.paragraphs, 1):
            put(sheet, row, 1, f"{number}.")
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
            put(sheet, row, 2, paragraph).alignment = WRAP_TOP
            row += 1
        if section.rows:
            # The section's own columns, spread over the sheet's: each takes as many as its width asks.
            row = _table(sheet, row, section.columns, section.rows)
        row += 1
    left, right = report.signers
    places = [(1, left), (max(width - 3, 2), right)]
    for column, signer in places:
        put(sheet, row, column, signer.top)
        put(sheet, row + 1, column, signer.position)
        put(sheet, row + 5, column, signer.name).font = Font(bold=True, underline="single")
        put(sheet, row + 6, column, signer.nip_line)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    output = BytesIO()
    book.save(output)
    return output.getvalue()
