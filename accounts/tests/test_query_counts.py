"""The members page and accounts' admin cost the same number of queries for 4 members and for 40.

Each guard requests its page once before counting (per-process caches: content types), counts
it, adds members, and counts again: the same exact number.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import Membership, Role, Section

pytestmark = pytest.mark.django_db


def members_add(unit, count: int, start: int = 0):
    """`count` PICs of `unit`, each in one of its sections."""
    sections = list(Section.objects.filter(unit=unit))
    for n in range(start, start + count):
        user = get_user_model().objects.create_user(f"anggota{n}", password="x", first_name=f"Anggota {n}")
        Membership.objects.create(user=user, unit=unit, role=Role.PIC, section=sections[n % len(sections)])


@pytest.fixture
def staff_koordinator(koordinator):
    koordinator.is_staff = True
    koordinator.save()
    return koordinator


def same_count(client, django_assert_num_queries, n, url, grow):
    client.get(url)
    with django_assert_num_queries(n):
        assert client.get(url).status_code == 200
    grow()
    with django_assert_num_queries(n):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_members_page_costs_the_same_for_4_and_40_members(client, koordinator, serang, django_assert_num_queries):
    """Each membership's user and section are joined in; who the coordinator manages is one set."""
    members_add(serang, 3)
    client.force_login(koordinator)
    response = same_count(
        client,
        django_assert_num_queries,
        MEMBERS_QUERIES,
        reverse("accounts:members", args=[serang.pk]),
        lambda: members_add(serang, 36, start=3),
    )
    assert len(response.context["memberships"]) == 40


MEMBERS_QUERIES = 10  # … with the menu's bell (its unread count)


@pytest.mark.parametrize("name", ["accounts_unit", "accounts_section", "accounts_membership", "auth_user"])
def test_accounts_admin_lists_cost_the_same_for_4_and_40_members(
    client, staff_koordinator, serang, name, django_assert_num_queries
):
    """Units, sections and users named in the columns and filters are joined in, not one query per member."""
    members_add(serang, 3)
    client.force_login(staff_koordinator)
    same_count(
        client,
        django_assert_num_queries,
        LIST_QUERIES[name],
        reverse(f"admin:{name}_changelist"),
        lambda: members_add(serang, 36, start=3),
    )


LIST_QUERIES = {"accounts_unit": 9, "accounts_section": 9, "accounts_membership": 10, "auth_user": 8}


@pytest.mark.parametrize("model", ["unit", "membership", "user"])
def test_accounts_admin_change_pages_cost_the_same_for_4_and_40_members(
    client, staff_koordinator, serang, model, django_assert_num_queries
):
    """A unit's sections (inline), a membership's user and section selects: their choices load once."""
    members_add(serang, 3)
    client.force_login(staff_koordinator)
    target = {
        "unit": serang,
        "membership": Membership.objects.filter(unit=serang).order_by("pk").last(),
        "user": get_user_model().objects.get(username="anggota0"),
    }[model]
    url = reverse(f"admin:{target._meta.app_label}_{target._meta.model_name}_change", args=[target.pk])
    same_count(client, django_assert_num_queries, CHANGE_QUERIES[model], url, lambda: members_add(serang, 36, start=3))


# user: 7 since the user page carries the NIP inline (accounts.Profile, issue 15): one query for it.
CHANGE_QUERIES = {"unit": 8, "membership": 11, "user": 7}
