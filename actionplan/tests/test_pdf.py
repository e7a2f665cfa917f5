"""The Lampiran and the whole decree as PDF: every cell in order, the blocks, safety and access."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from actionplan.models import ActionItem, plain_text
from actionplan.pdf import PDF_BASE_URL, StaticOnlyFetcher, html_to_pdf, lampiran_html, lampiran_pdf
from actionplan.sample import plan_generate
from actionplan.selectors import plan_lampiran

pytestmark = pytest.mark.django_db


def squash(text: str) -> str:
    """PDF text wraps cells over lines; compare with all white space removed."""
    return re.sub(r"\s+", "", text)


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(content)).pages]


def assert_in_order(haystack: str, needles: list[str]):
    position = 0
    for needle in needles:
        found = haystack.find(squash(needle), position)
        assert found >= 0, f"not found after position {position}: {needle!r}"
        position = found + len(squash(needle))


def lampiran_sequence(plan) -> list[str]:
    """Every area heading and every cell of every row, in decree order."""
    sequence = []
    for area in plan_lampiran(plan=plan):
        sequence.append(f"{area.numeral}. {area.title}")
        for item in area.rows:
            sequence += [
                f"{item.number}.",
                plain_text(item.komponen),
                plain_text(item.indikator),
                plain_text(item.langkah_aksi),
                plain_text(item.bukti_fisik),
                item.target_text,
            ]
    return sequence


def test_lampiran_pdf_has_every_cell_in_order_under_its_heading(seed_plan):
    pages = pdf_pages(lampiran_pdf(seed_plan))
    text = squash("".join(pages))
    assert_in_order(
        text,
        [
            "LAMPIRAN",
            "KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN SERANG",
            "NOMOR 995 TAHUN 2025",
            "TENTANG",
            seed_plan.title,
            "RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS DI WILAYAH KOMISI PEMILIHAN UMUM KABUPATEN SERANG TAHUN 2025",
            "No Komponen Indikator Langkah Aksi Bukti Fisik Target Waktu",
            *lampiran_sequence(seed_plan),
            "Ditetapkan di Serang",
            "Pada Tanggal 06 Januari 2025",
            "KETUA KOMISI PEMILIHAN UMUM KABUPATEN SERANG,",
            "ttd.",
            "MUHAMAD NASEHUDIN",
            "Salinan sesuai dengan aslinya",
            "SEKRETARIAT KOMISI PEMILIHAN UMUM KABUPATEN SERANG",
            "Kepala Sub Bagian Teknis Penyelenggaraan Pemilu, & Hukum",
            "Nurul Jannah",
        ],
    )
    # Each row sits under its own heading: II.1's cells come after "II." and before "III.".
    ii, iii = text.find(squash("II. PENATAAN TATA LAKSANA")), text.find(squash("III. PENATAAN SISTEM"))
    assert ii < text.find(squash("Prosedur Operasional Tetap")) < iii


def test_header_row_repeats_and_pages_are_numbered(seed_plan):
    pages = pdf_pages(lampiran_pdf(seed_plan))
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert squash("No Komponen Indikator Langkah Aksi Bukti Fisik Target Waktu") in squash(page)
        if number > 1:
            assert f"- {number} -" in page


def test_no_row_is_split_across_pages(seed_plan):
    pages = [squash(p) for p in pdf_pages(lampiran_pdf(seed_plan))]
    for item in ActionItem.objects.filter(area__plan=seed_plan):
        cell = squash(plain_text(item.langkah_aksi))
        assert sum(cell in page for page in pages) >= 1, item.code


def test_decree_pdf_has_the_keputusan_then_the_lampiran(client, pic, seed_plan):
    client.force_login(pic)
    response = client.get(reverse("actionplan:plan_decree_pdf", args=[seed_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="keputusan-kpts-995-2025-kpu-kab-serang.pdf"'
    text = squash("".join(pdf_pages(b"".join(response.streaming_content))))
    clauses = list(seed_plan.clauses.order_by("part", "order"))
    menimbang = [c.text for c in clauses if c.part == "menimbang"]
    mengingat = [c.text for c in clauses if c.part == "mengingat"]
    assert_in_order(
        text,
        [
            "SALINAN",
            "KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN SERANG",
            "NOMOR 995 TAHUN 2025",
            "KETUA KOMISI PEMILIHAN UMUM KABUPATEN SERANG,",
            "Menimbang",
            *[plain_text(t) for t in menimbang],
            "Mengingat",
            *[plain_text(t) for t in mengingat],
            "MEMUTUSKAN",
            "Menetapkan",
            seed_plan.menetapkan,
            "KESATU",
            "KEDUA",
            "Keputusan ini mulai berlaku pada tanggal ditetapkan.",
            "Pada Tanggal 6 Januari 2025",
            "MUHAMAD NASEHUDIN",
            "LAMPIRAN",
            *lampiran_sequence(seed_plan),
            "Nurul Jannah",
        ],
    )


def test_lampiran_download_link_and_filename(client, pic, seed_plan):
    client.force_login(pic)
    page = client.get(reverse("actionplan:plan_detail", args=[seed_plan.pk])).content.decode()
    url = reverse("actionplan:plan_lampiran_pdf", args=[seed_plan.pk])
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="lampiran-kpts-995-2025-kpu-kab-serang.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_pdf_follows_edits(seed_plan):
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)
    item.langkah_aksi = "Menyusun keanggotaan Tim Kerja hasil revisi"
    item.save()
    seed_plan.signatory_name = "NAMA KETUA BARU"
    seed_plan.save()
    text = squash("".join(pdf_pages(lampiran_pdf(seed_plan))))
    assert squash("Menyusun keanggotaan Tim Kerja hasil revisi") in text
    assert squash("NAMA KETUA BARU") in text and "NASEHUDIN" not in text


def test_hostile_long_and_empty_text_renders_escaped_and_wrapped(seed_plan):
    long_word = "Sangatpanjang" * 20
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=2)
    item.komponen = "<script>alert('x')</script> & <b>tebal</b>"
    item.indikator = long_word
    item.langkah_aksi = ""
    item.bukti_fisik = ""
    item.save()
    html = lampiran_html(seed_plan)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    pages = pdf_pages(lampiran_pdf(seed_plan))
    text = squash("".join(pages))
    assert squash("<script>alert('x')</script> & <b>tebal</b>") in text
    assert long_word in text  # wrapped inside its cell, not cut off
    assert "PENATAAN TATA LAKSANA" in "".join(pages)


def test_fetcher_serves_static_files_and_data_urls_only():
    fetcher = StaticOnlyFetcher()
    css = fetcher.fetch(f"{PDF_BASE_URL}static/css/pdf.css")
    assert b"@page" in css.read()
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    for url in [
        "http://example.com/logo.png",
        "https://127.0.0.1/x.css",
        "file:///etc/passwd",
        f"{PDF_BASE_URL}static/../zi_tracker/settings.py",
        f"{PDF_BASE_URL}media/evidence/secret.pdf",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_remote_resources_in_a_template_are_not_fetched(caplog):
    html = '<html><body><img src="http://192.0.2.1/tracker.png"><p>Halo</p></body></html>'
    content = html_to_pdf(html)
    assert "Halo" in pdf_pages(content)[0]
    assert "refused to fetch http://192.0.2.1/tracker.png" in caplog.text


def test_missing_or_foreign_plan_is_404(client, pic, outsider, seed_plan):
    client.force_login(pic)
    for name in ["plan_lampiran_pdf", "plan_decree_pdf", "plan_lampiran_xlsx"]:
        assert client.get(reverse(f"actionplan:{name}", args=[999999])).status_code == 404
    client.force_login(outsider)
    for name in ["plan_lampiran_pdf", "plan_decree_pdf", "plan_lampiran_xlsx"]:
        assert client.get(reverse(f"actionplan:{name}", args=[seed_plan.pk])).status_code == 404


def test_pdf_view_query_count_does_not_grow_with_the_plan(client, pic, seed_plan, django_assert_num_queries):
    client.force_login(pic)
    # Session, user, plan, the user's roles (may they export?), then areas, items, requirements.
    with django_assert_num_queries(7):
        client.get(reverse("actionplan:plan_lampiran_pdf", args=[seed_plan.pk]))
    big = plan_generate(unit=seed_plan.unit, year=2026, items=60)
    with django_assert_num_queries(7):
        client.get(reverse("actionplan:plan_lampiran_pdf", args=[big.pk]))
