"""Plan pages: the plan list, the Lampiran as a table and as files, one row, and the row editor."""
from io import BytesIO

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.selectors import user_roles
from actionplan.forms import ActionItemForm, LampiranFilterForm
from actionplan.models import MONTH_CHOICES
from actionplan.pdf import decree_pdf, lampiran_pdf
from actionplan.selectors import ensure_role, item_detail, plan_lampiran, visible_items, visible_plans
from actionplan.xlsx import lampiran_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def home(request):
    """Straight to the plan when the user has exactly one; otherwise the list."""
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
    areas = plan_lampiran(plan=plan, **filters)
    context = {
        "plan": plan,
        "areas": areas,
        "form": form,
        "filtered": bool(filters),
        "row_count": sum(len(a.rows) for a in areas),
        "roles": user_roles(user=request.user, unit=plan.unit),
    }
    return render(request, "actionplan/plan_detail.html", context)


def item_detail_view(request, pk: int):
    item = item_detail(user=request.user, pk=pk)
    if item is None:
        raise Http404
    context = {
        "item": item,
        "plan": item.area.plan,
        "months": MONTH_CHOICES,
        "roles": user_roles(user=request.user, unit=item.area.plan.unit),
    }
    return render(request, "actionplan/item_detail.html", context)


def item_edit(request, pk: int):
    item = get_object_or_404(visible_items(user=request.user), pk=pk)
    plan = item.area.plan
    ensure_role(user=request.user, unit=plan.unit, roles={Role.KOORDINATOR})
    form = ActionItemForm(request.POST or None, instance=item, plan=plan)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("Row %(code)s saved.") % {"code": item.code})
            return redirect("actionplan:item_detail", pk=item.pk)
        messages.error(request, _("The row was not saved. Please correct the errors below."))
    return render(request, "actionplan/item_edit.html", {"item": item, "plan": plan, "form": form}, status=400 if form.errors else 200)


def _download(content: bytes, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(BytesIO(content), as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def plan_lampiran_pdf(request, pk: int):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    return _download(lampiran_pdf(plan), f"lampiran-{plan.file_stem}.pdf", "application/pdf")


def plan_decree_pdf(request, pk: int):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    return _download(decree_pdf(plan), f"keputusan-{plan.file_stem}.pdf", "application/pdf")


def plan_lampiran_xlsx(request, pk: int):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    return _download(lampiran_workbook(plan), f"lampiran-{plan.file_stem}.xlsx", XLSX)
