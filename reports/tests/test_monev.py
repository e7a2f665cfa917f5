"""The Laporan Monev for a month, quarter, semester or year, as PDF and as xlsx from one report definition."""

import io
import re
from datetime import date

import pytest
from django.db.models import F
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import Membership, Profile, Role

pytestmark = pytest.mark.django_db

LEADER_NIP = "197501012000031001"
COORDINATOR_NIP = "198503302010121002"


@pytest.fixture
def leader(client, other_unit, django_user_model):
    user = django_user_model.objects.create_user("ketua", password="x", first_name="Siti", last_name="Rahma")
    Membership.objects.create(user=user, unit=other_unit, role=Role.PIMPINAN, title="Sekretaris")
    Profile.objects.create(user=user, nip=LEADER_NIP)
    coordinator = django_user_model.objects.create_user("koor", password="x", first_name="Budi", last_name="Santoso")
    Membership.objects.create(user=coordinator, unit=other_unit, role=Role.KOORDINATOR)
    Profile.objects.create(user=coordinator, nip=COORDINATOR_NIP)
    client.force_login(user)
    return user


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def pdf_pages(response) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(body(response))).pages]


def pdf_text(response) -> str:
    return " ".join(pdf_pages(response))


def sheet_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(body(response))).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def table_rows(rows) -> dict[str, list]:
    """The xlsx table's rows by Komponen."""
    return {r[1]: r for r in rows if r[1] and str(r[1]).startswith("Komponen ")}


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
        f"NIP. {LEADER_NIP}",
        "Koordinator Tim Zona Integritas",
        "Budi Santoso",
        f"NIP. {COORDINATOR_NIP}",
    ]:
        assert expected in text, expected


def test_quarterly_monev_xlsx_has_target_realisation_and_capaian(client, leader, hand_plan):
    response = client.get(reverse("reports:monev_xlsx", args=[hand_plan.pk]), {"period": "q1"})
    assert response.status_code == 200
    rows = sheet_rows(response)
    assert ["Periode: Triwulan I (Januari – Maret 2025)"] == [r[0] for r in rows if str(r[0]).startswith("Periode")]
    header = next(r for r in rows if r[0] == "No" and r[1] == "Komponen")
    assert header == [
        "No",
        "Komponen",
        "Target Waktu",
        "PIC",
        "Target (%)",
        "Realisasi (%)",
        "Capaian (%)",
        "Status",
        "Bukti fisik",
        "Kegiatan",
        "Kendala",
        "Tindak lanjut",
    ]
    # Every row runs Januari – Desember, its PIC column names its section (no PIC assigned); by the
    # end of March the even spread plans 3/12 = 25 %.
    assert [r[1:9] for r in table_rows(rows).values()] == [
        ["Komponen I.1", "Januari – Desember 2025", "Sub 1", 25, 30, 120, "Berjalan", "1/1"],
        ["Komponen II.1", "Januari – Desember 2025", "Sub 2", 25, 15, 60, "Di bawah target", "0/1"],
        ["Komponen III.1", "Januari – Desember 2025", "Sub 1", 25, 0, 0, "Terlambat (3 bln tanpa laporan)", "0/1"],
        ["Komponen IV.1", "Januari – Desember 2025", "Sub 2", 25, 30, 120, "Berjalan", "0/1"],
    ]
    assert table_rows(rows)["Komponen I.1"][9] == "x"  # the period's latest activity


@pytest.mark.parametrize(
    "period, label, slug",
    [("s1", "Semester I (Januari – Juni 2025)", "2025-smt1"), ("y", "Tahun 2025", "2025")],
)
def test_semester_and_annual_monev(client, leader, hand_plan, period, label, slug):
    response = client.get(reverse("reports:monev_pdf", args=[hand_plan.pk]), {"period": period})
    assert response.status_code == 200
    assert f"monev-{slug}-" in response["Content-Disposition"]
    assert f"Periode: {label}" in pdf_text(response)
    rows = table_rows(sheet_rows(client.get(reverse("reports:monev_xlsx", args=[hand_plan.pk]), {"period": period})))
    # Row A was done in June: 100 %, ahead of June's 50 % (capaian is not capped), on December's 100 %.
    assert rows["Komponen I.1"][4:8] == ([50, 100, 200, "Selesai"] if period == "s1" else [100, 100, 100, "Selesai"])
    # Row B: 30 % by June against 50 % planned; 60 % by December against 100 %.
    assert rows["Komponen II.1"][4:7] == ([50, 30, 60] if period == "s1" else [100, 60, 60])


def test_signing_place_and_date_are_as_chosen_not_the_download_date(client, leader, hand_plan):
    pdf = client.get(
        reverse("reports:monev_pdf", args=[hand_plan.pk]),
        {"period": "q1", "signed_place": "Cilegon", "signed_on": "2025-04-07"},
    )
    assert "Cilegon, 7 April 2025" in pdf_text(pdf)
    rows = sheet_rows(
        client.get(
            reverse("reports:monev_xlsx", args=[hand_plan.pk]),
            {"period": "q1", "signed_place": "Cilegon", "signed_on": "2025-04-07"},
        )
    )
    assert "Cilegon, 7 April 2025" in [v for r in rows for v in r]
    # Left empty: the period's last day (no meeting recorded), never today (15 June 2026).
    default = pdf_text(client.get(reverse("reports:monev_pdf", args=[hand_plan.pk]), {"period": "q1"}))
    assert "31 Maret 2025" in default and "15 Juni 2026" not in default


def test_pdf_and_xlsx_say_the_same(client, leader, hand_plan):
    """One report definition: the workbook has every heading, column and signature line the PDF has."""
    from reports.monev import monev_report

    report = monev_report(plan=hand_plan, period="q2")
    text = pdf_text(client.get(reverse("reports:monev_pdf", args=[hand_plan.pk]), {"period": "q2"}))
    cells = {
        str(v)
        for r in sheet_rows(client.get(reverse("reports:monev_xlsx", args=[hand_plan.pk]), {"period": "q2"}))
        for v in r
    }
    lines = [*report.heading, *report.kop.lines, *(c.title for c in report.columns)]
    lines += [s for signer in report.signers for s in (signer.top, signer.position, signer.name, signer.nip_line)]
    lines += [f"{s.letter}. {s.title}" for s in report.sections]
    for line in lines:
        assert line in cells, line
        assert line in text, line


def test_the_table_starts_on_its_own_page(client, leader, hand_plan):
    """Never a lone row under the charts: page 1 holds the kop, the figures and the charts; the rows follow."""
    pages = pdf_pages(client.get(reverse("reports:monev_pdf", args=[hand_plan.pk]), {"period": "q1"}))
    assert "Realisasi dan bukti fisik per area" in pages[0] and "Komponen I.1" not in pages[0]
    assert pages[1].lstrip().startswith("No Komponen Target Waktu PIC Target (%)")


@pytest.mark.parametrize(
    "query",
    [{"period": "13"}, {"period": "q9"}, {"period": "s3"}, {"period": ""}, {"period": "q1", "signed_on": "2024-12-31"}],
)
def test_bad_choices_are_a_400_on_the_monev_page(client, leader, hand_plan, query):
    response = client.get(reverse("reports:monev_pdf", args=[hand_plan.pk]), query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Pilih bulan, triwulan, semester atau tahun yang sudah dimulai" in page
    assert 'id="monev-document-form"' in page


def test_monev_of_another_unit_is_404(client, outsider, seed_plan):
    client.force_login(outsider)
    assert client.get(reverse("reports:monev_pdf", args=[seed_plan.pk]), {"period": "1"}).status_code == 404
    assert client.get(reverse("reports:monev", args=[seed_plan.pk])).status_code == 404


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
    from actionplan.models import ActionItem

    c = ActionItem.objects.get(area__plan=hand_plan, area__order=3)  # C: never reported before
    d = ActionItem.objects.get(area__plan=hand_plan, area__order=4)  # D: reported Jan–Mar only
    user = d.progress.first().entered_by
    _file_late(c, 12, 100, date(2026, 1, 5), user=user, activity="Selesai dilaksanakan Desember", done=True)
    _file_late(d, 6, 45, date(2025, 7, 3), user=user, activity="Laporan Juni menyusul")

    december = pdf_text(client.get(reverse("reports:monev_pdf", args=[hand_plan.pk]), {"period": "12"}))
    assert "Selesai dilaksanakan Desember" in december and "Laporan terlambat" in december

    rows = table_rows(sheet_rows(client.get(reverse("reports:monev_xlsx", args=[hand_plan.pk]), {"period": "q4"})))
    assert rows["Komponen III.1"][5] == 100 and rows["Komponen III.1"][7] == "Selesai"
    assert rows["Komponen III.1"][9] == "Selesai dilaksanakan Desember"

    rows = table_rows(sheet_rows(client.get(reverse("reports:monev_xlsx", args=[hand_plan.pk]), {"period": "q2"})))
    assert rows["Komponen IV.1"][5] == 45 and rows["Komponen IV.1"][9] == "Laporan Juni menyusul"
    # A report for a later month is never shown in an earlier period's Monev.
    assert rows["Komponen III.1"][5] == 0 and rows["Komponen III.1"][7].startswith("Terlambat")
    june_pdf = pdf_text(client.get(reverse("reports:monev_pdf", args=[hand_plan.pk]), {"period": "q2"}))
    assert "Laporan Juni menyusul" in june_pdf and "Selesai dilaksanakan Desember" not in june_pdf


def test_official_documents_are_indonesian_in_the_english_ui(client, leader, hand_plan):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("reports:dashboard", args=[hand_plan.pk])).content.decode()
    assert "Average realisation" in page and "realisation" in page  # the UI follows the user's choice
    assert (
        "Quarter I (January – March 2025)" in client.get(reverse("reports:monev", args=[hand_plan.pk])).content.decode()
    )
    text = pdf_text(client.get(reverse("reports:monev_pdf", args=[hand_plan.pk]), {"period": "q1"}))
    assert "Periode: Triwulan I (Januari – Maret 2025)" in text and "Berjalan" in text and "Terlambat" in text
    assert "In progress" not in text and "March" not in text and "Quarter" not in text
    lampiran = client.get(reverse("actionplan:plan_lampiran_pdf", args=[hand_plan.pk]))
    assert lampiran.status_code == 200


def test_no_page_ends_on_an_area_heading_in_a_long_report(client, leader, other_unit):
    """A long Monev runs over many pages; an area's heading is always followed by its first row.

    40 areas of 3 rows each: without the rule (tr.area break-after: avoid) some page ends on a heading.
    """
    from actionplan.models import ActionItem, Area
    from actionplan.sample import plan_generate

    plan = plan_generate(unit=other_unit, year=2025, items=120)
    items = list(ActionItem.objects.filter(area__plan=plan).order_by("area__order", "number"))
    Area.objects.filter(plan=plan).update(order=F("order") + 100)
    areas = [Area.objects.create(plan=plan, order=n, numeral=f"A{n}", title=f"Area uji {n}") for n in range(1, 41)]
    for index, item in enumerate(items):
        ActionItem.objects.filter(pk=item.pk).update(area=areas[index // 3], number=index % 3 + 1)
    headings = {f"{a.numeral}. {a.title}" for a in areas}
    pages = PdfReader(
        io.BytesIO(body(client.get(reverse("reports:monev_pdf", args=[plan.pk]), {"period": "q1"})))
    ).pages
    assert len(pages) > 8
    for number, page in enumerate(pages[1:-1], 2):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        body_lines = [line for line in lines if not line.startswith("LAPORAN MONITORING")]
        assert body_lines[-1] not in headings, f"page {number} ends on the heading {body_lines[-1]!r}"


def test_the_monev_a_sekretaris_signs(client, leader, hand_plan, other_unit):
    """One PDF read as a document: kop, the chosen signing date, NIPs, target and realisation, kesimpulan, rekomendasi."""
    from monitoring.models import MonevSession
    from monitoring.services import recommendation_add

    other_unit.letterhead_name = "KOMISI PEMILIHAN UMUM\nKOTA CILEGON"
    other_unit.address = "Jl. Jenderal Sudirman No. 2, Cilegon"
    other_unit.save()
    coordinator = Membership.objects.get(unit=other_unit, role=Role.KOORDINATOR).user
    session = MonevSession.objects.create(
        plan=hand_plan,
        period="q1",
        held_on=date(2025, 4, 8),
        attendees="Siti Rahma, Sekretaris\nBudi Santoso, Koordinator",
        conclusions="Realisasi Area II di bawah target.",
        created_by=coordinator,
    )
    recommendation_add(
        session=session, text="Percepat SOP Area II", owner=coordinator, due_on=date(2025, 5, 30), by=coordinator
    )
    response = client.get(
        reverse("reports:monev_pdf", args=[hand_plan.pk]),
        {"period": "q1", "signed_place": "Cilegon", "signed_on": "2025-04-14"},
    )
    pages = pdf_pages(response)
    assert pages[0].startswith("KOMISI PEMILIHAN UMUM KOTA CILEGON Jl. Jenderal Sudirman No. 2, Cilegon")
    text = " ".join(pages)
    assert "Target (%) Realisasi (%) Capaian (%)" in text
    assert "Komponen II.1 Januari – Desember 2025 Sub 2 25% 15% 60% Di bawah target" in text
    after_table = text.split("A. Kesimpulan", 1)[1]
    assert "Realisasi Area II di bawah target." in after_table.split("B. Rekomendasi / Arahan Pimpinan")[0]
    assert "Percepat SOP Area II" in after_table.split("B. Rekomendasi / Arahan Pimpinan")[1]
    assert "C. Tindak Lanjut Rekomendasi Monev Sebelumnya Belum ada rapat Monev sebelumnya." in after_table
    signatures = after_table.split("Mengetahui,")[1]
    assert signatures.startswith(
        f" Sekretaris Siti Rahma NIP. {LEADER_NIP} Cilegon, 14 April 2025 Koordinator Tim Zona Integritas"
        f" Budi Santoso NIP. {COORDINATOR_NIP}"
    )
