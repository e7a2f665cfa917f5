"""The one rule for "small stays immediate, large goes to the background worker" (settings ZI_EXPORT_BACKGROUND_*).

It lives here, importing no app, because the pages that offer a document (evidence's bundle,
reports' Laporan Monev) ask it before they build, and the `exports` app asks it before it queues.
"""

from django.conf import settings


def export_in_background(*, rows: int = 0, files: int = 0, size: int = 0) -> bool:
    """True when the document is too large to build inside one request (a Monev of `rows` plan rows,
    a bundle of `files` files totalling `size` bytes); the thresholds are documented in settings."""
    return (
        rows > settings.ZI_EXPORT_BACKGROUND_ROWS
        or files > settings.ZI_EXPORT_BACKGROUND_FILES
        or size > settings.ZI_EXPORT_BACKGROUND_BYTES
    )
