"""The action plan's models: the decree and its rows (decree.py), their monthly progress (progress.py)."""

from actionplan.models.decree import (
    ALL_MONTHS,
    ITALIC_MARK,
    ITEM_TRACKED,
    MONTH_CHOICES,
    MONTH_VALIDATORS,
    ActionItem,
    ActionItemQuerySet,
    Area,
    DecreeClause,
    EvidenceRequirement,
    ItemStatus,
    Plan,
    month_mask,
    months_of,
    months_text,
    plain_text,
)
from actionplan.models.progress import PROGRESS_TRACKED, MonthClosure, ProgressEntry

__all__ = [
    "ALL_MONTHS",
    "ITALIC_MARK",
    "ITEM_TRACKED",
    "MONTH_CHOICES",
    "MONTH_VALIDATORS",
    "PROGRESS_TRACKED",
    "ActionItem",
    "ActionItemQuerySet",
    "Area",
    "DecreeClause",
    "EvidenceRequirement",
    "ItemStatus",
    "MonthClosure",
    "Plan",
    "ProgressEntry",
    "month_mask",
    "months_of",
    "months_text",
    "plain_text",
]
