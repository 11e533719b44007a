"""Validation of uploaded files by their content, not their name; private file storage."""

import os

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

RASTER_IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}
MAX_IMAGE_PIXELS = 40_000_000


class PrivateFileStorage(FileSystemStorage):
    """Files only the app hands out, after checking who asks: under PRIVATE_MEDIA_ROOT, never /media/."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage():
    return PrivateFileStorage()


def _sniff(upload, max_bytes: int):
    """Refuse an oversize file, then tell its type from its first bytes (None when unknown)."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    return kind


def validate_image_upload(upload, *, max_bytes: int | None = None) -> None:
    """Refuse anything that is not a real raster image of an allowed type and size.

    SVG is refused on purpose: it can carry script.
    """
    kind = _sniff(upload, max_bytes or settings.LOGO_MAX_BYTES)
    if kind is None or kind.mime not in RASTER_IMAGE_TYPES:
        raise ValidationError(_("Upload a PNG, JPEG, WebP or GIF image."), code="invalid_image_type")
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("The image is too large in pixels."), code="image_too_large")
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(_("The file is not a valid image."), code="invalid_image") from error
    finally:
        upload.seek(0)


DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    # Office files are zip containers; filetype names them by their inner layout.
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def validate_document_upload(upload, *, max_bytes: int = ATTACHMENT_MAX_BYTES) -> str:
    """Accept PDF, Office documents and raster images, judged by content; return the real MIME type."""
    kind = _sniff(upload, max_bytes)
    if kind is None or kind.mime not in DOCUMENT_TYPES:
        raise ValidationError(_("Upload a PDF, Word, Excel, PowerPoint or image file."), code="invalid_file_type")
    if kind.mime.startswith("image/"):
        validate_image_upload(upload, max_bytes=max_bytes)
    return kind.mime
