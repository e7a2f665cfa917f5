"""The roll-up as a landscape PDF (WeasyPrint): the page's lines, filter and order, grouped as on the page.

Nine columns, not the page's thirteen: WeasyPrint lays out every cell, and the national roll-up's
553 lines took twice as long with the rows' three counts and the LKE's three figures apart.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actionplan.pdf import html_to_pdf
from rollup.cache import seconds_to_midnight
from rollup.selectors import Group, Line, Rollup
from rollup.table import decimal_text, percent_text, plan_text, predikat_text, verdict_text


@dataclass(frozen=True)
class PdfColumn:
    title: object
    width: float  # % of the table's width
    numeric: bool = False


PDF_COLUMNS = [
    PdfColumn(gettext_lazy("Unit"), 22),
    PdfColumn(gettext_lazy("Plan"), 8),
    PdfColumn(gettext_lazy("Rows: done / late / all"), 10, True),
    PdfColumn(gettext_lazy("Realisation"), 7, True),
    PdfColumn(gettext_lazy("Evidence covered"), 7, True),
    PdfColumn(gettext_lazy("Reports missing (last month)"), 8, True),
    PdfColumn(gettext_lazy("LKE: self / TPI, predicate"), 15),
    PdfColumn(gettext_lazy("Preliminary assessment"), 13),
    PdfColumn(gettext_lazy("Last activity"), 10),
]


def _cells(line: Line, last_month: int | None) -> list[str]:
    f = line.figures
    name = line.unit.short_name or line.unit.name  # one line in the narrow column, mostly
    if line.plan is None:
        return [name, plan_text(line), *(["–"] * 7)]
    lke = "–"
    if line.lke:
        lke = f"{decimal_text(line.lke_unit)} / {decimal_text(line.lke_tpi)}, {predikat_text(line)}"
    verdict = verdict_text(line)
    if line.verdict:
        verdict += f", {date_format(line.verdict['at'], 'j M Y')}"
    activity = f.get("last_activity")
    return [
        name,
        plan_text(line),
        f"{f['done']} / {f['late']} / {f['total']}",
        percent_text(line.percent),
        "–" if line.coverage is None else f"{line.coverage} %",
        str(f["unreported"]) if last_month else "–",
        lke,
        verdict,
        date_format(activity, "j M Y") if activity else _("none yet"),
    ]


def rollup_pdf(*, rollup: Rollup, groups: list[Group]) -> bytes:
    def row(line: Line, kind: str, summary=None) -> dict:
        return {"kind": kind, "indent": line.level > 1, "cells": _cells(line, rollup.last_month), "summary": summary}

    rows = [row(rollup.own, "own")]
    for group in groups:
        if group.head:
            rows.append(row(group.head, "group", group.summary))
        rows += [row(line, "") for line in group.lines]
    context = {"rollup": rollup, "columns": PDF_COLUMNS, "rows": rows}
    html = render_to_string("rollup/pdf.html", context)
    # Content-addressed: the same lines give the same document, so a second download of an
    # unchanged roll-up skips WeasyPrint (5 s for the national one) whoever asks.
    key = f"rollup-pdf:{hashlib.sha256(html.encode()).hexdigest()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html)
        cache.set(key, pdf, seconds_to_midnight())
    return pdf
