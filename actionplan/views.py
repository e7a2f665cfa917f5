"""Plan pages: where "/" lands, the plan list, the row editor, closing months, the Lampiran and decree as files."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from accounts.permissions import require, units_where
from actionplan.forms import ActionItemForm, MonthClosingForm
from actionplan.pdf import decree_pdf, lampiran_pdf
from actionplan.selectors import plan_months, unreported_items, visible_items, visible_plans
from actionplan.services import item_update, month_close, month_reopen
from actionplan.xlsx import lampiran_workbook
from zi_tracker.downloads import PDF, XLSX, attachment


def home(request):
    """Staff land on their work, leadership on the dashboard, others on the plan (or the list)."""
    if units_where(user=request.user, capability="lands_on_my_work").exists():
        return redirect("actionplan:my_work")
    # A province's (or KPU RI's) leadership and assessors land on the roll-up of the units below them.
    if units_where(user=request.user, capability="lands_on_rollup").filter(children__isnull=False).exists():
        return redirect("rollup:home")
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


# The plan page, a row's page (with its progress form's POST) and "Pekerjaan saya" show rows with
# their evidence, so evidence/pages.py composes them (actionplan does not import evidence).


def item_edit(request, pk: int):
    item = get_object_or_404(visible_items(user=request.user), pk=pk)
    plan = item.area.plan
    require(request.user, plan.unit, "edit_rows")
    form = ActionItemForm(request.POST or None, instance=item, plan=plan)
    if request.method == "POST":
        if form.is_valid():
            changed = item_update(
                item=item, data=form.cleaned_data, by=request.user, reason=form.cleaned_data["reason"]
            )
            if changed:
                messages.success(request, _("Row %(code)s saved.") % {"code": item.code})
            else:
                messages.info(request, _("Nothing was changed in row %(code)s.") % {"code": item.code})
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
            context = {
                "plan": plan,
                "month": month,
                "month_name": MONTHS[month],
                "unreported": unreported_items(plan=plan, month=month),
            }
            return render(request, "actionplan/month_close_confirm.html", context)
        return redirect("actionplan:plan_months", pk=plan.pk)
    return render(request, "actionplan/plan_months.html", {"plan": plan, "months": plan_months(plan=plan)})


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
