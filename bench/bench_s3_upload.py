"""Memory of one upload of 10 x 20 MB files, on object storage (S3 API) and on local disk.

Run: .venv/bin/python bench/bench_s3_upload.py   (or `make bench`)
Target (issue 16): RSS growth of the gunicorn worker under 50 MB on object storage, as on local
disk. The object store is moto's S3 server on 127.0.0.1 (a real S3 API over HTTP, objects kept in
its own process); the client streams the multipart body from disk, so neither side holds it whole.
Needs ~450 MB free in /tmp (the client's files, and the worker's spooled upload).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import _django

WORK = Path(tempfile.mkdtemp(prefix="zi-bench-s3-"))
os.environ["MEDIA_ROOT"] = str(WORK / "media")
_django.setup()

from _server import Client, Sampler, Server, free_port  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402

from accounts.models import Membership, Role  # noqa: E402
from actionplan.models import ActionItem, Plan  # noqa: E402
from evidence.models import EvidenceRevision  # noqa: E402

FILES, FILE_BYTES = 10, 20_000_000  # 20 MB each: under the 20 MiB default limit, 10 is the default count
PASSWORD = "bench-pass-123"
KEY, SECRET, REGION = "bench-key", "bench-secret", "us-east-1"


def write_files() -> list[Path]:
    paths = []
    for n in range(FILES):
        path = WORK / f"bukti-{n}.pdf"
        with path.open("wb") as out:
            out.write(b"%PDF-1.7\n")
            remaining = FILE_BYTES - 9
            while remaining:
                block = os.urandom(min(remaining, 1024 * 1024))
                out.write(block)
                remaining -= len(block)
        paths.append(path)
    return paths


def upload(client: Client, server: Server, item: ActionItem, paths: list[Path]) -> tuple[float, float]:
    """One POST of the row page's upload form with every file, streamed; (RSS growth MiB, seconds)."""
    boundary = uuid.uuid4().hex
    requirement = item.requirements.first()
    fields = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="requirement"\r\n\r\n{requirement.pk}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="month"\r\n\r\n\r\n'
    ).encode()
    heads = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        for path in paths
    ]
    tail = f"--{boundary}--\r\n".encode()
    length = len(fields) + sum(len(h) + p.stat().st_size + 2 for h, p in zip(heads, paths, strict=True)) + len(tail)
    connection = client.connection()
    started = time.perf_counter()
    with Sampler(server.worker_pid) as sampler:
        connection.putrequest("POST", f"/items/{item.pk}/evidence/")
        for name, value in client.headers().items():
            connection.putheader(name, value)
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("Content-Length", str(length))
        connection.endheaders()
        connection.send(fields)
        for head, path in zip(heads, paths, strict=True):
            connection.send(head)
            with path.open("rb") as source:
                while chunk := source.read(256 * 1024):
                    connection.send(chunk)
            connection.send(b"\r\n")
        connection.send(tail)
        response = connection.getresponse()
        response.read()
    elapsed = time.perf_counter() - started
    assert response.status == 302, f"upload answered {response.status}"
    return sampler.growth_mib, elapsed


def moto_server() -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
            return process, endpoint
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("moto server did not start")


def run(label: str, env: dict, item: ActionItem, paths: list[Path]) -> tuple[str, float, float]:
    with Server({"DATABASE_URL": os.environ["DATABASE_URL"], "STATIC_ROOT": str(WORK / "static"), **env}) as server:
        client = Client(server, "bench", PASSWORD)
        # Warm the worker as production traffic would have: templates, and (through the health
        # check, which asks the bucket) boto3 imported and its client made.
        client.request("GET", "/")
        client.request("GET", "/healthz/")
        growth, seconds = upload(client, server, item, paths)
    return label, growth, seconds


def main() -> None:
    plan = Plan.objects.get(decree_number="995")
    user = get_user_model().objects.create_user("bench", password=PASSWORD, email="bench@example.test")
    Membership.objects.create(user=user, unit=plan.unit, role=Role.KOORDINATOR)
    items = list(ActionItem.objects.filter(area__plan=plan).order_by("pk")[:2])
    paths = write_files()
    moto, endpoint = moto_server()
    import boto3

    s3 = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=KEY, aws_secret_access_key=SECRET, region_name=REGION
    )
    s3.create_bucket(Bucket="zi-bench")
    s3_env = {
        "ZI_STORAGE": "s3",
        "ZI_S3_BUCKET": "zi-bench",
        "ZI_S3_ENDPOINT_URL": endpoint,
        "ZI_S3_REGION": REGION,
        "AWS_ACCESS_KEY_ID": KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    try:
        results = [
            run("object storage (S3 API)", s3_env, items[0], paths),
            run("local disk", {"MEDIA_ROOT": os.environ["MEDIA_ROOT"]}, items[1], paths),
        ]
        objects = s3.list_objects_v2(Bucket="zi-bench").get("Contents", [])
        assert len(objects) == FILES and all(o["Size"] == FILE_BYTES for o in objects), objects
    finally:
        moto.terminate()
        moto.wait(timeout=20)
    assert EvidenceRevision.objects.filter(size=FILE_BYTES).count() == 2 * FILES
    total = FILES * FILE_BYTES / 1e6
    print(f"{'upload of ' + str(FILES) + ' x 20 MB (' + f'{total:.0f} MB' + ')':<34}{'time (s)':>10}{'RSS growth':>14}")
    for label, growth, seconds in results:
        verdict = "ok" if growth < 50 else "OVER TARGET"
        print(f"{label:<34}{seconds:>10.2f}{growth:>10.1f} MiB  {verdict}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
