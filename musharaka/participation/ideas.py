"""Ideas of a participatory process: posting and editing them, supports (one per person), the organisation's official
answer (an answer "initiative" creates a linked draft in the initiatives registry), threaded comments, and the
similar ideas suggested while an idea is typed.

Counts are kept on write in the same transaction (`services.bump`), visible content only: under pre-moderation a
new idea or comment is `pending` — not counted, not indexed, no activity — until a moderator approves it.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from musharaka.core import search
from musharaka.core.errors import Conflict, InvalidInput, NotFound
from musharaka.core.permissions import can, require
from musharaka.core.text import clean_text
from musharaka.geo.models import Neighbourhood
from musharaka.notifications.services import notify
from musharaka.plans.models import ParticipantGroup
from musharaka.taxonomy.models import Axis

from .models import (
    ANSWER_TEXT_MAX_LENGTH,
    BODY_MAX_LENGTH,
    COMMENT_MAX_DEPTH,
    COMMENT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ActivityKind,
    Comment,
    Idea,
    IdeaState,
    Process,
    Support,
    Visibility,
)
from .services import IDEA_SEARCH_KIND, author, bump, index_idea, input_changed, record_activity

if TYPE_CHECKING:
    from musharaka.accounts.models import User

ANSWER_STATES = (IdeaState.CONSIDERING, IdeaState.ACCEPTED, IdeaState.REJECTED, IdeaState.INITIATIVE)
TITLE_MIN_LENGTH = 5
DESCRIPTION_MIN_LENGTH = 10
IDEA_FIELDS = ("title", "description", "axis_id", "neighbourhood_id", "latitude", "longitude", "group", "image")


def idea_url(idea: Idea) -> str:
    return reverse("participation:idea_detail", args=[idea.pk])


# ---------------------------------------------------------------- checking what was typed


def _coordinate(value: Any, *, field: str, limit: int) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Enter a number."), field=field) from None
    if not number.is_finite() or not -limit <= number <= limit:
        raise InvalidInput(_("Enter a value between %(low)s and %(high)s.") % {"low": -limit, "high": limit},
                           field=field)
    return number


def _neighbourhood(process: Process, value: Any) -> Neighbourhood | None:
    if value in (None, ""):
        return None
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("Choose a neighbourhood from the list."), field="neighbourhood_id") from None
    neighbourhood = Neighbourhood.objects.select_related("city").filter(pk=pk).first()
    if neighbourhood is None:
        raise InvalidInput(_("Choose a neighbourhood from the list."), field="neighbourhood_id")
    chosen = set(process.neighbourhoods.values_list("pk", flat=True))
    inside = (neighbourhood.pk in chosen if chosen else
              (neighbourhood.city_id == process.city_id if process.city_id
               else neighbourhood.city.region_id == process.region_id))
    if not inside:
        raise InvalidInput(_("Choose a neighbourhood of the process's area."), field="neighbourhood_id")
    return neighbourhood


def _axis(value: Any) -> Axis | None:
    if value in (None, ""):
        return None
    try:
        axis = Axis.objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        axis = None
    if axis is None:
        raise InvalidInput(_("Choose an axis from the list."), field="axis_id")
    return axis


def clean_image(upload):
    """The image checked by its content and written again from its pixels alone (as reports' photos)."""
    if not upload:
        return None
    from musharaka.reports.services import clean_photo

    try:
        return clean_photo(upload)
    except InvalidInput as error:
        raise InvalidInput(error.message, field="image") from None


def _apply(idea: Idea, process: Process, data: dict[str, Any]) -> None:
    if "title" in data or not idea.pk:
        idea.title = clean_text(data.get("title") or "", field="title", max_length=TITLE_MAX_LENGTH,
                                min_length=TITLE_MIN_LENGTH)
    if "description" in data or not idea.pk:
        idea.description = clean_text(data.get("description") or "", field="description",
                                      max_length=BODY_MAX_LENGTH, min_length=DESCRIPTION_MIN_LENGTH)
    if "axis_id" in data:
        idea.axis = _axis(data["axis_id"])
    if "neighbourhood_id" in data:
        idea.neighbourhood = _neighbourhood(process, data["neighbourhood_id"])
    if "latitude" in data:
        idea.latitude = _coordinate(data["latitude"], field="latitude", limit=90)
    if "longitude" in data:
        idea.longitude = _coordinate(data["longitude"], field="longitude", limit=180)
    if (idea.latitude is None) != (idea.longitude is None):
        raise InvalidInput(_("Give both the latitude and the longitude, or neither."),
                           field="longitude" if idea.longitude is None else "latitude")
    if "group" in data:
        group = data["group"] or ParticipantGroup.OTHER
        if group not in ParticipantGroup.values:
            raise InvalidInput(_("Choose your group from the list."), field="group")
        idea.group = group
    if data.get("image"):
        idea.image = clean_image(data["image"])


# ---------------------------------------------------------------- ideas


def _announce_idea(idea: Idea, actor) -> None:
    """What follows an idea becoming visible: counted, searchable, heard about (H2's approve does the same)."""
    bump(Process, idea.process_id, idea_count=1)
    index_idea(idea)
    record_activity(process=idea.process, kind=ActivityKind.IDEA_POSTED, summary=idea.title, url=idea_url(idea),
                    idea=idea, actor=actor)
    input_changed(idea.process_id)


def idea_create(*, actor: "User", process: Process, data: dict[str, Any]) -> Idea:
    """A resident's idea, in the ideas phase; pending under pre-moderation."""
    require(actor, "participation.post_idea", process)
    idea = Idea(process=process, author=actor)
    _apply(idea, process, data)
    idea.visibility = Visibility.PENDING if process.premoderation else Visibility.VISIBLE
    with transaction.atomic():
        author(idea, actor)
        idea.save()
        if idea.visibility == Visibility.VISIBLE:
            _announce_idea(idea, actor)
    return idea


def idea_update(*, actor: "User", idea: Idea, data: dict[str, Any]) -> Idea:
    """Its author changes it while the ideas phase runs and it has no official answer."""
    require(actor, "participation.edit_idea", idea)
    with transaction.atomic():
        locked = Idea.objects.select_for_update().select_related("process").get(pk=idea.pk)
        if locked.state != IdeaState.OPEN:
            raise Conflict(_("An idea with an official answer cannot be changed."), code="answered")
        _apply(locked, locked.process, {name: data[name] for name in IDEA_FIELDS if name in data})
        author(locked, actor)
        locked.save()
        if locked.visibility == Visibility.VISIBLE:
            index_idea(locked)
            input_changed(locked.process_id)
    return locked


# ---------------------------------------------------------------- supports


def idea_support(*, actor: "User", idea: Idea, group: str | None = None) -> Support:
    """One support per person per idea: the unique constraint decides under concurrency (the second is a 409)."""
    require(actor, "participation.support_idea", idea)
    group = group or ParticipantGroup.OTHER
    if group not in ParticipantGroup.values:
        raise InvalidInput(_("Choose your group from the list."), field="group")
    try:
        with transaction.atomic():
            support = Support.objects.create(idea=idea, user=actor, group=group)
            bump(Idea, idea.pk, support_count=1)
    except IntegrityError:
        raise Conflict(_("You already support this idea."), code="already_supported") from None
    return support


def idea_unsupport(*, actor: "User", idea: Idea) -> None:
    require(actor, "participation.support_idea", idea)
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(idea=idea, user=actor).delete()
        if not deleted:
            raise NotFound(_("You do not support this idea."))
        bump(Idea, idea.pk, support_count=-1)


def idea_toggle_support(*, actor: "User", idea: Idea, group: str | None = None) -> bool:
    """Support, or withdraw the support given; True when the person now supports it."""
    try:
        idea_support(actor=actor, idea=idea, group=group)
    except Conflict:
        idea_unsupport(actor=actor, idea=idea)
        return False
    return True


# ---------------------------------------------------------------- the official answer

STATE_NAMES = {
    IdeaState.CONSIDERING: pgettext_lazy("idea answer", "under consideration"),
    IdeaState.ACCEPTED: pgettext_lazy("idea answer", "accepted"),
    IdeaState.REJECTED: pgettext_lazy("idea answer", "rejected"),
    IdeaState.INITIATIVE: pgettext_lazy("idea answer", "turned into an initiative"),
}


def idea_answer(*, actor: "User", idea: Idea, state: str, text: str = "") -> Idea:
    """The organisation's official answer. A rejection says why; "initiative" creates a linked draft initiative
    owned by the process's organisation (once: answering again keeps the same one)."""
    require(actor, "participation.answer_idea", idea)
    if state not in ANSWER_STATES:
        raise InvalidInput(_("Choose an answer from the list."), field="state")
    text = clean_text(text or "", field="text", max_length=ANSWER_TEXT_MAX_LENGTH,
                      min_length=10 if state == IdeaState.REJECTED else 0)
    with transaction.atomic():
        locked = Idea.objects.select_for_update().select_related("process__organization").get(pk=idea.pk)
        if locked.visibility != Visibility.VISIBLE or locked.merged_into_id:
            raise Conflict(_("Only a visible idea is answered."), code="not_visible")
        if state == IdeaState.INITIATIVE and locked.initiative_id is None:
            locked.initiative = _draft_initiative(actor, locked)
        locked.state = state
        locked.answer_text = text
        locked.answered_at = timezone.now()
        locked.answered_by = actor
        author(locked, actor)
        locked.save()
        url = idea_url(locked)
        record_activity(process=locked.process, kind=ActivityKind.IDEA_ANSWERED, summary=locked.title, url=url,
                        idea=locked, actor=actor)
        if locked.author_id != actor.pk:
            title = locked.title
            notify(users=[locked.author],
                   title_for=lambda: _("Your idea “%(title)s” has an official answer: %(state)s") % {
                       "title": title[:120], "state": STATE_NAMES[IdeaState(state)]},
                   body_for=lambda: text, url=url)
    return locked


def _draft_initiative(actor, idea: Idea):
    from musharaka.initiatives.services import initiative_create

    process = idea.process
    summary = idea.description[:2000]
    data: dict[str, Any] = {"title_ar": idea.title[:250], "summary_ar": summary, "region": process.region,
                            "description_ar": _("From the idea of a resident in the participatory process “%(process)s”.")
                            % {"process": process.title_ar}}
    if idea.axis_id:
        data["axes"] = [idea.axis]
    return initiative_create(actor=actor, organization=process.organization, data=data)


# ---------------------------------------------------------------- comments


def comment_create(*, actor: "User", idea: Idea, body: str, parent: Comment | int | None = None,
                   group: str | None = None) -> Comment:
    """A comment on a visible idea, or a reply to one of its visible comments (its depth is its parent's + 1, capped
    at COMMENT_MAX_DEPTH: deeper replies are shown at the deepest indent). Official when its author is an editor of
    the process; pending under pre-moderation."""
    require(actor, "participation.comment", idea)
    body = clean_text(body or "", field="body", max_length=COMMENT_MAX_LENGTH, min_length=2)
    group = group or ParticipantGroup.OTHER
    if group not in ParticipantGroup.values:
        raise InvalidInput(_("Choose your group from the list."), field="group")
    parent_comment = None
    if parent not in (None, ""):
        parent_id = parent.pk if isinstance(parent, Comment) else parent
        try:
            parent_comment = Comment.objects.filter(pk=int(parent_id), idea=idea,
                                                    visibility=Visibility.VISIBLE).first()
        except (TypeError, ValueError):
            parent_comment = None
        if parent_comment is None:
            raise InvalidInput(_("The comment answered is not on this idea."), field="parent")
    depth = min(parent_comment.depth + 1, COMMENT_MAX_DEPTH) if parent_comment is not None else 0
    process = idea.process
    comment = Comment(idea=idea, parent=parent_comment, depth=depth, author=actor, group=group, body=body,
                      is_official=can(actor, "participation.answer_idea", idea),
                      visibility=Visibility.PENDING if process.premoderation else Visibility.VISIBLE)
    with transaction.atomic():
        author(comment, actor)
        comment.save()
        if comment.visibility == Visibility.VISIBLE:
            announce_comment(comment, actor)
    return comment


def announce_comment(comment: Comment, actor) -> None:
    """What follows a comment becoming visible (H2's approve does the same)."""
    idea = comment.idea
    bump(Idea, idea.pk, comment_count=1)
    bump(Process, idea.process_id, comment_count=1)
    record_activity(process=idea.process, kind=ActivityKind.COMMENT_POSTED, summary=comment.body[:300],
                    url=f"{idea_url(idea)}#comment-{comment.pk}", idea=idea, actor=actor)
    input_changed(idea.process_id)


announce_idea = _announce_idea


# ---------------------------------------------------------------- similar ideas

SIMILAR_WORDS = 8
SIMILAR_CANDIDATES = 40
SIMILAR_THRESHOLD = 0.2


@dataclass
class SimilarIdea:
    id: int
    title: str
    support_count: int
    similarity: float


def idea_words(text: str | None) -> set[str]:
    from musharaka.plans.selectors import need_words

    return need_words(text)


def idea_similarity(title_a: str, text_a: str, title_b: str, text_b: str) -> float:
    from musharaka.plans.selectors import need_similarity

    return need_similarity(title_a, text_a, title_b, text_b)


def similar_ideas(process: Process, title: str, description: str = "", *, exclude: int | None = None,
                  limit: int = 5) -> list[SimilarIdea]:
    """The process's visible ideas most like a text being typed, best first (one query on the index, one on the
    ideas): candidates from the Arabic search index sharing any telling word, scored by Jaccard similarity."""
    words = sorted(idea_words(f"{title} {description}"))[:SIMILAR_WORDS * 2]
    if not words:
        return []
    queryset = Idea.objects.filter(process=process, visibility=Visibility.VISIBLE, merged_into__isnull=True)
    if exclude:
        queryset = queryset.exclude(pk=exclude)
    rows = search.search(queryset, kind=IDEA_SEARCH_KIND, query=" ".join(words), any_word=True).values_list(
        "id", "title", "description", "support_count")[:SIMILAR_CANDIDATES]
    found = [SimilarIdea(id=pk, title=idea_title, support_count=supports,
                         similarity=idea_similarity(title, description, idea_title, text))
             for pk, idea_title, text, supports in rows]
    found = [item for item in found if item.similarity >= SIMILAR_THRESHOLD]
    found.sort(key=lambda item: (-item.similarity, -item.support_count, item.id))
    return found[:limit]
