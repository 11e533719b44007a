"""The exhibition's API under /api/v1/events (part 7): booths and showcased initiatives, likes, moderated comments.

Likes: `POST …/like` likes, `DELETE …/like` takes the like back; both are idempotent and answer the count."""

import datetime
from typing import Literal

from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.schemas import BodySchema, error_responses

from . import exhibition
from .api import _visible
from .models import EXHIBIT_COMMENT_MAX_LENGTH, EXHIBIT_COMMENT_PATTERN

router = Router(tags=["events"])


class EventExhibitRef(Schema):
    id: int
    name: str


class EventBoothOut(Schema):
    id: int
    name: str
    number: str
    location: str
    neighbourhood: EventExhibitRef | None
    organization: EventExhibitRef | None


class EventShowcaseInitiative(Schema):
    id: int
    title: str
    summary: str
    organization: EventExhibitRef
    url: str


class EventShowcaseOut(Schema):
    id: int
    booth_id: int | None = Field(description="null: not at a booth yet")
    initiative: EventShowcaseInitiative
    blurb: str
    cover_url: str | None = Field(description="the initiative's cover, through the view that checks who asks")
    like_count: int
    comment_count: int = Field(description="approved comments")
    liked: bool = Field(description="whether you like it (false when not signed in)")
    url: str


class EventExhibitionOut(Schema):
    event_id: int
    booths: list[EventBoothOut]
    showcases: list[EventShowcaseOut]


class EventShowcaseLikeOut(Schema):
    showcase_id: int
    liked: bool
    like_count: int


class EventShowcaseCommentIn(BodySchema):
    text: str = Field(max_length=EXHIBIT_COMMENT_MAX_LENGTH, pattern=EXHIBIT_COMMENT_PATTERN,
                      description="at least 2 characters other than spaces; no control characters")


class EventShowcaseCommentModerateIn(BodySchema):
    action: Literal["approve", "hide"]


class EventShowcaseCommentOut(Schema):
    id: int
    showcase_id: int
    text: str
    status: str
    author: str
    created_at: datetime.datetime


def _ref(row: dict, prefix: str, name: str) -> dict | None:
    return {"id": row[f"{prefix}_id"], "name": row[name]} if row[f"{prefix}_id"] else None


def showcase_out(row: dict, liked: set[int]) -> dict:
    return {
        "id": row["id"], "booth_id": row["booth_id"], "blurb": row["blurb"], "cover_url": row["cover_url"] or None,
        "like_count": row["like_count"], "comment_count": row["comment_count"], "liked": row["id"] in liked,
        "url": reverse("events:showcase", args=[row["event_id"], row["id"]]),
        "initiative": {"id": row["initiative_id"], "title": row["title"], "summary": row["summary"],
                       "organization": {"id": row["initiative__lead_organization_id"], "name": row["organization"]},
                       "url": reverse("initiatives:detail", args=[row["initiative_id"]])},
    }


def _comment_out(row: dict) -> dict:
    return {key: row[key] for key in ("id", "showcase_id", "text", "status", "author", "created_at")}


def _showcase(request, event_id: int, showcase_id: int):
    event = _visible(request, event_id)
    return exhibition.visible_showcase(request_user(request), event, showcase_id)


@router.get("/{event_id}/exhibition", response={200: EventExhibitionOut, **error_responses(lookup=True)})
def get_exhibition(request, event_id: int):
    """The event's booths and the initiatives shown at them (published initiatives only), in booth order."""
    event = _visible(request, event_id)
    user = request_user(request)
    liked = exhibition.my_likes(user, event)
    booths = [{"id": b["id"], "name": b["name"], "number": b["number"], "location": b["location"],
               "neighbourhood": _ref(b, "neighbourhood", "neighbourhood"),
               "organization": _ref(b, "organization", "organization")} for b in exhibition.booth_rows(event)]
    return {"event_id": event.pk, "booths": booths,
            "showcases": [showcase_out(row, liked) for row in exhibition.showcase_rows(event)]}


def _like_out(showcase, liked: bool) -> dict:
    return {"showcase_id": showcase.pk, "liked": liked, "like_count": showcase.like_count}


@router.post("/{event_id}/exhibition/{showcase_id}/like", auth=api_auth,
             response={200: EventShowcaseLikeOut, **error_responses(auth=True, lookup=True)})
def like(request, event_id: int, showcase_id: int):
    """Like a showcased initiative (signed in, once: liking again changes nothing)."""
    showcase = exhibition.showcase_like(actor=request.auth, showcase=_showcase(request, event_id, showcase_id))
    return _like_out(showcase, True)


@router.delete("/{event_id}/exhibition/{showcase_id}/like", auth=api_auth,
               response={200: EventShowcaseLikeOut, **error_responses(auth=True, lookup=True)})
def unlike(request, event_id: int, showcase_id: int):
    """Take your like back (without one, nothing changes)."""
    showcase = exhibition.showcase_unlike(actor=request.auth, showcase=_showcase(request, event_id, showcase_id))
    return _like_out(showcase, False)


@router.get("/{event_id}/exhibition/{showcase_id}/comments",
            response={200: Page[EventShowcaseCommentOut], **error_responses(lookup=True)})
def list_comments(request, event_id: int, showcase_id: int, paging: Query[PageParams]):
    """Approved comments on a showcased initiative, oldest first."""
    showcase = _showcase(request, event_id, showcase_id)
    return json_answer(paginate(exhibition.approved_comments(showcase), page=paging.page, page_size=paging.page_size,
                                transform=lambda rows: [_comment_out(r) for r in exhibition.with_authors(rows)]))


@router.post("/{event_id}/exhibition/{showcase_id}/comments", auth=api_auth,
             response={201: EventShowcaseCommentOut, **error_responses(auth=True, body=True, lookup=True)})
def post_comment(request, event_id: int, showcase_id: int, body: EventShowcaseCommentIn):
    """Comment on a showcased initiative (signed in); it is shown once the event's organisers approve it."""
    showcase = _showcase(request, event_id, showcase_id)
    comment = exhibition.comment_post(actor=request.auth, showcase=showcase, text=body.text)
    return Status(201, _comment_out(exhibition.comment_row(comment)))


@router.post("/{event_id}/exhibition/{showcase_id}/comments/{comment_id}/moderate", auth=api_auth,
             response={200: EventShowcaseCommentOut,
                       **error_responses(auth=True, body=True, lookup=True, conflict=True)})
def moderate_comment(request, event_id: int, showcase_id: int, comment_id: int, body: EventShowcaseCommentModerateIn):
    """Approve or hide a comment (the event's organisers, its region's coordinators, platform admins)."""
    showcase = _showcase(request, event_id, showcase_id)
    exhibition.require_manager(request.auth, showcase.event)  # 403 before the lookup, as on the page
    comment = exhibition.event_comment(showcase.event, comment_id)
    if comment.showcase_id != showcase.pk:
        from musharaka.core.errors import NotFound

        raise NotFound()
    comment = exhibition.comment_moderate(actor=request.auth, comment=comment, action=body.action)
    return _comment_out(exhibition.comment_row(comment))
