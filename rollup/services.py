"""Writes of the roll-up: the preliminary assessor's verdict on a plan below their unit."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from actionplan.models import Plan
from rollup.models import PreliminaryAssessment, Verdict
from rollup.signals import rollup_changed

NOTE_MAX = 4000


@transaction.atomic
def preliminary_assess(*, plan: Plan, verdict: str, note: str = "", by: AbstractBaseUser) -> PreliminaryAssessment:
    """Record a verdict ("layak dievaluasi TPI", or returned with notes) as a new row of the plan's history.

    The caller has checked `assess_preliminary` on the plan's unit. A draft plan cannot be assessed
    (nothing was enacted yet); a returned plan needs a note saying what to improve. The roll-up of
    the units above shows the new verdict after the commit (its generation for this plan ends).
    """
    note = note.strip()
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose a verdict.")})
    if verdict == Verdict.DIKEMBALIKAN and not note:
        raise ValidationError({"note": _("Say what the unit must improve before it is assessed again.")})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("Keep the notes under %(max)s characters.") % {"max": NOTE_MAX}})
    locked = Plan.objects.select_for_update().get(pk=plan.pk)  # two assessors at once: one after the other
    if locked.status != Plan.Status.DITETAPKAN:
        raise ValidationError(_("Only an enacted plan can be assessed."))
    assessment = PreliminaryAssessment.objects.create(plan=locked, verdict=verdict, note=note, assessed_by=by)
    rollup_changed(plan_ids=[locked.pk])
    return assessment
