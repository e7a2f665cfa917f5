"""File names shown or sent for evidence: the user's name as data, made harmless.

A download's extension follows the type its bytes were sniffed as (`poly.html` stored as a PDF
downloads as `poly.pdf`), and characters that could disguise a name are removed: control
characters and Unicode format characters, which include the bidirectional overrides that turn
"laporan\u202efdp.exe" into what looks like "laporanexe.pdf".
"""

import unicodedata

EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
SAME_TYPE = {"jpeg": "jpg"}


def visible_text(name: str) -> str:
    """The name without control (Cc), format (Cf: bidi overrides, zero-width) or unassigned characters."""
    return "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cn", "Co", "Cs"})


def download_name(name: str, content_type: str) -> str:
    """The name to send: visible characters only, its extension the sniffed type's."""
    cleaned = visible_text(name).replace("/", "-").replace("\\", "-").strip(" .") or "berkas"
    extension = EXTENSIONS.get(content_type)
    if extension is None:
        return cleaned
    stem, dot, current = cleaned.rpartition(".")
    if dot and SAME_TYPE.get(current.lower(), current.lower()) == extension:
        return cleaned
    return f"{cleaned if not dot else stem}.{extension}"
