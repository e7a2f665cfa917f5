"""What the monthly targets add to the status rule: a 2,300-row plan's rows with status, and its dashboard figures.

Run: .venv/bin/python bench/bench_targets.py   (BENCH_POSTGRES=<url> for PostgreSQL, see _django.py)

`with_status()` computes target_percent, capaian and behind_target in its one query: the even
spread is arithmetic on the row's months, and only a row flagged `has_target_plan` runs the
correlated subqueries that read its plan. Printed, median of RUNS: the rows of the plan with their status (the query
and its objects), the dashboard's figures (reports.selectors.dashboard, its 10 queries), both with
no row having a plan and with one row in ten having one. Run the same file on a checkout before
the targets (it skips the plans there) to compare.
"""

import gc
import statistics
import time
from datetime import date

import _django

_django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

from actionplan.models import ActionItem, Plan  # noqa: E402
from actionplan.sample import plan_generate  # noqa: E402
from evidence.sample import progress_generate  # noqa: E402
from reports.selectors import as_of, dashboard  # noqa: E402

try:
    from actionplan.models import ItemTarget  # noqa: E402
except ImportError:  # a checkout before the targets
    ItemTarget = None

RUNS = 15
ROWS = 2300
TODAY = date(2026, 7, 1)  # January to June have ended


def median_ms(work) -> float:
    times = []
    for _ in range(RUNS):
        gc.collect()
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    user = get_user_model().objects.create_user("bench-pic")
    seed = Plan.objects.first()
    plan = plan_generate(unit=seed.unit, year=2026, items=ROWS)
    entries = progress_generate(plan=plan, entries=ROWS * 6, user=user)
    rows = ActionItem.objects.filter(area__plan=plan)
    at = as_of(plan=plan, month=6)
    print(f"{connection.vendor}: {ROWS} rows, {entries} progress entries, judged on {TODAY}")

    def cases(label):
        listed = median_ms(lambda: list(rows.with_status(today=TODAY)))
        figures = median_ms(lambda: dashboard(plan=plan, at=at))
        print(f"  {label:<32} rows with status {listed:7.1f} ms   dashboard figures {figures:7.1f} ms")

    cases("no row has a plan")
    if ItemTarget is not None:
        targets = []
        for item in rows.order_by("pk")[::10]:
            months = item.target_months
            targets += [
                ItemTarget(item=item, month=m, percent=100 if m == months[-1] else 5 * k)
                for k, m in enumerate(months, start=1)
            ]
        ItemTarget.objects.bulk_create(targets)
        rows.filter(targets__isnull=False).update(has_target_plan=True)  # as actionplan.targets does
        cases(f"{len(targets)} targets on 1 row in 10")
        behind = rows.with_status(today=TODAY).filter(status="di_bawah_target").count()
        print(f"  rows behind target on {TODAY}: {behind}")


main()
