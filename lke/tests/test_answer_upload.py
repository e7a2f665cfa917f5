"""New documents uploaded from an LKE answer: through the evidence pipeline, linked to the answer, all or nothing."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplan.models import ActionItem
from evidence.models import Evidence, EvidenceStatus
from evidence.selectors import review_queue
from evidence.tests.conftest import make_pdf, make_zip
from lke.models import Answer, Pertanyaan
from lke.services import seed_links_load
from zi_tracker.formdata import form_post_data, rendered_form

pytestmark = pytest.mark.django_db


def edit_url(plan, section):
    return reverse("lke:section_edit", args=[plan.pk]) + f"?section={section}&column=unit"


def q(text):
    return Pertanyaan.objects.get(text__startswith=text)


def row(plan, numeral, number):
    return ActionItem.objects.get(area__plan=plan, area__numeral=numeral, number=number)


def pdf(name="anjab.pdf", text="Dokumen analisis jabatan"):
    return SimpleUploadedFile(name, make_pdf(text), content_type="application/pdf")


def with_files(form, changes=None):
    """The browser's POST: the rendered values with the changes, files sent as files (form_post_data
    would write them as text)."""
    changes = changes or {}
    files = {name: value for name, value in changes.items() if isinstance(value, SimpleUploadedFile)}
    data = form_post_data(form, {name: value for name, value in changes.items() if name not in files})
    return {**data, **files}


def stored_files():
    folder = "evidence"
    return set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()


@pytest.fixture
def linked(seed_plan):
    seed_links_load()  # III.1 serves Pemenuhan 3.i, II.1 serves 2.i, II.3 serves 2.iii, …
    return seed_plan


def test_coordinator_uploads_from_the_answer_and_the_file_goes_to_review(client, koordinator, penilai, linked):
    """The file becomes III.1's document for the chosen requirement, Diajukan, in the reviewer's
    queue, and linked to the answer; saving the form again keeps it linked while it waits."""
    kebutuhan, item = q("Kebutuhan pegawai yang disusun"), row(linked, "III", 1)
    requirement = item.requirements.order_by("order").last()
    client.force_login(koordinator)
    url = edit_url(linked, "pemenuhan-3")
    form = rendered_form(client.get(url).content.decode(), form_id="section-form")
    assert f"q{kebutuhan.pk}_upload" in form["files"]
    offered = form["selects"][f"q{kebutuhan.pk}_upload_requirement"]["options"]
    assert {int(v) for v in offered if v} == set(item.requirements.values_list("pk", flat=True))
    data = with_files(
        form,
        {
            f"q{kebutuhan.pk}_answer": "Ya",
            f"q{kebutuhan.pk}_upload_requirement": requirement.pk,
            f"q{kebutuhan.pk}_upload": pdf(),
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    [document] = Evidence.objects.all()
    assert (document.requirement, document.status, document.submitted_by) == (
        requirement,
        EvidenceStatus.DIAJUKAN,
        koordinator,
    )
    assert document.current.original_name == "anjab.pdf" and document.month is None
    answer = Answer.objects.get(pertanyaan=kebutuhan)
    assert answer.unit_answer == "Ya" and list(answer.evidence.all()) == [document]
    assert answer.history.order_by("-history_id").first().history_user == koordinator
    assert document in review_queue(user=penilai)
    page = client.get(url).content.decode()
    assert "III.1 · anjab.pdf (Diajukan)" in page
    assert reverse("evidence:download", args=[document.current_id]) in page
    form = rendered_form(page, form_id="section-form")
    assert form["selects"][f"q{kebutuhan.pk}_evidence"]["selected"] == [str(document.pk)]
    assert client.post(url, with_files(form)).status_code == 302
    assert list(Answer.objects.get(pertanyaan=kebutuhan).evidence.all()) == [document]


def test_the_same_file_again_links_the_existing_document(client, koordinator, linked):
    kebutuhan, requirement = q("Kebutuhan pegawai yang disusun"), row(linked, "III", 1).requirements.first()
    client.force_login(koordinator)
    url = edit_url(linked, "pemenuhan-3")
    for _ in range(2):
        form = rendered_form(client.get(url).content.decode(), form_id="section-form")
        changes = {f"q{kebutuhan.pk}_upload_requirement": requirement.pk, f"q{kebutuhan.pk}_upload": pdf()}
        assert client.post(url, with_files(form, changes)).status_code == 302
    assert Evidence.objects.count() == 1 and len(stored_files()) == 1


def test_pic_uploads_only_to_the_rows_they_are_pic_of(client, pic, linked):
    """In area 2, II.3 (Keterbukaan Informasi Publik) is the PIC's and serves 2.iii; II.1 (SOP,
    Teknis & Hukum) serves 2.i. The PIC may upload beside 2.iii's questions only; a requirement of
    II.1 posted by hand is refused and nothing is written."""
    informasi = linked.areas.get(numeral="II").items.get(number=3)
    sop = linked.areas.get(numeral="II").items.get(number=1)
    q_iii = Pertanyaan.objects.filter(sub_indikator__item_links__item=informasi).first()
    q_i = Pertanyaan.objects.filter(sub_indikator__item_links__item=sop).first()
    client.force_login(pic)
    url = edit_url(linked, "pemenuhan-2")
    html = client.get(url).content.decode()
    form = rendered_form(html, form_id="section-form")
    assert f"q{q_iii.pk}_upload" in form["files"] and f"q{q_i.pk}_upload" not in form["files"]
    # once per sub-indikator without an upload: 2.i and 2.ii (II.2 is not the PIC's either), not 2.iii
    assert html.count("data-upload-hint") == 2 and "harus dikaitkan dengan sub-indikator ini" in html
    forged = {
        f"q{q_iii.pk}_upload_requirement": sop.requirements.first().pk,
        f"q{q_iii.pk}_upload": pdf(),
        f"q{q_iii.pk}_note": "dicoba",
    }
    response = client.post(url, with_files(form, forged))
    assert response.status_code == 400
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not Evidence.objects.exists() and not Answer.objects.exists() and not stored_files()
    mine = {f"q{q_iii.pk}_upload_requirement": informasi.requirements.first().pk, f"q{q_iii.pk}_upload": pdf()}
    assert client.post(url, with_files(form, mine)).status_code == 302
    assert Evidence.objects.get().requirement.item == informasi


def test_a_bad_file_saves_no_answer_and_stores_no_file(client, koordinator, linked):
    """Two questions with files, the second not an accepted document: neither file is stored, and
    the answer typed in the same form is not saved either."""
    kebutuhan, mutasi = (
        q("Kebutuhan pegawai yang disusun"),
        Pertanyaan.objects.filter(sub_indikator__item_links__item=row(linked, "III", 2)).first(),
    )
    client.force_login(koordinator)
    url = edit_url(linked, "pemenuhan-3")
    form = rendered_form(client.get(url).content.decode(), form_id="section-form")
    changes = {
        f"q{kebutuhan.pk}_answer": "Ya",
        f"q{kebutuhan.pk}_upload_requirement": row(linked, "III", 1).requirements.first().pk,
        f"q{kebutuhan.pk}_upload": pdf(),
        f"q{mutasi.pk}_upload_requirement": row(linked, "III", 2).requirements.first().pk,
        f"q{mutasi.pk}_upload": SimpleUploadedFile("arsip.zip", make_zip(), content_type="application/zip"),
    }
    response = client.post(url, with_files(form, changes))
    html = response.content.decode()
    assert response.status_code == 400
    assert "arsip.zip" in html and "Tidak ada yang disimpan" in html
    assert not Evidence.objects.exists() and not Answer.objects.exists() and not stored_files()


def test_files_without_a_chosen_requirement_are_refused(client, koordinator, linked):
    item = row(linked, "III", 2)
    assert item.requirements.count() == 2  # so the page asks which one
    mutasi = Pertanyaan.objects.filter(sub_indikator__item_links__item=item).first()
    client.force_login(koordinator)
    url = edit_url(linked, "pemenuhan-3")
    form = rendered_form(client.get(url).content.decode(), form_id="section-form")
    assert form["selects"][f"q{mutasi.pk}_upload_requirement"]["options"][0] == ""
    response = client.post(url, with_files(form, {f"q{mutasi.pk}_upload": pdf()}))
    assert response.status_code == 400
    assert "Pilih dokumen wajib yang menjadi tujuan berkas" in response.content.decode()
    assert not Evidence.objects.exists() and not stored_files()


def test_no_linked_row_means_no_upload_and_the_tpi_column_has_none(client, koordinator, penilai, seed_plan):
    """Without the seed mapping no row serves a sub-indikator: the page says how to get an upload."""
    client.force_login(koordinator)
    form = rendered_form(client.get(edit_url(seed_plan, "pemenuhan-3")).content.decode(), form_id="section-form")
    assert form["files"] == []
    seed_links_load()
    client.force_login(penilai)
    tpi = reverse("lke:section_edit", args=[seed_plan.pk]) + "?section=pemenuhan-3&column=tpi"
    assert rendered_form(client.get(tpi).content.decode(), form_id="section-form")["files"] == []


def test_an_oversize_file_is_named_and_nothing_saved(client, koordinator, linked, settings):
    settings.ZI_EVIDENCE_MAX_BYTES = 1000
    kebutuhan = q("Kebutuhan pegawai yang disusun")
    client.force_login(koordinator)
    url = edit_url(linked, "pemenuhan-3")
    form = rendered_form(client.get(url).content.decode(), form_id="section-form")
    changes = {
        f"q{kebutuhan.pk}_answer": "Ya",
        f"q{kebutuhan.pk}_upload_requirement": row(linked, "III", 1).requirements.first().pk,
        f"q{kebutuhan.pk}_upload": SimpleUploadedFile("besar.pdf", make_pdf("x" * 5000), "application/pdf"),
    }
    response = client.post(url, with_files(form, changes))
    assert response.status_code == 400
    assert "besar.pdf" in response.content.decode()
    assert not Evidence.objects.exists() and not Answer.objects.exists() and not stored_files()


def test_the_form_costs_the_same_with_1_and_12_linked_documents(client, koordinator, linked):
    """No query per linked document (its file, row and status for the list and the download link),
    nor per row that offers an upload (its PICs and requirements)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evidence.services import evidence_submit
    from lke.services import assessment_open

    kebutuhan = q("Kebutuhan pegawai yang disusun")
    answer = Answer.objects.create(assessment=assessment_open(plan=linked), pertanyaan=kebutuhan)
    requirements = list(row(linked, "III", 1).requirements.all()) + list(row(linked, "III", 2).requirements.all())
    client.force_login(koordinator)
    url = edit_url(linked, "pemenuhan-3")

    def cost(n):
        for i in range(answer.evidence.count(), n):
            [doc] = evidence_submit(
                requirement=requirements[i % len(requirements)],
                uploads=[pdf(f"bukti-{i}.pdf", f"bukti {i}")],
                month=None,
                by=koordinator,
            )
            answer.evidence.add(doc)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        assert html.count("data-linked-evidence") == 1 and html.count("bukti-") >= n
        return len(queries)

    assert cost(1) == cost(12)


def test_the_tpi_sees_the_documents_the_unit_linked(client, koordinator, penilai, linked):
    kebutuhan, requirement = q("Kebutuhan pegawai yang disusun"), row(linked, "III", 1).requirements.first()
    client.force_login(koordinator)
    url = edit_url(linked, "pemenuhan-3")
    form = rendered_form(client.get(url).content.decode(), form_id="section-form")
    changes = {f"q{kebutuhan.pk}_upload_requirement": requirement.pk, f"q{kebutuhan.pk}_upload": pdf()}
    client.post(url, with_files(form, changes))
    document = Evidence.objects.get()
    client.force_login(penilai)
    tpi = reverse("lke:section_edit", args=[linked.pk]) + "?section=pemenuhan-3&column=tpi"
    block = client.get(tpi).content.decode().split(f'id="q{kebutuhan.pk}"', 1)[1].split("</li>\n", 1)[0]
    assert "data-linked-evidence" in block and reverse("evidence:download", args=[document.current_id]) in block
