"""Reads over evidence, scoped to the user's units, each stating its loading plan."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from accounts.permissions import roles_with
from accounts.selectors import user_unit_ids
from actionplan.models import ActionItem, EvidenceRequirement, Plan
from actionplan.selectors import User, visible_plans
from evidence.models import Evidence, EvidenceRevision, EvidenceStatus, Review

REVIEWER_ROLES = sorted(roles_with("review"))


def visible_evidence(*, user: User, roles: Iterable[str] | None = None) -> QuerySet[Evidence]:
    """Evidence of the plans the user may see, with its row, area, plan, unit and current file joined in."""
    return Evidence.objects.filter(
        requirement__item__area__plan__unit_id__in=user_unit_ids(user=user, roles=roles)
    ).select_related("requirement__item__area__plan__unit", "current__uploaded_by", "submitted_by")


def visible_revisions(*, user: User) -> QuerySet[EvidenceRevision]:
    return EvidenceRevision.objects.filter(
        evidence__requirement__item__area__plan__unit_id__in=user_unit_ids(user=user)
    ).select_related("evidence__requirement__item__area__plan__unit", "uploaded_by")


def with_coverage(
    requirements: QuerySet[EvidenceRequirement], *, until: datetime | None = None, through_month: int | None = None
) -> QuerySet[EvidenceRequirement]:
    """Annotate `is_covered`, the one rule of "covered": the requirement has an accepted document.

    Now: one of its documents has the status "diterima" (Evidence.covers_requirement says the
    same of loaded documents). As of `until` (a past month's figures): an acceptance review made
    by then. With `through_month` as well (a period report, Laporan Monev): or a document filed
    for one of the period's months that is accepted now, whenever it was. One correlated
    subquery each, in the requirements' query.
    """
    return requirements.annotate(is_covered=_covered(until=until, through_month=through_month))


def _covered(*, until: datetime | None, through_month: int | None) -> Exists | Q:
    accepted = Evidence.objects.filter(requirement=OuterRef("pk"), status=EvidenceStatus.DITERIMA)
    if until is None:
        return Exists(accepted)
    # The requirement's evidence by its index, then each one's reviews by theirs: no join the
    # planner could turn around into a scan of all evidence per review (issue 18).
    accepted_by_then = Exists(
        Review.objects.filter(
            evidence__in=Evidence.objects.filter(requirement=OuterRef(OuterRef("pk"))).values("pk"),
            decision=Review.Decision.DITERIMA,
            created_at__lte=until,
        )
    )
    if through_month is None:
        return accepted_by_then
    return Q(accepted_by_then) | Q(Exists(accepted.filter(month__lte=through_month)))


def coverage_counts(requirements: QuerySet[EvidenceRequirement], *group_by: str, **as_of) -> QuerySet:
    """`total` and `covered` requirements per `group_by` value (see with_coverage for `as_of`): 1 query."""
    return (
        with_coverage(requirements, **as_of)
        .order_by()
        .values(*group_by)
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(is_covered=True)))
    )


def item_requirements(*, item: ActionItem) -> list[EvidenceRequirement]:
    """The row's requirements with `.documents` (evidence with files, uploaders and reviews) and `.covered`: 4 queries."""
    documents = (
        Evidence.objects.select_related("current__uploaded_by", "submitted_by")
        .prefetch_related(
            Prefetch("revisions", queryset=EvidenceRevision.objects.select_related("uploaded_by").order_by("-number")),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer").order_by("-created_at")),
        )
        .order_by("month", "created_at")
    )
    requirements = list(
        item.requirements.order_by("order").prefetch_related(
            Prefetch("evidence", queryset=documents, to_attr="documents")
        )
    )
    for requirement in requirements:
        requirement.covered = any(d.covers_requirement for d in requirement.documents)
    return requirements


@dataclass
class Coverage:
    """How many of some requirements are covered (see with_coverage), and the share in percent."""

    covered: int
    total: int

    @classmethod
    def of(cls, requirements: list[EvidenceRequirement]) -> "Coverage":
        """Of requirements loaded by item_requirements (each with `.covered`)."""
        return cls(sum(r.covered for r in requirements), len(requirements))

    @property
    def percent(self) -> int:
        return round(100 * self.covered / self.total) if self.total else 0


def plan_coverage(*, plan: Plan) -> tuple[dict[int, Coverage], dict[int, Coverage], Coverage]:
    """Share of requirements with accepted evidence per row, per area and for the plan: 1 query.

    The database counts, grouped by row; areas and the plan total add the rows up.
    """
    rows = coverage_counts(EvidenceRequirement.objects.filter(item__area__plan=plan), "item_id", "item__area_id")
    by_item, by_area, total = {}, {}, Coverage(0, 0)
    for row in rows:
        by_item[row["item_id"]] = Coverage(row["covered"], row["total"])
        area = by_area.setdefault(row["item__area_id"], Coverage(0, 0))
        area.covered += row["covered"]
        area.total += row["total"]
        total.covered += row["covered"]
        total.total += row["total"]
    return by_item, by_area, total


def review_queue(
    *, user: User, area_id: int | None = None, status: str | None = EvidenceStatus.DIAJUKAN
) -> QuerySet[Evidence]:
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
    return review_queue(user=user, area_id=area_id).exclude(pk=after.pk).exclude(current__uploaded_by=user).first()


def waiting_for_review_count(*, user: User) -> int:
    """How many documents wait for a decision this user may give, for the menu: 1 query."""
    return review_queue(user=user).exclude(current__uploaded_by=user).count()


def missing_evidence(*, user: User) -> QuerySet[EvidenceRequirement]:
    """Requirements of the user's rows (as PIC) that have no accepted evidence yet: 1 query."""
    submitted = Evidence.objects.filter(requirement=OuterRef("pk"), status=EvidenceStatus.DIAJUKAN)
    # Plans as visible_plans sees them: a draft copy's rows are no one's work until it is enacted.
    mine = EvidenceRequirement.objects.filter(
        item__pics=user, item__area__plan__in=visible_plans(user=user).values("pk")
    )
    return (
        with_coverage(mine)
        .filter(is_covered=False)
        .annotate(waiting=Exists(submitted))
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
            requirement__item__area__plan__unit_id__in=user_unit_ids(user=user),
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
