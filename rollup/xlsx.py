"""The roll-up as a workbook: the same lines, filter and order as the page, numbers as numbers."""

from datetime import datetime
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from rollup.selectors import Group, Rollup
from rollup.table import COLUMNS, line_values
from zi_tracker.spreadsheets import append_row

WIDTHS = {"unit": 46, "plan": 14, "predikat": 26, "verdict": 28, "activity": 18}
NUMBER_FORMATS = {
    "percent": "0.0",
    "coverage": "0",
    "lke_unit": "0.00",
    "lke_tpi": "0.00",
    "activity": "dd/mm/yyyy hh:mm",
}
GROUP_FILL = PatternFill("solid", fgColor="E9EEF5")


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones: Jakarta time
    return value


def rollup_workbook(*, rollup: Rollup, groups: list[Group]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Roll-up")[:31]
    heading = _("Integrity-zone roll-up: %(unit)s and the units below it, %(year)s") % {
        "unit": rollup.unit.name,
        "year": rollup.year,
    }
    append_row(sheet, [heading])
    sheet["A1"].font = Font(bold=True, size=13)
    as_of = _("As of %(day)s") % {"day": rollup.today.strftime("%d/%m/%Y")}
    if rollup.last_month:
        as_of += "; " + _("reports missing for %(month)s") % {"month": MONTHS[rollup.last_month]}
    append_row(sheet, [as_of])
    append_row(sheet, [""])
    append_row(sheet, [_("Level"), _("Province"), *(str(c.title) for c in COLUMNS)])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"C{header_row + 1}"
    lines = [(rollup.own, None)]
    for group in groups:
        if group.head:
            lines.append((group.head, group.head))
        lines += [(line, group.head) for line in group.lines]
    for line, head in lines:
        append_row(sheet, [line.level, head.unit.name if head else "", *(_cell(v) for v in line_values(line))])
        if head is line or line.level == 0:
            for cell in sheet[sheet.max_row]:
                cell.fill = GROUP_FILL
                cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, 3):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(column.key, 11)
        if column.key in NUMBER_FORMATS:
            for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=index, max_col=index):
                cell.number_format = NUMBER_FORMATS[column.key]
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 30 if rollup.national else 4
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(COLUMNS) + 2)}{sheet.max_row}"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
