"""The roll-up pages (a parent unit's units in one table, as xlsx and PDF) and the preliminary assessment."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.permissions import capabilities, require, units_where
from actionplan.selectors import visible_plans
from rollup.forms import RollupFilterForm, VerdictForm
from rollup.models import PreliminaryAssessment
from rollup.pdf import rollup_pdf
from rollup.selectors import rollup, rollup_units, rollup_years
from rollup.services import preliminary_assess
from rollup.table import COLUMNS, Links, page_row, table_groups
from rollup.xlsx import rollup_workbook
from zi_tracker.downloads import PDF, XLSX, attachment


def rollup_home(request):
    """The user's roll-up: straight to it when they have one top unit, else the list to choose from."""
    tops = list(rollup_units(user=request.user))
    if len(tops) == 1:
        return redirect("rollup:unit", pk=tops[0].pk)
    return render(request, "rollup/home.html", {"units": tops})


def _rollup(request, pk: int, capability: str = "view_rollup"):
    """The unit (404 outside the user's roll-ups), its roll-up for the chosen year, the filtered groups."""
    unit = get_object_or_404(units_where(user=request.user, capability="view_rollup"), pk=pk)
    caps = require(request.user, unit, capability)
    years = rollup_years(user=request.user, unit=unit)
    asked = request.GET.get("year", "")
    data = rollup(
        user=request.user, unit=unit, year=int(asked) if asked.isdigit() and int(asked) in years else None, years=years
    )
    heads = [group.head.unit for group in data.groups if group.head] if data.national else []
    form = RollupFilterForm(request.GET or None, years=data.years, groups=heads)
    filters = {}
    if form.is_bound:
        if form.is_valid():
            filters = form.cleaned_data
        else:
            messages.error(request, _("The filter was not understood; showing every unit."))
    return unit, caps, form, filters, data, table_groups(data, filters)


def rollup_view(request, pk: int):
    unit, caps, form, filters, data, groups = _rollup(request, pk)
    links = Links(year=data.year, next_url=request.get_full_path())
    rows = [page_row(data.own, kind="own", links=links, last_month=data.last_month)]
    for group in groups:
        if group.head:
            rows.append(
                page_row(group.head, kind="head", links=links, last_month=data.last_month, summary=group.summary)
            )
        rows += [page_row(line, kind="", links=links, last_month=data.last_month) for line in group.lines]
    context = {
        "rows": rows,
        "has_below": bool(data.lines),  # before the filter: a kabupaten's own members see its line alone
        "unit": unit,
        "caps": caps,
        "form": form,
        "rollup": data,
        "groups": groups,
        "columns": COLUMNS,
        "sort": filters.get("sort") or "name",
        "desc": bool(filters.get("desc")),
        "query": request.GET.copy(),
        "shown": sum(len(g.lines) + (1 if g.head else 0) for g in groups),
    }
    return render(request, "rollup/rollup.html", context)


def _file_name(data, suffix: str) -> str:
    return f"rekap-zi-{data.unit.code}-{data.year}.{suffix}"


def rollup_xlsx_view(request, pk: int):
    _unit, _caps, _form, filters, data, groups = _rollup(request, pk, "export")
    content = rollup_workbook(rollup=data, groups=groups)
    return attachment(content, filename=_file_name(data, "xlsx"), content_type=XLSX)


def rollup_pdf_view(request, pk: int):
    _unit, _caps, _form, filters, data, groups = _rollup(request, pk, "export")
    return attachment(rollup_pdf(rollup=data, groups=groups), filename=_file_name(data, "pdf"), content_type=PDF)


def _plan(request, pk: int):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    return plan, capabilities(user=request.user, unit=plan.unit_id)


def plan_assessment(request, pk: int):
    """A plan's preliminary assessment: the verdict in force, its history and, for an assessor, the form."""
    plan, caps = _plan(request, pk)
    history = list(
        PreliminaryAssessment.objects.filter(plan=plan).select_related("assessed_by").order_by("-assessed_at", "-pk")
    )
    form = VerdictForm() if caps.assess_preliminary else None
    if request.method == "POST":
        require(request.user, plan.unit_id, "assess_preliminary")
        form = VerdictForm(request.POST)
        if form.is_valid():
            try:
                preliminary_assess(
                    plan=plan, verdict=form.cleaned_data["verdict"], note=form.cleaned_data["note"], by=request.user
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(
                    request, _("The preliminary assessment of %(unit)s is recorded.") % {"unit": plan.unit}
                )
                back = request.POST.get("next", "")
                if url_has_allowed_host_and_scheme(
                    back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
                ):
                    return redirect(back)
                return redirect("rollup:plan_assessment", pk=plan.pk)
        status = 400
    else:
        status = 200
    context = {
        "plan": plan,
        "caps": caps,
        "history": history,
        "current": history[0] if history else None,
        "form": form,
        "next": request.GET.get("next", request.POST.get("next", "")),
    }
    return render(request, "rollup/plan_assessment.html", context, status=status)


def verdict_fragment(request, pk: int):
    """The verdict in force as a card for the plan's dashboard (fetched after the page by static/js/rollup.js)."""
    plan, caps = _plan(request, pk)
    current = (
        PreliminaryAssessment.objects.filter(plan=plan)
        .select_related("assessed_by")
        .order_by("-assessed_at", "-pk")
        .first()
    )
    if current is None and not caps.assess_preliminary:
        return HttpResponse(status=204)
    return render(request, "rollup/partials/verdict_card.html", {"plan": plan, "current": current, "caps": caps})
