"""Read a filled LKE workbook in the official layout: find the header by its names, match each row to the
catalogue by numbering and text, read answers and counts, and say what did not match.

Tolerant where real workbooks differ (spacing, case, small typos, "Ya" for "Ya/Tidak", extra
columns), strict where a guess would change the score: an answer outside the options or text in a
count cell is an error naming its row, and then nothing is imported (the caller writes all or
nothing).
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from io import BytesIO

from openpyxl import load_workbook

from lke import scoring
from lke.models import Pertanyaan, Version

NEEDED = {"penilaian", "jawaban", "nilai"}
MATCH = 0.88  # how alike two texts must be (difflib ratio) to be the same question despite typos


class WorkbookError(ValueError):
    """The file as a whole cannot be read as an LKE (the message is for the user)."""


@dataclass
class ParsedWorkbook:
    answers: dict[int, dict] = field(default_factory=dict)  # question id → {"unit": (answer, counts, note), "tpi": …}
    matched_rows: list[tuple[int, int]] = field(default_factory=list)  # (row, question id)
    unmatched_rows: list[dict] = field(default_factory=list)  # {"row", "text"}
    errors: list[str] = field(default_factory=list)  # "Baris 12: …"
    nilai_differences: list[dict] = field(default_factory=list)  # {"row", "question", "workbook", "computed"}

    def column_answers(self, column: str) -> dict[int, tuple[str, dict]]:
        """One column as `lke.scoring.assessment_score` takes it."""
        return {qid: (a[column][0], a[column][1]) for qid, a in self.answers.items()}

    def answers_for_saving(self) -> dict[str, dict]:
        """What `lke.services.workbook_apply` writes (JSON-safe: it travels signed in the preview)."""
        return {str(qid): {"unit": list(a["unit"]), "tpi": list(a["tpi"])} for qid, a in self.answers.items()}


def normal(text) -> str:
    """Text compared without case, accents, spacing or punctuation."""
    text = unicodedata.normalize("NFKD", str(text or "")).casefold()
    return " ".join(re.sub(r"[^\w%]+", " ", text).split())


def similar(a: str, b: str) -> float:
    return 1.0 if a == b else SequenceMatcher(None, a, b).ratio()


def header_columns(sheet) -> tuple[int, dict[str, int]]:
    """The header row (searched in the first 30) and each column by its name; TPI columns are those
    whose name says TPI, or the second "Jawaban"/"Nilai"/"%"/"Catatan" when a sheet repeats them."""
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 30)):
        names = {normal(c.value): c.column for c in row if c.value is not None}
        if not NEEDED <= {n.split(" ")[0] for n in names}:
            continue
        columns: dict[str, int] = {}
        for cell in row:
            name = normal(cell.value)
            if not name:
                continue
            tpi = "tpi" in name
            base = name.replace("tpi", "").strip().split(" ")[0]
            base = {"catatan": "catatan", "pilihan": "pilihan", "%": "%"}.get(base, base)
            key = f"{base}_tpi" if tpi or (base in columns and base in {"jawaban", "nilai", "%", "catatan"}) else base
            columns.setdefault(key, cell.column)
        if {"penilaian", "jawaban", "nilai", "pilihan"} <= set(columns):
            return row[0].row, columns
    raise WorkbookError(
        "Baris judul tidak ditemukan: lembar LKE harus memuat kolom Penilaian, Pilihan Jawaban, Jawaban dan Nilai."
    )


def workbook_parse(*, content: bytes, version: Version) -> ParsedWorkbook:
    """Parse the first sheet holding an LKE header. Raises WorkbookError when no sheet does."""
    try:
        book = load_workbook(BytesIO(content), data_only=True, read_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise WorkbookError("Berkas ini bukan buku kerja Excel (.xlsx) yang dapat dibaca.") from error
    problem = None
    for sheet in book.worksheets:
        try:
            header, columns = header_columns(sheet)
        except WorkbookError as error:
            problem = error
            continue
        parsed = _parse_rows(sheet, header, columns, version)
        if not parsed.matched_rows:
            raise WorkbookError(
                f"Lembar “{sheet.title}” tidak memuat satu pun pertanyaan LKE {version.name}: lembar dari templat lain?"
            )
        return parsed
    raise problem or WorkbookError("Buku kerja ini tidak memuat lembar.")


def _catalogue(version: Version) -> list[Pertanyaan]:
    return list(
        Pertanyaan.objects.filter(sub_indikator__sub_komponen__komponen__version=version).select_related(
            "sub_indikator__sub_komponen__komponen", "sub_indikator__area"
        )
    )


def _parse_rows(sheet, header: int, columns: dict[str, int], version: Version) -> ParsedWorkbook:
    parsed = ParsedWorkbook()
    questions = _catalogue(version)
    by_text = [(normal(q.text), q) for q in questions]
    taken: set[int] = set()
    current: Pertanyaan | None = None
    numbering_columns = range(1, columns["penilaian"])
    for row in sheet.iter_rows(min_row=header + 1):
        cells = {c.column: c.value for c in row}
        number = row[0].row
        text = cells.get(columns["penilaian"])
        kind = normal(cells.get(columns["pilihan"]))
        if not kind or text is None:
            continue
        numbering = next((str(cells[c]).strip() for c in reversed(numbering_columns) if cells.get(c)), "")
        if kind.startswith("jumlah"):
            if current is None or current.answer_type != "persen":
                parsed.unmatched_rows.append({"row": number, "text": str(text)})
                continue
            _read_count(parsed, number, current, text, cells, columns)
            continue
        current = _match(normal(text), numbering, by_text, taken)
        if current is None:
            parsed.unmatched_rows.append({"row": number, "text": str(text)})
            continue
        taken.add(current.pk)
        parsed.matched_rows.append((number, current.pk))
        parsed.answers[current.pk] = {
            "unit": _read_answer(parsed, number, current, cells, columns, "", version.answer_types),
            "tpi": _read_answer(parsed, number, current, cells, columns, "_tpi", version.answer_types),
            "row": number,
            "nilai": cells.get(columns["nilai"]),
        }
    _check_nilai(parsed, questions, version)
    return parsed


def _match(text: str, numbering: str, by_text, taken: set[int]) -> Pertanyaan | None:
    """The catalogue question this row is: the most similar text not yet taken (numbering breaks ties)."""
    code = numbering.rstrip(".").strip().casefold()
    best, best_score = None, 0.0
    for candidate_text, q in by_text:
        if q.pk in taken:
            continue
        score = similar(text, candidate_text) + (0.01 if code == q.code.casefold() else 0)
        if score > best_score:
            best, best_score = q, score
    return best if best_score >= MATCH else None


def _read_answer(parsed, number: int, q: Pertanyaan, cells, columns, suffix: str, types: dict) -> tuple[str, dict, str]:
    raw = cells.get(columns.get(f"jawaban{suffix}"))
    note = cells.get(columns.get(f"catatan{suffix}"))
    note = "" if note is None else str(note).strip()
    if q.answer_type == "persen" or raw is None or str(raw).strip() == "":
        return "", {}, note
    if q.answer_type == "survei":
        try:
            value = scoring.parse_count(raw)
            scoring.question_value(answer_types=types, question={"answer_type": "survei"}, answer=str(value))
        except scoring.AnswerError as error:
            parsed.errors.append(f"Baris {number}: {error}")
            return "", {}, note
        return str(value), {}, note
    answer = str(raw).strip().rstrip(".").strip()
    try:
        scoring.option_value(answer_types=types, answer_type=q.answer_type, answer=answer)
    except scoring.AnswerError as error:
        parsed.errors.append(f"Baris {number}: {error}")
        return "", {}, note
    options = types[q.answer_type]["options"]
    return next(letter for letter, _ in options if letter.casefold() == answer.casefold()), {}, note


def _read_count(parsed, number: int, q: Pertanyaan, label, cells, columns) -> None:
    """A "Jumlah" row under a percentage item: the count it names (derived totals are not read)."""
    wanted = normal(label)
    item = max(q.inputs, key=lambda i: similar(wanted, normal(i["label"])), default=None)
    if item is None or similar(wanted, normal(item["label"])) < MATCH:
        parsed.unmatched_rows.append({"row": number, "text": str(label)})
        return
    if "sum_of" in item or q.pk not in parsed.answers:
        return
    for column, suffix in (("unit", ""), ("tpi", "_tpi")):
        raw = cells.get(columns.get(f"jawaban{suffix}"))
        try:
            value = scoring.parse_count(raw)
        except scoring.AnswerError as error:
            parsed.errors.append(f"Baris {number}: {error}")
            continue
        if value is not None:
            answer, counts, note = parsed.answers[q.pk][column]
            counts[item["key"]] = str(int(value)) if value == value.to_integral() else format(value.normalize(), "f")
            parsed.answers[q.pk][column] = (answer, counts, note)


def _check_nilai(parsed: ParsedWorkbook, questions: list[Pertanyaan], version: Version) -> None:
    """Where the workbook's own Nilai (unit column) differs from the regulation's arithmetic."""
    from lke.workbook import question_nilai

    by_id = {q.pk: q for q in questions}
    types = version.answer_types
    for qid, answer in parsed.answers.items():
        shown = answer["nilai"]
        if shown is None or str(shown).strip() == "":
            continue
        q = by_id[qid]
        try:
            value = scoring.question_value(
                answer_types=types,
                question={
                    "answer_type": q.answer_type,
                    "inputs": q.inputs,
                    "formula": q.formula,
                },
                answer=answer["unit"][0],
                counts=answer["unit"][1],
            )
            shown = scoring.parse_count(shown)
        except scoring.AnswerError:
            continue
        computed = question_nilai(q, value) if value is not None else Decimal(0)
        if abs(shown - computed) > Decimal("0.005"):
            parsed.nilai_differences.append(
                {"row": answer["row"], "question": q.text[:80], "workbook": shown, "computed": computed}
            )
