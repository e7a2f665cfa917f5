"""The LKE's arithmetic, as the official sheet does it: answers → values → sub-indikator → totals → predicate.

Pure functions over a catalogue *snapshot* (plain dicts, see `lke.selectors.catalogue_snapshot`),
so the same code scores a saved assessment, a workbook being imported and `manage.py lke_score`,
and static/js/lke.js ports it line for line for the "what if" simulator. Every figure is a
`Decimal` at full precision; `display()` rounds to two decimals only for people to read.

A question's value lies in [0, 1]: the option's value (Ya/Tidak, A/B/C, A/B/C/D, A–E), a
percentage computed from its counts and capped at 100 %, or a survey score 0–4 divided by 4.
A sub-indikator is the mean of its questions' values × its bobot; everything above is a sum.
An unanswered question counts 0 and is listed in `unanswered`, never skipped.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
OPTION_TYPES = {"ya_tidak", "abc", "abcd", "abcde"}


class AnswerError(ValueError):
    """An answer the question does not allow (the message is for the person who typed it)."""


def option_value(*, answer_types: dict, answer_type: str, answer: str) -> Decimal:
    """The value of an option letter; "Ya"/"Tidak" and letters in either case."""
    options = answer_types[answer_type]["options"]
    for letter, value in options:
        if answer.strip().casefold() == letter.casefold():
            return Decimal(value)
    allowed = "/".join(letter for letter, _ in options)
    raise AnswerError(f"Jawaban “{answer}” tidak termasuk pilihan {allowed}.")


def parse_count(raw) -> Decimal | None:
    """A count as typed or read from a cell: blank is None; text or a negative number is an error."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        number = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise AnswerError(f"“{raw}” bukan angka.") from None
    if not number.is_finite() or number < 0:
        raise AnswerError(f"“{raw}” bukan jumlah yang sah (harus angka 0 atau lebih).")
    return number


def counts_resolved(*, inputs: list[dict], counts: dict) -> dict[str, Decimal] | None:
    """Each count by key, derived totals (`sum_of`) added up; None while a count is still blank."""
    values: dict[str, Decimal] = {}
    for item in inputs:
        if "sum_of" not in item:
            value = parse_count(counts.get(item["key"]))
            if value is None:
                return None
            values[item["key"]] = value
    for item in inputs:
        if "sum_of" in item:
            values[item["key"]] = sum((values[key] for key in item["sum_of"]), ZERO)
    return values


def percentage(*, formula: dict, values: dict[str, Decimal]) -> Decimal:
    """A percentage item's value in [0, 1].

    ratio: Σ numerator / Σ denominator, capped at 1; a 0 denominator gives `on_zero`.
    reduction (discipline): (last year − this year) / last year, floored at 0; with 0 last year
    it is `on_zero` (1: no violation then and none now) when this year is 0 too, else 0.
    """
    on_zero = Decimal(formula["on_zero"])
    if formula["kind"] == "reduction":
        previous, current = values[formula["previous"]], values[formula["current"]]
        if previous == 0:
            return on_zero if current == 0 else ZERO
        return max(ZERO, min(ONE, (previous - current) / previous))
    numerator = sum((values[key] for key in formula["numerator"]), ZERO)
    denominator = sum((values[key] for key in formula["denominator"]), ZERO)
    if denominator == 0:
        return on_zero
    return min(ONE, numerator / denominator)


def question_value(*, answer_types: dict, question: dict, answer: str = "", counts: dict | None = None):
    """The value in [0, 1] of one answer, or None when unanswered. Raises AnswerError if not allowed."""
    kind = question["answer_type"]
    if kind == "persen":
        values = counts_resolved(inputs=question["inputs"], counts=counts or {})
        return None if values is None else percentage(formula=question["formula"], values=values)
    if not answer or not str(answer).strip():
        return None
    if kind == "survei":
        score = parse_count(answer)
        top = Decimal(answer_types["survei"]["max"])
        if score > top:
            raise AnswerError(f"Nilai survei {answer} di luar rentang 0–{top}.")
        return score / top
    return option_value(answer_types=answer_types, answer_type=kind, answer=str(answer))


@dataclass
class Score:
    """Every figure of one column of the LKE (the unit's or the TPI's)."""

    sub_indikator: dict[int, Decimal] = field(default_factory=dict)
    values: dict[int, Decimal | None] = field(default_factory=dict)  # per question, None = unanswered
    areas: dict[int, dict[str, Decimal]] = field(default_factory=dict)  # {n: {pemenuhan, reform, total, ratio}}
    figures: dict[str, Decimal] = field(default_factory=dict)  # total and every komponen/sub-komponen/item key
    unanswered: list[int] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)
    predikat: dict[str, dict] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return self.figures["total"]


def assessment_score(*, catalogue: dict, answers: dict, holds_wbk: bool = False) -> Score:
    """Score one column. `answers` maps question id → (answer, counts); a bad answer counts 0 and is
    reported in `errors` (a form or an import refuses it before saving, so saved data has none)."""
    score = Score()
    answer_types = catalogue["answer_types"]
    for qid, question in catalogue["questions"].items():
        answer, counts = answers.get(qid, ("", {}))
        try:
            value = question_value(answer_types=answer_types, question=question, answer=answer, counts=counts)
        except AnswerError as error:
            score.errors[qid] = str(error)
            value = None
        score.values[qid] = value
        if value is None:
            score.unanswered.append(qid)
    figures = {"total": ZERO}
    for komponen in catalogue["komponen"]:
        figures[komponen["key"]] = ZERO
        for sub in komponen["sub_komponen"]:
            figures[sub["key"]] = ZERO
    areas = {
        area["number"]: {"pemenuhan": ZERO, "reform": ZERO, "total": ZERO, "bobot": ZERO} for area in catalogue["areas"]
    }
    for si in catalogue["sub_indikator"]:
        values = [score.values[qid] or ZERO for qid in si["questions"]]
        value = sum(values, ZERO) / len(values) * Decimal(si["bobot"])
        score.sub_indikator[si["id"]] = value
        figures[si["sub_komponen"]] += value
        figures[si["komponen"]] += value
        figures["total"] += value
        if si["key"]:
            figures[si["key"]] = value
        if si["area"] is not None:
            area = areas[si["area"]]
            area[si["sub_komponen"]] += value
            area["total"] += value
            area["bobot"] += Decimal(si["bobot"])
    for area in areas.values():
        area["ratio"] = area["total"] / area["bobot"]
    score.areas, score.figures = areas, figures
    score.predikat = predikat_verdict(predikat=catalogue["predikat"], score=score, holds_wbk=holds_wbk)
    return score


PLACES = Decimal("1e-10")


def at_least(value: Decimal, minimum: Decimal) -> bool:
    """value ≥ minimum, both taken at 10 decimals: a mean like 2,17/3 is a repeating decimal, and
    sums of them that reach a threshold exactly must count as reaching it (static/js/lke.js, whose
    floats carry ~15 digits, compares the same way)."""
    return value.quantize(PLACES, rounding=ROUND_HALF_UP) >= minimum.quantize(PLACES, rounding=ROUND_HALF_UP)


def predikat_verdict(*, predikat: list[dict], score: Score, holds_wbk: bool) -> dict[str, dict]:
    """For each predicate: met or not, and every threshold that fails with the value and the gap."""
    verdicts = {}
    for level in predikat:
        fails = []
        for rule in level["rules"]:
            minimum = Decimal(rule["min"])
            if rule["figure"] == "area_ratio":
                for number, area in score.areas.items():
                    if not at_least(area["total"], minimum * area["bobot"]):
                        fails.append(
                            {
                                "figure": "area_ratio",
                                "area": number,
                                "label": rule["label"],
                                "min": minimum * area["bobot"],
                                "value": area["total"],
                                "gap": minimum * area["bobot"] - area["total"],
                            }
                        )
            elif not at_least(score.figures[rule["figure"]], minimum):
                value = score.figures[rule["figure"]]
                fails.append(
                    {
                        "figure": rule["figure"],
                        "label": rule["label"],
                        "min": minimum,
                        "value": value,
                        "gap": minimum - value,
                    }
                )
        if level["requires"] and not (level["requires"] == "wbk" and holds_wbk):
            fails.append(
                {
                    "figure": "requires",
                    "label": "Telah mendapatkan predikat Menuju WBK",
                    "min": None,
                    "value": None,
                    "gap": None,
                }
            )
        verdicts[level["code"]] = {"name": level["name"], "met": not fails, "fails": fails}
    return verdicts


def display(value: Decimal | None, places: int = 2) -> str:
    """Indonesian format for people, rounded half up (after 10 decimals, as at_least): "75,00"; None → "–"."""
    if value is None:
        return "–"
    value = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = value.quantize(PLACES, rounding=ROUND_HALF_UP).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
    whole, _, fraction = f"{rounded:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    return sign + ".".join([whole, *groups]) + ("," + fraction if fraction else "")
