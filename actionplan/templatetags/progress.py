"""Template helpers for derived row status and the month strip."""
from django import template
from django.utils.html import format_html

from actionplan.models import ItemStatus

register = template.Library()

STATUS_CLASSES = {
    ItemStatus.BELUM_DIMULAI: "text-bg-secondary",
    ItemStatus.BERJALAN: "text-bg-primary",
    ItemStatus.SELESAI: "text-bg-success",
    ItemStatus.TERLAMBAT: "text-bg-danger",
}


@register.filter
def status_badge(status: str) -> str:
    try:
        choice = ItemStatus(status)
    except ValueError:
        return ""
    return format_html('<span class="badge {} status-{}">{}</span>', STATUS_CLASSES[choice], choice.value, choice.label)
