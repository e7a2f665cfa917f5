"""The unit's kop surat: its coordinator uploads a logo (PNG or JPEG, checked by content) and writes its lines."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from accounts.models import Unit
from evidence.tests.conftest import make_png
from monitoring.tests.conftest import post_rendered

pytestmark = pytest.mark.django_db
HEADING = "KOMISI PEMILIHAN UMUM\nKABUPATEN SERANG"
ADDRESS = "Jl. Veteran No. 1, Serang, Banten 42111\nTelepon (0254) 200000 · kpu-serangkab.go.id"


def jpeg(size=(120, 120)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 20, 20)).save(buffer, format="JPEG")
    return buffer.getvalue()


def save(client, unit, *, logo=None, **changes):
    files = {"logo": logo} if logo is not None else {}
    return post_rendered(
        client,
        reverse("monitoring:letterhead", args=[unit.pk]),
        form_id="letterhead-form",
        changes={"letterhead_name": HEADING, "address": ADDRESS, **changes},
        files=files,
    )


def test_the_coordinator_sets_the_kop_and_the_monev_prints_it(
    client, serang, seed_plan, koordinator, pimpinan, outsider
):
    client.force_login(koordinator)
    response = save(client, serang, logo=SimpleUploadedFile("logo kpu.jpg", jpeg()))
    assert response.status_code == 302
    serang.refresh_from_db()
    assert re.fullmatch(r"letterhead/[0-9a-f]{32}", serang.letterhead_logo.name)
    assert serang.letterhead_lines == ["KOMISI PEMILIHAN UMUM", "KABUPATEN SERANG"]
    # Members see the logo on the page through a scoped view; another office does not.
    client.force_login(pimpinan)
    logo = client.get(reverse("monitoring:letterhead_logo", args=[serang.pk]))
    assert logo.status_code == 200 and logo["Content-Type"] == "image/jpeg" and logo.content == jpeg()
    client.force_login(outsider)
    assert client.get(reverse("monitoring:letterhead_logo", args=[serang.pk])).status_code == 404
    # The Laporan Monev opens with it: the lines as written, the logo embedded on the first page.
    client.force_login(pimpinan)
    pdf = PdfReader(
        io.BytesIO(
            b"".join(client.get(reverse("reports:monev_pdf", args=[seed_plan.pk]), {"period": "3"}).streaming_content)
        )
    )
    first = re.sub(r"\s+", " ", pdf.pages[0].extract_text())
    assert first.startswith("KOMISI PEMILIHAN UMUM KABUPATEN SERANG Jl. Veteran No. 1, Serang, Banten 42111")
    assert len(pdf.pages[0].images) >= 1


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "harus berupa gambar PNG atau JPEG",
        ),
        ("logo.png", b"%PDF-1.4 not an image", "harus berupa gambar PNG atau JPEG"),
        ("logo.png", make_png()[:60], "tidak dapat dibaca sebagai gambar"),
        ("logo.jpg", jpeg((3200, 10)), "paling besar 3000 piksel"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024 + 1), "Logo paling besar 1"),
    ],
    ids=["svg", "pdf-named-png", "truncated", "too-wide", "too-large"],
)
def test_a_logo_that_is_not_a_small_png_or_jpeg_is_refused_and_nothing_changes(
    client, serang, koordinator, name, content, message
):
    client.force_login(koordinator)
    response = save(client, serang, logo=SimpleUploadedFile(name, content))
    assert response.status_code == 400 and message in response.content.decode()
    assert Unit.objects.get(pk=serang.pk).letterhead_name == "" and not default_storage.exists("letterhead")


def test_removing_the_logo_keeps_the_lines(client, serang, koordinator):
    client.force_login(koordinator)
    save(client, serang, logo=SimpleUploadedFile("logo.png", make_png()))
    assert save(client, serang, remove_logo="on").status_code == 302
    serang.refresh_from_db()
    assert not serang.letterhead_logo and serang.address_lines[0].startswith("Jl. Veteran")


def test_only_the_coordinator_edits_it(client, serang, pic, pimpinan, outsider):
    for user, status in ((pic, 403), (pimpinan, 403), (outsider, 404)):
        client.force_login(user)
        assert client.get(reverse("monitoring:letterhead", args=[serang.pk])).status_code == status


def test_the_decree_carries_the_logo_once_uploaded(client, serang, seed_plan, koordinator, pimpinan):
    client.force_login(pimpinan)
    url = reverse("actionplan:plan_decree_pdf", args=[seed_plan.pk])
    before = PdfReader(io.BytesIO(b"".join(client.get(url).streaming_content)))
    assert len(before.pages[0].images) == 0
    client.force_login(koordinator)
    save(client, serang, logo=SimpleUploadedFile("logo.png", make_png()))
    after = PdfReader(io.BytesIO(b"".join(client.get(url).streaming_content)))
    assert len(after.pages[0].images) == 1
    # The heading's text as before, now below the logo.
    assert after.pages[0].extract_text()[:600] == before.pages[0].extract_text()[:600]
