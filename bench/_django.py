"""Benchmarks' set-up: Django on a throwaway database, migrated, with the seed decree.

SQLite by default. With BENCH_POSTGRES set to a PostgreSQL server URL whose role may create
databases (e.g. postgres://zi_ci:zi_ci@127.0.0.1:5432/zi_ci), a database is created on that
server for the run and dropped afterwards.
"""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    workdir = Path(tempfile.mkdtemp(prefix="zi-bench-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    if os.environ.get("BENCH_POSTGRES"):
        os.environ["DATABASE_URL"] = _throwaway_postgres(os.environ["BENCH_POSTGRES"])
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(workdir / "media"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zi_tracker.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", str(ROOT / "fixtures" / "kpu_serang_2025.json"), verbosity=0)


def _throwaway_postgres(server_url: str) -> str:
    import urllib.parse
    import uuid

    import psycopg2

    name = f"zi_bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(server_url)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')

    def drop():
        from django.db import connections

        connections.close_all()
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    atexit.register(drop)
    return urllib.parse.urlparse(server_url)._replace(path=f"/{name}").geturl()
