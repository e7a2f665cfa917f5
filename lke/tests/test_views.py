"""The LKE pages as each persona uses them: both columns, a section's form, the score page."""

import json
import re

import pytest
from django.urls import reverse

from evidence.models import Evidence, EvidenceStatus
from evidence.services import evidence_submit
from evidence.tests.conftest import make_pdf
from lke.models import Answer, Assessment, ItemLink, Pertanyaan
from zi_tracker.formdata import duplicate_ids, form_post_data, rendered_form

pytestmark = pytest.mark.django_db


def edit_url(plan, section, column="unit"):
    return reverse("lke:section_edit", args=[plan.pk]) + f"?section={section}&column={column}"


def q(text):
    return Pertanyaan.objects.get(text__startswith=text)


def test_the_lke_page_shows_both_columns_and_an_empty_assessment_writes_nothing(client, koordinator, seed_plan):
    client.force_login(koordinator)
    response = client.get(reverse("lke:assessment", args=[seed_plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Penilaian Unit" in html and "Penilaian TPI" in html
    assert "Unit kerja telah membentuk tim untuk melakukan pembangunan Zona Integritas" in html
    assert html.count('id="section-') == 14  # 6 Pemenuhan + 6 Reform areas, 2 Hasil sub-komponen
    assert duplicate_ids(html) == []
    assert not Assessment.objects.exists()


def test_coordinator_answers_a_section_as_rendered(client, koordinator, seed_plan):
    client.force_login(koordinator)
    url = edit_url(seed_plan, "pemenuhan-1")
    form = rendered_form(client.get(url).content.decode(), form_id="section-form")
    tim, anggota = q("Unit kerja telah membentuk tim"), q("Penentuan anggota Tim")
    data = form_post_data(
        form,
        {
            f"q{tim.pk}_answer": "Ya",
            f"q{anggota.pk}_answer": "B",
            f"q{anggota.pk}_note": "SK Tim belum memuat mekanisme seleksi",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    answers = {a.pertanyaan_id: a for a in Answer.objects.all()}
    assert answers[tim.pk].unit_answer == "Ya" and answers[anggota.pk].unit_answer == "B"
    assert answers[anggota.pk].unit_note == "SK Tim belum memuat mekanisme seleksi"
    assert answers[tim.pk].history.count() == 1
    # 1.i: (1 + 0,5) / 2 × 0,50 = 0,375 → "0,38" on the sheet
    page = client.get(reverse("lke:assessment", args=[seed_plan.pk])).content.decode()
    assert "0,38" in page
    # saving the unchanged form again writes no history
    form = rendered_form(client.get(url).content.decode(), form_id="section-form")
    client.post(url, form_post_data(form))
    assert answers[tim.pk].history.count() == 1


def test_a_bad_answer_saves_nothing_and_names_the_question(client, koordinator, seed_plan):
    client.force_login(koordinator)
    url = edit_url(seed_plan, "bersih")
    form = rendered_form(client.get(url).content.decode(), form_id="section-form")
    ipak, kinerja = q("Nilai Survey Persepsi Korupsi"), q("Capaian Kinerja Lebih Baik")
    response = client.post(url, form_post_data(form, {f"q{ipak.pk}_answer": "4,5", f"q{kinerja.pk}_answer": "A"}))
    assert response.status_code == 400
    assert "di luar rentang 0–4" in response.content.decode()
    assert not Answer.objects.exists()


def test_percentage_counts_are_saved_and_scored(client, koordinator, seed_plan):
    client.force_login(koordinator)
    url = edit_url(seed_plan, "reform-5")
    form = rendered_form(client.get(url).content.decode(), form_id="section-form")
    pengaduan = q("Persentase penanganan pengaduan")
    changes = {f"q{pengaduan.pk}_c_harus": "4", f"q{pengaduan.pk}_c_diproses": "1", f"q{pengaduan.pk}_c_selesai": "3"}
    assert client.post(url, form_post_data(form, changes)).status_code == 302
    answer = Answer.objects.get(pertanyaan=pengaduan)
    assert answer.unit_counts == {"harus": "4", "diproses": "1", "selesai": "3"}
    page = client.get(reverse("lke:assessment", args=[seed_plan.pk])).content.decode()
    assert "75,00%" in page  # 3 settled of 4 due


def test_penilai_fills_the_tpi_column_beside_the_units(client, koordinator, penilai, seed_plan):
    tim = q("Unit kerja telah membentuk tim")
    client.force_login(koordinator)
    url = edit_url(seed_plan, "pemenuhan-1")
    client.post(
        url,
        form_post_data(
            rendered_form(client.get(url).content.decode(), form_id="section-form"), {f"q{tim.pk}_answer": "Ya"}
        ),
    )
    client.force_login(penilai)
    assert client.get(url).status_code == 403  # not the unit's column
    tpi_url = edit_url(seed_plan, "pemenuhan-1", "tpi")
    page = client.get(tpi_url).content.decode()
    form = rendered_form(page, form_id="section-form")
    assert not any(name.endswith("_evidence") for name, _ in form["fields"])
    assert (
        client.post(
            tpi_url, form_post_data(form, {f"q{tim.pk}_answer": "Tidak", f"q{tim.pk}_note": "SK belum ditandatangani"})
        ).status_code
        == 302
    )
    answer = Answer.objects.get(pertanyaan=tim)
    assert (answer.unit_answer, answer.tpi_answer, answer.tpi_note) == ("Ya", "Tidak", "SK belum ditandatangani")


def test_pic_answers_only_the_areas_of_their_rows(client, pic, seed_plan):
    """The seed PIC (Parmas & SDM) is PIC of rows in the decree's areas II, III, V and VI: the LKE
    areas 2, 3, 5 and 6, in Pemenuhan and in Reform; not area 1, not Hasil."""
    client.force_login(pic)
    assert client.get(edit_url(seed_plan, "pemenuhan-3")).status_code == 200
    assert client.get(edit_url(seed_plan, "reform-3")).status_code == 200
    assert client.get(edit_url(seed_plan, "pemenuhan-1")).status_code == 403
    assert client.get(edit_url(seed_plan, "bersih")).status_code == 403
    page = client.get(reverse("lke:assessment", args=[seed_plan.pk])).content.decode()
    links = re.findall(r"section=([a-z0-9-]+)&amp;column=unit", page)
    assert links == [
        "pemenuhan-2",
        "pemenuhan-3",
        "pemenuhan-5",
        "pemenuhan-6",
        "reform-2",
        "reform-3",
        "reform-5",
        "reform-6",
    ]


def test_other_office_and_unknown_section(client, outsider, koordinator, pimpinan, seed_plan):
    client.force_login(outsider)
    assert client.get(reverse("lke:assessment", args=[seed_plan.pk])).status_code == 404
    client.force_login(pimpinan)
    assert client.get(reverse("lke:assessment", args=[seed_plan.pk])).status_code == 200
    assert client.get(edit_url(seed_plan, "pemenuhan-1")).status_code == 403
    client.force_login(koordinator)
    assert client.get(edit_url(seed_plan, "pemenuhan-9")).status_code == 404


def test_evidence_of_linked_rows_is_offered_first(client, koordinator, pic, seed_plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from actionplan.models import ActionItem

    row = ActionItem.objects.get(area__plan=seed_plan, area__order=3, number=1)  # Perencanaan Kebutuhan Pegawai
    other = ActionItem.objects.get(area__plan=seed_plan, area__order=3, number=2)
    for item, name in [(other, "mutasi.pdf"), (row, "anjab.pdf")]:
        requirement = item.requirements.first()
        [doc] = evidence_submit(
            requirement=requirement, uploads=[SimpleUploadedFile(name, make_pdf(name))], month=None, by=koordinator
        )
        Evidence.objects.filter(pk=doc.pk).update(status=EvidenceStatus.DITERIMA)
    kebutuhan = q("Kebutuhan pegawai yang disusun")
    ItemLink.objects.create(item=row, sub_indikator=kebutuhan.sub_indikator)
    client.force_login(koordinator)
    page = client.get(edit_url(seed_plan, "pemenuhan-3")).content.decode()
    select = page.split(f'name="q{kebutuhan.pk}_evidence"', 1)[1].split("</select>", 1)[0]
    linked, rest = select.split("</optgroup>")[:2]
    assert "III.1 · anjab.pdf" in linked and "mutasi.pdf" not in linked
    assert "III.2 · mutasi.pdf" in rest


def test_score_page_carries_the_simulator_data(client, koordinator, seed_plan):
    client.force_login(koordinator)
    response = client.get(reverse("lke:score", args=[seed_plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    data = json.loads(html.split('id="lke-simulator" type="application/json">', 1)[1].split("</script>", 1)[0])
    assert len(data["catalogue"]["questions"]) == 113
    assert html.count('data-sim-predikat="') == 2
    assert 'src="/static/js/lke.js"' in html


def test_dashboard_fetches_the_lke_card_without_a_query_of_its_own(client, koordinator, seed_plan):
    client.force_login(koordinator)
    dashboard = client.get(reverse("reports:dashboard", args=[seed_plan.pk])).content.decode()
    summary_url = reverse("lke:summary", args=[seed_plan.pk])
    assert f'data-lke-summary="{summary_url}"' in dashboard
    card = client.get(summary_url).content.decode()
    assert "Penilaian Unit" in card and "Menuju WBK" in card and "0,00" in card


def test_the_lke_page_and_its_form_cost_the_same_with_3_and_113_answers(client, koordinator, seed_plan):
    """No query per question, per answer or per linked document: the sheet and a section's form
    make as many queries with 3 answers as with all 113 (each with a note)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lke.services import answers_save, assessment_open

    assessment = assessment_open(plan=seed_plan)
    client.force_login(koordinator)
    urls = [
        reverse("lke:assessment", args=[seed_plan.pk]),
        edit_url(seed_plan, "pemenuhan-3"),
        reverse("lke:score", args=[seed_plan.pk]),
        reverse("lke:gaps", args=[seed_plan.pk]),
    ]

    def cost():
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    some = list(Pertanyaan.objects.filter(answer_type="ya_tidak")[:3])
    answers_save(
        assessment=assessment,
        column="unit",
        by=koordinator,
        rows={q.pk: {"answer": "Ya", "counts": {}, "note": "catatan"} for q in some},
    )
    few = cost()
    answers_save(
        assessment=assessment,
        column="tpi",
        by=koordinator,
        rows={q.pk: {"answer": "", "counts": {}, "note": "catatan TPI"} for q in Pertanyaan.objects.all()},
    )
    assert cost() == few


def test_unanswered_questions_are_listed_by_their_numbering(client, koordinator, seed_plan):
    """Every question answered in the unit's column but 1.i.a: the sheet names it (scored 0, never
    skipped) and links to its row; the TPI's column, empty, lists all 113."""
    from lke.models import Version
    from lke.selectors import catalogue_snapshot
    from lke.services import answers_save, assessment_open
    from lke.tests.test_scoring import TOP, answered

    catalogue = catalogue_snapshot(version=Version.objects.get(code="permenpanrb-90-2021"))
    answers = answered(catalogue, TOP)
    tim = q("Unit kerja telah membentuk tim")
    del answers[tim.pk]
    rows = {qid: {"answer": a, "counts": c, "note": ""} for qid, (a, c) in answers.items()}
    answers_save(assessment=assessment_open(plan=seed_plan), column="unit", rows=rows, by=koordinator)
    client.force_login(koordinator)
    html = client.get(reverse("lke:assessment", args=[seed_plan.pk])).content.decode()
    unit = html.split('data-unanswered="unit"', 1)[1].split("</details>", 1)[0]
    assert "1 pertanyaan belum dijawab" in unit
    assert re.findall(r'<a href="#q-(\d+)">([^<]+)</a>', unit) == [(str(tim.pk), "A.I.1.i.a")]
    assert f'id="q-{tim.pk}"' in html
    tpi = html.split('data-unanswered="tpi"', 1)[1].split("</details>", 1)[0]
    assert "113 pertanyaan belum dijawab" in tpi and tpi.count('<a href="#q-') == 113
    assert duplicate_ids(html) == []
