"""Real files for the evidence tests, and a helper that uploads them through the browser's form."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from actionplan.models import ActionItem


def make_pdf(text: str = "Daftar hadir rapat evaluasi") -> bytes:
    from actionplan.pdf import html_to_pdf

    return html_to_pdf(f"<html><body><p>{text}</p></body></html>")


def make_png(seed: int = 0) -> bytes:
    """A small PNG; a different `seed` gives different bytes (identical files are one evidence)."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30 + seed // 256 % 200, seed % 256)).save(buffer, format="PNG")
    return buffer.getvalue()


def make_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("catatan.txt", "isi arsip")
    return buffer.getvalue()


@pytest.fixture
def row(seed_plan):
    """Row I.3 (Undangan Rapat, Daftar Hadir), assigned to the PIC by the test that needs it."""
    return ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=3)


@pytest.fixture
def pic_row(row, pic):
    row.pics.add(pic)
    return row


def upload(client, item, *files, requirement=None, month=""):
    requirement = requirement or item.requirements.order_by("order").first()
    return client.post(
        reverse("evidence:upload", args=[item.pk]),
        {"requirement": requirement.pk, "month": month, "files": list(files)},
    )


def file(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
