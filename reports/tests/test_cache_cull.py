"""The figures' database cache sweeps expired entries and never deletes a live one."""

import pytest
from django.core.cache.backends.db import DatabaseCache

from zi_tracker.cache import ExpiredOnlyDatabaseCache

pytestmark = pytest.mark.django_db


def filled(cache_class):
    """A cache over the real table allowing 4 entries: 4 live keys and 3 expired ones (yesterday's figures)."""
    cache = cache_class("zi_cache", {"OPTIONS": {"MAX_ENTRIES": 4}})
    cache.clear()
    for n in range(3):
        cache.set(f"old:{n}", n, timeout=-60)  # stored with an expiry a minute ago
    for n in range(4):
        cache.set(f"live:{n}", n, timeout=None)  # like a plan's figures generation key
    cache.set("new", "x", timeout=None)  # over MAX_ENTRIES: this set culls first
    return cache


def test_a_cull_deletes_the_expired_entries_and_keeps_every_live_one():
    cache = filled(ExpiredOnlyDatabaseCache)
    assert [cache.get(f"live:{n}") for n in range(4)] == [0, 1, 2, 3]
    assert cache.get("new") == "x"
    assert not any(cache.has_key(f"old:{n}") for n in range(3))
    assert _rows(cache) == 5  # the expired rows are gone from the table, not only hidden


def test_djangos_own_cull_would_have_dropped_live_keys_in_key_order():
    """Why the project's cache overrides the cull: with Django's, live:0 (first in key order) is lost."""
    cache = filled(DatabaseCache)
    cache.set("newer", "y", timeout=None)  # still above MAX_ENTRIES with no expired row: a third of the live ones go
    assert cache.get("live:0") is None


def _rows(cache) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(cache._table)}")
        return cursor.fetchone()[0]
