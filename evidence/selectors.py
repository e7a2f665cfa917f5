"""Reads over evidence, scoped to the user's units, each stating its loading plan."""
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from accounts.permissions import roles_with
from accounts.selectors import user_units
from actionplan.models import ActionItem, EvidenceRequirement, Plan
from actionplan.selectors import User
from evidence.models import Evidence, EvidenceRevision, EvidenceStatus, Review

REVIEWER_ROLES = sorted(roles_with("review"))


def visible_evidence(*, user: User, roles: Iterable[str] | None = None) -> QuerySet[Evidence]:
    """Evidence of the plans the user may see, with its row, area, plan, unit and current file joined in."""
    return Evidence.objects.filter(
        requirement__item__area__plan__unit__in=user_units(user=user, roles=roles)
    ).select_related("requirement__item__area__plan__unit", "current__uploaded_by", "submitted_by")


def visible_revisions(*, user: User) -> QuerySet[EvidenceRevision]:
    return EvidenceRevision.objects.filter(
        evidence__requirement__item__area__plan__unit__in=user_units(user=user)
    ).select_related("evidence__requirement__item__area__plan__unit", "uploaded_by")


def item_requirements(*, item: ActionItem) -> list[EvidenceRequirement]:
    """The row's requirements with `.documents` (evidence with files, uploaders and reviews): 4 queries."""
    documents = (
        Evidence.objects.select_related("current__uploaded_by", "submitted_by")
        .prefetch_related(
            Prefetch("revisions", queryset=EvidenceRevision.objects.select_related("uploaded_by").order_by("-number")),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer").order_by("-created_at")),
        )
        .order_by("month", "created_at")
    )
    requirements = list(
        item.requirements.order_by("order").prefetch_related(Prefetch("evidence", queryset=documents, to_attr="documents"))
    )
    for requirement in requirements:
        requirement.covered = any(d.status == EvidenceStatus.DITERIMA for d in requirement.documents)
    return requirements


@dataclass
class Coverage:
    covered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.covered / self.total) if self.total else 0


def plan_coverage(*, plan: Plan) -> tuple[dict[int, Coverage], dict[int, Coverage], Coverage]:
    """Share of requirements with accepted evidence per row, per area and for the plan: 1 query.

    The database counts, grouped by row; areas and the plan total add the rows up.
    """
    accepted = Evidence.objects.filter(requirement=OuterRef("pk"), status=EvidenceStatus.DITERIMA)
    rows = (
        EvidenceRequirement.objects.filter(item__area__plan=plan)
        .annotate(is_covered=Exists(accepted))
        .values("item_id", "item__area_id")
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(is_covered=True)))
        .order_by()
    )
    by_item, by_area, total = {}, {}, Coverage(0, 0)
    for row in rows:
        by_item[row["item_id"]] = Coverage(row["covered"], row["total"])
        area = by_area.setdefault(row["item__area_id"], Coverage(0, 0))
        area.covered += row["covered"]
        area.total += row["total"]
        total.covered += row["covered"]
        total.total += row["total"]
    return by_item, by_area, total


def review_queue(*, user: User, area_id: int | None = None, status: str | None = EvidenceStatus.DIAJUKAN) -> QuerySet[Evidence]:
    """Evidence a reviewer (penilai or coordinator) is to look at, oldest first: 1 query, rows joined in."""
    queryset = visible_evidence(user=user, roles=REVIEWER_ROLES)
    if status:
        queryset = queryset.filter(status=status)
    if area_id:
        queryset = queryset.filter(requirement__item__area_id=area_id)
    # Oldest first by the file waiting now: a revision sent in after "perlu perbaikan" queues anew.
    return queryset.order_by("current__uploaded_at", "pk")


def next_to_review(*, user: User, after: Evidence, area_id: int | None = None) -> Evidence | None:
    """The oldest other document waiting for this reviewer's decision (not their own upload): 1 query."""
    return (
        review_queue(user=user, area_id=area_id)
        .exclude(pk=after.pk)
        .exclude(current__uploaded_by=user)
        .first()
    )


def waiting_for_review_count(*, user: User) -> int:
    """How many documents wait for a decision this user may give, for the menu: 1 query."""
    return review_queue(user=user).exclude(current__uploaded_by=user).count()


def missing_evidence(*, user: User) -> QuerySet[EvidenceRequirement]:
    """Requirements of the user's rows (as PIC) that have no accepted evidence yet: 1 query."""
    accepted = Evidence.objects.filter(requirement=OuterRef("pk"), status=EvidenceStatus.DITERIMA)
    submitted = Evidence.objects.filter(requirement=OuterRef("pk"), status=EvidenceStatus.DIAJUKAN)
    return (
        EvidenceRequirement.objects.filter(item__pics=user, item__area__plan__unit__in=user_units(user=user))
        .annotate(has_accepted=Exists(accepted), waiting=Exists(submitted))
        .filter(has_accepted=False)
        .select_related("item__area__plan")
        .order_by("item__area__plan__year", "item__area__order", "item__number", "order")
    )


def sent_back(*, user: User) -> QuerySet[Evidence]:
    """Evidence on the user's rows that a reviewer sent back, with the latest note and reviewer: 1 query."""
    latest = Review.objects.filter(evidence=OuterRef("pk")).order_by("-created_at")
    return (
        Evidence.objects.filter(
            status=EvidenceStatus.PERLU_PERBAIKAN,
            requirement__item__pics=user,
            requirement__item__area__plan__unit__in=user_units(user=user),
        )
        .select_related("requirement__item__area", "current")
        .annotate(
            last_note=Subquery(latest.values("note")[:1]),
            last_reviewer_first=Subquery(latest.values("reviewer__first_name")[:1]),
            last_reviewer_username=Subquery(latest.values("reviewer__username")[:1]),
        )
        .order_by("updated_at")
    )


def plan_documents(*, user: User, plan_id: int, status: str | None = None) -> QuerySet[Evidence]:
    """A plan's evidence (all, or one status), oldest waiting first, rows and files joined in: 1 query."""
    queryset = visible_evidence(user=user).filter(requirement__item__area__plan_id=plan_id)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("current__uploaded_at", "pk")
