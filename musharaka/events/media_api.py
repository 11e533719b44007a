"""The development media API under /api/v1/events (deliverable 8): an event's news, a post, its photos (paginated,
with the addresses of the full size and the thumbnail) and the agreements signed at it (partnerships.Agreement rows
linked to the event). Reads only: the managers write on their pages (test_page_api_parity says why)."""

import datetime

from django.urls import reverse
from ninja import Field, Query, Router, Schema

from musharaka.accounts.auth import request_user
from musharaka.core.errors import NotFound
from musharaka.core.i18n import localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.schemas import Ref, error_responses
from musharaka.partnerships.event_agreements import agreements_signed_at, party_names

from . import media
from .api import _visible

router = Router(tags=["events"])
MAX_AGREEMENTS = 100


class EventNewsItemOut(Schema):
    id: int
    title: str
    title_ar: str
    title_en: str
    excerpt: str = Field(description="the first paragraph, at most 300 characters")
    published_at: datetime.datetime | None
    image_url: str | None
    url: str


class EventNewsPostOut(EventNewsItemOut):
    body: str = Field(description="plain text; paragraphs separated by a blank line")
    body_ar: str
    body_en: str
    is_published: bool


class EventPhotoOut(Schema):
    id: int
    caption: str
    caption_ar: str
    caption_en: str
    taken_on: datetime.date | None
    width: int
    height: int
    session: Ref | None
    url: str = Field(description="the full-size photo (served under the event's rule)")
    thumbnail_url: str = Field(description="a copy at most 480 pixels wide and high")


class EventAgreementOut(Schema):
    id: int = Field(description="the agreement's id in partnerships (GET /api/v1/partnerships/{id})")
    kind: str = Field(description="mou, cooperation, contract or letter_of_intent")
    title: str
    title_ar: str
    title_en: str
    stage: str = Field(description="signed, terminated or renewed; draft only for its parties' members")
    signed_on: datetime.date | None
    parties: list[str] = Field(description="the parties' names in their order, in the request's language")
    commitment_count: int
    url: str | None = Field(description="the agreement's page")


def _news_item(row: dict) -> dict:
    image = row["cover_image"]
    return {
        "id": row["id"], "title": localized(row, "title"), "title_ar": row["title_ar"], "title_en": row["title_en"],
        "excerpt": (media.paragraphs(localized(row, "body")) or [""])[0][:300], "published_at": row["published_at"],
        "image_url": (reverse("events:news_cover", kwargs={"event_id": row["event_id"], "post_id": row["id"],
                                                          "filename": image.rsplit("/", 1)[-1]}) if image else None),
        "url": reverse("events:news_post", args=[row["event_id"], row["id"]]),
    }


@router.get("/{event_id}/news", response={200: Page[EventNewsItemOut], **error_responses(lookup=True)})
def list_news(request, event_id: int, paging: Query[PageParams]):
    """The event's published news posts, newest first."""
    event = _visible(request, event_id)
    return json_answer(paginate(media.news_rows(event), page=paging.page, page_size=paging.page_size,
                                transform=lambda rows: [_news_item(row) for row in rows]))


@router.get("/{event_id}/news/{post_id}", response={200: EventNewsPostOut, **error_responses(lookup=True)})
def get_news_post(request, event_id: int, post_id: int):
    """A post: published ones to whoever may see the event, drafts to its managers only (404 otherwise)."""
    event = _visible(request, event_id)
    post = media.visible_post(request_user(request), event, post_id)
    if post is None:
        raise NotFound()
    row = {name: getattr(post, name) for name in ("id", "title_ar", "title_en", "body_ar", "body_en", "published_at",
                                                  "event_id")}
    row["cover_image"] = post.cover_image.name or ""
    return {**_news_item(row), "body": "\n\n".join(media.paragraphs(localized(post, "body"))),
            "body_ar": post.body_ar, "body_en": post.body_en, "is_published": post.is_published}


def _photo_item(row: dict) -> dict:
    row = media.row_urls(row)
    session = ({"id": row["session_id"], "name": localized(
        {"title_ar": row["session__title_ar"], "title_en": row["session__title_en"]}, "title")}
        if row["session_id"] else None)
    return {"id": row["id"], "caption": localized(row, "caption"), "caption_ar": row["caption_ar"],
            "caption_en": row["caption_en"], "taken_on": row["taken_on"], "width": row["width"],
            "height": row["height"], "session": session, "url": row["url"], "thumbnail_url": row["thumbnail_url"]}


@router.get("/{event_id}/photos", response={200: Page[EventPhotoOut], **error_responses(lookup=True)})
def list_photos(request, event_id: int, paging: Query[PageParams]):
    """The event's gallery in its order."""
    event = _visible(request, event_id)
    return json_answer(paginate(media.photo_rows(event), page=paging.page, page_size=paging.page_size,
                                transform=lambda rows: [_photo_item(row) for row in rows]))


@router.get("/{event_id}/agreements", response={200: list[EventAgreementOut], **error_responses(lookup=True)})
def list_agreements(request, event_id: int):
    """The agreements signed at the event (partnerships' register, under its rule: drafts to their parties only), in
    the order of their signing; at most 100 (the register, filtered by event, has them all)."""
    event = _visible(request, event_id)
    return [
        {"id": row["id"], "kind": row["kind"], "title": localized(row, "title"), "title_ar": row["title_ar"],
         "title_en": row["title_en"], "stage": row["stage"], "signed_on": row["signed_on"],
         "parties": party_names(row), "commitment_count": row["commitment_count"], "url": row["url"] or None}
        for row in agreements_signed_at(event, request_user(request), limit=MAX_AGREEMENTS)
    ]
