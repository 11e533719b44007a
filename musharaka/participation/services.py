"""Writes shared by every part of participation: processes and their phases, the activity followers hear about,
and the version of the input the topic summary reads.

The parts keep their own services beside this module (`ideas.py`, `moderation.py`, `surveys.py`, `budgets.py`,
`topics.py`), each building on these helpers.
"""

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from musharaka.core import search
from musharaka.core.errors import Conflict, InvalidInput
from musharaka.core.permissions import require
from musharaka.core.records import assign_fields, clean_record, parse_moment
from musharaka.core.text import clean_text
from musharaka.geo.models import Neighbourhood
from musharaka.orgs.models import Organization

from .models import (
    BODY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Activity,
    Idea,
    Phase,
    PhaseKind,
    Process,
    ProcessStatus,
)

if TYPE_CHECKING:
    from musharaka.accounts.models import User

PROCESS_SEARCH_KIND = "participation_process"
IDEA_SEARCH_KIND = "participation_idea"
MAX_PHASES = 12
MAX_NEIGHBOURHOODS = 200

PROCESS_FIELDS = ("title_ar", "title_en", "summary_ar", "summary_en", "description_ar", "description_en",
                  "axis_id", "region_id", "city_id", "premoderation")
PROCESS_TEXT_LIMITS = {"title_ar": TITLE_MAX_LENGTH, "title_en": TITLE_MAX_LENGTH, "summary_ar": 500,
                       "summary_en": 500, "description_ar": BODY_MAX_LENGTH, "description_en": BODY_MAX_LENGTH}


# ---------------------------------------------------------------- helpers the parts share


def bump(model, pk: int, **changes: int) -> None:
    """Relative counter updates: exact even when two transactions change the same row."""
    model.objects.filter(pk=pk).update(**{name: F(name) + delta for name, delta in changes.items() if delta})


def author(record, actor) -> None:
    """Name the person behind a change in the record's history."""
    record._history_user = actor


def input_changed(process_id: int) -> None:
    """The ideas or comments the topic summary reads changed (content added, hidden, restored, merged)."""
    bump(Process, process_id, input_version=1)


def record_activity(*, process: Process, kind: str, summary: str, url: str, idea: Idea | None = None,
                    actor: "User | None" = None, neighbourhood_id: int | None = None) -> Activity:
    """Something followers of the process (and of the idea or the neighbourhood) hear about in their next digest.
    Only visible content is recorded: pending content is recorded when a moderator approves it."""
    return Activity.objects.create(
        process=process, kind=kind, idea=idea, actor=actor, summary=summary[:300], url=url[:300],
        neighbourhood_id=neighbourhood_id if neighbourhood_id is not None else getattr(idea, "neighbourhood_id", None))


def index_idea(idea: Idea) -> None:
    """Visible ideas are in the Arabic search index (the list's search and the similar-ideas suggestions)."""
    if idea.visibility == "visible" and idea.merged_into_id is None:
        search.index(IDEA_SEARCH_KIND, idea.pk, idea.title, idea.description)
    else:
        search.unindex(IDEA_SEARCH_KIND, idea.pk)


def _index_process(process: Process) -> None:
    if process.status == ProcessStatus.PUBLISHED:
        search.index(PROCESS_SEARCH_KIND, process.pk, process.title_ar, process.title_en, process.summary_ar,
                     process.summary_en)
    else:
        search.unindex(PROCESS_SEARCH_KIND, process.pk)


# ---------------------------------------------------------------- processes


def _check_process(process: Process, data: dict[str, Any]) -> None:
    for name, limit in PROCESS_TEXT_LIMITS.items():
        if name in data:
            setattr(process, name, clean_text(data[name] or "", field=name, max_length=limit,
                                              min_length=1 if name == "title_ar" else 0))
    clean_record(process, exclude=["organization", "created_by", "neighbourhoods"])
    if process.city is not None and process.city.region_id != process.region_id:
        raise InvalidInput(_("The city is not in the region chosen."), field="city_id")


def _set_neighbourhoods(process: Process, neighbourhood_ids) -> None:
    ids = sorted({int(pk) for pk in neighbourhood_ids})
    if len(ids) > MAX_NEIGHBOURHOODS:
        raise InvalidInput(_("Choose at most %(count)d neighbourhoods.") % {"count": MAX_NEIGHBOURHOODS},
                           field="neighbourhood_ids")
    found = Neighbourhood.objects.filter(pk__in=ids).select_related("city")
    if len(found) != len(ids):
        raise InvalidInput(_("A neighbourhood chosen does not exist."), field="neighbourhood_ids")
    for neighbourhood in found:
        outside_city = process.city_id and neighbourhood.city_id != process.city_id
        if outside_city or neighbourhood.city.region_id != process.region_id:
            raise InvalidInput(_("Each neighbourhood must lie in the process's area."), field="neighbourhood_ids")
    process.neighbourhoods.set(found)


@transaction.atomic
def process_create(*, actor: "User", organization: Organization, data: dict[str, Any],
                   neighbourhood_ids=()) -> Process:
    """A draft process of the organisation (its admins and editors, or staff)."""
    require(actor, "participation.change_process", Process(organization=organization))
    process = Process(organization=organization, created_by=actor)
    assign_fields(process, data, PROCESS_FIELDS)
    _check_process(process, data)
    author(process, actor)
    process.save()
    _set_neighbourhoods(process, neighbourhood_ids)
    return process


@transaction.atomic
def process_update(*, actor: "User", process: Process, data: dict[str, Any], neighbourhood_ids=None) -> Process:
    require(actor, "participation.change_process", process)
    process = Process.objects.select_for_update().get(pk=process.pk)
    if process.status == ProcessStatus.ARCHIVED:
        raise Conflict(_("An archived process cannot be changed."), code="archived")
    assign_fields(process, data, PROCESS_FIELDS)
    _check_process(process, data)
    author(process, actor)
    process.save()
    if neighbourhood_ids is not None:
        _set_neighbourhoods(process, neighbourhood_ids)
    _index_process(process)
    return process


@transaction.atomic
def process_set_status(*, actor: "User", process: Process, status: str) -> Process:
    """draft → published → archived (published ↔ archived both ways; nothing goes back to draft). A process is
    published only with at least one phase."""
    require(actor, "participation.change_process", process)
    process = Process.objects.select_for_update().get(pk=process.pk)
    if status not in ProcessStatus.values:
        raise InvalidInput(_("Unknown status."), field="status")
    if status == process.status:
        return process
    if status == ProcessStatus.DRAFT:
        raise Conflict(_("A published process does not go back to draft."), code="bad_transition")
    if status == ProcessStatus.PUBLISHED and not process.phases.exists():
        raise Conflict(_("Add the process's phases before publishing it."), code="no_phases")
    process.status = status
    author(process, actor)
    process.save(update_fields=["status", "updated_at"])
    _index_process(process)
    return process


# ---------------------------------------------------------------- phases


@transaction.atomic
def phase_save(*, actor: "User", process: Process, data: dict[str, Any], phase: Phase | None = None) -> Phase:
    """Add or change a phase. Phases of one process never overlap (one phase is in force at a time); a phase
    that started when the process was published may still be moved, so that an organiser can close a vote
    early or extend it."""
    require(actor, "participation.change_process", process)
    process = Process.objects.select_for_update().get(pk=process.pk)
    if phase is None:
        if process.phases.count() >= MAX_PHASES:
            raise Conflict(_("A process has at most %(count)d phases.") % {"count": MAX_PHASES}, code="too_many")
        phase = Phase(process=process)
    elif phase.process_id != process.pk:
        raise InvalidInput(_("This phase belongs to another process."), field="phase")
    if "kind" in data:
        if data["kind"] not in PhaseKind.values:
            raise InvalidInput(_("Choose a phase from the list."), field="kind")
        phase.kind = data["kind"]
    for name in ("starts_at", "ends_at"):
        if name in data:
            setattr(phase, name, parse_moment(data[name], field=name))
    for name in ("description_ar", "description_en"):
        if name in data:
            setattr(phase, name, clean_text(data[name] or "", field=name, max_length=2_000))
    if not phase.kind:
        raise InvalidInput(_("Choose a phase from the list."), field="kind")
    if not phase.starts_at or not phase.ends_at:
        raise InvalidInput(_("Enter a valid date and time."), field="starts_at" if not phase.starts_at else "ends_at")
    if phase.ends_at <= phase.starts_at:
        raise InvalidInput(_("A phase ends after it starts."), field="ends_at")
    overlapping = process.phases.exclude(pk=phase.pk).filter(starts_at__lt=phase.ends_at, ends_at__gt=phase.starts_at)
    if overlapping.exists():
        # A conflict with the phases already stored, not bad input: the same dates fit another process.
        raise Conflict(_("Phases of a process cannot overlap."), code="overlap")
    phase.save()
    return phase


@transaction.atomic
def phase_delete(*, actor: "User", phase: Phase) -> None:
    require(actor, "participation.change_process", phase.process)
    process = Process.objects.select_for_update().get(pk=phase.process_id)
    if process.status == ProcessStatus.PUBLISHED and process.phases.count() == 1:
        raise Conflict(_("A published process keeps at least one phase."), code="last_phase")
    phase.delete()
