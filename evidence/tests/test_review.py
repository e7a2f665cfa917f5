"""Review: Diajukan → Diterima or Perlu perbaikan; revisions; the uploader never reviews their own file."""

import hashlib

import pytest
from django.urls import reverse

from evidence.models import Evidence, EvidenceStatus, Review
from evidence.tests.conftest import file, make_pdf, make_png, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, pic, pic_row):
    client.force_login(pic)
    upload(client, pic_row, file("Daftar Hadir.pdf", make_pdf("versi pertama")))
    return Evidence.objects.get()


def review(client, evidence, decision, note=""):
    return client.post(
        reverse("evidence:review", args=[evidence.pk]),
        {"revision": evidence.current_id, "decision": decision, "note": note},
    )


def test_reviewer_accepts(client, penilai, submitted):
    client.force_login(penilai)
    assert review(client, submitted, "diterima").status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == EvidenceStatus.DITERIMA
    assert Review.objects.get().reviewer == penilai


def test_sending_back_needs_a_note(client, penilai, submitted):
    client.force_login(penilai)
    response = review(client, submitted, "perlu_perbaikan", "")
    assert response.status_code == 400 and "Sebutkan apa yang perlu diperbaiki" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == EvidenceStatus.DIAJUKAN


def test_uploader_cannot_approve_their_own_file(client, koordinator, pic_row):
    pic_row.pics.add(koordinator)
    client.force_login(koordinator)
    upload(client, pic_row, file("SK.pdf", make_pdf()))
    evidence = Evidence.objects.get()
    response = review(client, evidence, "diterima")
    assert response.status_code == 403
    assert "Anda mengunggah berkas ini" in response.content.decode()
    evidence.refresh_from_db()
    assert evidence.status == EvidenceStatus.DIAJUKAN and not Review.objects.exists()


def test_pic_and_leadership_cannot_review(client, pic, pimpinan, submitted):
    for user in [pic, pimpinan]:
        client.force_login(user)
        assert review(client, submitted, "diterima").status_code == 403
    assert not Review.objects.exists()


def test_new_revision_after_perlu_perbaikan_goes_back_to_diajukan_and_old_one_still_downloads(
    client, pic, penilai, submitted
):
    first_bytes = submitted.current.file.open("rb").read()
    first = submitted.current
    client.force_login(penilai)
    review(client, submitted, "perlu_perbaikan", "Tanda tangan belum ada")
    submitted.refresh_from_db()
    assert submitted.status == EvidenceStatus.PERLU_PERBAIKAN

    client.force_login(pic)
    my_work = client.get(reverse("actionplan:my_work")).content.decode()
    assert "Tanda tangan belum ada" in my_work
    second_bytes = make_pdf("versi kedua bertanda tangan")
    response = client.post(
        reverse("evidence:replace", args=[submitted.pk]), {"file": file("Daftar Hadir (ttd).pdf", second_bytes)}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == EvidenceStatus.DIAJUKAN
    assert submitted.current.number == 2 and submitted.current.sha256 == hashlib.sha256(second_bytes).hexdigest()

    client.force_login(penilai)
    old = client.get(reverse("evidence:download", args=[first.pk]))
    assert old.status_code == 200
    old_bytes = b"".join(old.streaming_content)
    assert old_bytes == first_bytes and hashlib.sha256(old_bytes).hexdigest() == first.sha256
    # The replaced file was not touched on disk.
    assert first.file.open("rb").read() == first_bytes


def test_review_of_a_stale_revision_is_refused(client, pic, penilai, submitted):
    stale = submitted.current_id
    client.force_login(penilai)
    review(client, submitted, "perlu_perbaikan", "Perbaiki")
    client.force_login(pic)
    client.post(reverse("evidence:replace", args=[submitted.pk]), {"file": file("v2.png", make_png())})
    client.force_login(penilai)
    response = client.post(reverse("evidence:review", args=[submitted.pk]), {"revision": stale, "decision": "diterima"})
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == EvidenceStatus.DIAJUKAN


def test_replacement_is_checked_like_an_upload(client, pic, submitted, settings):
    client.force_login(pic)
    response = client.post(reverse("evidence:replace", args=[submitted.pk]), {"file": file("x.pdf", b"<html>")})
    assert response.status_code == 400
    assert submitted.revisions.count() == 1


def test_review_queue_lists_waiting_evidence_and_filters(
    client, penilai, pic, submitted, seed_plan, django_assert_num_queries
):
    client.force_login(penilai)
    response = client.get(reverse("evidence:queue"))
    assert response.status_code == 200 and list(response.context["documents"]) == [submitted]
    other_area = seed_plan.areas.get(numeral="II")
    assert client.get(reverse("evidence:queue"), {"area": other_area.pk}).context["documents"] == []
    assert client.get(reverse("evidence:queue"), {"status": "diterima"}).context["documents"] == []
    assert client.get(reverse("evidence:queue"), {"area": "x"}).status_code == 200
    client.force_login(pic)
    assert client.get(reverse("evidence:queue")).status_code == 403


def test_review_queue_query_count_is_the_same_for_1_and_60_documents(
    client, penilai, pic, pic_row, django_assert_num_queries
):
    client.force_login(pic)
    upload(client, pic_row, file("a.pdf", make_pdf()))
    client.force_login(penilai)
    # Session, user, reviewer's units (twice: permission and area choices), the queue; the menu's
    # capabilities, its count of documents waiting for this reviewer, and the bell's unread count.
    with django_assert_num_queries(8):
        client.get(reverse("evidence:queue"))
    client.force_login(pic)
    for n in range(6):
        upload(client, pic_row, *[file(f"b{n}-{k}.png", make_png(10 * n + k + 1)) for k in range(10)])
    client.force_login(penilai)
    with django_assert_num_queries(8):
        response = client.get(reverse("evidence:queue"))
    assert len(response.context["documents"]) == 61


def test_item_page_query_count_is_the_same_with_1_or_40_documents(
    client, pic, penilai, pic_row, django_assert_num_queries
):
    from actionplan.tests.test_views_item import ITEM_PAGE_QUERIES

    client.force_login(pic)
    upload(client, pic_row, file("a.pdf", make_pdf()))
    client.force_login(penilai)
    url = reverse("actionplan:item_detail", args=[pic_row.pk])
    # With documents present, their revisions and reviews are two more queries; for a reviewer the
    # menu counts the documents waiting for them.
    with django_assert_num_queries(ITEM_PAGE_QUERIES + 3):
        client.get(url)
    client.force_login(pic)
    for n in range(3):
        upload(client, pic_row, *[file(f"f{n}-{k}.png", make_png(10 * n + k + 1)) for k in range(10)], month=n + 1)
        upload(client, pic_row, file(f"g{n}.pdf", make_pdf(f"g{n}")), requirement=pic_row.requirements.get(order=2))
    for evidence in Evidence.objects.all()[:10]:
        client.force_login(penilai)
        review(client, evidence, "perlu_perbaikan", "ulang")
        client.force_login(pic)
        client.post(reverse("evidence:replace", args=[evidence.pk]), {"file": file("v2.png", make_png())})
    client.force_login(penilai)
    with django_assert_num_queries(ITEM_PAGE_QUERIES + 3):
        response = client.get(url)
    assert sum(len(r.documents) for r in response.context["requirements"]) == 34


def test_documents_page_and_review_page_cost_the_same_for_1_and_200_documents(
    client, pimpinan, penilai, pic, seed_plan, django_assert_num_queries
):
    from evidence.sample import evidence_generate

    evidence_generate(plan=seed_plan, count=1, uploader=pic, reviewer=penilai)
    url = reverse("evidence:documents", args=[seed_plan.pk])
    client.force_login(pimpinan)
    # Session, user, the plan, the leader's roles in its unit, the documents; the menu's capabilities
    # and the bell's unread count.
    with django_assert_num_queries(7):
        assert len(client.get(url).context["documents"]) == 1
    evidence_generate(plan=seed_plan, count=199, uploader=pic, reviewer=penilai)
    with django_assert_num_queries(7):
        assert len(client.get(url).context["documents"]) == 200
    client.force_login(penilai)
    waiting = Evidence.objects.filter(status="diajukan").order_by("pk")
    first, last = waiting.first(), waiting.last()
    # Session, user, the evidence with its row, the reviewer's roles, revisions, reviews, and the
    # menu's capabilities, waiting count (which the page's heading shows too) and unread count.
    with django_assert_num_queries(9):
        assert client.get(reverse("evidence:detail", args=[first.pk])).status_code == 200
    with django_assert_num_queries(9):
        assert client.get(reverse("evidence:detail", args=[last.pk])).status_code == 200
