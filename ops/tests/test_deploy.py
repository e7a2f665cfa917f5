"""The deployment files (deploy/, Dockerfile, docker-compose.yml) are valid and fit the app's settings.

The cheap checks run in every suite. The live stack (collectstatic with the manifest storage,
gunicorn with deploy/gunicorn.conf.py, nginx with the site in front, over TLS) runs once per CI
run: `.ci/run` sets ZI_DEPLOY_TESTS=1 (locally: `ZI_DEPLOY_TESTS=1 .venv/bin/pytest -p no:xdist
ops/tests/test_deploy.py`). nginx and docker-compose come from apt in CI; without them locally,
their checks are skipped (in CI they fail instead).
"""

import json
import os
import re
import runpy
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import load_command_class

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
MIB = 1024 * 1024
live = pytest.mark.skipif(
    not os.environ.get("ZI_DEPLOY_TESTS"), reason="the live stack runs once from .ci/run (ZI_DEPLOY_TESTS=1)"
)


def tool(name: str) -> str:
    path = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing: .ci/run installs it from apt")
    pytest.skip(f"{name} not installed (apt-get install --no-install-recommends {name})")


def nginx_site() -> str:
    return (DEPLOY / "nginx" / "zi-tracker.conf").read_text()


@pytest.fixture(autouse=True)
def _database_tasks(settings):
    """As in production (ZI_TASKS=database): db_worker checks that its backend is the database's."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def db_worker_accepts(args: list[str]) -> None:
    """Parse the arguments as `manage.py db_worker` would: an unknown option fails the test."""
    assert args[:2] == ["manage.py", "db_worker"], args
    command = load_command_class("django_tasks_db", "db_worker")
    command.create_parser("manage.py", "db_worker").parse_args(args[2:])


# --- cheap checks, in every suite -------------------------------------------------------------


def test_nginx_body_limit_is_the_apps_upload_limit_times_files():
    (limit,) = re.findall(r"client_max_body_size\s+(\d+)m;", nginx_site())
    files_mib = settings.ZI_EVIDENCE_MAX_BYTES * settings.ZI_EVIDENCE_MAX_FILES / MIB
    assert int(limit) == files_mib + 1  # 1 MiB for the other fields and the multipart headers


def test_nginx_has_no_media_location_and_outlasts_gunicorn():
    site = nginx_site()
    locations = re.findall(r"^\s*location\s+(\S+)", site, re.M)
    assert sorted(locations) == ["/", "/", "/.well-known/acme-challenge/", "/static/"]
    assert "media" not in " ".join(line.split("#")[0] for line in site.splitlines())
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    (read_timeout,) = re.findall(r"proxy_read_timeout\s+(\d+)s;", site)
    assert int(read_timeout) > conf["timeout"] >= 120


def test_gunicorn_conf_workers_from_cores_and_timeouts(monkeypatch):
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert conf["workers"] == (os.cpu_count() or 1) * 2 + 1
    assert conf["timeout"] == 180 and conf["graceful_timeout"] == 30 and conf["accesslog"] == "-"
    assert conf["wsgi_app"] == "zi_tracker.wsgi:application" and conf["chdir"] == str(ROOT)
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "300")
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert conf["workers"] == 3 and conf["timeout"] == 300


def unit_values(path: Path) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _sep, value = line.partition("=")
            values.setdefault(key, []).append(value)
    return values


def test_systemd_units_verify_and_run_the_right_commands(tmp_path):
    web, worker = DEPLOY / "systemd" / "zi-tracker.service", DEPLOY / "systemd" / "zi-tracker-worker.service"
    web_exec = shlex.split(unit_values(web)["ExecStart"][0])
    assert web_exec == ["/srv/zi-tracker/.venv/bin/gunicorn", "-c", "deploy/gunicorn.conf.py"]
    worker_exec = shlex.split(unit_values(worker)["ExecStart"][0])
    assert worker_exec[0] == "/srv/zi-tracker/.venv/bin/python"
    db_worker_accepts(worker_exec[1:])
    for unit in (web, worker):
        assert unit_values(unit)["WorkingDirectory"] == ["/srv/zi-tracker"]
        assert unit_values(unit)["EnvironmentFile"] == ["/etc/zi-tracker/env"]
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze not installed")
    (tmp_path / "env").write_text("DEBUG=0\n")
    for unit in (web, worker):  # verify against this checkout: the binaries must exist
        text = unit.read_text().replace("/srv/zi-tracker/.venv", str(Path(sys.executable).parent.parent))
        (tmp_path / unit.name).write_text(text.replace("/etc/zi-tracker/env", str(tmp_path / "env")))
    result = subprocess.run(
        [analyze, "verify", *(str(tmp_path / unit.name) for unit in (web, worker))], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_env_example_names_only_settings_the_app_reads():
    names = [line.lstrip("# ").split("=")[0] for line in (DEPLOY / "env.example").read_text().splitlines()]
    names = [name for name in names if re.fullmatch(r"[A-Z][A-Z0-9_]+", name)]
    read = (ROOT / "zi_tracker" / "settings.py").read_text()
    elsewhere = {"DATABASE_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}  # dj-database-url, boto3
    assert names and [name for name in names if f'"{name}"' not in read and name not in elsewhere] == []


def test_every_manage_py_line_in_readme_names_a_command_with_its_real_options():
    """README's cron lines and recipes (its code blocks: backup, check_storage, send_reminders, ...) still parse."""
    from django.core.management import get_commands

    commands = get_commands()
    blocks = "\n".join(re.findall(r"^```[a-z]*\n(.*?)^```", (ROOT / "README.md").read_text(), re.M | re.S))
    found = re.findall(r"manage\.py ([a-z_]+)((?: [^\s>&|`;)#]+)*)", blocks)
    assert {"backup", "check_storage", "db_worker", "send_reminders"} <= {name for name, _args in found}
    for name, args in found:
        assert name in commands, name
        command = load_command_class(commands[name], name)
        command.create_parser("manage.py", name).parse_args(args.split())


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_app_worker_and_postgresql_from_the_dockerfile():
    services = compose()["services"]
    assert set(services) == {"app", "worker", "db"}
    assert services["app"]["build"] == "." and services["worker"]["image"] == services["app"]["image"]
    app_command = services["app"]["command"]
    assert app_command[:2] == ["sh", "-c"] and "exec gunicorn -c deploy/gunicorn.conf.py" in app_command[2]
    assert "manage.py migrate --noinput" in app_command[2]
    db_worker_accepts(services["worker"]["command"][1:])
    assert services["app"]["environment"]["DATABASE_URL"].endswith("@db:5432/zi")
    assert services["db"]["image"].startswith("postgres:15")
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "postgresql-client-15" in dockerfile  # pg_dump of the same major version as the db image
    assert 'CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py"]' in dockerfile
    assert "HEALTHCHECK" in dockerfile and (DEPLOY / "healthcheck.py").exists()
    for source in re.findall(r"^COPY (\S+)", dockerfile, re.M):
        assert (ROOT / source).exists(), source
    for volume in ("/srv/zi-tracker/var",):
        assert (
            f"appdata:{volume}" in services["app"]["volumes"] and f"appdata:{volume}" in services["worker"]["volumes"]
        )


def test_compose_file_is_valid_for_docker_compose(tmp_path):
    binary = tool("docker-compose")
    result = subprocess.run(
        [binary, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        env={**os.environ, "SECRET_KEY": "x", "POSTGRES_PASSWORD": "y"},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=zi.example.go.id", "-days", "2",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def nginx_config(directory: Path, *, http_port=80, https_port=443, upstream="127.0.0.1:8000", static=None) -> Path:
    """The site inside a minimal nginx.conf of its own: test certificate, ports, logs under `directory`."""
    cert, key = self_signed_certificate(directory)
    site = nginx_site()
    site = site.replace("/etc/letsencrypt/live/zi.example.go.id/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/zi.example.go.id/privkey.pem", str(key))
    site = site.replace("/var/log/nginx/", f"{directory}/")
    site = re.sub(r"listen \[::\]:\d+[^;]*;\n", "", site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    site = site.replace("server 127.0.0.1:8000", f"server {upstream}")
    if static:
        site = site.replace("/srv/zi-tracker/staticfiles/", f"{static}/")
    (directory / "site.conf").write_text(site)
    main = directory / "nginx.conf"
    main.write_text(
        # root: the test's files live in private temporary directories
        f"user root;\npid {directory}/nginx.pid;\nerror_log {directory}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  client_body_temp_path {directory}/body;\n"
        f"  proxy_temp_path {directory}/proxy;\n  include {directory}/site.conf;\n}}\n"
    )
    return main


def test_nginx_site_passes_nginx_t(tmp_path):
    nginx = tool("nginx")
    main = nginx_config(tmp_path)
    result = subprocess.run(
        [nginx, "-t", "-c", str(main), "-p", str(tmp_path), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "test is successful" in result.stderr, result.stderr


# --- the live stack, once per CI run --------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited early: {log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"no answer on port {port}: {log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic with the project's storage (WhiteNoise, hashed manifest) into a fresh STATIC_ROOT.

    .ci/run collects once for its own `check --deploy` and passes the directory in ZI_COLLECTED_STATIC.
    """
    if os.environ.get("ZI_COLLECTED_STATIC"):
        static = Path(os.environ["ZI_COLLECTED_STATIC"])
        assert (static / "staticfiles.json").exists()
        return static
    static = tmp_path_factory.mktemp("static")
    env = {**os.environ, "STATIC_ROOT": str(static), "DEBUG": "0", "SECRET_KEY": "collectstatic"}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    return static


@pytest.fixture(scope="module")
def stack(collected, tmp_path_factory):
    """gunicorn (deploy/gunicorn.conf.py) on a fresh SQLite database, with nginx (the site) in front."""
    nginx = tool("nginx")
    work = tmp_path_factory.mktemp("stack")
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "deploy-test",
        "ALLOWED_HOSTS": "zi.example.go.id,127.0.0.1",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(collected),
        "TRUST_X_FORWARDED_PROTO": "1",
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": str(work / "access.log"),
        "GUNICORN_ERROR_LOG": str(work / "gunicorn.log"),
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    app = subprocess.Popen([str(gunicorn), "-c", str(DEPLOY / "gunicorn.conf.py")], cwd="/", env=env)
    (work / "gunicorn.log").touch()
    wait_for(app_port, app, work / "gunicorn.log")
    main = nginx_config(work, http_port=http_port, https_port=https_port, upstream=f"127.0.0.1:{app_port}",
                        static=collected)  # fmt: skip
    proxy = subprocess.Popen([nginx, "-c", str(main), "-p", str(work), "-e", str(work / "error.log"),
                              "-g", "daemon off;"])  # fmt: skip
    (work / "error.log").touch()
    wait_for(https_port, proxy, work / "error.log")
    yield {"app": app_port, "http": http_port, "https": https_port, "work": work, "env": env}
    proxy.terminate()
    app.terminate()
    proxy.wait(timeout=20)
    app.wait(timeout=40)


def fetch(url: str, headers: dict | None = None, method="GET", data=None):
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the test's self-signed certificate
    request = urllib.request.Request(url, headers={"Host": "zi.example.go.id", **(headers or {})}, method=method,
                                     data=data)  # fmt: skip

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@live
def test_healthz_through_nginx_and_gunicorn_with_one_request_id(stack):
    status, headers, body = fetch(f"https://127.0.0.1:{stack['https']}/healthz/")
    assert status == 200 and json.loads(body) == {"status": "ok"}
    request_id = headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id, kept by the app
    time.sleep(0.5)
    access = [json.loads(line) for line in (stack["work"] / "access.log").read_text().splitlines()]
    (line,) = [entry for entry in access if entry["request_id"] == request_id]
    assert line["path"] == "/healthz/" and line["status"] == 200 and line["method"] == "GET"
    nginx_lines = [json.loads(line) for line in (stack["work"] / "zi-tracker.access.log").read_text().splitlines()]
    assert any(entry["request_id"] == request_id and entry["status"] == 200 for entry in nginx_lines)


@live
def test_the_containers_health_check_script_sees_the_app(stack):
    result = subprocess.run(
        [sys.executable, str(DEPLOY / "healthcheck.py"), f"http://127.0.0.1:{stack['app']}/healthz/"],
        env={**os.environ, "ALLOWED_HOSTS": "zi.example.go.id"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and '"ok"' in result.stdout


@live
def test_plain_http_is_sent_to_https(stack):
    status, headers, _body = fetch(f"http://127.0.0.1:{stack['http']}/plans/")
    assert status == 301 and headers["Location"] == "https://zi.example.go.id/plans/"


@live
def test_hashed_static_files_from_nginx_and_whitenoise_are_immutable(stack, collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/app.css"]
    assert re.fullmatch(r"css/app\.[0-9a-f]{12}\.css", hashed)
    status, headers, body = fetch(f"https://127.0.0.1:{stack['https']}/static/{hashed}", {"Accept-Encoding": "gzip"})
    assert status == 200 and "immutable" in headers["Cache-Control"] and headers.get("Content-Encoding") == "gzip"
    status, headers, _body = fetch(f"http://127.0.0.1:{stack['app']}/static/{hashed}")  # WhiteNoise, without nginx
    assert status == 200 and "immutable" in headers["Cache-Control"]


@live
def test_pages_link_the_hashed_names(stack, collected):
    status, _headers, body = fetch(f"https://127.0.0.1:{stack['https']}/accounts/login/")
    hashed = json.loads((collected / "staticfiles.json").read_text())["paths"]["css/app.css"]
    assert status == 200 and f"/static/{hashed}".encode() in body


@live
def test_an_upload_over_the_limit_is_refused_by_nginx_before_gunicorn(stack):
    over = settings.ZI_EVIDENCE_MAX_BYTES * settings.ZI_EVIDENCE_MAX_FILES + 2 * MIB
    connection = ssl.create_default_context()
    connection.check_hostname, connection.verify_mode = False, ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", stack["https"])) as raw, connection.wrap_socket(raw) as tls:
        tls.sendall(
            f"POST /items/1/evidence/ HTTP/1.1\r\nHost: zi.example.go.id\r\nContent-Length: {over}\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\n\r\n".encode()
        )
        answer = tls.recv(4096).decode(errors="replace")
    assert answer.startswith("HTTP/1.1 413")


def env_example() -> dict[str, str]:
    lines = (DEPLOY / "env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_env_example_is_plain_enough_for_a_shell_and_systemd():
    for name, value in env_example().items():
        assert re.fullmatch(r"[^\s\"'<>;&|$`]*", value), f"{name}={value}"


@live
def test_check_deploy_passes_with_env_example_and_the_manifest_and_warns_without(collected, tmp_path):
    """README's claim: deploy/env.example's settings (with a real key) pass the deployment checks."""
    env = {**os.environ, **env_example(), "SECRET_KEY": "deploy-check-" + "k3y!" * 15}
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    result = subprocess.run(
        command, cwd=ROOT, env={**env, "STATIC_ROOT": str(collected)}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    result = subprocess.run(
        command, cwd=ROOT, env={**env, "STATIC_ROOT": str(tmp_path)}, capture_output=True, text=True
    )
    assert result.returncode != 0 and "ops.W001" in result.stderr
    result = subprocess.run(command, cwd=ROOT, env={**env_example(), **os.environ, "STATIC_ROOT": str(collected),
                            "SECRET_KEY": env_example()["SECRET_KEY"]}, capture_output=True, text=True)  # fmt: skip
    assert result.returncode != 0 and "security.W009" in result.stderr  # the example's key must be replaced
