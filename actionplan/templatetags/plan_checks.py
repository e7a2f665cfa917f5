"""{% plan_warnings plan as warnings %}: the plan checks, for the plan page's partial."""

from django import template

from actionplan.checks import plan_checks

register = template.Library()


@register.simple_tag
def plan_warnings(plan):
    """Two queries whatever the plan's size (see actionplan.checks.plan_checks)."""
    return plan_checks(plan)
