"""Authoring a plan in the app, as a coordinator does it: through the pages' own forms."""

import pytest
from django.urls import reverse

from accounts.models import Membership, Role
from actionplan.models import ActionItem, Area, EvidenceRequirement, Plan, ProgressEntry
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db


def page_form(client, url, **match):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return rendered_form(response.content.decode(), **match)


def submit(client, url, changes, **match):
    """Open the page, change what a person would, post what it rendered."""
    form = page_form(client, url, **match)
    return client.post(form["action"] or url, form_post_data(form, changes))


def follow_messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def new_plan(client) -> Plan:
    url = reverse("actionplan:plan_create")
    response = submit(
        client,
        url,
        {
            "year": 2027,
            "decree_number": "12/PP.06-Kpt/2027",
            "issuer": "KOMISI PEMILIHAN UMUM KABUPATEN SERANG",
            "title": "RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS TAHUN 2027",
            "enacting_official": "KETUA KPU KABUPATEN SERANG,",
            "lampiran_title": "RENCANA AKSI ZI TAHUN 2027",
            "signed_place": "Serang",
            "signed_on": "2027-01-04",
            "signatory_office": "KETUA KPU KABUPATEN SERANG,",
            "signatory_name": "NAMA KETUA",
            "menimbang-0-label": "a.",
            "menimbang-0-text": "bahwa untuk membangun zona integritas …",
            "diktum-0-label": "KESATU",
            "diktum-0-text": "Menetapkan Rencana Aksi …",
        },
        form_id="plan-form",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return Plan.objects.get(decree_number="12/PP.06-Kpt/2027")


def add_area(client, plan, numeral, title):
    response = submit(
        client, reverse("actionplan:area_add", args=[plan.pk]), {"numeral": numeral, "title": title}, action=""
    )
    assert response.status_code == 302
    return plan.areas.get(numeral=numeral)


def add_row(client, area, komponen, months, documents):
    response = submit(
        client,
        reverse("actionplan:item_add", args=[area.pk]),
        {
            "komponen": komponen,
            "indikator": f"Indikator {komponen}",
            "langkah_aksi": "Menyusun",
            "bukti_fisik": documents,
            "months": months,
            "requirements": "\n".join(documents.split(", ")),
        },
        action="",
    )
    assert response.status_code == 302, response.context["form"].errors
    return area.items.get(komponen=komponen)


def test_a_coordinator_authors_a_plan_through_its_pages(client, koordinator, serang):
    client.force_login(koordinator)
    assert b"plan-create" in client.get(reverse("actionplan:plan_list")).content
    plan = new_plan(client)
    assert plan.status == Plan.Status.DRAFT and plan.unit == serang
    assert [(c.part, c.label) for c in plan.clauses.order_by("part", "order")] == [
        ("diktum", "KESATU"),
        ("menimbang", "a."),
    ]
    one = add_area(client, plan, "I", "MANAJEMEN PERUBAHAN")
    two = add_area(client, plan, "II", "PENATAAN TATA LAKSANA")
    first = add_row(client, one, "Tim Kerja", [1], "SK Tim, Daftar Hadir")
    add_row(client, one, "Rencana Kerja", [3, 6, 9, 12], "Dokumen Rencana")
    add_row(client, two, "SOP", [2, 3, 4], "SOP")
    assert [r.name for r in first.requirements.order_by("order")] == ["SK Tim", "Daftar Hadir"]
    second = one.items.get(number=2)
    assert second.target_months == [3, 6, 9, 12] and second.target_year == 2027

    # Reorder: area II before I, and the second row of area I up to the first place.
    page = client.get(reverse("actionplan:plan_detail", args=[plan.pk])).content.decode()
    move_up = rendered_form(page, action=reverse("actionplan:area_move", args=[two.pk]))
    assert client.post(move_up["action"], form_post_data(move_up)).status_code == 302
    assert list(plan.areas.order_by("order").values_list("numeral", flat=True)) == ["II", "I"]
    row_up = rendered_form(page, action=reverse("actionplan:item_move", args=[second.pk]))
    assert client.post(row_up["action"], form_post_data(row_up)).status_code == 302
    assert list(one.items.order_by("number").values_list("komponen", flat=True)) == ["Rencana Kerja", "Tim Kerja"]

    # A requirement added, renamed and removed on the row's page.
    url = reverse("actionplan:item_requirements", args=[first.pk])
    assert submit(client, url, {"name": "Notulen"}, action="").status_code == 302
    notulen = first.requirements.get(name="Notulen")
    edit = reverse("actionplan:requirement_edit", args=[notulen.pk])
    assert submit(client, edit, {"name": "Notulen Rapat"}, action="").status_code == 302
    remove = reverse("actionplan:requirement_remove", args=[notulen.pk])
    assert submit(client, remove, {"confirmed": "on"}, action="").status_code == 302
    assert [r.name for r in first.requirements.order_by("order")] == ["SK Tim", "Daftar Hadir"]

    # Remove a row, then an area.
    assert (
        submit(client, reverse("actionplan:item_remove", args=[first.pk]), {"confirmed": "on"}, action="").status_code
        == 302
    )
    assert list(one.items.values_list("komponen", flat=True)) == ["Rencana Kerja"]
    assert (
        submit(client, reverse("actionplan:area_remove", args=[two.pk]), {"confirmed": "on"}, action="").status_code
        == 302
    )
    assert list(plan.areas.values_list("numeral", flat=True)) == ["I"]
    assert not ActionItem.objects.filter(komponen="SOP").exists()


def test_the_decree_and_its_clauses_are_edited_and_reordered(client, koordinator, serang):
    client.force_login(koordinator)
    plan = new_plan(client)
    url = reverse("actionplan:plan_edit", args=[plan.pk])
    response = submit(
        client,
        url,
        {
            "menimbang-1-label": "b.",
            "menimbang-1-text": "bahwa kedua",
            "menimbang-1-ORDER": "0",
            "signatory_name": "NAMA BARU",
        },
        form_id="plan-form",
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.signatory_name == "NAMA BARU"
    assert [c.label for c in plan.clauses.filter(part="menimbang").order_by("order")] == ["b.", "a."]
    response = submit(client, url, {"menimbang-0-DELETE": "on"}, form_id="plan-form")
    assert response.status_code == 302
    assert [c.label for c in plan.clauses.filter(part="menimbang").order_by("order")] == ["a."]


def test_removing_a_row_with_progress_is_refused_and_nothing_is_deleted(client, koordinator, pic, open_row):
    ProgressEntry.objects.create(item=open_row, month=1, percent=10, activity="Mulai", entered_by=pic, updated_by=pic)
    rows, requirements = ActionItem.objects.count(), EvidenceRequirement.objects.count()
    client.force_login(koordinator)
    url = reverse("actionplan:item_remove", args=[open_row.pk])
    response = submit(client, url, {"confirmed": "on", "reason": "Tidak relevan"}, action="")
    assert response.status_code == 302
    page = client.get(response.url)
    assert "III.1" in follow_messages(page)  # "Row III.1 cannot be removed: it has progress reports…"
    assert (ActionItem.objects.count(), EvidenceRequirement.objects.count()) == (rows, requirements)
    area_url = reverse("actionplan:area_remove", args=[open_row.area_id])
    response = submit(client, area_url, {"confirmed": "on", "reason": "Tidak relevan"}, action="")
    assert response.status_code == 302
    assert Area.objects.filter(pk=open_row.area_id).exists() and ActionItem.objects.count() == rows


AUTHORING_URLS = [
    ("actionplan:plan_edit", "plan"),
    ("actionplan:plan_enact", "plan"),
    ("actionplan:plan_copy", "plan"),
    ("actionplan:plan_history", "plan"),
    ("actionplan:area_add", "plan"),
    ("actionplan:area_edit", "area"),
    ("actionplan:area_remove", "area"),
    ("actionplan:item_add", "area"),
    ("actionplan:item_remove", "item"),
    ("actionplan:item_requirements", "item"),
    ("actionplan:requirement_edit", "requirement"),
    ("actionplan:requirement_remove", "requirement"),
]
POST_ONLY = [("actionplan:area_move", "area"), ("actionplan:item_move", "item")]


def _objects(plan):
    item = ActionItem.objects.filter(area__plan=plan).order_by("pk").first()
    return {"plan": plan, "area": item.area, "item": item, "requirement": item.requirements.first()}


@pytest.mark.parametrize("persona", ["pic", "pimpinan", "penilai"])
def test_other_roles_get_403_on_every_authoring_url(client, request, seed_plan, persona):
    client.force_login(request.getfixturevalue(persona))
    objects = _objects(seed_plan)
    for name, arg in AUTHORING_URLS + POST_ONLY:
        url = reverse(name, args=[objects[arg].pk])
        assert (
            client.get(url).status_code in (403, 405)
            and client.post(url, {"direction": "1", "confirmed": "on"}).status_code == 403
        ), name
    assert client.get(reverse("actionplan:plan_create")).status_code == 403
    assert Plan.objects.count() == 1


def test_another_units_coordinator_gets_404(client, outsider, seed_plan):
    client.force_login(outsider)
    objects = _objects(seed_plan)
    for name, arg in AUTHORING_URLS + POST_ONLY:
        assert client.post(reverse(name, args=[objects[arg].pk]), {"direction": "1"}).status_code == 404, name
    # Creating a plan offers only the outsider's own unit.
    form = page_form(client, reverse("actionplan:plan_create"), form_id="plan-form")
    assert form["selects"]["unit"]["options"][1:] == [str(outsider.memberships.get().unit_id)]


def test_a_pic_in_two_units_authors_only_where_coordinator(client, pic, other_unit):
    Membership.objects.create(user=pic, unit=other_unit, role=Role.KOORDINATOR)
    client.force_login(pic)
    form = page_form(client, reverse("actionplan:plan_create"), form_id="plan-form")
    assert form["selects"]["unit"]["options"][1:] == [str(other_unit.pk)]


def test_removing_a_document_with_evidence_is_refused(client, koordinator, pic, seed_plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.services import evidence_submit
    from evidence.tests.conftest import make_pdf

    requirement = EvidenceRequirement.objects.filter(item__pics=pic).order_by("pk").first()
    evidence_submit(requirement=requirement, uploads=[SimpleUploadedFile("bukti.pdf", make_pdf())], month=None, by=pic)
    documents = EvidenceRequirement.objects.filter(item_id=requirement.item_id).count()
    client.force_login(koordinator)
    url = reverse("actionplan:requirement_remove", args=[requirement.pk])
    response = submit(client, url, {"confirmed": "on", "reason": "Tidak diperlukan"}, action="")
    assert response.status_code == 302
    assert requirement.name in follow_messages(client.get(response.url))
    assert EvidenceRequirement.objects.filter(pk=requirement.pk).exists()
    item_url = reverse("actionplan:item_remove", args=[requirement.item_id])
    assert submit(client, item_url, {"confirmed": "on", "reason": "Tidak diperlukan"}, action="").status_code == 302
    assert ActionItem.objects.filter(pk=requirement.item_id).exists()
    assert EvidenceRequirement.objects.filter(item_id=requirement.item_id).count() == documents  # none half-removed
