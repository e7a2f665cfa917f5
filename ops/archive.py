"""The backup archive's layout, and what backup and restore share: stored files' names, PostgreSQL tools.

An archive is one uncompressed tar (evidence is mostly PDF and JPEG, already compressed):

    database.sqlite3 | database.pgdump   the database at one instant (SQLite backup API / pg_dump -Fc)
    files/<storage name>                 every file a row of that database names (evidence, letterheads)
    SHA256SUMS                           "<sha256>  files/<name>" for each, as `sha256sum -c` reads it
    manifest.json                        format, creation time, database vendor, migrations, counts, problems
"""

import os
import shutil
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

FORMAT, VERSION = "zi-tracker-backup", 1
MANIFEST, SUMS, FILES = "manifest.json", "SHA256SUMS", "files/"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def file_columns() -> list[tuple[str, str]]:
    """(table, column) of every FileField in the project, historical tables included (old logos)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                found.append((model._meta.db_table, field.column))
    return sorted(set(found))


def revision_table() -> tuple[str, str, str, str]:
    """(table, file column, size column, sha256 column) of EvidenceRevision: the files with recorded hashes."""
    revision = apps.get_model("evidence", "EvidenceRevision")
    meta = revision._meta
    return meta.db_table, meta.get_field("file").column, meta.get_field("size").column, meta.get_field("sha256").column


def pg_tool(name: str) -> str:
    """pg_dump, pg_restore: from ZI_PG_BIN_DIR if set (match the server's major version), else PATH."""
    directory = os.environ.get("ZI_PG_BIN_DIR")
    path = str(Path(directory) / name) if directory else shutil.which(name)
    if not path or not Path(path).exists():
        raise FileNotFoundError(f"{name} not found: install postgresql-client or set ZI_PG_BIN_DIR")
    return path


def pg_run(connection: BaseDatabaseWrapper, tool: str, *args: str) -> None:
    """Run a PostgreSQL client tool against the connection's database, its password in the environment."""
    params = connection.get_connection_params()
    command = [pg_tool(tool), "--dbname", params.get("dbname") or params.get("database")]
    for flag, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            command += [flag, str(params[key])]
    env = {**os.environ}
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    if params.get("sslmode"):
        env["PGSSLMODE"] = str(params["sslmode"])
    result = subprocess.run([*command, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{tool} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
