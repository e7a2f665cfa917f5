"""Writes for evidence: submit files, replace a file with a new revision, review. Each atomic."""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from actionplan.models import EvidenceRequirement
from evidence.models import Evidence, EvidenceRevision, EvidenceStatus, Review, evidence_path
from evidence.sniffing import ALLOWED, HEAD_BYTES, sniff

logger = logging.getLogger(__name__)


def upload_check(*, upload: UploadedFile) -> str:
    """The upload's real content type if it is acceptable evidence; ValidationError otherwise."""
    name = upload.name
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    if upload.size > settings.ZI_EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is larger than the %(limit)s limit.")
            % {"name": name, "limit": filesizeformat(settings.ZI_EVIDENCE_MAX_BYTES)}
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    content_type = sniff(head)
    if content_type not in ALLOWED:
        raise ValidationError(
            _("%(name)s is not an accepted document. Upload PDF, JPEG, PNG, DOCX, XLSX, PPTX, ODT, ODS or ODP.")
            % {"name": name}
        )
    return content_type


def uploads_check(*, uploads: list[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Every file checked (upload_check) before any is stored: (upload, content type) each.

    One ValidationError names every bad file, so that one bad file stores none; more than
    ZI_EVIDENCE_MAX_FILES at once are refused. Evidence and recommendation follow-ups share it.
    """
    if len(uploads) > settings.ZI_EVIDENCE_MAX_FILES:
        raise ValidationError(_("At most %(n)s files at once.") % {"n": settings.ZI_EVIDENCE_MAX_FILES})
    errors, checked = [], []
    for upload in uploads:
        try:
            checked.append((upload, upload_check(upload=upload)))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def file_sha256(upload: UploadedFile) -> str:
    """The upload's SHA-256, read in chunks (the file is left at its start)."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def safe_file_name(name: str) -> str:
    """The user's file name as data only: no folders, no control characters, bounded length."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip() or "berkas"
    return base[-255:]


class StoredFiles:
    """Files written during one service call, removed again if the database work fails.

    Each is written once under a new random name (`name`, from the model's upload_to function),
    never over another. Such files were never referenced by any row; removing them keeps
    "nothing half-written".
    """

    def __init__(self):
        self.names: list[str] = []

    def store(self, upload: UploadedFile, *, name: str) -> str:
        stored = default_storage.save(name, upload)
        self.names.append(stored)
        return stored

    def discard(self):
        for name in self.names:
            try:
                default_storage.delete(name)
            except OSError:
                logger.exception("could not remove orphaned upload %s", name)


def _new_revision(
    *, evidence: Evidence, upload: UploadedFile, content_type: str, by, number: int, stored, sha256: str = ""
) -> EvidenceRevision:
    sha256 = sha256 or file_sha256(upload)  # the caller may have hashed it already
    name = stored.store(upload, name=evidence_path(None, upload.name))
    return EvidenceRevision.objects.create(
        evidence=evidence,
        number=number,
        file=name,
        original_name=safe_file_name(upload.name),
        size=upload.size,
        content_type=content_type,
        sha256=sha256,
        uploaded_by=by,
    )


def evidence_submit(
    *, requirement: EvidenceRequirement, uploads: list[UploadedFile], month: int | None, by: AbstractBaseUser
) -> list[Evidence]:
    """One new Evidence per distinct file, each Diajukan. Every file is checked first: one bad file stores none.

    Idempotent: a file whose bytes are already this requirement's (same month) current file, or
    that appears twice in one submit (a double click, the same file chosen twice), adds no second
    evidence; the existing one is returned in its place.
    """
    if not uploads:
        raise ValidationError(_("Choose at least one file."))
    item = requirement.item
    if month is not None and month not in item.target_months:
        raise ValidationError(_("That month is outside this row's target period."))
    checked = uploads_check(uploads=uploads)
    stored = StoredFiles()
    try:
        with transaction.atomic():
            # Two submits of one double click queue here (PostgreSQL), so the second sees the first.
            EvidenceRequirement.objects.select_for_update().filter(pk=requirement.pk).first()
            existing = {
                e.current.sha256: e
                for e in Evidence.objects.filter(
                    requirement=requirement, month=month, current__isnull=False
                ).select_related("current")
            }
            created = []
            for upload, content_type in checked:
                digest = file_sha256(upload)
                if digest in existing:
                    if existing[digest] not in created:
                        created.append(existing[digest])
                    continue
                evidence = Evidence.objects.create(requirement=requirement, month=month, submitted_by=by)
                revision = _new_revision(
                    evidence=evidence,
                    upload=upload,
                    content_type=content_type,
                    by=by,
                    number=1,
                    stored=stored,
                    sha256=digest,
                )
                evidence.current = revision
                evidence._history_user = by
                evidence.save(update_fields=["current", "updated_at"])
                existing[digest] = evidence
                created.append(evidence)
            return created
    except Exception:
        stored.discard()
        raise


def evidence_replace(*, evidence: Evidence, upload: UploadedFile, by: AbstractBaseUser) -> EvidenceRevision:
    """A new revision of the document; the old one stays. The evidence goes back to Diajukan."""
    content_type = upload_check(upload=upload)
    stored = StoredFiles()
    try:
        with transaction.atomic():
            locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
            number = (locked.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            revision = _new_revision(
                evidence=locked, upload=upload, content_type=content_type, by=by, number=number, stored=stored
            )
            locked.current = revision
            locked.status = EvidenceStatus.DIAJUKAN
            locked._history_user = by
            locked.save(update_fields=["current", "status", "updated_at"])
            return revision
    except Exception:
        stored.discard()
        raise


def evidence_review(*, evidence: Evidence, revision_id: int, decision: str, note: str, by: AbstractBaseUser) -> Review:
    """Accept, or send back with a note, the revision the reviewer looked at."""
    note = (note or "").replace("\r\n", "\n").strip()  # browsers send CRLF from a text area
    if decision not in Review.Decision.values:
        raise ValidationError(_("Choose Accepted or Needs revision."))
    if decision == Review.Decision.PERLU_PERBAIKAN and not note:
        raise ValidationError({"note": _("Say what needs to be revised.")})
    with transaction.atomic():
        locked = Evidence.objects.select_for_update(of=("self",)).select_related("current").get(pk=evidence.pk)
        if locked.current_id != revision_id:
            raise ValidationError(_("A newer file was uploaded while you were reviewing; review that one."))
        if locked.status != EvidenceStatus.DIAJUKAN:
            raise ValidationError(_("This evidence has already been reviewed."))
        if locked.current.uploaded_by_id == by.pk:
            raise ValidationError(_("You uploaded this file, so someone else must review it."))
        review = Review.objects.create(
            evidence=locked, revision=locked.current, decision=decision, note=note, reviewer=by
        )
        locked.status = decision
        locked._history_user = by
        locked.save(update_fields=["status", "updated_at"])
        return review
