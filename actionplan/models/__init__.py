"""The action plan's models: the decree and its rows (decree.py), their monthly progress (progress.py),
their planned monthly targets (targets.py)."""

from actionplan.models.decree import (
    ALL_MONTHS,
    DECREE_FIELDS,
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
from actionplan.models.targets import HundredthsField, ItemTarget

__all__ = [
    "ALL_MONTHS",
    "DECREE_FIELDS",
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
    "HundredthsField",
    "ItemStatus",
    "ItemTarget",
    "MonthClosure",
    "Plan",
    "ProgressEntry",
    "month_mask",
    "months_of",
    "months_text",
    "plain_text",
]
