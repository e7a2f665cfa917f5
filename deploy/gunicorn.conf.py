"""gunicorn for ZI Tracker: `.venv/bin/gunicorn -c deploy/gunicorn.conf.py` (systemd unit, Dockerfile).

Every value can be changed by an environment variable (GUNICORN_*), so the unit file or the
container sets them, not an edited copy of this file. The access log is one JSON object per line
with the request id the app answered (X-Request-ID), the same id its own log lines carry.
"""

import json
import multiprocessing
import os
from datetime import UTC, datetime
from pathlib import Path

from gunicorn.glogging import Logger

wsgi_app = "zi_tracker.wsgi:application"
chdir = str(Path(__file__).resolve().parent.parent)  # the project, wherever the unit starts us
proc_name = "zi-tracker"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: requests are CPU (PDF and spreadsheet rendering) and database work, and nginx
# buffers slow clients' uploads and downloads, so a worker never waits on a slow network.
# 2 x cores + 1 is gunicorn's own advice; each worker holds 100-200 MB with WeasyPrint loaded.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A worker silent this long is killed and restarted. The Lampiran and Monev PDFs of a very large
# plan take up to two minutes on a 2-core server; larger exports belong in the background worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "180"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5  # behind nginx's keep-alive upstream connections
# A fresh worker every ~1,000 requests bounds any slow growth of memory (fonts, caches).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
# Heartbeat files in memory, not on a disk that may stall (and in containers, not an overlay).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Only nginx on this machine may say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# systemd (or docker) starts, reloads (HUP) and stops us; no runtime control socket under $HOME.
control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")  # stdout: journald or docker logs
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


class JsonAccessLogger(Logger):
    """gunicorn's logger with one JSON line per request (gunicorn's own format does not escape quotes)."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        response_headers = {name.lower(): value for name, value in resp.headers}
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        line = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "type": "access",
            "request_id": response_headers.get("x-request-id"),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or None,
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "user_agent": environ.get("HTTP_USER_AGENT"),
            "pid": os.getpid(),
        }
        try:
            self.access_log.info(json.dumps(line, ensure_ascii=False))
        except Exception:
            self.exception("access log line failed")


logger_class = JsonAccessLogger
