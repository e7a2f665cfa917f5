"""The unit's letterhead (kop surat) page: its coordinator sets the logo, heading and address."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.letterhead import LOGO_MAX_BYTES, letterhead_save, logo_bytes
from accounts.models import Unit
from accounts.permissions import require, scoped
from monitoring.forms import LetterheadForm
from zi_tracker.forms import add_service_errors


def letterhead_edit(request, pk: int):
    unit = get_object_or_404(scoped(Unit.objects.all(), user=request.user, unit_path=""), pk=pk)
    require(request.user, unit, "edit_letterhead")
    initial = {"letterhead_name": unit.letterhead_name, "address": unit.address}
    form = LetterheadForm(request.POST or None, request.FILES or None, initial=initial)
    oversize = getattr(request, "oversize_uploads", [])
    if request.method == "POST" and form.is_valid() and not oversize:
        try:
            letterhead_save(
                unit=unit,
                name=form.cleaned_data["letterhead_name"],
                address=form.cleaned_data["address"],
                logo=form.cleaned_data["logo"],
                remove_logo=form.cleaned_data["remove_logo"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The letterhead of %(unit)s is saved.") % {"unit": unit.name})
            return redirect("monitoring:letterhead", pk=unit.pk)
    if oversize:
        form.add_error("logo", _("The logo may be at most %(limit)s.") % {"limit": f"{LOGO_MAX_BYTES // 1024} KB"})
    if form.errors:
        messages.error(request, _("Nothing was saved. Please correct the errors below."))
    return render(
        request, "monitoring/letterhead.html", {"unit": unit, "form": form}, status=400 if form.errors else 200
    )


def letterhead_logo(request, pk: int):
    """The unit's logo for its own members' pages (the PDFs embed it); 404 outside the unit or without one."""
    unit = get_object_or_404(scoped(Unit.objects.all(), user=request.user, unit_path=""), pk=pk)
    found = logo_bytes(unit)
    if found is None:
        raise Http404
    content, mime = found
    response = HttpResponse(content, content_type=mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
