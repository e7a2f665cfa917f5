"""Score a filled LKE workbook without saving anything: `manage.py lke_score WORKBOOK.xlsx --json`."""

import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lke import scoring
from lke.selectors import catalogue_snapshot, current_version
from lke.workbook_import import WorkbookError, workbook_parse


def to_json(value) -> str:
    """JSON with every Decimal written as a number at full precision (json would make it a float)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def score_report(*, parsed, score) -> dict:
    figures = score.figures
    return {
        "total": figures["total"],
        "pengungkit": figures["pengungkit"],
        "pemenuhan": figures["pemenuhan"],
        "reform": figures["reform"],
        "hasil": figures["hasil"],
        "areas": {str(n): {"pemenuhan": a["pemenuhan"], "reform": a["reform"]} for n, a in score.areas.items()},
        **{code: {"met": v["met"], "fails": v["fails"]} for code, v in score.predikat.items()},
        "unmatched_rows": parsed.unmatched_rows,
        "unanswered": len(score.unanswered),
        "errors": parsed.errors,
    }


class Command(BaseCommand):
    help = "Score a filled LKE workbook (the unit's column) and print the figures; nothing is saved."

    def add_arguments(self, parser):
        parser.add_argument("workbook", type=Path)
        parser.add_argument("--json", dest="as_json", action="store_true", help="One JSON object, numbers unrounded.")
        parser.add_argument("--tpi", action="store_true", help="Score the TPI's column instead of the unit's.")
        parser.add_argument("--holds-wbk", action="store_true", help="The unit already holds Menuju WBK.")

    def handle(self, *args, workbook: Path, as_json: bool, tpi: bool, holds_wbk: bool, **options):
        if not workbook.is_file():
            raise CommandError(f"{workbook}: berkas tidak ditemukan.")
        version = current_version()
        try:
            parsed = workbook_parse(content=workbook.read_bytes(), version=version)
        except WorkbookError as error:
            raise CommandError(str(error)) from error
        if parsed.errors:
            raise CommandError("\n".join(parsed.errors))
        score = scoring.assessment_score(
            catalogue=catalogue_snapshot(version=version),
            holds_wbk=holds_wbk,
            answers=parsed.column_answers("tpi" if tpi else "unit"),
        )
        report = score_report(parsed=parsed, score=score)
        if as_json:
            self.stdout.write(to_json(report))
            return
        self.stdout.write(
            f"Nilai: {scoring.display(report['total'])} (pengungkit "
            f"{scoring.display(report['pengungkit'])}, hasil {scoring.display(report['hasil'])})"
        )
        for code in ("wbk", "wbbm"):
            verdict = report[code]
            self.stdout.write(f"{code.upper()}: {'terpenuhi' if verdict['met'] else 'belum terpenuhi'}")
            for fail in verdict["fails"]:
                gap = f" (kurang {scoring.display(fail['gap'])})" if fail["gap"] is not None else ""
                self.stdout.write(f"  - {fail['label']}{' area ' + str(fail['area']) if 'area' in fail else ''}{gap}")
        for row in report["unmatched_rows"]:
            self.stdout.write(f"Baris {row['row']} tidak cocok: {row['text'][:80]}")
