"""manage.py restore ARCHIVE: a backup into an empty installation, every file's SHA-256 verified."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from ops.restore import RestoreRefused, restore_read


class Command(BaseCommand):
    help = (
        "Restores a backup archive (manage.py backup) into this installation's database and storage, "
        "then reads every file back and checks its SHA-256. Refuses a non-empty installation unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database of a non-empty installation (files already in place are kept if intact)",
        )

    def handle(self, *args, archive: Path, database: str, force: bool, verbosity: int, **options):
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file")
        try:
            result = restore_read(
                archive_path=archive,
                storage=default_storage,
                using=database,
                force=force,
                log=self.stdout.write if verbosity else (lambda message: None),
            )
        except RestoreRefused as refusal:
            raise CommandError(f"Nothing restored: {refusal}") from refusal
        except (OSError, RuntimeError) as error:
            raise CommandError(
                f"Restore failed: {error}. Run it again with --force once the cause is fixed."
            ) from error
        if result.problems:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(f"Restored, but {len(result.problems)} file(s) failed verification (listed above).")
        self.stdout.write(f"Restore verified: {result.revisions_verified} evidence revisions match their SHA-256.")
