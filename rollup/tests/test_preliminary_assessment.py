"""The preliminary assessment: the province's assessor records a verdict per plan below it, with history."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import Membership, Role, Unit
from actionplan.models import Plan
from actionplan.sample import plan_generate
from rollup.models import PreliminaryAssessment, Verdict
from rollup.selectors import rollup
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db


def member(username: str, unit: Unit, role: str):
    user = get_user_model().objects.create_user(username, password="x", first_name=username.title())
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def banten(seed_plan):
    return Unit.objects.get(code="kpu-prov-banten")


@pytest.fixture
def assessor(banten):
    return member("asesor", banten, Role.PENILAI_PENDAHULUAN)


def page(client, plan):
    return client.get(reverse("rollup:plan_assessment", args=[plan.pk]))


def submit(client, plan, **changes):
    """Post the verdict form as the page renders it, with a person's changes."""
    form = rendered_form(page(client, plan).content.decode(), form_id="verdict")
    return client.post(reverse("rollup:plan_assessment", args=[plan.pk]), form_post_data(form, changes))


def test_assessor_records_verdicts_and_the_unit_sees_them(seed_plan, assessor, koordinator, client):
    client.force_login(assessor)
    response = submit(client, seed_plan, verdict=Verdict.DIKEMBALIKAN, note="Lengkapi SK Tim ZI dan bukti area III.")
    assert response.status_code == 302
    assert submit(client, seed_plan, verdict=Verdict.LAYAK).status_code == 302
    history = list(PreliminaryAssessment.objects.filter(plan=seed_plan).values_list("verdict", "assessed_by"))
    assert history == [(Verdict.LAYAK, assessor.pk), (Verdict.DIKEMBALIKAN, assessor.pk)]  # newest first, none lost
    client.force_login(koordinator)  # the kabupaten's own coordinator
    response = page(client, seed_plan)
    html = response.content.decode()
    assert response.status_code == 200 and response.context["form"] is None
    assert response.context["current"].verdict == Verdict.LAYAK
    assert "Lengkapi SK Tim ZI dan bukti area III." in html  # the earlier verdict, with its notes
    fragment = client.get(reverse("rollup:verdict_fragment", args=[seed_plan.pk]))
    assert fragment.status_code == 200 and 'data-verdict="layak"' in fragment.content.decode()
    line = rollup(user=assessor, unit=seed_plan.unit.parent).groups[0].lines[0]
    assert line.verdict_code == Verdict.LAYAK  # the roll-up's cached figures ended with the verdict


def test_a_returned_plan_needs_notes_and_nothing_is_written_without(seed_plan, assessor, client):
    client.force_login(assessor)
    response = submit(client, seed_plan, verdict=Verdict.DIKEMBALIKAN, note="   ")
    assert response.status_code == 400 and response.context["form"].errors["note"]
    response = client.post(reverse("rollup:plan_assessment", args=[seed_plan.pk]), {"verdict": "lulus"})
    assert response.status_code == 400
    assert not PreliminaryAssessment.objects.exists()


def test_only_an_assessor_above_the_unit_may_give_a_verdict(seed_plan, banten, pimpinan, penilai, client):
    ri = Unit.objects.get(code="kpu-ri")
    jabar = Unit.objects.create(name="KPU Provinsi Jawa Barat", short_name="KPU Jabar", code="jb", parent=ri)
    others = {
        "its own unit's leader": (pimpinan, 403),
        "its own unit's reviewer": (penilai, 403),
        "the province's leader": (member("ketua-banten", banten, Role.PIMPINAN), 403),
        "an assessor of the unit itself": (member("asesor-serang", seed_plan.unit, Role.PENILAI_PENDAHULUAN), 403),
        "another province's assessor": (member("asesor-jabar", jabar, Role.PENILAI_PENDAHULUAN), 404),
    }
    for label, (user, status) in others.items():
        client.force_login(user)
        response = client.post(reverse("rollup:plan_assessment", args=[seed_plan.pk]), {"verdict": Verdict.LAYAK})
        assert response.status_code == status, label
    assert not PreliminaryAssessment.objects.exists()
    national = member("asesor-ri", ri, Role.PENILAI_PENDAHULUAN)  # KPU RI's assessors reach every level
    client.force_login(national)
    response = client.post(reverse("rollup:plan_assessment", args=[seed_plan.pk]), {"verdict": Verdict.LAYAK})
    assert response.status_code == 302 and PreliminaryAssessment.objects.count() == 1


def test_a_draft_plan_cannot_be_assessed(seed_plan, assessor, client):
    draft = plan_generate(unit=seed_plan.unit, year=2026, items=3)
    Plan.objects.filter(pk=draft.pk).update(status=Plan.Status.DRAFT)
    client.force_login(assessor)
    response = client.post(reverse("rollup:plan_assessment", args=[draft.pk]), {"verdict": Verdict.LAYAK})
    assert response.status_code == 404  # a draft exists only for the unit's coordinators
    assert not PreliminaryAssessment.objects.exists()
