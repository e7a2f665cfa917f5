"""Django admin for a coordinator of unit A beside unit B: no door into B, history and revert included."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Membership, Role, Section, Unit
from actionplan.models import ActionItem, Area, EvidenceRequirement, Plan
from actionplan.sample import plan_generate
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def staff_koordinator(koordinator):
    koordinator.is_staff = True
    koordinator.save()
    return koordinator


@pytest.fixture
def plan_b(other_unit, outsider):
    """Unit B's plan with one change on record (so its row has a history to revert to)."""
    plan = plan_generate(unit=other_unit, year=2025, items=6)
    item = ActionItem.objects.filter(area__plan=plan).first()
    item.komponen = "Komponen B"
    item._history_user = outsider
    item.save()
    return plan


def row_b(plan_b):
    return ActionItem.objects.filter(area__plan=plan_b).order_by("pk").first()


def test_history_and_revert_of_another_units_row_are_refused(client, staff_koordinator, seed_plan, plan_b):
    item = row_b(plan_b)
    version = item.history.order_by("history_id").first()
    own_area = Area.objects.filter(plan=seed_plan).first()
    client.force_login(staff_koordinator)
    history = reverse("admin:actionplan_actionitem_history", args=[item.pk])
    revert = reverse("admin:actionplan_actionitem_simple_history", args=[item.pk, version.history_id])
    assert client.get(history).status_code == 404
    assert client.get(revert).status_code == 404
    response = client.post(revert, {"area": own_area.pk, "number": 99, "komponen": "diambil alih"})
    assert response.status_code == 404
    item.refresh_from_db()
    assert (item.area.plan_id, item.komponen) == (plan_b.pk, "Komponen B")


def test_own_row_history_and_revert_still_work(client, staff_koordinator, seed_plan):
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)
    item.save()  # the baseline version
    item.komponen = "Diubah"
    item.save()
    version = item.history.order_by("history_id").first()
    client.force_login(staff_koordinator)
    assert client.get(reverse("admin:actionplan_actionitem_history", args=[item.pk])).status_code == 200
    url = reverse("admin:actionplan_actionitem_simple_history", args=[item.pk, version.history_id])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url, form_post_data(rendered_form(page.content.decode(), form_id="historicalactionitem_form"))
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.komponen == "Pembentukan Tim Kerja"


def test_view_only_history_cannot_be_reverted(client, staff_koordinator, seed_plan, pic):
    """Evidence is read-only in admin: simple-history would save a posted revert on view permission."""
    from evidence.models import Evidence

    requirement = EvidenceRequirement.objects.filter(item__area__plan=seed_plan).first()
    evidence = Evidence.objects.create(requirement=requirement, submitted_by=pic)
    version = evidence.history.first()
    client.force_login(staff_koordinator)
    url = reverse("admin:evidence_evidence_simple_history", args=[evidence.pk, version.history_id])
    assert client.post(url, {"status": "diterima"}).status_code == 403


def unit_of(obj) -> set[int]:
    """The unit(s) an admin choice belongs to, through its registered admin's unit_path."""
    if isinstance(obj, User):
        return set(obj.memberships.values_list("unit_id", flat=True))
    path = admin.site._registry[type(obj)].unit_path
    return {obj.pk} if not path else {type(obj).objects.filter(pk=obj.pk).values_list(f"{path}_id", flat=True).get()}


def form_choice_fields(model_admin, request, obj):
    """Every select of the admin's add/change form and its inlines: (name, queryset)."""
    form = model_admin.get_form(request, obj)
    fields = [(name, f.queryset) for name, f in form.base_fields.items() if hasattr(f, "queryset")]
    for formset, inline in model_admin.get_formsets_with_inlines(request, obj):
        fields += [
            (f"{inline.model.__name__}.{name}", f.queryset)
            for name, f in formset.form.base_fields.items()
            if hasattr(f, "queryset")
        ]
    return fields


def test_no_admin_select_offers_another_units_objects(staff_koordinator, serang, seed_plan, plan_b, outsider):
    request = RequestFactory().get("/admin/")
    request.user = staff_koordinator
    own = {serang.pk}
    objects = {
        Unit: serang,
        Section: Section.objects.filter(unit=serang).first(),
        Membership: Membership.objects.get(user=staff_koordinator),
        Plan: seed_plan,
        Area: Area.objects.filter(plan=seed_plan).first(),
        ActionItem: ActionItem.objects.filter(area__plan=seed_plan).first(),
        EvidenceRequirement: EvidenceRequirement.objects.filter(item__area__plan=seed_plan).first(),
        User: staff_koordinator,
    }
    checked = 0
    for model, obj in objects.items():
        model_admin = admin.site._registry[model]
        for target in [obj, None]:
            if target is None and not model_admin.has_add_permission(request):
                continue
            for name, queryset in form_choice_fields(model_admin, request, target):
                choices = list(queryset)
                outside = [c for c in choices if not unit_of(c) & own]
                assert not outside, f"{model.__name__}.{name} offers {outside}"
                checked += 1
    assert checked >= 15
    request.user = outsider  # the same forms for B's coordinator offer B's own objects, not none
    area_choices = dict(form_choice_fields(admin.site._registry[ActionItem], request, None))["area"]
    assert set(area_choices) == set(Area.objects.filter(plan=plan_b))


def test_admin_pages_list_only_own_units_rows_and_filters(client, staff_koordinator, seed_plan, plan_b):
    client.force_login(staff_koordinator)
    for name in [
        "actionplan_plan",
        "actionplan_area",
        "actionplan_actionitem",
        "actionplan_evidencerequirement",
        "accounts_unit",
        "accounts_section",
        "accounts_membership",
        "auth_user",
    ]:
        page = client.get(reverse(f"admin:{name}_changelist"))
        assert page.status_code == 200, name
        html = page.content.decode()
        assert "Cilegon" not in html and "budi" not in html, name


def test_saving_own_unit_keeps_its_parent(client, staff_koordinator, serang):
    client.force_login(staff_koordinator)
    url = reverse("admin:accounts_unit_change", args=[serang.pk])
    page = client.get(url).content.decode()
    assert 'name="parent"' not in page
    response = client.post(url, form_post_data(rendered_form(page, form_id="unit_form"), {"city": "Kota Serang"}))
    assert response.status_code == 302
    serang.refresh_from_db()
    assert (serang.city, serang.parent.short_name) == ("Kota Serang", "KPU Provinsi Banten")


def test_coordinator_manages_only_own_members_in_admin(client, staff_koordinator, serang, pic, outsider, other_unit):
    both = User.objects.create_user("ganda", password="x")
    Membership.objects.create(user=both, unit=serang, role=Role.PIC)
    Membership.objects.create(user=both, unit=other_unit, role=Role.KOORDINATOR)
    client.force_login(staff_koordinator)
    listed = client.get(reverse("admin:auth_user_changelist")).context["cl"].result_list
    assert {u.username for u in listed} == {"rahmat", "dewi"}  # "ganda" also belongs to Cilegon
    for user in [outsider, both]:
        assert client.get(reverse("admin:auth_user_change", args=[user.pk])).status_code == 302
        assert client.get(reverse("admin:auth_user_password_change", args=[user.pk])).status_code == 404
    page = client.get(reverse("admin:auth_user_change", args=[pic.pk])).content.decode()
    assert 'name="is_superuser"' not in page and 'name="groups"' not in page and 'name="is_staff"' not in page
    assert client.get(reverse("admin:auth_user_add")).status_code == 403


def test_admin_changes_of_memberships_are_in_the_history(client, staff_koordinator, serang, pic):
    client.force_login(staff_koordinator)
    membership = Membership.objects.get(user=pic)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    form = rendered_form(client.get(url).content.decode(), form_id="membership_form")
    assert client.post(url, form_post_data(form, {"role": Role.PENILAI})).status_code == 302
    latest = membership.history.latest()
    assert (latest.role, latest.history_user, latest.history_type) == (Role.PENILAI, staff_koordinator, "~")


def test_pic_with_staff_flag_gets_no_admin_module(client, pic, seed_plan):
    pic.is_staff = True
    pic.save()
    client.force_login(pic)
    index = client.get(reverse("admin:index"))
    assert not re.search(r"/admin/(actionplan|accounts|evidence|auth)/", index.content.decode())
    assert client.get(reverse("admin:actionplan_actionitem_changelist")).status_code == 403
    assert client.get(reverse("admin:evidence_evidence_export")).status_code == 403
