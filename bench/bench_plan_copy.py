"""Copy a plan to next year (actionplan.copying.plan_copy): time and queries for the seed and generated plans.

Run: .venv/bin/python bench/bench_plan_copy.py   (BENCH_POSTGRES=… for PostgreSQL)
Target: the same query count at every size; 2,300 rows in well under a second.
"""

import time

import _django

_django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from actionplan.copying import plan_copy  # noqa: E402
from actionplan.models import ActionItem, Plan  # noqa: E402
from actionplan.sample import plan_generate  # noqa: E402


def main() -> None:
    seed = Plan.objects.get(decree_number="995")
    user = get_user_model().objects.create_user("bench")
    plans = [("seed", seed)] + [
        (f"generated {n}", Plan.objects.get(pk=plan_generate(unit=seed.unit, year=2030, items=n).pk))
        for n in (230, 2300)
    ]
    print(f"{'plan':<16}{'rows':>6}{'queries':>9}{'time (s)':>10}")
    for label, plan in plans:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            copy = plan_copy(plan=plan, year=plan.year + 1, decree_number=f"copy-{plan.pk}", by=user)
            elapsed = time.perf_counter() - started
        rows = ActionItem.objects.filter(area__plan=copy).count()
        print(f"{label:<16}{rows:>6}{len(queries):>9}{elapsed:>10.3f}")


if __name__ == "__main__":
    main()
