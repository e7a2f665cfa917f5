"""The roll-up's figures, cached under the generations of the plans they add up.

A parent unit's roll-up is the figures of every plan below it. It is cached as one entry whose
key names the day and a digest of each plan's two generations: the dashboard's
(`zi_tracker.generations.generation_key`, ended by reports.signals on every write that moves a figure)
and the roll-up's own (ended by rollup.signals on LKE answers and preliminary verdicts). A
writer pays what it already paid for the dashboard and nothing for the roll-up; after a change
in one kabupaten the next reader of its province's or the national roll-up computes it again,
once, in a fixed number of queries.

Generations are read for all the plans in one `get_many`. Those not started yet (no reader since
the last change) are started in one statement, `add_many`: a per-key `cache.add` would cost the
database cache three queries per plan, 1,600 for the national page.
"""

import base64
import hashlib
import pickle
import secrets
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils import timezone

from zi_tracker.generations import generation_key

ROLLUP_GENERATION = "rollup-generation:{}"


def rollup_generation_key(plan_id: int) -> str:
    return ROLLUP_GENERATION.format(plan_id)


def rollup_generations_end(*, plan_ids: Iterable[int]) -> None:
    """Ends the plans' roll-up generations (after a commit): 1 query, and 1 more if a reader had started one."""
    keys = [rollup_generation_key(pk) for pk in set(plan_ids)]
    started = list(cache.get_many(keys)) if keys else []
    if started:
        cache.delete_many(started)


def add_many(values: dict[str, object]) -> None:
    """`cache.add` for many keys without a timeout: one INSERT on the database cache, keys present kept.

    It writes the rows as Django's DatabaseCache does (pickled, base64, `expires` at datetime.max);
    tests read them back through `cache.get_many` on SQLite and PostgreSQL. Other backends add
    key by key (locmem: no query).
    """
    if not values:
        return
    backend = caches["default"]  # `cache` is a proxy: isinstance needs the backend itself
    if not isinstance(backend, DatabaseCache):
        for key, value in values.items():
            cache.add(key, value, timeout=None)
        return
    db = router.db_for_write(backend.cache_model_class)
    connection = connections[db]
    quote = connection.ops.quote_name
    expires = connection.ops.adapt_datetimefield_value(datetime.max.replace(microsecond=0))
    params = []
    for key, value in values.items():
        encoded = base64.b64encode(pickle.dumps(value, backend.pickle_protocol)).decode("latin1")
        params += [backend.make_and_validate_key(key), encoded, expires]
    rows = ", ".join(["(%s, %s, %s)"] * len(values))
    sql = (
        f"INSERT INTO {quote(backend._table)} ({quote('cache_key')}, {quote('value')}, {quote('expires')}) "
        f"VALUES {rows} ON CONFLICT ({quote('cache_key')}) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def plan_generations(*, plan_ids: Iterable[int]) -> dict[str, int]:
    """Both generations of each plan, those not started yet started: 1 query, 3 when some were missing."""
    keys = [key for pk in sorted(set(plan_ids)) for key in (generation_key(pk), rollup_generation_key(pk))]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        add_many({key: secrets.randbits(48) for key in missing})
        found.update(cache.get_many(missing))  # another reader's start wins over ours, as with cache.add
    for key in missing:
        if key not in found:  # an expired row the INSERT left in place, or a cache refusing writes
            cache.add(key, secrets.randbits(48), timeout=None)
            found[key] = cache.get(key, 0)
    return found


def seconds_to_midnight() -> int:
    """Figures name their day (rows turn late when a month ends): expired after midnight, culled first."""
    now = timezone.localtime()
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
    return int((midnight - now).total_seconds()) + 1


def _digest(generations: dict, keys: list[str]) -> str:
    return hashlib.sha256(repr([(key, generations[key]) for key in keys]).encode()).hexdigest()


def _cached(key: str, compute: Callable[[], dict]) -> dict:
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, seconds_to_midnight())
    return found


def rollup_figures_cached(
    *, plan_ids: list[int], today: date, compute_plans: Callable[[], dict], compute_extras: Callable[[], dict]
) -> dict:
    """Figures by plan id, in two entries cached for today: the plans' own figures under their
    dashboard generations, the LKE scores and verdicts under their roll-up generations. A progress
    report recomputes the first only (its SQL), an LKE answer the second only (its scoring).

    Warm: 3 cache queries (generations, two entries); storing a cold entry costs 3 more; starting
    generations 2.
    """
    if not plan_ids:
        return {}
    ids = sorted(set(plan_ids))
    generations = plan_generations(plan_ids=ids)
    dashboard_digest = _digest(generations, [generation_key(pk) for pk in ids])
    rollup_digest = _digest(generations, [rollup_generation_key(pk) for pk in ids])
    figures = _cached(f"rollup-figures:{today:%Y-%m-%d}:{dashboard_digest}", compute_plans)
    extras = _cached(f"rollup-extras:{today:%Y-%m-%d}:{rollup_digest}", compute_extras)
    return {pk: {**figures[pk], **extras[pk]} for pk in ids}
