"""Cache invalidation: once a write that changes what a plan shows commits, its plan's generation ends.

The plans are found while the write's transaction is open (1 read, no lock: a deleted row's plan
is still there to find), and their generation keys deleted only after it commits, so that a
reader cannot store figures computed before the commit under the new generation. After a
rollback Django drops the callback: nothing changed. A script that bypasses model signals (bulk
`update()`) calls `plan_figures_changed` itself.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accounts.models import Section, Unit
from actionplan.models import ActionItem, Area, EvidenceRequirement, ItemTarget, Plan, ProgressEntry
from evidence.models import Evidence, Review
from zi_tracker.generations import plan_generations_end


def plan_figures_changed(**lookup) -> None:
    """The plans matching `lookup` (Plan filters) get new figures once the current transaction commits."""
    _on_commit(set(Plan.objects.filter(**lookup).values_list("pk", flat=True)))


def _on_commit(plan_ids: set[int]) -> None:
    def end_generations():
        plan_generations_end(plan_ids=plan_ids)

    if plan_ids:
        # robust: the write is committed either way; a cache failure must not turn it into an error page.
        transaction.on_commit(end_generations, robust=True)


@receiver([post_save, post_delete], sender=ProgressEntry)
def _progress_changed(sender, instance, **kwargs):
    plan_figures_changed(areas__items=instance.item_id)


@receiver([post_save, post_delete], sender=ActionItem)
def _item_changed(sender, instance, **kwargs):
    plan_figures_changed(areas=instance.area_id)


@receiver([post_save, post_delete], sender=ItemTarget)
def _target_changed(sender, instance, **kwargs):
    plan_figures_changed(areas__items=instance.item_id)  # behind target, the target so far


@receiver(m2m_changed, sender=ActionItem.pics.through)
def _pics_changed(sender, instance, action, **kwargs):
    # Always from the row's side: django-simple-history's PIC history refuses changes from the user's
    # (user.assigned_items.add() raises, the user model has no history).
    if action.startswith("post_"):
        plan_figures_changed(areas=instance.area_id)


@receiver(post_save, sender=Plan)
def _plan_changed(sender, instance, **kwargs):
    _on_commit({instance.pk})


@receiver([post_save, post_delete], sender=Area)
def _area_changed(sender, instance, **kwargs):
    _on_commit({instance.plan_id})


@receiver([post_save, post_delete], sender=EvidenceRequirement)
def _requirement_changed(sender, instance, **kwargs):
    plan_figures_changed(areas__items=instance.item_id)


@receiver([post_save, post_delete], sender=Section)
def _section_changed(sender, instance, **kwargs):
    plan_figures_changed(unit=instance.unit_id)


@receiver(post_save, sender=Unit)
def _unit_renamed(sender, instance, **kwargs):
    plan_figures_changed(unit=instance.pk)  # the unit's name heads the dashboard


@receiver(post_save, sender=get_user_model())
def _user_renamed(sender, instance, update_fields=None, **kwargs):
    # PIC names appear among the late rows. A login saves only last_login: that changes nothing shown.
    if update_fields is None or {"first_name", "last_name", "username"} & set(update_fields):
        plan_figures_changed(areas__items__pics=instance.pk)


@receiver([post_save, post_delete], sender=Evidence)
def _evidence_changed(sender, instance, **kwargs):
    plan_figures_changed(areas__items__requirements=instance.requirement_id)


@receiver(post_save, sender=Review)
def _review_changed(sender, instance, **kwargs):
    plan_figures_changed(areas__items__requirements__evidence=instance.evidence_id)
