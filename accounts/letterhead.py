"""A unit's letterhead (kop surat): the logo upload's checks, saving it, and the logo for a PDF.

The logo is stored like evidence, under a random name and never at a public URL; documents embed
it as a data: URL (the PDF renderer fetches nothing else), pages show it through a scoped view.
"""

import base64
from io import BytesIO

import filetype
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from accounts.models import Unit, letterhead_path

LOGO_TYPES = {"image/png", "image/jpeg"}
LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 3000  # per side: a kop's logo prints about 2.5 cm wide


def logo_check(*, upload: UploadedFile) -> str:
    """The logo's real type (PNG or JPEG, by its bytes) if it is a usable image; ValidationError otherwise."""
    if upload.size == 0:
        raise ValidationError({"logo": _("%(name)s is empty.") % {"name": upload.name}})
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            {"logo": _("The logo may be at most %(limit)s.") % {"limit": filesizeformat(LOGO_MAX_BYTES)}}
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is None or kind.mime not in LOGO_TYPES:
        raise ValidationError({"logo": _("The logo must be a PNG or JPEG image.")})
    try:
        with Image.open(BytesIO(upload.read())) as image:
            width, height = image.size
            image.verify()  # a truncated or corrupt file fails here, not in the PDF
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError({"logo": _("The logo could not be read as an image.")}) from None
    finally:
        upload.seek(0)
    if max(width, height) > LOGO_MAX_PIXELS:
        raise ValidationError(
            {"logo": _("The logo may be at most %(n)s pixels wide and high.") % {"n": LOGO_MAX_PIXELS}}
        )
    return kind.mime


def letterhead_save(
    *,
    unit: Unit,
    name: str,
    address: str,
    logo: UploadedFile | None,
    remove_logo: bool,
    by: AbstractBaseUser,
) -> Unit:
    """Store the kop's text and logo (a new logo is a new file; the old one stays for the unit's history)."""
    if logo is not None:
        logo_check(upload=logo)
    stored = None
    try:
        with transaction.atomic():
            locked = Unit.objects.select_for_update().get(pk=unit.pk)
            locked.letterhead_name = name.replace("\r\n", "\n").strip()
            locked.address = address.replace("\r\n", "\n").strip()
            if logo is not None:
                stored = default_storage.save(letterhead_path(locked, logo.name), logo)
                locked.letterhead_logo = stored
            elif remove_logo:
                locked.letterhead_logo = ""
            locked._history_user = by
            locked.save()
            return locked
    except Exception:
        if stored:
            default_storage.delete(stored)
        raise


def logo_bytes(unit: Unit) -> tuple[bytes, str] | None:
    """The stored logo and its type, or None (no logo, or its file is missing from storage)."""
    if not unit.letterhead_logo:
        return None
    try:
        with default_storage.open(unit.letterhead_logo.name, "rb") as stored:
            content = stored.read(LOGO_MAX_BYTES + 1)
    except OSError:
        return None
    kind = filetype.guess(content[:8192])
    if kind is None or kind.mime not in LOGO_TYPES:
        return None
    return content, kind.mime


def logo_data_uri(unit: Unit) -> str:
    """The logo as a data: URL for WeasyPrint, or "" without one."""
    found = logo_bytes(unit)
    if found is None:
        return ""
    content, mime = found
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"
