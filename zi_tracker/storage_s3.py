"""Evidence on S3-compatible object storage (django-storages with boto3), private and streamed.

Objects are written with a private ACL and the app never hands out their URLs: `evidence:download`
checks the user's scope, then streams the object through the app (`S3EvidenceStorage.open` reads it
in ranges as it is sent, never whole into memory or onto disk).
"""

import io
import time

from boto3.s3.transfer import TransferConfig
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files import File
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

READ_BUFFER = 256 * 1024
MIB = 1024 * 1024
# A healthy bucket is remembered this long per process, so /healthz/ stays about as cheap as a
# database round trip; after a failure every call asks again.
HEALTH_TTL_S = 15


class S3ObjectReader(io.RawIOBase):
    """A seekable, read-only view of one S3 object: reads stream from the current position.

    A seek only moves the position; the next read opens a ranged GET from there. So
    `FileResponse` can learn the size (seek to the end and back) without a download, and a
    20 MB file is sent in blocks as it arrives.
    """

    def __init__(self, obj, response):
        super().__init__()
        self._obj, self._size = obj, response["ContentLength"]
        # The open GET's body and the position it has reached; a seek elsewhere leaves it be
        # until a read needs another position (FileResponse seeks to the end and back first).
        self._body, self._body_position = response["Body"], 0
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def readinto(self, buffer) -> int:
        if self._position >= self._size:
            return 0
        if self._body is None or self._body_position != self._position:
            self._close_body()
            self._body = self._obj.get(Range=f"bytes={self._position}-")["Body"]
            self._body_position = self._position
        data = self._body.read(len(buffer))
        buffer[: len(data)] = data
        self._position += len(data)
        self._body_position = self._position
        return len(data)

    def _close_body(self):
        if self._body is not None:
            self._body.close()
            self._body = None

    def close(self):
        self._close_body()
        super().close()


def bounded_transfer_config() -> TransferConfig:
    """Multipart uploads holding at most two 8 MiB parts in memory (boto3's default holds up to ten).

    bench/bench_s3_upload.py, one upload of 10 x 20 MB on a warm worker: boto3's defaults grew it by
    110 MiB; this and sending from the temporary file (`_save`), by 9 MiB.
    """
    config = TransferConfig(multipart_threshold=8 * MIB, multipart_chunksize=8 * MIB, max_concurrency=2)
    config.max_in_memory_upload_chunks = 2  # s3transfer's own knob; boto3's constructor does not pass it
    return config


class S3EvidenceStorage(S3Storage):
    """django-storages' S3 backend with bounded memory: uploads sent from their temporary file, objects
    read as streams, a missing object reported as FileNotFoundError."""

    def __init__(self, **settings):
        super().__init__(**settings)
        if settings.get("transfer_config") is None:
            self.transfer_config = bounded_transfer_config()

    def _save(self, name, content):
        temporary_path = getattr(content, "temporary_file_path", None)
        if temporary_path is None:  # small uploads held in memory, restored files
            return super()._save(name, content)
        # An upload Django spooled to disk (above 2.5 MB): s3transfer reads each part from the file
        # as it sends it, instead of copying parts into memory.
        cleaned = clean_name(name)
        key = self._normalize_name(cleaned)
        params = self._get_write_parameters(key, content)
        self.bucket.Object(key).upload_file(temporary_path(), ExtraArgs=params, Config=self.transfer_config)
        return cleaned

    def _open(self, name, mode="rb"):
        if "w" in mode or "+" in mode or "a" in mode:
            return super()._open(name, mode)
        key = self._normalize_name(clean_name(name))
        obj = self.bucket.Object(key)
        try:
            response = obj.get()
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(f"File does not exist: {name}") from error
            raise
        return File(io.BufferedReader(S3ObjectReader(obj, response), READ_BUFFER), name=name)

    def problem(self) -> str | None:
        """None if the bucket answers; otherwise a short reason (no keys, no addresses)."""
        if getattr(self, "_healthy_until", 0) > time.monotonic():
            return None
        self._healthy_until = 0
        try:
            self.connection.meta.client.head_bucket(Bucket=self.bucket_name)
        except ClientError as error:
            return f"object storage answered {error.response['ResponseMetadata']['HTTPStatusCode']}"
        except BotoCoreError as error:
            return f"object storage unreachable ({type(error).__name__})"
        self._healthy_until = time.monotonic() + HEALTH_TTL_S
        return None
