"""What an uploaded file really is, judged by its content (magic bytes), never by its name."""

import filetype

# Content types we accept as evidence, by what the bytes say.
ALLOWED = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.presentation": "ODP",
}
HEAD_BYTES = 8192


def sniff(head: bytes) -> str | None:
    """The content type the first bytes show, or None when they show nothing we recognise.

    HTML, SVG and other text have no magic bytes and come out as None; ZIP archives and
    executables are recognised as what they are, and are not in ALLOWED.
    """
    kind = filetype.guess(head)
    return kind.mime if kind is not None else None
