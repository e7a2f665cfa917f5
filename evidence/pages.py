"""The pages that show plan rows with their evidence: the plan's Lampiran, one row, Pekerjaan saya.

They combine actionplan's reads with evidence's, so they live on evidence's side of the
dependency direction (accounts ← actionplan ← evidence): actionplan never imports evidence.
Their URLs keep actionplan's names (see `actionplan_pages` in evidence/urls.py).
"""

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import capabilities
from actionplan.forms import LampiranFilterForm, ProgressForm, progress_form_for
from actionplan.models import ItemStatus
from actionplan.selectors import (
    can_report_progress,
    closed_months,
    due_this_month,
    item_history,
    item_page,
    month_strip,
    my_items,
    my_items_status,
    open_months,
    plan_lampiran,
    visible_plans,
)
from actionplan.services import ProgressConflict, progress_save
from actionplan.targets import target_table
from evidence.forms import EvidenceReplaceForm, EvidenceUploadForm
from evidence.selectors import Coverage, item_requirements, missing_evidence, plan_coverage, sent_back
from zi_tracker.forms import add_service_errors
from zi_tracker.generations import plan_generation, seconds_to_midnight

PLAN_PAGE_ROWS = 300


def plan_detail(request, pk: int):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    caps = capabilities(user=request.user, unit=plan.unit)
    # The authoring controls and the plan checks cost two thirds of the coordinator's page: they
    # show on a draft, and on an enacted plan when the coordinator asks for them (?edit=1).
    editing = bool(caps.author_plan) and (plan.status != plan.Status.DITETAPKAN or request.GET.get("edit") == "1")
    form = LampiranFilterForm(request.GET or None, plan=plan, editing=editing)
    filters = {}
    if form.is_bound:
        if form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v is not None and k != "edit"}
        else:
            messages.error(request, _("The filter was not understood; showing the whole plan."))
    today = timezone.localdate()

    def table() -> str:
        return _plan_table(request, plan=plan, form=form, filters=filters, editing=editing, today=today)

    # The filter form in the table shows the values as sent: only their canonical spelling is
    # cached, so that "?area=05" (area 5, but no option selected) is never served for "?area=5".
    sent = {k: v for k, v in request.GET.items() if k in form.fields and k != "edit" and v}
    canonical = {k: str(getattr(v, "pk", v)) for k, v in filters.items()}
    if editing or form.errors or sent != canonical:
        html = table()  # the authoring controls are per user (their forms' CSRF tokens); a bad filter is rare
    else:
        # The same for every viewer of the plan: cached until its generation ends (reports.signals
        # ends it on every write that changes a row, its status, PICs, section or evidence).
        version = plan_generation(plan_id=plan.pk)
        params = urlencode(sorted((k, getattr(v, "pk", v)) for k, v in filters.items()))
        key = f"plan-table:{plan.pk}:{today:%Y-%m-%d}:{translation.get_language()}:{params}"
        html = cache.get(key, version=version)
        if html is None:
            # No single flight (the dashboard's compute_once): computing costs 6 queries and ~10 ms
            # for the seed plan, less than its lock's five; readers arriving together each compute.
            html = table()
            cache.set(key, html, seconds_to_midnight(), version=version)
    context = {"plan": plan, "caps": caps, "editing": editing, "table": mark_safe(html)}
    return render(request, "actionplan/plan_detail.html", context)


def _plan_table(request, *, plan, form, filters: dict, editing: bool, today) -> str:
    """The plan page's filter, row count, evidence coverage and Lampiran table: 6 queries (areas, rows, requirements, coverage, the filter's areas and sections)."""
    # A plan beyond PLAN_PAGE_ROWS lists its areas, each opening on its own (?area=): 2,300 rows
    # at once were 1.7 MB and a second of server time.
    rows_up_to = None if "area" in filters else PLAN_PAGE_ROWS
    areas = plan_lampiran(plan=plan, today=today, rows_up_to=rows_up_to, **filters)
    by_item, by_area, total = plan_coverage(plan=plan)
    query = QueryDict(mutable=True)
    query.update({k: getattr(v, "pk", v) for k, v in filters.items()})
    if editing:
        query["edit"] = "1"  # an area opened from edit mode stays in it
    for area in areas:
        area.coverage = by_area.get(area.pk)
        query["area"] = area.pk
        area.open_query = query.urlencode()
        for row in area.rows or []:
            row.coverage = by_item.get(row.pk)
    context = {
        "coverage": total,
        "plan": plan,
        "areas": areas,
        "collapsed": bool(areas) and areas[0].rows is None,
        "form": form,
        "filtered": bool(filters),
        "row_count": sum(a.row_count for a in areas),
        "editing": editing,
    }
    return render_to_string("actionplan/partials/plan_table.html", context, request=request)


MY_WORK_CARD_ROWS = 10
MY_WORK_PAGE_ROWS = 50


def my_work(request):
    """Pekerjaan saya: the PIC's rows this month, the late ones, and what reviewers sent back.

    A PIC of 2,300 rows got every one three times over (2.3 MB, 8.7 s): the cards show the
    first few of each list, the table one page of the list chosen (?list=, ?page=), and only
    the rows shown are loaded whole. 9 queries whatever the number of rows.
    """
    today = timezone.localdate()
    rows = my_items_status(user=request.user, today=today)
    lists = {
        "all": rows,
        "this_month": [i for i in rows if due_this_month(i, today=today)],
        "late": [i for i in rows if i.status == ItemStatus.TERLAMBAT],
    }
    shown = request.GET.get("list") if request.GET.get("list") in lists else "all"
    page = Paginator(lists[shown], MY_WORK_PAGE_ROWS).get_page(request.GET.get("page"))
    first = {name: lists[name][:MY_WORK_CARD_ROWS] for name in ("this_month", "late")}
    wanted = {i.pk for i in page} | {i.pk for name in first for i in first[name]}
    whole = {i.pk: i for i in my_items(user=request.user, today=today, only_pks=wanted)}
    page.object_list = [whole[i.pk] for i in page]
    missing, returned = missing_evidence(user=request.user), sent_back(user=request.user)
    context = {
        "today": today,
        "month_name": MONTHS[today.month],
        "items": rows,
        "this_month": [whole[i.pk] for i in first["this_month"]],
        "this_month_count": len(lists["this_month"]),
        "late": [whole[i.pk] for i in first["late"]],
        "late_count": len(lists["late"]),
        "shown": shown,
        "page": page,
    }
    for name, queryset in (("missing", missing), ("sent_back", returned)):
        context[name], context[f"{name}_count"] = list(queryset[:MY_WORK_CARD_ROWS]), queryset.count()
        context[f"{name}_more"] = context[f"{name}_count"] - len(context[name])
    return render(request, "actionplan/my_work.html", context)


def item_page_response(request, item, today, *, form=None, conflict=None, upload_form=None, status=200):
    """The item page: the row, its months, progress, evidence and history, with the forms the user may use."""
    caps = capabilities(user=request.user, unit=item.area.plan.unit)
    may_report = can_report_progress(user=request.user, item=item, caps=caps)
    entries = list(item.progress.all())
    closed = closed_months(plan_id=item.area.plan_id)
    if may_report and form is None:
        form = progress_form_for(
            item=item,
            months=open_months(item=item, today=today, closed=closed),
            asked=request.GET.get("month", ""),
            today=today,
        )
    requirements = item_requirements(item=item)
    if may_report and upload_form is None and requirements:
        upload_form = EvidenceUploadForm(
            item=item,
            requirements=requirements,
            initial={"month": None, "requirement": _requested_requirement(request, requirements)},
        )
    if may_report:
        for requirement in requirements:
            for document in requirement.documents:
                document.replace_form = EvidenceReplaceForm(evidence=document)
    context = {
        "item": item,
        "plan": item.area.plan,
        "caps": caps,
        "strip": month_strip(item=item, entries=entries, today=today),
        "targets": target_table(item=item, entries=entries, today=today),
        "entries": entries,
        "history": item_history(item=item),
        "form": form if may_report else None,
        "entries_newest_first": entries[::-1],
        "conflict": conflict,
        "closed_months": closed,
        "may_report": may_report,
        "requirements": requirements,
        "coverage": Coverage.of(requirements),
        "upload_form": upload_form if may_report else None,
        "may_review": caps.review,
        "max_upload": settings.ZI_EVIDENCE_MAX_BYTES,
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
    open_now = open_months(item=item, today=today, closed=closed_months(plan_id=item.area.plan_id))

    def form_for(month, data=None, ask_decrease=False):
        return progress_form_for(
            item=item, months=open_now, month=month, today=today, data=data, ask_decrease=ask_decrease
        )

    form = ProgressForm(request.POST, item=item, months=list(item.target_months), action="")
    if not form.is_valid():
        # The month the user chose, if it was one of the row's: shown again (and offered) beside the errors.
        form = form_for(form.cleaned_data.get("month"), data=request.POST)
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
        return item_page_response(request, item, today, form=form_for(month))
    base_version = 0 if loaded is not None and loaded != month else data["version"]
    try:
        entry = progress_save(
            item=item, month=month, data=data, base_version=base_version, by=request.user, today=today
        )
    except ValidationError as error:
        decrease = any(e.code == "decrease" for e in getattr(error, "error_dict", {}).get("percent", []))
        form = form_for(month, data=request.POST, ask_decrease=decrease)
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
        form = form_for(month, data=rebased)
        form.is_valid()
        messages.error(request, _("Someone else saved this entry after you opened it. Nothing of yours was saved yet."))
        return item_page_response(request, item, today, form=form, conflict=conflict, status=409)
    messages.success(request, _("Progress for %(month)s saved.") % {"month": MONTHS[entry.month]})
    return redirect(f"{reverse('actionplan:item_detail', args=[item.pk])}?month={entry.month}")
