"""Events that notify people, heard from the models' signals so the apps they come from know nothing of us.

Each receiver records its notifications inside the event's own transaction (they exist exactly when
the event committed); the e-mails go after the commit (services.notify).
"""

import uuid

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from django.urls import reverse

from accounts.models import Membership
from accounts.permissions import roles_with
from actionplan.models import ActionItem, EvidenceRequirement
from evidence.models import Evidence, EvidenceStatus, Review
from notifications.models import Kind
from notifications.services import notifications_resolve, notify


def _requirement(requirement_id: int) -> EvidenceRequirement:
    return EvidenceRequirement.objects.select_related("item__area__plan").get(pk=requirement_id)


@receiver(post_save, sender=Review, dispatch_uid="notify_evidence_returned")
def _evidence_returned(sender, instance: Review, created: bool, raw: bool = False, **kwargs):
    """A document sent back: its uploader (and whoever first submitted it) hears why."""
    if raw or not created:
        return
    # Reviewed: the "waiting" notice of that file is dealt with, for every reviewer who got it.
    notifications_resolve(kind=Kind.EVIDENCE_WAITING, events=[f"revision:{instance.revision_id}"])
    if instance.decision != EvidenceStatus.PERLU_PERBAIKAN:
        return
    evidence = Evidence.objects.select_related("current").get(pk=instance.evidence_id)
    requirement = _requirement(evidence.requirement_id)
    item = requirement.item
    people = get_user_model().objects.filter(pk__in={evidence.submitted_by_id, evidence.current.uploaded_by_id})
    notify(
        users=people,
        unit=item.area.plan.unit_id,
        kind=Kind.EVIDENCE_RETURNED,
        event=f"review:{instance.pk}",
        params={"row": item.code, "document": requirement.name, "note": instance.note[:500]},
        url=reverse("actionplan:item_detail", args=[item.pk]) + "#evidence",
    )


@receiver(post_save, sender=Evidence, dispatch_uid="notify_evidence_waiting")
def _evidence_waiting(sender, instance: Evidence, raw: bool = False, update_fields=None, **kwargs):
    """A new file to check (a first upload or a replacement): the unit's reviewers, not its uploader."""
    if raw or instance.status != EvidenceStatus.DIAJUKAN or not instance.current_id:
        return
    if update_fields is not None and "current" not in update_fields:
        return
    # A new file answers the send-backs of the old one.
    returned = Review.objects.filter(evidence=instance, decision=EvidenceStatus.PERLU_PERBAIKAN).values_list(
        "pk", flat=True
    )
    notifications_resolve(kind=Kind.EVIDENCE_RETURNED, events=[f"review:{pk}" for pk in returned])
    requirement = _requirement(instance.requirement_id)
    item = requirement.item
    unit_id = item.area.plan.unit_id
    uploader = instance.current.uploaded_by_id if instance.current_id else instance.submitted_by_id
    reviewers = (
        get_user_model()
        .objects.filter(
            pk__in=Membership.objects.filter(unit_id=unit_id, role__in=roles_with("review")).values("user_id")
        )
        .exclude(pk=uploader)
    )
    notify(
        users=reviewers,
        unit=unit_id,
        kind=Kind.EVIDENCE_WAITING,
        event=f"revision:{instance.current_id}",
        params={"row": item.code, "document": requirement.name},
        url=reverse("evidence:detail", args=[instance.pk]),
    )


@receiver(m2m_changed, sender=ActionItem.pics.through, dispatch_uid="notify_pic_assignment")
def _pics_changed(sender, instance, action: str, pk_set, **kwargs):
    """A row's PICs changed: each person added or removed hears it (from the row's side or the user's).

    Each signal is one event (a form's `set()` sends a removal and an addition), hence a fresh key.
    """
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    User = get_user_model()
    if kwargs["reverse"]:  # user.assigned_items.add(item, …)
        pairs = [(item, [instance]) for item in ActionItem.objects.filter(pk__in=pk_set).select_related("area__plan")]
    else:
        item = ActionItem.objects.select_related("area__plan").get(pk=instance.pk)
        pairs = [(item, list(User.objects.filter(pk__in=pk_set)))]
    added = action == "post_add"
    for item, users in pairs:
        notify(
            users=users,
            unit=item.area.plan.unit_id,
            kind=Kind.ASSIGNMENT,
            event=f"pics:{item.pk}:{action}:{uuid.uuid4().hex}",
            params={"row": item.code, "title": item.komponen[:200], "added": added},
            url=reverse("actionplan:item_detail", args=[item.pk]),
        )
