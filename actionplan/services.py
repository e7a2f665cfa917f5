"""Writes to plans and their rows: the row editor, progress entries, closed months. Each atomic."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from actionplan.models import ITEM_TRACKED, PROGRESS_TRACKED, ActionItem, MonthClosure, Plan, ProgressEntry
from actionplan.targets import item_targets_follow_months


@dataclass
class FieldChange:
    field: str
    label: str
    old: object
    new: object


class ProgressConflict(Exception):
    """Someone saved the entry after this user opened it; nothing was written."""

    def __init__(self, current: ProgressEntry, changes: list[FieldChange]):
        super().__init__("progress entry changed since it was opened")
        self.current = current
        self.changes = changes


def progress_validate(*, item: ActionItem, month: int, data: dict, today: date) -> None:
    """The rules an entry must meet, with messages in the user's language (ValidationError)."""
    errors = {}
    if month not in item.target_months:
        errors["month"] = _("%(month)s is outside this row's target period (%(period)s).") % {
            "month": MONTHS[month],
            "period": item.target_period_display,
        }
    elif (item.target_year, month) > (today.year, today.month):
        errors["month"] = _("%(month)s %(year)s has not begun yet; progress cannot be reported in advance.") % {
            "month": MONTHS[month],
            "year": item.target_year,
        }
    elif MonthClosure.objects.filter(plan_id=item.area.plan_id, month=month).exists():
        errors["month"] = _("%(month)s has been closed by the coordinator; its entries can no longer change.") % {
            "month": MONTHS[month]
        }
    percent = data.get("percent")
    if percent is None or not 0 <= percent <= 100:
        errors["percent"] = _("The realisation must be between 0 and 100 %.")
    elif not data.get("is_done") and not data.get("confirm_decrease"):
        before = (
            ProgressEntry.objects.filter(item=item, month__lt=month)
            .order_by("-month")
            .values_list("month", "percent")
            .first()
        )
        if before is not None and percent < before[1]:
            errors["percent"] = ValidationError(
                _(
                    "Realisation is cumulative: %(percent)s %% is lower than the %(before)s %% reported for "
                    "%(month)s. Check the figure, or tick the confirmation if it really went down."
                )
                % {"percent": percent, "before": before[1], "month": MONTHS[before[0]]},
                code="decrease",
            )
    if data.get("is_done") and not (data.get("activity") or "").strip():
        errors["activity"] = _("Describe what was done before marking the row as done.")
    if errors:
        raise ValidationError(errors)


def _changes_since(entry: ProgressEntry, base_version: int) -> list[FieldChange]:
    """Fields that differ between the version the user opened and the one now saved."""
    base = entry.history.filter(version=base_version).order_by("-history_date").first()
    changes = []
    for name in PROGRESS_TRACKED:
        old = getattr(base, name, None) if base is not None else None
        new = getattr(entry, name)
        if old != new:
            changes.append(FieldChange(name, str(ProgressEntry._meta.get_field(name).verbose_name), old, new))
    return changes


def _raw(value):
    """A field value as it is compared: a related row by its key, PICs as a set of keys."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.QuerySet, list, set, tuple)):
        return {v.pk if isinstance(v, models.Model) else v for v in value}
    return value


@transaction.atomic
def item_update(*, item: ActionItem, data: dict, by: AbstractBaseUser, reason: str) -> list[str]:
    """Save the row's tracked fields (ITEM_TRACKED) from `data`, recording who changed which and why.

    `data` is the row editor's cleaned data (related rows as objects, PICs as a list of users);
    fields it leaves out stay as they are. The row is locked and compared with what is stored,
    so the names returned are the fields this save really changed; nothing is written when
    there are none. The row's history gets one record with `by` as its user and `reason` as its
    change reason (and, when the PICs changed, a second one for them, which the history shows
    as the same save).
    """
    stored = ActionItem.objects.select_for_update(of=("self",)).select_related("area__plan", "section").get(pk=item.pk)
    stored_pics = set(stored.pics.values_list("pk", flat=True))
    changed = []
    for name in ITEM_TRACKED:
        if name not in data:
            continue
        before = stored_pics if name == "pics" else getattr(stored, stored._meta.get_field(name).attname)
        if _raw(data[name]) != before:
            changed.append(name)
    if not changed:
        return []
    if not stored.history.exists():
        # A row loaded with the decree (loaddata) has no history yet: record it as enacted first
        # (by nobody), so that its history shows this save as a change from the enacted text.
        stored._history_user = None
        stored.save()
    months_before = stored.target_months
    for name in changed:
        if name != "pics":
            setattr(stored, name, data[name])
    # The model's rules for what changed (fields, constraints they are part of, clean()); the
    # editor's form checked the same data already, so unchanged fields are not asked again.
    stored.full_clean(exclude=[f.name for f in ActionItem._meta.get_fields() if f.name not in changed])
    stored._history_user = by
    stored._change_reason = reason
    stored.save()
    if stored.target_months != months_before:  # a plan of monthly targets no longer fits the months
        item_targets_follow_months(item=stored, by=by, reason=reason)
    if "pics" in changed:
        stored.pics.set(data["pics"])  # the PICs' history record takes the same user and reason
    return changed


@transaction.atomic
def progress_save(
    *, item: ActionItem, month: int, data: dict, base_version: int, by: AbstractBaseUser, today: date | None = None
) -> ProgressEntry:
    """Create or update the entry for (item, month), refusing a save based on a stale version.

    `base_version` is the version the user's form was loaded from (0 for a new entry). The
    update is a compare-and-set on `version`, so two saves can never both win.
    """
    today = today or timezone.localdate()
    progress_validate(item=item, month=month, data=data, today=today)
    values = {
        "percent": 100 if data.get("is_done") else data["percent"],
        "is_done": bool(data.get("is_done")),
        **{name: (data.get(name) or "").strip() for name in ("activity", "obstacles", "next_steps")},
    }
    current = ProgressEntry.objects.filter(item=item, month=month).first()
    if current is None:
        if base_version != 0:
            raise ValidationError({"month": _("This entry no longer exists; reload the page.")})
        try:
            with transaction.atomic():
                return ProgressEntry.objects.create(item=item, month=month, entered_by=by, updated_by=by, **values)
        except IntegrityError:
            current = ProgressEntry.objects.get(item=item, month=month)
            raise ProgressConflict(current, _changes_since(current, 0)) from None
    updated = ProgressEntry.objects.filter(pk=current.pk, version=base_version).update(
        version=F("version") + 1, updated_by=by, updated_at=timezone.now(), **values
    )
    current.refresh_from_db()
    if not updated:
        raise ProgressConflict(current, _changes_since(current, base_version))
    # .update() bypasses signals; write the history row the way a save() would.
    current._history_user = by
    current.save(update_fields=["updated_at"])
    return current


@transaction.atomic
def month_close(*, plan: Plan, month: int, by: AbstractBaseUser) -> MonthClosure:
    closure, _created = MonthClosure.objects.get_or_create(plan=plan, month=month, defaults={"closed_by": by})
    return closure


@transaction.atomic
def month_reopen(*, plan: Plan, month: int, by: AbstractBaseUser) -> None:
    for closure in MonthClosure.objects.filter(plan=plan, month=month):
        closure._history_user = by
        closure.delete()
