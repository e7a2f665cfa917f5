"""Render time of the Lampiran PDF (seed and 500 rows) against WeasyPrint's bare render of the same HTML.

Run: .venv/bin/python bench/bench_lampiran_pdf.py   (or `make bench`)
Targets: seed < 1 s, 500 rows < 15 s, ours / bare <= 1.3.
"""

import gc
import statistics
import time

import _django

_django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from weasyprint import HTML  # noqa: E402

from accounts.models import Membership, Role  # noqa: E402
from actionplan.models import Plan  # noqa: E402
from actionplan.pdf import PDF_BASE_URL, StaticOnlyFetcher, lampiran_html  # noqa: E402
from actionplan.sample import plan_generate  # noqa: E402


def timed(function) -> float:
    gc.collect()  # garbage left by the previous run would otherwise be charged to this one
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def measure(client: Client, plan: Plan, runs: int) -> tuple[float, float, int]:
    url = reverse("actionplan:plan_lampiran_pdf", args=[plan.pk])
    html = lampiran_html(plan)
    size = len(b"".join(client.get(url).streaming_content))  # warm-up, and the size

    def ours():
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)

    def bare():
        HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()

    # Interleaved, so that drift on a shared machine hits both sides alike.
    pairs = [(timed(ours), timed(bare)) for _ in range(runs)]
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs), size


def main() -> None:
    seed = Plan.objects.get(decree_number="995")
    user = get_user_model().objects.create_user("bench")
    Membership.objects.create(user=user, unit=seed.unit, role=Role.PIMPINAN)
    client = Client()
    client.force_login(user)
    big = plan_generate(unit=seed.unit, year=2030, items=500, requirements_per_item=3)
    print(f"{'plan':<22}{'rows':>6}{'ours (s)':>11}{'bare (s)':>11}{'ratio':>8}{'PDF size':>12}")
    for label, plan, runs, target in [("seed Lampiran", seed, 7, 1.0), ("generated", big, 3, 15.0)]:
        rows = sum(area.items.count() for area in plan.areas.all())
        ours, bare, size = measure(client, plan, runs)
        verdict = "ok" if ours < target and ours / bare <= 1.3 else "OVER TARGET"
        print(f"{label:<22}{rows:>6}{ours:>11.3f}{bare:>11.3f}{ours / bare:>8.2f}{size / 1024:>9.0f} KiB  {verdict}")


if __name__ == "__main__":
    main()
