"""The coordinator's page for a row's monthly targets: a plan of their own, or back to the even spread."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import require
from actionplan.forms_targets import ItemTargetsForm
from actionplan.selectors import visible_items
from actionplan.targets import is_even_spread, item_targets_set
from zi_tracker.forms import add_service_errors


def item_targets(request, pk: int):
    """GET the plan; POST "save" stores it, POST "even" goes back to the even spread (each with a reason)."""
    item = get_object_or_404(visible_items(user=request.user).prefetch_related("targets"), pk=pk)
    plan = item.area.plan
    require(request.user, plan.unit, "edit_rows")
    form = ItemTargetsForm(request.POST or None, item=item)
    if request.method == "POST":
        back_to_even = "even" in request.POST
        # Going back to the even spread needs only the reason: the figures typed do not matter.
        valid = form.is_valid() or (back_to_even and "reason" in form.cleaned_data)
        if valid:
            try:
                changed = item_targets_set(
                    item=item,
                    percents=None if back_to_even else form.percents(),
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if not changed:
                    messages.info(request, _("The targets of row %(code)s were not changed.") % {"code": item.code})
                elif back_to_even:
                    messages.success(request, _("Row %(code)s follows the even spread again.") % {"code": item.code})
                else:
                    messages.success(request, _("Targets of row %(code)s saved.") % {"code": item.code})
                return redirect(reverse("actionplan:item_detail", args=[item.pk]) + "#targets")
        messages.error(request, _("The targets were not saved. Please correct the errors below."))
    context = {"item": item, "plan": plan, "form": form, "even": is_even_spread(item)}
    return render(request, "actionplan/item_targets.html", context, status=400 if form.errors else 200)
