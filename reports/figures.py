"""The dashboard's figures as HTML, cached per plan generation and computed by their first reader.

Computing the figures costs 11 aggregate queries and a large template, about ten times a trivial
page, so their HTML is cached (settings.CACHES "default": the database, shared by every worker).
The key names the plan, today's date (rows turn late when a month ends; the heading names the
day), the as-of month and the language; the key's *version* is the plan's generation, a number
kept in the cache under the plan's own key (djangoproject.com's dashboard/utils.py pattern, per
plan). Once a write that moves a figure has committed, reports.signals deletes that generation
key: the next reader starts a new generation and computes the figures, once, however many
readers arrive together. A writer pays a read or two and at most one small DELETE, never the
rendering, and nothing writes to the plan's row, so two writers of one plan never wait on each other.
"""

import secrets
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

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

FIGURES_TEMPLATE = "reports/partials/dashboard_figures.html"
# A reader computing figures holds their lock at most this long: if its process dies mid-way,
# the others wait no longer than that before one of them computes instead.
LOCK_SECONDS = 30
POLL_SECONDS = 0.05


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


def generation_key(plan_id: int) -> str:
    return f"dashboard-generation:{plan_id}"


def figures_generation(*, plan_id: int) -> int:
    """The plan's current generation: 1 query, and a cache write (3 more) to start one after a change.

    Random, not a counter starting at 1: once a generation key is gone (deleted by a change, culled,
    or a cache cleared while older entries survived), a counter could meet figures stored under the
    same number before; a random one does not.
    """
    key = generation_key(plan_id)
    generation = cache.get(key)
    if generation is None:
        generation = secrets.randbits(48)
        if not cache.add(key, generation, timeout=None):  # another reader started one just now
            generation = cache.get(key, generation)
    return generation


def figures_changed(*, plan_ids: Iterable[int]) -> None:
    """Ends the plans' current generations, so that their next reader computes new figures.

    1 query when no reader has started a generation since the last change, else 1 more to delete
    it: a write is a second commit, which on SQLite costs the writer more than the rest of its save.
    Looking first is safe because this runs after the change's commit: a generation started after
    the look is started after the commit too, and its figures are computed from the new data.
    """
    keys = [generation_key(pk) for pk in set(plan_ids)]
    started = list(cache.get_many(keys)) if keys else []
    if started:
        cache.delete_many(started)


def figures_key(*, plan_id: int, month: int | None, today: date, language: str) -> str:
    # The day, not only the month: the heading says "as of today, <date>".
    return f"dashboard-figures:{plan_id}:{today:%Y-%m-%d}:{month or 'now'}:{language}"


def _seconds_to_midnight() -> int:
    """A key names its day, so after midnight its entry is dead weight: expired, the cull removes it first."""
    now = timezone.localtime()
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
    return int((midnight - now).total_seconds()) + 1


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


def _compute_once(*, key: str, version: int, compute: Callable[[], str]) -> str:
    """Single flight: the first reader of a cold key computes it; the others wait for its result.

    The lock is a cache entry made with `cache.add`, which only one reader can win (an INSERT on
    the database cache's primary key). It expires after LOCK_SECONDS in case its holder dies; a
    reader that could not take it in that time (a cache refusing writes) computes without it.
    """
    lock = f"{key}:computing"
    deadline = time.monotonic() + LOCK_SECONDS
    while time.monotonic() < deadline:
        if cache.add(lock, 1, LOCK_SECONDS, version=version):
            try:
                html = cache.get(key, version=version)  # the holder before this one may just have stored it
                if html is None:
                    html = _compute_and_store(key=key, version=version, compute=compute)
                return html
            finally:
                cache.delete(lock, version=version)
        time.sleep(POLL_SECONDS)
        html = cache.get(key, version=version)
        if html is not None:
            return html
    return _compute_and_store(key=key, version=version, compute=compute)


def _compute_and_store(*, key: str, version: int, compute: Callable[[], str]) -> str:
    html = compute()
    cache.set(key, html, _seconds_to_midnight(), version=version)
    return html


def figures_html(*, plan: Plan, month: int | None, at: AsOf, months: list[int]) -> SafeString:
    """The figures' fragment: 2 queries when cached; computed once (11 aggregate queries) when not."""
    version = figures_generation(plan_id=plan.pk)
    key = figures_key(plan_id=plan.pk, month=month, today=timezone.localdate(), language=translation.get_language())
    html = cache.get(key, version=version)
    if html is None:
        html = _compute_once(
            key=key, version=version, compute=lambda: _render(plan=plan, month=month, at=at, months=months)
        )
    return mark_safe(html)


def figures_warm(*, plans: list[Plan]) -> None:
    """Computes each plan's figures as of today, in the site's language, unless already cached."""
    with translation.override(settings.LANGUAGE_CODE):
        for plan in plans:
            months = months_available(plan=plan)
            figures_html(plan=plan, month=None, at=as_of(plan=plan, month=None), months=months)
