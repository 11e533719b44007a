"""The exhibition of initiatives at an event (issue #11, part 7): booths, initiatives of the registry shown at them,
visitors' likes and moderated comments.

Who: whoever manages the event (events.manage_exhibition: the organisation's admins and editors, the region's
coordinators, platform admins) sets up booths, picks initiatives and moderates comments. Signed-in people like and
comment on what is shown publicly: a showcased initiative of a published event whose initiative is published
(an initiative unpublished later drops out of the public exhibition without being removed from it).
The initiative's organisation answers as anyone does, through a comment that is moderated like the others.

Counts are kept on write: `Showcase.like_count` (the showcase's row locked, the like looked for, inserted, the
counter moved in one transaction; the unique constraint (showcase, user) is the last guard) and
`Showcase.comment_count` (approved comments, moved when a moderator approves or hides one, under the same lock).
"""

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from musharaka.core.i18n import localized
from musharaka.core.permissions import can
from musharaka.initiatives.models import PUBLISHED_STATUSES, Initiative
from musharaka.initiatives.selectors import InitiativeFilters, initiative_list

from .models import (
    EXHIBIT_COMMENT_MAX_LENGTH,
    EXHIBIT_COMMENT_MIN_LENGTH,
    Booth,
    CommentStatus,
    Event,
    Showcase,
    ShowcaseComment,
    ShowcaseLike,
)
from .questions import clean_text

if TYPE_CHECKING:
    from musharaka.accounts.models import User

COMMENT_ACTIONS = ("approve", "hide")
# action → (the statuses it applies to, the status it leads to)
_TRANSITIONS = {
    "approve": ((CommentStatus.PENDING, CommentStatus.HIDDEN), CommentStatus.APPROVED),
    "hide": ((CommentStatus.PENDING, CommentStatus.APPROVED), CommentStatus.HIDDEN),
}
GROUPINGS = ("neighbourhood", "organization")
BOOTH_FIELDS = ("name_ar", "name_en", "number", "location", "neighbourhood", "organization", "order")


# ---------------------------------------------------------------- who


def can_manage(user, event: Event) -> bool:
    return can(user, "events.manage_exhibition", event)


def require_manager(user, event: Event) -> None:
    if not can_manage(user, event):
        raise NotPermitted(_("Only the event's organisers may manage its exhibition."))


def is_public(showcase: Showcase) -> bool:
    return showcase.event.is_published and showcase.initiative.status in PUBLISHED_STATUSES


def _require_visitor(actor, showcase: Showcase) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise NotPermitted()
    if not is_public(showcase):
        raise NotPermitted(_("This initiative is not shown to the public: it takes no likes or comments."))


# ---------------------------------------------------------------- booths and showcases: writes


@transaction.atomic
def booth_create(*, actor: "User", event: Event, data: dict[str, Any]) -> Booth:
    require_manager(actor, event)
    name = clean_text(data.get("name_ar", ""), field="name_ar", max_length=200, min_length=1)
    values = {key: data[key] for key in BOOTH_FIELDS if key in data and key != "name_ar"}
    return Booth.objects.create(event=event, name_ar=name, **values)


@transaction.atomic
def booth_delete(*, actor: "User", booth: Booth) -> None:
    """The booth goes; its initiatives stay in the exhibition, unassigned."""
    require_manager(actor, booth.event)
    booth.delete()


@transaction.atomic
def showcase_add(*, actor: "User", event: Event, initiative: Initiative, booth: Booth | None = None,
                 blurb_ar: str = "", blurb_en: str = "", order: int = 0) -> Showcase:
    """Show an initiative of the registry that the organiser may see (an unpublished one waits, unseen by the
    public, until it is published)."""
    require_manager(actor, event)
    if not initiative_list(user=actor, filters=InitiativeFilters()).filter(pk=initiative.pk).exists():
        raise NotFound()
    if booth is not None and booth.event_id != event.pk:
        raise InvalidInput(_("Choose a booth of this event."), field="booth")
    blurb_ar = clean_text(blurb_ar, field="blurb_ar", max_length=500)
    blurb_en = clean_text(blurb_en, field="blurb_en", max_length=500)
    if Showcase.objects.filter(event=event, initiative=initiative).exists():
        raise Conflict(_("This initiative is already in the exhibition."))
    try:
        with transaction.atomic():
            return Showcase.objects.create(event=event, initiative=initiative, booth=booth, blurb_ar=blurb_ar,
                                           blurb_en=blurb_en, order=order)
    except IntegrityError:  # added by someone else at the same moment
        raise Conflict(_("This initiative is already in the exhibition.")) from None


@transaction.atomic
def showcase_assign(*, actor: "User", showcase: Showcase, booth: Booth | None, order: int | None = None,
                    blurb_ar: str | None = None) -> Showcase:
    """Put a showcased initiative at a booth (None: at none), and optionally reorder it and change its blurb."""
    require_manager(actor, showcase.event)
    if booth is not None and booth.event_id != showcase.event_id:
        raise InvalidInput(_("Choose a booth of this event."), field="booth")
    showcase.booth = booth
    if order is not None:
        showcase.order = order
    if blurb_ar is not None:
        showcase.blurb_ar = clean_text(blurb_ar, field="blurb_ar", max_length=500)
    showcase.save(update_fields=["booth", "order", "blurb_ar"])
    return showcase


@transaction.atomic
def showcase_remove(*, actor: "User", showcase: Showcase) -> None:
    """Take an initiative out of the exhibition, its likes and comments with it."""
    require_manager(actor, showcase.event)
    showcase.delete()


# ---------------------------------------------------------------- likes


@transaction.atomic
def showcase_like(*, actor: "User", showcase: Showcase) -> Showcase:
    """Like once: liking again changes nothing."""
    showcase = _locked(showcase)
    _require_visitor(actor, showcase)
    if not ShowcaseLike.objects.filter(showcase=showcase, user=actor).exists():
        try:
            with transaction.atomic():
                ShowcaseLike.objects.create(showcase=showcase, user=actor)
        except IntegrityError:  # only without the row lock (never expected): the like is there already
            return showcase
        Showcase.objects.filter(pk=showcase.pk).update(like_count=F("like_count") + 1)
        showcase.refresh_from_db(fields=["like_count"])
    return showcase


@transaction.atomic
def showcase_unlike(*, actor: "User", showcase: Showcase) -> Showcase:
    """Take one's like back: without one, nothing changes."""
    showcase = _locked(showcase)
    _require_visitor(actor, showcase)
    deleted, _rows = ShowcaseLike.objects.filter(showcase=showcase, user=actor).delete()
    if deleted:
        Showcase.objects.filter(pk=showcase.pk).update(like_count=F("like_count") - 1)
        showcase.refresh_from_db(fields=["like_count"])
    return showcase


def _locked(showcase: Showcase) -> Showcase:
    return (Showcase.objects.select_for_update(of=("self",)).select_related("event", "initiative")
            .get(pk=showcase.pk))


# ---------------------------------------------------------------- comments


@transaction.atomic
def comment_post(*, actor: "User", showcase: Showcase, text: str) -> ShowcaseComment:
    """A comment waits for the event's organisers to approve it."""
    showcase = Showcase.objects.select_related("event", "initiative").get(pk=showcase.pk)
    _require_visitor(actor, showcase)
    text = clean_text(text, field="text", max_length=EXHIBIT_COMMENT_MAX_LENGTH, min_length=EXHIBIT_COMMENT_MIN_LENGTH)
    return ShowcaseComment.objects.create(showcase=showcase, author=actor, text=text)


@transaction.atomic
def comment_moderate(*, actor: "User", comment: ShowcaseComment, action: str) -> ShowcaseComment:
    if action not in _TRANSITIONS:
        raise InvalidInput(_("Unknown action."), field="action")
    showcase = _locked(comment.showcase)  # the showcase before the comment, always: its counter moves
    require_manager(actor, showcase.event)
    comment = ShowcaseComment.objects.select_for_update().get(pk=comment.pk)
    sources, target = _TRANSITIONS[action]
    if comment.status not in sources:
        raise Conflict(_("This comment cannot be changed that way now."))
    change = (target == CommentStatus.APPROVED) - (comment.status == CommentStatus.APPROVED)
    comment.status, comment.decided_at, comment.decided_by = target, timezone.now(), actor
    comment.save(update_fields=["status", "decided_at", "decided_by"])
    if change:
        Showcase.objects.filter(pk=showcase.pk).update(comment_count=F("comment_count") + change)
    return comment


# ---------------------------------------------------------------- reads

SHOWCASE_FIELDS = (
    "id", "event_id", "booth_id", "order", "blurb_ar", "blurb_en", "like_count", "comment_count", "initiative_id",
    "initiative__title_ar", "initiative__title_en", "initiative__summary_ar", "initiative__summary_en",
    "initiative__status", "initiative__cover_image", "initiative__lead_organization_id",
    "initiative__lead_organization__name_ar", "initiative__lead_organization__name_en",
)
BOOTH_ROW_FIELDS = ("id", "name_ar", "name_en", "number", "location", "order", "neighbourhood_id",
                    "neighbourhood__name_ar", "neighbourhood__name_en", "organization_id", "organization__name_ar",
                    "organization__name_en")


def cover_url(row: dict) -> str:
    """The initiative's cover through the initiatives' checking view (Initiative.cover_url), from a row."""
    name = row.get("initiative__cover_image")
    if not name:
        return ""
    return reverse("initiatives:cover", kwargs={"initiative_id": row["initiative_id"],
                                                "filename": os.path.basename(name)})


def _shaped(row: dict) -> dict:
    row["title"] = localized(row, "initiative__title")
    row["summary"] = localized(row, "initiative__summary")
    row["blurb"] = localized(row, "blurb")
    row["organization"] = localized(row, "initiative__lead_organization__name")
    row["cover_url"] = cover_url(row)
    row["is_public"] = row["initiative__status"] in PUBLISHED_STATUSES
    return row


def showcase_rows(event: Event, *, public: bool = True) -> list[dict]:
    """The event's showcased initiatives as rows in booth order; only published initiatives when `public`. One query."""
    queryset = Showcase.objects.filter(event=event)
    if public:
        queryset = queryset.filter(initiative__status__in=PUBLISHED_STATUSES)
    return [_shaped(row) for row in queryset.order_by("order", "id").values(*SHOWCASE_FIELDS)]


def booth_rows(event: Event) -> list[dict]:
    rows = list(Booth.objects.filter(event=event).order_by("order", "id").values(*BOOTH_ROW_FIELDS))
    for row in rows:
        row["name"] = localized(row)
        row["neighbourhood"] = localized(row, "neighbourhood__name") if row["neighbourhood_id"] else ""
        row["organization"] = localized(row, "organization__name") if row["organization_id"] else ""
    return rows


@dataclass
class Group:
    key: str
    title: str
    booths: list[dict]


def exhibition(event: Event, *, grouping: str = "", public: bool = True) -> dict[str, Any]:
    """Booths with their initiatives, grouped by neighbourhood or by organisation (two queries whatever the size).

    By neighbourhood: the booth's neighbourhood. By organisation: the booth's organisation, or for a booth of none
    the lead organisation of each initiative (a neighbourhood's booth splits into one card set per organisation).
    Without a choice: by neighbourhood when a booth names one, else by organisation."""
    booths = booth_rows(event)
    showcases = showcase_rows(event, public=public)
    if grouping not in GROUPINGS:
        grouping = "neighbourhood" if any(b["neighbourhood_id"] for b in booths) else "organization"
    by_booth: dict[int | None, list[dict]] = {}
    for row in showcases:
        by_booth.setdefault(row["booth_id"], []).append(row)
    unassigned = {"id": None, "name": _("Other initiatives"), "number": "", "location": "", "neighbourhood": "",
                  "organization": "", "neighbourhood_id": None, "organization_id": None}
    groups: dict[str, Group] = {}

    def add(key: str, title: str, booth: dict, items: list[dict]) -> None:
        group = groups.setdefault(key, Group(key=key, title=title, booths=[]))
        group.booths.append({**booth, "showcases": items})

    for booth in [*booths, unassigned]:
        items = by_booth.get(booth["id"], [])
        if booth["id"] is None and not items:
            continue
        if grouping == "neighbourhood":
            add(f"n{booth['neighbourhood_id'] or ''}", booth["neighbourhood"] or _("Other booths"), booth, items)
        elif booth["organization_id"]:
            add(f"o{booth['organization_id']}", booth["organization"], booth, items)
        else:
            by_org: dict[int, list[dict]] = {}
            for item in items:
                by_org.setdefault(item["initiative__lead_organization_id"], []).append(item)
            for org_id, org_items in by_org.items():
                add(f"o{org_id}", org_items[0]["organization"], booth, org_items)
            if not items:
                add("o", _("Other booths"), booth, [])
    ordered = sorted(groups.values(), key=lambda g: (g.key in ("n", "o"), 0))  # the "other" group last
    return {"grouping": grouping, "groups": ordered, "count": len(showcases), "booth_count": len(booths)}


def my_likes(user, event: Event) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(ShowcaseLike.objects.filter(user=user, showcase__event=event).values_list("showcase_id", flat=True))


def visible_showcase(user, event: Event, showcase_id: int) -> Showcase:
    """A showcase of the event this person may see: a published initiative's, or any for the organisers."""
    showcase = (Showcase.objects.filter(pk=showcase_id, event=event)
                .select_related("initiative__lead_organization", "booth").first())
    if showcase is None:
        raise NotFound()
    showcase.event = event
    if showcase.initiative.status not in PUBLISHED_STATUSES and not can_manage(user, event):
        raise NotFound()
    return showcase


def showcase_row(showcase: Showcase) -> dict:
    return _shaped(Showcase.objects.filter(pk=showcase.pk).values(*SHOWCASE_FIELDS).get())


COMMENT_FIELDS = ("id", "showcase_id", "text", "status", "created_at", "author_id", "author__first_name",
                  "author__last_name", "author__username")


def _author(row: dict) -> dict:
    row["author"] = f"{row['author__first_name']} {row['author__last_name']}".strip() or row["author__username"]
    return row


def approved_comments(showcase: Showcase) -> QuerySet:
    """Rows, oldest first (a conversation); paginate them. `author` is added per page by `with_authors`."""
    return (ShowcaseComment.objects.filter(showcase=showcase, status=CommentStatus.APPROVED)
            .order_by("id").values(*COMMENT_FIELDS))


def with_authors(rows) -> list[dict]:
    return [_author(row) for row in rows]


def my_pending_comments(user, showcase: Showcase) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    return with_authors(ShowcaseComment.objects.filter(showcase=showcase, author=user, status=CommentStatus.PENDING)
                        .order_by("id").values(*COMMENT_FIELDS))


def moderation_rows(event: Event, status: str) -> QuerySet:
    return (ShowcaseComment.objects.filter(showcase__event=event, status=status).order_by("id")
            .values(*COMMENT_FIELDS, "showcase__initiative__title_ar", "showcase__initiative__title_en"))


def comment_status_counts(event: Event) -> dict[str, int]:
    counts = {status: 0 for status in CommentStatus.values}
    for row in (ShowcaseComment.objects.filter(showcase__event=event).values("status").annotate(n=Count("id"))
                .order_by()):
        counts[row["status"]] = row["n"]
    return counts


def comment_row(comment: ShowcaseComment) -> dict:
    return _author(ShowcaseComment.objects.filter(pk=comment.pk).values(*COMMENT_FIELDS).get())


def event_comment(event: Event, comment_id: int) -> ShowcaseComment:
    comment = ShowcaseComment.objects.filter(pk=comment_id, showcase__event=event).select_related("showcase").first()
    if comment is None:
        raise NotFound()
    comment.showcase.event = event
    return comment


def pick_initiatives(user, q: str, *, limit: int = 20) -> list[dict]:
    """Initiatives of the registry to pick from: the catalogue's search (Arabic whatever its spelling) over what
    the organiser may see."""
    queryset = initiative_list(user=user, filters=InitiativeFilters(q=q.strip()[:200]))
    rows = queryset.values("id", "title_ar", "title_en", "status", "lead_organization__name_ar",
                           "lead_organization__name_en")[:limit]
    return [dict(row) for row in rows]
