"""Dashboard cache invalidation: any change that moves a figure gives its plan a new figures_stamp.

The dashboard's cached fragment is keyed on that stamp (and on the month and the as-of month), so
a stale figure can only outlive a write that bypasses model signals (bulk updates in scripts).
"""
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from actionplan.models import ActionItem, Plan, ProgressEntry, new_figures_stamp
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
def _pics_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, ActionItem):
        plan_figures_changed(areas=instance.area_id)


@receiver([post_save, post_delete], sender=Evidence)
def _evidence_changed(sender, instance, **kwargs):
    plan_figures_changed(areas__items__requirements=instance.requirement_id)


@receiver(post_save, sender=Review)
def _review_changed(sender, instance, **kwargs):
    plan_figures_changed(areas__items__requirements__evidence=instance.evidence_id)
