"""The roll-up's own invalidation: LKE answers and preliminary verdicts end a plan's roll-up generation.

The dashboard's generation (reports.signals) already ends on every write that moves a plan's
figures; the roll-up also shows the LKE scores and the preliminary verdict, which the dashboard
does not, so those end a second key per plan (`rollup.cache.ROLLUP_GENERATION`), and only that.

A writer pays no query for it: an LKE answer's save only notes its assessment's id; after the
commit one query finds the plans of all the assessments noted, and one cache read (plus a delete,
if a roll-up reader started a generation since) ends them, however many answers the form saved.
"""

import threading

from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from actionplan.models import Plan
from lke.models import Answer, Assessment

_pending = threading.local()


def rollup_changed(*, plan_ids) -> None:
    """The plans' roll-up figures change once the current transaction commits."""
    from rollup.cache import rollup_generations_end

    plan_ids = set(plan_ids)
    if plan_ids:
        transaction.on_commit(lambda: rollup_generations_end(plan_ids=plan_ids), robust=True)


def _noted() -> set[int]:
    if not hasattr(_pending, "assessments"):
        _pending.assessments = set()
    return _pending.assessments


def _flush() -> None:
    """After a commit: the plans of the noted assessments. A later callback of the same commit finds none."""
    from rollup.cache import rollup_generations_end

    ids, _pending.assessments = _noted(), set()
    if ids:
        plans = Plan.objects.filter(unit__lke_assessments__in=ids, year=F("unit__lke_assessments__year")).values_list(
            "pk", flat=True
        )
        rollup_generations_end(plan_ids=set(plans))


def _note(assessment_id: int) -> None:
    # Noted on the thread, flushed after the commit. After a rollback the callback is dropped and
    # the ids stay noted: the next commit's flush ends their generations too, harmlessly.
    _noted().add(assessment_id)
    transaction.on_commit(_flush, robust=True)


@receiver([post_save, post_delete], sender=Answer)
def _answer_changed(sender, instance, **kwargs):
    _note(instance.assessment_id)


@receiver([post_save, post_delete], sender=Assessment)
def _assessment_changed(sender, instance, **kwargs):
    # Rare (opened once a year, the WBK flag); found by unit and year, so a deleted one counts too.
    rollup_changed(
        plan_ids=Plan.objects.filter(unit_id=instance.unit_id, year=instance.year).values_list("pk", flat=True)
    )
