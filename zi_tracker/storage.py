"""Storage helpers: hashed static files, and whether evidence storage is usable (for /healthz/).

Evidence on object storage is `zi_tracker.storage_s3` (imported only when configured).
"""

import os

from django.core.files.storage import FileSystemStorage, Storage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed, compressed static files; plain names where collectstatic never ran.

    Production runs `collectstatic`, and then every name is hashed (and a name missing from the
    manifest is an error, as in Django). Tests, benchmarks and `runserver` have no manifest at all,
    and get the unhashed names; `manage.py check --deploy` warns if a server has none (ops.checks).
    """

    def stored_name(self, name):
        if not self.hashed_files:
            return name
        return super().stored_name(name)


def storage_problem(storage: Storage) -> str | None:
    """None if evidence can be written to `storage`; otherwise a short reason (no secrets, no paths)."""
    if isinstance(storage, FileSystemStorage):
        location = storage.location
        if not os.path.isdir(location):
            try:
                os.makedirs(location, exist_ok=True)  # as the storage itself does on its first save
            except OSError as error:
                return f"evidence directory unusable ({type(error).__name__})"
        if not os.access(location, os.W_OK | os.X_OK):
            return "evidence directory not writable"
        return None
    problem = getattr(storage, "problem", None)  # S3EvidenceStorage.problem
    return problem() if problem else None
