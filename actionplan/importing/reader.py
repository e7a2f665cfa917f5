"""An uploaded plan table (xlsx or csv) read into plain cells: text, bold, merges, formulas."""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.utils import get_column_letter

from zi_tracker.limits import IMPORT_FILE_MAX


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file, where a person finds it: sheet row and column letter."""

    message: str
    row: int | None = None
    column: int | None = None
    warning: bool = False

    @property
    def where(self) -> str:
        if self.row and self.column:
            return _("row %(row)s, column %(column)s") % {"row": self.row, "column": get_column_letter(self.column)}
        if self.row:
            return _("row %(row)s") % {"row": self.row}
        return ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ImportFileError(Exception):
    """The file cannot be read at all; carries the problems to show."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Cell:
    text: str = ""
    bold: bool = False
    formula: bool = False
    # Set on every cell of a range merged over several rows: the range's first row.
    merged_from: int | None = None
    # The cell starts a range merged across several columns (an area heading, a title line).
    wide: bool = False


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]] = field(default_factory=list)  # rows[0] is sheet row 1
    sheet_names: list[str] = field(default_factory=list)

    def cell(self, row: int, column: int) -> Cell:
        """1-based, like the sheet; an empty cell beyond the data."""
        cells = self.rows[row - 1] if 0 < row <= len(self.rows) else []
        return cells[column - 1] if 0 < column <= len(cells) else Cell()

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def _text(value) -> str:
    """A cell's value as decree text: rich-text italics become *…*, numbers lose a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, CellRichText):
        parts = []
        for part in value:
            if isinstance(part, TextBlock):
                text = part.text
                italic = bool(part.font and part.font.i)
                parts.append(f"*{text}*" if italic and text.strip() else text)
            else:
                parts.append(str(part))
        return "".join(parts).replace("**", "")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    return str(value)


def read_upload(data: bytes, *, filename: str = "", sheet: str | None = None) -> Sheet:
    """The chosen sheet (default: the first) of an xlsx, or a csv; ImportFileError if neither."""
    if len(data) > IMPORT_FILE_MAX:
        raise ImportFileError(
            [
                Problem(
                    _("The file is %(size)s MB; at most %(max)s MB can be imported.")
                    % {"size": round(len(data) / 1_000_000, 1), "max": IMPORT_FILE_MAX // 1_000_000}
                )
            ]
        )
    if not data.strip():
        raise ImportFileError([Problem(_("The file is empty."))])
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, sheet)
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls")) or b"\x00" in data[:4096]:
        raise ImportFileError([Problem(_("This is not an Excel workbook (.xlsx) or a CSV file."))])
    return _read_csv(data)


def _read_xlsx(data: bytes, sheet_name: str | None) -> Sheet:
    try:
        book = load_workbook(io.BytesIO(data), data_only=False, rich_text=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportFileError([Problem(_("This is not an Excel workbook (.xlsx) or a CSV file."))]) from None
    names = book.sheetnames
    if sheet_name and sheet_name not in names:
        raise ImportFileError(
            [
                Problem(
                    _("The workbook has no sheet “%(name)s”; it has: %(names)s.")
                    % {"name": sheet_name, "names": ", ".join(names)}
                )
            ]
        )
    ws = book[sheet_name] if sheet_name else book.worksheets[0]
    result = Sheet(name=ws.title, sheet_names=names)
    for row in ws.iter_rows():
        cells = []
        for c in row:
            formula = c.data_type == "f"
            cells.append(
                Cell(
                    text=_text(c.value).strip() if not formula else str(c.value),
                    bold=bool(c.font and c.font.b),
                    formula=formula,
                )
            )
        result.rows.append(cells)
    for merged in ws.merged_cells.ranges:
        top = result.cell(merged.min_row, merged.min_col)
        if merged.max_col > merged.min_col and merged.min_row <= len(result.rows):
            top.wide = True
        if merged.max_row > merged.min_row:
            for r in range(merged.min_row, min(merged.max_row, len(result.rows)) + 1):
                cells = result.rows[r - 1]
                while len(cells) < merged.min_col:
                    cells.append(Cell())
                target = cells[merged.min_col - 1]
                if r > merged.min_row:
                    target.text, target.bold = top.text, top.bold
                target.merged_from = merged.min_row
    _check_not_empty(result)
    return result


def _read_csv(data: bytes) -> Sheet:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:  # rows of unequal shape (headings): the header line's commonest separator
        first = next((line for line in text.splitlines() if line.strip()), "")
        dialect = type("Sniffed", (csv.excel,), {"delimiter": max(",;\t|", key=first.count)})
    result = Sheet(name="CSV")
    for row in csv.reader(io.StringIO(text), dialect):
        result.rows.append([Cell(text=value.strip(), formula=value.strip().startswith("=")) for value in row])
    _check_not_empty(result)
    return result


def _check_not_empty(sheet: Sheet) -> None:
    if not any(c.text for row in sheet.rows for c in row):
        raise ImportFileError([Problem(_("The sheet “%(name)s” is empty.") % {"name": sheet.name})])
