"""The evidence bundle: accepted files only, foldered like the decree, with a daftar bukti inside."""

import hashlib
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actionplan.models import ActionItem
from evidence.models import Evidence, EvidenceStatus
from evidence.tests.conftest import file, make_pdf, make_png, upload

pytestmark = pytest.mark.django_db


def accept_all(client, reviewer):
    client.force_login(reviewer)
    for evidence in Evidence.objects.filter(status=EvidenceStatus.DIAJUKAN):
        client.post(
            reverse("evidence:review", args=[evidence.pk]), {"revision": evidence.current_id, "decision": "diterima"}
        )


def test_bundle_holds_accepted_evidence_in_decree_folders(client, pic, penilai, seed_plan):
    sk_row = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=3)  # Parmas & SDM
    sk_row.pics.add(pic)
    client.force_login(pic)
    pdf = make_pdf("surat tugas")
    upload(client, sk_row, file("Surat Tugas Pelatihan.pdf", pdf), month=3)
    upload(client, sk_row, file("Surat Tugas Pelatihan.pdf", make_pdf("kedua")), month=3)
    accept_all(client, penilai)
    client.force_login(pic)
    upload(client, sk_row, file("belum-dinilai.png", make_png()))  # still Diajukan: not in the bundle

    client.force_login(penilai)
    response = client.get(reverse("evidence:bundle", args=[seed_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bukti-kpts-995-2025-kpu-kab-serang.zip"'
    assert response.streaming
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    folder = "III. PENATAAN SISTEM MANAJEMEN SDM DAN APARATUR/3. Pengembangan Pegawai Berbasis Kompetensi/Surat Tugas-Usulan untuk mengikuti pelatihan"
    names = archive.namelist()
    assert names == [
        "daftar-bukti.xlsx",
        f"{folder}/Maret - Surat Tugas Pelatihan.pdf",
        f"{folder}/Maret - Surat Tugas Pelatihan (2).pdf",
    ]
    assert archive.read(names[1]) == pdf
    index = load_workbook(io.BytesIO(archive.read("daftar-bukti.xlsx"))).active
    rows = [[c.value for c in row] for row in index.iter_rows(min_row=5)]
    assert len(rows) == 2
    assert rows[0][1] == "III.3" and rows[0][3] == "Surat Tugas/Usulan untuk mengikuti pelatihan"
    assert rows[0][10] == hashlib.sha256(pdf).hexdigest() and rows[0][11] == names[1]


def test_empty_bundle_still_has_its_index(client, pimpinan, seed_plan):
    client.force_login(pimpinan)
    response = client.get(reverse("evidence:bundle", args=[seed_plan.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == ["daftar-bukti.xlsx"]


def test_bundle_and_register_of_another_unit_are_404(client, outsider, seed_plan):
    client.force_login(outsider)
    assert client.get(reverse("evidence:bundle", args=[seed_plan.pk])).status_code == 404
    assert client.get(reverse("evidence:register", args=[seed_plan.pk])).status_code == 404


def test_register_lists_every_evidence(client, pic, penilai, pic_row, seed_plan):
    client.force_login(pic)
    upload(client, pic_row, file("undangan.pdf", make_pdf()), file("foto.png", make_png()))
    client.force_login(penilai)
    evidence = Evidence.objects.order_by("pk").first()
    client.post(
        reverse("evidence:review", args=[evidence.pk]),
        {"revision": evidence.current_id, "decision": "perlu_perbaikan", "note": "Kop surat salah"},
    )
    response = client.get(reverse("evidence:register", args=[seed_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="register-bukti-kpts-995-2025-kpu-kab-serang.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:6] == ["id", "Area", "Baris", "Komponen", "Bukti fisik", "Bulan"]
    assert [r[2] for r in rows[1:]] == ["I.3", "I.3"]
    assert rows[1][8] == "Perlu perbaikan" and rows[1][13] == "Kop surat salah"
    assert rows[2][6] == "foto.png" and rows[2][8] == "Diajukan"


def test_coverage_counts_accepted_requirements(client, pic, penilai, pic_row, seed_plan):
    """Row I.3 has two requirements; accepting one covers 50 % of the row."""
    from evidence.selectors import plan_coverage

    client.force_login(pic)
    upload(client, pic_row, file("undangan.pdf", make_pdf()), requirement=pic_row.requirements.get(order=1))
    by_item, by_area, total = plan_coverage(plan=seed_plan)
    assert by_item[pic_row.pk].covered == 0
    accept_all(client, penilai)
    by_item, by_area, total = plan_coverage(plan=seed_plan)
    assert (by_item[pic_row.pk].covered, by_item[pic_row.pk].total, by_item[pic_row.pk].percent) == (1, 2, 50)
    area_i = by_area[pic_row.area_id]
    assert (area_i.covered, area_i.total) == (1, 6)  # I.1 1 + I.2 1 + I.3 2 + I.4 2
    assert total.total == 44 and total.covered == 1
    client.force_login(pic)
    html = client.get(reverse("actionplan:item_detail", args=[pic_row.pk])).content.decode()
    assert "1/2 · 50%" in html
    plan_html = client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk])).content.decode()
    assert "1 dari 44 dokumen wajib diterima (2%)" in plan_html
