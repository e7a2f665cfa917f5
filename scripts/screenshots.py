"""Screenshots for README (docs/screenshots/): each role's main page at 1366 px and on a 390 px phone.

Run against the demo that `make run` serves:  .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "zi-demo-2025"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# (login, page name, how to get there from the landing page)
SHOTS = [
    ("staf", "row-page", lambda page: page.click("#missing a >> nth=0")),
    ("penilai", "review-queue", lambda page: None),
    ("penilai", "review-page", lambda page: page.click("#queue a.btn >> nth=0")),
    ("pimpinan", "dashboard", lambda page: None),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for username, name, navigate in SHOTS:
            for width in (1366, 390):
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
                page = context.new_page()
                page.goto(f"{BASE}/accounts/login/")
                page.fill("input[name=username]", username)
                page.fill("input[name=password]", PASSWORD)
                page.click("main form button[type=submit]")
                page.wait_for_load_state()
                navigate(page)
                page.wait_for_load_state()
                page.wait_for_timeout(1500)  # the PDF preview
                path = OUT / f"{name}-{width}.png"
                page.screenshot(path=str(path), full_page=True)
                print(path.relative_to(OUT.parent.parent), page.url)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
