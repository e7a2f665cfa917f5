"""Verify every evidence revision's stored file: it exists, has its recorded size and SHA-256."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from evidence.models import EvidenceRevision
from ops.integrity import file_problem


class Command(BaseCommand):
    help = "Checks that every evidence file is in storage with its recorded size and SHA-256; exits 1 if not."

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="Only check that each file exists (no hashing).")

    def handle(self, *args, quick: bool, **options):
        revisions = EvidenceRevision.objects.order_by("pk").only("pk", "file", "size", "sha256", "original_name")
        checked, problems = 0, 0
        # iterator(): a national installation has hundreds of thousands of revisions.
        for revision in revisions.iterator(chunk_size=2000):
            checked += 1
            problem = file_problem(
                default_storage, revision.file.name, size=revision.size, sha256=revision.sha256, quick=quick
            )
            if problem:
                problems += 1
                self.stderr.write(f"revision {revision.pk} ({revision.original_name}, {revision.file.name}): {problem}")
        self.stdout.write(f"{checked} revision files checked, {problems} problem(s).")
        if problems:
            raise CommandError("Restore the files above from a backup (see README, Backup and restore).")
