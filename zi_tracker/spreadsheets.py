"""Spreadsheet cells that stay text: nothing a user typed is ever evaluated as a formula.

A file name, a review note or a progress narrative starting with "=", "+", "-", "@" (or a tab or
carriage return, which some spreadsheets skip before looking for one) would otherwise become a
live formula (`=HYPERLINK(...)`, DDE) in the workbooks and CSV files the app hands out.

- `safe_cell(value)` for every openpyxl writer (`sheet.cell(...)`, `sheet.append(...)`, write-only
  workbooks): such text is written as an explicit string cell, verbatim, with no apostrophe.
- `safe_text(value)` for formats that have no cell types (CSV, TSV, import-export datasets): such
  text gets the apostrophe prefix spreadsheets themselves use to mean "this is text".
"""

from openpyxl.cell.rich_text import CellRichText

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters an xlsx cell cannot hold; a pasted one must not break the export.
ILLEGAL = {c: None for c in range(32) if c not in (9, 10, 13)}


def starts_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def safe_cell(value):
    """The value to give openpyxl: formula-like text becomes a string cell (inline rich text).

    openpyxl turns any str starting with "=" into a formula, in normal and write-only mode alike;
    a `CellRichText` is always written as a string, so the text appears exactly as typed.
    """
    if isinstance(value, CellRichText):
        return value
    if isinstance(value, str):
        value = value.translate(ILLEGAL)
        if starts_formula(value):
            return CellRichText([value])
    return value


def safe_text(value):
    """The value for a CSV-like field: formula-like text prefixed with an apostrophe."""
    if isinstance(value, str):
        value = value.translate(ILLEGAL)
        if starts_formula(value):
            return "'" + value
    return value


def put(sheet, row: int, column: int, value):
    """Write one cell through `safe_cell` and return it (for styling)."""
    return sheet.cell(row, column, safe_cell(value))


def append_row(sheet, values) -> None:
    """`sheet.append` with every value through `safe_cell`."""
    sheet.append([safe_cell(value) for value in values])
