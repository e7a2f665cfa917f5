"""LKE in Django admin: a coordinator of unit A beside unit B, the catalogue as read-only reference data."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from actionplan.models import ActionItem
from actionplan.sample import plan_generate
from lke.models import Answer, Assessment, ItemLink, Pertanyaan, SubIndikator, Version
from lke.services import answers_save, assessment_open, seed_links_load
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_koordinator(koordinator):
    koordinator.is_staff = True
    koordinator.save()
    return koordinator


@pytest.fixture
def two_offices(seed_plan, koordinator, other_unit, outsider):
    """Each office's assessment with one answer (a note naming the office) and one row link."""
    plan_b = plan_generate(unit=other_unit, year=2025, items=6)
    question = Pertanyaan.objects.filter(answer_type="ya_tidak").order_by("pk").first()
    made = {}
    for key, plan, user in (("A", seed_plan, koordinator), ("B", plan_b, outsider)):
        assessment = assessment_open(plan=plan)
        answers_save(
            assessment=assessment,
            column="unit",
            rows={question.pk: {"answer": "Ya", "note": f"catatan kantor {key}"}},
            by=user,
        )
        item = ActionItem.objects.filter(area__plan=plan).order_by("pk").first()
        link = ItemLink.objects.create(item=item, sub_indikator=question.sub_indikator, reason=f"alasan {key}")
        made[key] = {"plan": plan, "assessment": assessment, "answer": assessment.answers.get(), "link": link}
    return made


@pytest.mark.parametrize("model", ["assessment", "answer", "itemlink"])
def test_lists_show_only_the_coordinators_unit(client, staff_koordinator, two_offices, model):
    client.force_login(staff_koordinator)
    html = client.get(reverse(f"admin:lke_{model}_changelist")).content.decode()
    mine, theirs = two_offices["A"], two_offices["B"]
    assert f"/{mine[model if model != 'itemlink' else 'link'].pk}/change/" in html
    assert "KPU Kota Cilegon" not in html and "Cilegon" not in html  # not in a row nor in a filter
    other = theirs[model if model != "itemlink" else "link"]
    response = client.get(reverse(f"admin:lke_{model}_change", args=[other.pk]))
    assert response.status_code == 302  # admin's "does not exist" redirect
    assert client.get(reverse(f"admin:lke_{model}_history", args=[other.pk])).status_code == 404


def test_coordinator_corrects_the_menuju_wbk_record_in_admin_with_the_same_rule(client, staff_koordinator, two_offices):
    assessment = two_offices["A"]["assessment"]
    url = reverse("admin:lke_assessment_change", args=[assessment.pk])
    client.force_login(staff_koordinator)
    form = rendered_form(client.get(url).content.decode(), form_id="assessment_form")
    assert {name for name, _ in form["fields"]} >= {"wbk_decree_number", "wbk_decree_date"}
    assert "unit" not in {name for name, _ in form["fields"]}  # read-only: never moved to another office
    refused = client.post(url, form_post_data(form, {"holds_wbk": "on", "wbk_decree_number": ""}))
    assert refused.status_code == 200 and "Isikan nomor keputusan" in refused.content.decode()
    assert not Assessment.objects.get(pk=assessment.pk).holds_wbk
    changes = {
        "holds_wbk": "on",
        "wbk_granted_by": "mandiri",
        "wbk_decree_number": "210/2024",
        "wbk_decree_date": "2024-12-10",
    }
    assert client.post(url, form_post_data(form, changes)).status_code == 302
    saved = Assessment.objects.get(pk=assessment.pk)
    assert (saved.holds_wbk, saved.wbk_decree_number) == (True, "210/2024")
    assert saved.history.order_by("-history_id").first().history_user == staff_koordinator


def test_answers_are_read_only_in_admin(client, staff_koordinator, two_offices):
    answer = two_offices["A"]["answer"]
    url = reverse("admin:lke_answer_change", args=[answer.pk])
    client.force_login(staff_koordinator)
    page = client.get(url).content.decode()
    assert "catatan kantor A" in page and 'name="unit_answer"' not in page
    client.post(url, {"unit_answer": "Tidak"})
    assert Answer.objects.get(pk=answer.pk).unit_answer == "Ya"


def test_a_row_link_in_admin_offers_only_the_units_rows_and_the_whole_catalogue(
    client, staff_koordinator, two_offices, seed_plan
):
    client.force_login(staff_koordinator)
    url = reverse("admin:lke_itemlink_add")
    form = rendered_form(client.get(url).content.decode(), form_id="itemlink_form")
    offered_items = {int(v) for v in form["selects"]["item"]["options"] if v}
    assert offered_items == set(ActionItem.objects.filter(area__plan=seed_plan).values_list("pk", flat=True))
    offered = {int(v) for v in form["selects"]["sub_indikator"]["options"] if v}
    assert offered == set(SubIndikator.objects.values_list("pk", flat=True))
    item = ActionItem.objects.get(area__plan=seed_plan, area__order=4, number=2)
    target = SubIndikator.objects.get(sub_komponen__key="reform", area__number=4, code="i")
    data = form_post_data(form, {"item": item.pk, "sub_indikator": target.pk, "reason": "Perjanjian kinerja"})
    assert client.post(url, data).status_code == 302
    assert ItemLink.objects.get(item=item).sub_indikator == target
    theirs = ActionItem.objects.filter(area__plan=two_offices["B"]["plan"]).order_by("pk").last()
    response = client.post(url, form_post_data(form, {"item": theirs.pk, "sub_indikator": target.pk}))
    assert response.status_code == 200 and not ItemLink.objects.filter(item=theirs).exists()


def test_the_catalogue_is_read_only_for_the_coordinator(client, staff_koordinator, two_offices):
    question = Pertanyaan.objects.get(text__startswith="Unit kerja telah membentuk tim")
    client.force_login(staff_koordinator)
    assert client.get(reverse("admin:lke_subindikator_changelist")).status_code == 200
    page = client.get(reverse("admin:lke_pertanyaan_change", args=[question.pk])).content.decode()
    assert "Unit kerja telah membentuk tim" in page and 'name="text"' not in page
    client.post(reverse("admin:lke_pertanyaan_change", args=[question.pk]), {"text": "diubah"})
    assert Pertanyaan.objects.get(pk=question.pk).text.startswith("Unit kerja telah membentuk tim")
    assert client.get(reverse("admin:lke_version_add")).status_code == 403
    version = Version.objects.get()
    assert client.post(reverse("admin:lke_version_delete", args=[version.pk]), {"post": "yes"}).status_code == 403


def test_a_superuser_corrects_a_text_but_never_a_weight(client, admin_user):
    si = SubIndikator.objects.get(sub_komponen__key="pemenuhan", area__number=1, code="i")
    url = reverse("admin:lke_subindikator_change", args=[si.pk])
    client.force_login(admin_user)
    html = client.get(url).content.decode()
    form = rendered_form(html, form_id="subindikator_form")
    names = {name for name, _ in form["fields"]}
    assert "name" in names and "bobot" not in names and "sub_komponen" not in names
    assert not re.search(r'name="pertanyaan_set-\d+-text"', html)  # the questions inline is read-only
    response = client.post(url, form_post_data(form, {"name": "Penyusunan Tim Kerja", "bobot": "9"}))
    assert response.status_code == 302
    si.refresh_from_db()
    assert (si.name, si.bobot) == ("Penyusunan Tim Kerja", Decimal("0.50"))


@pytest.mark.parametrize("size", ["small", "large"])
@pytest.mark.parametrize("model, queries", [("answer", 11), ("itemlink", 10)])
def test_the_answer_and_link_lists_cost_the_same_at_two_sizes(
    client, staff_koordinator, seed_plan, size, model, queries, django_assert_num_queries
):
    """3 answers and 2 links, or all 113 answers and the seed's 25 links: no query per answer for its
    question's numbering (sub-indikator, sub-komponen, komponen, area), its assessment's unit or the
    person who last changed it, nor per link for its row's area or its sub-indikator's numbering."""
    assessment = assessment_open(plan=seed_plan)
    questions = Pertanyaan.objects.order_by("pk")
    rows = {q.pk: {"answer": "", "note": "catatan"} for q in (questions[:3] if size == "small" else questions)}
    answers_save(assessment=assessment, column="unit", rows=rows, by=staff_koordinator)
    if size == "small":
        for item in ActionItem.objects.filter(area__plan=seed_plan).order_by("pk")[:2]:
            ItemLink.objects.create(item=item, sub_indikator=questions[0].sub_indikator)
    else:
        seed_links_load()
    client.force_login(staff_koordinator)
    url = reverse(f"admin:lke_{model}_changelist")
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
