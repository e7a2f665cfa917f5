"""LKE pages of a plan: the sheet with both columns, a section's form, the score with its simulator."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.permissions import require
from actionplan.selectors import visible_items, visible_plans
from evidence.uploads import oversize_errors
from lke.forms import ImportForm, ItemLinksForm, SectionForm, WbkForm
from lke.models import ItemLink, SubIndikator
from lke.selectors import (
    catalogue_sections,
    current_version,
    evidence_choices,
    pic_area_numbers,
    plan_assessment_scored,
    plan_gaps,
    upload_requirements,
    wbk_history,
)
from lke.services import assessment_wbk_set, item_links_set, section_save, workbook_apply
from lke.workbook import assessment_workbook
from lke.workbook_import import WorkbookError, workbook_parse
from zi_tracker.downloads import XLSX, attachment
from zi_tracker.forms import add_service_errors


def _plan(request, pk: int, capability: str):
    plan = get_object_or_404(visible_plans(user=request.user).select_related("unit"), pk=pk)
    caps = require(request.user, plan.unit_id, capability)
    return plan, caps


def lke_home(request):
    """The menu's entry: the one plan's LKE, or the plans to choose from."""
    plans = list(visible_plans(user=request.user).select_related("unit").order_by("-year", "unit__name"))
    if len(plans) == 1:
        return redirect("lke:assessment", pk=plans[0].pk)
    return render(request, "lke/home.html", {"plans": plans})


def may_answer(*, user, plan, caps, section) -> bool:
    """Coordinators answer every section; PICs the Pengungkit sections of the areas of their rows."""
    if caps.lke_answer_any_area:
        return True
    if not caps.lke_answer or section.area is None:
        return False
    return section.area.number in pic_area_numbers(user=user, plan=plan)


def assessment_view(request, pk: int):
    """The LKE as the official sheet lays it out, the unit's and the TPI's columns side by side."""
    plan, caps = _plan(request, pk, "lke_view")
    scored = plan_assessment_scored(plan=plan)
    sections = catalogue_sections(version=scored.assessment.version)
    pic_areas = pic_area_numbers(user=request.user, plan=plan) if caps.lke_answer else set()
    unanswered = {"unit": [], "tpi": []}  # in the sheet's order, each question named by its numbering
    for section in sections:
        section.may_answer = caps.lke_answer_any_area or (
            caps.lke_answer and section.area is not None and section.area.number in pic_areas
        )
        for si in section.sub_indikator:
            si.unit_value = scored.unit.sub_indikator[si.pk]
            si.tpi_value = scored.tpi.sub_indikator[si.pk]
            si.rows = [
                (q, scored.answers.get(q.pk), scored.unit.values[q.pk], scored.tpi.values[q.pk])
                for q in si.pertanyaan.all()
            ]
            for q in si.pertanyaan.all():
                label = si.numbering + ("" if q.code == "-" else f".{q.code}")
                for column, score in (("unit", scored.unit), ("tpi", scored.tpi)):
                    if score.values[q.pk] is None:
                        unanswered[column].append((q, label))
    context = {"plan": plan, "caps": caps, "scored": scored, "sections": sections, "unanswered": unanswered}
    return render(request, "lke/assessment.html", context)


def section_edit(request, pk: int):
    """One section's form for one column: ?section=pemenuhan-1&column=unit (or tpi)."""
    column = request.GET.get("column", "unit")
    if column not in ("unit", "tpi"):
        raise Http404
    plan, caps = _plan(request, pk, "lke_answer" if column == "unit" else "lke_review")
    scored = plan_assessment_scored(plan=plan)
    version = scored.assessment.version
    sections = {s.key: s for s in catalogue_sections(version=version)}
    section = sections.get(request.GET.get("section", ""))
    if section is None:
        raise Http404
    if column == "unit" and not may_answer(user=request.user, plan=plan, caps=caps, section=section):
        raise PermissionDenied
    choices = uploadable = None
    if column == "unit":
        linked = {
            si.pk: {
                doc.pk
                for q in si.pertanyaan.all()
                if q.pk in scored.answers
                for doc in scored.answers[q.pk].evidence.all()
            }
            for si in section.sub_indikator
        }
        choices = evidence_choices(plan=plan, sub_indikator=section.sub_indikator, linked=linked)
        uploadable = upload_requirements(user=request.user, plan=plan, caps=caps, sub_indikator=section.sub_indikator)
    form = SectionForm(
        request.POST or None,
        request.FILES or None,
        section=section,
        column=column,
        answer_types=version.answer_types,
        answers=scored.answers,
        evidence_choices=choices,
        upload_choices=uploadable,
    )
    if request.method == "POST":
        oversize = oversize_errors(request)
        if form.is_valid() and not oversize:
            try:
                changed, documents = section_save(
                    plan=plan, column=column, rows=form.rows(), uploads=form.uploads(), by=request.user
                )
            except ValidationError as error:
                oversize.extend(error.messages)
            else:
                messages.success(
                    request, _("%(section)s saved: %(n)d answers changed.") % {"section": section.title, "n": changed}
                )
                if documents:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d file submitted for review and linked to its answer.",
                            "%(count)d files submitted for review and linked to their answers.",
                            len(documents),
                        )
                        % {"count": len(documents)},
                    )
                return redirect(f"{request.path}?section={section.key}&column={column}")
        for message in oversize:
            messages.error(request, message)
        messages.error(request, _("Nothing was saved. Please correct the answers marked below."))
        status = 400
    else:
        status = 200
    other = "tpi" if column == "unit" else "unit"
    blocks = []
    for si in section.sub_indikator:
        questions = []
        for q in si.pertanyaan.all():
            answer = scored.answers.get(q.pk)
            names = [f"q{q.pk}_answer"] + [f"q{q.pk}_c_{i['key']}" for i in q.inputs if "sum_of" not in i]
            upload = [form[n] for n in (f"q{q.pk}_upload_requirement", f"q{q.pk}_upload") if n in form.fields]
            questions.append(
                {
                    "q": q,
                    "fields": [form[n] for n in names if n in form.fields],
                    "note": form[f"q{q.pk}_note"],
                    "evidence": form[f"q{q.pk}_evidence"] if f"q{q.pk}_evidence" in form.fields else None,
                    "linked": list(answer.evidence.all()) if answer else [],
                    "upload": upload,
                    "upload_open": any(field.errors for field in upload),
                    "upload_rows": sorted({r.item.code for r in (uploadable or {}).get(si.pk, [])}),
                    "other_answer": getattr(answer, f"{other}_answer", "") if answer else "",
                    "other_counts": getattr(answer, f"{other}_counts", {}) if answer else {},
                    "other_note": getattr(answer, f"{other}_note", "") if answer else "",
                }
            )
        blocks.append({"si": si, "questions": questions, "upload_hint": column == "unit" and not uploadable.get(si.pk)})
    context = {
        "plan": plan,
        "caps": caps,
        "scored": scored,
        "section": section,
        "column": column,
        "form": form,
        "blocks": blocks,
        "sections": sections.values(),
    }
    return render(request, "lke/section_edit.html", context, status=status)


def score_view(request, pk: int):
    """The figures and the predicate verdict of both columns, and the "what if" simulator."""
    plan, caps = _plan(request, pk, "lke_view")
    scored = plan_assessment_scored(plan=plan)
    sections = catalogue_sections(version=scored.assessment.version)
    saved = {qid: {"answer": a.unit_answer, "counts": a.unit_counts} for qid, a in scored.answers.items()}
    simulator = {"catalogue": scored.catalogue, "answers": saved, "holds_wbk": scored.assessment.holds_wbk}
    context = {
        "plan": plan,
        "caps": caps,
        "scored": scored,
        "sections": sections,
        "simulator": simulator,
        "saved_answers": saved,
        "columns": [(_("Unit's assessment"), scored.unit), (_("TPI's assessment"), scored.tpi)],
    }
    return render(request, "lke/score.html", context)


def wbk_edit(request, pk: int):
    """Record that the unit holds Menuju WBK (the WBBM precondition) and the decree that granted it.

    The decree is the Minister's after the TPN's evaluation, or the instansi's own after an evaluasi
    mandiri (PermenPAN-RB 5/2024 Bab II.B: that predicate counts the same, WBBM proposals included).
    Whoever answers the whole unit's column (`lke_answer_any_area`: the coordinator) records it, as
    they record every other input of the unit's verdict; every change is kept in the history shown here.
    """
    plan, caps = _plan(request, pk, "lke_answer_any_area")
    scored = plan_assessment_scored(plan=plan)
    assessment = scored.assessment
    initial = {
        "holds_wbk": assessment.holds_wbk,
        "granted_by": assessment.wbk_granted_by,
        "decree_number": assessment.wbk_decree_number,
        "decree_date": assessment.wbk_decree_date,
    }
    form = WbkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment_wbk_set(
                plan=plan,
                holds_wbk=data["holds_wbk"],
                granted_by=data["granted_by"],
                decree_number=data["decree_number"],
                decree_date=data["decree_date"],
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, _wbk_field_errors(error))
        else:
            messages.success(request, _("The Menuju WBK record is saved."))
            return redirect("lke:score", pk=plan.pk)
    if form.errors:
        messages.error(request, _("Nothing was saved. Please correct the fields marked below."))
    context = {
        "plan": plan,
        "caps": caps,
        "scored": scored,
        "form": form,
        "history": wbk_history(assessment=assessment),
    }
    return render(request, "lke/wbk.html", context, status=400 if form.errors else 200)


def _wbk_field_errors(error: ValidationError) -> ValidationError:
    """Assessment.clean's errors under the form's field names."""
    names = {"wbk_granted_by": "granted_by", "wbk_decree_number": "decree_number", "wbk_decree_date": "decree_date"}
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(field, field): errors for field, errors in error.error_dict.items()})


def gaps_view(request, pk: int):
    """What the plan does not work on, weighted by what it is worth, and rows serving no sub-indikator."""
    plan, caps = _plan(request, pk, "lke_view")
    scored = plan_assessment_scored(plan=plan)
    gaps = plan_gaps(plan=plan, scored=scored)
    return render(request, "lke/gaps.html", {"plan": plan, "caps": caps, "scored": scored, "gaps": gaps})


def item_links(request, pk: int):
    """The coordinator sets which sub-indikator a plan row serves."""
    item = get_object_or_404(visible_items(user=request.user).select_related("area__plan__unit"), pk=pk)
    plan = item.area.plan
    caps = require(request.user, plan.unit_id, "lke_link_rows")
    scored = plan_assessment_scored(plan=plan)
    sections = catalogue_sections(version=scored.assessment.version)
    current = list(ItemLink.objects.filter(item=item).values_list("sub_indikator_id", "reason"))
    initial = {"sub_indikator": [si for si, _ in current], "reason": current[0][1] if current else ""}
    form = ItemLinksForm(request.POST or None, sections=sections, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            chosen = SubIndikator.objects.filter(
                pk__in=form.cleaned_data["sub_indikator"], sub_komponen__komponen__version=scored.assessment.version
            )
            item_links_set(item=item, sub_indikator=list(chosen), reason=form.cleaned_data["reason"])
            messages.success(
                request, _("Row %(code)s now serves %(n)d sub-indikator.") % {"code": item.code, "n": len(chosen)}
            )
            return redirect("lke:gaps", pk=plan.pk)
        messages.error(request, _("Nothing was saved. Choose sub-indikator from the list."))
    context = {"plan": plan, "caps": caps, "scored": scored, "item": item, "form": form}
    return render(request, "lke/item_links.html", context, status=400 if form.errors else 200)


def summary_fragment(request, pk: int):
    """The dashboard's LKE card (fetched by static/js/lke.js): both columns' totals and verdicts."""
    plan, caps = _plan(request, pk, "lke_view")
    if current_version() is None:  # a database without the catalogue (emptied by a test): no card
        return HttpResponse(status=204)
    scored = plan_assessment_scored(plan=plan)
    columns = [(_("Unit's assessment"), scored.unit), (_("TPI's assessment"), scored.tpi)]
    context = {"plan": plan, "caps": caps, "columns": columns, "assessment": scored.assessment}
    return render(request, "lke/partials/summary.html", context)


IMPORT_SALT = "lke.workbook_import"


def export_xlsx(request, pk: int):
    """The assessment as the official LKE workbook, both columns, ready to hand in."""
    plan, caps = _plan(request, pk, "lke_view")
    require(request.user, plan.unit_id, "export")
    scored = plan_assessment_scored(plan=plan)
    content = assessment_workbook(scored=scored, unit_name=plan.unit.name)
    return attachment(content, filename=f"LKE {plan.unit.short_name} {plan.year}.xlsx", content_type=XLSX)


def import_xlsx(request, pk: int):
    """Upload a filled LKE workbook → preview what matched, what did not and where its Nilai differs
    → confirm. Nothing is written before the confirmation, and nothing at all if a row is wrong."""
    plan, caps = _plan(request, pk, "lke_import")
    scored = plan_assessment_scored(plan=plan)
    context = {"plan": plan, "caps": caps, "scored": scored}
    if request.method == "POST" and "confirm" in request.POST:
        try:
            answers = signing.loads(request.POST["confirm"], salt=IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("The preview has expired. Please upload the workbook again."))
            return redirect("lke:import", pk=plan.pk)
        changed = workbook_apply(plan=plan, answers=answers, by=request.user)
        messages.success(request, _("Workbook imported: %(n)d answers changed.") % {"n": changed})
        return redirect("lke:assessment", pk=plan.pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            parsed = workbook_parse(content=form.cleaned_data["workbook"].read(), version=scored.assessment.version)
        except WorkbookError as error:
            form.add_error("workbook", str(error))
        else:
            context["parsed"] = parsed
            if not parsed.errors:
                context["token"] = signing.dumps(parsed.answers_for_saving(), salt=IMPORT_SALT, compress=True)
            return render(request, "lke/import.html", context, status=400 if parsed.errors else 200)
    context["form"] = form
    return render(request, "lke/import.html", context, status=400 if form.errors else 200)
