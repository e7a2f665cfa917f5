"""The decree details around a Lampiran table (as our own export writes them), for a new plan."""

import re
from datetime import date

from actionplan.importing.months import MONTH_WORDS
from actionplan.importing.reader import Sheet

DATE_TEXT = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})")


def text_to_date(text: str) -> date | None:
    match = DATE_TEXT.search(text or "")
    month = MONTH_WORDS.get(match.group(2).lower()) if match else None
    if not month:
        return None
    try:
        return date(int(match.group(3)), month, int(match.group(1)))
    except ValueError:
        return None


def _lines(sheet: Sheet, first: int, last: int, column: int) -> list[str]:
    """Texts of one column over a range of rows, blank rows kept as "" (they end a block)."""
    return [sheet.cell(r, column).text for r in range(first, last + 1)]


def _block(lines: list[str], start: int) -> tuple[list[str], int]:
    """Non-blank lines from `start` up to the next blank one, and the index after them."""
    block = []
    while start < len(lines) and lines[start]:
        block.append(lines[start])
        start += 1
    return block, start


def _next_filled(lines: list[str], start: int) -> int:
    while start < len(lines) and not lines[start]:
        start += 1
    return start


def plan_fields_from_sheet(sheet: Sheet, *, header_row: int, last_row: int) -> dict:
    """What the header block (KEPUTUSAN …, NOMOR … TAHUN …, TENTANG …) and the signature block say."""
    fields: dict = {}
    above = [c.text for r in range(1, header_row) for c in sheet.rows[r - 1] if c.text]
    for index, text in enumerate(above):
        if text.upper().startswith("KEPUTUSAN ") and "issuer" not in fields:
            fields["issuer"] = text[len("KEPUTUSAN ") :].strip()
        elif match := re.match(r"^NOMOR\s+(.+?)\s+TAHUN\s+(\d{4})$", text, re.I):
            fields["decree_number"], fields["year"] = match.group(1), int(match.group(2))
        elif text.upper() == "TENTANG" and index + 1 < len(above):
            fields["title"] = above[index + 1]
    titles = [sheet.cell(r, 1).text for r in range(1, header_row) if sheet.cell(r, 1).wide and sheet.cell(r, 1).bold]
    if titles:
        fields["lampiran_title"] = "\n".join(titles)
    end = len(sheet.rows)
    for column in range(1, sheet.width + 1):
        lines = _lines(sheet, last_row + 1, end, column)
        for index, text in enumerate(lines):
            if text.startswith("Ditetapkan di "):
                fields["signed_place"] = text[len("Ditetapkan di ") :].strip()
                if index + 1 < len(lines) and lines[index + 1].startswith("Pada Tanggal "):
                    fields["lampiran_signed_on_text"] = lines[index + 1][len("Pada Tanggal ") :].strip()
                    fields["signed_on"] = text_to_date(fields["lampiran_signed_on_text"])
                office, after = _block(lines, index + 2)
                fields["signatory_office"] = "\n".join(office)
                mark = _next_filled(lines, after)
                name = _next_filled(lines, mark + 1)
                if name < len(lines):
                    fields["signature_mark"], fields["signatory_name"] = lines[mark], lines[name]
                elif mark < len(lines):
                    fields["signature_mark"], fields["signatory_name"] = "", lines[mark]
            elif text.lower().startswith("salinan sesuai"):
                fields["certification_label"] = text
                office, after = _block(lines, index + 1)
                fields["certifier_office"] = "\n".join(office)
                name = _next_filled(lines, after)
                if name < len(lines):
                    fields["certifier_name"] = lines[name]
                fields["is_certified_copy"] = True
    return {k: v for k, v in fields.items() if v not in (None, "")}
