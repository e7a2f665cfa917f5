"""Template filters that render decree text faithfully and safely."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from actionplan.models import ITALIC_MARK, plain_text

register = template.Library()


@register.filter(needs_autoescape=False)
def decree_text(value: str) -> str:
    """Escape the text, then turn the decree's *italic* marks into <i> and keep its line breaks."""
    escaped = conditional_escape(value or "")
    italic = ITALIC_MARK.sub(r"<i>\1</i>", str(escaped))
    return mark_safe(italic.replace("\n", "<br>"))


@register.filter
def plain(value: str) -> str:
    """Decree text without its italic marks, for plain-text output such as e-mail."""
    return plain_text(value or "")
