"""Draft plans: visible to the unit's coordinators only, DRAFT across each PDF page, enacted with a confirmation."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from actionplan.models import Plan
from actionplan.pdf import decree_pdf, lampiran_pdf
from actionplan.sample import plan_generate
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db

PAGES = [
    "actionplan:plan_detail",
    "actionplan:plan_lampiran_pdf",
    "actionplan:plan_decree_pdf",
    "reports:dashboard",
    "evidence:register",
]


@pytest.fixture
def draft(seed_plan):
    seed_plan.status = Plan.Status.DRAFT
    seed_plan.save()
    return seed_plan


def pdf_pages(content: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(BytesIO(content)).pages]


@pytest.mark.parametrize("persona", ["pic", "pimpinan", "penilai"])
def test_a_draft_does_not_exist_for_the_units_other_roles(client, request, draft, persona):
    client.force_login(request.getfixturevalue(persona))
    for name in PAGES:
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404, name
    item = draft.areas.first().items.first()
    assert client.get(reverse("actionplan:item_detail", args=[item.pk])).status_code == 404
    assert b"995" not in client.get(reverse("actionplan:plan_list")).content


def test_a_draft_is_visible_to_the_coordinator_and_after_enactment_to_all(client, draft, koordinator, pic, pimpinan):
    client.force_login(koordinator)
    for name in PAGES:
        assert client.get(reverse(name, args=[draft.pk])).status_code == 200, name
    url = reverse("actionplan:plan_enact", args=[draft.pk])
    form = rendered_form(client.get(url).content.decode(), action="")
    assert client.post(url, form_post_data(form)).status_code == 400  # the box not ticked: nothing enacted
    assert Plan.objects.get(pk=draft.pk).status == Plan.Status.DRAFT
    assert client.post(url, form_post_data(form, {"confirmed": "on"})).status_code == 302
    assert Plan.objects.get(pk=draft.pk).status == Plan.Status.DITETAPKAN
    for user in [pic, pimpinan]:
        client.force_login(user)
        for name in PAGES:
            assert client.get(reverse(name, args=[draft.pk])).status_code == 200, name


def test_an_outsider_coordinator_never_sees_the_draft(client, draft, outsider):
    client.force_login(outsider)
    assert client.get(reverse("actionplan:plan_detail", args=[draft.pk])).status_code == 404


def test_the_draft_pdfs_say_draft_on_every_page_and_the_enacted_ones_do_not(seed_plan, other_unit):
    enacted = [lampiran_pdf(seed_plan), decree_pdf(seed_plan)]
    for content in enacted:
        assert all("DRAFT" not in page for page in pdf_pages(content))
    seed_plan.status = Plan.Status.DRAFT
    for content in [lampiran_pdf(seed_plan), decree_pdf(seed_plan)]:
        pages = pdf_pages(content)
        assert len(pages) >= 3
        assert all("DRAFT" in page for page in pages)
    big = plan_generate(unit=other_unit, year=2026, items=120)
    big.status = Plan.Status.DRAFT
    pages = pdf_pages(lampiran_pdf(big))
    assert len(pages) >= 5 and all("DRAFT" in page for page in pages)
