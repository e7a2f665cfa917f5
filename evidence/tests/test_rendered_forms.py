"""The upload and review forms as a person uses them: render the page, send what it renders plus the user's input."""
import pytest
from django.urls import reverse

from evidence.models import Evidence, EvidenceStatus
from evidence.tests.conftest import file, make_pdf, make_png, upload
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db


def test_upload_form_chooses_the_requirement_the_user_came_for(client, pic, pic_row):
    wanted = pic_row.requirements.get(order=2)  # "Daftar Hadir"
    client.force_login(pic)
    page = client.get(reverse("actionplan:item_detail", args=[pic_row.pk]), {"requirement": wanted.pk})
    form = rendered_form(page.content.decode(), form_id="upload-form")
    assert form["files"] == ["files"]
    data = form_post_data(form)
    assert data["requirement"] == str(wanted.pk)  # preselected, nothing for the user to change
    data["files"] = [file("Daftar hadir rapat.pdf", make_pdf())]
    response = client.post(form["action"], data)
    assert response.status_code == 302
    assert Evidence.objects.get().requirement == wanted


def test_upload_form_defaults_to_the_first_document_not_yet_covered(client, pic, penilai, pic_row):
    first = pic_row.requirements.get(order=1)
    client.force_login(pic)
    upload(client, pic_row, file("Undangan.pdf", make_pdf()), requirement=first)
    client.force_login(penilai)
    evidence = Evidence.objects.get()
    review_page = client.get(reverse("evidence:detail", args=[evidence.pk])).content.decode()
    review = rendered_form(review_page, form_id="review-form")
    assert client.post(review["action"], form_post_data(review, {"decision": "diterima"})).status_code == 302
    client.force_login(pic)
    page = client.get(reverse("actionplan:item_detail", args=[pic_row.pk])).content.decode()
    data = form_post_data(rendered_form(page, form_id="upload-form"))
    assert data["requirement"] == str(pic_row.requirements.get(order=2).pk)


def test_review_form_sends_back_with_a_note_then_accepts_the_next(client, pic, penilai, pic_row):
    client.force_login(pic)
    upload(client, pic_row, file("Undangan.pdf", make_pdf("satu")))
    upload(client, pic_row, file("Foto.png", make_png()))
    first, second = Evidence.objects.order_by("pk")
    client.force_login(penilai)
    url = reverse("evidence:detail", args=[first.pk])
    form = rendered_form(client.get(url).content.decode(), form_id="review-form")
    assert "note" in dict(form["fields"])  # a text area, rendered empty
    # Sending back without a note is refused at the form, nothing recorded.
    refused = client.post(form["action"], form_post_data(form, {"decision": "perlu_perbaikan"}))
    assert refused.status_code == 400 and "Sebutkan apa yang perlu diperbaiki" in refused.content.decode()
    first.refresh_from_db()
    assert first.status == EvidenceStatus.DIAJUKAN
    again = rendered_form(refused.content.decode(), form_id="review-form")
    response = client.post(again["action"], form_post_data(again, {"decision": "perlu_perbaikan", "note": "Belum ditandatangani"}))
    assert response["Location"] == reverse("evidence:detail", args=[second.pk])  # the next waiting document
    nxt = rendered_form(client.get(response["Location"]).content.decode(), form_id="review-form")
    response = client.post(nxt["action"], form_post_data(nxt, {"decision": "diterima"}))
    assert response["Location"] == reverse("evidence:queue")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (EvidenceStatus.PERLU_PERBAIKAN, EvidenceStatus.DITERIMA)
    assert first.reviews.get().note == "Belum ditandatangani"
