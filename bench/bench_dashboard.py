"""Dashboard server time for a large plan (500 rows, 6,000 progress entries, 20,000 evidence) next to a trivial view.

Run: .venv/bin/python bench/bench_dashboard.py   (or `make bench`)
Target: dashboard <= 3x the trivial view. "cold" clears the cache before every request (the
figures are computed: 13 queries); "cached" is the normal case once a figure was computed and
nothing changed since (the figures' HTML comes from the cache). All go through the same Django stack in-process (test
client: middleware, session, auth). Two trivial views are measured: /healthz/ (one SELECT 1, no
template) and the plan list (/plans/: one small query, the site's base template).
"""
import gc
import statistics
import time

import _django

_django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Membership, Role  # noqa: E402
from actionplan.models import ActionItem, Plan  # noqa: E402
from actionplan.sample import plan_generate  # noqa: E402
from evidence.sample import evidence_generate, progress_generate  # noqa: E402

RUNS = 15


def median_ms(client: Client, url: str, *, cold: bool = False) -> float:
    timings = []
    for _ in range(RUNS):
        if cold:
            cache.clear()
        gc.collect()
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings)


def main() -> None:
    seed = Plan.objects.get(decree_number="995")
    leader = get_user_model().objects.create_user("bench-leader")
    Membership.objects.create(user=leader, unit=seed.unit, role=Role.PIMPINAN)
    big = plan_generate(unit=seed.unit, year=2025, items=500, requirements_per_item=4)
    ActionItem.objects.filter(area__plan=big).update(target_start_month=1, target_end_month=12)
    progress_generate(plan=big, entries=6000, user=leader)
    evidence_generate(plan=big, count=20000, uploader=leader, reviewer=leader)
    client = Client()
    client.force_login(leader)
    urls = {
        "trivial view (/healthz/)": ("/healthz/", False),
        "trivial page (/plans/)": ("/plans/", False),
        "dashboard, seed plan, cold": (f"/plans/{seed.pk}/dashboard/", True),
        "dashboard, large plan, cold": (f"/plans/{big.pk}/dashboard/", True),
        "dashboard, large, June, cold": (f"/plans/{big.pk}/dashboard/?month=6", True),
        "dashboard, large plan, cached": (f"/plans/{big.pk}/dashboard/", False),
    }
    for url, _cold in urls.values():
        client.get(url)  # warm-up
    results = {label: median_ms(client, url, cold=cold) for label, (url, cold) in urls.items()}
    trivial = results["trivial view (/healthz/)"]
    print(f"database: {connection.vendor}; median of {RUNS} requests each")
    print(f"{'view':<32}{'ms':>9}{'x trivial':>11}{'queries':>9}")
    for label, (url, cold) in urls.items():
        cache.clear() if cold else client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(f"{label:<32}{results[label]:>9.1f}{results[label] / trivial:>11.1f}{len(queries):>9}")
    for dash in ["dashboard, large plan, cached", "dashboard, large plan, cold"]:
        for label in ["trivial view (/healthz/)", "trivial page (/plans/)"]:
            ratio = results[dash] / results[label]
            print(f"{dash} / {label} = {ratio:.1f}x (target <= 3x): {'ok' if ratio <= 3 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
