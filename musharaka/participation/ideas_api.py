"""The processes, phases, ideas, supports, official answers and comments API (under /api/v1/participation).

What one may not see answers 404 (a draft process, another's pending idea); what one sees but may not do — or not in
the phase in force — 403; a second support or an answer to a hidden idea 409; bad input 422.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import InvalidInput, NotFound
from musharaka.core.files import protected_file_url
from musharaka.core.i18n import localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.permissions import can, require
from musharaka.core.schemas import RecordId, error_responses
from musharaka.orgs.models import Organization

from . import ideas, services
from . import ideas_selectors as selectors
from .ideas_schemas import (
    ParticipationAnswerIn,
    ParticipationCommentCreate,
    ParticipationCommentOut,
    ParticipationIdeaCreate,
    ParticipationIdeaFilters,
    ParticipationIdeaItem,
    ParticipationIdeaOut,
    ParticipationIdeaPatch,
    ParticipationPhaseCreate,
    ParticipationPhaseOut,
    ParticipationPhasePatch,
    ParticipationProcessCreate,
    ParticipationProcessFilters,
    ParticipationProcessItem,
    ParticipationProcessOut,
    ParticipationProcessPatch,
    ParticipationSimilarOut,
    ParticipationSimilarParams,
    ParticipationStatusIn,
    ParticipationSupportIn,
    ParticipationSupportOut,
)
from .models import Idea, Phase, PhaseKind, Process

router = Router(tags=["participation"])

READ = error_responses(lookup=True)
WRITE = error_responses(auth=True, body=True, lookup=True, conflict=True)
ACTION = error_responses(auth=True, lookup=True, conflict=True)
PHASE_NAMES = dict(PhaseKind.choices)


def _ref(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": localized(obj)}


def _phase_out(phase: Phase, current: Phase | None) -> dict:
    return {"id": phase.pk, "kind": phase.kind, "name": str(PHASE_NAMES.get(phase.kind, phase.kind)),
            "starts_at": phase.starts_at, "ends_at": phase.ends_at, "description_ar": phase.description_ar,
            "description_en": phase.description_en, "in_force": current is not None and current.pk == phase.pk}


def process_item(process: Process, now=None) -> dict:
    phase = process.phase_at(now)
    return {"id": process.pk, "title": localized(process, "title"), "title_ar": process.title_ar,
            "title_en": process.title_en, "summary": localized(process, "summary"), "status": process.status,
            "organization": _ref(process.organization), "region": _ref(process.region), "city": _ref(process.city),
            "axis": _ref(process.axis), "phase": phase.kind if phase else None, "idea_count": process.idea_count,
            "comment_count": process.comment_count, "follower_count": process.follower_count}


def _process_answer(request, process_id: int) -> dict:
    user = request_user(request)
    process = selectors.get_process(user=user, process_id=process_id)
    summary = selectors.process_summary(process, user)
    return {**process_item(process), "summary_ar": process.summary_ar, "summary_en": process.summary_en,
            "description_ar": process.description_ar, "description_en": process.description_en,
            "premoderation": process.premoderation,
            "neighbourhoods": [_ref(n) for n in process.neighbourhoods.all()],
            "phases": [_phase_out(phase, summary.phase) for phase in summary.phases], "can": summary.can}


def _process(request, process_id: int) -> Process:
    return selectors.get_process(user=request_user(request), process_id=process_id)


def _process_data(payload) -> tuple[dict[str, Any], list[int] | None]:
    data = payload.model_dump(exclude_unset=True)
    neighbourhood_ids = data.pop("neighbourhood_ids", None)
    return data, neighbourhood_ids


@router.get("/processes", response={200: Page[ParticipationProcessItem], **error_responses()})
def list_processes(request, paging: Query[PageParams], filters: Query[ParticipationProcessFilters]):
    """Published and archived processes (and the drafts of your organisations), newest first or best match first
    with `q`; filter by region, city, axis, organisation, status and the phase in force now."""
    rows = selectors.process_rows(request_user(request), region=filters.region, city=filters.city,
                                  axis=filters.axis, phase=filters.phase, status=filters.status,
                                  organization=filters.organization, q=(filters.q or "").strip() or None)
    now = timezone.now()
    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size,
                                transform=lambda page: [process_item(process, now) for process in page]))


@router.post("/processes", auth=api_auth, response={201: ParticipationProcessOut,
                                                    **error_responses(auth=True, body=True)})
def create_process(request, payload: ParticipationProcessCreate):
    """A draft process of an organisation you are an admin or editor of."""
    user = request_user(request)
    organization = Organization.objects.filter(pk=payload.organization_id).first()
    if organization is None:
        raise InvalidInput(_("Choose from the list."), code="unknown_reference", field="organization_id")
    data, neighbourhood_ids = _process_data(payload)
    data.pop("organization_id")
    process = services.process_create(actor=user, organization=organization, data=data,
                                      neighbourhood_ids=neighbourhood_ids or ())
    return Status(201, _process_answer(request, process.pk))


@router.get("/processes/{process_id}", response={200: ParticipationProcessOut, **READ})
def get_process(request, process_id: Path[RecordId]):
    return _process_answer(request, process_id)


@router.patch("/processes/{process_id}", auth=api_auth, response={200: ParticipationProcessOut, **WRITE})
def update_process(request, process_id: Path[RecordId], payload: ParticipationProcessPatch):
    process = _process(request, process_id)
    data, neighbourhood_ids = _process_data(payload)
    services.process_update(actor=request_user(request), process=process, data=data,
                            neighbourhood_ids=neighbourhood_ids)
    return _process_answer(request, process_id)


@router.post("/processes/{process_id}/status", auth=api_auth, response={200: ParticipationProcessOut, **WRITE})
def set_process_status(request, process_id: Path[RecordId], payload: ParticipationStatusIn):
    """draft → published (with at least one phase) → archived, and back to published."""
    services.process_set_status(actor=request_user(request), process=_process(request, process_id),
                                status=payload.status)
    return _process_answer(request, process_id)


# ---------------------------------------------------------------- phases


@router.get("/processes/{process_id}/phases", response={200: list[ParticipationPhaseOut], **READ})
def list_phases(request, process_id: Path[RecordId]):
    process = _process(request, process_id)
    current = process.phase_at()
    return [_phase_out(phase, current) for phase in process.phases.all()]


@router.post("/processes/{process_id}/phases", auth=api_auth, response={201: ParticipationPhaseOut, **WRITE})
def create_phase(request, process_id: Path[RecordId], payload: ParticipationPhaseCreate):
    """A phase of the process (phases never overlap)."""
    process = _process(request, process_id)
    phase = services.phase_save(actor=request_user(request), process=process, data=payload.model_dump())
    return Status(201, _phase_out(phase, None))


def _phase(request, phase_id: int) -> Phase:
    phase = Phase.objects.filter(pk=phase_id).first()
    if phase is None:
        raise NotFound()
    phase.process = _process(request, phase.process_id)
    return phase


@router.patch("/phases/{phase_id}", auth=api_auth, response={200: ParticipationPhaseOut, **WRITE})
def update_phase(request, phase_id: Path[RecordId], payload: ParticipationPhasePatch):
    phase = _phase(request, phase_id)
    saved = services.phase_save(actor=request_user(request), process=phase.process,
                                data=payload.model_dump(exclude_unset=True), phase=phase)
    return _phase_out(saved, None)


@router.delete("/phases/{phase_id}", auth=api_auth, response={204: None, **ACTION})
def delete_phase(request, phase_id: Path[RecordId]):
    services.phase_delete(actor=request_user(request), phase=_phase(request, phase_id))
    return Status(204, None)


# ---------------------------------------------------------------- ideas


def _idea_item(idea: Idea, supported: bool) -> dict:
    return {"id": idea.pk, "process_id": idea.process_id, "title": idea.title, "state": idea.state,
            "visibility": idea.visibility, "neighbourhood": _ref(idea.neighbourhood), "axis": _ref(idea.axis),
            "group": idea.group, "support_count": idea.support_count, "comment_count": idea.comment_count,
            "supported_by_me": supported, "created_at": idea.created_at}


def _idea_answer(request, idea_id: int) -> dict:
    user = request_user(request)
    idea = selectors.get_idea(user=user, idea_id=idea_id)
    supported = bool(selectors.supported_ids(user, [idea.pk]))
    return {**_idea_item(idea, supported), "description": idea.description,
            "latitude": float(idea.latitude) if idea.latitude is not None else None,
            "longitude": float(idea.longitude) if idea.longitude is not None else None,
            "image_url": protected_file_url("participation:idea_image", idea.image, idea_id=idea.pk)
            if idea.image else None,
            "answer_text": idea.answer_text, "answered_at": idea.answered_at, "initiative_id": idea.initiative_id,
            "merged_into_id": idea.merged_into_id,
            "mine": bool(user is not None and user.is_authenticated and idea.author_id == user.pk),
            "can": {name: can(user, f"participation.{name}", idea)
                    for name in ("edit_idea", "support_idea", "comment", "answer_idea")}}


@router.get("/processes/{process_id}/ideas", response={200: Page[ParticipationIdeaItem], **READ})
def list_ideas(request, process_id: Path[RecordId], paging: Query[PageParams],
               filters: Query[ParticipationIdeaFilters]):
    """The process's visible ideas, newest or most supported first (best match first with `q`); `supported_by_me`
    says which the caller supports."""
    user = request_user(request)
    process = _process(request, process_id)
    rows = selectors.idea_rows(process, user, neighbourhood=filters.neighbourhood, axis=filters.axis,
                               state=filters.state, q=(filters.q or "").strip() or None, sort=filters.sort)

    def transform(page):
        mine = selectors.supported_ids(user, [idea.pk for idea in page])
        return [_idea_item(idea, idea.pk in mine) for idea in page]

    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size, transform=transform))


@router.post("/processes/{process_id}/ideas", auth=api_auth, response={201: ParticipationIdeaOut, **WRITE})
def create_idea(request, process_id: Path[RecordId], payload: ParticipationIdeaCreate):
    """Post an idea while the ideas phase runs (pending until approved when the process is pre-moderated)."""
    process = _process(request, process_id)
    idea = ideas.idea_create(actor=request_user(request), process=process, data=payload.model_dump())
    return Status(201, _idea_answer(request, idea.pk))


@router.get("/ideas/similar", response={200: list[ParticipationSimilarOut], **READ})
def similar(request, params: Query[ParticipationSimilarParams]):
    """The process's visible ideas most like a text being typed (Arabic-normalised words, best first)."""
    process = _process(request, params.process)
    return [{"id": item.id, "title": item.title, "support_count": item.support_count,
             "similarity": item.similarity} for item in ideas.similar_ideas(process, params.q)]


@router.get("/ideas/{idea_id}", response={200: ParticipationIdeaOut, **READ})
def get_idea(request, idea_id: Path[RecordId]):
    return _idea_answer(request, idea_id)


def _idea(request, idea_id: int) -> Idea:
    return selectors.get_idea(user=request_user(request), idea_id=idea_id)


@router.patch("/ideas/{idea_id}", auth=api_auth, response={200: ParticipationIdeaOut, **WRITE})
def update_idea(request, idea_id: Path[RecordId], payload: ParticipationIdeaPatch):
    """Its author changes it while the ideas phase runs and it has no official answer."""
    ideas.idea_update(actor=request_user(request), idea=_idea(request, idea_id),
                      data=payload.model_dump(exclude_unset=True))
    return _idea_answer(request, idea_id)


def _support_answer(idea_id: int, user) -> dict:
    count = Idea.objects.filter(pk=idea_id).values_list("support_count", flat=True).get()
    return {"idea_id": idea_id, "supported": bool(selectors.supported_ids(user, [idea_id])), "support_count": count}


@router.put("/ideas/{idea_id}/support", auth=api_auth, response={201: ParticipationSupportOut, **WRITE})
def support(request, idea_id: Path[RecordId], payload: ParticipationSupportIn | None = None):
    """Support a visible idea while the ideas phase runs: one support per person (a second is a 409)."""
    user = request_user(request)
    ideas.idea_support(actor=user, idea=_idea(request, idea_id), group=payload.group if payload else None)
    return Status(201, _support_answer(idea_id, user))


@router.delete("/ideas/{idea_id}/support", auth=api_auth, response={200: ParticipationSupportOut, **ACTION})
def unsupport(request, idea_id: Path[RecordId]):
    """Withdraw your support (404 when you gave none)."""
    user = request_user(request)
    ideas.idea_unsupport(actor=user, idea=_idea(request, idea_id))
    return _support_answer(idea_id, user)


@router.post("/ideas/{idea_id}/answer", auth=api_auth, response={200: ParticipationIdeaOut, **WRITE})
def answer(request, idea_id: Path[RecordId], payload: ParticipationAnswerIn):
    """The organisation's official answer; "initiative" creates a linked draft initiative of the organisation."""
    ideas.idea_answer(actor=request_user(request), idea=_idea(request, idea_id), state=payload.state,
                      text=payload.text)
    return _idea_answer(request, idea_id)


# ---------------------------------------------------------------- comments


def _comment_out(comment) -> dict:
    person = comment.author
    return {"id": comment.pk, "idea_id": comment.idea_id, "parent_id": comment.parent_id, "depth": comment.depth,
            "author": person.get_full_name() or person.username, "body": comment.body, "group": comment.group,
            "visibility": comment.visibility, "is_official": comment.is_official, "created_at": comment.created_at}


@router.get("/ideas/{idea_id}/comments", response={200: Page[ParticipationCommentOut], **READ})
def list_comments(request, idea_id: Path[RecordId], paging: Query[PageParams]):
    """The idea's comments in thread order (each reply after its parent), with `parent_id` and `depth`."""
    user = request_user(request)
    thread = selectors.comment_thread(_idea(request, idea_id), user)
    start = (paging.page - 1) * paging.page_size
    return json_answer({"count": len(thread), "page": paging.page, "page_size": paging.page_size,
                        "results": [_comment_out(c) for c in thread[start:start + paging.page_size]]})


@router.post("/ideas/{idea_id}/comments", auth=api_auth, response={201: ParticipationCommentOut, **WRITE})
def create_comment(request, idea_id: Path[RecordId], payload: ParticipationCommentCreate):
    """Comment a visible idea, or reply to one of its visible comments (`parent_id`)."""
    user = request_user(request)
    idea = _idea(request, idea_id)
    require(user, "participation.comment", idea)
    comment = ideas.comment_create(actor=user, idea=idea, body=payload.body, parent=payload.parent_id,
                                   group=payload.group)
    return Status(201, _comment_out(comment))
