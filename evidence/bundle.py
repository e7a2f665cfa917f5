"""The evidence bundle: a ZIP of a plan's accepted evidence, foldered like the decree, streamed."""

import pickle
import re
from collections.abc import Callable, Iterable, Iterator
from tempfile import SpooledTemporaryFile
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile, ZipInfo

from django.core.files.storage import default_storage
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.dates import MONTHS
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.rich_text import CellRichText
from openpyxl.styles import Font

from actionplan.models import Plan, plain_text
from evidence.models import Evidence, EvidenceRevision, EvidenceStatus
from evidence.names import download_name
from zi_tracker.spreadsheets import safe_cell

CHUNK = 256 * 1024
ITERATOR_CHUNK = 500  # rows fetched at a time: a few hundred model objects alive, whatever the plan
INDEX_NAME = "daftar-bukti.xlsx"
UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')


def _part(text: str, limit: int = 80) -> str:
    """One folder or file name: the decree's words, minus what a file system or ZIP tool rejects."""
    cleaned = UNSAFE.sub("-", plain_text(text)).strip(" .-") or "_"
    return cleaned[:limit].rstrip(" .")


class _SpooledEntries:
    """ZipFile's list of written entries, kept in a temporary file instead of memory.

    ZipFile remembers a ZipInfo (name, offset, CRC, sizes) for every file until it writes the
    central directory at the end: ~0.7 KiB a file, 30 MiB for 46,000. It only appends to the list,
    counts it and iterates it once, so entries pickled to disk and read back one at a time are
    enough; memory then stays flat in the number of files.
    """

    def __init__(self):
        self.spool = SpooledTemporaryFile(max_size=CHUNK)
        self.count = 0
        self.first = None

    def append(self, info: ZipInfo) -> None:
        pickle.dump(info, self.spool, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def put_first(self, info: ZipInfo) -> None:
        """An entry written last but listed first (the daftar bukti)."""
        self.first = info
        self.count += 1

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[ZipInfo]:
        if self.first is not None:
            yield self.first
        self.spool.seek(0)
        while True:
            try:
                yield pickle.load(self.spool)
            except EOFError:
                return


class _Forgetful(dict):
    """ZipFile's name → entry map, which it only fills (we make the names unique ourselves)."""

    def __setitem__(self, key, value):
        pass


class _Pipe:
    """A write-only file whose contents the generator hands out as they are written.

    Buffered in a spooled temporary file: ZipFile writes the whole central directory at close
    (~0.2 KiB a file, with no chance to yield in between), which then goes to disk, not memory.
    """

    def __init__(self):
        self.buffer = SpooledTemporaryFile(max_size=4 * CHUNK)

    def write(self, data: bytes) -> int:
        return self.buffer.write(data)

    def flush(self):
        pass

    def drain(self) -> Iterator[bytes]:
        self.buffer.seek(0)
        while chunk := self.buffer.read(CHUNK):
            yield chunk
        self.buffer.seek(0)
        self.buffer.truncate()


def bundle_evidence(*, plan: Plan) -> QuerySet[Evidence]:
    """Accepted evidence of the plan in decree order with its file and uploader joined: 1 query.

    Iterate it with `.iterator()`: the bundle keeps no per-file objects, so its memory does not grow
    with the number of files (issue 16: 404 MiB for 46,000 files when they were held in a list).
    """
    return (
        Evidence.objects.filter(requirement__item__area__plan=plan, status=EvidenceStatus.DITERIMA)
        .select_related("requirement__item__area", "current__uploaded_by")
        .order_by("requirement__item__area__order", "requirement__item__number", "requirement__order", "month", "pk")
    )


def bundle_entries(evidence: Iterable[Evidence]) -> Iterator[tuple[str, Evidence]]:
    """(path in the ZIP, evidence) pairs: "I. AREA/1. Komponen/Requirement/file", names made unique.

    Decree order keeps a folder's files together, so only the current folder's names are remembered
    (and the folder names, one per requirement): memory stays flat in the number of files. A folder
    name met again later (two requirements of one row with the same words) gets a " (2)".
    """
    folders: set[str] = set()
    current = None
    seen: set[str] = set()
    for document in evidence:
        requirement = document.requirement
        item = requirement.item
        area = item.area
        key = (area.pk, item.pk, requirement.pk)
        if key != current:
            current, seen = key, set()
            base = "/".join(
                [
                    _part(f"{area.numeral}. {area.title}"),
                    _part(f"{item.number}. {item.komponen}"),
                    _part(requirement.name),
                ]
            )
            folder, counter = base, 2
            while folder.lower() in folders:
                folder = f"{base} ({counter})"
                counter += 1
            folders.add(folder.lower())
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
        yield path, document


def _bundle_revisions(plan: Plan) -> QuerySet[EvidenceRevision]:
    """The current revisions of the plan's accepted evidence (one subquery)."""
    accepted = Evidence.objects.filter(requirement__item__area__plan=plan, status=EvidenceStatus.DITERIMA)
    return EvidenceRevision.objects.filter(pk__in=accepted.values("current_id"))


def bundle_missing(*, plan: Plan) -> list[EvidenceRevision]:
    """The bundle's files that storage does not have: one existence check per file, no reads, 1 query."""
    revisions = _bundle_revisions(plan)
    return [revision for revision in revisions.iterator() if not default_storage.exists(revision.file.name)]


def bundle_count(*, plan: Plan) -> tuple[int, int]:
    """(files, bytes) the bundle will hold: 1 query, for the "immediate or background" rule."""
    totals = _bundle_revisions(plan).aggregate(files=Count("pk"), size=Sum("size"))
    return totals["files"], totals["size"] or 0


HEADER = [
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
WIDTHS = [28, 8, 30, 30, 10, 30, 7, 20, 16, 12, 66, 60]


def _inline(value):
    """A cell whose text is written inline, not into the workbook's shared-strings table (which
    openpyxl keeps in memory until it saves: every file's path, name and hash); never a formula."""
    value = safe_cell(value)
    return CellRichText([value]) if isinstance(value, str) and value else value


class _Index:
    """Daftar bukti: one row per file with area, row, requirement, uploader, date and SHA-256.

    A write-only workbook: openpyxl spools its rows to a temporary file, so the index of 46,000 files
    costs no more memory than the index of ten.
    """

    def __init__(self, plan: Plan):
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("Daftar bukti")
        for column, width in zip("ABCDEFGHIJKL", WIDTHS, strict=True):
            self.sheet.column_dimensions[column].width = width
        title = f"Daftar bukti fisik — {plan.unit.name} — Rencana Aksi {plan.year} (Nomor {plan.decree_number})"
        self.sheet.append([safe_cell(title)])
        self.sheet.append([f"Dibuat {timezone.localtime():%d-%m-%Y %H:%M} WIB"])
        self.sheet.append([])
        bold = Font(bold=True)
        header = []
        for text in HEADER:
            cell = WriteOnlyCell(self.sheet, value=text)
            cell.font = bold
            header.append(cell)
        self.sheet.append(header)

    def add(self, path: str, document: Evidence) -> None:
        revision = document.current
        item = document.requirement.item
        row = [
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
        ]
        self.sheet.append([_inline(value) for value in row])

    def save(self, target) -> None:
        self.book.save(target)


def bundle_stream(*, plan: Plan, progress: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """The ZIP, produced chunk by chunk in one pass over the evidence: memory holds one chunk, not the bundle.

    The daftar bukti is built as the files go (so it lists exactly what the ZIP holds) and written
    last, its directory entry moved first so that ZIP tools still list it at the top.
    `progress(files_done)` is called after every file (the background export's progress bar).
    """
    pipe = _Pipe()
    index = _Index(plan)
    with ZipFile(pipe, mode="w", compression=ZIP_STORED, allowZip64=True) as archive:
        entries = archive.filelist = _SpooledEntries()
        archive.NameToInfo = _Forgetful()
        done = 0
        for path, document in bundle_entries(bundle_evidence(plan=plan).iterator(chunk_size=ITERATOR_CHUNK)):
            revision = document.current
            index.add(path, document)
            info = ZipInfo(path, date_time=timezone.localtime(revision.uploaded_at).timetuple()[:6])
            info.compress_type = ZIP_STORED
            info.file_size = revision.size
            with (
                default_storage.open(revision.file.name, "rb") as source,
                archive.open(info, "w", force_zip64=True) as target,
            ):
                while chunk := source.read(CHUNK):
                    target.write(chunk)
                    yield from pipe.drain()
            yield from pipe.drain()
            done += 1
            if progress is not None:
                progress(done)
        with SpooledTemporaryFile(max_size=CHUNK) as spool:
            index.save(spool)
            spool.seek(0)
            info = ZipInfo(INDEX_NAME, date_time=timezone.localtime().timetuple()[:6])
            info.compress_type = ZIP_DEFLATED
            archive.filelist = []  # this one entry in memory, then listed first
            with archive.open(info, "w", force_zip64=True) as target:
                while chunk := spool.read(CHUNK):
                    target.write(chunk)
                    yield from pipe.drain()
        entries.put_first(archive.filelist.pop())
        archive.filelist = entries
        yield from pipe.drain()
    yield from pipe.drain()
