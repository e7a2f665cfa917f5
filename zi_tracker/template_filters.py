"""Filters every template has (a builtin library): people's names and field values in words."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def display_name(user) -> str:
    """How a person is named on every page and document: full name, else login name; "—" for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username


@register.filter(name="display_name")
def display_name_filter(user) -> str:
    return display_name(user)


@register.filter
def field_value(value) -> str:
    """A recorded value as a person reads it: yes/no for booleans, "—" for nothing."""
    if value is None or value == "":
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value)


@register.filter
def month_name(value) -> str:
    """1–12 (or "1"–"12") as the month's name in the current language; anything else as it is."""
    from django.utils.dates import MONTHS

    try:
        return str(MONTHS[int(value)])
    except (KeyError, TypeError, ValueError):
        return str(value or "")


def choice_badge(choices, classes: dict, value: str, *, kind: str = "") -> str:
    """A Bootstrap badge for a choice (a row's status, a document's): its label in its colour; "" if not a choice.

    `kind` adds a `<kind>-<value>` class that pages and tests select by.
    """
    from django.utils.html import format_html

    try:
        choice = choices(value)
    except ValueError:
        return ""
    extra = f" {kind}-{choice.value}" if kind else ""
    return format_html('<span class="badge {}{}">{}</span>', classes[choice], extra, choice.label)
