"""Writes that author a plan in the app: its decree and clauses, areas, rows, required evidence, enactment.

Every write is atomic and recorded in the history (django-simple-history) with who made it and,
once the plan is enacted (ditetapkan), why: a change to an enacted plan without a reason is
refused. Removing something that has progress or evidence is refused too (the models PROTECT it).
The copy to next year is in actionplan/copying.py.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Model, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit
from actionplan.models import ActionItem, Area, DecreeClause, EvidenceRequirement, Plan

# Positions are unique per parent, so a move first parks the moved objects out of the way.
PARKED = 20000


def reason_for(*, plan: Plan, reason: str) -> str:
    """The reason a change is recorded with: required once the plan is enacted."""
    reason = (reason or "").strip()
    if plan.status == Plan.Status.DITETAPKAN and not reason:
        raise ValidationError({"reason": _("This plan has been enacted (ditetapkan): say why this change is made.")})
    return reason


def _recorded(obj: Model, *, by: AbstractBaseUser, reason: str) -> Model:
    """Mark the next save or delete of `obj` with its author and reason, for its history."""
    obj._history_user = by
    obj._change_reason = reason
    return obj


def _baseline(obj: Model) -> None:
    """Record the object's stored state before its first change in the app, so the change shows old → new.

    Plans from the seed fixture, a copy or an import were written in bulk, without history.
    """
    model = type(obj)
    history = model.history.model
    if obj.pk is None or history.objects.filter(id=obj.pk).exists():
        return
    stored = model.objects.get(pk=obj.pk)
    fields = {f.attname: getattr(stored, f.attname) for f in model._meta.concrete_fields}
    history.objects.create(history_date=timezone.now(), history_type="~", **fields)


def _save(obj: Model, *, by: AbstractBaseUser, reason: str) -> Model:
    obj.full_clean()
    _baseline(obj)
    _recorded(obj, by=by, reason=reason).save()
    return obj


def _delete(obj: Model, *, by: AbstractBaseUser, reason: str, refused: str) -> None:
    """Delete `obj`, or refuse with `refused` if progress or evidence hangs on it (nothing deleted)."""
    try:
        with transaction.atomic():
            _recorded(obj, by=by, reason=reason).delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(refused) from None


def _next(queryset, field: str) -> int:
    return (queryset.aggregate(n=Max(field))["n"] or 0) + 1


def _swap(obj: Model, *, siblings, field: str, direction: int, by: AbstractBaseUser, reason: str) -> bool:
    """Swap `obj`'s position with its neighbour's (direction -1 = up, +1 = down); False at either end."""
    position = getattr(obj, field)
    lookup = {f"{field}__lt" if direction < 0 else f"{field}__gt": position}
    neighbour = siblings.filter(**lookup).order_by(f"-{field}" if direction < 0 else field).first()
    if neighbour is None:
        return False
    other = getattr(neighbour, field)
    _baseline(obj)
    _baseline(neighbour)
    type(obj).objects.filter(pk__in=[obj.pk, neighbour.pk]).update(**{field: F(field) + PARKED})
    for each, value in [(obj, other), (neighbour, position)]:
        setattr(each, field, value)
        _recorded(each, by=by, reason=reason).save(update_fields=[field])
    return True


# The plan and its decree


@transaction.atomic
def plan_create(*, unit: Unit, data: dict, by: AbstractBaseUser) -> Plan:
    """A new draft plan of `unit` with the decree data in `data` (the Plan form's fields)."""
    plan = Plan(unit=unit, status=Plan.Status.DRAFT, **data)
    return _save(plan, by=by, reason=_("Plan created"))


@transaction.atomic
def plan_update(*, plan: Plan, data: dict, by: AbstractBaseUser, reason: str = "") -> Plan:
    reason = reason_for(plan=plan, reason=reason)
    for name, value in data.items():
        setattr(plan, name, value)
    return _save(plan, by=by, reason=reason)


@transaction.atomic
def plan_enact(*, plan: Plan, by: AbstractBaseUser) -> Plan:
    """Mark the plan enacted (ditetapkan): every member now sees it; later changes need a reason."""
    if plan.status == Plan.Status.DITETAPKAN:
        raise ValidationError(_("This plan has already been enacted."))
    if not ActionItem.objects.filter(area__plan=plan).exists():
        raise ValidationError(_("A plan without rows cannot be enacted: add its areas and rows first."))
    plan.status = Plan.Status.DITETAPKAN
    _recorded(plan, by=by, reason=_("Plan enacted (ditetapkan)")).save(update_fields=["status", "updated_at"])
    return plan


@transaction.atomic
def clauses_save(*, plan: Plan, part: str, clauses: list[dict], by: AbstractBaseUser, reason: str = "") -> None:
    """Make the decree's `part` (Menimbang, Mengingat, diktum) read as `clauses`, in that order.

    Each dict has `label`, `text` and, for an existing clause, `id`; clauses of the part that
    are not listed are removed. Unchanged clauses are not written (no history entry).
    """
    reason = reason_for(plan=plan, reason=reason)
    existing = {c.pk: c for c in plan.clauses.filter(part=part)}
    kept = {c["id"] for c in clauses if c.get("id")}
    if kept - set(existing):
        raise ValidationError(_("A clause of another plan or part cannot be edited here."))
    for pk in set(existing) - kept:
        _recorded(existing.pop(pk), by=by, reason=reason).delete()
    wanted = []
    for order, data in enumerate(clauses, start=1):
        wanted.append((existing.get(data.get("id")) or DecreeClause(plan=plan, part=part), order, data))
    moved = [clause.pk for clause, order, _data in wanted if clause.pk and clause.order != order]
    for clause, _order, _data in wanted:
        if clause.pk in moved:
            _baseline(clause)  # before parking, while the stored order is still the old one
    DecreeClause.objects.filter(pk__in=moved).update(order=F("order") + PARKED)
    for clause, order, data in wanted:
        if clause.pk and (clause.order, clause.label, clause.text) == (order, data["label"], data["text"]):
            continue  # unchanged: no history entry
        clause.order, clause.label, clause.text = order, data["label"], data["text"]
        _save(clause, by=by, reason=reason)


# Areas


@transaction.atomic
def area_add(*, plan: Plan, numeral: str, title: str, by: AbstractBaseUser, reason: str = "") -> Area:
    """A new area at the end of the plan."""
    reason = reason_for(plan=plan, reason=reason)
    area = Area(plan=plan, order=_next(plan.areas.all(), "order"), numeral=numeral.strip(), title=title.strip())
    return _save(area, by=by, reason=reason)


@transaction.atomic
def area_update(*, area: Area, numeral: str, title: str, by: AbstractBaseUser, reason: str = "") -> Area:
    reason = reason_for(plan=area.plan, reason=reason)
    area.numeral, area.title = numeral.strip(), title.strip()
    return _save(area, by=by, reason=reason)


@transaction.atomic
def area_move(*, area: Area, direction: int, by: AbstractBaseUser, reason: str = "") -> bool:
    reason = reason_for(plan=area.plan, reason=reason)
    return _swap(area, siblings=area.plan.areas.all(), field="order", direction=direction, by=by, reason=reason)


@transaction.atomic
def area_remove(*, area: Area, by: AbstractBaseUser, reason: str = "") -> None:
    """Remove the area and its rows, unless one of them has progress or evidence."""
    reason = reason_for(plan=area.plan, reason=reason)
    refused = _("Area %(numeral)s cannot be removed: rows in it have progress reports or evidence.") % {
        "numeral": area.numeral
    }
    for item in area.items.all():
        _item_delete(item, by=by, reason=reason, refused=refused)
    _delete(area, by=by, reason=reason, refused=refused)


# Rows


@transaction.atomic
def item_add(
    *, area: Area, data: dict, requirements: list[str], by: AbstractBaseUser, reason: str = "", pics=()
) -> ActionItem:
    """A new row at the end of `area` (`data`: the row's fields), with its required documents in order."""
    reason = reason_for(plan=area.plan, reason=reason)
    item = ActionItem(area=area, number=_next(area.items.all(), "number"), **data)
    _save(item, by=by, reason=reason)
    item.pics.set(pics)
    for order, name in enumerate(n.strip() for n in requirements if n.strip()):
        _save(EvidenceRequirement(item=item, order=order + 1, name=name), by=by, reason=reason)
    return item


@transaction.atomic
def item_move(*, item: ActionItem, direction: int, by: AbstractBaseUser, reason: str = "") -> bool:
    """Swap the row's number with the row above (-1) or below (+1) it in its area."""
    reason = reason_for(plan=item.area.plan, reason=reason)
    return _swap(item, siblings=item.area.items.all(), field="number", direction=direction, by=by, reason=reason)


def _item_delete(item: ActionItem, *, by: AbstractBaseUser, reason: str, refused: str) -> None:
    for requirement in item.requirements.all():
        _delete(requirement, by=by, reason=reason, refused=refused)
    _delete(item, by=by, reason=reason, refused=refused)


@transaction.atomic
def item_remove(*, item: ActionItem, by: AbstractBaseUser, reason: str = "") -> None:
    """Remove the row and its requirements, unless it has progress reports or evidence."""
    reason = reason_for(plan=item.area.plan, reason=reason)
    refused = _("Row %(code)s cannot be removed: it has progress reports or evidence.") % {"code": item.code}
    _item_delete(item, by=by, reason=reason, refused=refused)


# Required evidence of a row


@transaction.atomic
def requirement_add(*, item: ActionItem, name: str, by: AbstractBaseUser, reason: str = "") -> EvidenceRequirement:
    reason = reason_for(plan=item.area.plan, reason=reason)
    requirement = EvidenceRequirement(item=item, order=_next(item.requirements.all(), "order"), name=name.strip())
    return _save(requirement, by=by, reason=reason)


@transaction.atomic
def requirement_update(
    *, requirement: EvidenceRequirement, name: str, by: AbstractBaseUser, reason: str = ""
) -> EvidenceRequirement:
    reason = reason_for(plan=requirement.item.area.plan, reason=reason)
    requirement.name = name.strip()
    return _save(requirement, by=by, reason=reason)


@transaction.atomic
def requirement_remove(*, requirement: EvidenceRequirement, by: AbstractBaseUser, reason: str = "") -> None:
    reason = reason_for(plan=requirement.item.area.plan, reason=reason)
    refused = _("“%(name)s” cannot be removed: evidence has been uploaded for it.") % {"name": requirement.name}
    _delete(requirement, by=by, reason=reason, refused=refused)
