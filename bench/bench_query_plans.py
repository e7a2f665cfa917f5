"""The dashboard's and the register's queries on a 20,000-evidence plan, before and after ANALYZE (PostgreSQL).

Prints each query's time and the EXPLAIN guard's verdict in two states of the planner's
statistics, inside one transaction as a test runs:
  stale    what the suite once met (issue 18): the tables were analysed while they held only
           dead rows, so the planner takes the freshly written evidence for empty;
  analysed after zi_tracker.db.analyze_tables, as the generators and bulk writers now do.
Each query may run 20 s (statement_timeout), so a pathological plan shows as "timeout".

  BENCH_POSTGRES=postgres://zi_ci:zi_ci@127.0.0.1:5432/zi_ci .venv/bin/python bench/bench_query_plans.py
"""

import time

import _django

_django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import OperationalError, connection, transaction  # noqa: E402

from actionplan.models import ActionItem, Area, EvidenceRequirement, Plan, ProgressEntry  # noqa: E402
from actionplan.sample import plan_generate  # noqa: E402
from evidence.models import Evidence, EvidenceRevision, Review  # noqa: E402
from evidence.sample import evidence_generate, progress_generate  # noqa: E402
from reports.tests.test_query_plans import LARGE_TABLES, explain, page_queries, pathological  # noqa: E402
from zi_tracker.db import analyze_tables  # noqa: E402

TABLES = (Plan, Area, ActionItem, EvidenceRequirement, ProgressEntry, Evidence, EvidenceRevision, Review)


def build(seed: Plan) -> Plan:
    users = get_user_model().objects
    user = users.create_user("bench-gen", password="x")
    big = plan_generate(unit=seed.unit, year=2025, items=500, requirements_per_item=4)
    ActionItem.objects.filter(area__plan=big).update(target_start_month=1, target_end_month=12)
    progress_generate(plan=big, entries=6000, user=user)
    evidence_generate(plan=big, count=20000, uploader=user, reviewer=user)
    return big


def stale_statistics(seed: Plan) -> None:
    """Tables analysed while they held only rolled-back rows: reltuples 0 on pages that exist."""
    savepoint = transaction.savepoint()
    junk = plan_generate(unit=seed.unit, year=2031, items=6, requirements_per_item=1)
    user = get_user_model().objects.create_user("bench-junk", password="x")
    progress_generate(plan=junk, entries=6, user=user)
    evidence_generate(plan=junk, count=8, uploader=user, reviewer=user)
    transaction.savepoint_rollback(savepoint)
    analyze_tables(*TABLES)


def timed(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT bench; SET LOCAL statement_timeout = 20000")
        started = time.perf_counter()
        try:
            cursor.execute(sql)
            cursor.fetchall()
        except OperationalError:
            cursor.execute("ROLLBACK TO SAVEPOINT bench")
            return "timeout"
        cursor.execute("RELEASE SAVEPOINT bench")
        return f"{(time.perf_counter() - started) * 1000:.1f} ms"


def report(state: str, plan: Plan) -> None:
    print(f"\n{state}:")
    for name, sql in page_queries(plan):
        if not any(table in sql for table in LARGE_TABLES):
            continue
        verdict = ", ".join(pathological(explain(sql))) or "accepted"
        print(f"  {name:24} {timed(sql):>10}   guard: {verdict}")


def main() -> None:
    if connection.vendor != "postgresql":
        print("PostgreSQL only (set BENCH_POSTGRES): SQLite has no planner statistics to go stale.")
        return
    seed = Plan.objects.get(decree_number="995")
    with transaction.atomic():
        stale_statistics(seed)
        # The generators now analyse what they write: switched off here to show what that prevents.
        import actionplan.sample
        import evidence.sample

        actionplan.sample.analyze_tables = evidence.sample.analyze_tables = lambda *models: None
        big = build(seed)
        report("stale statistics (evidence taken for empty)", big)
        analyze_tables(*TABLES)
        report("after analyze_tables", big)
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
