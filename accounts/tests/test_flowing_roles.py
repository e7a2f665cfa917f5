"""Roles that flow down the unit tree: KPU RI → two provinces → their kabupaten/kota.

A pimpinan, penilai or preliminary assessor of a province reaches the units below it, with the
capabilities CAN_BELOW gives; a coordinator or PIC of a province reaches nothing below; a
kabupaten's coordinator sees nothing above or beside it.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import MAX_DEPTH, Membership, Role, Unit
from accounts.permissions import CAN, CAN_BELOW, FLOWS_DOWN, capabilities, scoped, units_where
from accounts.selectors import unit_descendants, user_units
from actionplan.models import Plan
from actionplan.sample import plan_generate
from actionplan.selectors import visible_plans

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(seed_plan):
    """The seed's KPU RI → Banten → Serang, plus Kota Cilegon in Banten and Jawa Barat → Kabupaten Bogor."""
    ri, banten, serang = (Unit.objects.get(code=c) for c in ("kpu-ri", "kpu-prov-banten", "kpu-kab-serang"))
    cilegon = Unit.objects.create(name="KPU Kota Cilegon", short_name="KPU Kota Cilegon", code="c", parent=banten)
    jabar = Unit.objects.create(name="KPU Provinsi Jawa Barat", short_name="KPU Jabar", code="jb", parent=ri)
    bogor = Unit.objects.create(name="KPU Kabupaten Bogor", short_name="KPU Kab. Bogor", code="bg", parent=jabar)
    units = {"ri": ri, "banten": banten, "serang": serang, "cilegon": cilegon, "jabar": jabar, "bogor": bogor}
    plans = {"serang": seed_plan}
    for key in ("ri", "banten", "cilegon", "jabar", "bogor"):
        plans[key] = plan_generate(unit=units[key], year=2025, items=6)
    return units, plans


def member(username: str, unit: Unit, role: str):
    user = get_user_model().objects.create_user(username, password="x", is_staff=role == Role.KOORDINATOR)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


def plan_units(user) -> set[str]:
    return set(visible_plans(user=user).values_list("unit__code", flat=True))


def test_provincial_pimpinan_reads_its_kabupaten_and_no_other_province(tree, client):
    units, plans = tree
    leader = member("ketua-banten", units["banten"], Role.PIMPINAN)
    assert plan_units(leader) == {"kpu-prov-banten", "kpu-kab-serang", "c"}
    client.force_login(leader)
    for key, status in [("serang", 200), ("cilegon", 200), ("banten", 200), ("bogor", 404), ("jabar", 404)]:
        response = client.get(reverse("actionplan:plan_detail", args=[plans[key].pk]))
        assert response.status_code == status, key
    assert client.get(reverse("reports:dashboard", args=[plans["serang"].pk])).status_code == 200
    assert client.get(reverse("actionplan:plan_lampiran_xlsx", args=[plans["bogor"].pk])).status_code == 404
    # Read-only there: no coordinator's page, no signature of the kabupaten's Monev.
    assert client.get(reverse("actionplan:plan_months", args=[plans["serang"].pk])).status_code == 403
    caps = capabilities(user=leader, unit=units["serang"])
    assert caps.view_plan and caps.export and caps.lke_view and caps.view_rollup
    assert not (caps.acknowledges_monev or caps.edit_rows or caps.review or caps.report_progress)
    assert capabilities(user=leader, unit=units["banten"]).acknowledges_monev  # its own office's, still


def test_national_roles_reach_every_level(tree):
    units, _plans = tree
    inspektur = member("inspektur", units["ri"], Role.PENILAI)
    assert plan_units(inspektur) == {u.code for u in units.values()}
    for key in ("banten", "serang", "bogor"):
        caps = capabilities(user=inspektur, unit=units[key])
        assert caps.review and caps.lke_review and caps.view_old_revisions and not caps.edit_rows
    assert set(units_where(user=inspektur, capability="review")) == set(units.values())


def test_coordinator_and_pic_of_a_province_reach_nothing_below(tree, client):
    units, plans = tree
    for role in (Role.KOORDINATOR, Role.PIC):
        user = member(f"prov-{role}", units["banten"], role)
        assert set(user_units(user=user)) == {units["banten"]}
        assert plan_units(user) == {"kpu-prov-banten"}
        caps = capabilities(user=user, unit=units["serang"])
        assert not any(getattr(caps, name) for name in CAN), role
        client.force_login(user)
        assert client.get(reverse("actionplan:plan_detail", args=[plans["serang"].pk])).status_code == 404
        assert (
            client.get(
                reverse("actionplan:item_edit", args=[plans["serang"].areas.first().items.first().pk])
            ).status_code
            == 404
        )


def test_kabupaten_coordinator_sees_nothing_above_or_beside(tree, client):
    units, plans = tree
    coordinator = member("k-serang", units["serang"], Role.KOORDINATOR)
    assert set(user_units(user=coordinator)) == {units["serang"]}
    assert plan_units(coordinator) == {"kpu-kab-serang"}
    client.force_login(coordinator)
    for key in ("ri", "banten", "cilegon", "jabar", "bogor"):
        assert client.get(reverse("actionplan:plan_detail", args=[plans[key].pk])).status_code == 404, key
        assert not any(getattr(capabilities(user=coordinator, unit=units[key]), name) for name in CAN), key
    assert client.get(reverse("actionplan:plan_detail", args=[plans["serang"].pk])).status_code == 200


def test_a_flowing_role_in_a_kabupaten_reaches_only_itself(tree):
    units, _plans = tree
    leader = member("ketua-serang", units["serang"], Role.PIMPINAN)
    assert set(user_units(user=leader)) == {units["serang"]}


def test_preliminary_assessment_exists_only_from_above(tree):
    units, _plans = tree
    assessor = member("asesor-banten", units["banten"], Role.PENILAI_PENDAHULUAN)
    assert capabilities(user=assessor, unit=units["serang"]).assess_preliminary
    assert capabilities(user=assessor, unit=units["cilegon"]).assess_preliminary
    assert not capabilities(user=assessor, unit=units["banten"]).assess_preliminary  # not its own office
    assert not capabilities(user=assessor, unit=units["bogor"]).view_plan  # nor another province's
    assert set(units_where(user=assessor, capability="assess_preliminary")) == {units["serang"], units["cilegon"]}
    caps = capabilities(user=assessor, unit=units["serang"])
    assert caps.view_plan and not (caps.review or caps.lke_review or caps.edit_rows)


def test_the_table_never_lets_coordinators_or_pics_flow():
    assert FLOWS_DOWN == {Role.PIMPINAN, Role.PENILAI, Role.PENILAI_PENDAHULUAN}
    assert all(not ({Role.KOORDINATOR, Role.PIC} & roles) for roles in CAN_BELOW.values())
    assert CAN_BELOW["acknowledges_monev"] == frozenset() and CAN_BELOW["coordinates"] == frozenset()
    assert CAN_BELOW.keys() == CAN.keys()


def test_scoping_costs_one_query_whatever_the_tree(tree, django_assert_num_queries):
    """capabilities() is one query with the ancestors as subqueries; scoped lists add none of their own."""
    units, _plans = tree
    leader = member("ketua-ri", units["ri"], Role.PIMPINAN)
    with django_assert_num_queries(1):
        capabilities(user=leader, unit=units["bogor"])
    with django_assert_num_queries(1):
        assert len(list(scoped(Plan.objects.all(), user=leader, unit_path="unit"))) == 6
    with django_assert_num_queries(1):
        assert len(list(visible_plans(user=leader))) == 6


def test_descendants(tree):
    units, _plans = tree
    assert set(unit_descendants(unit=units["ri"])) == set(units.values()) - {units["ri"]}
    assert set(unit_descendants(unit=units["banten"])) == {units["serang"], units["cilegon"]}
    assert list(unit_descendants(unit=units["serang"])) == []


def test_units_nest_at_most_max_depth_and_never_in_a_loop(tree):
    units, _plans = tree
    ri = units["ri"]
    ri.parent = units["serang"]
    with pytest.raises(ValidationError) as refused:
        ri.clean()
    assert refused.value.error_dict["parent"][0].code == "unit_loop"
    deepest = units["serang"]
    for level in range(3, MAX_DEPTH):
        deepest = Unit.objects.create(name=f"L{level}", short_name=f"L{level}", code=f"l{level}", parent=deepest)
    too_deep = Unit(name="Too deep", short_name="Too deep", code="too-deep", parent=deepest)
    with pytest.raises(ValidationError) as refused:
        too_deep.clean()
    assert refused.value.error_dict["parent"][0].code == "unit_depth"
    units["bogor"].parent = units["serang"]  # Bogor has nothing below: it fits
    units["bogor"].clean()
    units["jabar"].parent = deepest.parent  # Jawa Barat would bring Bogor one level too deep
    with pytest.raises(ValidationError) as refused:
        units["jabar"].clean()
    assert refused.value.error_dict["parent"][0].code == "unit_depth"


def test_only_superusers_give_a_flowing_role_in_a_unit_with_units_below(tree, django_user_model):
    """A province's coordinator manages its members, but a pimpinan membership there opens every kabupaten."""
    units, _plans = tree
    coordinator = member("k-banten", units["banten"], Role.KOORDINATOR)
    client = Client()
    client.force_login(coordinator)
    url = reverse("admin:accounts_membership_add")
    for role, unit, created in [
        (Role.PIMPINAN, units["banten"], False),
        (Role.PENILAI_PENDAHULUAN, units["banten"], False),
        (Role.PIC, units["banten"], True),
    ]:
        response = client.post(url, {"user": coordinator.pk, "unit": unit.pk, "role": role, "title": ""})
        exists = Membership.objects.filter(user=coordinator, unit=unit, role=role).exists()
        assert exists == created, (role, response.status_code)
        if not created:
            assert response.status_code == 200 and response.context["adminform"].form.errors["role"]
    root = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(root)
    client.post(url, {"user": coordinator.pk, "unit": units["banten"].pk, "role": Role.PIMPINAN, "title": ""})
    assert Membership.objects.filter(user=coordinator, unit=units["banten"], role=Role.PIMPINAN).exists()
