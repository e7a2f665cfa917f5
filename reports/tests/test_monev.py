"""The Laporan Monev for a month or a quarter, as PDF and as xlsx."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(client, other_unit, django_user_model):
    user = django_user_model.objects.create_user("ketua", password="x", first_name="Siti", last_name="Rahma")
    Membership.objects.create(user=user, unit=other_unit, role=Role.PIMPINAN, title="Sekretaris")
    coordinator = django_user_model.objects.create_user("koor", password="x", first_name="Budi", last_name="Santoso")
    Membership.objects.create(user=coordinator, unit=other_unit, role=Role.KOORDINATOR)
    client.force_login(user)
    return user


def pdf_text(response) -> str:
    return re.sub(
        r"\s+",
        " ",
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages),
    )


def test_monthly_monev_pdf(client, leader, hand_plan):
    response = client.get(reverse("reports:monev_pdf", args=[hand_plan.pk]), {"period": "3"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="monev-2025-03-{hand_plan.file_stem}.pdf"'
    text = pdf_text(response)
    for expected in [
        "LAPORAN MONITORING DAN EVALUASI RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS",
        "KOMISI PEMILIHAN UMUM KOTA CILEGON",
        "Periode: Maret 2025",
        "Komponen I.1",
        "Komponen IV.1",
        "Berjalan",
        "Terlambat",
        "Mengetahui,",
        "Sekretaris",
        "Siti Rahma",
        "Koordinator Tim Zona Integritas",
        "Budi Santoso",
    ]:
        assert expected in text, expected


def test_quarterly_monev_xlsx(client, leader, hand_plan):
    response = client.get(reverse("reports:monev_xlsx", args=[hand_plan.pk]), {"period": "q1"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[3][0] == "Periode: Triwulan I (Januari – Maret 2025)"
    header = rows.index(next(r for r in rows if r[0] == "No"))
    assert rows[header][:7] == ["No", "Komponen", "Target Waktu", "PIC", "Realisasi (%)", "Status", "Bukti fisik"]
    body = [r for r in rows[header + 1 :] if r[1] and str(r[1]).startswith("Komponen")]
    assert [(r[1], r[4], r[5], r[6]) for r in body] == [
        ("Komponen I.1", 30, "Berjalan", "1/1"),
        ("Komponen II.1", 15, "Berjalan", "0/1"),
        ("Komponen III.1", 0, "Terlambat", "0/1"),
        ("Komponen IV.1", 30, "Berjalan", "0/1"),
    ]
    assert body[0][7] == "x"  # the period's latest activity


@pytest.mark.parametrize("period", ["13", "q9", "abc", ""])
def test_bad_period_is_a_400_with_a_message(client, leader, hand_plan, period):
    response = client.get(reverse("reports:monev_pdf", args=[hand_plan.pk]), {"period": period})
    assert response.status_code == 400
    assert "Pilih bulan atau triwulan yang sudah dimulai" in response.content.decode()


def test_monev_of_another_unit_is_404(client, outsider, seed_plan):
    client.force_login(outsider)
    assert client.get(reverse("reports:monev_pdf", args=[seed_plan.pk]), {"period": "1"}).status_code == 404


def _file_late(item, month, percent, filed_on, *, user, activity, done=False):
    """A report for `month` entered on `filed_on` (after the month, or its quarter, had ended)."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from actionplan.models import ProgressEntry

    entry = ProgressEntry.objects.create(
        item=item,
        month=month,
        percent=percent,
        is_done=done,
        activity=activity,
        obstacles="Laporan terlambat",
        entered_by=user,
        updated_by=user,
    )
    filed = datetime.combine(filed_on, time(9), tzinfo=ZoneInfo("Asia/Jakarta"))
    ProgressEntry.objects.filter(pk=entry.pk).update(created_at=filed, updated_at=filed)


def test_a_report_filed_after_its_month_and_quarter_is_in_their_monev(client, leader, hand_plan):
    """December is reported in early January: December's and Triwulan IV's Monev must show it."""
    from datetime import date

    from actionplan.models import ActionItem

    c = ActionItem.objects.get(area__plan=hand_plan, area__order=3)  # C: never reported before
    d = ActionItem.objects.get(area__plan=hand_plan, area__order=4)  # D: reported Jan–Mar only
    user = d.progress.first().entered_by
    _file_late(c, 12, 100, date(2026, 1, 5), user=user, activity="Selesai dilaksanakan Desember", done=True)
    _file_late(d, 6, 45, date(2025, 7, 3), user=user, activity="Laporan Juni menyusul")

    december = pdf_text(client.get(reverse("reports:monev_pdf", args=[hand_plan.pk]), {"period": "12"}))
    assert "Selesai dilaksanakan Desember" in december and "Laporan terlambat" in december

    sheet = load_workbook(
        io.BytesIO(
            b"".join(client.get(reverse("reports:monev_xlsx", args=[hand_plan.pk]), {"period": "q4"}).streaming_content)
        )
    ).active
    rows = {
        r[1]: r
        for r in ([c.value for c in row] for row in sheet.iter_rows())
        if r[1] and str(r[1]).startswith("Komponen")
    }
    assert rows["Komponen III.1"][4:6] == [100, "Selesai"]
    assert rows["Komponen III.1"][7] == "Selesai dilaksanakan Desember"

    june = load_workbook(
        io.BytesIO(
            b"".join(client.get(reverse("reports:monev_xlsx", args=[hand_plan.pk]), {"period": "q2"}).streaming_content)
        )
    ).active
    rows = {
        r[1]: r
        for r in ([c.value for c in row] for row in june.iter_rows())
        if r[1] and str(r[1]).startswith("Komponen")
    }
    assert rows["Komponen IV.1"][4] == 45 and rows["Komponen IV.1"][7] == "Laporan Juni menyusul"
    # A report for a later month is never shown in an earlier period's Monev.
    assert rows["Komponen III.1"][4] == 0 and rows["Komponen III.1"][5] == "Terlambat"
    june_pdf = pdf_text(client.get(reverse("reports:monev_pdf", args=[hand_plan.pk]), {"period": "q2"}))
    assert "Laporan Juni menyusul" in june_pdf and "Selesai dilaksanakan Desember" not in june_pdf


def test_official_documents_are_indonesian_in_the_english_ui(client, leader, hand_plan):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("reports:dashboard", args=[hand_plan.pk])).content.decode()
    assert "Average realisation" in page and "realisation" in page  # the UI follows the user's choice
    text = pdf_text(client.get(reverse("reports:monev_pdf", args=[hand_plan.pk]), {"period": "3"}))
    assert "Periode: Maret 2025" in text and "Berjalan" in text and "Terlambat" in text
    assert "In progress" not in text and "March" not in text
    lampiran = client.get(reverse("actionplan:plan_lampiran_pdf", args=[hand_plan.pk]))
    assert lampiran.status_code == 200
