"""Write a consistent backup archive: the database at one instant, and every file its rows name.

Consistent because stored files are written before the row that names them commits, and are
never overwritten or deleted: so the files named by a database snapshot all exist, whatever
is uploaded while the backup runs (those uploads simply belong to the next backup). The list
of files is read from the snapshot itself: the SQLite copy, or pg_dump's exported snapshot.
"""

import hashlib
import io
import json
import os
import sqlite3
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.core.files.storage import Storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from ops.archive import DATABASE_MEMBER, FILES, FORMAT, MANIFEST, SUMS, VERSION, file_columns, pg_run, revision_table
from ops.integrity import CHUNK


@dataclass
class BackupResult:
    path: Path
    files: int = 0
    file_bytes: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StoredFile:
    name: str
    size: int | None = None  # recorded (evidence revisions); None for files without a record
    sha256: str | None = None


def backup_write(
    *, dest: Path, storage: Storage, using: str = DEFAULT_DB_ALIAS, log: Callable[[str], None] = print
) -> BackupResult:
    """Write the archive to `dest` (a directory gets zi-backup-<UTC time>.tar); atomic: all or no file."""
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / f"zi-backup-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.tar"
    partial = dest.with_name(dest.name + ".partial")
    connection = connections[using]
    if connection.vendor not in DATABASE_MEMBER:
        raise ValueError(f"backup supports SQLite and PostgreSQL, not {connection.vendor}")
    result = BackupResult(path=dest)
    started = time.monotonic()
    # Scratch space beside the archive, not /tmp: the database copy can be as large as the database.
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".zi-backup-") as scratch:
        scratch = Path(scratch)
        database_file, migrations, listing = _snapshot(connection, scratch)
        log(f"database snapshot written ({database_file.stat().st_size:,} bytes)")
        try:
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
                archive.add(database_file, arcname=DATABASE_MEMBER[connection.vendor])
                sums = scratch / SUMS
                with sums.open("w") as sums_out:
                    for stored in _read_listing(listing):
                        digest = _add_file(archive, storage, stored, result)
                        if digest:
                            sums_out.write(f"{digest}  {FILES}{stored.name}\n")
                        if result.files and result.files % 1000 == 0:
                            log(f"{result.files:,} files archived")
                archive.add(sums, arcname=SUMS)
                manifest = {
                    "format": FORMAT,
                    "version": VERSION,
                    "created": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": {"vendor": connection.vendor, "member": DATABASE_MEMBER[connection.vendor]},
                    "migrations": migrations,
                    "files": result.files,
                    "file_bytes": result.file_bytes,
                    "problems": result.problems,
                }
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())
            with partial.open("rb+") as written:
                os.fsync(written.fileno())
            os.replace(partial, dest)
        finally:
            partial.unlink(missing_ok=True)
    log(f"{result.files:,} files ({result.file_bytes:,} bytes) in {time.monotonic() - started:.1f} s: {dest}")
    return result


def _snapshot(connection, scratch: Path) -> tuple[Path, list[list[str]], Path]:
    """The database copied at one instant, its applied migrations, and a listing of the files it names."""
    listing = scratch / "files.jsonl"
    if connection.vendor == "sqlite":
        target = scratch / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)  # the SQLite online backup API: one consistent copy
            _write_listing(listing, _rows(copy.execute))
            migrations = [list(row) for row in copy.execute("SELECT app, name FROM django_migrations ORDER BY id")]
        finally:
            copy.close()
        return target, migrations, listing
    target = scratch / "database.pgdump"
    if connection.in_atomic_block:
        raise RuntimeError("backup must not run inside a transaction (it needs a snapshot of its own)")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        # pg_dump sees exactly this transaction's snapshot, and so does the file listing below.
        pg_run(connection, "pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--snapshot", snapshot,
               "--file", str(target))  # fmt: skip

        def execute(sql):
            # A server-side cursor: hundreds of thousands of revisions never sit in memory at once.
            chunked = connection.chunked_cursor()
            chunked.execute(sql)
            return (row for batch in iter(lambda: chunked.fetchmany(2000), []) for row in batch)

        _write_listing(listing, _rows(execute))
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [list(row) for row in cursor.fetchall()]
    return target, migrations, listing


def _rows(execute) -> Iterator:
    """Evidence revisions (name, size, SHA-256) first, then the other file columns' names."""
    table, file_column, size_column, sha_column = revision_table()
    yield execute(f'SELECT "{file_column}", "{size_column}", "{sha_column}" FROM "{table}" ORDER BY id')
    for other_table, column in file_columns():
        if other_table != table:
            yield execute(f'SELECT DISTINCT "{column}", NULL, NULL FROM "{other_table}" WHERE "{column}" <> \'\'')


def _write_listing(path: Path, batches) -> None:
    seen: set[str] = set()
    with path.open("w") as out:
        for rows in batches:
            for name, size, sha256 in rows:
                if name and name not in seen:  # a letterhead named again in its history, say
                    seen.add(name)
                    out.write(json.dumps([name, size, sha256]) + "\n")


def _read_listing(path: Path) -> Iterator[StoredFile]:
    with path.open() as listing:
        for line in listing:
            yield StoredFile(*json.loads(line))


class _Hashing(io.RawIOBase):
    """Reads through to `stream`, hashing what passes."""

    def __init__(self, stream):
        self.stream, self.digest, self.count = stream, hashlib.sha256(), 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.digest.update(data)
        self.count += len(data)
        return len(data)


def _add_file(archive: tarfile.TarFile, storage: Storage, stored: StoredFile, result: BackupResult) -> str | None:
    """Stream one stored file into the archive; its SHA-256, or None (and a problem) if it is missing."""
    try:
        size = storage.size(stored.name)
        source = storage.open(stored.name, "rb")
    except FileNotFoundError:
        result.problems.append(f"{stored.name}: missing from storage")
        return None
    info = tarfile.TarInfo(FILES + stored.name)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o640
    with source:
        hashing = _Hashing(source)
        archive.addfile(info, io.BufferedReader(hashing, CHUNK))
    digest = hashing.digest.hexdigest()
    if stored.sha256 and (digest != stored.sha256 or size != stored.size):
        result.problems.append(f"{stored.name}: SHA-256 {digest} ({size} bytes), recorded {stored.sha256}")
    result.files += 1
    result.file_bytes += size
    return digest


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o640
    archive.addfile(info, io.BytesIO(data))
