"""Server time and size of the everyday pages on the seed plan (23 rows) and a generated 2,300-row plan.

Run: .venv/bin/python bench/bench_pages.py [runs]   (BENCH_POSTGRES=<url> for PostgreSQL, see _django.py;
BENCH_PROFILE=<label substring> prints a cProfile of that request instead of timing everything.)
Target (issue 12): the seed plan's plan page and row page each <= 10x /healthz/.

Each request goes through Django's WSGI handler, as gunicorn calls it (every middleware, session,
auth, the database cache; no HTTP, no client code in the timing), logged in by cookie. Printed per
request: median wall ms of RUNS (gc.collect() before each, outside the timing), median process CPU
ms, the ratio of wall ms to /healthz/, the queries and the body's bytes.

Who asks: the unit's coordinator (the plan page with its buttons), a PIC (the plan page as most
people see it: its table cached per plan generation; and as its first reader after a change sees
it, the table computed and stored), the PIC of the seed plan's
Parmas & SDM rows (their row page with its forms; my work), a PIC of all 2,300 rows of the big
plan (my work), the leader (the dashboard, already cached).
"""

import gc
import os
import statistics
import sys
import time

import _django

_django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Membership, Role, Section  # noqa: E402
from actionplan.models import ActionItem, Plan  # noqa: E402
from actionplan.sample import plan_generate  # noqa: E402
from evidence.sample import evidence_generate, progress_generate  # noqa: E402
from zi_tracker.generations import plan_generations_end  # noqa: E402

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 15
BIG_ROWS = 2300

_wsgi = WSGIHandler()
_environ = RequestFactory()._base_environ


def wsgi_get(path: str, cookie: str) -> tuple[int, int]:
    """A GET through the WSGI handler, body read to the end: (status, bytes)."""
    started = []
    path, _, query = path.partition("?")
    environ = _environ(PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD="GET", HTTP_COOKIE=cookie)
    body = _wsgi(environ, lambda status, headers: started.append(status))
    size = len(b"".join(body))
    body.close()
    return int(started[0].split()[0]), size


def cookie_of(user) -> str:
    client = Client()
    client.force_login(user)
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def measure(path: str, cookie: str, runs: int, before=None) -> dict:
    """`before` runs ahead of each request, outside the timing (e.g. ending the plan's cache generation)."""
    wsgi_get(path, cookie)  # warm-up: imports, templates, per-process caches
    walls, cpus = [], []
    for _ in range(runs):
        if before is not None:
            before()
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        status, size = wsgi_get(path, cookie)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert status == 200, (path, status)
    if before is not None:
        before()
    with CaptureQueriesContext(connection) as captured:
        wsgi_get(path, cookie)
    return {"ms": statistics.median(walls), "cpu": statistics.median(cpus), "queries": len(captured), "bytes": size}


def profile(path: str, cookie: str) -> None:
    import cProfile
    import pstats

    wsgi_get(path, cookie)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        wsgi_get(path, cookie)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main() -> None:
    seed = Plan.objects.get(decree_number="995")
    users = get_user_model().objects

    def member(name, role, section=None):
        user = users.create_user(name, password="bench-pass-123", first_name=name.title())
        Membership.objects.create(user=user, unit=seed.unit, role=role, section=section)
        return user

    coordinator = member("bench-koordinator", Role.KOORDINATOR)
    leader = member("bench-leader", Role.PIMPINAN)
    section = Section.objects.get(unit=seed.unit, short_name="Parmas & SDM")
    seed_pic = member("bench-pic", Role.PIC, section)
    seed_rows = list(ActionItem.objects.filter(area__plan=seed, section=section).order_by("area__order", "number"))
    for row in seed_rows:
        row.pics.add(seed_pic)
    quick = bool(os.environ.get("BENCH_QUICK"))  # the seed plan's pages only
    big = plan_generate(unit=seed.unit, year=2025, items=6 if quick else BIG_ROWS)
    progress_generate(plan=big, entries=BIG_ROWS * 3, user=coordinator)
    evidence_generate(plan=big, count=BIG_ROWS, uploader=coordinator, reviewer=coordinator)
    big_pic = member("bench-pic-big", Role.PIC)
    through = ActionItem.pics.through
    through.objects.bulk_create(
        through(actionitem_id=pk, user_id=big_pic.pk)
        for pk in ActionItem.objects.filter(area__plan=big).values_list("pk", flat=True)
    )
    big_row = ActionItem.objects.filter(area__plan=big).order_by("pk").first()
    big_row.pics.add(big_pic)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    cookies = {user: cookie_of(user) for user in (coordinator, leader, seed_pic, big_pic)}
    seed_url = reverse("actionplan:plan_detail", args=[seed.pk])
    requests = [
        ("/healthz/", "/healthz/", coordinator),
        ("plan page, seed (coordinator)", seed_url, coordinator),
        ("plan page, seed (a PIC)", seed_url, seed_pic),
        # After every change the plan's table is computed again (and stored) by its next reader.
        (
            "plan page, seed (a PIC), after a change",
            seed_url,
            seed_pic,
            lambda: plan_generations_end(plan_ids=[seed.pk]),
        ),
        ("row page, seed (its PIC)", reverse("actionplan:item_detail", args=[seed_rows[0].pk]), seed_pic),
        ("my work, seed PIC", reverse("actionplan:my_work"), seed_pic),
        ("dashboard, seed (cached)", reverse("reports:dashboard", args=[seed.pk]), leader),
        (f"plan page, {BIG_ROWS} rows (coordinator)", reverse("actionplan:plan_detail", args=[big.pk]), coordinator),
        (f"plan page, {BIG_ROWS} rows (a PIC)", reverse("actionplan:plan_detail", args=[big.pk]), big_pic),
        (
            f"plan page, {BIG_ROWS} rows, one area (a PIC)",
            reverse("actionplan:plan_detail", args=[big.pk]) + f"?area={big.areas.order_by('order').first().pk}",
            big_pic,
        ),
        (f"row page, {BIG_ROWS} rows (its PIC)", reverse("actionplan:item_detail", args=[big_row.pk]), big_pic),
        (f"my work, PIC of {BIG_ROWS} rows", reverse("actionplan:my_work"), big_pic),
        (f"my work, PIC of {BIG_ROWS}, page 2", reverse("actionplan:my_work") + "?page=2", big_pic),
        (f"dashboard, {BIG_ROWS} rows (cached)", reverse("reports:dashboard", args=[big.pk]), leader),
    ]
    if quick:
        requests = requests[:7]
    wanted = os.environ.get("BENCH_PROFILE")
    if wanted:
        for label, path, user, *_ in requests:
            if wanted in label:
                print(f"== profile: {label} ({path})")
                profile(path, cookies[user])
        return

    print(f"database: {connection.vendor}; median of {RUNS}; through the WSGI handler")
    print(f"{'request':<44}{'ms':>8}{'cpu ms':>8}{'x healthz':>10}{'cpu x':>7}{'queries':>9}{'bytes':>11}")
    results = {}
    for label, path, user, *before in requests:
        results[label] = figures = measure(path, cookies[user], RUNS, *before)
        ratio = figures["ms"] / results["/healthz/"]["ms"]
        cpu_ratio = figures["cpu"] / results["/healthz/"]["cpu"]
        print(
            f"{label:<44}{figures['ms']:>8.1f}{figures['cpu']:>8.1f}{ratio:>10.1f}{cpu_ratio:>7.1f}"
            f"{figures['queries']:>9}{figures['bytes']:>11,}"
        )
    # On a machine shared with other work, wall time includes waiting for a core; CPU time does not.
    for label in (
        "plan page, seed (coordinator)",
        "plan page, seed (a PIC)",
        "plan page, seed (a PIC), after a change",
        "row page, seed (its PIC)",
    ):
        ratio = results[label]["cpu"] / results["/healthz/"]["cpu"]
        print(f"{label} / /healthz/ (cpu) = {ratio:.1f}x (target <= 10x): {'ok' if ratio <= 10 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
