"""Restore a backup archive (ops/archive.py) into an installation, then verify every file's SHA-256.

Order: the archive is checked first (format, vendor, migrations this code knows), then the target
(empty, unless forced), then the database is replaced, the files are written, and finally every
evidence revision of the restored database is read back from storage and hashed against its row.
A restore that fails part way can be run again with `force`: the database is replaced again and
files already in place with the right content are kept.
"""

import json
import sqlite3
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from ops.archive import DATABASE_MEMBER, FILES, FORMAT, MANIFEST, SUMS, VERSION, pg_run
from ops.integrity import file_problem, sha256_of


class RestoreRefused(Exception):
    """The archive or the target is not fit for a restore; nothing was changed."""


@dataclass
class RestoreResult:
    files: int = 0
    kept: int = 0
    revisions_verified: int = 0
    problems: list[str] = field(default_factory=list)


# Rows of these mean someone already uses the installation (migrations alone create none of them).
OCCUPIED_BY = [("auth", "User"), ("accounts", "Unit"), ("actionplan", "Plan"), ("evidence", "EvidenceRevision")]


def restore_read(
    *,
    archive_path: Path,
    storage: Storage,
    using: str = DEFAULT_DB_ALIAS,
    force: bool = False,
    log: Callable[[str], None] = print,
) -> RestoreResult:
    connection = connections[using]
    with tarfile.open(archive_path, "r:") as archive:
        manifest = _manifest(archive, connection.vendor)
        if not force:
            occupied = _occupied(using, storage)
            if occupied:
                raise RestoreRefused(
                    f"The installation is not empty ({occupied}); restore into a new database and storage, "
                    "or pass --force to replace its database."
                )
        sums = _sums(archive)
        with tempfile.TemporaryDirectory(prefix="zi-restore-") as scratch:
            member = DATABASE_MEMBER[connection.vendor]
            archive.extract(member, scratch, filter="data")
            _restore_database(connection, Path(scratch) / member)
        log(f"database restored ({len(manifest['migrations'])} migrations)")
        call_command("migrate", database=using, interactive=False, verbosity=0)  # an older archive catches up
        result = RestoreResult()
        _restore_files(archive, storage, sums, result, log)
    _verify(using, storage, sums, result)
    log(f"{result.files:,} files written, {result.kept:,} already in place, "
        f"{result.revisions_verified:,} evidence revisions verified")  # fmt: skip
    return result


def _manifest(archive: tarfile.TarFile, vendor: str) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError) as error:
        raise RestoreRefused(f"Not a ZI Tracker backup (no readable {MANIFEST})") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise RestoreRefused(f"Unknown backup format {manifest.get('format')} {manifest.get('version')}")
    if manifest["database"]["vendor"] != vendor:
        raise RestoreRefused(
            f"This backup holds a {manifest['database']['vendor']} database; the installation uses {vendor}. "
            "Restore it onto the same kind of database (DATABASE_URL)."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        raise RestoreRefused(
            f"The backup was made by a newer version of ZI Tracker (unknown migrations: {', '.join(unknown[:5])}); "
            "install that version first."
        )
    return manifest


def _occupied(using: str, storage: Storage) -> str | None:
    """What already lives in the installation, or None if it is empty."""
    tables = set(connections[using].introspection.table_names())
    for app_label, model_name in OCCUPIED_BY:
        model = apps.get_model(app_label, model_name)
        if model._meta.db_table in tables and model.objects.using(using).exists():
            return f"{model._meta.verbose_name_plural} in the database"
    for folder in ("evidence", "letterhead"):
        try:
            _dirs, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        if files:
            return f"files in storage under {folder}/"
    return None


def _sums(archive: tarfile.TarFile) -> dict[str, str]:
    """SHA256SUMS as {member name: sha256}."""
    sums = {}
    for line in archive.extractfile(SUMS).read().decode().splitlines():
        digest, _sep, name = line.partition("  ")
        sums[name] = digest
    return sums


def _restore_database(connection, database_file: Path) -> None:
    if connection.vendor == "sqlite":
        name = connection.settings_dict["NAME"]
        connection.close()
        source, target = sqlite3.connect(database_file), sqlite3.connect(name)
        try:
            source.backup(target)  # replaces every page of the target: a migrated empty database too
        finally:
            source.close()
            target.close()
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if tables:  # a migrated, empty installation (or --force): the dump brings its own tables
            cursor.execute(
                "DROP TABLE IF EXISTS " + ", ".join(connection.ops.quote_name(t) for t in tables) + " CASCADE"
            )
    connection.close()
    pg_run(connection, "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
           str(database_file))  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # restored rows are invisible to the planner until analysed (README)


def _restore_files(archive: tarfile.TarFile, storage: Storage, sums: dict[str, str], result, log) -> None:
    for member in archive:
        if not member.isfile() or not member.name.startswith(FILES):
            continue
        name = member.name[len(FILES) :]
        expected = sums.get(member.name)
        if storage.exists(name):
            with storage.open(name, "rb") as present:
                digest, _size = sha256_of(present)
            if digest == expected:
                result.kept += 1
                continue
            storage.delete(name)  # --force over a damaged installation: the archive's copy wins
        saved = storage.save(name, File(archive.extractfile(member), name=name))
        if saved != name:
            result.problems.append(f"{name}: stored as {saved}")
        result.files += 1
        if result.files % 1000 == 0:
            log(f"{result.files:,} files written")


def _verify(using: str, storage: Storage, sums: dict[str, str], result: RestoreResult) -> None:
    """Read every restored file back: each evidence revision against its own row's size and SHA-256,
    any other file (letterheads) against SHA256SUMS. Each file is read once."""
    revision = apps.get_model("evidence", "EvidenceRevision")
    rows = revision.objects.using(using).order_by("pk").values_list("pk", "file", "size", "sha256")
    verified = set()
    for pk, name, size, sha256 in rows.iterator(chunk_size=2000):
        problem = file_problem(storage, name, size=size, sha256=sha256)
        if problem:
            result.problems.append(f"revision {pk} ({name}): {problem}")
        verified.add(FILES + name)
        result.revisions_verified += 1
    for member_name, digest in sums.items():
        if member_name in verified:
            continue
        name = member_name[len(FILES) :]
        try:
            with storage.open(name, "rb") as restored:
                actual, _size = sha256_of(restored)
        except FileNotFoundError:
            result.problems.append(f"{name}: missing after restore")
            continue
        if actual != digest:
            result.problems.append(f"{name}: SHA-256 {actual}, the archive says {digest}")
