"""The roll-up as a table: its columns (one list for the page, the workbook and the PDF), filters, order."""

from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from lke.scoring import display
from rollup.models import Verdict
from rollup.selectors import Group, Line, Rollup


@dataclass(frozen=True)
class Column:
    key: str
    title: str


COLUMNS = [
    Column("unit", _("Unit")),
    Column("plan", _("Plan")),
    Column("rows", _("Rows")),
    Column("done", _("Done")),
    Column("late", _("Late")),
    Column("percent", _("Realisation")),
    Column("coverage", _("Evidence covered")),
    Column("unreported", _("Reports missing (last month)")),
    Column("lke_unit", _("LKE self-score")),
    Column("lke_tpi", _("LKE reviewer score")),
    Column("predikat", _("Predicate")),
    Column("verdict", _("Preliminary assessment")),
    Column("activity", _("Last activity")),
]

PREDIKAT_NAMES = {"wbk": "Menuju WBK", "wbbm": "Menuju WBBM"}

SORT_KEYS = {
    "name": lambda line: (line.unit.name.casefold(),),
    "percent": lambda line: line.percent,
    "done": lambda line: line.figures.get("done") if line.plan else None,
    "late": lambda line: line.figures.get("late") if line.plan else None,
    "coverage": lambda line: line.coverage,
    "unreported": lambda line: line.figures.get("unreported") if line.plan else None,
    "lke_unit": lambda line: line.lke_unit,
    "lke_tpi": lambda line: line.lke_tpi,
    "activity": lambda line: line.figures.get("last_activity"),
}


def _matches(line: Line, filters: dict) -> bool:
    query = (filters.get("q") or "").strip().casefold()
    if query and query not in line.unit.name.casefold() and query not in (line.unit.short_name or "").casefold():
        return False
    plan = filters.get("plan")
    if plan == "enacted" and not line.enacted or plan == "none" and line.enacted:
        return False
    verdict = filters.get("verdict")
    if verdict and (line.verdict_code or "none") != verdict:
        return False
    predikat = filters.get("predikat")
    if predikat and (line.predikat or "none") != predikat:
        return False
    if filters.get("late") and not line.figures.get("late"):
        return False
    return True


def _sorted(lines: list[Line], sort: str, desc: bool) -> list[Line]:
    """By `sort`, units without the figure last whichever the direction; ties by name."""
    key = SORT_KEYS.get(sort or "name", SORT_KEYS["name"])
    by_name = sorted(lines, key=SORT_KEYS["name"])
    known = [line for line in by_name if key(line) is not None]
    unknown = [line for line in by_name if key(line) is None]
    return sorted(known, key=key, reverse=bool(desc)) + unknown


def table_groups(rollup: Rollup, filters: dict) -> list[Group]:
    """The roll-up's groups with only the lines that pass `filters`, each group in the chosen order.

    A group (a province) stays while its own office or one of its units passes; its own line
    heads it either way. The page, the workbook and the PDF all show this.
    """
    groups = []
    for group in rollup.groups:
        if filters.get("group") and (group.head is None or group.head.unit.pk != filters["group"]):
            continue
        lines = _sorted(
            [line for line in group.lines if _matches(line, filters)], filters.get("sort"), filters.get("desc")
        )
        if lines or group.head is None or _matches(group.head, filters):
            groups.append(replace(group, lines=lines))
    if not rollup.national:
        return groups
    return _sorted_groups(groups, filters)


def _sorted_groups(groups: list[Group], filters: dict) -> list[Group]:
    heads = _sorted([g.head for g in groups], filters.get("sort"), filters.get("desc"))
    order = {id(head): n for n, head in enumerate(heads)}
    return sorted(groups, key=lambda g: order[id(g.head)])


def percent_text(value) -> str:
    return "–" if value is None else f"{value:.1f} %".replace(".", ",")


def verdict_text(line: Line) -> str:
    if not line.verdict:
        return str(_("Not assessed yet")) if line.enacted else "–"
    return str(Verdict(line.verdict["verdict"]).label)


def predikat_text(line: Line) -> str:
    if not line.lke:
        return "–"
    name = PREDIKAT_NAMES.get(line.predikat, line.predikat) if line.predikat else str(_("Not met"))
    source = _("TPI") if line.lke["tpi_answered"] else _("self-assessment")
    return f"{name} ({source})"


def plan_text(line: Line) -> str:
    if line.plan is None:
        return str(_("No plan"))
    return str(_("Enacted")) if line.enacted else str(_("Draft"))


def line_values(line: Line) -> list:
    """The line's cells as plain values for the workbook and the PDF, in COLUMNS' order."""
    f, has_plan = line.figures, line.plan is not None
    activity = f.get("last_activity")
    return [
        line.unit.name,
        plan_text(line),
        f.get("total", 0) if has_plan else None,
        f.get("done", 0) if has_plan else None,
        f.get("late", 0) if has_plan else None,
        line.percent,
        line.coverage,
        f.get("unreported", 0) if has_plan else None,
        line.lke_unit,
        line.lke_tpi,
        predikat_text(line),
        verdict_text(line),
        activity,
    ]


class Links:
    """The URLs a roll-up line links to, built by substituting the pk into one reversed URL per page.

    A national page has 553 lines of 12 links: 6,600 reverse() calls cost a second of rendering.
    """

    SENTINEL = 987654321

    def __init__(self, *, year: int, next_url: str):
        from django.urls import reverse
        from django.utils.http import urlencode

        def pattern(name: str) -> str:
            return reverse(name, args=[self.SENTINEL])

        self.year = year
        self.patterns = {
            name: pattern(view)
            for name, view in [
                ("rollup", "rollup:unit"),
                ("dashboard", "reports:dashboard"),
                ("items", "reports:items"),
                ("plan", "actionplan:plan_detail"),
                ("documents", "evidence:documents"),
                ("lke", "lke:score"),
                ("assessment", "rollup:plan_assessment"),
            ]
        }
        self.next = urlencode({"next": next_url})

    def __call__(self, name: str, pk: int, query: str = "") -> str:
        url = self.patterns[name].replace(str(self.SENTINEL), str(pk))
        return f"{url}?{query}" if query else url


def decimal_text(value, places: int = 2) -> str:
    return "–" if value is None else display(value, places)


def page_row(line: Line, *, kind: str, links: Links, last_month: int | None, summary=None) -> dict:
    """Everything one line of the page shows, as text and links (the template only lays it out)."""
    from django.utils.formats import date_format

    plan, f = line.plan, line.figures
    name = line.unit.short_name or line.unit.name
    if line.has_units_below and kind != "own":
        unit_href = links("rollup", line.unit.pk, f"year={links.year}")
    elif plan:
        unit_href = links("dashboard", plan.pk)
    else:
        unit_href = ""
    row = {"kind": kind, "indent": line.level > 1, "code": line.unit.code, "name": name, "href": unit_href}
    if summary is not None:
        row["summary"] = summary
    if plan is None:
        return row
    verdict = line.verdict
    activity = f.get("last_activity")
    row.update(
        plan=True,
        enacted=line.enacted,
        plan_href=links("plan", plan.pk),
        total=f["total"],
        done=f["done"],
        late=f["late"],
        items_href=links("items", plan.pk),
        done_href=links("items", plan.pk, "status=selesai"),
        late_href=links("items", plan.pk, "status=terlambat"),
        percent=percent_text(line.percent),
        dashboard_href=links("dashboard", plan.pk),
        coverage="–" if line.coverage is None else f"{line.coverage} %",
        documents_href=links("documents", plan.pk),
        unreported=f["unreported"] if last_month else None,
        unreported_href=links("items", plan.pk, f"in_month={last_month}&unreported=1") if last_month else "",
        lke_unit=decimal_text(line.lke_unit),
        lke_tpi=decimal_text(line.lke_tpi),
        lke_href=links("lke", plan.pk),
        lke=bool(line.lke),
        predikat=PREDIKAT_NAMES.get(line.predikat, "") if line.lke else "",
        predikat_by_tpi=bool(line.lke and line.lke["tpi_answered"]),
        verdict=line.verdict_code,
        verdict_at=date_format(verdict["at"], "j M Y") if verdict else "",
        assessment_href=links("assessment", plan.pk, links.next),
        activity=date_format(activity, "j M Y") if activity else "",
    )
    return row
