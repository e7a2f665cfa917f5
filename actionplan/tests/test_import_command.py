"""manage.py import_plan: prints the preview, writes only without --dry-run, fails without writing."""

import pytest
from django.core.management import CommandError, call_command

from actionplan.models import ActionItem, Plan
from actionplan.tests.test_import import xlsx
from actionplan.xlsx import lampiran_workbook

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def four_columns(tmp_path):
    path = tmp_path / "rencana.xlsx"
    path.write_bytes(
        xlsx(
            [
                ["Nomor", "Proses", "Target Prioritas", "Kurun Waktu", "Catatan"],
                ["A. Manajemen Perubahan"],
                [1, "Tim", "SK Tim", "B01", "segera"],
                [2, "Sosialisasi", "Rapat", "B03, B06, B09 dan B12", None],
            ]
        )
    )
    return path


def test_dry_run_prints_the_preview_and_writes_nothing(serang, four_columns):
    output = run(str(four_columns), "--unit", serang.code, "--year", "2026", "--dry-run")
    assert "A.2 [new] Sosialisasi | Maret, Juni, September dan Desember 2026 | 0 documents" in output
    assert "Dry run" in output and not Plan.objects.filter(year=2026).exists()


def test_columns_by_letter_and_a_new_plan(serang, four_columns):
    output = run(
        str(four_columns),
        "--unit",
        serang.code,
        "--year",
        "2026",
        "--decree-number",
        "5",
        "--columns",
        "No=A,Komponen=B,Indikator=C,Target Waktu=D",
    )
    plan = Plan.objects.get(unit=serang, year=2026)
    assert "2 new rows" in output
    rows = list(ActionItem.objects.filter(area__plan=plan).order_by("number"))
    assert [(r.komponen, r.import_note) for r in rows] == [("Tim", "Catatan: segera"), ("Sosialisasi", "")]


def test_the_same_file_twice_changes_nothing(seed_plan, tmp_path):
    path = tmp_path / "lampiran.xlsx"
    path.write_bytes(lampiran_workbook(seed_plan))
    output = run(str(path), "--unit", "kpu-kab-serang", "--year", "2025")
    assert "0 new areas, 0 new rows, 0 changed rows, 0 new requirements" in output


def test_errors_exit_non_zero_and_write_nothing(serang, tmp_path):
    path = tmp_path / "salah.xlsx"
    path.write_bytes(xlsx([["No", "Komponen", "Target Waktu"], ["I. A"], [1, "x", "Juni"], [1, "y", "Kapan-kapan"]]))
    with pytest.raises(CommandError, match="error"):
        run(str(path), "--unit", serang.code, "--year", "2026", "--decree-number", "9")
    assert not Plan.objects.filter(year=2026).exists()
    with pytest.raises(CommandError):
        run(str(path), "--unit", "tidak-ada", "--year", "2026")
