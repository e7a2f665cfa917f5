"""A plan's generation: the version of every cached HTML fragment that shows its data.

The dashboard's figures (reports.figures) and the plan page's Lampiran table (evidence.pages)
are cached under a key naming the plan, the day and what else they vary by; the key's *version*
is the plan's generation, a random number kept in the cache under the plan's own key
(djangoproject.com's dashboard/utils.py pattern, per plan). Once a write that changes what a plan
shows has committed, reports.signals ends that generation (deletes its key): the next reader
starts a new one and computes the fragment, once (`compute_once`), however many readers arrive
together. A writer pays a read or two and at most one small DELETE, never the rendering, and
nothing writes to the plan's row, so two writers of one plan never wait on each other.

Here, below every app, so that a page of any app may cache by it; the receivers that end it are
the dashboard's (reports/signals.py), which every installation runs.
"""

import secrets
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

# A reader computing a fragment holds their lock at most this long: if its process dies mid-way,
# the others wait no longer than that before one of them computes instead.
LOCK_SECONDS = 30
POLL_SECONDS = 0.05


def generation_key(plan_id: int) -> str:
    return f"plan-generation:{plan_id}"


def plan_generation(*, plan_id: int) -> int:
    """The plan's current generation: 1 query, and a cache write (3 more) to start one after a change.

    Random, not a counter starting at 1: once a generation key is gone (deleted by a change, culled,
    or a cache cleared while older entries survived), a counter could meet figures stored under the
    same number before; a random one does not.
    """
    key = generation_key(plan_id)
    generation = cache.get(key)
    if generation is None:
        generation = secrets.randbits(48)
        if not cache.add(key, generation, timeout=None):  # another reader started one just now
            generation = cache.get(key, generation)
    return generation


def plan_generations_end(*, plan_ids: Iterable[int]) -> None:
    """Ends the plans' current generations, so that their next reader computes new fragments.

    1 query when no reader has started a generation since the last change, else 1 more to delete
    it: a write is a second commit, which on SQLite costs the writer more than the rest of its save.
    Looking first is safe because this runs after the change's commit: a generation started after
    the look is started after the commit too, and its fragments are computed from the new data.
    """
    keys = [generation_key(pk) for pk in set(plan_ids)]
    started = list(cache.get_many(keys)) if keys else []
    if started:
        cache.delete_many(started)


def seconds_to_midnight() -> int:
    """A key names its day, so after midnight its entry is dead weight: expired, the cull removes it first."""
    now = timezone.localtime()
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
    return int((midnight - now).total_seconds()) + 1


def compute_once(*, key: str, version: int, compute: Callable[[], str]) -> str:
    """Single flight: the first reader of a cold key computes it; the others wait for its result.

    The lock is a cache entry made with `cache.add`, which only one reader can win (an INSERT on
    the database cache's primary key). It expires after LOCK_SECONDS in case its holder dies; a
    reader that could not take it in that time (a cache refusing writes) computes without it.
    """
    lock = f"{key}:computing"
    deadline = time.monotonic() + LOCK_SECONDS
    while time.monotonic() < deadline:
        if cache.add(lock, 1, LOCK_SECONDS, version=version):
            try:
                html = cache.get(key, version=version)  # the holder before this one may just have stored it
                if html is None:
                    html = _compute_and_store(key=key, version=version, compute=compute)
                return html
            finally:
                cache.delete(lock, version=version)
        time.sleep(POLL_SECONDS)
        html = cache.get(key, version=version)
        if html is not None:
            return html
    return _compute_and_store(key=key, version=version, compute=compute)


def _compute_and_store(*, key: str, version: int, compute: Callable[[], str]) -> str:
    html = compute()
    cache.set(key, html, seconds_to_midnight(), version=version)
    return html
