"""Leadership's read-only pages: the dashboard, the rows behind each figure, the Laporan Monev."""

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.permissions import capabilities, require
from actionplan.models import ActionItem
from actionplan.selectors import visible_plans
from evidence.models import Evidence, EvidenceStatus
from monitoring.models import MonevSession
from reports.figures import figures_html
from reports.forms import ItemFilterForm, MonevDocumentForm
from reports.monev import monev_document, monev_pdf, signer_choices
from reports.monev_xlsx import monev_xlsx
from reports.selectors import as_of, months_available, plan_items
from zi_tracker.downloads import PDF, XLSX, attachment
from zi_tracker.export_size import export_in_background


def _as_of_month(request, plan, months):
    raw = request.GET.get("month", "")
    if not raw:
        return None
    if raw.isdigit() and int(raw) in months:
        return int(raw)
    messages.error(request, _("That month cannot be shown; showing today's figures."))
    return None


def dashboard_view(request, pk: int | None = None):
    """The plan's figures; their HTML comes from reports.figures (cached per plan generation)."""
    # Only what the page and the figures use (the query-count tests catch a field added later).
    plans = list(
        visible_plans(user=request.user)
        .order_by("-year", "unit__name")
        .only("pk", "year", "decree_number", "unit__name", "unit__short_name")
    )
    if not plans and pk is None:
        return redirect("actionplan:plan_list")
    if pk is None:
        chosen = request.GET.get("plan", "")
        plan = next((p for p in plans if str(p.pk) == chosen), plans[0])
        if chosen:
            query = urlencode({"month": request.GET.get("month", "")})
            return redirect(f"{reverse('reports:dashboard', args=[plan.pk])}?{query}")
        return redirect("reports:dashboard", pk=plan.pk)
    plan = next((p for p in plans if p.pk == pk), None)
    if plan is None:
        raise Http404
    months = months_available(plan=plan)
    month = _as_of_month(request, plan, months)
    at = as_of(plan=plan, month=month)
    context = {
        "plan": plan,
        "month": month,
        "at": at,
        "plans": plans,
        "figures_html": figures_html(plan=plan, month=month, at=at, months=months),
    }
    return render(request, "reports/dashboard.html", context)


def items_view(request, pk: int):
    """The rows behind a dashboard figure, with the same as-of moment."""
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    months = months_available(plan=plan)
    form = ItemFilterForm(request.GET or None, plan=plan, months=months)
    filters = {}
    if form.is_bound:
        if form.is_valid():
            filters = form.cleaned_data
        else:
            messages.error(request, _("The filter was not understood; showing every row."))
    at = as_of(plan=plan, month=filters.get("month"))
    rows = plan_items(plan=plan, at=at).select_related("area", "section").prefetch_related("pics")
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("area"):
        rows = rows.filter(area_id=filters["area"])
    if filters.get("section"):
        rows = rows.filter(section_id=filters["section"])
    if filters.get("in_month"):
        rows = rows.in_month(filters["in_month"])
        if filters.get("unreported"):
            rows = rows.unreported_in(filters["in_month"], entered_by=at.until)
    if filters.get("waiting"):
        rows = rows.filter(
            Exists(Evidence.objects.filter(requirement__item=OuterRef("pk"), status=EvidenceStatus.DIAJUKAN))
        )
    rows = list(rows.order_by("area__order", "number"))
    return render(request, "reports/items.html", {"plan": plan, "rows": rows, "form": form, "at": at})


def _monev_form(request, plan, data):
    leaders, coordinators = signer_choices(plan=plan)
    return MonevDocumentForm(
        data, plan=plan, months=months_available(plan=plan), leaders=leaders, coordinators=coordinators
    )


def monev_view(request, pk: int):
    """The Laporan Monev's page: the period, the place and date of signing, the signers; then PDF or Excel."""
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    require(request.user, plan.unit_id, "export")
    form = _monev_form(request, plan, None)
    choices = [value for value, _label in form.fields["period"].choices]
    asked = request.GET.get("period", "")
    form.initial = {"period": asked if asked in choices else (choices[-1] if choices else "")}
    return _monev_page(request, plan, form)


def _monev_page(request, plan, form, status=200):
    sessions = {}
    for session in MonevSession.objects.filter(plan=plan).order_by("held_on"):
        session.plan = plan  # its period's label names the plan's year
        sessions[session.period] = session
    context = {
        "plan": plan,
        "form": form,
        "sessions": sessions,
        "caps": capabilities(user=request.user, unit=plan.unit_id),
    }
    return render(request, "reports/monev.html", context, status=status)


def _monev_download(request, pk: int, *, render, extension: str, content_type: str):
    """The Laporan Monev for ?period= (a month 1–12, q1–q4, s1–s2 or y) as chosen on its page; 400 with the page otherwise."""
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    require(request.user, plan.unit_id, "export")
    form = _monev_form(request, plan, request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose a month, quarter, semester or year that has begun."))
        return _monev_page(request, plan, form, status=400)
    if export_in_background(rows=ActionItem.objects.filter(area__plan=plan).count()):  # too long for one request
        url = reverse("exports:new", args=[plan.pk, f"monev_{extension}"])
        return redirect(f"{url}?{urlencode(request.GET.dict())}")
    report, body = monev_document(plan=plan, data=form.cleaned_data, render=render)
    filename = f"monev-{report.slug}-{plan.file_stem}.{extension}"
    return attachment(body, filename=filename, content_type=content_type)


def monev_pdf_view(request, pk: int):
    return _monev_download(request, pk, render=monev_pdf, extension="pdf", content_type=PDF)


def monev_xlsx_view(request, pk: int):
    return _monev_download(request, pk, render=monev_xlsx, extension="xlsx", content_type=XLSX)
