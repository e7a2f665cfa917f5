"""Reads over Monev meetings and recommendations, scoped through the plans the user may see."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import Membership, Section
from accounts.permissions import Caps, roles_with
from actionplan.models import Plan
from actionplan.selectors import User, visible_plans
from monitoring.models import FollowUpDocument, MonevSession, Recommendation

# How many open recommendations a card (Pekerjaan saya, the dashboard) lists before "all N".
CARD_ROWS = 5


def visible_sessions(*, user: User) -> QuerySet[MonevSession]:
    """Meetings of the plans the user may see (drafts as in visible_plans), plan and unit joined in."""
    return MonevSession.objects.filter(plan__in=visible_plans(user=user)).select_related("plan__unit")


def visible_recommendations(*, user: User) -> QuerySet[Recommendation]:
    """Recommendations of the meetings the user may see, with their meeting, plan, unit and owner joined in."""
    return Recommendation.objects.filter(session__plan__in=visible_plans(user=user)).select_related(
        "session__plan__unit", "owner_section", "owner_user__profile", "done_by"
    )


def visible_documents(*, user: User) -> QuerySet[FollowUpDocument]:
    return FollowUpDocument.objects.filter(recommendation__session__plan__in=visible_plans(user=user)).select_related(
        "recommendation__session__plan__unit"
    )


def plan_sessions(*, plan: Plan) -> list[MonevSession]:
    """The plan's meetings, newest first, each with `.open_count` and `.done_count`: 1 query."""
    return list(
        plan.monev_sessions.annotate(
            open_count=Count("recommendations", filter=Q(recommendations__status=Recommendation.Status.OPEN)),
            done_count=Count("recommendations", filter=Q(recommendations__status=Recommendation.Status.DONE)),
        )
        .select_related("plan__unit")
        .order_by("-held_on", "-pk")
    )


def with_documents(recommendations: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """Recommendations with owner, closer and `documents` (uploader joined): 2 queries for any number."""
    return recommendations.select_related("owner_section", "owner_user__profile", "done_by").prefetch_related(
        Prefetch("documents", queryset=FollowUpDocument.objects.select_related("uploaded_by").order_by("uploaded_at"))
    )


def session_recommendations(*, session: MonevSession) -> list[Recommendation]:
    """The meeting's own recommendations in order, with their documents: 2 queries."""
    return list(with_documents(session.recommendations.order_by("number")))


def previous_session(*, session: MonevSession) -> MonevSession | None:
    """The unit's meeting held last before this one (of any of its plans: December's is followed up in January)."""
    return (
        MonevSession.objects.filter(plan__unit_id=session.plan.unit_id)
        .filter(Q(held_on__lt=session.held_on) | Q(held_on=session.held_on, pk__lt=session.pk))
        .select_related("plan")
        .order_by("-held_on", "-pk")
        .first()
    )


@dataclass
class Carried:
    """What a meeting reviews of earlier ones: the previous meeting's recommendations, and older ones still open."""

    previous: MonevSession | None
    recommendations: list[Recommendation]

    @property
    def done_count(self) -> int:
        return sum(1 for r in self.recommendations if r.is_done)


def carried_recommendations(*, session: MonevSession) -> Carried:
    """The previous meeting's recommendations whatever became of them, then earlier ones still open: 3 queries."""
    previous = previous_session(session=session)
    if previous is None:
        return Carried(None, [])
    earlier = Recommendation.objects.filter(session__plan__unit_id=session.plan.unit_id).filter(
        Q(session=previous)
        | Q(status=Recommendation.Status.OPEN, session__held_on__lt=previous.held_on)
        | Q(status=Recommendation.Status.OPEN, session__held_on=previous.held_on, session__pk__lt=previous.pk)
    )
    rows = list(
        with_documents(earlier.select_related("session__plan")).order_by("-session__held_on", "-session__pk", "number")
    )
    rows.sort(key=lambda r: (r.session_id != previous.pk,))  # the previous meeting's first, then older ones
    return Carried(previous, rows)


def my_open_recommendations(*, user: User) -> QuerySet[Recommendation]:
    """Open recommendations the user owns (or their section does), soonest due first; 1 query to list."""
    return (
        visible_recommendations(user=user)
        .open()
        .owned_by(user)
        .filter(session__plan__status=Plan.Status.DITETAPKAN)
        .order_by("due_on", "session__held_on", "number")
    )


def plan_open_recommendations(*, plan: Plan) -> QuerySet[Recommendation]:
    """The plan's open recommendations, soonest due first, with meeting and owner joined in: 1 query to list."""
    return (
        Recommendation.objects.open()
        .filter(session__plan=plan)
        .select_related("session__plan", "owner_section", "owner_user")
        .order_by("due_on", "session__held_on", "number")
    )


def may_follow_up(*, user: User, recommendation: Recommendation, caps: Caps) -> bool:
    """The coordinator always; a PIC on a recommendation of theirs or their section's (1 query)."""
    if caps.follow_up_any_recommendation:
        return True
    if not caps.follow_up_recommendation:
        return False
    return Recommendation.objects.owned_by(user).filter(pk=recommendation.pk).exists()


def owner_people(*, recommendation: Recommendation) -> QuerySet:
    """Who answers for a recommendation: its person, or its section's members who follow up (1 query)."""
    users = get_user_model().objects.filter(is_active=True)
    if recommendation.owner_user_id:
        return users.filter(pk=recommendation.owner_user_id)
    members = Membership.objects.filter(
        section_id=recommendation.owner_section_id, role__in=roles_with("follow_up_recommendation")
    )
    return users.filter(pk__in=members.values("user_id"))


def owner_choices(*, unit_id: int) -> tuple[list[Section], list]:
    """The unit's sections and the people who may own a recommendation there (members who follow up): 2 queries."""
    sections = list(Section.objects.filter(unit_id=unit_id).order_by("order", "name"))
    people = list(
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=Membership.objects.filter(unit_id=unit_id, role__in=roles_with("follow_up_recommendation")).values(
                "user_id"
            ),
        )
        .order_by("first_name", "last_name", "username")
    )
    return sections, people


def due_soon(*, today: date, days: int) -> QuerySet[Recommendation]:
    """Open recommendations of enacted plans due within `days` (or overdue), meeting and plan joined in."""
    from datetime import timedelta

    return (
        Recommendation.objects.open()
        .filter(due_on__lte=today + timedelta(days=days), session__plan__status=Plan.Status.DITETAPKAN)
        .select_related("session__plan", "owner_section", "owner_user")
        .order_by("due_on", "pk")
    )


def open_recommendations_by_user(*, today: date) -> dict[int, list[Recommendation]]:
    """Every open recommendation of an enacted plan, per user who answers for it: 2 queries (reminders' digest)."""
    recommendations = list(
        Recommendation.objects.open()
        .filter(session__plan__status=Plan.Status.DITETAPKAN)
        .select_related("session__plan__unit", "owner_section", "owner_user")
        .order_by("due_on", "pk")
    )
    sections = {r.owner_section_id for r in recommendations if r.owner_section_id}
    members: dict[int, set[int]] = {}
    for section_id, user_id in Membership.objects.filter(
        section_id__in=sections or [0], role__in=roles_with("follow_up_recommendation"), user__is_active=True
    ).values_list("section_id", "user_id"):
        members.setdefault(section_id, set()).add(user_id)
    by_user: dict[int, list[Recommendation]] = {}
    for recommendation in recommendations:
        recommendation.overdue = recommendation.due_on < today
        owners = (
            {recommendation.owner_user_id}
            if recommendation.owner_user_id
            else members.get(recommendation.owner_section_id, set())
        )
        for user_id in owners:
            by_user.setdefault(user_id, []).append(recommendation)
    return by_user
