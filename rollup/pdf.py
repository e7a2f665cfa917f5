"""The roll-up as a landscape PDF (WeasyPrint): the page's lines, filter and order, grouped as on the page."""

from django.template.loader import render_to_string

from actionplan.pdf import html_to_pdf
from rollup.selectors import Group, Rollup
from rollup.table import COLUMNS, line_values, percent_text

NUMERIC = {"rows", "done", "late", "percent", "coverage", "unreported", "lke_unit", "lke_tpi"}


def rollup_pdf(*, rollup: Rollup, groups: list[Group]) -> bytes:
    def cells(line):
        values = line_values(line)
        shown = []
        for column, value in zip(COLUMNS, values, strict=True):
            if column.key in ("percent", "coverage"):
                value = percent_text(value)
            shown.append({"key": column.key, "value": value, "num": column.key in NUMERIC})
        return {"line": line, "cells": shown}

    context = {
        "rollup": rollup,
        "columns": COLUMNS,
        "own": cells(rollup.own),
        "groups": [
            {"head": cells(g.head) if g.head else None, "summary": g.summary, "lines": [cells(x) for x in g.lines]}
            for g in groups
        ],
    }
    return html_to_pdf(render_to_string("rollup/pdf.html", context))
