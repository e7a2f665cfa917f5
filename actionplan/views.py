"""Plan pages: the plan list, the Lampiran as a table and as files, one row, progress, my work."""
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import capabilities, require, units_where
from actionplan.forms import ActionItemForm, LampiranFilterForm, MonthClosingForm, ProgressForm
from actionplan.models import ItemStatus, MonthClosure
from actionplan.pdf import decree_pdf, lampiran_pdf
from actionplan.selectors import (
    can_report_progress,
    item_history,
    item_page,
    month_strip,
    my_items,
    plan_lampiran,
    plan_months,
    unreported_items,
    visible_items,
    visible_plans,
)
from actionplan.services import ProgressConflict, month_close, month_reopen, progress_save
from actionplan.xlsx import lampiran_workbook
from evidence.forms import EvidenceReplaceForm, EvidenceUploadForm, ReviewForm
from evidence.selectors import Coverage, item_requirements, missing_evidence, plan_coverage, sent_back
from zi_tracker.downloads import PDF, XLSX, attachment
from zi_tracker.forms import add_service_errors


def home(request):
    """Staff land on their work, leadership on the dashboard, others on the plan (or the list)."""
    if units_where(user=request.user, capability="lands_on_my_work").exists():
        return redirect("actionplan:my_work")
    if units_where(user=request.user, capability="lands_on_dashboard").exists():
        return redirect("reports:dashboard_home")
    if units_where(user=request.user, capability="lands_on_queue").exists():
        return redirect("evidence:queue")
    plans = list(visible_plans(user=request.user)[:2])
    if len(plans) == 1:
        return redirect("actionplan:plan_detail", pk=plans[0].pk)
    return redirect("actionplan:plan_list")


def plan_list(request):
    plans = visible_plans(user=request.user).order_by("-year", "unit__name")
    return render(request, "actionplan/plan_list.html", {"plans": plans})


def plan_detail(request, pk: int):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    form = LampiranFilterForm(request.GET or None, plan=plan)
    filters = {}
    if form.is_bound:
        if form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v is not None}
        else:
            messages.error(request, _("The filter was not understood; showing the whole plan."))
    areas = plan_lampiran(plan=plan, today=timezone.localdate(), **filters)
    by_item, by_area, total = plan_coverage(plan=plan)
    for area in areas:
        area.coverage = by_area.get(area.pk)
        for row in area.rows:
            row.coverage = by_item.get(row.pk)
    context = {
        "coverage": total,
        "plan": plan,
        "areas": areas,
        "form": form,
        "filtered": bool(filters),
        "row_count": sum(len(a.rows) for a in areas),
        "caps": capabilities(user=request.user, unit=plan.unit),
    }
    return render(request, "actionplan/plan_detail.html", context)


def open_months(*, item, today, closed: set[int]) -> list[int]:
    """The row's months a PIC may report on now: in its period, begun, and not closed."""
    return [m for m in item.target_months if (item.target_year, m) <= (today.year, today.month) and m not in closed]


def _default_month(item, today, months: list[int]) -> int:
    """The month a PIC most likely reports: this one if open, else the latest open one so far."""
    if item.target_year == today.year and today.month in months:
        return today.month
    return months[-1]


def _progress_form(item, request, today, closed, data=None, month=None, ask_decrease=False):
    """The progress form for `month` (or ?month=, or the default), loaded with that month's entry.

    A month without an entry starts from the last figure reported before it (realisation is
    cumulative). None when no month of the row is open for entry.
    """
    months = open_months(item=item, today=today, closed=closed)
    if month is not None and month not in months and month in item.target_months:
        months = sorted([*months, month])  # a refused month stays chosen, beside its error
    if not months:
        return None
    if month is None:
        asked = request.GET.get("month", "")
        month = int(asked) if asked.isdigit() and int(asked) in months else _default_month(item, today, months)
    entries = {e.month: e for e in item.progress.all()}
    entry = entries.get(month)
    earlier = [e for m, e in sorted(entries.items()) if m < month]
    initial = {"month": month, "version": 0, "loaded_month": month, "percent": earlier[-1].percent if earlier else 0}
    if entry is not None:
        initial |= {
            "percent": entry.percent,
            "is_done": entry.is_done,
            "activity": entry.activity,
            "obstacles": entry.obstacles,
            "next_steps": entry.next_steps,
            "version": entry.version,
        }
    action = reverse("actionplan:item_progress", args=[item.pk])
    return ProgressForm(data, initial=initial, item=item, months=months, action=action, ask_decrease=ask_decrease)


def _closed_months(item) -> set[int]:
    return set(MonthClosure.objects.filter(plan_id=item.area.plan_id).values_list("month", flat=True))


def item_page_response(request, item, today, *, form=None, conflict=None, upload_form=None, status=200):
    """The item page: the row, its months, progress, evidence and history, with the forms the user may use."""
    caps = capabilities(user=request.user, unit=item.area.plan.unit)
    may_report = can_report_progress(user=request.user, item=item, caps=caps)
    entries = list(item.progress.all())
    closed = _closed_months(item)
    if may_report and form is None:
        form = _progress_form(item, request, today, closed)
    requirements = item_requirements(item=item)
    if may_report and upload_form is None and requirements:
        upload_form = EvidenceUploadForm(
            item=item,
            requirements=requirements,
            initial={"month": None, "requirement": _requested_requirement(request, requirements)},
        )
    context = {
        "item": item,
        "plan": item.area.plan,
        "caps": caps,
        "strip": month_strip(item=item, entries=entries, today=today),
        "entries": entries,
        "history": item_history(item=item),
        "form": form if may_report else None,
        "entries_newest_first": entries[::-1],
        "conflict": conflict,
        "closed_months": closed,
        "may_report": may_report,
        "requirements": requirements,
        "coverage": Coverage(sum(r.covered for r in requirements), len(requirements)),
        "upload_form": upload_form if may_report else None,
        "may_review": caps.review,
        "max_upload": settings.ZI_EVIDENCE_MAX_BYTES,
        "review_form": ReviewForm(),
        "replace_form": EvidenceReplaceForm(),
    }
    return render(request, "actionplan/item_detail.html", context, status=status)


def _requested_requirement(request, requirements) -> int:
    """The document the user came to upload (?requirement=), else the first one not yet covered."""
    asked = request.GET.get("requirement", "")
    ids = [r.pk for r in requirements]
    if asked.isdigit() and int(asked) in ids:
        return int(asked)
    return next((r.pk for r in requirements if not r.covered), ids[0])


def item_detail_view(request, pk: int):
    today = timezone.localdate()
    item = item_page(user=request.user, pk=pk, today=today)
    if item is None:
        raise Http404
    return item_page_response(request, item, today)


def reportable_item(request, pk: int):
    """(row, today) for a row the user may report on: 404 outside their scope, 403 if not its PIC."""
    today = timezone.localdate()
    item = item_page(user=request.user, pk=pk, today=today)
    if item is None:
        raise Http404
    caps = capabilities(user=request.user, unit=item.area.plan.unit)
    if not can_report_progress(user=request.user, item=item, caps=caps):
        raise PermissionDenied
    return item, today


@require_POST
def item_progress(request, pk: int):
    item, today = reportable_item(request, pk)
    closed = _closed_months(item)
    form = ProgressForm(request.POST, item=item, months=list(item.target_months), action="")
    if not form.is_valid():
        form = _progress_form(item, request, today, closed, data=request.POST, month=_posted_month(request))
        if form is not None:
            form.is_valid()
        messages.error(request, _("The progress was not saved. Please correct the errors below."))
        return item_page_response(request, item, today, form=form, status=400)
    data = form.cleaned_data
    month, loaded = data["month"], data["loaded_month"]
    saved = {e.month: e for e in item.progress.all()}
    if loaded is not None and loaded != month and month in saved:
        # The user chose another month in the select: show that month's own entry instead of
        # taking the other month's text and version for it.
        messages.info(
            request,
            _("%(month)s already has a report; it is shown below. Nothing was saved yet.") % {"month": MONTHS[month]},
        )
        return item_page_response(request, item, today, form=_progress_form(item, request, today, closed, month=month))
    base_version = 0 if loaded is not None and loaded != month else data["version"]
    try:
        entry = progress_save(
            item=item, month=month, data=data, base_version=base_version, by=request.user, today=today
        )
    except ValidationError as error:
        decrease = any(e.code == "decrease" for e in getattr(error, "error_dict", {}).get("percent", []))
        form = _progress_form(item, request, today, closed, data=request.POST, month=month, ask_decrease=decrease)
        if form is None:
            messages.error(request, "; ".join(error.messages))
            return redirect("actionplan:item_detail", pk=item.pk)
        form.is_valid()
        add_service_errors(form, error)
        messages.error(request, _("The progress was not saved. Please correct the errors below."))
        return item_page_response(request, item, today, form=form, status=400)
    except ProgressConflict as conflict:
        # Keep what the user typed, now based on the saved version: saving again is a deliberate overwrite.
        rebased = request.POST.copy()
        rebased["version"] = conflict.current.version
        rebased["loaded_month"] = month
        form = _progress_form(item, request, today, closed, data=rebased, month=month)
        form.is_valid()
        messages.error(request, _("Someone else saved this entry after you opened it. Nothing of yours was saved yet."))
        return item_page_response(request, item, today, form=form, conflict=conflict, status=409)
    messages.success(request, _("Progress for %(month)s saved.") % {"month": MONTHS[entry.month]})
    return redirect(f"{reverse('actionplan:item_detail', args=[item.pk])}?month={entry.month}")


def _posted_month(request) -> int | None:
    value = request.POST.get("month", "")
    return int(value) if value.isdigit() else None


def item_edit(request, pk: int):
    item = get_object_or_404(visible_items(user=request.user), pk=pk)
    plan = item.area.plan
    require(request.user, plan.unit, "edit_rows")
    form = ActionItemForm(request.POST or None, instance=item, plan=plan)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("Row %(code)s saved.") % {"code": item.code})
            return redirect("actionplan:item_detail", pk=item.pk)
        messages.error(request, _("The row was not saved. Please correct the errors below."))
    status = 400 if form.errors else 200
    return render(request, "actionplan/item_edit.html", {"item": item, "plan": plan, "form": form}, status=status)


def plan_months_view(request, pk: int):
    """The coordinator closes a month once its reports are in (after seeing who has not reported); closed months can be reopened."""
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    require(request.user, plan.unit, "close_month")
    if request.method == "POST":
        form = MonthClosingForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a month from the list."))
            return redirect("actionplan:plan_months", pk=plan.pk)
        month, action = form.cleaned_data["month"], form.cleaned_data["action"]
        if action == "reopen":
            month_reopen(plan=plan, month=month, by=request.user)
            messages.success(request, _("%(month)s reopened for changes.") % {"month": MONTHS[month]})
        elif action == "close" and form.cleaned_data["confirmed"]:
            month_close(plan=plan, month=month, by=request.user)
            messages.success(request, _("%(month)s closed.") % {"month": MONTHS[month]})
        else:
            # First see which rows have not reported; closing then takes a second, deliberate click.
            context = {"plan": plan, "month": month, "month_name": MONTHS[month], "unreported": unreported_items(plan=plan, month=month)}
            return render(request, "actionplan/month_close_confirm.html", context)
        return redirect("actionplan:plan_months", pk=plan.pk)
    return render(request, "actionplan/plan_months.html", {"plan": plan, "months": plan_months(plan=plan)})


def my_work(request):
    """Pekerjaan saya: the PIC's rows this month, the late ones, and what reviewers sent back."""
    today = timezone.localdate()
    items = my_items(user=request.user, today=today)
    context = {
        "today": today,
        "month_name": MONTHS[today.month],
        "this_month": [
            i
            for i in items
            if i.target_year == today.year and today.month in i.target_months and i.status != ItemStatus.SELESAI
        ],
        "late": [i for i in items if i.status == ItemStatus.TERLAMBAT],
        "items": items,
        "missing": list(missing_evidence(user=request.user)),
        "sent_back": list(sent_back(user=request.user)),
    }
    return render(request, "actionplan/my_work.html", context)


# Official documents are Indonesian whatever the UI's language: they must match the signed original.
@translation.override("id")
def plan_lampiran_pdf(request, pk: int):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    require(request.user, plan.unit_id, "export")
    return attachment(lampiran_pdf(plan), filename=f"lampiran-{plan.file_stem}.pdf", content_type=PDF)


@translation.override("id")
def plan_decree_pdf(request, pk: int):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    require(request.user, plan.unit_id, "export")
    return attachment(decree_pdf(plan), filename=f"keputusan-{plan.file_stem}.pdf", content_type=PDF)


@translation.override("id")
def plan_lampiran_xlsx(request, pk: int):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    require(request.user, plan.unit_id, "export")
    return attachment(lampiran_workbook(plan), filename=f"lampiran-{plan.file_stem}.xlsx", content_type=XLSX)
