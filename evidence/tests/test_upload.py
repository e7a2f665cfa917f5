"""Uploading evidence: real files accepted by content, everything else refused with nothing stored."""

import hashlib
import os

import pytest

from evidence.models import Evidence, EvidenceRevision, EvidenceStatus
from evidence.tests.conftest import file, make_pdf, make_png, make_zip, upload

pytestmark = pytest.mark.django_db


def stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT / "evidence"
    return sorted(os.listdir(root)) if root.exists() else []


def test_pdf_and_png_are_accepted_and_stored_privately(client, pic, pic_row, settings):
    client.force_login(pic)
    pdf, png = make_pdf(), make_png()
    response = upload(client, pic_row, file("Undangan Rapat Januari.pdf", pdf), file("foto.png", png), month=1)
    assert response.status_code == 302
    documents = list(Evidence.objects.order_by("pk"))
    assert [d.status for d in documents] == [EvidenceStatus.DIAJUKAN, EvidenceStatus.DIAJUKAN]
    first, second = (d.current for d in documents)
    assert (first.original_name, first.content_type, first.size) == (
        "Undangan Rapat Januari.pdf",
        "application/pdf",
        len(pdf),
    )
    assert first.sha256 == hashlib.sha256(pdf).hexdigest()
    assert second.content_type == "image/png"
    # Stored under a random name with no trace of the user's name, outside any URL.
    assert first.file.name.startswith("evidence/") and "Undangan" not in first.file.name
    assert len(stored_files(settings)) == 2
    assert (settings.MEDIA_ROOT / first.file.name).read_bytes() == pdf
    assert documents[0].month == 1


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "laporan.pdf",
            b"<!doctype html><html><body><script>alert(1)</script></body></html>",
            "bukan dokumen yang diterima",
        ),
        (
            "gambar.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "bukan dokumen yang diterima",
        ),
        ("arsip.zip", None, "bukan dokumen yang diterima"),
        (
            "setup.exe",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
            "bukan dokumen yang diterima",
        ),
        ("kosong.pdf", b"", "kosong"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(client, pic, pic_row, settings, name, content, message):
    client.force_login(pic)
    content = make_zip() if content is None else content
    response = upload(client, pic_row, file(name, content))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and name in html and "Tidak ada yang disimpan" in html
    assert not Evidence.objects.exists() and not EvidenceRevision.objects.exists()
    assert stored_files(settings) == []


def test_oversize_file_is_refused_while_streaming(client, pic, pic_row, settings):
    settings.ZI_EVIDENCE_MAX_BYTES = 1024
    client.force_login(pic)
    big = make_pdf("x " * 4000)
    assert len(big) > 1024
    response = upload(client, pic_row, file("besar.pdf", big))
    assert response.status_code == 400
    assert "besar.pdf lebih besar dari batas 1,0\xa0KB" in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(settings) == []


def test_one_bad_file_among_good_ones_stores_none(client, pic, pic_row, settings):
    client.force_login(pic)
    response = upload(client, pic_row, file("baik.pdf", make_pdf()), file("jahat.pdf", b"<html></html>"))
    assert response.status_code == 400
    assert not Evidence.objects.exists() and stored_files(settings) == []


def test_file_name_is_kept_as_data_only(client, pic, pic_row):
    client.force_login(pic)
    upload(client, pic_row, file("../../etc/Daftar\x07 Hadir.pdf", make_pdf()))
    assert EvidenceRevision.objects.get().original_name == "Daftar Hadir.pdf"


def test_month_outside_the_period_is_refused(client, pic, seed_plan):
    from actionplan.models import ActionItem

    june_only = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)
    june_only.pics.add(pic)
    client.force_login(pic)
    response = upload(client, june_only, file("sk.pdf", make_pdf()), month=3)
    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_only_the_rows_pics_and_coordinator_upload(client, pic, pimpinan, outsider, row):
    for user, status in [(pic, 403), (pimpinan, 403), (outsider, 404)]:
        client.force_login(user)
        assert upload(client, row, file("a.pdf", make_pdf())).status_code == status
    assert not Evidence.objects.exists()
