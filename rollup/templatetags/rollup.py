"""Template helpers of the roll-up: sortable column links that keep the page's filter."""

from django import template
from django.utils.dates import MONTHS

from rollup.table import PREDIKAT_NAMES

register = template.Library()


@register.simple_tag
def sort_query(query, key: str, sort: str, desc: bool) -> str:
    """The page's query with the order set to `key`: the current column's link turns the direction."""
    query = query.copy()
    query["sort"] = key
    if key == sort and not desc:
        query["desc"] = "1"
    else:
        query.pop("desc", None)
    return "?" + query.urlencode()


@register.simple_tag
def with_query(query, **changes) -> str:
    query = query.copy()
    for name, value in changes.items():
        if value in (None, ""):
            query.pop(name, None)
        else:
            query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


@register.filter
def predikat_name(code: str) -> str:
    return PREDIKAT_NAMES.get(code, code)


@register.filter
def month_name(month) -> str:
    return str(MONTHS[int(month)]) if month else ""
