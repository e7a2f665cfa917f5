"""The evidence bundle: a ZIP of a plan's accepted evidence, foldered like the decree, streamed."""

import re
from collections.abc import Iterator
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile, ZipInfo

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.dates import MONTHS
from openpyxl import Workbook
from openpyxl.styles import Font

from actionplan.models import Plan, plain_text
from evidence.models import Evidence, EvidenceRevision, EvidenceStatus
from evidence.names import download_name
from zi_tracker.spreadsheets import append_row

CHUNK = 256 * 1024
INDEX_NAME = "daftar-bukti.xlsx"
UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')


def _part(text: str, limit: int = 80) -> str:
    """One folder or file name: the decree's words, minus what a file system or ZIP tool rejects."""
    cleaned = UNSAFE.sub("-", plain_text(text)).strip(" .-") or "_"
    return cleaned[:limit].rstrip(" .")


class _Pipe:
    """A write-only file whose contents the generator hands out as they are written."""

    def __init__(self):
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def drain(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def bundle_evidence(*, plan: Plan) -> list[Evidence]:
    """Accepted evidence of the plan in decree order with its file and uploader: 1 query."""
    return list(
        Evidence.objects.filter(requirement__item__area__plan=plan, status=EvidenceStatus.DITERIMA)
        .select_related("requirement__item__area", "current__uploaded_by")
        .order_by("requirement__item__area__order", "requirement__item__number", "requirement__order", "month", "pk")
    )


def bundle_entries(evidence: list[Evidence]) -> list[tuple[str, Evidence]]:
    """(path in the ZIP, evidence) pairs: "I. AREA/1. Komponen/Requirement/file", names made unique."""
    seen: set[str] = set()
    entries = []
    for document in evidence:
        requirement = document.requirement
        item = requirement.item
        area = item.area
        folder = "/".join(
            [
                _part(f"{area.numeral}. {area.title}"),
                _part(f"{item.number}. {item.komponen}"),
                _part(requirement.name),
            ]
        )
        name = _part(download_name(document.current.original_name, document.current.content_type), 120)
        if document.month:
            name = f"{MONTHS[document.month]} - {name}"
        path = f"{folder}/{name}"
        stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
        counter = 2
        while path.lower() in seen:
            path = f"{folder}/{stem} ({counter}){dot}{ext}"
            counter += 1
        seen.add(path.lower())
        entries.append((path, document))
    return entries


def bundle_missing(entries: list[tuple[str, Evidence]]) -> list[EvidenceRevision]:
    """The entries' files that storage does not have: one existence check per file, no reads."""
    return [document.current for _path, document in entries if not default_storage.exists(document.current.file.name)]


def bundle_index(*, plan: Plan, entries: list[tuple[str, Evidence]]) -> bytes:
    """Daftar bukti: one row per file with area, row, requirement, uploader, date and SHA-256."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Daftar bukti"
    append_row(
        sheet, [f"Daftar bukti fisik — {plan.unit.name} — Rencana Aksi {plan.year} (Nomor {plan.decree_number})"]
    )
    append_row(sheet, [f"Dibuat {timezone.localtime():%d-%m-%Y %H:%M} WIB"])
    sheet.append([])
    header = [
        "Area",
        "Baris",
        "Komponen",
        "Bukti fisik",
        "Bulan",
        "Berkas",
        "Revisi",
        "Diunggah oleh",
        "Tanggal unggah",
        "Ukuran (byte)",
        "SHA-256",
        "Lokasi dalam ZIP",
    ]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for path, document in entries:
        revision = document.current
        item = document.requirement.item
        append_row(
            sheet,
            [
                f"{item.area.numeral}. {item.area.title}",
                item.code,
                plain_text(item.komponen),
                document.requirement.name,
                str(MONTHS[document.month]) if document.month else "",
                revision.original_name,
                revision.number,
                revision.uploaded_by.get_full_name() or revision.uploaded_by.username,
                timezone.localtime(revision.uploaded_at).strftime("%d-%m-%Y %H:%M"),
                revision.size,
                revision.sha256,
                path,
            ],
        )
    for column, width in zip("ABCDEFGHIJKL", [28, 8, 30, 30, 10, 30, 7, 20, 16, 12, 66, 60], strict=True):
        sheet.column_dimensions[column].width = width
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def bundle_stream(*, plan: Plan, entries: list[tuple[str, Evidence]]) -> Iterator[bytes]:
    """The ZIP, produced chunk by chunk: memory holds one chunk, not the bundle."""
    pipe = _Pipe()
    with ZipFile(pipe, mode="w", compression=ZIP_STORED, allowZip64=True) as archive:
        archive.writestr(INDEX_NAME, bundle_index(plan=plan, entries=entries), compress_type=ZIP_DEFLATED)
        yield pipe.drain()
        for path, document in entries:
            revision = document.current
            info = ZipInfo(path, date_time=timezone.localtime(revision.uploaded_at).timetuple()[:6])
            info.compress_type = ZIP_STORED
            info.file_size = revision.size
            with (
                default_storage.open(revision.file.name, "rb") as source,
                archive.open(info, "w", force_zip64=True) as target,
            ):
                while chunk := source.read(CHUNK):
                    target.write(chunk)
                    yield pipe.drain()
            yield pipe.drain()
    yield pipe.drain()
