"""Dashboard server time for a large plan (500 rows, 6,000 progress entries, 20,000 evidence) next to a trivial view.

Run: .venv/bin/python bench/bench_dashboard.py   (or `make bench`)
Target: dashboard <= 3x the trivial view. All requests go through the same Django stack in-process
(test client: every middleware, session, auth, the database cache), on SQLite.

What is measured, median of RUNS requests each:
- the trivial views: /healthz/ (one SELECT 1, no template) and the plan list (/plans/: one small
  query, the site's base template);
- "after a PIC's change": each run, a PIC saves a progress entry through the browser form (the
  figures are rendered again at the end of that request), then the leader opens the dashboard.
  This is what a leader gets in normal use, and the figure the target is about;
- "cached": nothing changed since the last view;
- "computed": the cache is emptied before each request, so the 10 aggregate queries and the
  template run in the request. A leader pays this only when the cache could not be prepared:
  the first view in a new month, in another language than the site's, of an "as of" month, or
  after a bulk script that wrote without going through a request;
- the PIC's save itself, which now carries the figures' rendering.
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
from django.urls import reverse  # noqa: E402

from accounts.models import Membership, Role  # noqa: E402
from actionplan.models import ActionItem, Plan, ProgressEntry  # noqa: E402
from actionplan.sample import plan_generate  # noqa: E402
from evidence.sample import evidence_generate, progress_generate  # noqa: E402

RUNS = 15


def timed(request) -> float:
    gc.collect()
    started = time.perf_counter()
    response = request()
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code in (200, 302), response.status_code
    return elapsed


def main() -> None:
    seed = Plan.objects.get(decree_number="995")
    users = get_user_model().objects
    leader = users.create_user("bench-leader")
    Membership.objects.create(user=leader, unit=seed.unit, role=Role.PIMPINAN)
    pic = users.create_user("bench-pic")
    Membership.objects.create(user=pic, unit=seed.unit, role=Role.PIC)
    big = plan_generate(unit=seed.unit, year=2025, items=500, requirements_per_item=4)
    ActionItem.objects.filter(area__plan=big).update(target_start_month=1, target_end_month=12)
    progress_generate(plan=big, entries=6000, user=leader)
    evidence_generate(plan=big, count=20000, uploader=leader, reviewer=leader)
    row = ActionItem.objects.filter(area__plan=big).order_by("pk").first()
    row.pics.add(pic)

    leader_client, pic_client = Client(), Client()
    leader_client.force_login(leader)
    pic_client.force_login(pic)
    dashboard = reverse("reports:dashboard", args=[big.pk])
    save_url = reverse("actionplan:item_progress", args=[row.pk])

    def pic_saves():
        entry = ProgressEntry.objects.get(item=row, month=1)
        return pic_client.post(save_url, {
            "month": 1, "percent": (entry.percent + 1) % 100, "activity": "bench", "obstacles": "",
            "next_steps": "", "version": entry.version,
        })

    get = lambda url: lambda: leader_client.get(url)  # noqa: E731
    for url in ["/healthz/", "/plans/", dashboard]:
        leader_client.get(url)  # warm-up: imports, templates, connections

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
    measure("dashboard after a PIC's change", get(dashboard), before=pic_saves)
    measure("dashboard, cached", get(dashboard))
    measure("dashboard, computed (seed plan)", get(reverse("reports:dashboard", args=[seed.pk])), before=cache.clear)
    measure("dashboard, computed", get(dashboard), before=cache.clear)
    measure("dashboard, computed, as of June", get(f"{dashboard}?month=6"), before=cache.clear)
    measure("PIC's save (renders figures)", pic_saves)

    trivial, page = results["trivial view (/healthz/)"], results["trivial page (/plans/)"]
    print(f"database: {connection.vendor}; large plan: 500 rows, 6,000 entries, 20,000 evidence; median of {RUNS}")
    print(f"{'request':<36}{'ms':>8}{'x /healthz/':>13}{'x /plans/':>11}{'queries':>9}")
    for label, ms in results.items():
        print(f"{label:<36}{ms:>8.1f}{ms / trivial:>13.1f}{ms / page:>11.1f}{queries[label]:>9}")
    for label in ["dashboard after a PIC's change", "dashboard, cached", "dashboard, computed"]:
        ratio = results[label] / trivial
        print(f"{label} / trivial view = {ratio:.1f}x (target <= 3x): {'ok' if ratio <= 3 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
