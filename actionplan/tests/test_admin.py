"""Admin: the same rules as the forms, and coordinators see only their own unit's plans."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import Membership, Role
from actionplan.models import ActionItem
from actionplan.sample import plan_generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_root(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.test", "x"))
    return client


def item_post(item, **changes):
    data = {
        "area": item.area_id,
        "number": item.number,
        "komponen": item.komponen,
        "indikator": item.indikator,
        "langkah_aksi": item.langkah_aksi,
        "bukti_fisik": item.bukti_fisik,
        "target_start_month": item.target_start_month,
        "target_end_month": item.target_end_month,
        "target_year": item.target_year,
        "target_text": item.target_text,
        "section": item.section_id or "",
        "decree_note": "",
        "requirements-TOTAL_FORMS": 0,
        "requirements-INITIAL_FORMS": 0,
        "requirements-MIN_NUM_FORMS": 0,
        "requirements-MAX_NUM_FORMS": 1000,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"target_start_month": 9, "target_end_month": 2}, "Bulan akhir target tidak boleh sebelum bulan mulai."),
        ({"number": 2}, "Area ini sudah memiliki kegiatan dengan nomor tersebut."),
        ({"komponen": ""}, "tidak boleh kosong"),
    ],
)
def test_admin_rejects_bad_rows(admin_client_root, seed_plan, changes, message):
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)
    url = reverse("admin:actionplan_actionitem_change", args=[item.pk])
    response = admin_client_root.post(url, item_post(item, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    item.refresh_from_db()
    assert (item.number, item.target_end_month, item.komponen) == (1, 6, "Pembentukan Tim Kerja")


def test_admin_pages_render(admin_client_root, seed_plan):
    for name, args in [
        ("admin:actionplan_plan_change", [seed_plan.pk]),
        ("admin:actionplan_area_change", [seed_plan.areas.first().pk]),
        ("admin:actionplan_actionitem_changelist", []),
        ("admin:actionplan_actionitem_change", [seed_plan.areas.first().items.first().pk]),
        ("admin:actionplan_evidencerequirement_changelist", []),
        ("admin:accounts_membership_changelist", []),
    ]:
        assert admin_client_root.get(reverse(name, args=args)).status_code == 200, name


def test_staff_coordinator_sees_only_own_units_rows(client, koordinator, seed_plan, other_unit):
    plan_generate(unit=other_unit, year=2025, items=12)
    koordinator.is_staff = True
    koordinator.save()
    group = Group.objects.create(name="k")
    from django.contrib.auth.models import Permission

    group.permissions.set(Permission.objects.filter(content_type__app_label="actionplan"))
    koordinator.groups.add(group)
    client.force_login(koordinator)
    response = client.get(reverse("admin:actionplan_actionitem_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 23
    other_item = ActionItem.objects.filter(area__plan__unit=other_unit).first()
    assert client.get(reverse("admin:actionplan_actionitem_change", args=[other_item.pk])).status_code == 302
    assert Membership.objects.filter(user=koordinator, role=Role.KOORDINATOR).exists()
