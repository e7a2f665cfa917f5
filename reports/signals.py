"""Dashboard cache invalidation: any change that moves a figure gives its plan a new figures_stamp.

The dashboard's cached fragment is keyed on that stamp (and on the month and the as-of month), so
a stale figure can only outlive a write that bypasses model signals (bulk updates in scripts).
"""
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accounts.models import Section, Unit
from actionplan.models import ActionItem, Area, EvidenceRequirement, Plan, ProgressEntry, new_figures_stamp
from evidence.models import Evidence, Review
from reports.figures import figures_changed


def plan_figures_changed(**lookup) -> None:
    Plan.objects.filter(**lookup).update(figures_stamp=new_figures_stamp())
    figures_changed(Q(**lookup))


@receiver([post_save, post_delete], sender=ProgressEntry)
def _progress_changed(sender, instance, **kwargs):
    plan_figures_changed(areas__items=instance.item_id)


@receiver([post_save, post_delete], sender=ActionItem)
def _item_changed(sender, instance, **kwargs):
    plan_figures_changed(areas=instance.area_id)


@receiver(m2m_changed, sender=ActionItem.pics.through)
def _pics_changed(sender, instance, action, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, ActionItem):
        plan_figures_changed(areas=instance.area_id)
    elif pk_set:  # from the user's side: user.actionitem_set.add(...)
        plan_figures_changed(areas__items__in=list(pk_set))
    else:  # user.actionitem_set.clear(): every plan the user was PIC in
        plan_figures_changed(areas__items__pics=instance.pk)


@receiver(post_save, sender=Plan)
def _plan_changed(sender, instance, **kwargs):
    plan_figures_changed(pk=instance.pk)


@receiver([post_save, post_delete], sender=Area)
def _area_changed(sender, instance, **kwargs):
    plan_figures_changed(pk=instance.plan_id)


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
