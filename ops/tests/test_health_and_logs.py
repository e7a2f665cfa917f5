"""/healthz/ checks the database and evidence storage; logs carry the request id; Sentry only with SENTRY_DSN."""

import gzip
import io
import json
import logging
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse

from ops.tests.conftest import s3_client
from zi_tracker.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_healthy_is_one_query_and_200(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_database_down_is_503_with_its_reason(client):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("could not connect to server: Connection refused")

    with connection.execute_wrapper(refuse):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": {"database": "unavailable (OperationalError)"}}


def test_unusable_evidence_directory_is_503(client, settings, tmp_path):
    (tmp_path / "not-a-directory").write_text("x")
    settings.MEDIA_ROOT = tmp_path / "not-a-directory" / "media"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failed"] == {"storage": "evidence directory unusable (NotADirectoryError)"}
    assert str(tmp_path) not in response.content.decode()  # no paths for whoever asks


def test_a_fresh_installation_without_media_yet_is_healthy(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    assert client.get(reverse("healthz")).status_code == 200


def test_object_storage_bucket_gone_is_503(client, s3_server, s3_bucket):
    assert client.get(reverse("healthz")).status_code == 200
    s3_client(s3_server).delete_bucket(Bucket=s3_bucket)
    from django.core.files.storage import default_storage

    default_storage._healthy_until = 0  # the 15 s memory of a healthy bucket, as after it expired
    response = client.get(reverse("healthz"))
    assert response.status_code == 503 and response.json()["failed"] == {"storage": "object storage answered 404"}


@pytest.fixture
def json_log():
    """The production handler (JSON formatter, request-id filter) on the root logger, into a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger().removeHandler(handler)


def test_request_id_is_kept_answered_and_in_every_log_line(client, json_log, settings, tmp_path):
    (tmp_path / "f").write_text("x")
    settings.MEDIA_ROOT = tmp_path / "f" / "media"  # a failing check logs an error
    response = client.get(reverse("healthz"), headers={"X-Request-ID": "nginx-4f2a9c"})
    assert response["X-Request-ID"] == "nginx-4f2a9c"
    lines = [line for line in json_log() if line["logger"] == "zi_tracker.views"]
    assert lines and all(line["request_id"] == "nginx-4f2a9c" for line in lines)
    assert lines[0]["level"] == "ERROR" and "storage check failed" in lines[0]["message"]
    assert lines[0]["time"].endswith("+00:00")


@pytest.mark.parametrize("incoming", ["", "two words", "x" * 200, "id\r\nSet-Cookie: a=b"])
def test_a_missing_or_unsafe_request_id_is_replaced(client, incoming):
    response = client.get(reverse("healthz"), headers={"X-Request-ID": incoming} if incoming else {})
    assert len(response["X-Request-ID"]) == 32 and response["X-Request-ID"] != incoming


def test_log_lines_outside_a_request_have_no_id_and_keep_extras(json_log):
    logging.getLogger("zi_tracker.test").warning("worker %s", "ready", extra={"queue": "default"})
    (line,) = [line for line in json_log() if line["logger"] == "zi_tracker.test"]
    assert line["message"] == "worker ready" and line["request_id"] is None and line["queue"] == "default"


def test_production_logs_are_json_and_development_logs_text():
    assert settings.LOGGING["handlers"]["console"]["formatter"] == ("text" if settings.DEBUG else "json")


def test_sentry_is_off_without_a_dsn():
    import sentry_sdk

    assert not settings.SENTRY_DSN and not sentry_sdk.is_initialized()


class _Envelopes(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "br":
            import brotli

            body = brotli.decompress(body)
        elif encoding == "gzip":
            body = gzip.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_with_sentry_dsn_errors_reach_the_server_tagged_with_the_request_id(tmp_path):
    """A real process with SENTRY_DSN set sends its event (with the request's id) to a local Sentry endpoint."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Envelopes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = """
import django; django.setup()
import sentry_sdk
from django.http import HttpResponse
from django.test import RequestFactory
from zi_tracker.logs import RequestIdMiddleware
assert sentry_sdk.is_initialized()
def view(request):
    sentry_sdk.capture_message("zi-sentry-probe")
    return HttpResponse()
RequestIdMiddleware(view)(RequestFactory().get("/", headers={"X-Request-ID": "probe-77"}))
sentry_sdk.flush(10)
"""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zi_tracker.settings",
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{server.server_port}/1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    try:
        subprocess.run([sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, check=True, timeout=60)
    finally:
        server.shutdown()
    body = b"".join(_Envelopes.received)
    assert b"zi-sentry-probe" in body and b'"request_id":"probe-77"' in body.replace(b" ", b"")
