"""The load bench's browser: cookies, CSRF, the page's own forms, timed requests (stdlib http.client only).

Each virtual user is one `Browser` in one thread. It keeps its cookies the way a browser does
(session, CSRF, the messages cookie), submits forms as the page renders them (every field with
its rendered value, only what a person changes changed), and records every request it makes:
kind, start, milliseconds, status and whether it was what a browser would call success.
"""

import http.client
import http.cookies
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser

TIMEOUT_S = 60


@dataclass
class Sample:
    kind: str
    started: float  # time.monotonic() at the request's start
    ms: float
    status: int
    ok: bool
    error: str = ""


class Recorder:
    """Every request's sample, from every thread."""

    def __init__(self):
        self.samples: list[Sample] = []
        self._lock = threading.Lock()

    def add(self, sample: Sample) -> None:
        with self._lock:
            self.samples.append(sample)

    def between(self, start: float, end: float) -> list[Sample]:
        with self._lock:
            return [s for s in self.samples if start <= s.started < end]


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage | None
    text: str
    ok: bool

    @property
    def location(self) -> str:
        return (self.headers.get("Location") or "") if self.headers else ""


class RequestFailed(Exception):
    """A request that did not answer as a browser expects; already recorded as an error."""


class RunOver(Exception):
    """The run's time is up: the rest of an action's requests are not sent (nothing is recorded)."""


class Browser:
    def __init__(self, port: int, recorder: Recorder):
        self.port, self.recorder = port, recorder
        self.cookies: dict[str, str] = {}
        self.origin = f"http://127.0.0.1:{port}"
        self.deadline = float("inf")  # time.monotonic() after which no request starts

    def _keep_cookies(self, headers: http.client.HTTPMessage) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)  # Django deletes a cookie this way (messages shown)
                else:
                    self.cookies[name] = morsel.value

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str | None = None,
        expect: tuple[int, ...] = (200,),
        must_contain: str | None = None,
    ) -> Response:
        """One request on a new connection (gunicorn's sync workers close each), timed to its body's last byte."""
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "zi-load-bench", "Accept-Language": "id"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers |= {"Content-Type": content_type, "Origin": self.origin, "Referer": self.origin + path}
        started = time.monotonic()
        if started > self.deadline:
            raise RunOver
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S)
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            raw = answer.read()
            connection.close()
        except (OSError, http.client.HTTPException) as error:
            ms = (time.monotonic() - started) * 1000
            self.recorder.add(Sample(kind, started, ms, 0, False, f"{type(error).__name__}: {error}"))
            raise RequestFailed(kind) from error
        ms = (time.monotonic() - started) * 1000
        self._keep_cookies(answer.headers)
        text = raw.decode("utf-8", "replace")
        error = ""
        if answer.status not in expect:
            error = f"HTTP {answer.status} for {method} {path}"
        elif must_contain is not None and must_contain not in text:
            error = f"{must_contain!r} missing from {path}"
        self.recorder.add(Sample(kind, started, ms, answer.status, not error, error))
        if error:
            raise RequestFailed(error)
        return Response(answer.status, answer.headers, text, True)

    def get(self, kind: str, path: str, **kwargs) -> Response:
        return self.request(kind, "GET", path, **kwargs)

    def post_form(self, kind: str, form: "Form", *, files: list[tuple[str, str, bytes]] = (), **kwargs) -> Response:
        """Submit `form` as the browser would: urlencoded, or multipart when it carries files."""
        if form.multipart:
            boundary = "----zi-load-" + secrets.token_hex(12)
            body, content_type = _multipart(form.data, files, boundary), f"multipart/form-data; boundary={boundary}"
        else:
            body, content_type = urllib.parse.urlencode(form.data).encode(), "application/x-www-form-urlencoded"
        return self.request(kind, "POST", form.action, body=body, content_type=content_type, **kwargs)

    def login(self, username: str, password: str) -> None:
        page = self.get("login", "/accounts/login/")
        form = Form.of(page.text, form_index_with='name="password"', path="/accounts/login/")
        form.set(username=username, password=password)
        self.post_form("login", form, expect=(302,))
        if "sessionid" not in self.cookies:
            raise RequestFailed(f"login of {username} gave no session")


def _multipart(fields: list[tuple[str, str]], files, boundary: str) -> bytes:
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, content in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


@dataclass
class Form:
    """A form as the page rendered it: its action and each field's name and rendered value, in order."""

    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    submit: tuple[str, str] | None = None
    multipart: bool = False
    choices: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, html: str, *, form_id: str | None = None, form_index_with: str | None = None, path: str) -> "Form":
        """Parse the one form with `form_id` (or the first holding the text `form_index_with`).

        Only that form's slice of the page is parsed: the rest of a 300 KB page is not the form.
        """
        anchor = html.find(f'id="{form_id}"') if form_id else html.find(form_index_with)
        start = html.rfind("<form", 0, anchor)
        end = html.find("</form>", anchor)
        if anchor < 0 or start < 0 or end < 0:
            raise LookupError(f"form {form_id or form_index_with!r} not on {path}")
        parser = _FormParser()
        parser.feed(html[start : end + len("</form>")])
        parser.close()
        action = parser.action or path
        return cls(action, parser.fields, parser.submit, parser.multipart, parser.choices)

    @property
    def data(self) -> list[tuple[str, str]]:
        return self.fields + ([self.submit] if self.submit else [])

    def set(self, **values: str) -> None:
        """Change fields as a person would: a rendered field keeps its place, an absent one is added."""
        for name, value in values.items():
            index = next((i for i, (field_name, _) in enumerate(self.fields) if field_name == name), None)
            if index is None:
                self.fields.append((name, value))
            else:
                self.fields[index] = (name, value)

    def value(self, name: str) -> str:
        return next((value for field_name, value in self.fields if field_name == name), "")


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.action, self.multipart, self.submit = None, False, None
        self.fields: list[tuple[str, str]] = []
        self.choices: dict[str, list[str]] = {}
        self._select = self._textarea = None
        self._options: list[tuple[str, bool]] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "disabled" in a:
            return
        if tag == "form":
            self.action = a.get("action") or None
            self.multipart = a.get("enctype") == "multipart/form-data"
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind == "submit":
                self.submit = self.submit or (a["name"], a.get("value", ""))
            elif kind not in ("file", "button", "reset", "image"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []
        elif tag == "button" and a.get("name") and a.get("type", "submit") == "submit":
            self.submit = self.submit or (a["name"], a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected] or [v for v, _ in self._options[:1]]
            self.fields.extend((self._select, value) for value in chosen)
            self.choices[self._select] = [value for value, _ in self._options]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)
