"""Reads about who may see what: the one place that turns a user into the units they work in.

A membership applies to its own unit and, for the roles that flow down (`FLOWING_ROLES`, the
capability table's `FLOWS_DOWN`), to every unit below it: a province's leadership reads its
kabupaten/kota. Units nest at most `MAX_DEPTH` levels (Unit.clean), so "below" is a fixed number
of `parent` steps and every read here stays one subquery, however many units there are.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import MAX_DEPTH, Membership, Role, Unit

User = AbstractBaseUser | AnonymousUser

# Roles whose membership in a unit applies to the units below it too. Coordinators and PICs work
# in their own office only. What each of these may do below is accounts.permissions.CAN_BELOW.
FLOWING_ROLES = frozenset({Role.PIMPINAN, Role.PENILAI, Role.PENILAI_PENDAHULUAN})


def below(unit_ids, *, prefix: str = "") -> Q:
    """Units strictly below any of `unit_ids` (a list or a subquery of unit ids): one Q, no join per level.

    `prefix` is the lookup from the filtered model to its Unit ("" for Unit itself, "unit__").
    """
    q = Q()
    for steps in range(1, MAX_DEPTH):
        q |= Q(**{f"{prefix}{'parent__' * (steps - 1)}parent_id__in": unit_ids})
    return q


def unit_descendants(*, unit: Unit | int) -> QuerySet[Unit]:
    """Every unit below `unit` (not the unit itself), as one query."""
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    return Unit.objects.filter(below([unit_id]))


def unit_ancestor_ids(*, unit: Unit | int) -> Q:
    """A Q on `unit_id` for the units above `unit` (its parent, theirs, …): subqueries, no join."""
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    q = Q()
    for steps in range(1, MAX_DEPTH):
        parent = f"{'parent__' * (steps - 1)}parent_id"
        q |= Q(unit_id__in=Unit.objects.filter(pk=unit_id).exclude(**{f"{parent}__isnull": True}).values(parent))
    return q


def user_units(
    *, user: User, roles: Iterable[str] | None = None, roles_below: Iterable[str] | None = None
) -> QuerySet[Unit]:
    """Units in which the user holds one of `roles` (any role when None); one subquery, no rows loaded.

    Also every unit below one where they hold a role of `roles_below` (default: those of `roles`
    that flow down). Superusers see every unit. Anonymous and inactive users see none (deny by default).
    """
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=user_unit_ids(user=user, roles=roles, roles_below=roles_below))


def user_unit_ids(
    *, user: User, roles: Iterable[str] | None = None, roles_below: Iterable[str] | None = None
) -> QuerySet:
    """The primary keys of user_units(), as a subquery one level shallower (cheaper to build and run).

    For a capability no flowing role has (a coordinator's) the subquery is the memberships' unit
    ids alone, as before roles flowed.
    """
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none().values("pk")
    if user.is_superuser:
        return Unit.objects.values("pk")
    roles = None if roles is None else frozenset(roles)
    flowing = (roles if roles is not None else FLOWING_ROLES) if roles_below is None else frozenset(roles_below)
    flowing = flowing & FLOWING_ROLES
    memberships = Membership.objects.filter(user=user)
    own = memberships if roles is None else memberships.filter(role__in=sorted(roles))
    own = own.values("unit_id")
    if not flowing:
        return own
    above = memberships.filter(role__in=sorted(flowing)).values("unit_id")
    return Unit.objects.filter(Q(pk__in=own) | below(above)).values("pk")
