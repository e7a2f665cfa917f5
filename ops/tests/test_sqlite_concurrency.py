"""SQLite as the embedded default: concurrent writers wait for each other instead of failing.

The connections here use the OPTIONS of settings.DATABASES["default"] (WAL, busy timeout,
IMMEDIATE transactions) on a database file of their own: the test database is in memory,
where neither WAL nor file locking exists. Each thread gets its own connection, as each
gunicorn worker does.
"""

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite's own options"
)

THREADS, ROUNDS = 8, 25


@pytest.fixture(autouse=True)
def _own_files(django_db_blocker):
    """These tests open database files of their own, never the test database."""
    with django_db_blocker.unblock():
        yield


@contextmanager
def sqlite_alias(path, **options):
    """A database alias on `path` with the project's SQLite OPTIONS (overridden by `options`)."""
    alias = f"sqlite_{path.stem}"
    base = {**settings.DATABASES["default"], "NAME": str(path), "TEST": {}}
    base["OPTIONS"] = {**settings.DATABASES["default"]["OPTIONS"], **options}
    # In DATABASES, so that every thread opens a connection of its own to it.
    connections.settings[alias] = connections.configure_settings({DEFAULT_DB_ALIAS: {}, alias: base})[alias]
    try:
        yield alias
    finally:
        connections.close_all()
        del connections.settings[alias]


def counter_table(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter VALUES (0)")


def read_then_write(alias):
    """A save's shape: read inside the transaction, then write what was read plus one."""
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        (n,) = cursor.fetchone()
        cursor.execute("UPDATE counter SET n = %s", [n + 1])


def in_threads(count, target):
    errors, start = [], threading.Barrier(count)

    def run():
        start.wait()
        try:
            target()
        except Exception as error:  # collected for the assertion, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_every_connection_is_in_wal_mode_with_a_busy_timeout(tmp_path):
    with sqlite_alias(tmp_path / "pragmas.sqlite3") as alias, connections[alias].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == int(settings.DB_SQLITE_BUSY_TIMEOUT_S * 1000)
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL
        assert connections[alias].transaction_mode == "IMMEDIATE"


def test_concurrent_writers_never_see_database_is_locked_and_lose_no_update(tmp_path):
    with sqlite_alias(tmp_path / "writers.sqlite3") as alias:
        counter_table(alias)

        def saves():
            for _ in range(ROUNDS):
                read_then_write(alias)

        errors = in_threads(THREADS, saves)
        assert errors == []
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            assert cursor.fetchone()[0] == THREADS * ROUNDS  # every read saw the previous write


def test_why_immediate_a_deferred_transaction_that_read_first_cannot_wait(tmp_path):
    """The failure the option prevents, step by step: no busy timeout helps a deferred reader-writer."""
    path = tmp_path / "deferred.sqlite3"
    with sqlite_alias(path, transaction_mode="DEFERRED") as alias:
        counter_table(alias)
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute("SELECT n FROM counter")  # this transaction's snapshot starts here
            other = sqlite3.connect(path, timeout=5, isolation_level=None)
            other.execute("UPDATE counter SET n = 41")  # another worker's save commits meanwhile
            other.close()
            with pytest.raises(OperationalError, match="database is locked"):
                cursor.execute("UPDATE counter SET n = 1")  # at once, despite the 20 s timeout
