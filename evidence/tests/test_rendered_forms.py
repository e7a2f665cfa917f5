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
    response = client.post(
        again["action"], form_post_data(again, {"decision": "perlu_perbaikan", "note": "Belum ditandatangani"})
    )
    assert response["Location"] == reverse("evidence:detail", args=[second.pk])  # the next waiting document
    nxt = rendered_form(client.get(response["Location"]).content.decode(), form_id="review-form")
    response = client.post(nxt["action"], form_post_data(nxt, {"decision": "diterima"}))
    assert response["Location"] == reverse("evidence:queue")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (EvidenceStatus.PERLU_PERBAIKAN, EvidenceStatus.DITERIMA)
    assert first.reviews.get().note == "Belum ditandatangani"


def test_replace_form_under_each_document_sends_a_new_revision(client, pic, pic_row):
    client.force_login(pic)
    upload(client, pic_row, file("Undangan.pdf", make_pdf("satu")))
    upload(client, pic_row, file("Foto.png", make_png()))
    first, second = Evidence.objects.order_by("pk")
    page = client.get(reverse("actionplan:item_detail", args=[pic_row.pk])).content.decode()
    # One form per document, each with its own file input id (no duplicate ids on the page).
    assert page.count('id="id_replace_') == 2
    form = rendered_form(page, form_id=f"replace-form-{second.pk}")
    assert form["action"] == reverse("evidence:replace", args=[second.pk]) and form["files"] == ["file"]
    data = form_post_data(form)
    data["file"] = file("Foto baru.png", make_png(7))
    response = client.post(form["action"], data)
    assert response.status_code == 302
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.current.number, second.current.original_name) == (2, "Foto baru.png")
    assert second.status == EvidenceStatus.DIAJUKAN and first.current.number == 1


def test_replace_form_sent_without_a_file_says_so_and_stores_nothing(client, pic, pic_row):
    client.force_login(pic)
    upload(client, pic_row, file("Undangan.pdf", make_pdf()))
    evidence = Evidence.objects.get()
    page = client.get(reverse("actionplan:item_detail", args=[pic_row.pk])).content.decode()
    form = rendered_form(page, form_id=f"replace-form-{evidence.pk}")
    response = client.post(form["action"], form_post_data(form))
    assert response.status_code == 400
    assert "Pilih berkas baru" in response.content.decode()
    assert evidence.revisions.count() == 1
