"""PostgreSQL must never pick a pathological plan for the dashboard's and the register's queries (issue 18).

The guard runs EXPLAIN on every query those pages send for a large plan (500 rows, 2,000
requirements, 20,000 evidence, 6,000 progress entries) and fails on a nested loop whose inner
side, run once per outer row, scans a large table without an index condition: that is the
plan that once ran one COUNT for 12+ minutes. SQLite has no such planner statistics: skipped.
"""

import json
import os

import pytest
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from actionplan.models import ActionItem, EvidenceRequirement
from actionplan.sample import plan_generate
from conftest import TEST_STATEMENT_TIMEOUT_MS
from evidence.resources import register_queryset
from evidence.sample import evidence_generate, progress_generate
from evidence.selectors import plan_coverage
from reports.selectors import as_of, dashboard
from zi_tracker.db import analyze_tables

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="EXPLAIN plans and statement_timeout are PostgreSQL's; SQLite plans by its indexes alone",
)

# Tables with thousands of rows per plan: scanned whole once per outer row, they make a plan cubic.
LARGE_TABLES = {"evidence_evidence", "evidence_evidencerevision", "evidence_review", "actionplan_progressentry"}
SCANS = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"}

# The issue's query: the dashboard's count of evidence waiting for review, as Django wrote it then.
ISSUE_COUNT = """
    SELECT COUNT(*) FROM evidence_evidence
    INNER JOIN actionplan_evidencerequirement ON (evidence_evidence.requirement_id = actionplan_evidencerequirement.id)
    INNER JOIN actionplan_actionitem ON (actionplan_evidencerequirement.item_id = actionplan_actionitem.id)
    INNER JOIN actionplan_area ON (actionplan_actionitem.area_id = actionplan_area.id)
    WHERE (actionplan_area.plan_id = %s AND evidence_evidence.status = 'diajukan')
"""


def explain(sql: str, params=()) -> dict:
    """The plan PostgreSQL would run (EXPLAIN without ANALYZE: nothing is executed)."""
    with connection.cursor() as cursor:
        # A captured query is already interpolated: with no params it must not be %-formatted
        # again (a modulo in it, as in with_status()'s month count, would read as a placeholder).
        cursor.execute(f"EXPLAIN (VERBOSE, FORMAT JSON) {sql}", params or None)
        (document,) = cursor.fetchone()
    return (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]


def unconditioned_scan(node: dict) -> bool:
    """A scan of a large table that reads it whole: sequential, or an index scan with no Index Cond."""
    if node["Node Type"] not in SCANS or node.get("Relation Name") not in LARGE_TABLES:
        return False
    return node["Node Type"] == "Seq Scan" or (node["Node Type"] != "Bitmap Heap Scan" and "Index Cond" not in node)


def _scans(node: dict):
    """Every scan under `node`: under a nested loop's inner side all run again per outer row.

    A Materialize in between does not help: its rows are still filtered once per outer row.
    """
    yield node
    for child in node.get("Plans", []):
        yield from _scans(child)


def pathological(plan: dict) -> list[str]:
    """Each nested loop (or correlated subplan) that scans a large table whole for every outer row."""
    text = json.dumps(plan)
    found = []

    def walk(node: dict) -> None:
        children = node.get("Plans", [])
        repeated = []
        if node["Node Type"] == "Nested Loop":
            repeated += [("Nested Loop", c) for c in children if c.get("Parent Relationship") == "Inner"]
        # A correlated subplan runs once per row too; a hashed one runs once.
        repeated += [
            ("Correlated SubPlan", c)
            for c in children
            if c.get("Parent Relationship") == "SubPlan" and f"hashed {c.get('Subplan Name')}" not in text
        ]
        for label, side in repeated:
            for scan in _scans(side):
                if unconditioned_scan(scan):
                    found.append(f"{label} over {scan['Node Type']} on {scan['Relation Name']}")
        for child in children:
            walk(child)

    walk(plan)
    return found


def plan_text(sql: str, params=()) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def large_plan(seed_plan, pimpinan, django_user_model):
    """The large-plan dashboard test's data, written by the generators (which ANALYZE what they wrote)."""
    big = plan_generate(unit=seed_plan.unit, year=2025, items=500, requirements_per_item=4)
    ActionItem.objects.filter(area__plan=big).update(target_start_month=1, target_end_month=12)
    user = django_user_model.objects.create_user("gen", password="x")
    progress_generate(plan=big, entries=6000, user=user)
    evidence_generate(plan=big, count=20000, uploader=user, reviewer=pimpinan)
    return big


def page_queries(plan) -> list[tuple[str, str]]:
    """(name, sql) of every query the dashboard (now and as of June), the register and coverage send.

    The captured SQL has its parameters quoted in (psycopg2's mogrify), ready for EXPLAIN.
    """
    named = []
    reads = {
        "dashboard now": lambda: dashboard(plan=plan, at=as_of(plan=plan, month=None)),
        "dashboard as of June": lambda: dashboard(plan=plan, at=as_of(plan=plan, month=6)),
        "register": lambda: list(register_queryset(plan)),
        "coverage": lambda: plan_coverage(plan=plan),
    }
    for name, read in reads.items():
        with CaptureQueriesContext(connection) as captured:
            read()
        named += [(f"{name} #{n}", query["sql"]) for n, query in enumerate(captured.captured_queries, start=1)]
    return named


@on_postgresql
def test_no_pathological_plan_for_the_dashboard_and_the_register(large_plan):
    queries = page_queries(large_plan)
    assert {name.split(" #")[0] for name, _ in queries} == {
        "dashboard now",
        "dashboard as of June",
        "register",
        "coverage",
    }
    touching = [(name, sql) for name, sql in queries if any(table in sql for table in LARGE_TABLES)]
    assert len(touching) >= 10  # the evidence counts, coverage, progress subqueries, register and its reviews
    bad = {name: pathological(explain(sql)) for name, sql in touching}
    bad = {name: found for name, found in bad.items() if found}
    assert not bad, "\n\n".join(
        f"{name}: {', '.join(bad[name])}\n{plan_text(sql)}" for name, sql in touching if name in bad
    )
    # The issue's COUNT as Django wrote it before, on analysed tables, passes too.
    assert pathological(explain(ISSUE_COUNT, [large_plan.pk])) == []


# The inner side of the plan that hung the suite (issue 18), as EXPLAIN (FORMAT JSON) gave it in
# a test database whose statistics said evidence_evidence was empty: a whole index scan of
# evidence for every outer row, the join done by a filter instead of an index condition.
ISSUE_PLAN = {
    "Node Type": "Aggregate",
    "Plans": [
        {
            "Node Type": "Nested Loop",
            "Parent Relationship": "Outer",
            "Join Filter": "(u0.evidence_id = u1.id)",
            "Plans": [
                {
                    "Node Type": "Index Scan",
                    "Parent Relationship": "Outer",
                    "Relation Name": "evidence_review",
                    "Index Name": "evidence_review_evidence_id_d5d52cdb",
                    "Filter": "((decision)::text = 'diterima'::text)",
                },
                {
                    "Node Type": "Index Scan",
                    "Parent Relationship": "Inner",
                    "Relation Name": "evidence_evidence",
                    "Index Name": "evidence_evidence_pkey",
                },
            ],
        }
    ],
}


def test_the_guard_sees_the_plan_that_hung_the_suite():
    assert pathological(ISSUE_PLAN) == ["Nested Loop over Index Scan on evidence_evidence"]
    conditioned = json.loads(json.dumps(ISSUE_PLAN))
    conditioned["Plans"][0]["Plans"][1]["Index Cond"] = "(id = u0.evidence_id)"
    assert pathological(conditioned) == []


@on_postgresql
def test_the_guard_sees_a_nested_loop_over_a_sequential_scan_postgresql_plans(seed_plan, pimpinan):
    """On a real plan: with index scans switched off, evidence per requirement can only be a full scan each."""
    evidence_generate(plan=seed_plan, count=500, uploader=pimpinan, reviewer=pimpinan)
    per_requirement = """
        SELECT r.id, c.n FROM actionplan_evidencerequirement r,
        LATERAL (SELECT COUNT(*) AS n FROM evidence_evidence e WHERE e.requirement_id = r.id) c
    """
    assert pathological(explain(per_requirement)) == []
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_indexscan", "enable_indexonlyscan", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        found = pathological(explain(per_requirement))
        transaction.set_rollback(True)
    assert found == ["Nested Loop over Seq Scan on evidence_evidence"]


@on_postgresql
def test_analyze_tables_counts_the_rows_of_the_open_transaction(seed_plan):
    """The generators ANALYZE inside the test's transaction: the planner then knows the plan's rows."""
    plan_generate(unit=seed_plan.unit, year=2026, items=300, requirements_per_item=3)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN ('actionplan_actionitem', 'actionplan_evidencerequirement')"
        )
        tuples = dict(cursor.fetchall())
    assert tuples["actionplan_actionitem"] == ActionItem.objects.count()
    assert tuples["actionplan_evidencerequirement"] == EvidenceRequirement.objects.count()


def test_analyze_tables_is_one_statement_on_postgresql_and_none_on_sqlite(seed_plan, django_assert_num_queries):
    expected = 1 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(expected):
        analyze_tables(ActionItem)


@on_postgresql
def test_the_test_run_has_a_statement_timeout():
    expected = os.environ.get("DB_STATEMENT_TIMEOUT_MS", str(TEST_STATEMENT_TIMEOUT_MS))
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting FROM pg_settings WHERE name = 'statement_timeout'")
        assert cursor.fetchone()[0] == expected


@on_postgresql
def test_a_statement_over_the_timeout_fails_at_once_naming_the_query():
    with pytest.raises(OperationalError) as failure, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 100")
        cursor.execute("SELECT pg_sleep(5) AS too_slow")
    assert "statement timeout" in str(failure.value)
    assert "SELECT pg_sleep(5) AS too_slow" in str(failure.value)
