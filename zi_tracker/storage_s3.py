"""Evidence on S3-compatible object storage (django-storages with boto3), private and streamed.

Objects are written with a private ACL and the app never hands out their URLs: `evidence:download`
checks the user's scope, then streams the object through the app (`S3EvidenceStorage.open` reads it
in ranges as it is sent, never whole into memory or onto disk).
"""

import io
import time

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files import File
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

READ_BUFFER = 256 * 1024
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


class S3EvidenceStorage(S3Storage):
    """django-storages' S3 backend, reading objects as streams and reporting a missing one as FileNotFoundError."""

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
