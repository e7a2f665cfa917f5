"""Authoring pages: create a plan, edit its decree, areas, rows and requirements, enact it, copy it, its history.

Objects are found through the draft-aware scoping selectors (404 outside the user's scope, or a
draft they may not see), then `require(..., "author_plan")` (403). The writes are the services
of actionplan/authoring.py and actionplan/copying.py; their refusals come back as messages.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require, units_where
from actionplan import authoring
from actionplan.copying import plan_copy
from actionplan.forms_authoring import (
    AreaForm,
    ConfirmForm,
    CopyForm,
    ItemAddForm,
    MoveForm,
    PlanForm,
    RequirementForm,
    clause_formsets,
    clauses_of,
)
from actionplan.models import Area, EvidenceRequirement
from actionplan.plan_history import plan_history
from actionplan.selectors import visible_items, visible_plans
from zi_tracker.forms import add_service_errors


def _plan(request, pk):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    require(request.user, plan.unit_id, "author_plan")
    return plan


def _area(request, pk):
    area = get_object_or_404(
        Area.objects.filter(plan__in=visible_plans(user=request.user)).select_related("plan__unit"), pk=pk
    )
    require(request.user, area.plan.unit_id, "author_plan")
    return area


def _item(request, pk):
    item = get_object_or_404(visible_items(user=request.user), pk=pk)
    require(request.user, item.area.plan.unit_id, "author_plan")
    return item


def _requirement(request, pk):
    requirement = get_object_or_404(
        EvidenceRequirement.objects.filter(item__in=visible_items(user=request.user)).select_related(
            "item__area__plan__unit"
        ),
        pk=pk,
    )
    require(request.user, requirement.item.area.plan.unit_id, "author_plan")
    return requirement


def _plan_url(plan, anchor=""):
    """Back to the plan page with its authoring controls (a draft always shows them, an enacted plan in ?edit=1)."""
    edit = "?edit=1" if plan.status == plan.Status.DITETAPKAN else ""
    return reverse("actionplan:plan_detail", args=[plan.pk]) + edit + anchor


def _page(request, template, context, form):
    return render(
        request, f"actionplan/authoring/{template}", context | {"form": form}, status=400 if form.errors else 200
    )


# The plan and its decree


def plan_create(request):
    units = units_where(user=request.user, capability="author_plan").order_by("name")
    if not units.exists():
        raise PermissionDenied
    form = PlanForm(request.POST or None, units=units)
    formsets = clause_formsets(form.instance, request.POST or None)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        try:
            with transaction.atomic():
                plan = authoring.plan_create(unit=form.cleaned_data["unit"], data=data, by=request.user)
                for part, formset in formsets.items():
                    authoring.clauses_save(plan=plan, part=part, clauses=clauses_of(formset), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Draft plan created. Add its areas and rows below."))
            return redirect(_plan_url(plan))
    return _page(request, "plan_form.html", {"plan": None, "formsets": formsets}, form)


def plan_edit(request, pk: int):
    """The decree's data and its Menimbang, Mengingat and diktum clauses, in one form."""
    plan = _plan(request, pk)
    form = PlanForm(request.POST or None, instance=plan)
    formsets = clause_formsets(plan, request.POST or None)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        reason = form.cleaned_data["reason"]
        data = {k: v for k, v in form.cleaned_data.items() if k in form.Meta.fields and k in form.fields}
        try:
            with transaction.atomic():
                if form.has_changed() and form.changed_data != ["reason"]:
                    authoring.plan_update(plan=plan, data=data, by=request.user, reason=reason)
                for part, formset in formsets.items():
                    if formset.has_changed():
                        authoring.clauses_save(
                            plan=plan, part=part, clauses=clauses_of(formset), by=request.user, reason=reason
                        )
        except ValidationError as error:
            add_service_errors(form, error)
            plan.refresh_from_db()
        else:
            messages.success(request, _("Decree saved."))
            return redirect("actionplan:plan_detail", pk=plan.pk)
    return _page(request, "plan_form.html", {"plan": plan, "formsets": formsets}, form)


def plan_enact(request, pk: int):
    """Tetapkan: a confirmation page, then the plan is enacted and visible to every member."""
    plan = _plan(request, pk)
    form = ConfirmForm(request.POST or None, reason=False, submit=_("Enact the plan"))
    if request.method == "POST" and form.is_valid():
        try:
            authoring.plan_enact(plan=plan, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan is enacted (ditetapkan): every member of the unit now sees it."))
            return redirect("actionplan:plan_detail", pk=plan.pk)
    return _page(request, "plan_enact.html", {"plan": plan}, form)


def plan_copy_view(request, pk: int):
    """Copy the plan to another year, as a new draft."""
    plan = _plan(request, pk)
    form = CopyForm(request.POST or None, initial={"year": plan.year + 1, "decree_number": plan.decree_number})
    if request.method == "POST" and form.is_valid():
        try:
            copy = plan_copy(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Copied to %(year)s as a draft: check its decree and rows, then enact it.") % {"year": copy.year},
            )
            return redirect(_plan_url(copy))
    return _page(request, "plan_copy.html", {"plan": plan}, form)


def plan_history_view(request, pk: int):
    plan = _plan(request, pk)
    return render(request, "actionplan/authoring/plan_history.html", {"plan": plan, "events": plan_history(plan=plan)})


# Areas


def area_add(request, pk: int):
    plan = _plan(request, pk)
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = authoring.area_add(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Area %(area)s added.") % {"area": area.numeral})
            return redirect(_plan_url(plan, f"#area-{area.pk}"))
    return _page(request, "area_form.html", {"plan": plan, "area": None}, form)


def area_edit(request, pk: int):
    area = _area(request, pk)
    form = AreaForm(request.POST or None, initial={"numeral": area.numeral, "title": area.title})
    if request.method == "POST" and form.is_valid():
        try:
            authoring.area_update(area=area, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Area %(area)s saved.") % {"area": area.numeral})
            return redirect(_plan_url(area.plan, f"#area-{area.pk}"))
    return _page(request, "area_form.html", {"plan": area.plan, "area": area}, form)


def _move(request, plan, service, what: str):
    """Move up or down: one click on a draft; on an enacted plan, a page asking the reason first."""
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Move up or down?"))
    try:
        service(by=request.user, direction=form.cleaned_data["direction"], reason=form.cleaned_data["reason"])
    except ValidationError as error:
        add_service_errors(form, error)
        return _page(request, "move_confirm.html", {"plan": plan, "what": what}, form)
    return redirect(_plan_url(plan, f"#{what}"))


@require_POST
def area_move(request, pk: int):
    area = _area(request, pk)
    return _move(request, area.plan, lambda **kw: authoring.area_move(area=area, **kw), f"area-{area.pk}")


def _remove(request, *, plan, service, title: str, back: str, done: str, done_url: str = ""):
    form = ConfirmForm(request.POST or None, reason=plan.status == plan.Status.DITETAPKAN, submit=_("Remove"))
    if request.method == "POST" and form.is_valid():
        try:
            service(by=request.user, reason=form.cleaned_data.get("reason", ""))
        except ValidationError as error:
            if hasattr(error, "error_dict"):  # a reason is missing: ask on the same page
                add_service_errors(form, error)
            else:  # refused (progress or evidence hangs on it): say so where the user came from
                messages.error(request, " ".join(error.messages))
                return redirect(back)
        else:
            messages.success(request, done)
            return redirect(done_url or _plan_url(plan))
    return _page(request, "remove_confirm.html", {"plan": plan, "title": title, "back": back}, form)


def area_remove(request, pk: int):
    area = _area(request, pk)
    return _remove(
        request,
        plan=area.plan,
        service=lambda **kw: authoring.area_remove(area=area, **kw),
        title=_("Remove area %(area)s and its rows?") % {"area": str(area)},
        back=_plan_url(area.plan, f"#area-{area.pk}"),
        done=_("Area %(area)s removed.") % {"area": area.numeral},
    )


# Rows


def item_add(request, pk: int):
    area = _area(request, pk)
    form = ItemAddForm(request.POST or None, plan=area.plan, instance=area.items.model(area=area))
    if request.method == "POST" and form.is_valid():
        try:
            item = authoring.item_add(
                area=area,
                data=form.row_data(),
                requirements=form.cleaned_data["requirements"].splitlines(),
                pics=form.cleaned_data["pics"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Row %(code)s added.") % {"code": item.code})
            return redirect(_plan_url(area.plan, f"#item-{item.pk}"))
    return _page(request, "item_add.html", {"plan": area.plan, "area": area}, form)


@require_POST
def item_move(request, pk: int):
    item = _item(request, pk)
    return _move(request, item.area.plan, lambda **kw: authoring.item_move(item=item, **kw), f"item-{item.pk}")


def item_remove(request, pk: int):
    item = _item(request, pk)
    return _remove(
        request,
        plan=item.area.plan,
        service=lambda **kw: authoring.item_remove(item=item, **kw),
        title=_("Remove row %(code)s?") % {"code": item.code},
        back=_plan_url(item.area.plan, f"#item-{item.pk}"),
        done=_("Row %(code)s removed.") % {"code": item.code},
    )


# A row's required evidence


def item_requirements(request, pk: int):
    """The row's required documents: add one here, edit or remove each."""
    item = _item(request, pk)
    form = RequirementForm(request.POST or None, submit=_("Add"))
    if request.method == "POST" and form.is_valid():
        try:
            authoring.requirement_add(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Document added."))
            return redirect("actionplan:item_requirements", pk=item.pk)
    context = {"plan": item.area.plan, "item": item, "requirements": item.requirements.order_by("order")}
    return _page(request, "item_requirements.html", context, form)


def requirement_edit(request, pk: int):
    requirement = _requirement(request, pk)
    item = requirement.item
    form = RequirementForm(request.POST or None, initial={"name": requirement.name})
    if request.method == "POST" and form.is_valid():
        try:
            authoring.requirement_update(requirement=requirement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Document saved."))
            return redirect("actionplan:item_requirements", pk=item.pk)
    return _page(request, "requirement_form.html", {"plan": item.area.plan, "item": item}, form)


def requirement_remove(request, pk: int):
    requirement = _requirement(request, pk)
    item = requirement.item
    back = reverse("actionplan:item_requirements", args=[item.pk])
    return _remove(
        request,
        plan=item.area.plan,
        service=lambda **kw: authoring.requirement_remove(requirement=requirement, **kw),
        title=_("Remove “%(name)s” from row %(code)s?") % {"name": requirement.name, "code": item.code},
        back=back,
        done=_("Document removed."),
        done_url=back,
    )
