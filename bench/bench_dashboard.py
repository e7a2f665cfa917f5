"""Dashboard server time for a large plan (500 rows, 6,000 progress entries, 20,000 evidence) next to a
trivial view; a PIC's save with and without the dashboard's cache invalidation; the database cache's
row count cost.

Run: .venv/bin/python bench/bench_dashboard.py   (or `make bench`)
Targets: the leader's cached dashboard <= 3x /plans/; a PIC's save with the dashboard app <= 1.1x
the same save without it (its receivers disconnected). Measured three ways, on SQLite (BENCH_POSTGRES=<url>
for PostgreSQL, see _django.py): in-process through the test client (every middleware, session,
auth, the database cache; no HTTP); in-process through Django's WSGI handler alone, so that no
client code is in the timing (the server's own time); and over HTTP against gunicorn with two
worker processes on loopback, where the PIC's save and the leader's view may land on different
workers (the figures' cache, with each plan's generation, is the database, shared by both). The fewer fixed costs a way
includes, the larger every ratio to /healthz/ gets: an HTML page's login and base template
alone cost several times a bare SELECT 1. That is why /plans/ is printed too.

What is measured, median of RUNS requests each (gc.collect() before each, outside its timing):
- the trivial views: /healthz/ (one SELECT 1, no template) and the plan list (/plans/: one small
  query, the site's base template);
- "after a PIC's change": each run, a PIC saves a progress entry through the browser form (its
  commit ends the plan's figures generation), then the leader opens the dashboard, which computes
  the figures: the first leader to look after a change pays for them, once;
- "cached": nothing changed since the last view (what every other look costs);
- "computed": before each request the plan's generation is ended without a request (as
  dashboard_warm does after a bulk script), so the 10 aggregate queries and the template run in
  the view. A leader also pays this for the first view of a new day (unless dashboard_warm ran),
  in another language than the site's, or of an "as of" month;
- the trivial view right after a PIC's change, too: on SQLite any read after another
  connection's write pays for re-reading pages, whatever the view;
- the PIC's save, with the dashboard app's receivers connected and disconnected, in turns.
"""

import base64
import contextlib
import gc
import os
import statistics
import tempfile
import time
import weakref
from datetime import UTC, datetime

import _django

_django.setup()

from _server import Client as HTTPClient  # noqa: E402
from _server import Server  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models.signals import m2m_changed, post_delete, post_save  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Membership, Role  # noqa: E402
from actionplan.models import ActionItem, Plan, ProgressEntry  # noqa: E402
from actionplan.sample import plan_generate  # noqa: E402
from evidence.sample import evidence_generate, progress_generate  # noqa: E402
from reports import signals as figure_signals  # noqa: E402
from zi_tracker.generations import plan_generations_end  # noqa: E402

RUNS = 25
PASSWORD = "bench-pass-123"


def timed(request) -> float:
    gc.collect()
    started = time.perf_counter()
    response = request()
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code in (200, 302), response.status_code
    return elapsed


_wsgi = WSGIHandler()
_environ = RequestFactory()._base_environ


class _Answer:
    def __init__(self, status: str):
        self.status_code = int(status.split()[0])


def wsgi_get(path: str, cookie: str) -> _Answer:
    """A GET through Django's WSGI handler, as gunicorn calls it, body read to the end."""
    started = []
    path, _, query = path.partition("?")
    environ = _environ(PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD="GET", HTTP_COOKIE=cookie)
    body = _wsgi(environ, lambda status, headers: started.append(status))
    b"".join(body)
    body.close()
    return _Answer(started[0])


def restamp(plan: Plan) -> None:
    """A new figures generation without a request (as dashboard_warm starts after a bulk script)."""
    plan_generations_end(plan_ids=[plan.pk])


class without_dashboard:
    """The dashboard app's receivers (reports.signals) disconnected: what a save costs without it."""

    SIGNALS = [post_save, post_delete, m2m_changed]

    def __enter__(self):
        self.saved = {signal: list(signal.receivers) for signal in self.SIGNALS}
        for signal in self.SIGNALS:
            with signal.lock:
                signal.receivers = [r for r in signal.receivers if not _is_figures_receiver(r)]
                signal.sender_receivers_cache.clear()
        return self

    def __exit__(self, *exc):
        for signal, receivers in self.saved.items():
            with signal.lock:
                signal.receivers = receivers
                signal.sender_receivers_cache.clear()


def _is_figures_receiver(entry) -> bool:
    receiver = entry[1]  # (lookup key, receiver or a weak reference to it, is_async)
    if isinstance(receiver, weakref.ReferenceType):
        receiver = receiver()
    return getattr(receiver, "__module__", "") == figure_signals.__name__


def save_cost(pic_saves, leader_looks) -> None:
    """A PIC's save with the dashboard app and without it, in turns (so that drift hits all alike).

    With the app a save ends the plan's figures generation after its commit: a look (1 query) when
    no leader has opened the dashboard since the last change, a DELETE too when one has.
    """
    after_save = "with the app, after another save"
    after_look = "with the app, after a leader's look"
    without = "without it (receivers disconnected)"
    cases = {after_save: (None, False), after_look: (leader_looks, False), without: (None, True)}
    timings, queries = {label: [] for label in cases}, {}

    def run(label, timing):
        before, disconnected = cases[label]
        if before:
            before()
        with without_dashboard() if disconnected else contextlib.nullcontext():
            if timing:
                timings[label].append(timed(pic_saves))
            else:
                with CaptureQueriesContext(connection) as captured:
                    pic_saves()
                queries[label] = len(captured)

    for _ in range(RUNS):
        for label in cases:
            run(label, timing=True)
    for label in cases:
        run(label, timing=False)
    print(f"\nPIC's save (in-process, test client), median of {RUNS} each, in turns")
    for label, values in timings.items():
        print(f"{label:<40}{statistics.median(values):>8.2f} ms{queries[label]:>6} queries")
    for label in (after_save, after_look):
        ratio = statistics.median(timings[label]) / statistics.median(timings[without])
        print(f"{label} / without = {ratio:.2f}x (target <= 1.1x): {'ok' if ratio <= 1.1 else 'OVER TARGET'}")


def cache_count_cost() -> None:
    """What the database cache's COUNT(*) costs each set, by rows in its table (values out of line, like figures)."""
    table = connection.ops.quote_name("zi_cache")
    # Incompressible and beyond PostgreSQL's 2 kB TOAST threshold, so kept out of line as a figures fragment is.
    value = base64.b64encode(os.urandom(2250)).decode()
    far = datetime(2999, 1, 1, tzinfo=UTC)
    print("\ndatabase cache: each set's COUNT(*), by rows in the table (median of 25)")
    filled = 0
    try:
        for rows in (2_000, 20_000, 100_000):
            with connection.cursor() as cursor:
                batch = [(f"bench-fill:{n}", value, far) for n in range(filled, rows)]
                for start in range(0, len(batch), 5000):
                    cursor.executemany(
                        f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s)",
                        batch[start : start + 5000],
                    )
                filled = rows
                if connection.vendor == "postgresql":
                    cursor.execute(f"ANALYZE {table}")
                timings = []
                for _ in range(25):
                    started = time.perf_counter()
                    cursor.execute(f"SELECT COUNT(*) FROM {table}")
                    cursor.fetchone()
                    timings.append((time.perf_counter() - started) * 1000)
            print(f"{rows:>9,} rows: {statistics.median(timings):.2f} ms")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE cache_key LIKE %s", ["bench-fill:%"])


def main() -> None:
    seed = Plan.objects.get(decree_number="995")
    users = get_user_model().objects
    leader = users.create_user("bench-leader", password=PASSWORD)
    Membership.objects.create(user=leader, unit=seed.unit, role=Role.PIMPINAN)
    pic = users.create_user("bench-pic", password=PASSWORD)
    Membership.objects.create(user=pic, unit=seed.unit, role=Role.PIC)
    big = plan_generate(unit=seed.unit, year=2025, items=500, requirements_per_item=4)
    ActionItem.objects.filter(area__plan=big).update(target_start_month=1, target_end_month=12)
    progress_generate(plan=big, entries=6000, user=leader)
    evidence_generate(plan=big, count=20000, uploader=leader, reviewer=leader)
    row = ActionItem.objects.filter(area__plan=big).order_by("pk").first()
    row.pics.add(pic)
    if connection.vendor == "postgresql":
        # Statistics for the freshly bulk-loaded tables, as autovacuum keeps them in production;
        # until autoanalyze gets to them the planner can pick a plan ten times slower.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    leader_client, pic_client = Client(), Client()
    leader_client.force_login(leader)
    pic_client.force_login(pic)
    dashboard = reverse("reports:dashboard", args=[big.pk])
    save_url = reverse("actionplan:item_progress", args=[row.pk])

    def progress_form():
        entry = ProgressEntry.objects.get(item=row, month=1)
        return {
            "month": 1,
            "percent": (entry.percent + 1) % 100,
            "activity": "bench",
            "obstacles": "",
            "next_steps": "",
            "version": entry.version,
        }

    def pic_saves():
        return pic_client.post(save_url, progress_form())

    for url in ["/healthz/", "/plans/", dashboard]:
        leader_client.get(url)  # warm-up: imports, templates, connections
    print(f"database: {connection.vendor}; large plan: 500 rows, 6,000 entries, 20,000 evidence; median of {RUNS}")

    def in_process(title, get):
        results, queries = {}, {}

        def measure(label, request, before=None):
            timings = []
            for _ in range(RUNS):
                if before:
                    before()
                timings.append(timed(request))
            results[label] = statistics.median(timings)
            if before:
                before()
            with CaptureQueriesContext(connection) as captured:
                request()
            queries[label] = len(captured)

        measure("trivial view (/healthz/)", get("/healthz/"))
        measure("trivial page (/plans/)", get("/plans/"))
        measure("/healthz/ after a PIC's change", get("/healthz/"), before=pic_saves)
        measure("dashboard after a PIC's change", get(dashboard), before=pic_saves)
        measure("dashboard, cached", get(dashboard))
        measure(
            "dashboard, computed (seed plan)",
            get(reverse("reports:dashboard", args=[seed.pk])),
            before=lambda: restamp(seed),
        )
        measure("dashboard, computed", get(dashboard), before=lambda: restamp(big))
        measure("dashboard, computed, as of June", get(f"{dashboard}?month=6"), before=lambda: restamp(big))
        measure("PIC's save", pic_saves)
        report(title, results, queries)

    in_process("in-process, through the test client", lambda url: lambda: leader_client.get(url))
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in leader_client.cookies.items())
    in_process(
        "in-process, the WSGI handler alone (no client code in the timing)", lambda url: lambda: wsgi_get(url, cookie)
    )
    save_cost(pic_saves, leader_looks=lambda: leader_client.get(dashboard))
    cache_count_cost()
    http_results = over_http(dashboard=dashboard, save_url=save_url, progress_form=progress_form, plan=big)
    report("over HTTP (gunicorn, 2 workers, loopback)", http_results, None)


def over_http(*, dashboard: str, save_url: str, progress_form, plan: Plan) -> dict:
    static = tempfile.mkdtemp(prefix="zi-bench-static-")
    env = {"DATABASE_URL": os.environ["DATABASE_URL"], "MEDIA_ROOT": os.environ["MEDIA_ROOT"], "STATIC_ROOT": static}
    results = {}
    with Server(env, workers=2) as server:
        leader = HTTPClient(server, "bench-leader", PASSWORD)
        pic = HTTPClient(server, "bench-pic", PASSWORD)
        for _ in range(6):  # both workers: imports, templates, connections
            for path in ["/healthz/", "/plans/", dashboard]:
                leader.request("GET", path)

        def measure(label, request, before=None, expect=200):
            timings = []
            for _ in range(RUNS):
                if before:
                    before()
                status, ms = request()
                assert status == expect, (label, status)
                timings.append(ms)
            results[label] = statistics.median(timings)

        get = lambda path: lambda: leader.request("GET", path)  # noqa: E731
        pic_saves = lambda: pic.request("POST", save_url, progress_form())  # noqa: E731
        measure("trivial view (/healthz/)", get("/healthz/"))
        measure("trivial page (/plans/)", get("/plans/"))
        measure("/healthz/ after a PIC's change", get("/healthz/"), before=pic_saves)
        measure("dashboard after a PIC's change", get(dashboard), before=pic_saves)
        measure("dashboard, cached", get(dashboard))
        measure("dashboard, computed", get(dashboard), before=lambda: restamp(plan))
        measure("PIC's save", pic_saves, expect=302)
    return results


def report(title: str, results: dict, queries: dict | None) -> None:
    trivial, page = results["trivial view (/healthz/)"], results["trivial page (/plans/)"]
    print(f"\n{title}")
    print(f"{'request':<36}{'ms':>8}{'x /healthz/':>13}{'x /plans/':>11}{'queries':>9}")
    for label, ms in results.items():
        count = f"{queries[label]:>9}" if queries else ""
        print(f"{label:<36}{ms:>8.2f}{ms / trivial:>13.1f}{ms / page:>11.1f}{count}")
    comparisons = [
        ("dashboard, cached", "trivial page (/plans/)", 3),  # the target
        ("dashboard, cached", "trivial view (/healthz/)", None),
        ("dashboard after a PIC's change", "/healthz/ after a PIC's change", None),  # the first look computes
        ("dashboard after a PIC's change", "trivial page (/plans/)", None),
    ]
    for label, base, target in comparisons:
        ratio = results[label] / results[base]
        verdict = f" (target <= {target}x): {'ok' if ratio <= target else 'OVER TARGET'}" if target else ""
        print(f"{label} / {base} = {ratio:.1f}x{verdict}")


if __name__ == "__main__":
    main()
