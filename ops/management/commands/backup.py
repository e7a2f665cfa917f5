"""manage.py backup DEST: the database and every stored file in one consistent, verifiable archive."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from ops.backup import backup_write


class Command(BaseCommand):
    help = (
        "Writes a backup archive (tar): the database at one instant (SQLite backup API or pg_dump), every "
        "evidence and letterhead file, SHA256SUMS and a manifest. DEST is a file or a directory."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", type=Path, help="archive file, or a directory for zi-backup-<time>.tar")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, dest: Path, database: str, verbosity: int, **options):
        if not dest.parent.is_dir():
            raise CommandError(f"{dest.parent} is not a directory")
        try:
            result = backup_write(
                dest=dest,
                storage=default_storage,
                using=database,
                log=self.stdout.write if verbosity else (lambda message: None),
            )
        except (OSError, RuntimeError, ValueError) as error:
            raise CommandError(f"Backup failed, no archive written: {error}") from error
        self.stdout.write(str(result.path))
        if result.problems:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{len(result.problems)} stored file(s) missing or altered (listed above); the archive holds "
                "the rest. Run check_storage, restore those files from an older backup."
            )
