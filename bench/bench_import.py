"""Import a generated 5,000-row plan through the import service: time and queries, preview and confirm.

    .venv/bin/python bench/bench_import.py            # SQLite
    BENCH_POSTGRES=postgres://zi_ci:zi_ci@127.0.0.1:5432/zi_ci .venv/bin/python bench/bench_import.py

Targets (issue 13): under 15 s, fewer than 50 queries per 1,000 rows.
"""

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django  # noqa: E402

_django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from accounts.models import Membership, Role, Unit  # noqa: E402
from actionplan.importing.service import plan_import_confirm, plan_import_preview  # noqa: E402

ROWS, AREAS = 5000, 10
MONTHS = ["Januari – Desember 2026", "Triwulan II 2026", "B03, B06, B09 dan B12", "Juni 2026", "Semester I"]


def workbook(users) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Lampiran")
    sheet.append(["No", "Komponen", "Indikator", "Langkah Aksi", "Bukti Fisik", "Target Waktu", "PIC", "Keterangan"])
    per_area = ROWS // AREAS
    for area in range(AREAS):
        sheet.append([f"{'I II III IV V VI VII VIII IX X'.split()[area]}. AREA {area + 1}"])
        for n in range(1, per_area + 1):
            sheet.append(
                [
                    f"{n}.",
                    f"Komponen {area}.{n}",
                    f"Indikator {area}.{n}",
                    f"Langkah aksi {n}",
                    "Undangan Rapat, Daftar Hadir, Notulen",
                    MONTHS[n % len(MONTHS)],
                    users[n % len(users)],
                    f"catatan {n}",
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def measured(label, function):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    print(
        f"{label:<28} {seconds:7.2f} s {len(queries):6d} queries  ({len(queries) / (ROWS / 1000):.1f} per 1,000 rows)"
    )
    return result


def main():
    from django.contrib.auth import get_user_model

    unit = Unit.objects.get(code="kpu-kab-serang")
    users = []
    for i in range(20):
        user = get_user_model().objects.create_user(f"pic{i}", first_name=f"Pegawai {i}")
        Membership.objects.create(user=user, unit=unit, role=Role.PIC)
        users.append(user.username)
    data = measured("build the 5,000-row xlsx", lambda: workbook(users))
    print(f"file size {len(data) / 1e6:.2f} MB, database {connection.vendor}")
    preview = measured("preview", lambda: plan_import_preview(file=data, unit=unit, year=2026))
    assert preview.ok, preview.errors[:3]
    result = measured(
        "confirm (new plan)",
        lambda: plan_import_confirm(file=data, unit=unit, year=2026, plan_fields={"decree_number": "bench"}, by=None),
    )
    print(
        f"created {result.created_areas} areas, {result.created_rows} rows, {result.created_requirements} requirements"
    )
    again = measured("confirm again (no change)", lambda: plan_import_confirm(file=data, plan=result.plan, by=None))
    assert (again.created_rows, again.changed_rows, again.created_requirements) == (0, 0, 0)


if __name__ == "__main__":
    main()
