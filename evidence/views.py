"""Evidence pages: upload, replace, review, download, the review queue, the bundle and the register."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import capabilities, require, units_where
from actionplan.models import Area
from actionplan.selectors import visible_plans
from evidence.bundle import bundle_count, bundle_missing, bundle_stream
from evidence.forms import EvidenceReplaceForm, EvidenceUploadForm, QueueFilterForm, ReviewForm
from evidence.models import EvidenceStatus, Review
from evidence.names import download_name
from evidence.pages import item_page_response, reportable_item
from evidence.register import register_xlsx
from evidence.selectors import (
    next_to_review,
    plan_documents,
    review_queue,
    visible_evidence,
    visible_revisions,
)
from evidence.services import evidence_replace, evidence_review, evidence_submit
from evidence.uploads import oversize_errors
from zi_tracker.downloads import XLSX, attachment
from zi_tracker.export_size import export_in_background
from zi_tracker.forms import add_service_errors

logger = logging.getLogger(__name__)


def _item_url(item, anchor="evidence"):
    return f"{reverse('actionplan:item_detail', args=[item.pk])}#{anchor}"


@require_POST
def evidence_upload(request, pk: int):
    item, today = reportable_item(request, pk)
    requirements = list(item.requirements.all())
    form = EvidenceUploadForm(request.POST, request.FILES, item=item, requirements=requirements)
    errors = oversize_errors(request)
    if form.is_valid() and not errors:
        requirement = next(r for r in requirements if r.pk == form.cleaned_data["requirement"])
        try:
            created = evidence_submit(
                requirement=requirement,
                uploads=form.cleaned_data["files"],
                month=form.cleaned_data["month"],
                by=request.user,
            )
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            messages.success(
                request,
                ngettext("%(count)d file submitted for review.", "%(count)d files submitted for review.", len(created))
                % {"count": len(created)},
            )
            # The page's top, where the message and the upload form are.
            return redirect("actionplan:item_detail", pk=item.pk)
    for field_errors in form.errors.values():
        errors.extend(field_errors)
    for message in errors:
        messages.error(request, message)
    messages.error(request, _("Nothing was stored."))
    return item_page_response(request, item, today, upload_form=form, status=400)


@require_POST
def evidence_replace_view(request, pk: int):
    evidence = get_object_or_404(visible_evidence(user=request.user), pk=pk)
    item, today = reportable_item(request, evidence.requirement.item_id)
    form = EvidenceReplaceForm(request.POST, request.FILES, evidence=evidence)
    errors = oversize_errors(request)
    if form.is_valid() and not errors:
        try:
            revision = evidence_replace(evidence=evidence, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            messages.success(
                request,
                _("Revision %(number)s of %(name)s submitted for review.")
                % {"number": revision.number, "name": revision.original_name},
            )
            return redirect("actionplan:item_detail", pk=item.pk)
    if not errors:  # an oversize file arrives as no file: its own message says why
        for field_errors in form.errors.values():
            errors.extend(field_errors)
    for message in errors:
        messages.error(request, message)
    messages.error(request, _("Nothing was stored."))
    return item_page_response(request, item, today, status=400)


def _reviewable(request, pk: int):
    """Evidence in the user's scope (404 outside), for a reviewer of its unit (403 otherwise)."""
    evidence = get_object_or_404(visible_evidence(user=request.user), pk=pk)
    require(request.user, evidence.requirement.item.area.plan.unit, "review")
    return evidence


def _review_page(request, evidence, form=None, status=200):
    """One document beside its decision: the file previewed, the row it proves, earlier reviews."""
    own_upload = evidence.current.uploaded_by_id == request.user.pk
    if form is None and evidence.status == EvidenceStatus.DIAJUKAN and not own_upload:
        # ?area= from the queue's filter: the next document after this decision stays in that area.
        area = request.GET.get("area", "")
        form = ReviewForm(
            initial={"revision": evidence.current_id, "area": int(area) if area.isdigit() else None},
            action=reverse("evidence:review", args=[evidence.pk]),
        )
    context = {
        "doc": evidence,
        "item": evidence.requirement.item,
        "plan": evidence.requirement.item.area.plan,
        "revisions": evidence.revisions.select_related("uploaded_by").order_by("-number"),
        "reviews": evidence.reviews.select_related("reviewer", "revision").order_by("-created_at"),
        "form": form,
        "own_upload": own_upload,
        "preview": evidence.current.preview_kind,
    }
    return render(request, "evidence/review.html", context, status=status)


def evidence_detail(request, pk: int):
    return _review_page(request, _reviewable(request, pk))


@require_POST
def evidence_review_view(request, pk: int):
    evidence = _reviewable(request, pk)
    form = ReviewForm(request.POST, action=reverse("evidence:review", args=[evidence.pk]))
    if evidence.current.uploaded_by_id == request.user.pk:
        messages.error(request, _("You uploaded this file, so someone else must review it."))
        return _review_page(request, evidence, status=403)
    if not form.is_valid():
        messages.error(request, _("The decision was not saved. Please correct the errors below."))
        return _review_page(request, evidence, form=form, status=400)
    try:
        review = evidence_review(
            evidence=evidence,
            revision_id=form.cleaned_data["revision"],
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        messages.error(request, _("The decision was not saved. Please correct the errors below."))
        return _review_page(request, evidence, form=form, status=400)
    # The send-back is a warning, not a success, and names the row and document it concerns.
    notify = messages.warning if review.decision == Review.Decision.PERLU_PERBAIKAN else messages.success
    notify(
        request,
        _("%(code)s · %(requirement)s · %(name)s: %(decision)s.")
        % {
            "code": evidence.requirement.item.code,
            "requirement": evidence.requirement.name,
            "name": evidence.current.original_name,
            "decision": review.get_decision_display(),
        },
    )
    area_id = form.cleaned_data["area"]
    following = next_to_review(user=request.user, after=evidence, area_id=area_id)
    if following is None:
        messages.info(request, _("Nothing else is waiting for your review."))
        return redirect("evidence:queue")
    url = reverse("evidence:detail", args=[following.pk])
    return redirect(f"{url}?area={area_id}" if area_id else url)


def revision_download(request, pk: int):
    """Stream one stored file to someone entitled to the plan; earlier revisions to reviewers and uploaders."""
    revision = get_object_or_404(visible_revisions(user=request.user), pk=pk)
    evidence = revision.evidence
    if revision.pk != evidence.current_id and revision.uploaded_by_id != request.user.pk:
        require(request.user, evidence.requirement.item.area.plan.unit, "view_old_revisions")
    # ?inline=1 previews a PDF or an image beside the review form; anything else always downloads.
    inline = request.GET.get("inline") == "1" and revision.preview_kind is not None
    try:
        stored = revision.file.open("rb")
    except OSError:
        return _missing_files(request, [revision])
    name = download_name(revision.original_name, revision.content_type)
    response = FileResponse(stored, as_attachment=not inline, filename=name, content_type=revision.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox" + ("; frame-ancestors 'self'" if inline else "")
    if inline:
        response["X-Frame-Options"] = "SAMEORIGIN"  # shown in the review page's frame, never another site's
    return response


def queue(request):
    """The reviewers' queue: evidence waiting for a decision, filterable by area and status."""
    if not units_where(user=request.user, capability="review").exists():
        raise PermissionDenied
    areas = Area.objects.filter(plan__unit__in=units_where(user=request.user, capability="review")).select_related(
        "plan"
    )
    form = QueueFilterForm(request.GET or None, areas=areas, statuses=EvidenceStatus.choices)
    area_id, status = None, EvidenceStatus.DIAJUKAN
    if form.is_bound:
        if form.is_valid():
            area_id, status = form.cleaned_data["area"], form.cleaned_data["status"] or None
        else:
            messages.error(request, _("The filter was not understood; showing evidence waiting for review."))
    documents = list(review_queue(user=request.user, area_id=area_id, status=status)[:500])
    return render(request, "evidence/queue.html", {"form": form, "documents": documents, "status": status})


def plan_documents_view(request, pk: int):
    """A plan's documents for anyone who sees the plan (leadership's "N waiting for review"), read-only."""
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    status = request.GET.get("status", "")
    if status and status not in EvidenceStatus.values:
        messages.error(request, _("The filter was not understood; showing every document."))
        status = ""
    documents = list(plan_documents(user=request.user, plan_id=plan.pk, status=status or None)[:1000])
    context = {
        "plan": plan,
        "documents": documents,
        "status": status,
        "statuses": EvidenceStatus.choices,
        "may_review": capabilities(user=request.user, unit=plan.unit).review,
    }
    return render(request, "evidence/documents.html", context)


def _missing_files(request, revisions):
    """A clear 404 page naming the stored files that are missing (check_storage reports them all)."""
    logger.error("evidence files missing from storage: %s", ", ".join(r.file.name for r in revisions))
    return render(request, "evidence/missing_files.html", {"revisions": revisions}, status=404)


def plan_bundle(request, pk: int):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    require(request.user, plan.unit_id, "export")
    files, size = bundle_count(plan=plan)
    if export_in_background(files=files, size=size):  # too long for one request: the worker builds it
        return redirect("exports:new", pk=plan.pk, kind="bundle")
    missing = bundle_missing(plan=plan)
    if missing:  # refuse before the first byte: a ZIP cut short mid-stream looks like a network error
        return _missing_files(request, missing)
    response = StreamingHttpResponse(bundle_stream(plan=plan), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="bukti-{plan.file_stem}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


def plan_register(request, pk: int):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    require(request.user, plan.unit_id, "export")
    return attachment(register_xlsx(plan=plan), filename=f"register-bukti-{plan.file_stem}.xlsx", content_type=XLSX)
