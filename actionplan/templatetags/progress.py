"""Template helpers for derived row status and the month strip."""

from django import template

from actionplan.models import ItemStatus
from zi_tracker.template_filters import choice_badge

register = template.Library()

STATUS_CLASSES = {
    ItemStatus.BELUM_DIMULAI: "text-bg-secondary",
    ItemStatus.BERJALAN: "text-bg-primary",
    ItemStatus.SELESAI: "text-bg-success",
    ItemStatus.TERLAMBAT: "text-bg-danger",
    ItemStatus.DI_BAWAH_TARGET: "text-bg-warning",
}


@register.filter
def status_badge(status: str) -> str:
    return choice_badge(ItemStatus, STATUS_CLASSES, status, kind="status")
