"""What the load bench's users do: the action mix, each action as the pages' links and forms do it."""

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field

from _load_client import Browser, Form, RequestFailed, RunOver, Sample

TOKEN = "Uji beban"  # every save's "What was done" starts so; lost_writes looks for each one
UPLOAD_PREFIX = "bukti-uji-beban-"

# Weights per action. A PIC mostly looks at their rows and reports; readers (the coordinator and the
# leader in this test) read the plan, rows and the dashboard. A save is three requests (the row page,
# the POST, the page it redirects to with its message), an upload too.
WRITER_MIX = {"plan page": 15, "row page": 25, "dashboard": 10, "my work": 15, "save": 25, "upload": 10}
READER_MIX = {"plan page": 35, "row page": 30, "dashboard": 25, "my work": 10}


@dataclass(frozen=True)
class Persona:
    username: str
    password: str
    writes: bool
    rows: tuple[int, ...]  # a writer's own rows (they are its PIC and nobody else is); a reader's sample
    plan_paths: tuple[str, ...]
    dashboards: tuple[str, ...]


@dataclass
class Writes:
    """Every write the server answered as done: what lost_writes must find afterwards."""

    saves: list[tuple[int, int, str, float]] = field(default_factory=list)  # (row, month, text, when)
    uploads: list[tuple[int, str, str]] = field(default_factory=list)  # (row, file name, SHA-256)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def saved(self, row: int, month: int, text: str) -> None:
        with self._lock:
            self.saves.append((row, month, text, time.monotonic()))

    def uploaded(self, row: int, name: str, sha256: str) -> None:
        with self._lock:
            self.uploads.append((row, name, sha256))


def act(browser: Browser, persona: Persona, rng, writes: Writes) -> None:
    """One action of the persona's mix; a failed request is already recorded, a missing form is recorded here."""
    mix = WRITER_MIX if persona.writes else READER_MIX
    name = rng.choices(list(mix), weights=list(mix.values()))[0]
    try:
        ACTIONS[name](browser, persona, rng, writes)
    except (RequestFailed, RunOver):
        pass
    except LookupError as error:
        browser.recorder.add(Sample(name, time.monotonic(), 0.0, 200, False, str(error)))


def plan_page(browser, persona, rng, writes):
    browser.get("plan page", rng.choice(persona.plan_paths))


def row_page(browser, persona, rng, writes):
    browser.get("row page", f"/items/{rng.choice(persona.rows)}/")


def dashboard(browser, persona, rng, writes):
    browser.get("dashboard", rng.choice(persona.dashboards))


def my_work(browser, persona, rng, writes):
    browser.get("my work", "/my-work/")


def save(browser, persona, rng, writes):
    """Open a row, sometimes another open month (its "edit" link, ?month=), write what was done, save."""
    row = rng.choice(persona.rows)
    path = f"/items/{row}/"
    form = Form.of(browser.get("row page", path).text, form_id="progress-entry-form", path=path)
    months = form.choices.get("month", [])
    if months and rng.random() < 0.3:
        other = rng.choice(months)
        if other != form.value("month"):
            page = browser.get("row page", f"{path}?month={other}")
            form = Form.of(page.text, form_id="progress-entry-form", path=path)
    text = f"{TOKEN} {persona.username} {secrets.token_hex(6)}"
    form.set(activity=text)  # the percentage stays as rendered: realisation never falls by accident
    answer = browser.post_form("save", form, expect=(302,))
    writes.saved(row, int(form.value("month")), text)
    browser.get("row page", answer.location, must_contain="alert-success")


def upload(browser, persona, rng, writes):
    """Open a row and upload one small PDF through its upload form (the document it preselects)."""
    row = rng.choice(persona.rows)
    path = f"/items/{row}/"
    form = Form.of(browser.get("row page", path).text, form_id="upload-form", path=path)
    name = f"{UPLOAD_PREFIX}{secrets.token_hex(8)}.pdf"
    content = small_pdf(name, kib=rng.randint(4, 48))
    answer = browser.post_form("upload", form, files=[("files", name, content)], expect=(302,))
    writes.uploaded(row, name, hashlib.sha256(content).hexdigest())
    browser.get("row page", answer.location, must_contain="alert-success")


def small_pdf(name: str, *, kib: int) -> bytes:
    """A PDF by its bytes (what the upload's sniffing checks), unique to this upload, of about `kib` KiB."""
    lines = [b"%PDF-1.4", b"% " + name.encode()]
    lines += [b"% " + secrets.token_hex(31).encode() for _ in range(kib * 16)]
    lines += [
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj",
    ]
    lines += [b"trailer << /Root 1 0 R >>", b"%%EOF", b""]
    return b"\n".join(lines)


ACTIONS = {
    "plan page": plan_page,
    "row page": row_page,
    "dashboard": dashboard,
    "my work": my_work,
    "save": save,
    "upload": upload,
}
