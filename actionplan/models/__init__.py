"""The action plan's models: the decree and its rows (decree.py), their monthly progress (progress.py)."""
from actionplan.models.decree import (
    ITALIC_MARK,
    MONTH_CHOICES,
    MONTH_VALIDATORS,
    ActionItem,
    ActionItemQuerySet,
    Area,
    DecreeClause,
    EvidenceRequirement,
    ItemStatus,
    Plan,
    plain_text,
)
from actionplan.models.progress import MonthClosure, ProgressEntry, ReminderLog

__all__ = [
    "ITALIC_MARK",
    "MONTH_CHOICES",
    "MONTH_VALIDATORS",
    "ActionItem",
    "ActionItemQuerySet",
    "Area",
    "DecreeClause",
    "EvidenceRequirement",
    "ItemStatus",
    "MonthClosure",
    "Plan",
    "ProgressEntry",
    "ReminderLog",
    "plain_text",
]
