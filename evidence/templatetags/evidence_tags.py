"""Template helpers for evidence: the document status badge."""

from django import template

from evidence.models import EvidenceStatus
from zi_tracker.template_filters import choice_badge

register = template.Library()

BADGES = {
    EvidenceStatus.DIAJUKAN: "text-bg-warning",
    EvidenceStatus.DITERIMA: "text-bg-success",
    EvidenceStatus.PERLU_PERBAIKAN: "text-bg-danger",
}


@register.filter
def evidence_badge(status: str) -> str:
    return choice_badge(EvidenceStatus, BADGES, status)
