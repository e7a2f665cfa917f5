"""Memory of the evidence bundle against the NUMBER of files (issue 16: 46,000 files grew the worker 404 MiB).

Run: .venv/bin/python bench/bench_bundle_files.py [files ...]   (default: 2000 20000; BENCH_POSTGRES=<url>, see _django.py)
For each size a fresh plan gets that many accepted evidence files of 1 KiB each on local storage; the
whole ZIP is then produced in this process and discarded chunk by chunk, as the view and the
background export do. Printed per size: Python's peak allocation during the bundle (tracemalloc),
seconds, ZIP bytes, queries — for today's `evidence.bundle` and, for comparison, the list-based
version before issue 16 (read from git, commit 13e7028). Nothing here is a pass/fail threshold.
"""

import subprocess
import sys
import tempfile
import time
import tracemalloc
import types
import zipfile
from pathlib import Path

import _django

_django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from actionplan.models import Plan  # noqa: E402
from actionplan.sample import plan_generate  # noqa: E402
from evidence import bundle  # noqa: E402
from evidence.models import EvidenceRevision  # noqa: E402
from evidence.sample import evidence_generate  # noqa: E402

MIB = 1024 * 1024
BEFORE = "13e7028"  # the last commit with the list-based bundle


def old_bundle() -> types.ModuleType:
    source = subprocess.run(
        ["git", "show", f"{BEFORE}:evidence/bundle.py"], cwd=_django.ROOT, capture_output=True, text=True, check=True
    ).stdout
    module = types.ModuleType("evidence_bundle_before")
    exec(compile(source, "evidence/bundle.py@" + BEFORE, "exec"), module.__dict__)  # noqa: S102
    return module


def make_plan(year: int, files: int) -> Plan:
    seed = Plan.objects.get(year=2025)
    user = get_user_model().objects.get_or_create(username="bench")[0]
    plan = plan_generate(unit=seed.unit, year=year, items=300)
    evidence_generate(plan=plan, count=files * 2, uploader=user, reviewer=user)  # half are accepted
    media = Path(settings.MEDIA_ROOT)
    (media / "evidence").mkdir(parents=True, exist_ok=True)
    block = b"%PDF-1.4\n" + bytes(1015)
    for name in EvidenceRevision.objects.filter(evidence__requirement__item__area__plan=plan).values_list(
        "file", flat=True
    ):
        (media / name).write_bytes(block)
    return plan


def measure(produce, files: int) -> tuple[float, float, int, int]:
    """Peak MiB allocated while the ZIP is produced (written to a temporary file), seconds, bytes, queries."""
    with tempfile.TemporaryFile() as out:
        tracemalloc.start()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            for chunk in produce():
                out.write(chunk)
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = out.tell()
        out.seek(0)
        names = zipfile.ZipFile(out).namelist()  # a valid ZIP, every file in it, the index first
        assert len(names) == files + 1 and names[0] == bundle.INDEX_NAME, (len(names), names[:1])
    return peak / MIB, seconds, size, len(queries)


def main(sizes: list[int]) -> None:
    before = old_bundle()
    settings.DEBUG = False
    print(f"{'files':>7} {'version':<8} {'peak MiB':>9} {'seconds':>8} {'ZIP MiB':>8} {'queries':>8}")
    for n, files in enumerate(sizes):
        plan = make_plan(2030 + n, files)
        accepted, _bytes = bundle.bundle_count(plan=plan)
        for label, produce in [
            ("now", lambda plan=plan: bundle.bundle_stream(plan=plan)),
            (
                "before",
                lambda plan=plan: before.bundle_stream(
                    plan=plan, entries=before.bundle_entries(before.bundle_evidence(plan=plan))
                ),
            ),
        ]:
            peak, seconds, size, queries = measure(produce, accepted)
            print(f"{accepted:>7} {label:<8} {peak:>9.1f} {seconds:>8.1f} {size / MIB:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [2000, 20000])
