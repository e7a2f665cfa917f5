"""The official workbook both ways: export → import round trip, tolerant matching, bad workbooks, lke_score."""

import json
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from actionplan.sample import plan_generate
from lke import scoring
from lke.models import Answer, Assessment, Pertanyaan, Version
from lke.selectors import catalogue_snapshot, plan_assessment_scored
from lke.services import answers_save, assessment_open
from lke.tests.test_scoring import SECOND, TOP, answered
from lke.workbook import assessment_workbook
from lke.workbook_import import WorkbookError, workbook_parse
from zi_tracker.formdata import rendered_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    return Version.objects.get(code="permenpanrb-90-2021")


@pytest.fixture
def filled(seed_plan, koordinator, version):
    """Every question answered in both columns: the unit mostly at the top with area 2 at B and odd
    counts; the TPI at B everywhere; notes on a few."""
    catalogue = catalogue_snapshot(version=version)
    assessment = assessment_open(plan=seed_plan)
    unit = answered(catalogue, SECOND, area=2)
    unit[Pertanyaan.objects.get(text__startswith="Persentase penyampaian LHKPN").pk] = (
        "",
        {"kepala": "1", "pejabat": "2", "lainnya": "0", "sudah": "2"},
    )
    unit[Pertanyaan.objects.get(text__startswith="Nilai Survey Persepsi").pk] = ("3.6", {})
    tpi = answered(catalogue, SECOND)
    for column, answers in (("unit", unit), ("tpi", tpi)):
        rows = {
            q: {"answer": a, "counts": c, "note": "=catatan " + column if q % 17 == 0 else ""}
            for q, (a, c) in answers.items()
        }
        answers_save(assessment=assessment, column=column, rows=rows, by=koordinator)
    return assessment


def export(plan) -> bytes:
    return assessment_workbook(scored=plan_assessment_scored(plan=plan), unit_name=plan.unit.name)


def figures(plan):
    scored = plan_assessment_scored(plan=plan)
    return [(s.figures, s.areas, s.predikat, s.unanswered) for s in (scored.unit, scored.tpi)]


def test_round_trip_export_then_import_into_an_empty_assessment(client, filled, seed_plan, other_unit, outsider):
    """Every answer, count, note and figure of both columns comes back identical."""
    client.force_login(outsider)  # the other office's coordinator imports into their own, empty plan
    other_plan = plan_generate(unit=other_unit, year=2025, items=6)
    url = reverse("lke:import", args=[other_plan.pk])
    page = client.post(url, {"workbook": _upload(export(seed_plan))})
    assert page.status_code == 200, page.content.decode()[:2000]
    html = page.content.decode()
    assert "113" in html
    confirm = rendered_form(html, form_id="import-confirm")
    assert client.post(url, dict(confirm["fields"])).status_code == 302
    mine = {a.pertanyaan_id: a for a in Answer.objects.filter(assessment=filled)}
    theirs = {a.pertanyaan_id: a for a in Answer.objects.filter(assessment__unit=other_unit)}
    fields = ["unit_answer", "unit_counts", "unit_note", "tpi_answer", "tpi_counts", "tpi_note"]
    assert {q: [getattr(a, f) for f in fields] for q, a in theirs.items()} == {
        q: [getattr(a, f) for f in fields] for q, a in mine.items()
    }
    assert figures(other_plan) == figures(seed_plan)


def test_tolerant_of_layout_spacing_case_typos_and_ya_for_ya_tidak(filled, seed_plan, version):
    book = load_workbook(BytesIO(export(seed_plan)))
    sheet = book.active
    sheet.insert_rows(1, 3)  # the header further down
    sheet.insert_cols(7)  # an extra column between Penilaian and Bobot
    header = next(r for r in range(1, 20) if sheet.cell(r, 6).value == "Penilaian")
    first = header + 5  # A., I., 1., i., then question a.
    assert sheet.cell(first, 10).value == "Ya/Tidak"
    sheet.cell(first, 10).value = "Ya"
    sheet.cell(first, 6).value = "  UNIT KERJA telah membentuk  tim untuk melakukan pembangunan Zona Integritas"
    second = first + 1
    sheet.cell(second, 6).value = sheet.cell(second, 6).value.replace("prosedur", "prosedr")  # a typo
    out = BytesIO()
    book.save(out)
    parsed = workbook_parse(content=out.getvalue(), version=version)
    assert parsed.errors == [] and parsed.unmatched_rows == []
    assert len(parsed.matched_rows) == 113
    assert parsed.answers[Pertanyaan.objects.get(text__startswith="Unit kerja telah membentuk").pk]["unit"][0] == "Ya"


def test_workbook_nilai_that_differs_from_the_arithmetic_is_shown(filled, seed_plan, version):
    book = load_workbook(BytesIO(export(seed_plan)))
    sheet = book.active
    row = next(r for r in range(1, sheet.max_row) if sheet.cell(r, 9).value == "A/B/C/D")  # Pilihan Jawaban
    sheet.cell(row, 11).value = 0.7  # Nilai: shown as 0,70 where the answer's value is 1
    out = BytesIO()
    book.save(out)
    parsed = workbook_parse(content=out.getvalue(), version=version)
    assert [(d["row"], float(d["workbook"])) for d in parsed.nilai_differences] == [(row, 0.7)]


def _upload(content: bytes, name="lke.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def _edited(plan, change) -> bytes:
    book = load_workbook(BytesIO(export(plan)))
    change(book.active)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _set_answer(text, value):
    def change(sheet):
        row = next(
            r
            for r in range(1, sheet.max_row + 1)
            if str(sheet.cell(r, 6).value or "").startswith(text) and sheet.cell(r, 9).value  # a question's row
        )
        sheet.cell(row, 10).value = value  # Jawaban

    return change


def _empty_sheet() -> bytes:
    book = Workbook()
    book.active["A1"] = "Daftar hadir"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda plan: b"PK\x03\x04 not really a zip", "bukan buku kerja Excel"),
        (lambda plan: _empty_sheet(), "Baris judul tidak ditemukan"),
        (
            lambda plan: __import__("actionplan.xlsx", fromlist=["x"]).lampiran_workbook(plan),
            "Baris judul tidak ditemukan",
        ),
        (
            lambda plan: _edited(plan, _set_answer("Penentuan anggota Tim", "F")),
            "Jawaban “F” tidak termasuk pilihan A/B/C",
        ),
        (
            lambda plan: _edited(plan, _set_answer("Jumlah pengaduan masyarakat yang harus", "tiga")),
            "“tiga” bukan angka",
        ),
        (
            lambda plan: _edited(plan, _set_answer("Nilai Survey Persepsi Korupsi", 4.5)),
            "Nilai survei 4.5 di luar rentang 0–4",
        ),
    ],
)
def test_bad_workbooks_name_the_problem_and_write_nothing(client, koordinator, seed_plan, make, message):
    content = make(seed_plan)  # before any assessment exists: the export is of an empty one
    client.force_login(koordinator)
    response = client.post(reverse("lke:import", args=[seed_plan.pk]), {"workbook": _upload(content)})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    if "Baris" in message or "bukan angka" in message or "pilihan" in message:
        assert "Baris " in html  # the row is named
    assert 'id="import-confirm"' not in html
    assert not Answer.objects.exists() and not Assessment.objects.exists()


def test_a_sheet_from_another_template_with_lke_like_headers(version):
    book = Workbook()
    sheet = book.active
    sheet.append(["No", "Penilaian", "Pilihan Jawaban", "Jawaban", "Nilai"])
    sheet.append(["1", "Jumlah kendaraan dinas", "A/B/C", "A", 1])
    out = BytesIO()
    book.save(out)
    with pytest.raises(WorkbookError, match="templat lain"):
        workbook_parse(content=out.getvalue(), version=version)


def test_lke_score_prints_one_json_object_unrounded_and_saves_nothing(filled, seed_plan, tmp_path):
    path = tmp_path / "lke.xlsx"
    path.write_bytes(export(seed_plan))
    before = Answer.objects.count()
    out = StringIO()
    call_command("lke_score", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    unit = plan_assessment_scored(plan=seed_plan).unit
    assert set(data) >= {
        "total",
        "pengungkit",
        "pemenuhan",
        "reform",
        "hasil",
        "areas",
        "wbk",
        "wbbm",
        "unmatched_rows",
    }
    # 100 − area 2 at B (7 − 4,30833…) − LHKPN 2 of 3 filed (1,00 × 1/3) − IPAK 3,60 (17,50 − 15,75)
    assert scoring.display(unit.total) == "95,23"
    assert '"total": ' + format(unit.total, "f") in out.getvalue()  # written at full precision, not rounded
    assert data["areas"]["2"]["reform"] == float(unit.areas[2]["reform"])
    assert data["wbk"]["met"] is unit.predikat["wbk"]["met"]
    assert data["unmatched_rows"] == []
    assert Answer.objects.count() == before


def test_lke_score_refuses_a_bad_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="bukan buku kerja"):
        call_command("lke_score", str(path), "--json")


def test_top_answers_score_100_through_the_workbook(seed_plan, koordinator, version, tmp_path):
    catalogue = catalogue_snapshot(version=version)
    assessment = assessment_open(plan=seed_plan)
    answers_save(
        assessment=assessment,
        column="unit",
        by=koordinator,
        rows={q: {"answer": a, "counts": c, "note": ""} for q, (a, c) in answered(catalogue, TOP).items()},
    )
    path = tmp_path / "lke.xlsx"
    path.write_bytes(export(seed_plan))
    out = StringIO()
    call_command("lke_score", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue())["total"] == 100
