"""The evidence register (Register bukti) as xlsx, written in one streamed pass: constant queries and memory."""

import tempfile
from typing import BinaryIO

from openpyxl import Workbook

from actionplan.models import Plan
from evidence.resources import EvidenceRegisterResource, register_queryset
from zi_tracker.spreadsheets import append_row


def register_xlsx(*, plan: Plan) -> BinaryIO:
    """The plan's register as an xlsx file on disk, rewound: 1 query however many evidence there are.

    The rows are streamed from the database (`.iterator()`) into a write-only workbook, which keeps
    them on disk, not in memory; the columns are EvidenceRegisterResource's, as in admin's export.
    """
    resource = EvidenceRegisterResource()
    fields = resource.get_export_fields()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Register bukti")
    append_row(sheet, resource.get_export_headers())
    for evidence in resource.iter_queryset(register_queryset(plan)):
        append_row(sheet, [resource.field_value(field, evidence, force_native_type=True) for field in fields])
    out = tempfile.TemporaryFile()
    book.save(out)
    out.seek(0)
    return out
