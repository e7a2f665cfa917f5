"""Server time of the Laporan Monev (PDF and xlsx) for the seed plan (23 rows) and a 500-row plan.

Run: .venv/bin/python bench/bench_monev.py [runs]   (BENCH_POSTGRES=<url> for PostgreSQL, see _django.py)
Each plan has a year of progress and evidence, a Triwulan I and a Triwulan II meeting with 20
recommendations each (half done, with a file); the report is Triwulan II's. Printed: median wall
seconds of `runs` requests through the test client, queries, bytes. The button's spinner covers
this time (static/js/downloads.js); nothing here is a pass/fail threshold.
"""

import gc
import statistics
import sys
import time
from datetime import date

import _django

_django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Membership, Role, Section  # noqa: E402
from actionplan.models import ActionItem, Plan  # noqa: E402
from actionplan.sample import plan_generate  # noqa: E402
from evidence.sample import evidence_generate, progress_generate  # noqa: E402
from monitoring.models import FollowUpDocument, MonevSession, Recommendation  # noqa: E402

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3


def meetings(plan, user, section) -> None:
    for period, held_on in (("q1", date(2025, 4, 8 + plan.pk % 5)), ("q2", date(2025, 7, 8 + plan.pk % 5))):
        session = MonevSession.objects.create(
            plan=plan,
            period=period,
            held_on=held_on,
            attendees="Ketua\nSekretaris",
            conclusions="A\nB",
            created_by=user,
        )
        for number in range(1, 21):
            done = number % 2 == 0
            recommendation = Recommendation.objects.create(
                session=session,
                number=number,
                text=f"Rekomendasi {number} " * 6,
                owner_section=section,
                due_on=date(2025, 8, 1),
                status="done" if done else "open",
                follow_up="Sudah dilaksanakan" if done else "",
            )
            if done:
                FollowUpDocument.objects.create(
                    recommendation=recommendation,
                    file="followup/x",
                    original_name="notulen.pdf",
                    size=1,
                    content_type="application/pdf",
                    sha256="0" * 64,
                    uploaded_by=user,
                )


def main() -> None:
    seed = Plan.objects.get(unit__code="kpu-kab-serang", year=2025)
    user = get_user_model().objects.create_user("bench-leader", password="x", first_name="Ahmad")
    Membership.objects.create(user=user, unit=seed.unit, role=Role.PIMPINAN, title="Sekretaris")
    big = plan_generate(unit=seed.unit, year=2025, items=500)
    ActionItem.objects.filter(area__plan=big).update(target_start_month=1, target_end_month=12)
    section = Section.objects.filter(unit=seed.unit).first()
    for plan, entries, evidence in ((seed, 60, 30), (big, 3000, 1500)):
        progress_generate(plan=plan, entries=entries, user=user)
        evidence_generate(plan=plan, count=evidence, uploader=user, reviewer=user)
        meetings(plan, user, section)
    client = Client()
    client.force_login(user)
    print(f"{'report':<28}{'median s':>10}{'queries':>9}{'bytes':>11}")
    for plan, label in ((seed, "seed (23 rows)"), (big, "500 rows")):
        for name in ("monev_pdf", "monev_xlsx"):
            url = reverse(f"reports:{name}", args=[plan.pk])
            query = {"period": "q2", "signed_on": "2025-07-14"}
            b"".join(client.get(url, query).streaming_content)  # warm-up
            times = []
            for _run in range(RUNS):
                gc.collect()
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    size = len(b"".join(client.get(url, query).streaming_content))
                times.append(time.perf_counter() - started)
            print(f"{label + ' ' + name[6:]:<28}{statistics.median(times):>10.2f}{len(queries):>9}{size:>11}")


if __name__ == "__main__":
    main()
