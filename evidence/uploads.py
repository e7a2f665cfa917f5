"""Upload handling for evidence: the size limit enforced while the body streams in."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class SizeLimitUploadHandler(FileUploadHandler):
    """Skips any uploaded file once it passes ZI_EVIDENCE_MAX_BYTES, so it is never kept whole.

    The skipped file's name is put on `request.oversize_uploads`; the view turns it into a
    message. The rest of its body is read and discarded by Django's parser, chunk by chunk.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.ZI_EVIDENCE_MAX_BYTES
        self.received = 0
        if request is not None and not hasattr(request, "oversize_uploads"):
            request.oversize_uploads = []

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            if self.request is not None:
                self.request.oversize_uploads.append(self.file_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def oversize_errors(request) -> list[str]:
    """Files the handler skipped for their size, each named in a message (for the view's form errors)."""
    limit = filesizeformat(settings.ZI_EVIDENCE_MAX_BYTES)
    return [
        _("%(name)s is larger than the %(limit)s limit.") % {"name": name, "limit": limit}
        for name in getattr(request, "oversize_uploads", [])
    ]
