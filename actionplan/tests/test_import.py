"""Importing a plan table: the seed's own Lampiran round trip, other offices' layouts, bad files."""

import io
import re

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font
from pypdf import PdfReader

from accounts.models import Membership, Role
from actionplan.checks import plan_checks
from actionplan.importing.reader import ImportFileError
from actionplan.importing.service import plan_import_confirm, plan_import_preview
from actionplan.models import ActionItem, Area, EvidenceRequirement, Plan
from actionplan.pdf import lampiran_pdf
from actionplan.xlsx import lampiran_workbook

pytestmark = pytest.mark.django_db


def xlsx(rows, *, merges=(), bold_rows=(), title="Rencana Aksi") -> bytes:
    """A workbook written by hand: `rows` from row 1, `merges` like "A5:A7", `bold_rows` 1-based."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for r, values in enumerate(rows, 1):
        for c, value in enumerate(values, 1):
            if value is not None:
                sheet.cell(r, c, value)
        if r in bold_rows:
            for c in range(1, len(values) + 1):
                sheet.cell(r, c).font = Font(bold=True)
    for merge in merges:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def plan_table(plan):
    """Every cell of the Lampiran, each row's requirements and months, in order."""
    return [
        (
            i.area.numeral,
            i.area.title,
            i.number,
            i.komponen,
            i.indikator,
            i.langkah_aksi,
            i.bukti_fisik,
            i.target_text,
            i.target_year,
            i.target_months,
            [r.name for r in i.requirements.all()],
        )
        for i in ActionItem.objects.filter(area__plan=plan)
        .select_related("area")
        .prefetch_related("requirements")
        .order_by("area__order", "number")
    ]


def pdf_text(plan) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(lampiran_pdf(plan))).pages))


def test_round_trip_of_the_seed_lampiran(seed_plan, koordinator):
    """Export → empty database → import as a new plan: every cell, requirement, month and the PDF text."""
    before, before_pdf, unit = plan_table(seed_plan), pdf_text(seed_plan), seed_plan.unit
    data = lampiran_workbook(seed_plan)
    Plan.objects.all().delete()
    assert not ActionItem.objects.exists()

    result = plan_import_confirm(file=data, unit=unit, year=2025, by=koordinator)

    plan = result.plan
    assert (plan.decree_number, plan.year, plan.status) == ("995", 2025, Plan.Status.DRAFT)
    assert (result.created_areas, result.created_rows, result.created_requirements) == (6, 23, 44)
    assert plan_table(plan) == before
    plan.status = Plan.Status.DITETAPKAN  # a draft's PDF says DRAFT on each page: compare the text as enacted
    assert pdf_text(plan) == before_pdf


def test_importing_the_same_file_again_changes_nothing(seed_plan, koordinator):
    data = lampiran_workbook(seed_plan)
    before = plan_table(seed_plan)
    preview = plan_import_preview(file=data, plan=seed_plan)
    assert set(preview.row_state.values()) == {"unchanged"}
    result = plan_import_confirm(file=data, plan=seed_plan, by=koordinator)
    assert (result.created_areas, result.created_rows, result.changed_rows, result.created_requirements) == (0, 0, 0, 0)
    assert plan_table(seed_plan) == before


def test_an_import_into_a_plan_ends_its_cache_generation(seed_plan, koordinator, django_capture_on_commit_callbacks):
    """Rows are written in bulk (no model signals): the import itself ends the plan's generation."""
    from django.core.cache import cache

    from zi_tracker.generations import generation_key, plan_generation

    data = lampiran_workbook(seed_plan)
    plan_generation(plan_id=seed_plan.pk)  # a reader has looked
    with django_capture_on_commit_callbacks(execute=True):
        plan_import_confirm(file=data, plan=seed_plan, by=koordinator)
    assert cache.get(generation_key(seed_plan.pk)) is None


def test_four_column_plan_with_month_codes_and_merged_cells(serang, koordinator):
    data = xlsx(
        [
            ["RENCANA AKSI ZONA INTEGRITAS 2026"],
            [],
            ["No", "Proses", "Target Prioritas", "Kurun Waktu", "Keterangan"],
            ["A. Manajemen Perubahan"],
            [1, "Pembentukan Tim", "SK Tim ZI", "B01", None],
            [2, "Sosialisasi ZI", "Sosialisasi internal", "B03, B06, B09 dan B12", "rapat pleno"],
            [None, None, "Sosialisasi publik", "Triwulan II", None],
            [None, None, "Survei pemahaman", "Semester II", None],
            [3, "Agen perubahan", "SK agen perubahan", "Tiap Bulan", None],
            ["B. Penataan Tatalaksana"],
            [1, "SOP", "SOP layanan", "Jan–Mar", None],
        ],
        merges=["A1:E1", "A4:E4", "A6:A8", "B6:B8", "A10:E10"],
        bold_rows=(1, 3, 4, 10),
    )
    preview = plan_import_preview(file=data, unit=serang, year=2026)
    assert preview.ok, preview.errors
    assert [(a.numeral, a.title) for a in preview.areas] == [
        ("A", "Manajemen Perubahan"),
        ("B", "Penataan Tatalaksana"),
    ]
    assert [(r.sheet_number, r.number) for r in preview.areas[0].rows] == [
        ("1", 1),
        ("2", 2),
        ("2", 3),
        ("2", 4),
        ("3", 5),
    ]

    plan = plan_import_confirm(
        file=data, unit=serang, year=2026, plan_fields={"decree_number": "12"}, by=koordinator
    ).plan
    rows = list(ActionItem.objects.filter(area__plan=plan).order_by("area__order", "number"))
    assert [(r.code, r.komponen, r.indikator, r.target_months) for r in rows] == [
        ("A.1", "Pembentukan Tim", "SK Tim ZI", [1]),
        ("A.2", "Sosialisasi ZI", "Sosialisasi internal", [3, 6, 9, 12]),
        ("A.3", "Sosialisasi ZI", "Sosialisasi publik", [4, 5, 6]),
        ("A.4", "Sosialisasi ZI", "Survei pemahaman", [7, 8, 9, 10, 11, 12]),
        ("A.5", "Agen perubahan", "SK agen perubahan", list(range(1, 13))),
        ("B.1", "SOP", "SOP layanan", [1, 2, 3]),
    ]
    assert rows[1].target_period_display == "Maret, Juni, September dan Desember 2026"
    assert rows[1].import_note == "Keterangan: rapat pleno"
    assert rows[0].target_year == 2026 and plan.year == 2026
    assert len([w for w in plan_checks(plan) if w.code == "A.1"]) == 2  # no Bukti Fisik, no PIC


def test_lke_plan_with_a_pic_column(serang, koordinator, pic):
    data = xlsx(
        [
            ["No", "Komponen", "Pertanyaan LKE", "Langkah Aksi", "Bukti Dukung", "Waktu", "Penanggung Jawab"],
            ["Manajemen Perubahan"],
            [
                1,
                "Tim Kerja",
                "Apakah unit kerja telah membentuk tim?",
                "Membentuk tim",
                "SK Tim",
                "Januari 2026",
                "Dewi",
            ],
            [
                2,
                "Tim Kerja",
                "Apakah penentuan anggota tim dipilih melalui prosedur?",
                "Seleksi",
                "Notulen, Daftar hadir",
                "Februari - Maret 2026",
                "rahmat, Pak Joko",
            ],
            ["Penataan Tatalaksana"],
            [1, "SOP", "Apakah terdapat SOP kegiatan utama?", "Menyusun SOP", "SOP", "Juni 2026", None],
        ],
        merges=["A2:G2", "A5:G5"],
        bold_rows=(1, 2, 5),
    )
    preview = plan_import_preview(file=data, unit=serang, year=2026)
    assert preview.ok, preview.errors
    assert [(w.row, w.column) for w in preview.warnings] == [(4, 7)]  # "Pak Joko" is no member
    plan = plan_import_confirm(
        file=data, unit=serang, year=2026, plan_fields={"decree_number": "7"}, by=koordinator
    ).plan
    rows = list(
        ActionItem.objects.filter(area__plan=plan)
        .prefetch_related("pics", "requirements")
        .order_by("area__order", "number")
    )
    assert [(r.code, r.indikator[:20]) for r in rows] == [
        ("I.1", "Apakah unit kerja te"),
        ("I.2", "Apakah penentuan ang"),
        ("II.1", "Apakah terdapat SOP "),
    ]
    assert [sorted(u.username for u in r.pics.all()) for r in rows] == [["dewi"], ["rahmat"], []]
    assert [r.name for r in rows[1].requirements.all()] == ["Notulen", "Daftar hadir"]
    assert [a.title for a in plan.areas.order_by("order")] == ["Manajemen Perubahan", "Penataan Tatalaksana"]


HEADER = ["No", "Komponen", "Indikator", "Target Waktu"]


@pytest.mark.parametrize(
    ("rows", "merges", "where"),
    [
        ([["Nama", "Alamat"], ["Budi", "Serang"]], [], (None, None)),  # no header row
        ([["No", "Komponen", "Indikator"], ["I. Area"], [1, "a", "b"]], [], (1, None)),  # no Target Waktu column
        ([HEADER, ["I. Area"], [1, "a", "b", "Kapan-kapan"]], [], (3, 4)),  # unreadable month
        ([HEADER, ["I. Area"], [1, "a", "b", "Juni 2025"], [1, "c", "d", "Juli 2025"]], [], (4, 1)),  # duplicate number
        ([HEADER, ["I. Area"], [1, "a", '=CONCAT("b","c")', "Juni 2025"]], [], (3, 3)),  # a formula
        ([HEADER, ["Pendahuluan rencana aksi"], [1, "a", "b", "Juni 2025"]], [], (2, 1)),  # not a heading
    ],
    ids=["wrong-columns", "missing-column", "unreadable-month", "duplicate-number", "formula", "unknown-heading"],
)
def test_bad_tables_name_the_row_and_write_nothing(serang, koordinator, rows, merges, where):
    data = xlsx(rows, merges=merges)
    preview = plan_import_preview(file=data, unit=serang, year=2025)
    assert not preview.ok
    assert (preview.errors[0].row, preview.errors[0].column) == where
    counts = (Plan.objects.count(), ActionItem.objects.count(), EvidenceRequirement.objects.count())
    with pytest.raises(ImportFileError):
        plan_import_confirm(file=data, unit=serang, year=2025, plan_fields={"decree_number": "1"}, by=koordinator)
    assert (Plan.objects.count(), ActionItem.objects.count(), EvidenceRequirement.objects.count()) == counts


def test_an_area_the_plan_does_not_have_is_refused(seed_plan, koordinator):
    data = xlsx([HEADER, ["VII. Area baru"], [1, "a", "b", "Juni 2025"]])
    preview = plan_import_preview(file=data, plan=seed_plan)
    assert [(e.row, e.column) for e in preview.errors] == [(2, 1)]
    with pytest.raises(ImportFileError):
        plan_import_confirm(file=data, plan=seed_plan, by=koordinator)
    assert Area.objects.filter(plan=seed_plan).count() == 6


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "rencana.xlsx"),
        (b"PK\x03\x04 not really a zip", "rencana.xlsx"),
        (None, "kosong.xlsx"),
        (b"x" * 40_000_000, "besar.xlsx"),
    ],
    ids=["not-xlsx", "broken-zip", "empty-sheet", "40-mb"],
)
def test_files_that_cannot_be_read_are_refused_with_a_message(serang, koordinator, data, name):
    if data is None:
        out = io.BytesIO()
        Workbook().save(out)
        data = out.getvalue()
    file = io.BytesIO(data)
    file.name = name
    preview = plan_import_preview(file=file, unit=serang, year=2025)
    assert not preview.ok and preview.errors[0].message
    with pytest.raises(ImportFileError):
        plan_import_confirm(file=file, unit=serang, year=2025, plan_fields={"decree_number": "1"}, by=koordinator)
    assert not Plan.objects.filter(year=2025, decree_number="1").exists()


def test_csv_with_semicolons_and_windows_encoding(serang, koordinator):
    data = (
        "No;Komponen;Indikator;Target Waktu\nI. Pengawasan\n1;Gratifikasi;Laporan gratifikasi – triwulan;Triwulan I\n"
    )
    preview = plan_import_preview(file=data.encode("cp1252"), unit=serang, year=2025)
    assert preview.ok, preview.errors
    assert [(r.indikator, r.months) for r in preview.areas[0].rows] == [("Laporan gratifikasi – triwulan", [1, 2, 3])]


def test_plan_checks_of_the_seed(seed_plan):
    warnings = {(w.code, w.message) for w in plan_checks(seed_plan)}
    codes = {code for code, _m in warnings}
    assert any(code == "V.2" and "Tangerang" in message for code, message in warnings)
    assert any(code == "V.5" and "V.4" in message for code, message in warnings)
    assert not any(code == "VI.2" and "Serang" in message for code, message in warnings)
    assert "I.1" in codes  # no PIC in the seed


def test_plan_checks_cost_three_queries(seed_plan, django_assert_num_queries):
    """Areas, rows with their counts, the unit: not one query per row."""
    plan = Plan.objects.select_related("unit").get(pk=seed_plan.pk)
    with django_assert_num_queries(2):
        plan_checks(plan)


def test_membership_is_what_matches_a_pic(serang, other_unit, koordinator):
    """A name of another office's member is not matched, even if it is a user of the app."""
    from django.contrib.auth import get_user_model

    stranger = get_user_model().objects.create_user(username="joko", first_name="Joko")
    Membership.objects.create(user=stranger, unit=other_unit, role=Role.PIC)
    data = xlsx([[*HEADER, "PIC"], ["I. Area"], [1, "a", "b", "Juni 2025", "joko"]])
    preview = plan_import_preview(file=data, unit=serang, year=2025)
    assert preview.pics[3] == [] and [(w.row, w.column) for w in preview.warnings] == [(3, 5)]
