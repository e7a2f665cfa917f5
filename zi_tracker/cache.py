"""The database cache, culling only expired entries: a live figures fragment or generation key stays."""

from django.core.cache.backends.db import DatabaseCache
from django.db import connections


class ExpiredOnlyDatabaseCache(DatabaseCache):
    """Django's DatabaseCache whose cull, above MAX_ENTRIES, deletes the expired rows and nothing else.

    Django's own then deletes a third of the live rows in key order (issue 12): a plan's figures
    generation key or today's figures as likely as anything, so a dashboard went cold at random.
    Here MAX_ENTRIES only says how often to sweep the expired rows (figures expire at midnight),
    which keeps the table, and the COUNT(*) Django runs before each set, small.
    """

    def _cull(self, db, cursor, now, num):
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        expires = connection.ops.quote_name("expires")
        cursor.execute(f"DELETE FROM {table} WHERE {expires} < %s", [connection.ops.adapt_datetimefield_value(now)])
