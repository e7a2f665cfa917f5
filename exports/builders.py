"""What each kind of export produces, by reusing the app that owns the document (no copy of their builders)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from actionplan.models import ActionItem, Plan
from evidence.bundle import bundle_count, bundle_missing, bundle_stream
from exports.models import ExportKind
from reports.forms import MonevDocumentForm
from reports.monev import monev_document, monev_pdf, signer_choices
from reports.monev_xlsx import monev_xlsx
from reports.selectors import months_available
from zi_tracker.downloads import PDF, XLSX
from zi_tracker.export_size import export_in_background


class ExportRefused(Exception):
    """A reason the user can act on (shown on the status page, in Indonesian)."""


@dataclass(frozen=True)
class Produced:
    chunks: Iterator[bytes]
    filename: str
    content_type: str


def is_large(*, kind: str, plan: Plan) -> bool:
    """The settings' rule (zi_tracker.export_size) applied to this plan: 1 query."""
    if kind == ExportKind.BUNDLE:
        files, size = bundle_count(plan=plan)
        return export_in_background(files=files, size=size)
    return export_in_background(rows=ActionItem.objects.filter(area__plan=plan).count())


def monev_form(*, plan: Plan, parameters: dict) -> MonevDocumentForm:
    """The Laporan Monev's own form, bound to the parameters chosen on its page."""
    leaders, coordinators = signer_choices(plan=plan)
    data = QueryDict(mutable=True)
    data.update(parameters)
    return MonevDocumentForm(
        data, plan=plan, months=months_available(plan=plan), leaders=leaders, coordinators=coordinators
    )


def produce(*, kind: str, plan: Plan, parameters: dict, progress: Callable[[int], None]) -> Produced:
    """The export's bytes (chunk by chunk), its download name and type; `progress(percent)` as it goes."""
    if kind == ExportKind.BUNDLE:
        return _bundle(plan=plan, progress=progress)
    if kind in (ExportKind.MONEV_PDF, ExportKind.MONEV_XLSX):
        return _monev(plan=plan, parameters=parameters, pdf=kind == ExportKind.MONEV_PDF, progress=progress)
    raise ExportRefused(_("This kind of export is not known."))


def _bundle(*, plan: Plan, progress) -> Produced:
    missing = bundle_missing(plan=plan)
    if missing:
        names = ", ".join(revision.original_name for revision in missing[:5])
        raise ExportRefused(
            _("%(count)d files are missing from storage (%(names)s); ask the administrator to run check_storage.")
            % {"count": len(missing), "names": names}
        )
    total, _size = bundle_count(plan=plan)
    step = max(1, total // 100)

    def files_done(done: int) -> None:
        if done % step == 0:
            progress(min(99, done * 100 // max(total, 1)))

    return Produced(
        chunks=bundle_stream(plan=plan, progress=files_done),
        filename=f"bukti-{plan.file_stem}.zip",
        content_type="application/zip",
    )


def _monev(*, plan: Plan, parameters: dict, pdf: bool, progress) -> Produced:
    form = monev_form(plan=plan, parameters=parameters)
    if not form.is_valid():
        raise ExportRefused(_("The chosen period or signers are no longer valid; choose them again on the Monev page."))
    report, body = monev_document(
        plan=plan, data=form.cleaned_data, render=monev_pdf if pdf else monev_xlsx, reported=lambda: progress(40)
    )
    extension = "pdf" if pdf else "xlsx"
    return Produced(
        chunks=iter([body]),
        filename=f"monev-{report.slug}-{plan.file_stem}.{extension}",
        content_type=PDF if pdf else XLSX,
    )
