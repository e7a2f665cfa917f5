"""Who sees which units: the one scoping function every view goes through."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role, Unit
from accounts.permissions import capabilities, user_roles
from accounts.selectors import user_units

pytestmark = pytest.mark.django_db


def test_members_see_their_own_unit_only(pic, outsider, serang, other_unit):
    assert list(user_units(user=pic)) == [serang]
    assert list(user_units(user=outsider)) == [other_unit]


def test_role_filter(pic, serang):
    assert list(user_units(user=pic, roles=[Role.KOORDINATOR])) == []
    assert user_roles(user=pic, unit=serang) == {Role.PIC}


def test_anonymous_and_inactive_users_see_nothing(pic):
    assert list(user_units(user=AnonymousUser())) == []
    pic.is_active = False
    pic.save()
    assert list(user_units(user=pic)) == []


def test_superuser_sees_everything(django_user_model, serang, other_unit):
    root = django_user_model.objects.create_superuser("root", "root@example.test", "x")
    assert set(user_units(user=root)) == set(Unit.objects.all()) >= {serang, other_unit}
    caps = capabilities(user=root, unit=serang)
    assert caps.manage_members and caps.review and caps.edit_rows  # every capability, in every unit


def test_capabilities_follow_the_table(pic, penilai, pimpinan, koordinator, serang, other_unit):
    assert user_roles(user=pic, unit=serang) == {Role.PIC}
    pic_caps = capabilities(user=pic, unit=serang)
    assert pic_caps.report_progress and pic_caps.upload_evidence and not pic_caps.review and not pic_caps.edit_rows
    assert (
        capabilities(user=penilai, unit=serang).review and not capabilities(user=penilai, unit=serang).report_progress
    )
    assert not capabilities(user=pimpinan, unit=serang).review and capabilities(user=pimpinan, unit=serang).view_plan
    assert capabilities(user=koordinator, unit=serang).close_month
    assert not capabilities(user=koordinator, unit=other_unit).view_plan  # roles are per unit
    with pytest.raises(AttributeError):
        getattr(capabilities(user=pic, unit=serang), "reviews")  # noqa: B009 - a misspelt capability fails loudly


def test_a_unit_at_the_top_asks_for_no_units_above(
    outsider, other_unit, koordinator, serang, django_assert_num_queries
):
    """Nothing can flow down into a unit without a parent: one plain query of the user's memberships there."""
    assert other_unit.parent_id is None and serang.parent_id is not None
    with django_assert_num_queries(1) as captured:
        caps = capabilities(user=outsider, unit=other_unit)
    assert "parent_id" not in captured.captured_queries[0]["sql"]
    assert caps.close_month and caps.roles == capabilities(user=outsider, unit=other_unit.pk).roles
    with django_assert_num_queries(1) as captured:
        assert capabilities(user=koordinator, unit=serang).close_month
    assert "parent_id" in captured.captured_queries[0]["sql"]  # Serang has a province above it
