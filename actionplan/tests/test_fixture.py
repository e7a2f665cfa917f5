"""The seed decree fixture against the structure of Keputusan KPU Kabupaten Serang 995/2025."""

import pytest

from actionplan.models import ActionItem, DecreeClause, plain_text

pytestmark = pytest.mark.django_db


def test_six_areas_in_decree_order_with_their_row_counts(seed_plan):
    areas = list(seed_plan.areas.order_by("order"))
    assert [(a.numeral, a.title) for a in areas] == [
        ("I", "PENYUSUNAN TIM KERJA"),
        ("II", "PENATAAN TATA LAKSANA"),
        ("III", "PENATAAN SISTEM MANAJEMEN SDM DAN APARATUR"),
        ("IV", "Penguatan Akuntabilitas"),
        ("V", "Penguatan Pengawasan"),
        ("VI", "PENINGKATAN KUALITAS LAYANAN PUBLIK"),
    ]
    assert [a.items.count() for a in areas] == [4, 3, 6, 2, 5, 3]
    for area in areas:
        assert list(area.items.values_list("number", flat=True)) == list(range(1, area.items.count() + 1))


def test_targets_are_real_months_and_keep_the_decree_wording(seed_plan):
    items = ActionItem.objects.filter(area__plan=seed_plan)
    first = items.get(area__numeral="I", number=1)
    assert (first.target_start_month, first.target_end_month, first.target_year) == (6, 6, 2025)
    assert first.target_text == "Juni 2025"
    rest = items.exclude(pk=first.pk)
    assert rest.count() == 22
    assert all((i.target_start_month, i.target_end_month, i.target_year) == (1, 12, 2025) for i in rest)
    # The decree writes a hyphen in rows I.2–II.1 and an en dash from II.2 on; both kept.
    assert items.get(area__numeral="I", number=2).target_text == "Januari - Desember 2025"
    assert items.get(area__numeral="III", number=3).target_text == "Januari – Desember 2025"


@pytest.mark.parametrize(
    "code, field, text",
    [
        # Cells the text conversion split at page breaks, read across the break.
        ("II.1", "indikator", "SOP mengacu pada kegiatan instansi dan telah diketahui oleh seluruh jajaran."),
        ("III.3", "komponen", "Pengembangan Pegawai Berbasis Kompetensi"),
        ("III.3", "indikator", "Pengembangan dilakukan dengan mengikuti pelatihan"),
        ("III.3", "bukti_fisik", "Surat Tugas/Usulan untuk mengikuti pelatihan"),
        ("IV.2", "indikator", "Penerapan system reward and punishment kepada pegawai"),
        (
            "VI.3",
            "bukti_fisik",
            "Penerapan Angket Penilaian Kepuasan berupa e-form, Hasil survei dan analisis survei kepuasan "
            "kepada pelayanan public, serta tindak lanjut survei.",
        ),
        # The decree's own slips, kept as enacted.
        ("V.2", "indikator", "Pengendalian internal telah terbentuk di KPU Kota Tangerang"),
        ("III.5", "komponen", "Penegakan Aturan Disiplin dan Kode Etik Prilaku"),
        ("I.3", "bukti_fisik", "Undangan Rapat, Daftar Hadir,"),
        ("IV.2", "komponen", "Pemberian *Reward and punishment*"),
    ],
)
def test_cells_are_verbatim(seed_plan, code, field, text):
    numeral, number = code.split(".")
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral=numeral, number=int(number))
    assert getattr(item, field) == text


def test_suspected_errors_are_flagged_not_fixed(seed_plan):
    flagged = ActionItem.objects.filter(area__plan=seed_plan).exclude(decree_note="")
    assert {i.code for i in flagged} >= {"V.2", "V.5"}
    assert "Tangerang" in flagged.get(area__numeral="V", number=2).indikator


def test_each_bukti_fisik_item_is_its_own_requirement(seed_plan):
    row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=3)
    assert list(row.requirements.values_list("name", flat=True)) == ["Undangan Rapat", "Daftar Hadir"]
    for item in ActionItem.objects.filter(area__plan=seed_plan).prefetch_related("requirements"):
        names = [r.name for r in item.requirements.all()]
        assert names, item.code
        assert all(name in plain_text(item.bukti_fisik) for name in names), item.code


def test_decree_metadata(seed_plan):
    plan = seed_plan
    assert plan.decree_number == "995" and plan.year == 2025 and plan.status == "ditetapkan"
    assert plan.title.startswith("RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS MENUJU WILAYAH BEBAS DARI KORUPSI")
    assert (plan.signed_place, str(plan.signed_on)) == ("Serang", "2025-01-06")
    assert plan.signed_on_text == "6 Januari 2025" and plan.lampiran_signed_on_text == "06 Januari 2025"
    assert plan.signatory_name == "MUHAMAD NASEHUDIN"
    assert plan.certification_label == "Salinan sesuai dengan aslinya"
    assert plan.certifier_name == "Nurul Jannah"
    assert plan.unit.sections.count() == 4
    parts = DecreeClause.objects.filter(plan=plan)
    assert [c.label for c in parts.filter(part="menimbang")] == ["a.", "b.", "c."]
    assert parts.filter(part="mengingat").count() == 18
    assert [c.label for c in parts.filter(part="diktum")] == ["KESATU", "KEDUA"]
    assert plan.file_stem == "kpts-995-2025-kpu-kab-serang"
