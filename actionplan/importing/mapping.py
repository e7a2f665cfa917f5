"""Which sheet column is which plan field: find the header row and propose a mapping by synonyms."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import column_index_from_string, get_column_letter

from actionplan.importing.reader import Problem, Sheet

# The plan fields a column can fill, in the Lampiran's order, with their labels.
FIELDS = {
    "number": "No",
    "komponen": "Komponen",
    "indikator": "Indikator",
    "langkah_aksi": "Langkah Aksi",
    "bukti_fisik": "Bukti Fisik",
    "requirements": gettext_lazy("Evidence documents (one per line)"),
    "target": "Target Waktu",
    "pic": "PIC",
}
# Header words offices use for each field, normalised (lower case, single spaces, no punctuation).
SYNONYMS = {
    "number": ["no", "nomor", "no urut", "nomor urut", "kode"],
    "komponen": ["komponen", "proses", "sub komponen", "program", "kegiatan", "area perubahan", "aspek"],
    "indikator": [
        "indikator",
        "target prioritas",
        "sasaran",
        "pertanyaan",
        "pertanyaan lke",
        "indikator lke",
        "kriteria",
        "indikator kinerja",
    ],
    "langkah_aksi": [
        "langkah aksi",
        "rencana aksi",
        "uraian",
        "uraian kegiatan",
        "aksi",
        "tindakan",
        "langkah langkah",
        "rencana tindak lanjut",
        "tindak lanjut",
    ],
    "bukti_fisik": ["bukti fisik", "bukti dukung", "data dukung", "output", "keluaran", "bukti", "dokumen pendukung"],
    "requirements": ["dokumen bukti fisik", "daftar bukti fisik", "daftar dokumen", "dokumen"],
    "target": [
        "target waktu",
        "kurun waktu",
        "waktu",
        "jadwal",
        "target",
        "waktu pelaksanaan",
        "tenggat",
        "batas waktu",
        "bulan",
        "periode",
        "jangka waktu",
    ],
    "pic": ["pic", "penanggung jawab", "penanggungjawab", "pj", "pelaksana", "person in charge", "petugas"],
}
REQUIRED = ["target"]
HEADER_SEARCH_ROWS = 40

Mapping = dict[str, int]  # field → 1-based column


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def field_for_header(text: str) -> str | None:
    """The field a header names, exact synonym first, then a header that starts with one."""
    words = normalise(text)
    if not words:
        return None
    for name, synonyms in SYNONYMS.items():
        if words in synonyms:
            return name
    for name, synonyms in SYNONYMS.items():
        if any(len(s) > 3 and words.startswith(s + " ") for s in synonyms):
            return name
    return None


def find_header_row(sheet: Sheet) -> int | None:
    """The first row (1-based) naming at least two plan fields, preferring the one naming most."""
    best, best_count = None, 1
    for number, cells in enumerate(sheet.rows[:HEADER_SEARCH_ROWS], 1):
        names = {field_for_header(c.text) for c in cells if c.text and not c.wide} - {None}
        if len(names) > best_count:
            best, best_count = number, len(names)
    return best


def propose_mapping(sheet: Sheet, header_row: int) -> Mapping:
    mapping: Mapping = {}
    for column, cell in enumerate(sheet.rows[header_row - 1], 1):
        name = field_for_header(cell.text)
        if name and name not in mapping:
            mapping[name] = column
    return mapping


def parse_columns(spec: str) -> Mapping:
    """`--columns "No=A,Komponen=B,Target Waktu=F"` → {"number": 1, "komponen": 2, "target": 6}."""
    mapping: Mapping = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        label, _sep, letter = part.partition("=")
        name = label.strip() if label.strip() in FIELDS else field_for_header(label)
        if name is None or not re.fullmatch(r"[A-Za-z]{1,3}", letter.strip()):
            raise ValueError(
                _("“%(part)s” is not FIELD=COLUMN (fields: %(fields)s).")
                % {"part": part, "fields": ", ".join(str(v) for v in FIELDS.values())}
            )
        mapping[name] = column_index_from_string(letter.strip().upper())
    return mapping


def check_mapping(mapping: Mapping, header_row: int) -> list[Problem]:
    problems = []
    if "komponen" not in mapping and "indikator" not in mapping:
        problems.append(Problem(_("No column is Komponen or Indikator; choose one in the mapping."), row=header_row))
    for name in REQUIRED:
        if name not in mapping:
            problems.append(
                Problem(
                    _("No column is %(field)s; choose one in the mapping.") % {"field": FIELDS[name]}, row=header_row
                )
            )
    seen: dict[int, str] = {}
    for name, column in mapping.items():
        if column in seen:
            problems.append(
                Problem(
                    _("Column %(column)s is mapped to both %(a)s and %(b)s.")
                    % {"column": get_column_letter(column), "a": FIELDS[seen[column]], "b": FIELDS[name]},
                    row=header_row,
                )
            )
        seen[column] = name
    return problems


def note_columns(sheet: Sheet, header_row: int, mapping: Mapping) -> dict[int, str]:
    """Columns with a header the mapping does not use: kept as the row's note, "header: value"."""
    used = set(mapping.values())
    return {
        column: cell.text
        for column, cell in enumerate(sheet.rows[header_row - 1], 1)
        if cell.text and column not in used
    }
