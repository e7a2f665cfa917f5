"""CPU seconds the load bench's server used: gunicorn's workers, PostgreSQL's backends for its database, the client.

On a machine shared with other work, wall time includes waiting for a core; CPU time per request
does not, so "2 cores / CPU per request" says what the server would do with the machine to itself.
Read from /proc: the gunicorn master's own and reaped children's time plus its live workers'; each
PostgreSQL backend of the bench's database (pg_stat_activity), sampled every half second (a
backend's time is lost with it when it exits; CONN_MAX_AGE reconnects each worker once a minute).
"""

import os
import threading
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _times(pid: int, *, children: bool = False) -> float:
    """utime + stime (and the reaped children's, if asked) of a process, in seconds; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
    if children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / TICK


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class CpuMeter:
    """Samples in a thread; `.split()` gives the CPU seconds (app, database, client) since the last split."""

    def __init__(self, server_pid: int, database_url: str | None):
        self.server_pid, self.database_url = server_pid, database_url
        self._backends: dict[int, float] = {}  # pid -> latest CPU seconds seen
        self._gone = 0.0  # CPU seconds of backends that exited
        self._lock, self._stop = threading.Lock(), threading.Event()
        self._last = None

    def __enter__(self):
        self._connection = None
        if self.database_url:
            import psycopg2

            self._connection = psycopg2.connect(self.database_url)
            self._connection.autocommit = True
        self._sample()
        self._last = self._totals()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        if self._connection is not None:
            self._connection.close()

    def _run(self):
        while not self._stop.wait(0.5):
            self._sample()

    def _sample(self) -> None:
        if self._connection is None:
            return
        with self._lock:
            pids = set(self._backends)
            with self._connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                pids |= {row[0] for row in cursor.fetchall()}
            for pid in pids:
                seen = _times(pid)
                if seen == 0.0 and pid in self._backends:
                    self._gone += self._backends.pop(pid)
                elif seen:
                    self._backends[pid] = seen

    def _totals(self) -> tuple[float, float, float]:
        app = _times(self.server_pid, children=True) + sum(_times(pid) for pid in _children(self.server_pid))
        with self._lock:
            database = self._gone + sum(self._backends.values())
        return app, database, time.process_time()

    def split(self) -> tuple[float, float, float]:
        self._sample()
        now = self._totals()
        used = tuple(b - a for a, b in zip(self._last, now, strict=True))
        self._last = now
        return used
