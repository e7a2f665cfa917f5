"""Import pages, pretix-style: start (upload) → preview (mapping, rows, problems) → confirm.

The uploaded file waits between the steps in MEDIA_ROOT/imports (never served by URL), named
by a random token that only the uploader's session knows; it is deleted on confirm and after a day.
"""

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import require, units_where
from actionplan.forms_import import MappingForm, NewPlanUploadForm, UploadForm
from actionplan.importing.reader import ImportFileError
from actionplan.importing.service import plan_import_confirm, plan_import_preview
from actionplan.importing.template import template_workbook
from actionplan.models import Plan
from actionplan.selectors import visible_plans

SESSION_KEY = "plan_imports"
KEEP_SECONDS = 24 * 3600


def _store() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    for old in path.glob("*.upload"):  # uploads nobody confirmed
        if old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    return path


def _start(request, upload, job: dict):
    token = secrets.token_urlsafe(24)
    with open(_store() / f"{token}.upload", "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    jobs = request.session.get(SESSION_KEY, {})
    jobs[token] = job | {"filename": upload.name, "mapping": None}
    request.session[SESSION_KEY] = jobs
    return redirect("actionplan:import_preview", token=token)


def import_new(request):
    """Start: a new draft plan of one of the user's units, from a file."""
    units = units_where(user=request.user, capability="author_plan").order_by("name")
    if not units.exists():
        raise PermissionDenied
    form = NewPlanUploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return _start(
            request,
            data["file"],
            {
                "unit": data["unit"].pk,
                "year": data["year"],
                "sheet": data["sheet"] or None,
                "plan_fields": {
                    "decree_number": data["decree_number"],
                    **({"title": data["title"]} if data["title"] else {}),
                },
            },
        )
    return render(
        request, "actionplan/import_start.html", {"form": form, "plan": None}, status=400 if form.errors else 200
    )


def import_into(request, pk: int):
    """Start: rows for an existing draft plan."""
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    require(request.user, plan.unit_id, "author_plan")
    if plan.status != Plan.Status.DRAFT:
        messages.error(request, _("Only a draft plan can be imported into; this plan is enacted."))
        return redirect("actionplan:plan_detail", pk=plan.pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _start(
            request, form.cleaned_data["file"], {"plan": plan.pk, "sheet": form.cleaned_data["sheet"] or None}
        )
    return render(
        request, "actionplan/import_start.html", {"form": form, "plan": plan}, status=400 if form.errors else 200
    )


def _job(request, token: str):
    """The session's import job, its file, and the plan or unit it is for (checked again each step)."""
    job = request.session.get(SESSION_KEY, {}).get(token)
    path = _store() / f"{token}.upload"
    if job is None or not path.exists():
        raise Http404
    if job.get("plan"):
        plan = get_object_or_404(visible_plans(user=request.user), pk=job["plan"])
        require(request.user, plan.unit_id, "author_plan")
        return job, path, {"plan": plan}
    unit = get_object_or_404(units_where(user=request.user, capability="author_plan"), pk=job["unit"])
    return job, path, {"unit": unit, "year": job["year"]}


def import_preview(request, token: str):
    """Preview: the mapping as selects (change and re-preview), the rows as they will be made, problems."""
    job, path, target = _job(request, token)
    data = path.read_bytes()
    preview = plan_import_preview(file=data, mapping=job["mapping"], sheet=job["sheet"], **target)
    form = MappingForm(request.POST or None, columns=preview.columns, mapping=preview.mapping)
    if request.method == "POST" and form.is_valid():
        jobs = request.session[SESSION_KEY]
        jobs[token]["mapping"] = form.mapping()
        request.session[SESSION_KEY] = jobs
        if "confirm" not in request.POST or form.mapping() != preview.mapping:
            return redirect("actionplan:import_preview", token=token)
        try:
            result = plan_import_confirm(
                file=data,
                mapping=form.mapping(),
                sheet=job["sheet"],
                by=request.user,
                plan_fields=job.get("plan_fields"),
                **target,
            )
        except ImportFileError as error:
            for problem in error.problems[:5]:
                messages.error(request, str(problem))
        else:
            path.unlink(missing_ok=True)
            del jobs[token]
            request.session[SESSION_KEY] = jobs
            messages.success(
                request,
                _("Imported: %(areas)s new areas, %(rows)s new rows, %(changed)s changed rows, %(reqs)s new documents.")
                % {
                    "areas": result.created_areas,
                    "rows": result.created_rows,
                    "changed": result.changed_rows,
                    "reqs": result.created_requirements,
                },
            )
            return redirect("actionplan:plan_detail", pk=result.plan.pk)
    context = {"preview": preview, "form": form, "token": token, "filename": job["filename"], **target}
    return render(request, "actionplan/import_preview.html", context, status=200 if preview.ok else 422)


def import_template(request):
    """An empty plan table in the Lampiran layout, for an office to fill in."""
    if not units_where(user=request.user, capability="author_plan").exists():
        raise PermissionDenied
    response = HttpResponse(
        template_workbook(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="templat-rencana-aksi.xlsx"'
    return response
