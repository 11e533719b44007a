"""Development media of an event (deliverable 8): news posts and a photo gallery. The agreements (MoUs) signed at it
are partnerships.Agreement rows linked to the event (partnerships.event_agreements reads them for its page).

Writes: the event's managers (events.manage_media: the organisation's admins and editors, the region's coordinators,
platform admins). Reads: whoever may see the event; a news post also needs to be published, except for its managers.
Files (post images, photos and their thumbnails) are validated by content, lose their metadata,
live in the private storage and are served by the event's views under the event's rule (core.files).
"""

import datetime
import io
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from musharaka.core.errors import InvalidInput
from musharaka.core.files import strip_image_metadata, validate_image_upload
from musharaka.core.permissions import can, require

from .models import Event, EventPhoto, NewsPost, Session

if TYPE_CHECKING:
    from musharaka.accounts.models import User

IMAGE_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_BYTES = 8 * 1024 * 1024  # a camera's JPEG; the pixel limit of core.files applies as well
MAX_PHOTOS_AT_ONCE = 20
THUMBNAIL_SIZE = (480, 480)
NEWS_FIELDS = ("title_ar", "title_en", "body_ar", "body_en")


def _is_new_upload(value) -> bool:
    return bool(value) and hasattr(value, "size") and not getattr(value, "_committed", False)


def _clean_image(upload, field: str, max_bytes: int = IMAGE_MAX_BYTES):
    """A validated raster image without its metadata (refused by content, as the events' covers are)."""
    try:
        validate_image_upload(upload, max_bytes=max_bytes)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], code=error.code or "invalid_image", field=field) from error
    return strip_image_metadata(upload)


def paragraphs(text: str) -> list[str]:
    """Plain text split into paragraphs at blank lines (the pages escape each and keep its single line breaks)."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


# ---------------------------------------------------------------- news posts


def _check_post(post: NewsPost) -> None:
    if not post.title_ar.strip():
        raise InvalidInput(_("Write the title in Arabic."), code="title_required", field="title_ar")
    if not post.body_ar.strip():
        raise InvalidInput(_("Write the text in Arabic."), code="body_required", field="body_ar")


def _set_publication(post: NewsPost, published: bool | None) -> None:
    if published is None:
        return
    if published and not post.is_published:
        post.published_at = timezone.now()
    post.is_published = published


@transaction.atomic
def news_post_create(*, actor: "User", event: Event, data: dict[str, Any]) -> NewsPost:
    require(actor, "events.manage_media", event)
    post = NewsPost(event=event, author=actor, **{name: (data.get(name) or "") for name in NEWS_FIELDS})
    _check_post(post)
    if _is_new_upload(data.get("cover_image")):
        post.cover_image = _clean_image(data["cover_image"], "cover_image")
    _set_publication(post, bool(data.get("is_published")))
    post._history_user = actor
    post.save()
    return post


@transaction.atomic
def news_post_update(*, actor: "User", post: NewsPost, data: dict[str, Any]) -> NewsPost:
    require(actor, "events.manage_media", post.event)
    for name in NEWS_FIELDS:
        if name in data:
            setattr(post, name, data[name] or "")
    _check_post(post)
    if "cover_image" in data:
        if data["cover_image"] is False:  # the form's "clear" box
            post.cover_image = ""
        elif _is_new_upload(data["cover_image"]):
            post.cover_image = _clean_image(data["cover_image"], "cover_image")
    if "is_published" in data:
        _set_publication(post, bool(data["is_published"]))
    post._history_user = actor
    post.save()
    return post


@transaction.atomic
def news_post_delete(*, actor: "User", post: NewsPost) -> None:
    require(actor, "events.manage_media", post.event)
    post._history_user = actor
    post.delete()


def news_rows(event: Event) -> QuerySet:
    """The event's published posts, newest first, as rows (the list page and the API)."""
    return NewsPost.objects.filter(event=event, is_published=True).order_by("-published_at", "-pk").values(
        "id", "title_ar", "title_en", "body_ar", "body_en", "published_at", "cover_image", "event_id")


def manage_news_rows(event: Event) -> QuerySet:
    return NewsPost.objects.filter(event=event).order_by("-created_at", "-pk").values(
        "id", "title_ar", "title_en", "is_published", "published_at", "created_at")


def visible_post(user, event: Event, post_id: int) -> NewsPost | None:
    """The post if this person may read it: published, or any post for the event's managers."""
    post = NewsPost.objects.filter(event=event, pk=post_id).select_related("author").first()
    if post is None or not (post.is_published or can(user, "events.manage_media", event)):
        return None
    post.event = event
    return post


# ---------------------------------------------------------------- photos


def _thumbnail(upload) -> SimpleUploadedFile:
    """A JPEG at most THUMBNAIL_SIZE, made from an image already validated and stripped of its metadata."""
    upload.seek(0)
    with Image.open(upload) as image:
        image.seek(0)  # an animated GIF: its first frame
        small = ImageOps.exif_transpose(image).convert("RGB")
        small.thumbnail(THUMBNAIL_SIZE)
        output = io.BytesIO()
        small.save(output, "JPEG", quality=80, optimize=True)
    upload.seek(0)
    stem = os.path.splitext(os.path.basename(getattr(upload, "name", "") or "photo"))[0]
    return SimpleUploadedFile(f"{stem}-thumb.jpg", output.getvalue(), content_type="image/jpeg")


def _check_session(event: Event, session: Session | None) -> None:
    if session is not None and session.event_id != event.pk:
        raise InvalidInput(_("Choose a session of this event."), code="session_elsewhere", field="session")


@dataclass(frozen=True)
class PhotoSpec:
    caption_ar: str = ""
    caption_en: str = ""
    session: Session | None = None
    taken_on: datetime.date | None = None


@transaction.atomic
def photos_add(*, actor: "User", event: Event, uploads: list, spec: PhotoSpec = PhotoSpec()) -> list[EventPhoto]:
    """Add several photos at once (all or none: one hostile file refuses the lot), each with its thumbnail; they
    go after the gallery's last, in the order given."""
    require(actor, "events.manage_media", event)
    if not uploads:
        raise InvalidInput(_("Choose at least one photo."), code="photo_required", field="images")
    if len(uploads) > MAX_PHOTOS_AT_ONCE:
        raise InvalidInput(_("Upload at most %(count)s photos at once.") % {"count": MAX_PHOTOS_AT_ONCE},
                           code="too_many_files", field="images")
    _check_session(event, spec.session)
    cleaned = []
    for upload in uploads:
        name = os.path.basename(getattr(upload, "name", "") or "")
        try:
            cleaned.append(_clean_image(upload, "images", max_bytes=PHOTO_MAX_BYTES))
        except InvalidInput as error:
            raise InvalidInput(f"{name}: {error.message}", code=error.code, field="images") from error
    last = EventPhoto.objects.filter(event=event).aggregate(last=Max("position"))["last"] or 0
    photos = []
    for number, upload in enumerate(cleaned, start=1):
        with Image.open(upload) as image:
            width, height = ImageOps.exif_transpose(image).size
        upload.seek(0)
        photo = EventPhoto(event=event, image=upload, thumbnail=_thumbnail(upload), caption_ar=spec.caption_ar[:300],
                           caption_en=spec.caption_en[:300], session=spec.session, taken_on=spec.taken_on,
                           position=last + number, width=width, height=height, uploaded_by=actor)
        photo.save()
        photos.append(photo)
    return photos


@transaction.atomic
def photo_update(*, actor: "User", photo: EventPhoto, data: dict[str, Any]) -> EventPhoto:
    require(actor, "events.manage_media", photo.event)
    if "session" in data:
        _check_session(photo.event, data["session"])
        photo.session = data["session"]
    for name in ("caption_ar", "caption_en"):
        if name in data:
            setattr(photo, name, (data[name] or "")[:300])
    if "taken_on" in data:
        photo.taken_on = data["taken_on"]
    if data.get("position") is not None:
        photo.position = data["position"]
    photo.save()
    return photo


@transaction.atomic
def photo_delete(*, actor: "User", photo: EventPhoto) -> None:
    require(actor, "events.manage_media", photo.event)
    files = [file for file in (photo.image, photo.thumbnail) if file and file.name]
    photo.delete()

    def remove_files() -> None:
        for file in files:
            file.storage.delete(str(file.name))

    # The files go once the row is gone for good (a rolled-back delete keeps them).
    transaction.on_commit(remove_files)


def photo_rows(event: Event) -> QuerySet:
    return EventPhoto.objects.filter(event=event).order_by("position", "pk").values(
        "id", "event_id", "image", "thumbnail", "caption_ar", "caption_en", "taken_on", "width", "height",
        "session_id", "session__title_ar", "session__title_en")


# ---------------------------------------------------------------- the event page's summary


def event_media_summary(event: Event) -> dict[str, Any]:
    """What the event's page shows of its media: the three latest posts and six photos."""
    return {
        "media_news": list(news_rows(event)[:3]),
        "media_photos": [row_urls(row) for row in photo_rows(event)[:6]],
    }


def row_urls(row: dict) -> dict:
    """A photo row (photo_rows) with the addresses of its full size and thumbnail (the thumbnail view falls back to
    the photo itself when it has no thumbnail, as the bulk demo's)."""
    from django.urls import reverse

    ids = {"event_id": row["event_id"], "photo_id": row["id"]}
    full = reverse("events:photo", kwargs={**ids, "filename": os.path.basename(row["image"])})
    small = os.path.basename(row["thumbnail"] or row["image"])
    return {**row, "url": full, "thumbnail_url": reverse("events:photo_thumbnail", kwargs={**ids, "filename": small})}
