"""Whether an evidence revision's stored file is whole: present, with its recorded size and SHA-256."""

import hashlib

from django.core.files.storage import Storage

CHUNK = 1024 * 1024


def sha256_of(stream) -> tuple[str, int]:
    """SHA-256 (hex) and length of what `stream` yields, read in 1 MiB chunks."""
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def file_problem(storage: Storage, name: str, *, size: int, sha256: str, quick: bool = False) -> str | None:
    """None if `name` in `storage` has this size and SHA-256 (or, `quick`, merely exists); else what is wrong."""
    try:
        if quick:
            return None if storage.exists(name) else "missing"
        with storage.open(name, "rb") as stored:
            actual_sha256, actual_size = sha256_of(stored)
    except FileNotFoundError:
        return "missing"
    if actual_size != size:
        return f"size {actual_size}, expected {size}"
    if actual_sha256 != sha256:
        return f"SHA-256 {actual_sha256}, expected {sha256}"
    return None
