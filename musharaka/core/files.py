"""Validation of uploaded files by their content, not their name; private file storage."""

import io
import os

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

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


# How long a browser or a shared cache may keep a file of a published record. The URL carries the file's
# stored name, so a new file is a new URL and what sits at one never changes; only whether it may be
# seen does (a record taken out of publication). A day bounds how long a cache can go on showing it.
PUBLISHED_FILE_MAX_AGE = 24 * 60 * 60


def protected_file_url(viewname: str, file, **kwargs) -> str:
    """The address of the checking view for a stored private file, named by the file (see PUBLISHED_FILE_MAX_AGE);
    "" without a file. The view takes the record's ids in `kwargs` and the file's name as `filename`."""
    if not file:
        return ""
    return reverse(viewname, kwargs={**kwargs, "filename": os.path.basename(file.name or "")})


def is_named_in_url(file, filename: str) -> bool:
    """Whether `filename` (from the URL) names the record's current file: an earlier file's address answers 404."""
    return bool(file) and os.path.basename(file.name or "") == filename


def protected_file_response(file, *, published: bool) -> FileResponse:
    """A private file shown inline, for a view that has already checked that the person may see its record.

    The mechanism for every file of a record that may be unpublished (a draft initiative's cover today):
    the file lives in `private_storage` whatever the record's state, so no public URL of it exists, and
    it is handed out only here. `published` says that anyone may see the record: the answer may then be
    kept by any cache; otherwise by none (`private, no-store`). The type is read from the stored bytes,
    never from the name, and browsers are told not to guess another.
    """
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    kind = filetype.guess(handle.read(8192))
    handle.seek(0)
    response = FileResponse(
        handle, as_attachment=False, filename=os.path.basename(file.name or ""),
        content_type=kind.mime if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={PUBLISHED_FILE_MAX_AGE}" if published else "private, no-store"
    return response


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


# What a camera or an editor writes beside the pixels: EXIF (with the GPS position of the shot, the
# camera's serial number, the time), XMP, comments, PNG text chunks.
_METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment", "photoshop", "iptc")
_REENCODE = {"JPEG": {"quality": 90}, "PNG": {}, "WEBP": {"quality": 90}}


def _carries_metadata(image: Image.Image) -> bool:
    if len(image.getexif()) or any(key in image.info for key in _METADATA_KEYS):
        return True
    return bool(getattr(image, "text", None))  # PNG tEXt/iTXt/zTXt, read once the image is loaded


def strip_image_metadata(upload):
    """The uploaded image without its metadata, the pixels turned as its EXIF orientation said.

    A photo from a phone carries where it was taken: that must not be published with a logo or a
    cover, nor handed to whoever may read an attachment. An image with no metadata is returned as
    it came (no needless re-encoding); otherwise it is written again in its own format (JPEG and
    WebP at quality 90) keeping only the pixels and the colour profile. GIFs carry no EXIF and stay.
    Call it after validate_image_upload.
    """
    upload.seek(0)
    with Image.open(upload) as image:
        image_format = image.format
        if image_format not in _REENCODE or getattr(image, "n_frames", 1) > 1 or not _carries_metadata(image):
            upload.seek(0)
            return upload
        icc_profile = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)  # the orientation applied to the pixels, not left in a tag
        if image_format == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        output = io.BytesIO()
        options = dict(_REENCODE[image_format])
        if icc_profile:
            options["icc_profile"] = icc_profile
        # Pillow carries EXIF, XMP and comments over from .info unless told otherwise.
        upright.info = {}
        upright.save(output, format=image_format, exif=b"", **options)
    upload.seek(0)
    name = os.path.basename(getattr(upload, "name", "") or f"image.{image_format.lower()}")
    return SimpleUploadedFile(name, output.getvalue(), content_type=Image.MIME.get(image_format, "image/" + image_format.lower()))


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
