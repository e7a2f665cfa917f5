"""Reads over plans and their rows, each scoped to what the user may see and stating its loading plan."""
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet

from accounts.models import Section, Unit
from accounts.selectors import user_roles, user_units
from actionplan.models import ActionItem, Area, Plan

User = AbstractBaseUser | AnonymousUser


def visible_plans(*, user: User, roles: Iterable[str] | None = None) -> QuerySet[Plan]:
    """Plans of the user's units (optionally only where they hold one of `roles`), unit joined in."""
    return Plan.objects.filter(unit__in=user_units(user=user, roles=roles)).select_related("unit")


def visible_items(*, user: User, roles: Iterable[str] | None = None) -> QuerySet[ActionItem]:
    """Rows of the plans the user may see, with area, plan, unit and section joined in (one query)."""
    return ActionItem.objects.filter(area__plan__unit__in=user_units(user=user, roles=roles)).select_related(
        "area__plan__unit", "section"
    )


def ensure_role(*, user: User, unit: Unit, roles: Iterable[str]) -> set[str]:
    """Raise PermissionDenied (403) unless the user holds one of `roles` in the unit; returns their roles.

    Used after an object was found inside the user's scope: outside it, views answer 404 instead.
    """
    held = user_roles(user=user, unit=unit)
    if not held & set(roles):
        raise PermissionDenied
    return held


def plan_lampiran(
    *,
    plan: Plan,
    area: Area | None = None,
    section: Section | None = None,
    month: int | None = None,
) -> list[Area]:
    """The Lampiran table: areas in decree order, each with `.rows` (its items, filtered).

    Four queries whatever the plan's size: areas, items with their section, the items'
    requirements, the items' PICs. With a filter, areas left without rows are dropped.
    """
    items = ActionItem.objects.select_related("section").prefetch_related("requirements", "pics").order_by("number")
    if section is not None:
        items = items.filter(section=section)
    if month is not None:
        items = items.in_month(month)
    areas = plan.areas.order_by("order").prefetch_related(Prefetch("items", queryset=items, to_attr="rows"))
    if area is not None:
        areas = areas.filter(pk=area.pk)
    result = list(areas)
    if section is not None or month is not None:
        result = [a for a in result if a.rows]
    return result


def item_detail(*, user: User, pk: int) -> ActionItem | None:
    """One row in the user's scope with area, plan, unit, section, requirements and PICs: 3 queries."""
    return (
        visible_items(user=user)
        .prefetch_related("requirements", "pics")
        .filter(pk=pk)
        .first()
    )
