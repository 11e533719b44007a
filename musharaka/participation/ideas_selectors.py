"""Reads of processes, phases, ideas and comments (no N+1: lists select their relations, flags come in one query).

Who may not see a process or an idea gets NotFound (404): drafts only their editors see; pending and hidden ideas
only their author and the moderators.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from musharaka.core import search
from musharaka.core.errors import NotFound
from musharaka.core.permissions import can, is_platform_admin
from musharaka.orgs.roles import roles_of

from .models import Comment, Idea, IdeaState, Phase, PhaseKind, Process, ProcessStatus, Support, Visibility
from .services import IDEA_SEARCH_KIND, PROCESS_SEARCH_KIND

IDEA_SORTS = ("recent", "supported")


def editor_organization_ids(user) -> list[int]:
    return [pk for pk, role in roles_of(user).by_organization.items() if role in ("admin", "editor")]


def _phases() -> Prefetch:
    return Prefetch("phases", queryset=Phase.objects.order_by("starts_at", "pk"))


# ---------------------------------------------------------------- processes


def process_rows(user, *, region: int | None = None, city: int | None = None, axis: int | None = None,
                 phase: str | None = None, status: str | None = None, q: str | None = None,
                 organization: int | None = None) -> QuerySet:
    """Published and archived processes, and the drafts of the person's own organisations (all for staff), newest
    first or best match first when searched; phases prefetched (the list shows the phase in force)."""
    visible = Q(status__in=(ProcessStatus.PUBLISHED, ProcessStatus.ARCHIVED))
    if is_platform_admin(user):
        visible = Q()
    elif editor_ids := editor_organization_ids(user):
        visible |= Q(organization_id__in=editor_ids)
    queryset = Process.objects.filter(visible)
    if status in ProcessStatus.values:
        queryset = queryset.filter(status=status)
    if region:
        queryset = queryset.filter(region_id=region)
    if city:
        queryset = queryset.filter(city_id=city)
    if axis:
        queryset = queryset.filter(axis_id=axis)
    if organization:
        queryset = queryset.filter(organization_id=organization)
    if phase in PhaseKind.values:
        now = timezone.now()
        queryset = queryset.filter(Exists(Phase.objects.filter(process=OuterRef("pk"), kind=phase,
                                                               starts_at__lte=now, ends_at__gt=now)))
    queryset = queryset.select_related("organization", "region", "city", "axis").prefetch_related(_phases())
    if q:
        return search.search(queryset, kind=PROCESS_SEARCH_KIND, query=q)
    return queryset.order_by("-pk")


def get_process(*, user, process_id: int, for_update: bool = False) -> Process:
    process = (Process.objects.select_related("organization", "region", "city", "axis")
               .prefetch_related(_phases(), "neighbourhoods").filter(pk=process_id).first())
    if process is None or not can(user, "participation.view_process", process):
        raise NotFound()
    return process


@dataclass
class ProcessSummary:
    process: Process
    phases: list[Phase]
    phase: Phase | None
    next_phase: Phase | None
    can: dict[str, bool] = field(default_factory=dict)


def process_summary(process: Process, user) -> ProcessSummary:
    """The process page's facts: its phases, the one in force and the next, and what this person may do now."""
    now = timezone.now()
    phases = list(process.phases.all())
    current = process.phase_at(now)
    upcoming = [phase for phase in phases if phase.starts_at > now]
    return ProcessSummary(
        process=process, phases=phases, phase=current, next_phase=upcoming[0] if upcoming else None,
        can={name: can(user, f"participation.{name}", process)
             for name in ("change_process", "post_idea", "moderate", "answer_idea")})


# ---------------------------------------------------------------- ideas


def idea_rows(process: Process, user=None, *, neighbourhood: int | None = None, axis: int | None = None,
              state: str | None = None, q: str | None = None, sort: str = "recent") -> QuerySet:
    """The process's visible ideas (merged ones left out), with their neighbourhood and axis."""
    queryset = Idea.objects.filter(process=process, visibility=Visibility.VISIBLE, merged_into__isnull=True)
    if neighbourhood:
        queryset = queryset.filter(neighbourhood_id=neighbourhood)
    if axis:
        queryset = queryset.filter(axis_id=axis)
    if state in IdeaState.values:
        queryset = queryset.filter(state=state)
    queryset = queryset.select_related("neighbourhood", "axis").defer("description", "answer_text")
    if q:
        queryset = search.search(queryset, kind=IDEA_SEARCH_KIND, query=q)
        return queryset if sort != "supported" else queryset.order_by("-support_count", "-pk")
    return queryset.order_by("-support_count", "-pk") if sort == "supported" else queryset.order_by("-pk")


def supported_ids(user, idea_ids) -> set[int]:
    """Which of these ideas the person supports (one query)."""
    if user is None or not user.is_authenticated:
        return set()
    ids = list(idea_ids)
    if not ids:
        return set()
    return set(Support.objects.filter(user=user, idea_id__in=ids).values_list("idea_id", flat=True))


def mark_supported(user, ideas: list) -> list:
    mine = supported_ids(user, [idea.pk for idea in ideas])
    for idea in ideas:
        idea.supported_by_me = idea.pk in mine
    return ideas


def get_idea(*, user, idea_id: int) -> Idea:
    """The idea if this person may see it: visible (incl. merged) ideas of a visible process to everyone, pending
    and hidden ones to their author and the moderators."""
    idea = (Idea.objects.select_related("process__organization", "process__region", "process__city", "axis",
                                        "neighbourhood", "author", "answered_by", "initiative", "merged_into")
            .prefetch_related(Prefetch("process__phases", queryset=Phase.objects.order_by("starts_at", "pk")))
            .filter(pk=idea_id).first())
    if idea is None or not can(user, "participation.view_process", idea.process):
        raise NotFound()
    if idea.visibility != Visibility.VISIBLE and not (
            (user is not None and user.is_authenticated and idea.author_id == user.pk)
            or can(user, "participation.moderate", idea.process)):
        raise NotFound()
    return idea


def may_see_image(user, idea: Idea) -> bool:
    if idea.visibility == Visibility.VISIBLE and can(user, "participation.view_process", idea.process):
        return True
    return bool(user is not None and user.is_authenticated and idea.author_id == user.pk) or can(
        user, "participation.moderate", idea.process)


# ---------------------------------------------------------------- comments


def comment_thread(idea: Idea, user) -> list[Comment]:
    """The idea's comments in thread order (each reply after its parent, siblings oldest first), in one query:
    the visible ones, the person's own pending ones, and for moderators every pending one. A reply whose parent is
    not shown is left out with it."""
    shown = Q(visibility=Visibility.VISIBLE)
    if can(user, "participation.moderate", idea.process):
        shown |= Q(visibility=Visibility.PENDING)
    elif user is not None and user.is_authenticated:
        shown |= Q(visibility=Visibility.PENDING, author=user)
    rows = list(Comment.objects.filter(shown, idea=idea).select_related("author").order_by("pk"))
    children: dict[Any, list[Comment]] = {}
    for comment in rows:
        children.setdefault(comment.parent_id, []).append(comment)
    ordered: list[Comment] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        comment = stack.pop()
        ordered.append(comment)
        stack.extend(reversed(children.get(comment.pk, [])))
    return ordered
