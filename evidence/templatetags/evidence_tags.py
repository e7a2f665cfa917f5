"""Template helpers for evidence: status badges and form widgets with Bootstrap classes."""
from django import template
from django.utils.html import format_html

from evidence.models import EvidenceStatus

register = template.Library()

BADGES = {
    EvidenceStatus.DIAJUKAN: "text-bg-warning",
    EvidenceStatus.DITERIMA: "text-bg-success",
    EvidenceStatus.PERLU_PERBAIKAN: "text-bg-danger",
}


@register.filter
def evidence_badge(status: str) -> str:
    try:
        choice = EvidenceStatus(status)
    except ValueError:
        return ""
    return format_html('<span class="badge {}">{}</span>', BADGES[choice], choice.label)


@register.filter
def add_class(bound_field, css_class: str):
    return bound_field.as_widget(attrs={"class": css_class})
