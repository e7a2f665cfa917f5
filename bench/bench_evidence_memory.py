"""Peak memory (RSS growth of the gunicorn worker) while uploading a 50 MB file and streaming a 500 MB bundle.

Run: .venv/bin/python bench/bench_evidence_memory.py   (or `make bench`)
Target: growth under 50 MB for both. The server is a real gunicorn worker on loopback; the client
streams the upload body from disk and reads the bundle in chunks, so neither side holds it whole.
"""

import hashlib
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import _django

MEDIA = Path(tempfile.mkdtemp(prefix="zi-bench-media-"))
STATIC = Path(tempfile.mkdtemp(prefix="zi-bench-static-"))
os.environ["MEDIA_ROOT"] = str(MEDIA)
os.environ["ZI_EVIDENCE_MAX_MB"] = "60"
_django.setup()

from _server import Client, Sampler, Server  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402

from accounts.models import Membership, Role  # noqa: E402
from actionplan.models import ActionItem, Plan  # noqa: E402
from evidence.models import Evidence, EvidenceRevision, EvidenceStatus  # noqa: E402

MIB = 1024 * 1024
UPLOAD_MIB = 50
BUNDLE_FILES, BUNDLE_FILE_MIB = 50, 10
PASSWORD = "bench-pass-123"


def write_file(path: Path, mib: int, head: bytes = b"%PDF-1.7\n") -> str:
    """A file of `mib` MiB that sniffs as PDF (magic bytes first), written in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("wb") as out:
        out.write(head)
        digest.update(head)
        block = os.urandom(MIB)
        for _ in range(mib):
            out.write(block)
            digest.update(block)
    return digest.hexdigest()


def bench_upload(client: Client, server: Server, item: ActionItem) -> tuple[float, float]:
    path = MEDIA.parent / f"{MEDIA.name}-upload.pdf"
    write_file(path, UPLOAD_MIB)
    boundary = uuid.uuid4().hex
    requirement = item.requirements.first()
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="requirement"\r\n\r\n{requirement.pk}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="month"\r\n\r\n\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="besar.pdf"\r\n'
        f"Content-Type: application/pdf\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    connection = client.connection()
    started = time.perf_counter()
    with Sampler(server.worker_pid) as sampler:
        connection.putrequest("POST", f"/items/{item.pk}/evidence/")
        for name, value in client.headers().items():
            connection.putheader(name, value)
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("Content-Length", str(len(head) + path.stat().st_size + len(tail)))
        connection.endheaders()
        connection.send(head)
        with path.open("rb") as source:
            while chunk := source.read(256 * 1024):
                connection.send(chunk)
        connection.send(tail)
        response = connection.getresponse()
        response.read()
    elapsed = time.perf_counter() - started
    assert response.status == 302, f"upload answered {response.status}"
    stored = EvidenceRevision.objects.get(original_name="besar.pdf")
    assert stored.size == path.stat().st_size
    path.unlink()
    return sampler.growth_mib, elapsed


def make_bundle(plan: Plan, user) -> int:
    """BUNDLE_FILES accepted evidence of BUNDLE_FILE_MIB each, stored through the storage API."""
    items = list(ActionItem.objects.filter(area__plan=plan).prefetch_related("requirements"))
    (MEDIA / "evidence").mkdir(parents=True, exist_ok=True)
    total = 0
    for n in range(BUNDLE_FILES):
        item = items[n % len(items)]
        requirement = item.requirements.all()[0]
        name = f"evidence/{uuid.uuid4().hex}"
        sha = write_file(MEDIA / name, BUNDLE_FILE_MIB)
        size = (MEDIA / name).stat().st_size
        evidence = Evidence.objects.create(requirement=requirement, submitted_by=user, status=EvidenceStatus.DITERIMA)
        revision = EvidenceRevision.objects.create(
            evidence=evidence,
            number=1,
            file=name,
            original_name=f"bukti-{n}.pdf",
            size=size,
            content_type="application/pdf",
            sha256=sha,
            uploaded_by=user,
        )
        evidence.current = revision
        evidence.save(update_fields=["current"])
        total += size
    assert default_storage.exists(name)
    return total


def bench_bundle(client: Client, server: Server, plan: Plan) -> tuple[float, float, int]:
    connection = client.connection()
    received = 0
    started = time.perf_counter()
    with Sampler(server.worker_pid) as sampler:
        connection.request("GET", f"/plans/{plan.pk}/evidence.zip", headers=client.headers())
        response = connection.getresponse()
        assert response.status == 200, f"bundle answered {response.status}"
        while chunk := response.read(1024 * 1024):
            received += len(chunk)
    return sampler.growth_mib, time.perf_counter() - started, received


def main() -> None:
    plan = Plan.objects.get(decree_number="995")
    user = get_user_model().objects.create_user("bench", password=PASSWORD, email="bench@example.test")
    Membership.objects.create(user=user, unit=plan.unit, role=Role.KOORDINATOR)
    item = ActionItem.objects.get(area__plan=plan, area__numeral="I", number=1)
    bundle_bytes = make_bundle(plan, get_user_model().objects.create_user("uploader"))
    env = {
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "MEDIA_ROOT": str(MEDIA),
        "ZI_EVIDENCE_MAX_MB": "60",
        "STATIC_ROOT": str(STATIC),
    }
    with Server(env) as server:
        client = Client(server, "bench", PASSWORD)
        client.connection().request("GET", "/", headers=client.headers())  # warm the worker
        upload_growth, upload_seconds = bench_upload(client, server, item)
        bundle_growth, bundle_seconds, received = bench_bundle(client, server, plan)
    print(f"{'operation':<34}{'size':>10}{'time (s)':>10}{'RSS growth':>14}")
    verdict = lambda growth: "ok" if growth < 50 else "OVER TARGET"  # noqa: E731
    print(
        f"{'upload one file':<34}{UPLOAD_MIB:>7} MiB{upload_seconds:>10.2f}{upload_growth:>10.1f} MiB  {verdict(upload_growth)}"
    )
    print(
        f"{f'stream bundle ({BUNDLE_FILES} files)':<34}{received / 1024 / 1024:>7.0f} MiB{bundle_seconds:>10.2f}{bundle_growth:>10.1f} MiB  {verdict(bundle_growth)}"
    )
    assert received > bundle_bytes


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(MEDIA, ignore_errors=True)
        shutil.rmtree(STATIC, ignore_errors=True)
