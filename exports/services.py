"""Writes of exports: request one, run it (the worker), retry a failed one, delete expired ones."""

import logging
import secrets
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actionplan.models import Plan
from exports.builders import ExportRefused, produce
from exports.models import Export, ExportState

logger = logging.getLogger(__name__)


def _enqueue(export_id: int) -> None:
    from exports.tasks import produce_export

    produce_export.enqueue(export_id)


@transaction.atomic
def export_request(*, user, plan: Plan, kind: str, parameters: dict) -> Export:
    """Queue an export; the worker starts it after this transaction commits."""
    export = Export.objects.create(requested_by=user, plan=plan, kind=kind, parameters=parameters)
    transaction.on_commit(lambda: _enqueue(export.pk), robust=True)
    return export


@transaction.atomic
def export_retry(*, export: Export) -> Export:
    """A failed export queued again with the same parameters (its error cleared)."""
    export = Export.objects.select_for_update().get(pk=export.pk)
    if export.state != ExportState.FAILED:
        return export
    Export.objects.filter(pk=export.pk).update(
        state=ExportState.QUEUED, progress=0, error="", started_at=None, finished_at=None, expires_at=None
    )
    transaction.on_commit(lambda: _enqueue(export.pk), robust=True)
    export.refresh_from_db()
    return export


def _set_progress(export_id: int, percent: int) -> None:
    Export.objects.filter(pk=export_id, state=ExportState.RUNNING).update(progress=percent)


def export_run(*, export_id: int) -> str:
    """Build the file (called by the worker). Never raises: a failure is recorded, in Indonesian, on the export."""
    claimed = Export.objects.filter(pk=export_id, state=ExportState.QUEUED).update(
        state=ExportState.RUNNING, started_at=timezone.now(), progress=0
    )
    if not claimed:  # already run (a retried task) or deleted
        return "skipped"
    export = Export.objects.select_related("plan__unit").get(pk=export_id)
    name = ""
    try:
        produced = produce(
            kind=export.kind,
            plan=export.plan,
            parameters=export.parameters,
            progress=lambda percent: _set_progress(export_id, percent),
        )
        extension = produced.filename.rpartition(".")[2]
        with tempfile.TemporaryFile() as spool:
            size = 0
            for chunk in produced.chunks:
                spool.write(chunk)
                size += len(chunk)
            spool.seek(0)
            name = default_storage.save(f"exports/{secrets.token_urlsafe(18)}.{extension}", File(spool))
    except Exception as error:  # noqa: BLE001 — whatever broke, the user sees why and may retry
        with translation.override(settings.LANGUAGE_CODE):
            if isinstance(error, ExportRefused):
                message = str(error)
            else:
                logger.exception("export %s failed", export_id)
                message = _(
                    "The file could not be produced (%(error)s). Try again; if it fails again, tell the administrator."
                ) % {"error": type(error).__name__}
        if name:
            default_storage.delete(name)
        now = timezone.now()
        Export.objects.filter(pk=export_id).update(
            state=ExportState.FAILED, error=message, finished_at=now, expires_at=_expiry(now)
        )
        return "failed"
    now = timezone.now()
    Export.objects.filter(pk=export_id).update(
        state=ExportState.DONE,
        progress=100,
        file=name,
        filename=produced.filename,
        size=size,
        finished_at=now,
        expires_at=_expiry(now),
    )
    return "done"


def _expiry(now):
    return now + timedelta(hours=settings.ZI_EXPORT_KEEP_HOURS)


def exports_clean(*, now=None) -> int:
    """Delete expired exports and their files; the number deleted."""
    deleted = 0
    for export in Export.objects.expired(now=now).only("pk", "file").iterator():
        if export.file:
            default_storage.delete(export.file.name)
        export.delete()
        deleted += 1
    return deleted
