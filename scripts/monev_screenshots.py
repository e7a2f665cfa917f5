"""Screenshots of the Monev pages and of the Laporan Monev PDF's pages (docs/screenshots/monev-*.png).

Run against the demo that `make run` serves (with `manage.py seed_demo_monev`):
    .venv/bin/python scripts/monev_screenshots.py [http://127.0.0.1:8000]
Needs Debian's chromium and poppler-utils (pdftoppm). The PDF is the Triwulan II report signed on
10 July 2025 (a chosen date), downloaded as the leader would; its pages are rendered at 60 dpi.
"""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "zi-demo-2025"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]


def log_in(context, username: str):
    page = context.new_page()
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    return page


def shot(page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(path.relative_to(OUT.parent.parent), page.url)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
        page = log_in(context, "koordinator")
        page.goto(f"{BASE}/plans/1/monev/meetings/")
        page.click("#sessions a >> nth=0")  # the newest meeting: Triwulan II, with Triwulan I's recommendations
        shot(page, "monev-meeting-koordinator-1366")
        meeting = page.url
        context.close()

        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
        page = log_in(context, "staf")
        page.wait_for_selector("#my-recommendations-card")
        shot(page, "monev-my-work-pic-1366")
        page.click("#my-recommendations-card a >> nth=0")
        shot(page, "monev-recommendation-pic-1366")
        context.close()

        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID", accept_downloads=True)
        page = log_in(context, "pimpinan")
        page.wait_for_selector("#open-recommendations")
        page.locator("#open-recommendations").screenshot(path=str(OUT / "monev-dashboard-card-pimpinan.png"))
        page.goto(f"{BASE}/plans/1/monev/?period=q2")
        page.fill("input[name=signed_on]", "2025-07-10")
        shot(page, "monev-report-page-pimpinan-1366")
        with page.expect_download() as download:
            page.click("button[formaction$='monev.pdf']")
        pdf = Path(tempfile.mkdtemp()) / "monev.pdf"
        download.value.save_as(pdf)
        context.close()

        # Another office sees none of it: the meeting is a 404 page for its coordinator.
        context = browser.new_context(viewport={"width": 1366, "height": 600}, locale="id-ID")
        page = log_in(context, "cilegon")
        response = page.goto(meeting)
        print("other office:", response.status, meeting)
        context.close()
        browser.close()

    for old in OUT.glob("monev-pdf-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(OUT / "monev-pdf-page")], check=True)
    for path in sorted(OUT.glob("monev-pdf-page-*.png")):
        number = int(re.search(r"-(\d+)\.png$", path.name).group(1))
        path.rename(OUT / f"monev-pdf-page-{number}.png")  # pdftoppm pads the number by the page count
        print((OUT / f"monev-pdf-page-{number}.png").relative_to(OUT.parent.parent))


if __name__ == "__main__":
    main()
