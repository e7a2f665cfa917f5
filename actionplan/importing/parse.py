"""Sheet rows → the areas, rows and requirements they describe, with every problem by row and column."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from actionplan.importing.mapping import FIELDS, Mapping, note_columns
from actionplan.importing.months import MonthTextError, parse_target
from actionplan.importing.reader import Cell, Problem, Sheet
from actionplan.models import months_text

HEADING = re.compile(r"^\s*([IVXLC]+|[A-Z])\s*[.)]\s+(\S.*)$")
NUMBER = re.compile(r"^\s*(\d{1,4})\s*[.)]?\s*$")
ROMAN_NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
TEXT_FIELDS = ["komponen", "indikator", "langkah_aksi", "bukti_fisik"]


@dataclass
class RowDraft:
    sheet_row: int
    sheet_number: str
    number: int
    komponen: str
    indikator: str
    langkah_aksi: str
    bukti_fisik: str
    months: list[int]
    year: int
    target_text: str
    requirements: list[str]
    pic_names: list[str]
    note: str = ""
    state: str = "new"  # against the plan's row of that number: "new", "changed" or "unchanged"
    pics: list = field(default_factory=list)  # the unit's members the PIC cell names

    @property
    def months_display(self) -> str:
        return months_text(self.months, self.year)


@dataclass
class AreaDraft:
    numeral: str
    title: str
    sheet_row: int | None
    rows: list[RowDraft] = field(default_factory=list)


@dataclass
class Parsed:
    areas: list[AreaDraft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    last_row: int = 0  # the table's last sheet row: what follows is the signature block


def split_requirements(text: str) -> list[str]:
    """The documents a Bukti Fisik cell asks for, split as the seed decree's rows are.

    Lines and semicolons always separate; commas separate, with a leading "dan"/"serta" dropped;
    a cell without a comma is also split at " dan " and " serta " ("Renstra dan SAKIP").
    """
    text = (text or "").strip()
    if not text:
        return []
    parts = [p for line in re.split(r"[\n;]+", text) for p in line.split(",")]
    if "," not in text and "\n" not in text and ";" not in text:
        parts = re.split(r"\s+(?:dan|serta)\s+", text)
    result = []
    for part in parts:
        part = re.sub(r"^\s*(?:dan|serta)\s+", "", part.strip()).strip(" .,")
        if part:
            result.append(part)
    return result


def split_names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r"[\n;,/]+|\s+dan\s+|\s*&\s*", text or "") if n.strip()]


def _number(text: str) -> int | None:
    match = NUMBER.match(text or "")
    return int(match.group(1)) if match else None


def _is_heading(cells: list[Cell], mapping: Mapping) -> tuple[str | None, str] | None:
    """(numeral or None, title) when the row starts an area, else None."""
    filled = [c for c in cells if c.text]
    if not filled:
        return None
    first = filled[0]
    mapped_text = [
        cells[col - 1].text for col in mapping.values() if col - 1 < len(cells) and cells[col - 1] is not first
    ]
    if any(t and t != first.text for t in mapped_text) or first.merged_from and len(filled) > 1:
        return None
    if match := HEADING.match(first.text):
        return match.group(1), match.group(2).strip()
    if first.bold and first.wide and _number(first.text) is None:
        return None, first.text
    return None if _number(first.text) is not None else ("?", first.text)


def parse_rows(sheet: Sheet, header_row: int, mapping: Mapping, *, year: int) -> Parsed:
    """Walk the rows under the header: area headings, numbered rows, merged cells, months, notes."""
    parsed = Parsed()
    notes = note_columns(sheet, header_row, mapping)
    area: AreaDraft | None = None
    seen_numbers: dict[int, int] = {}  # number → sheet row, in the current area
    offset = 0  # rows added by splitting a merged number push the later numbers on
    merged_number_rows: dict[int, int] = {}  # merge's first row → rows so far
    after_blank = False

    def value(cells: list[Cell], name: str) -> Cell:
        column = mapping.get(name)
        return cells[column - 1] if column and column - 1 < len(cells) else Cell()

    for row_number in range(header_row + 1, len(sheet.rows) + 1):
        cells = sheet.rows[row_number - 1]
        if not any(c.text for c in cells):
            after_blank = bool(parsed.areas) or after_blank
            continue
        for column, cell in enumerate(cells, 1):
            if cell.formula:
                parsed.problems.append(
                    Problem(
                        _("The cell holds a formula (%(formula)s); type its value instead.")
                        % {"formula": cell.text[:60]},
                        row=row_number,
                        column=column,
                    )
                )
        heading = _is_heading(cells, mapping)
        number_cell = value(cells, "number")
        if heading and heading[0] == "?":
            if after_blank:
                break  # the signature block under the table
            column = next(i for i, c in enumerate(cells, 1) if c.text)
            parsed.problems.append(
                Problem(
                    _("“%(text)s” is neither an area heading (I. …, A. …) nor a numbered row.")
                    % {"text": heading[1][:80]},
                    row=row_number,
                    column=column,
                )
            )
            continue
        if heading:
            numeral = heading[0] or ROMAN_NUMERALS[min(len(parsed.areas), len(ROMAN_NUMERALS) - 1)]
            if any(a.numeral == numeral for a in parsed.areas):
                parsed.problems.append(
                    Problem(_("Area %(numeral)s appears twice.") % {"numeral": numeral}, row=row_number, column=1)
                )
            area = AreaDraft(numeral=numeral, title=heading[1], sheet_row=row_number)
            parsed.areas.append(area)
            seen_numbers, offset, after_blank = {}, 0, False
            continue
        after_blank = False
        if area is None:
            area = AreaDraft(numeral="I", title=sheet.name, sheet_row=None)
            parsed.areas.append(area)
            parsed.problems.append(
                Problem(
                    _("Rows come before any area heading; they form area I “%(title)s”.") % {"title": sheet.name},
                    row=row_number,
                    warning=True,
                )
            )
        draft = _row(parsed, row_number, cells, value, notes, year=year, target_column=mapping.get("target"))
        if draft is None:
            continue
        sheet_number = _number(number_cell.text)
        if sheet_number is None and number_cell.text:
            parsed.problems.append(
                Problem(
                    _("“%(text)s” is not a row number.") % {"text": number_cell.text},
                    row=row_number,
                    column=mapping.get("number"),
                )
            )
            continue
        if number_cell.merged_from:
            count = merged_number_rows.get(number_cell.merged_from, 0)
            merged_number_rows[number_cell.merged_from] = count + 1
            if count:
                offset += 1
        if sheet_number is None:
            sheet_number = (max(seen_numbers) if seen_numbers else 0) + 1 - offset
            parsed.problems.append(
                Problem(
                    _("The row has no number; it becomes row %(n)s.") % {"n": sheet_number + offset},
                    row=row_number,
                    column=mapping.get("number"),
                    warning=True,
                )
            )
        draft.number = sheet_number + offset
        draft.sheet_number = number_cell.text
        if draft.number in seen_numbers:
            parsed.problems.append(
                Problem(
                    _("Number %(n)s is used twice in area %(area)s (also on row %(other)s).")
                    % {
                        "n": number_cell.text or draft.number,
                        "area": area.numeral,
                        "other": seen_numbers[draft.number],
                    },
                    row=row_number,
                    column=mapping.get("number"),
                )
            )
            continue
        seen_numbers[draft.number] = row_number
        area.rows.append(draft)
        parsed.last_row = row_number
    return parsed


def _row(
    parsed: Parsed, row_number: int, cells, value, notes: dict[int, str], *, year: int, target_column: int | None
) -> RowDraft | None:
    texts = {name: value(cells, name).text for name in [*TEXT_FIELDS, "target", "requirements", "pic"]}
    if not texts["komponen"]:
        texts["komponen"] = texts["indikator"]
    try:
        months, target_year = parse_target(texts["target"])
    except MonthTextError as error:
        parsed.problems.append(Problem(f"{FIELDS['target']}: {error}", row=row_number, column=target_column))
        return None
    requirements = (
        [line.strip() for line in texts["requirements"].splitlines() if line.strip()]
        if texts["requirements"]
        else split_requirements(texts["bukti_fisik"])
    )
    note = "\n".join(
        f"{header}: {cells[col - 1].text}"
        for col, header in notes.items()
        if col - 1 < len(cells) and cells[col - 1].text
    )
    return RowDraft(
        sheet_row=row_number,
        sheet_number="",
        number=0,
        komponen=texts["komponen"],
        indikator=texts["indikator"],
        langkah_aksi=texts["langkah_aksi"],
        bukti_fisik=texts["bukti_fisik"],
        months=months,
        year=target_year or year,
        target_text=texts["target"],
        requirements=requirements,
        pic_names=split_names(texts["pic"]),
        note=note,
    )


__all__ = ["FIELDS", "AreaDraft", "Parsed", "RowDraft", "parse_rows", "split_requirements"]
