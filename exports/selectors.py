"""Reads of exports, always through the user's scope."""

from django.db.models import QuerySet

from actionplan.selectors import visible_plans
from exports.models import Export


def visible_exports(*, user) -> QuerySet[Export]:
    """The user's own exports of plans they can still see, plan and unit joined: 1 query."""
    return Export.objects.filter(requested_by=user, plan__in=visible_plans(user=user)).select_related("plan__unit")
