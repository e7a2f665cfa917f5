"""Monev pages cost the same number of queries with 3 recommendations a meeting and with 60.

Each guard requests its page once before counting (per-process caches), then counts it for the
small office and for the large one: the same exact number. Each docstring names the per-row
query it keeps out.
"""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Membership, Role, Section
from actionplan.sample import plan_generate
from monitoring.models import FollowUpDocument, MonevSession, Recommendation

pytestmark = pytest.mark.django_db

PERIODS = ["1", "2", "3", "q1", "4", "5", "6", "q2", "s1", "7", "8", "9"]


def _office(unit, plan, *, meetings: int, recommendations: int, coordinator, pic, section):
    """`meetings` meetings of the plan, each with `recommendations`, half owned by the PIC, half done with a file."""
    sessions = []
    for index, period in enumerate(PERIODS[:meetings]):
        session = MonevSession.objects.create(
            plan=plan,
            period=period,
            held_on=date(2025, 1, 10 + index),
            attendees="Ketua\nSekretaris",
            conclusions="Satu\nDua",
            created_by=coordinator,
        )
        sessions.append(session)
        for number in range(1, recommendations + 1):
            done = number % 2 == 0
            recommendation = Recommendation.objects.create(
                session=session,
                number=number,
                text=f"Rekomendasi {number}",
                owner_user=pic if number % 3 else None,
                owner_section=None if number % 3 else section,
                due_on=date(2025, 8, 1),
                status="done" if done else "open",
                follow_up="Sudah" if done else "",
                done_on=date(2025, 7, 1) if done else None,
                done_by=pic if done else None,
            )
            if done:
                FollowUpDocument.objects.create(
                    recommendation=recommendation,
                    file="followup/x",
                    original_name="notulen.pdf",
                    size=1,
                    content_type="application/pdf",
                    sha256=f"{number:064d}",
                    uploaded_by=pic,
                )
    return sessions


@pytest.fixture
def two_offices(seed_plan, serang, other_unit, django_user_model):
    """Serang with 2 meetings of 3 recommendations, Cilegon with 12 meetings of 60; a coordinator and a PIC each."""
    offices = []
    for unit, plan, meetings, recommendations in (
        (serang, seed_plan, 2, 3),
        (other_unit, plan_generate(unit=other_unit, year=2025, items=40), 12, 60),
    ):
        section = Section.objects.filter(unit=unit).first() or Section.objects.create(unit=unit, name="Umum")
        coordinator = django_user_model.objects.create_user(f"k-{unit.code}", password="x")
        pic = django_user_model.objects.create_user(f"p-{unit.code}", password="x")
        Membership.objects.create(user=coordinator, unit=unit, role=Role.KOORDINATOR)
        Membership.objects.create(user=pic, unit=unit, role=Role.PIC, section=section)
        plan.status = "ditetapkan"
        plan.save()
        sessions = _office(
            unit,
            plan,
            meetings=meetings,
            recommendations=recommendations,
            coordinator=coordinator,
            pic=pic,
            section=section,
        )
        offices.append({"plan": plan, "coordinator": coordinator, "pic": pic, "sessions": sessions})
    return offices


def same_count(client, django_assert_num_queries, n, requests):
    """requests: [(user, url)], small office first."""
    client.force_login(requests[0][0])
    client.get(requests[0][1])
    for user, url in requests:
        client.force_login(user)
        with django_assert_num_queries(n):
            response = client.get(url)
        assert response.status_code == 200


def test_a_plans_meetings(client, two_offices, django_assert_num_queries):
    """Open and done counts are one grouped query, not one per meeting."""
    requests = [(o["coordinator"], reverse("monitoring:sessions", args=[o["plan"].pk])) for o in two_offices]
    same_count(client, django_assert_num_queries, SESSION_LIST, requests)


def test_a_meeting_with_its_recommendations_and_the_previous_ones(client, two_offices, django_assert_num_queries):
    """Owners, files, the previous meeting's recommendations: prefetched, not one query per recommendation."""
    requests = [(o["coordinator"], reverse("monitoring:session", args=[o["sessions"][-1].pk])) for o in two_offices]
    same_count(client, django_assert_num_queries, SESSION_PAGE, requests)


def test_my_recommendations_and_their_card(client, two_offices, django_assert_num_queries):
    """Meeting, plan and owner are joined in: the list and the card cost the same for 2 and 240 open ones."""
    for name, n in (("monitoring:mine", MINE), ("monitoring:mine_card", MINE_CARD)):
        same_count(client, django_assert_num_queries, n, [(o["pic"], reverse(name)) for o in two_offices])


def test_the_dashboards_open_recommendations(client, two_offices, django_assert_num_queries):
    requests = [(o["coordinator"], reverse("monitoring:plan_open", args=[o["plan"].pk])) for o in two_offices]
    same_count(client, django_assert_num_queries, PLAN_OPEN, requests)


def test_a_recommendation_page(client, two_offices, django_assert_num_queries):
    requests = [
        (o["pic"], reverse("monitoring:recommendation", args=[o["sessions"][-1].recommendations.get(number=2).pk]))
        for o in two_offices
    ]
    same_count(client, django_assert_num_queries, RECOMMENDATION_PAGE, requests)


# Each with the session and the user (2); the pages (not the cards) with the menu's roles and bell too.
SESSION_LIST = 8
SESSION_PAGE = 14
MINE = 5
MINE_CARD = 4
PLAN_OPEN = 5
RECOMMENDATION_PAGE = 8
