"""Database housekeeping shared by bulk writers: fresh planner statistics after a bulk write."""

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.models import Model


def analyze_tables(*models: type[Model], using: str = DEFAULT_DB_ALIAS) -> None:
    """Run ANALYZE on the models' tables on PostgreSQL; a no-op elsewhere.

    Why: rows written in bulk (an import, a copied plan, a restore, demo or test data) are
    invisible to the planner until autoanalyze runs, and never seen by it at all while they sit
    in an open transaction (a test's). With no statistics PostgreSQL assumes near-empty tables
    and picks nested loops that are cubic in the real data (issue 18). ANALYZE inside the
    writing transaction counts that transaction's own rows, so call this before the reads.
    SQLite plans by its indexes alone, so it needs nothing here.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or not models:
        return
    tables = dict.fromkeys(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout


def name_cancelled_statement(execute, sql, params, many, context):
    """An execute wrapper: a statement cancelled by statement_timeout fails with its SQL in the message.

    Why: psycopg2 says only "canceling statement due to statement timeout"; the test run
    installs this (conftest.py) so a bad plan fails naming the query that had it.
    """
    try:
        return execute(sql, params, many, context)
    except OperationalError as error:
        if getattr(error.__cause__, "pgcode", None) != QUERY_CANCELED:
            raise
        raise OperationalError(f"{error}Statement: {sql} Parameters: {params!r}") from error
