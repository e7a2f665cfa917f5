"""Who sees which units: the one scoping function every view goes through."""
import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role, Unit
from accounts.selectors import user_roles, user_units

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
    assert Role.KOORDINATOR in user_roles(user=root, unit=serang)
