"""Template filters of the LKE pages: figures in Indonesian format, answers as the sheet shows them."""

from django import template

from lke import scoring

register = template.Library()


@register.filter
def nilai(value, places: int = 2) -> str:
    """A figure rounded for display: 75 → "75,00" (the figures themselves keep full precision)."""
    return scoring.display(value, int(places))


@register.filter
def persen(value) -> str:
    """A value in [0, 1] as a percentage: 0.75 → "75,00%"."""
    return "–" if value is None else scoring.display(value * 100) + "%"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
