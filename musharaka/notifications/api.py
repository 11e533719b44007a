"""GET /api/v1/notifications (mine, unread first, paginated) and POST /api/v1/notifications/read."""

from datetime import datetime

from ninja import Query, Router, Schema

from musharaka.accounts.auth import api_auth
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.schemas import BodyId, BodySchema, error_responses

from . import selectors, services

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None
    unread: bool


class MarkRead(BodySchema):
    ids: list[BodyId] | None = None  # none: mark every unread notification


class MarkedOut(Schema):
    marked: int
    unread: int


def notification_out(notification) -> dict:
    return {
        "id": notification.pk,
        "title": notification.title,
        "body": notification.body,
        "url": notification.url,
        "created_at": notification.created_at,
        "read_at": notification.read_at,
        "unread": notification.read_at is None,
    }


@router.get("", auth=api_auth, response={200: Page[NotificationOut], **error_responses(auth=True)})
def list_notifications(request, paging: Query[PageParams], unread: bool | None = None):
    """My notifications, unread first, newest first; `unread=true` for the unread ones only."""
    queryset = selectors.notification_list(user=request.auth, unread=unread)
    return paginate(
        queryset,
        page=paging.page,
        page_size=paging.page_size,
        transform=lambda rows: [notification_out(row) for row in rows],
    )


@router.post("/read", auth=api_auth, response={200: MarkedOut, **error_responses(auth=True, body=True)})
def mark_read(request, payload: MarkRead | None = None):
    """Mark the given notifications (or, without `ids`, all of mine) as read. Others' ids are ignored."""
    ids = payload.ids if payload is not None else None
    marked = services.notifications_mark_read(user=request.auth, notification_ids=ids)
    return {"marked": marked, "unread": selectors.unread_count(user=request.auth)}
