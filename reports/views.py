"""Leadership's read-only pages: the dashboard, the rows behind each figure, the Laporan Monev."""
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Exists, OuterRef
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from actionplan.selectors import visible_plans
from evidence.models import Evidence, EvidenceStatus
from reports import charts
from reports.forms import DashboardForm, ItemFilterForm, MonevForm
from reports.monev import monev_pdf, monev_report, monev_xlsx
from reports.selectors import as_of, dashboard, months_available, plan_items
from zi_tracker.downloads import PDF, XLSX, attachment


@login_not_required
def healthz(request):
    """For load balancers and monitoring: the app answers and its database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _as_of_month(request, plan, months):
    raw = request.GET.get("month", "")
    if not raw:
        return None
    if raw.isdigit() and int(raw) in months:
        return int(raw)
    messages.error(request, _("That month cannot be shown; showing today's figures."))
    return None


def items_url(plan, month=None, *, base: str | None = None, **filters) -> str:
    params = {k: v for k, v in {**filters, "month": month}.items() if v not in (None, "", False)}
    url = base or reverse("reports:items", args=[plan.pk])
    return f"{url}?{urlencode(params)}" if params else url


class DashboardFigures:
    """Everything the cached part of the dashboard shows; built only when the cache misses."""

    def __init__(self, plan, month, at):
        board = dashboard(plan=plan, at=at)
        base = reverse("reports:items", args=[plan.pk])
        link = lambda **f: items_url(plan, month, base=base, **f)  # noqa: E731
        for figures in board.areas:
            figures.href = link(area=figures.area.pk)
        for row in board.grid:
            for cell in row["cells"]:
                cell["href"] = link(area=row["area"].pk, in_month=cell["month"])
        for section in board.sections:
            section["href"] = link(section=section["id"]) if section["id"] else link()
        self.board = board
        self.area_chart = charts.area_bars(board.areas, href=lambda f: f.href)
        self.status_chart = charts.status_bar(board.status_counts, href=lambda s: link(status=s.value))
        self.line_chart = charts.progress_line(board.progress_line)
        self.links = {
            "all": link(),
            "late": link(status="terlambat"),
            "waiting": link(waiting=1),
            **{s: link(status=s) for s in board.status_counts},
        }


def dashboard_view(request, pk: int | None = None):
    """The plan's figures. Their HTML is cached per plan, figures version, day, month and language."""
    plans = list(visible_plans(user=request.user).order_by("-year", "unit__name"))
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
        "figures": SimpleLazyObject(lambda: DashboardFigures(plan, month, at)),
        "form": DashboardForm(initial={"plan": plan.pk, "month": month}, plans=plans, plan=plan, months=months),
        "monev_form": SimpleLazyObject(
            lambda: MonevForm(plan=plan, months=months, initial={"period": str(month or (months[-1] if months else 1))})
        ),
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
    if filters.get("waiting"):
        rows = rows.filter(Exists(Evidence.objects.filter(requirement__item=OuterRef("pk"), status=EvidenceStatus.DIAJUKAN)))
    rows = list(rows.order_by("area__order", "number"))
    return render(request, "reports/items.html", {"plan": plan, "rows": rows, "form": form, "at": at})


def _bad_period(request, plan):
    messages.error(request, _("Choose a month or quarter that has begun."))
    response = dashboard_view(request, pk=plan.pk)
    response.status_code = 400
    return response


def _monev_download(request, pk: int, *, render, extension: str, content_type: str):
    """The Laporan Monev for the period in ?period= (a month 1–12 or q1–q4); 400 with a message otherwise."""
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    form = MonevForm(request.GET, plan=plan, months=months_available(plan=plan))
    if not form.is_valid():
        return _bad_period(request, plan)
    report = monev_report(plan=plan, period=form.cleaned_data["period"])
    filename = f"monev-{report.slug}-{plan.file_stem}.{extension}"
    return attachment(render(report), filename=filename, content_type=content_type)


def monev_pdf_view(request, pk: int):
    return _monev_download(request, pk, render=monev_pdf, extension="pdf", content_type=PDF)


def monev_xlsx_view(request, pk: int):
    return _monev_download(request, pk, render=monev_xlsx, extension="xlsx", content_type=XLSX)
