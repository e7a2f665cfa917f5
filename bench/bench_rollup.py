"""The national roll-up on a generated national data set: 553 plans, 30 rows each, a year of progress, 300k evidence.

Prints the generation's time, then for the national page and a province's (Jawa Barat, 28 units):
cold (figures computed, then cached) and warm times and query counts, the figures' computation
alone, the xlsx and PDF, and the national page again after one kabupaten's write (its plan's
generation ends; the next reader computes the roll-up once more). The "today" is the machine's.

  BENCH_POSTGRES=postgres://zi_ci:zi_ci@127.0.0.1:5432/zi_ci .venv/bin/python bench/bench_rollup.py
  (BENCH_EVIDENCE=300000 by default; a smaller number gives a quicker run)
"""

import math
import os
import time

import _django

_django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Membership, Role, Unit  # noqa: E402
from actionplan.models import ActionItem, Plan, ProgressEntry  # noqa: E402
from evidence.models import Evidence  # noqa: E402
from lke.models import Answer  # noqa: E402
from rollup.figures import plans_extras, plans_figures  # noqa: E402
from rollup.sample import national_generate  # noqa: E402

YEAR = 2025  # a whole year of progress has ended, whatever the day the bench runs
EVIDENCE = int(os.environ.get("BENCH_EVIDENCE", "300000"))


def timed(label: str, function, *, slowest: int = 0):
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = function()
    print(f"{label:<58} {time.perf_counter() - start:7.3f} s  {len(queries):4d} queries")
    for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:slowest]:
        print(f"    {float(query['time']):6.3f} s  {query['sql'][:110]}")
    return result


def main() -> None:
    users = get_user_model().objects
    generator = users.create_user("bench-generator", password="x")
    plans_before = Plan.objects.count()
    units = 1 + 38 + 514 - plans_before  # the seed's Kabupaten Serang has its 2025 plan already
    per_plan = math.ceil(EVIDENCE / units)
    start = time.perf_counter()
    made = national_generate(user=generator, year=YEAR, items=30, months=12, evidence_per_plan=per_plan, lke_every=2)
    print(f"database: {connection.vendor}; generated in {time.perf_counter() - start:.1f} s (bulk_create):")
    print(
        f"  {Unit.objects.count()} units, {Plan.objects.filter(year=YEAR).count()} plans of {YEAR}, "
        f"{ActionItem.objects.count()} rows, {ProgressEntry.objects.count()} progress entries, "
        f"{Evidence.objects.count()} evidence, {Answer.objects.count()} LKE answers ({made.plans} new plans)"
    )
    leader = users.create_user("bench-ketua-ri", password="x")
    Membership.objects.create(user=leader, unit=Unit.objects.get(code="kpu-ri"), role=Role.PIMPINAN)
    client = Client()
    client.force_login(leader)
    national = reverse("rollup:unit", args=[Unit.objects.get(code="kpu-ri").pk])
    province = reverse("rollup:unit", args=[Unit.objects.get(region_code="32").pk])
    plans = list(Plan.objects.filter(year=YEAR))
    timed(
        f"figures of {len(plans)} plans alone (plans_figures)",
        lambda: plans_figures(plans=plans, today=timezone.localdate()),
        slowest=5,
    )
    timed(f"LKE scores and verdicts of {len(plans)} plans (plans_extras)", lambda: plans_extras(plans=plans))
    for label, url in [("national page", national), ("province page (Jawa Barat)", province)]:
        for state in ("cold", "warm", "warm"):
            response = timed(f"{label}, {state}", lambda url=url: client.get(url, {"year": YEAR}))
            assert response.status_code == 200, response.status_code
    timed(
        "national page, filtered (late rows, by lateness)",
        lambda: client.get(national, {"year": YEAR, "late": "1", "sort": "late", "desc": "1"}),
    )
    xlsx = timed(
        "national xlsx",
        lambda: b"".join(
            client.get(
                reverse("rollup:xlsx", args=[Unit.objects.get(code="kpu-ri").pk]), {"year": YEAR}
            ).streaming_content
        ),
    )
    print(f"  {len(xlsx) / 1024:.0f} KiB")
    pdf = timed(
        "national PDF",
        lambda: b"".join(
            client.get(
                reverse("rollup:pdf", args=[Unit.objects.get(code="kpu-ri").pk]), {"year": YEAR}
            ).streaming_content
        ),
    )
    print(f"  {len(pdf) / 1024:.0f} KiB")
    national_pdf = reverse("rollup:pdf", args=[Unit.objects.get(code="kpu-ri").pk])
    timed("national PDF again (cached by its content)", lambda: b"".join(client.get(national_pdf, {"year": YEAR})))
    entry = ProgressEntry.objects.filter(
        item__area__plan__unit__region_code="36.01", item__area__plan__year=YEAR
    ).first()
    entry.percent = 100 - entry.percent
    timed("one kabupaten's progress report saved (the writer)", entry.save)
    timed("national page after that write, cold again", lambda: client.get(national, {"year": YEAR}), slowest=4)
    timed("national page, warm", lambda: client.get(national, {"year": YEAR}))


if __name__ == "__main__":
    main()
