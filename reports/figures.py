"""The dashboard's figures as HTML, cached per plan generation and computed by their first reader.

Computing the figures costs 11 aggregate queries and a large template, about ten times a trivial
page, so their HTML is cached (settings.CACHES "default": the database, shared by every worker).
The key names the plan, today's date (rows turn late when a month ends; the heading names the
day), the as-of month and the language; its version is the plan's generation
(zi_tracker.generations), which reports.signals ends on every write that moves a figure.
"""

from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from actionplan.models import Plan
from reports import charts
from reports.forms import DashboardForm, MonevForm
from reports.selectors import AsOf, as_of, dashboard, months_available
from zi_tracker.generations import compute_once, plan_generation

FIGURES_TEMPLATE = "reports/partials/dashboard_figures.html"


def items_url(plan: Plan, month: int | None = None, *, base: str | None = None, **filters) -> str:
    """The list of rows behind a figure, with the same as-of month."""
    params = {k: v for k, v in {**filters, "month": month}.items() if v not in (None, "", False)}
    url = base or reverse("reports:items", args=[plan.pk])
    return f"{url}?{urlencode(params)}" if params else url


class DashboardFigures:
    """Everything the figures' fragment shows, with the links behind each figure."""

    def __init__(self, plan: Plan, month: int | None, at: AsOf):
        board = dashboard(plan=plan, at=at)
        base = reverse("reports:items", args=[plan.pk])
        link = lambda **f: items_url(plan, month, base=base, **f)  # noqa: E731
        for figures in board.areas:
            figures.href = link(area=figures.area.pk)
        for row in board.grid:
            for cell in row["cells"]:
                # A month with missing reports links to the rows that did not report; others to all its rows.
                missing = cell["state"] in ("partial", "missing", "current") and cell["reported"] < cell["expected"]
                cell["href"] = link(area=row["area"].pk, in_month=cell["month"], unreported=missing)
        for section in board.sections:
            section["href"] = link(section=section["id"]) if section["id"] else link()
        self.board = board
        self.area_chart = charts.area_bars(board.areas, href=lambda f: f.href)
        self.status_chart = charts.status_bar(board.status_counts, href=lambda s: link(status=s.value))
        self.line_chart = charts.progress_line(board.progress_line)
        self.links = {
            "all": link(),
            "late": link(status="terlambat"),
            "waiting": f"{reverse('evidence:documents', args=[plan.pk])}?status=diajukan",
            **{s: link(status=s) for s in board.status_counts},
        }


def figures_key(*, plan_id: int, month: int | None, today: date, language: str) -> str:
    # The day, not only the month: the heading says "as of today, <date>".
    return f"dashboard-figures:{plan_id}:{today:%Y-%m-%d}:{month or 'now'}:{language}"


def _render(*, plan: Plan, month: int | None, at: AsOf, months: list[int]) -> str:
    context = {
        "plan": plan,
        "month": month,
        "at": at,
        "figures": SimpleLazyObject(lambda: DashboardFigures(plan, month, at)),
        "form": DashboardForm(plans=[plan], plan=plan, months=months),
        "monev_form": MonevForm(
            plan=plan, months=months, initial={"period": str(month or (months[-1] if months else 1))}
        ),
    }
    return render_to_string(FIGURES_TEMPLATE, context)


def figures_html(*, plan: Plan, month: int | None, at: AsOf, months: list[int]) -> SafeString:
    """The figures' fragment: 2 queries when cached; computed once (11 aggregate queries) when not."""
    version = plan_generation(plan_id=plan.pk)
    key = figures_key(plan_id=plan.pk, month=month, today=timezone.localdate(), language=translation.get_language())
    html = cache.get(key, version=version)
    if html is None:
        html = compute_once(
            key=key, version=version, compute=lambda: _render(plan=plan, month=month, at=at, months=months)
        )
    return mark_safe(html)


def figures_warm(*, plans: list[Plan]) -> None:
    """Computes each plan's figures as of today, in the site's language, unless already cached."""
    with translation.override(settings.LANGUAGE_CODE):
        for plan in plans:
            months = months_available(plan=plan)
            figures_html(plan=plan, month=None, at=as_of(plan=plan, month=None), months=months)
