"""Fixtures for the operations tests: a local S3 server, extra database aliases (fresh installations)."""

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend


@contextmanager
def extra_database(alias: str, settings_dict: dict):
    """`alias` connects this thread to another database for the block (a fresh installation).

    The connection is this thread's alone and not in DATABASES, which Django's test cases allow
    ("dynamically created connections"); the suite's own database stays the default.
    """
    configured = connections.configure_settings({DEFAULT_DB_ALIAS: {}, alias: dict(settings_dict)})[alias]
    connections[alias] = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]


S3_KEY, S3_SECRET, S3_REGION = "zi-test-key", "zi-test-secret", "us-east-1"


@pytest.fixture(scope="session")
def s3_server():
    """moto's standalone S3 server on 127.0.0.1 for the run: a real S3 API over HTTP, no mock of the client."""
    port = free_port()
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"moto server did not start: {log.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.1)
    yield endpoint
    process.terminate()
    process.wait(timeout=10)
    log.close()


def s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=S3_KEY, aws_secret_access_key=S3_SECRET, region_name=S3_REGION
    )


def s3_options(endpoint: str, bucket: str) -> dict:
    """The OPTIONS settings.py builds for ZI_STORAGE=s3, with the test server's address and keys."""
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": S3_REGION,
        "access_key": S3_KEY,
        "secret_key": S3_SECRET,
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
        "querystring_expire": 60,
        "signature_version": "s3v4",
    }


@pytest.fixture
def s3_bucket(s3_server, settings):
    """A new bucket, made the evidence storage (STORAGES["default"]) for the test."""
    bucket = f"zi-{uuid.uuid4().hex[:12]}"
    s3_client(s3_server).create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "zi_tracker.storage_s3.S3EvidenceStorage", "OPTIONS": s3_options(s3_server, bucket)},
    }
    return bucket


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
