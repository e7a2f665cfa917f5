"""Evidence pages: upload, replace, review, download, the review queue, the bundle and the register."""
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.selectors import user_roles, user_units
from actionplan.models import Area
from actionplan.selectors import item_page, visible_plans
from actionplan.views import item_page_response, reportable_item
from evidence.bundle import bundle_entries, bundle_evidence, bundle_stream
from evidence.forms import EvidenceReplaceForm, EvidenceUploadForm, QueueFilterForm, ReviewForm
from evidence.models import EvidenceStatus
from evidence.resources import EvidenceRegisterResource, register_queryset
from evidence.selectors import REVIEWER_ROLES, review_queue, visible_evidence, visible_revisions
from evidence.services import evidence_replace, evidence_review, evidence_submit
from zi_tracker.downloads import XLSX, attachment


def _item_url(item, anchor="evidence"):
    return f"{reverse('actionplan:item_detail', args=[item.pk])}#{anchor}"


def _oversize_errors(request) -> list[str]:
    limit = filesizeformat(settings.ZI_EVIDENCE_MAX_BYTES)
    return [
        _("%(name)s is larger than the %(limit)s limit.") % {"name": name, "limit": limit}
        for name in getattr(request, "oversize_uploads", [])
    ]


@require_POST
def evidence_upload(request, pk: int):
    item, today = reportable_item(request, pk)
    requirements = list(item.requirements.all())
    form = EvidenceUploadForm(request.POST, request.FILES, item=item, requirements=requirements)
    errors = _oversize_errors(request)
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
                ngettext(
                    "%(count)d file submitted for review.", "%(count)d files submitted for review.", len(created)
                )
                % {"count": len(created)},
            )
            return redirect(_item_url(item))
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
    form = EvidenceReplaceForm(request.POST, request.FILES)
    errors = _oversize_errors(request)
    if form.is_valid() and not errors:
        upload = form.cleaned_data["file"]
        if upload is None:
            errors.append(_("Choose the new file."))
        else:
            try:
                revision = evidence_replace(evidence=evidence, upload=upload, by=request.user)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(
                    request, _("Revision %(number)s of %(name)s submitted for review.")
                    % {"number": revision.number, "name": revision.original_name}
                )
                return redirect(_item_url(item))
    for message in errors:
        messages.error(request, message)
    messages.error(request, _("Nothing was stored."))
    return item_page_response(request, item, today, status=400)


@require_POST
def evidence_review_view(request, pk: int):
    evidence = get_object_or_404(visible_evidence(user=request.user), pk=pk)
    unit = evidence.requirement.item.area.plan.unit
    today = timezone.localdate()
    item = item_page(user=request.user, pk=evidence.requirement.item_id, today=today)
    if not user_roles(user=request.user, unit=unit) & set(REVIEWER_ROLES):
        raise PermissionDenied
    if evidence.current.uploaded_by_id == request.user.pk:
        messages.error(request, _("You uploaded this file, so someone else must review it."))
        return item_page_response(request, item, today, status=403)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            review = evidence_review(
                evidence=evidence,
                revision_id=form.cleaned_data["revision"],
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("%(name)s: %(decision)s.") % {"name": evidence.current.original_name, "decision": review.get_decision_display()}
            )
            next_url = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = _item_url(item)
            return redirect(next_url)
    else:
        messages.error(request, _("Choose Accepted or Needs revision."))
    return item_page_response(request, item, today, status=400)


def revision_download(request, pk: int):
    """Stream one stored file to someone entitled to the plan; earlier revisions to reviewers and uploaders."""
    revision = get_object_or_404(visible_revisions(user=request.user), pk=pk)
    evidence = revision.evidence
    if revision.pk != evidence.current_id and revision.uploaded_by_id != request.user.pk:
        roles = user_roles(user=request.user, unit=evidence.requirement.item.area.plan.unit)
        if not roles & set(REVIEWER_ROLES):
            raise PermissionDenied
    response = FileResponse(
        revision.file.open("rb"), as_attachment=True, filename=revision.original_name, content_type=revision.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def queue(request):
    """The reviewers' queue: evidence waiting for a decision, filterable by area and status."""
    if not user_units(user=request.user, roles=REVIEWER_ROLES).exists():
        raise PermissionDenied
    areas = Area.objects.filter(plan__unit__in=user_units(user=request.user, roles=REVIEWER_ROLES)).select_related("plan")
    form = QueueFilterForm(request.GET or None, areas=areas, statuses=EvidenceStatus.choices)
    area_id, status = None, EvidenceStatus.DIAJUKAN
    if form.is_bound:
        if form.is_valid():
            area_id, status = form.cleaned_data["area"], form.cleaned_data["status"] or None
        else:
            messages.error(request, _("The filter was not understood; showing evidence waiting for review."))
    documents = list(review_queue(user=request.user, area_id=area_id, status=status)[:500])
    return render(request, "evidence/queue.html", {"form": form, "documents": documents, "status": status})


def plan_bundle(request, pk: int):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    entries = bundle_entries(bundle_evidence(plan=plan))
    response = StreamingHttpResponse(bundle_stream(plan=plan, entries=entries), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="bukti-{plan.file_stem}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


def plan_register(request, pk: int):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    dataset = EvidenceRegisterResource().export(register_queryset(plan))
    return attachment(dataset.xlsx, filename=f"register-bukti-{plan.file_stem}.xlsx", content_type=XLSX)
