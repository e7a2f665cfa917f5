"""Load test: logged-in users on gunicorn (deploy/gunicorn.conf.py) reading pages and saving through the forms.

Run: .venv/bin/python bench/load.py          (PostgreSQL, then SQLite: about 5 minutes in all)
     .venv/bin/python bench/load.py --database postgres --users 50 --duration 60 --ramp 2,8,16,32 --step 10
Flags: --help. PostgreSQL: BENCH_POSTGRES or --postgres, a server URL whose role may create databases
(default postgres://zi_ci:zi_ci@127.0.0.1:5432/zi_ci); a throwaway database is created and dropped.

Issue 16. Per database: a throwaway database, migrated, with the seed decree and the demo users
(seed_demo), a generated plan of 500 rows with progress and evidence rows (actionplan.sample,
evidence.sample), one PIC user per virtual user (each row has one PIC, as in an office: two users
never save the same entry, so a 409 would be a bug, not the test's doing), then gunicorn started with
deploy/gunicorn.conf.py on 127.0.0.1. Every user logs in through the login form; then each repeats
an action: the plan page (the whole 500-row plan collapsed to its areas, one area, or the seed plan),
a row page, the dashboard, Pekerjaan saya, a progress save (the row page's form as rendered, with its
CSRF token, only "What was done" changed; the redirect followed to its success message) or an upload
of a small PDF (the row page's upload form). Readers (the coordinator, the leader) do not write.

Runs: (1) `--users` users with an office's think time (one action every 5-10 s) for `--duration`
seconds; (2) on PostgreSQL, a ramp of closed-loop users without think time, `--step` seconds per
step, reporting the highest throughput whose p95 stayed under 500 ms; (3) on SQLite, the think-time
run with `--sqlite-users`. After each database's runs the server is stopped and every write that
answered success is looked for: each save's text in the entry's history and the last one in the
entry, each upload's revision with its SHA-256 and its file on storage with the same bytes.
Exit status 1 on any failed request, error in the server's logs or lost write (the latency targets are
printed, not enforced).

Why not locust: it is installable, but would bring gevent, Flask and ZeroMQ into the dev
requirements, and the parts this test needs most (forms parsed from the page, the ramp's stopping
rule, counting lost writes in the database afterwards, the server's CPU per request) would be our
code either way. The client is plain http.client in one thread per user: a new connection per
request, as gunicorn's sync workers close each; it shares the machine's two cores with the server,
so its own CPU (a few per cent at saturation: it parses only the forms it submits) is in the figures.
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from _load_client import Browser, Recorder, RequestFailed, Sample  # noqa: E402
from _load_cpu import CpuMeter  # noqa: E402
from _load_report import print_ramp, print_run, print_writes, ramp_knee, run_errors  # noqa: E402
from _load_users import Writes, act  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
THINK_S = (5.0, 10.0)


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["both", "postgres", "sqlite"], default="both")
    parser.add_argument(
        "--postgres", default=os.environ.get("BENCH_POSTGRES", "postgres://zi_ci:zi_ci@127.0.0.1:5432/zi_ci")
    )
    parser.add_argument("--users", type=int, default=50, help="users of the think-time run on PostgreSQL")
    parser.add_argument("--sqlite-users", type=int, default=10, help="users of the think-time run on SQLite")
    parser.add_argument("--duration", type=float, default=60, help="seconds of each think-time run")
    parser.add_argument("--ramp", default="2,4,8,12,16,24,32,50", help="users per ramp step ('' = no ramp)")
    parser.add_argument("--step", type=float, default=10, help="seconds per ramp step")
    parser.add_argument("--rows", type=int, default=500, help="rows of the generated plan")
    parser.add_argument("--no-think", action="store_true", help="skip the think-time run (ramp only)")
    parser.add_argument("--seed", type=int, default=16, help="random seed of the users' choices")
    parser.add_argument(
        "--profile", metavar="DIR", help="py-spy record every worker during the runs into DIR (py-spy on PATH)"
    )
    return parser.parse_args(argv)


def main() -> int:
    args = arguments()
    if args.database == "both":
        # One database per process: Django is set up once per process, for seeding and counting.
        codes = []
        for database in ("postgres", "sqlite"):
            forwarded = [a for a in sys.argv[1:] if not a.startswith("--database")]
            codes.append(subprocess.call([sys.executable, __file__, "--database", database, *forwarded]))
        return max(codes)
    return run_database(args)


def run_database(args) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="zi-load-"))
    try:
        env = {
            "DATABASE_URL": _throwaway_postgres(args.postgres)
            if args.database == "postgres"
            else f"sqlite:///{workdir / 'load.sqlite3'}",
            "MEDIA_ROOT": str(workdir / "media"),
            "SECRET_KEY": "load-bench-only",
            "SECRET_KEY_FILE": str(workdir / "secret_key"),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "zi_tracker.settings",
        }
        os.environ.update(env, LOG_LEVEL="WARNING")  # this process's log; the server's stays at INFO
        import _load_data

        del os.environ["LOG_LEVEL"]

        users = args.users if args.database == "postgres" else args.sqlite_users
        steps = [int(n) for n in args.ramp.split(",") if n.strip()] if args.database == "postgres" else []
        started = time.monotonic()
        personas = _load_data.seed(users=max([users, *steps]), rows=args.rows)
        label = "PostgreSQL" if args.database == "postgres" else "SQLite"
        print(
            f"== {label}: seed plan + {args.rows}-row plan, {len(personas)} users; "
            f"set-up {time.monotonic() - started:.0f} s",
            flush=True,
        )
        writes, failed = Writes(), False
        with Gunicorn(env, workdir, profile=args.profile) as server:
            recorder = Recorder()
            browsers = login(personas, server.port, recorder)
            print_run(f"logins ({len(personas)} users through the form)", recorder.samples, None)
            failed |= run_errors(recorder.samples) > 0
            rng = random.Random(args.seed)
            with CpuMeter(server.process.pid, env["DATABASE_URL"] if args.database == "postgres" else None) as cpu:
                if not args.no_think:
                    cpu.split()
                    samples, seconds = think_run(browsers[:users], personas[:users], writes, rng, args.duration)
                    title = f"think time 5-10 s, {users} users, {seconds:.0f} s, {label}"
                    print_run(title, samples, seconds, targets=True, cpu=cpu.split())
                    failed |= run_errors(samples) > 0
                if steps:
                    results = [ramp_step(browsers[:n], personas[:n], writes, rng, args.step, cpu) for n in steps]
                    print_ramp(results, ramp_knee(results))
                    failed |= any(run_errors(r["samples"]) for r in results)
        server_errors = server.errors()
        if server_errors:
            print(f"server log: {len(server_errors)} error lines, first: {server_errors[0][:400]}")
        lost = _load_data.lost_writes(writes)
        print_writes(writes, lost)
        return 1 if failed or sum(lost.values()) or server_errors else 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def login(personas, port: int, recorder: Recorder) -> list[Browser]:
    """Every user through the login form, two at a time (PBKDF2 is a core's work for a while)."""
    browsers = [Browser(port, recorder) for _ in personas]
    pending = list(zip(browsers, personas, strict=True))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not pending:
                    return
                browser, persona = pending.pop()
            try:
                browser.login(persona.username, persona.password)
            except RequestFailed as error:
                recorder.add(Sample("login", time.monotonic(), 0.0, 0, False, str(error)))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return browsers


def _users(browsers, personas, writes, seed: int, until: float, think: tuple[float, float] | None):
    def user(browser, persona, rng):
        browser.deadline = until
        if think:
            time.sleep(rng.uniform(0, think[0]))  # people do not all click at the same second
        while time.monotonic() < until:
            act(browser, persona, rng, writes)
            if think:
                time.sleep(max(0.0, min(rng.uniform(*think), until - time.monotonic())))

    threads = [
        threading.Thread(target=user, args=(b, p, random.Random(seed + n)), daemon=True)
        for n, (b, p) in enumerate(zip(browsers, personas, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, until - time.monotonic()) + 120)


def think_run(browsers, personas, writes, rng, duration: float):
    recorder = Recorder()
    for browser in browsers:
        browser.recorder = recorder
    start = time.monotonic()
    _users(browsers, personas, writes, rng.randrange(10**6), start + duration, THINK_S)
    return recorder.samples, time.monotonic() - start


def ramp_step(browsers, personas, writes, rng, seconds: float, cpu: CpuMeter) -> dict:
    """Closed-loop users without think time for `seconds`; the figures of the requests started in it."""
    recorder = Recorder()
    for browser in browsers:
        browser.recorder = recorder
    load_before = os.getloadavg()[0]
    cpu.split()
    start = time.monotonic()
    _users(browsers, personas, writes, rng.randrange(10**6), start + seconds, None)
    elapsed = time.monotonic() - start
    return {
        "users": len(browsers),
        "samples": recorder.samples,
        "seconds": elapsed,
        "load": load_before,
        "cpu": cpu.split(),
    }


class Gunicorn:
    """gunicorn with the production conf (deploy/gunicorn.conf.py) on a free loopback port."""

    def __init__(self, env: dict, workdir: Path, profile: str | None = None):
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.workdir, self.profile, self.spies = workdir, profile, []
        self.env = {
            **os.environ,
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_ACCESS_LOG": str(workdir / "access.log"),
            "GUNICORN_ERROR_LOG": str(workdir / "gunicorn.log"),
        }

    def __enter__(self):
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.app_log = open(self.workdir / "app.log", "wb")  # Django's own log lines (stderr)
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
            cwd=ROOT,
            env=self.env,
            stdout=self.app_log,
            stderr=subprocess.STDOUT,
        )
        import http.client

        for _ in range(300):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz/", headers={"Host": f"127.0.0.1:{self.port}"})
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {(self.workdir / 'app.log').read_text()[-2000:]}")
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not answer /healthz/ in 60 s")
        if self.profile:
            Path(self.profile).mkdir(parents=True, exist_ok=True)
            out = Path(self.profile) / f"py-spy-{os.environ['DATABASE_URL'].split(':')[0]}.txt"
            self.spies.append(
                subprocess.Popen(
                    ["py-spy", "record", "--pid", str(self.process.pid), "--subprocesses",
                     "--format", "raw", "--rate", "50", "--output", str(out)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )  # fmt: skip
        return self

    def __exit__(self, *exc):
        for spy in self.spies:
            spy.send_signal(2)  # py-spy writes its file on SIGINT
            spy.wait(timeout=60)
        self.process.terminate()
        self.process.wait(timeout=60)
        self.app_log.close()

    def errors(self) -> list[str]:
        """The app's and gunicorn's ERROR lines and every 5xx in the access log."""
        lines = []
        for name in ("app.log", "gunicorn.log"):
            path = self.workdir / name
            if path.exists():
                lines += [
                    line
                    for line in path.read_text(errors="replace").splitlines()
                    if '"level": "ERROR"' in line or "[ERROR]" in line or "Traceback" in line
                ]
        access = self.workdir / "access.log"
        if access.exists():
            lines += [line for line in access.read_text().splitlines() if '"status": 5' in line]
        return lines


def _throwaway_postgres(server_url: str) -> str:
    import atexit
    import uuid

    import psycopg2

    name = f"zi_load_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(server_url)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')

    def drop():
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    atexit.register(drop)
    return urllib.parse.urlparse(server_url)._replace(path=f"/{name}").geturl()


if __name__ == "__main__":
    sys.exit(main())
