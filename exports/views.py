"""Export pages: ask for a large export, watch its progress, fetch it when ready, retry a failed one."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require
from actionplan.selectors import visible_plans
from exports.builders import is_large, monev_form
from exports.models import ExportKind
from exports.selectors import visible_exports
from exports.services import export_request, export_retry
from zi_tracker.downloads import PDF, XLSX, attachment

IMMEDIATE = {
    ExportKind.BUNDLE: "evidence:bundle",
    ExportKind.MONEV_PDF: "reports:monev_pdf",
    ExportKind.MONEV_XLSX: "reports:monev_xlsx",
}
CONTENT_TYPES = {ExportKind.BUNDLE: "application/zip", ExportKind.MONEV_PDF: PDF, ExportKind.MONEV_XLSX: XLSX}
MONEV_FIELDS = ("period", "signed_place", "signed_on", "leader", "coordinator")


def _asked(request, pk: int, kind: str, data):
    """(plan, parameters) of the request; 404 for an unknown kind or a plan outside the user's scope."""
    if kind not in ExportKind.values:
        raise Http404
    plan = get_object_or_404(visible_plans(user=request.user).select_related("unit"), pk=pk)
    require(request.user, plan.unit_id, "export")
    parameters = {} if kind == ExportKind.BUNDLE else {name: data.get(name, "") for name in MONEV_FIELDS}
    return plan, parameters


def export_new(request, pk: int, kind: str):
    """GET: what will be prepared and why in the background; POST: queue it. Small exports go straight to their file."""
    plan, parameters = _asked(request, pk, kind, request.POST if request.method == "POST" else request.GET)
    if kind != ExportKind.BUNDLE and not monev_form(plan=plan, parameters=parameters).is_valid():
        messages.error(request, _("Choose a month, quarter, semester or year that has begun."))
        return redirect("reports:monev", pk=plan.pk)
    if not is_large(kind=kind, plan=plan):
        url = reverse(IMMEDIATE[kind], args=[plan.pk])
        return redirect(f"{url}?{urlencode(parameters)}" if parameters else url)
    if request.method == "POST":
        export = export_request(user=request.user, plan=plan, kind=kind, parameters=parameters)
        return redirect("exports:detail", pk=export.pk)
    recent = list(visible_exports(user=request.user).filter(plan=plan, kind=kind)[:5])
    context = {"plan": plan, "kind": kind, "label": ExportKind(kind).label, "parameters": parameters, "recent": recent}
    return render(request, "exports/new.html", context)


def _export(request, pk: int):
    export = get_object_or_404(visible_exports(user=request.user), pk=pk)
    require(request.user, export.plan.unit_id, "export")
    return export


def export_detail(request, pk: int):
    """The status page: a progress bar that polls (static/js/export-status.js) or, without JS, refreshes itself."""
    export = _export(request, pk)
    return render(request, "exports/detail.html", {"export": export, "plan": export.plan})


def export_status(request, pk: int):
    """The state as JSON for the status page's poll."""
    export = _export(request, pk)
    return JsonResponse(
        {
            "state": export.state,
            "label": export.get_state_display(),
            "progress": export.progress,
            "error": export.error,
            "download": reverse("exports:download", args=[export.pk]) if export.downloadable else "",
        },
        headers={"Cache-Control": "no-store"},
    )


def export_download(request, pk: int):
    export = _export(request, pk)
    if not export.downloadable:
        if export.is_expired:
            messages.error(request, _("This export has expired and its file was deleted; prepare it again."))
        return redirect("exports:detail", pk=export.pk)
    return attachment(export.file.open("rb"), filename=export.filename, content_type=CONTENT_TYPES[export.kind])


@require_POST
def export_retry_view(request, pk: int):
    export = _export(request, pk)
    export_retry(export=export)
    return redirect("exports:detail", pk=export.pk)
