"""Verify every evidence revision's stored file: it exists, has its recorded size and SHA-256."""

import hashlib

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from evidence.models import EvidenceRevision

CHUNK = 1024 * 1024


class Command(BaseCommand):
    help = "Checks that every evidence file is in storage with its recorded size and SHA-256; exits 1 if not."

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="Only check that each file exists (no hashing).")

    def handle(self, *args, quick: bool, **options):
        revisions = EvidenceRevision.objects.order_by("pk").only("pk", "file", "size", "sha256", "original_name")
        checked, problems = 0, []
        # iterator(): a national installation has hundreds of thousands of revisions.
        for revision in revisions.iterator(chunk_size=2000):
            checked += 1
            problem = self.check(revision, quick=quick)
            if problem:
                problems.append(problem)
                self.stderr.write(f"revision {revision.pk} ({revision.original_name}, {revision.file.name}): {problem}")
        self.stdout.write(f"{checked} revision files checked, {len(problems)} problem(s).")
        if problems:
            raise CommandError("Restore the files above from the backup of MEDIA_ROOT.")

    def check(self, revision, *, quick: bool) -> str | None:
        name = revision.file.name
        if not default_storage.exists(name):
            return "missing"
        if quick:
            return None
        digest, size = hashlib.sha256(), 0
        with default_storage.open(name, "rb") as stored:
            while chunk := stored.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
        if size != revision.size:
            return f"size {size}, expected {revision.size}"
        if digest.hexdigest() != revision.sha256:
            return f"SHA-256 {digest.hexdigest()}, expected {revision.sha256}"
        return None
