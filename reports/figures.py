"""The dashboard's figures as HTML: cached per plan state, and rendered again right after a change.

Computing the figures costs 10 aggregate queries and a large template, about ten times a trivial
page. The HTML is therefore cached under a key that changes whenever a figure could: the plan's
`figures_stamp` (reports.signals gives it a new random value on every write that moves a figure),
today's date in Asia/Jakarta (rows turn late when a month ends; the heading names the day), the
as-of month and the language. After a request that changed a plan's figures, `FiguresWarmMiddleware` renders the
plan's current figures into the cache, so the next person to open the dashboard does not pay for
the change. The cache is the database (settings.CACHES "default"), shared by every worker
process, with a copy in each process ("local"): since a key names the exact state of the data,
an entry is never stale, only unused.
"""
import contextvars
import logging
import operator
import zlib
from datetime import date
from functools import reduce

from django.conf import settings
from django.core.cache import caches
from django.db.models import Q
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

logger = logging.getLogger(__name__)
FIGURES_TEMPLATE = "reports/partials/dashboard_figures.html"
# A day is the longest any key can stay right: the key changes with the date.
FIGURES_TIMEOUT = 24 * 3600


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
                cell["href"] = link(area=row["area"].pk, in_month=cell["month"])
        for section in board.sections:
            section["href"] = link(section=section["id"]) if section["id"] else link()
        self.board = board
        self.area_chart = charts.area_bars(board.areas, href=lambda f: f.href)
        self.status_chart = charts.status_bar(board.status_counts, href=lambda s: link(status=s.value))
        self.line_chart = charts.progress_line(board.progress_line)
        self.links = {
            "all": link(),
            "late": link(status="terlambat"),
            "waiting": link(waiting=1),
            **{s: link(status=s) for s in board.status_counts},
        }


def figures_key(*, plan: Plan, month: int | None, today: date, language: str) -> str:
    # The day, not only the month: the heading says "as of today, <date>".
    return f"dashboard-figures:{plan.pk}:{plan.figures_stamp}:{today:%Y-%m-%d}:{month or 'now'}:{language}"


def figures_html(*, plan: Plan, month: int | None, at: AsOf, months: list[int], refresh: bool = False) -> SafeString:
    """The figures' fragment: this process's copy (no query), the shared cache (1 query), else
    computed (10 aggregate queries) and stored in both (4 queries)."""
    key = figures_key(plan=plan, month=month, today=timezone.localdate(), language=translation.get_language())
    local, shared = caches["local"], caches["default"]
    html = None if refresh else local.get(key)
    if html is None and not refresh:
        packed = shared.get(key)
        if packed is not None:
            html = zlib.decompress(packed).decode()
            local.set(key, html, FIGURES_TIMEOUT)
    if html is None:
        context = {
            "plan": plan,
            "month": month,
            "at": at,
            "figures": SimpleLazyObject(lambda: DashboardFigures(plan, month, at)),
            "form": DashboardForm(plans=[plan], plan=plan, months=months),
            "monev_form": MonevForm(plan=plan, months=months, initial={"period": str(month or (months[-1] if months else 1))}),
        }
        html = render_to_string(FIGURES_TEMPLATE, context)
        # Compressed in the database (about 6x smaller): less to read on another worker's first view.
        shared.set(key, zlib.compress(html.encode(), 1), FIGURES_TIMEOUT)
        local.set(key, html, FIGURES_TIMEOUT)
    return mark_safe(html)


def figures_warm(*, plans: list[Plan]) -> None:
    """Renders each plan's figures as of today, in the site's language, into the cache."""
    with translation.override(settings.LANGUAGE_CODE):
        for plan in plans:
            months = months_available(plan=plan)
            figures_html(plan=plan, month=None, at=as_of(plan=plan, month=None), months=months, refresh=True)


# Plans whose figures the current request changed, as filters on Plan; None outside a request
# (management commands do not warm: the first view after them computes, unless dashboard_warm ran).
_changed: contextvars.ContextVar[list[Q] | None] = contextvars.ContextVar("figures_changed", default=None)


def figures_changed(lookup: Q) -> None:
    """Called by reports.signals after a write: remember the plan for warming at the end of the request."""
    changed = _changed.get()
    if changed is not None:
        changed.append(lookup)


# SQLite refuses an expression deeper than 1,000 terms; a bulk request (an import, a delete of many
# entries) can change rows of hundreds of items.
LOOKUPS_PER_QUERY = 100


def changed_plans(*, lookups: list[Q]) -> list[Plan]:
    """The plans matching any of `lookups`, each once: 1 query per 100 distinct lookups."""
    distinct = list(dict.fromkeys(lookups))  # a row saved twice gives the same lookup twice
    plans: dict[int, Plan] = {}
    for start in range(0, len(distinct), LOOKUPS_PER_QUERY):
        chunk = distinct[start:start + LOOKUPS_PER_QUERY]
        matching = Plan.objects.filter(reduce(operator.or_, chunk)).select_related("unit").distinct()
        plans.update((plan.pk, plan) for plan in matching)
    return list(plans.values())


class FiguresWarmMiddleware:
    """After a request that changed figures (and has committed), renders those plans' figures again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _changed.set([])
        try:
            response = self.get_response(request)
            changed = _changed.get()
        finally:
            _changed.reset(token)
        if changed and response.status_code < 500:
            try:
                figures_warm(plans=changed_plans(lookups=changed))
            except Exception:
                # The user's change is saved; a failure here only means the next view computes.
                logger.exception("Rendering the dashboard figures after a change failed")
        return response
