"""Who is reminded of what today: each PIC's rows due this month and late, each reviewer's queue."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse

from accounts.models import Membership
from actionplan.models import ActionItem, ItemStatus, Plan, ProgressEntry
from actionplan.selectors import due_this_month
from evidence.models import Evidence, EvidenceStatus, Review
from evidence.selectors import REVIEWER_ROLES
from monitoring.selectors import open_recommendations_by_user

PIC, REVIEW = "pic", "review"


@dataclass
class Reminder:
    user: object
    kind: str
    due: list = field(default_factory=list)
    late: list = field(default_factory=list)
    returned: list = field(default_factory=list)  # the user's documents sent back, still to be replaced
    recommendations: list = field(default_factory=list)  # open Monev recommendations the user answers for
    queue: list = field(default_factory=list)
    error: str = ""  # why its e-mail failed, when it did

    @property
    def count(self) -> int:
        return len(self.due) + len(self.late) + len(self.returned) + len(self.queue) + len(self.recommendations)


def _url(name: str, pk: int) -> str:
    return settings.ZI_BASE_URL + reverse(name, args=[pk])


def pic_reminders(*, today: date) -> list[Reminder]:
    """Per PIC: rows due this month (not yet reported, not done), late rows, their returned documents,
    and the open Monev recommendations they (or their section) answer for.

    6 queries: the rows, their PICs, the returned documents (each with its last review's note), the
    open recommendations, their sections' members and those members.
    """
    reported = ProgressEntry.objects.filter(item=OuterRef("pk"), month=today.month)
    items = (
        ActionItem.objects.filter(
            pics__isnull=False, area__plan__status=Plan.Status.DITETAPKAN
        )  # a draft is not work yet
        .distinct()
        .with_status(today=today)
        .annotate(reported_this_month=Exists(reported))
        .select_related("area__plan__unit")
        .prefetch_related("pics")
        .order_by("area__plan__year", "area__order", "number")
    )
    by_user: dict[int, Reminder] = {}
    for item in items:
        item.url = _url("actionplan:item_detail", item.pk)
        due = due_this_month(item, today=today) and not item.reported_this_month
        late = item.status == ItemStatus.TERLAMBAT
        for user in item.pics.all():
            if not (user.is_active and user.email):
                continue
            reminder = by_user.setdefault(user.pk, Reminder(user, PIC))
            if due:
                reminder.due.append(item)
            if late:
                reminder.late.append(item)
    last_note = Review.objects.filter(evidence=OuterRef("pk")).order_by("-created_at", "-pk").values("note")[:1]
    returned = (
        Evidence.objects.filter(status=EvidenceStatus.PERLU_PERBAIKAN)
        .annotate(review_note=Subquery(last_note))
        .select_related("requirement__item__area__plan__unit", "current__uploaded_by")
        .order_by("created_at", "pk")
    )
    for evidence in returned:
        user = evidence.current.uploaded_by
        if not (user.is_active and user.email):
            continue
        evidence.url = _url("actionplan:item_detail", evidence.requirement.item_id) + "#evidence"
        by_user.setdefault(user.pk, Reminder(user, PIC)).returned.append(evidence)
    recommendations = open_recommendations_by_user(today=today)
    users = get_user_model().objects.filter(pk__in=list(recommendations), is_active=True).exclude(email="")
    for user in users:
        for recommendation in recommendations[user.pk]:
            recommendation.url = _url("monitoring:recommendation", recommendation.pk)
        by_user.setdefault(user.pk, Reminder(user, PIC)).recommendations = recommendations[user.pk]
    return [r for r in by_user.values() if r.count]


def reviewer_reminders() -> list[Reminder]:
    """Per reviewer (penilai or coordinator): evidence waiting for review in their units: 2 queries."""
    waiting = list(
        Evidence.objects.filter(status=EvidenceStatus.DIAJUKAN)
        .select_related("requirement__item__area__plan__unit", "current__uploaded_by")
        .order_by("created_at")
    )
    if not waiting:
        return []
    reviewers = (
        Membership.objects.filter(role__in=REVIEWER_ROLES, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )
    by_user: dict[int, Reminder] = {}
    for membership in reviewers:
        for evidence in waiting:
            item = evidence.requirement.item
            if item.area.plan.unit_id == membership.unit_id and evidence.current.uploaded_by_id != membership.user_id:
                evidence.url = _url("actionplan:item_detail", item.pk)
                reminder = by_user.setdefault(membership.user_id, Reminder(membership.user, REVIEW))
                if evidence not in reminder.queue:
                    reminder.queue.append(evidence)
    return list(by_user.values())
