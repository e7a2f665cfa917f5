"""Writes for Monev meetings and recommendations; each atomic, with its history entry and notifications."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Section
from accounts.permissions import roles_with
from actionplan.models import Plan
from evidence.services import StoredFiles, file_sha256, safe_file_name, uploads_check
from monitoring.models import FollowUpDocument, MonevSession, Recommendation, follow_up_path
from monitoring.periods import period_of
from monitoring.selectors import due_soon, owner_people
from notifications.models import Kind
from notifications.services import notifications_resolve, notify

SESSION_FIELDS = ["period", "held_on", "place", "attendees", "conclusions"]
# Owners hear of a recommendation this many days before it falls due (the day itself included).
DUE_NOTICE_DAYS = 3


def _check_session(*, plan: Plan, period: str, held_on: date, today: date) -> None:
    try:
        months = period_of(period, plan.year).months
    except ValueError:
        raise ValidationError({"period": _("Choose a month, quarter, semester or the year.")}) from None
    if held_on > today:
        raise ValidationError({"held_on": _("Record a meeting once it has been held: the date is in the future.")})
    if held_on < date(plan.year, months[0], 1):
        raise ValidationError({"held_on": _("A meeting about a period cannot be held before the period begins.")})


def session_save(
    *, plan: Plan, data: dict, by: AbstractBaseUser, session: MonevSession | None = None, today: date | None = None
) -> MonevSession:
    """Record a new meeting of the plan (session None) or change one; one meeting per period."""
    today = today or timezone.localdate()
    _check_session(plan=plan, period=data["period"], held_on=data["held_on"], today=today)
    session = session or MonevSession(plan=plan, created_by=by)
    for name in SESSION_FIELDS:
        setattr(session, name, data[name])
    session._history_user = by
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError:
        raise ValidationError({"period": _("This plan already has a Monev meeting for that period.")}) from None
    return session


def _owner(*, plan: Plan, owner: Section | AbstractBaseUser) -> dict:
    """The owner fields for a section or a person of the plan's unit; ValidationError for anyone else."""
    if isinstance(owner, Section):
        if owner.unit_id != plan.unit_id:
            raise ValidationError({"owner": _("Choose a section of this office.")})
        return {"owner_section": owner, "owner_user": None}
    member = Membership.objects.filter(
        user=owner, unit_id=plan.unit_id, role__in=roles_with("follow_up_recommendation")
    ).exists()
    if not member or not owner.is_active:
        raise ValidationError({"owner": _("Choose a PIC or coordinator of this office.")})
    return {"owner_section": None, "owner_user": owner}


def _owner_key(recommendation: Recommendation) -> str:
    return f"u{recommendation.owner_user_id}" if recommendation.owner_user_id else f"s{recommendation.owner_section_id}"


def _notify_owner(recommendation: Recommendation, *, event: str, reminder: bool = False) -> None:
    plan = recommendation.session.plan
    if plan.status != Plan.Status.DITETAPKAN:
        return  # a draft plan's meetings are work for nobody yet
    notify(
        users=owner_people(recommendation=recommendation),
        unit=plan.unit_id,
        kind=Kind.RECOMMENDATION,
        event=event,
        params={"due": recommendation.due_on.isoformat(), "text": recommendation.text[:300], "reminder": reminder},
        url=reverse("monitoring:recommendation", args=[recommendation.pk]),
    )


def _assigned_event(recommendation: Recommendation) -> str:
    # Per owner: handing a recommendation to someone else tells them; saving it again tells nobody twice.
    return f"recommendation:{recommendation.pk}:owner:{_owner_key(recommendation)}"


def recommendation_add(
    *, session: MonevSession, text: str, owner: Section | AbstractBaseUser, due_on: date, by: AbstractBaseUser
) -> Recommendation:
    """A new recommendation of the meeting, numbered after the last; its owner hears of it."""
    text = _text(text)
    with transaction.atomic():
        MonevSession.objects.select_for_update().filter(pk=session.pk).first()  # numbers one at a time
        last = session.recommendations.aggregate(n=Max("number"))["n"] or 0
        recommendation = Recommendation(
            session=session, number=last + 1, text=text, due_on=due_on, **_owner(plan=session.plan, owner=owner)
        )
        recommendation._history_user = by
        recommendation.save()
        _notify_owner(recommendation, event=_assigned_event(recommendation))
    return recommendation


def recommendation_update(
    *, recommendation: Recommendation, text: str, owner: Section | AbstractBaseUser, due_on: date, by: AbstractBaseUser
) -> Recommendation:
    """Change the wording, owner or due date; a new owner hears of it."""
    text = _text(text)
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().select_related("session__plan").get(pk=recommendation.pk)
        old_owner = _owner_key(locked)
        for name, value in {"text": text, "due_on": due_on, **_owner(plan=locked.session.plan, owner=owner)}.items():
            setattr(locked, name, value)
        locked._history_user = by
        locked.save()
        if _owner_key(locked) != old_owner and not locked.is_done:
            _notify_owner(locked, event=_assigned_event(locked))
    return locked


def _text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": _("Write the recommendation.")})
    return text


def recommendation_follow_up(
    *,
    recommendation: Recommendation,
    note: str,
    uploads: list[UploadedFile],
    done: bool,
    by: AbstractBaseUser,
    today: date | None = None,
) -> Recommendation:
    """Report what was done, with its evidence: files checked like evidence (type by content, size), all or none.

    Files are stored once under random names and never overwritten; a file already attached
    (same bytes) is not stored twice. Marking it done needs the follow-up in words and at least
    one document. A file written before a failed database step is removed again.
    """
    today = today or timezone.localdate()
    note = (note or "").replace("\r\n", "\n").strip()
    if len(uploads) > settings.ZI_EVIDENCE_MAX_FILES:  # about the whole form, not one file: on top
        raise ValidationError(_("At most %(n)s files at once.") % {"n": settings.ZI_EVIDENCE_MAX_FILES})
    try:
        checked = uploads_check(uploads=uploads)
    except ValidationError as error:
        raise ValidationError({"files": error.messages}) from None
    stored = StoredFiles()
    try:
        with transaction.atomic():
            locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
            if locked.is_done:
                raise ValidationError(_("This recommendation is already done; the coordinator may reopen it."))
            known = set(locked.documents.values_list("sha256", flat=True))
            for upload, content_type in checked:
                digest = file_sha256(upload)
                if digest in known:
                    continue
                name = stored.store(upload, name=follow_up_path(None, upload.name))
                FollowUpDocument.objects.create(
                    recommendation=locked,
                    file=name,
                    original_name=safe_file_name(upload.name),
                    size=upload.size,
                    content_type=content_type,
                    sha256=digest,
                    uploaded_by=by,
                )
                known.add(digest)
            if note:
                locked.follow_up = note
            if done:
                problems = {}
                if not locked.follow_up:
                    problems["note"] = _("Say what was done before marking it done.")
                if not known:
                    problems["files"] = _("Upload the evidence of the follow-up before marking it done.")
                if problems:
                    raise ValidationError(problems)
                locked.status, locked.done_on, locked.done_by = Recommendation.Status.DONE, today, by
            if not (note or stored.names or done):
                raise ValidationError(_("Write the follow-up, add a file, or mark it done."))
            locked._history_user = by
            locked.save()
            if done:
                notifications_resolve(kind=Kind.RECOMMENDATION, events=_events_of(locked))
            return locked
    except Exception:
        stored.discard()
        raise


def _events_of(recommendation: Recommendation) -> list[str]:
    """The notification events a done recommendation answers: its assignments and due notices."""
    from notifications.models import Notification

    return list(
        Notification.objects.filter(
            kind=Kind.RECOMMENDATION, event__startswith=f"recommendation:{recommendation.pk}:"
        ).values_list("event", flat=True)
    )


def recommendation_reopen(*, recommendation: Recommendation, reason: str, by: AbstractBaseUser) -> Recommendation:
    """Back to open (the follow-up did not settle it); the reason goes into its history. Its files stay."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is reopened.")})
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().select_related("session__plan").get(pk=recommendation.pk)
        if not locked.is_done:
            raise ValidationError(_("This recommendation is still open."))
        locked.status, locked.done_on, locked.done_by = Recommendation.Status.OPEN, None, None
        locked._history_user = by
        locked._change_reason = reason[:100]
        locked.save()
        # Reopened: its owner hears of it again, as a new event.
        _notify_owner(locked, event=f"recommendation:{locked.pk}:reopened:{locked.history.latest().history_id}")
    return locked


def recommendations_due_notify(*, today: date) -> int:
    """Tell the owners of open recommendations due within DUE_NOTICE_DAYS (or overdue), once per due date.

    Run daily by `send_reminders`; a new due date is a new notice. Returns the number of new notifications.
    """
    created = 0
    for recommendation in due_soon(today=today, days=DUE_NOTICE_DAYS - 1):
        with transaction.atomic():
            created += len(
                notify(
                    users=owner_people(recommendation=recommendation),
                    unit=recommendation.session.plan.unit_id,
                    kind=Kind.RECOMMENDATION,
                    event=f"recommendation:{recommendation.pk}:due:{recommendation.due_on.isoformat()}",
                    params={
                        "due": recommendation.due_on.isoformat(),
                        "text": recommendation.text[:300],
                        "reminder": True,
                    },
                    url=reverse("monitoring:recommendation", args=[recommendation.pk]),
                )
            )
    return created
