"""Monev pages: a plan's meetings, one meeting with its recommendations, one recommendation and its follow-up."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import capabilities, require
from actionplan.selectors import visible_plans
from evidence.names import download_name
from evidence.uploads import oversize_errors
from monitoring.forms import FollowUpForm, RecommendationForm, ReopenForm, SessionForm, owner_value
from monitoring.periods import months_begun
from monitoring.selectors import (
    CARD_ROWS,
    carried_recommendations,
    may_follow_up,
    my_open_recommendations,
    owner_choices,
    plan_open_recommendations,
    plan_sessions,
    session_recommendations,
    visible_documents,
    visible_recommendations,
    visible_sessions,
    with_documents,
)
from monitoring.services import (
    recommendation_add,
    recommendation_follow_up,
    recommendation_reopen,
    recommendation_update,
    session_save,
)
from zi_tracker.forms import add_service_errors
from zi_tracker.template_filters import display_name


def session_list(request, pk: int):
    """The plan's Monev meetings, newest first, with their open and done recommendations: 8 queries with the menu."""
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    context = {
        "plan": plan,
        "sessions": plan_sessions(plan=plan),
        "caps": capabilities(user=request.user, unit=plan.unit_id),
    }
    return render(request, "monitoring/session_list.html", context)


def _session_form_page(request, plan, *, session=None):
    require(request.user, plan.unit_id, "record_monev")
    months = months_begun(year=plan.year, today=timezone.localdate())
    if not months:
        messages.error(request, _("The plan's year has not begun: there is no period to review yet."))
        return redirect("monitoring:sessions", pk=plan.pk)
    fields = ("period", "held_on", "place", "attendees", "conclusions")
    initial = {name: getattr(session, name) for name in fields} if session else {"place": plan.unit.city}
    form = SessionForm(request.POST or None, plan=plan, months=months, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = session_save(plan=plan, data=form.cleaned_data, by=request.user, session=session)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Monev meeting of %(period)s saved.") % {"period": saved.period_obj.label})
            return redirect("monitoring:session", pk=saved.pk)
    if form.errors:
        messages.error(request, _("The meeting was not saved. Please correct the errors below."))
    context = {"plan": plan, "session": session, "form": form}
    return render(request, "monitoring/session_form.html", context, status=400 if form.errors else 200)


def session_create(request, pk: int):
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    return _session_form_page(request, plan)


def session_edit(request, pk: int):
    session = get_object_or_404(visible_sessions(user=request.user), pk=pk)
    return _session_form_page(request, session.plan, session=session)


def _recommendation_form(plan, data=None, **kwargs):
    sections, people = owner_choices(unit_id=plan.unit_id)
    return RecommendationForm(data, sections=sections, people=people, **kwargs)


def _session_page(request, session, *, form=None, status=200):
    """The meeting: attendees, conclusions, its recommendations, and what became of the previous ones."""
    caps = capabilities(user=request.user, unit=session.plan.unit_id)
    if caps.record_monev and form is None:
        form = _recommendation_form(session.plan)
    context = {
        "session": session,
        "plan": session.plan,
        "caps": caps,
        "recommendations": session_recommendations(session=session),
        "carried": carried_recommendations(session=session),
        "form": form if caps.record_monev else None,
        "today": timezone.localdate(),
    }
    return render(request, "monitoring/session_detail.html", context, status=status)


def session_detail(request, pk: int):
    return _session_page(request, get_object_or_404(visible_sessions(user=request.user), pk=pk))


@require_POST
def recommendation_create(request, pk: int):
    session = get_object_or_404(visible_sessions(user=request.user), pk=pk)
    require(request.user, session.plan.unit_id, "record_monev")
    form = _recommendation_form(session.plan, request.POST)
    if form.is_valid():
        try:
            recommendation = recommendation_add(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Recommendation %(number)s added; %(owner)s will be notified.")
                % {"number": recommendation.number, "owner": _owner_name(recommendation)},
            )
            return redirect(f"{session_url(session)}#recommendations")
    messages.error(request, _("The recommendation was not saved. Please correct the errors below."))
    return _session_page(request, session, form=form, status=400)


def session_url(session) -> str:
    return reverse("monitoring:session", args=[session.pk])


def _owner_name(recommendation) -> str:
    return (
        display_name(recommendation.owner_user) if recommendation.owner_user_id else recommendation.owner_section.name
    )


def _recommendation(request, pk: int):
    return get_object_or_404(with_documents(visible_recommendations(user=request.user)), pk=pk)


def _recommendation_page(request, recommendation, *, follow_up_form=None, reopen_form=None, status=200):
    caps = capabilities(user=request.user, unit=recommendation.session.plan.unit_id)
    may_act = not recommendation.is_done and may_follow_up(user=request.user, recommendation=recommendation, caps=caps)
    context = {
        "recommendation": recommendation,
        "session": recommendation.session,
        "plan": recommendation.session.plan,
        "caps": caps,
        "follow_up_form": (follow_up_form or FollowUpForm(initial={"note": recommendation.follow_up}))
        if may_act
        else None,
        "reopen_form": (reopen_form or ReopenForm()) if caps.record_monev and recommendation.is_done else None,
        "history": recommendation.history.select_related("history_user").order_by("-history_date", "-history_id"),
        "today": timezone.localdate(),
        "max_upload": settings.ZI_EVIDENCE_MAX_BYTES,
    }
    return render(request, "monitoring/recommendation_detail.html", context, status=status)


def recommendation_detail(request, pk: int):
    return _recommendation_page(request, _recommendation(request, pk))


def recommendation_edit(request, pk: int):
    recommendation = _recommendation(request, pk)
    plan = recommendation.session.plan
    require(request.user, plan.unit_id, "record_monev")
    initial = {"text": recommendation.text, "owner": owner_value(recommendation), "due_on": recommendation.due_on}
    form = _recommendation_form(plan, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation_update(recommendation=recommendation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Recommendation %(number)s saved.") % {"number": recommendation.number})
            return redirect("monitoring:recommendation", pk=recommendation.pk)
    if form.errors:
        messages.error(request, _("The recommendation was not saved. Please correct the errors below."))
    context = {"recommendation": recommendation, "session": recommendation.session, "plan": plan, "form": form}
    return render(request, "monitoring/recommendation_form.html", context, status=400 if form.errors else 200)


@require_POST
def recommendation_follow_up_view(request, pk: int):
    recommendation = _recommendation(request, pk)
    caps = capabilities(user=request.user, unit=recommendation.session.plan.unit_id)
    if not may_follow_up(user=request.user, recommendation=recommendation, caps=caps):
        raise PermissionDenied
    form = FollowUpForm(request.POST, request.FILES)
    oversize = oversize_errors(request)
    if form.is_valid() and not oversize:
        try:
            saved = recommendation_follow_up(
                recommendation=recommendation,
                note=form.cleaned_data["note"],
                uploads=form.cleaned_data["files"],
                done=form.cleaned_data["done"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved.is_done:
                messages.success(request, _("Recommendation %(number)s is done.") % {"number": saved.number})
            else:
                messages.success(request, _("The follow-up is saved; the recommendation stays open."))
            return redirect("monitoring:recommendation", pk=recommendation.pk)
    for message in oversize:
        form.add_error("files", message)
    messages.error(request, _("Nothing was saved. Please correct the errors below."))
    return _recommendation_page(request, recommendation, follow_up_form=form, status=400)


@require_POST
def recommendation_reopen_view(request, pk: int):
    recommendation = _recommendation(request, pk)
    require(request.user, recommendation.session.plan.unit_id, "record_monev")
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            recommendation_reopen(recommendation=recommendation, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.warning(request, _("Recommendation %(number)s is open again.") % {"number": recommendation.number})
            return redirect("monitoring:recommendation", pk=recommendation.pk)
    messages.error(request, _("The recommendation was not reopened. Please correct the errors below."))
    return _recommendation_page(request, recommendation, reopen_form=form, status=400)


def document_download(request, pk: int):
    """A follow-up file, to anyone who sees its plan (404 otherwise), with evidence's download headers."""
    document = get_object_or_404(visible_documents(user=request.user), pk=pk)
    inline = request.GET.get("inline") == "1" and document.content_type in {
        "application/pdf",
        "image/jpeg",
        "image/png",
    }
    try:
        stored = document.file.open("rb")
    except OSError:
        return render(request, "monitoring/missing_file.html", {"document": document}, status=404)
    name = download_name(document.original_name, document.content_type)
    response = FileResponse(stored, as_attachment=not inline, filename=name, content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def my_recommendations(request):
    """Every open recommendation the user answers for, soonest due first: 5 queries with the menu."""
    rows = list(my_open_recommendations(user=request.user))
    return render(request, "monitoring/mine.html", {"recommendations": rows, "today": timezone.localdate()})


def my_recommendations_fragment(request):
    """Pekerjaan saya's card, fetched after the page (evidence's page knows nothing of monitoring): 4 queries."""
    queryset = my_open_recommendations(user=request.user)
    rows, count = list(queryset[:CARD_ROWS]), queryset.count()
    context = {"recommendations": rows, "count": count, "today": timezone.localdate()}
    return render(request, "monitoring/partials/my_recommendations.html", context)


def plan_recommendations_fragment(request, pk: int):
    """The dashboard's card of the plan's open recommendations, fetched after the cached figures: 5 queries."""
    plan = get_object_or_404(visible_plans(user=request.user), pk=pk)
    queryset = plan_open_recommendations(plan=plan)
    rows, count = list(queryset[:CARD_ROWS]), queryset.count()
    context = {"plan": plan, "recommendations": rows, "count": count, "today": timezone.localdate()}
    return render(request, "monitoring/partials/plan_recommendations.html", context)
