"""Reads about who may see what: the one place that turns a user into the units they work in."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from accounts.models import Membership, Unit


def user_units(*, user: AbstractBaseUser | AnonymousUser, roles: Iterable[str] | None = None) -> QuerySet[Unit]:
    """Units in which the user holds one of `roles` (any role when None); one subquery, no rows loaded.

    Superusers see every unit. Anonymous and inactive users see none (deny by default).
    """
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=user_unit_ids(user=user, roles=roles))


def user_unit_ids(*, user: AbstractBaseUser | AnonymousUser, roles: Iterable[str] | None = None) -> QuerySet:
    """The primary keys of user_units(), as a subquery one level shallower (cheaper to build and run)."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none().values("pk")
    if user.is_superuser:
        return Unit.objects.values("pk")
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return memberships.values("unit_id")
