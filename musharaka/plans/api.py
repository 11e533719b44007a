"""The plans API under /api/v1/plans: plans (with their statuses, versions and the differences between two),
the needs assessment (needs, votes, the scoring matrix's criteria and scores, the prioritisation combined and per
participant group), goals, actions (with the lead organisation's status report and the replication of a proven
initiative), periodic reviews, risks and their heat map; the lists staff keep (alignment objectives, need categories).

Who sees what is rules.py's: the public reads a plan from its consultation on; a draft is read by its authority's
members, the region's coordinator and platform admins, and answers 404 to anyone else, like everything in it. A
record one sees but may not change answers 403. Every write goes through plans.services: a refusal caused by the
record's state (the plan's status, a second vote, a merged need) is a 409, bad input a 422.
"""

from typing import Annotated, Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import Conflict, InvalidInput, NotFound
from musharaka.core.i18n import localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import Page, PageParams, WholeListParams, paginate
from musharaka.core.permissions import can, require
from musharaka.core.schemas import error_responses

from . import selectors, services
from .models import (
    Action,
    Alignment,
    Goal,
    Need,
    NeedCategory,
    NeedScore,
    NeedStatus,
    NeedVote,
    Plan,
    PriorityCriterion,
    Review,
    Risk,
)
from .schemas import (
    PlanActionCreate,
    PlanActionFilters,
    PlanActionOut,
    PlanActionPatch,
    PlanActionReportIn,
    PlanAlignmentOut,
    PlanCategoryOut,
    PlanCreate,
    PlanCriterionCreate,
    PlanCriterionOut,
    PlanCriterionPatch,
    PlanDiffOut,
    PlanDiffParams,
    PlanFilters,
    PlanGoalCreate,
    PlanGoalOut,
    PlanGoalPatch,
    PlanHeatMapOut,
    PlanListItem,
    PlanMergeIn,
    PlanMoveIn,
    PlanNeedCreate,
    PlanNeedFilters,
    PlanNeedOut,
    PlanNeedPatch,
    PlanNeedStatusIn,
    PlanOut,
    PlanPatch,
    PlanPriorityFilters,
    PlanRankedOut,
    PlanReplicateIn,
    PlanReviewCreate,
    PlanReviewOut,
    PlanReviewPatch,
    PlanRiskCreate,
    PlanRiskFilters,
    PlanRiskOut,
    PlanRiskPatch,
    PlanScoresIn,
    PlanScoresOut,
    PlanSuggestionOut,
    PlanVersionItem,
    PlanVersionOut,
    PlanVoteIn,
    PlanVoteOut,
)

router = Router(tags=["plans"])

READ = error_responses(lookup=True)
WRITE = error_responses(auth=True, body=True, lookup=True, conflict=True)
ACTION = error_responses(auth=True, lookup=True, conflict=True)
GROUPS = ("youth", "women", "elders", "organisations", "other")


def _number(value) -> float | None:
    return None if value is None else float(value)


def _ref(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": localized(obj)}


def _row_ref(row: dict, prefix: str) -> dict | None:
    pk = row[f"{prefix}_id"]
    if pk is None:
        return None
    return {"id": pk, "name": localized({"name_ar": row[f"{prefix}__name_ar"], "name_en": row[f"{prefix}__name_en"]})}


def _unknown(field: str):
    return InvalidInput(_("Choose from the list."), code="unknown_reference", field=field)


def _lookup(model, pk, field: str, **scope):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, **scope).first()
    if found is None:
        raise _unknown(field)
    return found


# ---------------------------------------------------------------- plans


def plan_row(row: dict) -> dict:
    return {
        "id": row["id"], "title": localized(row, "title"), "title_ar": row["title_ar"], "title_en": row["title_en"],
        "status": row["status"], "start_year": row["start_year"], "end_year": row["end_year"],
        "version": row["version"], "need_count": row["need_count"], "vote_count": row["vote_count"],
        "progress": _number(row["progress"]),
        "region": localized({"name_ar": row["region__name_ar"], "name_en": row["region__name_en"]}),
        "city": localized({"name_ar": row["city__name_ar"], "name_en": row["city__name_en"]})
        if row["city__name_ar"] else None,
        "organization": localized({"name_ar": row["organization__name_ar"], "name_en": row["organization__name_en"]}),
    }


def plan_out(plan: Plan, user) -> dict:
    return {
        "id": plan.pk, "title": localized(plan, "title"), "title_ar": plan.title_ar, "title_en": plan.title_en,
        "summary_ar": plan.summary_ar, "summary_en": plan.summary_en, "vision_ar": plan.vision_ar,
        "vision_en": plan.vision_en, "status": plan.status, "start_year": plan.start_year, "end_year": plan.end_year,
        "version": plan.version, "organization": _ref(plan.organization), "region": _ref(plan.region),
        "city": _ref(plan.city), "neighbourhoods": [_ref(n) for n in plan.neighbourhoods.all()],
        "partners": [_ref(o) for o in plan.partners.all()],
        "consultation_closes_on": plan.consultation_closes_on, "matrix_share": plan.matrix_share,
        "approved_at": plan.approved_at, "need_count": plan.need_count, "vote_count": plan.vote_count,
        "progress": _number(plan.progress),
        "may_change": can(user, "plans.change_plan", plan), "may_moderate": can(user, "plans.moderate_needs", plan),
        "may_submit": can(user, "plans.submit_need", plan),
    }


def _plan(request, plan_id: int) -> Plan:
    return selectors.get_plan(user=request_user(request), plan_id=plan_id)


def _plan_answer(request, plan_id: int) -> dict:
    return plan_out(_plan(request, plan_id), request_user(request))


def _plan_data(payload) -> tuple[dict, list[int] | None]:
    from musharaka.geo.models import City, Region

    data = payload.model_dump(exclude_unset=True)
    for name in ("organization_id", "vision_ar", "vision_en", "partner_ids"):
        data.pop(name, None)
    neighbourhoods = data.pop("neighbourhood_ids", None)
    if "region_id" in data:
        data["region"] = _lookup(Region, data.pop("region_id"), "region_id")
    if "city_id" in data:
        data["city"] = _lookup(City, data.pop("city_id"), "city_id")
    return data, neighbourhoods


@router.get("", response={200: Page[PlanListItem], **error_responses()})
def list_plans(request, paging: Query[PageParams], filters: Query[PlanFilters]):
    """Plans from their consultation on (and those of your authority, or of the region you coordinate), newest
    first; filter by region, city, authority, status, a year they cover, words of the title."""
    rows = selectors.plan_list(user=request_user(request), region=filters.region, city=filters.city,
                               status=filters.status, organization=filters.organization, year=filters.year,
                               q=(filters.q or "").strip() or None)
    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size,
                                transform=lambda page: [plan_row(row) for row in page]))


@router.post("", auth=api_auth, response={201: PlanOut, **error_responses(auth=True, body=True)})
def create_plan(request, payload: PlanCreate):
    """Start a draft plan for an authority you are an admin or editor of (it starts with the default matrix)."""
    from musharaka.orgs.models import Organization

    user = request_user(request)
    organization = _lookup(Organization, payload.organization_id, "organization_id")
    require(user, "plans.add_plan", organization)
    data, neighbourhoods = _plan_data(payload)
    plan = services.plan_create(actor=user, organization=organization, data=data, neighbourhoods=neighbourhoods)
    return Status(201, _plan_answer(request, plan.pk))


# ---------------------------------------------------------------- reference lists (before /{plan_id}, which would
# take their paths: ninja's path parameters match any segment)


@router.get("/alignments", response={200: Page[PlanAlignmentOut], **error_responses()})
def list_alignments(request, paging: Query[WholeListParams]):
    """The objectives goals align with (SDGs, national and regional objectives), as staff keep them."""
    return json_answer(paginate(Alignment.objects.order_by("framework", "position", "pk"), page=paging.page,
                                page_size=paging.page_size, transform=lambda rows: [alignment_out(a) for a in rows]))


@router.get("/need-categories", response={200: Page[PlanCategoryOut], **error_responses()})
def list_categories(request, paging: Query[WholeListParams]):
    queryset = NeedCategory.objects.select_related("axis").order_by("position", "pk")
    return json_answer(paginate(queryset, page=paging.page, page_size=paging.page_size, transform=lambda rows: [
        {"id": c.pk, "code": c.code, "name": localized(c), "name_ar": c.name_ar, "name_en": c.name_en,
         "axis": c.axis.code if c.axis_id else None} for c in rows]))


@router.get("/{plan_id}", response={200: PlanOut, **READ})
def get_plan(request, plan_id: int):
    return _plan_answer(request, plan_id)


@router.patch("/{plan_id}", auth=api_auth, response={200: PlanOut, **WRITE})
def update_plan(request, plan_id: int, payload: PlanPatch):
    """Change the plan's content (while a draft, in consultation or revised), its vision and its partners."""
    plan = _plan(request, plan_id)
    user = request_user(request)
    require(user, "plans.change_plan", plan)
    fields = payload.model_dump(exclude_unset=True)
    data, neighbourhoods = _plan_data(payload)
    if data or neighbourhoods is not None:
        plan = services.plan_update(actor=user, plan=plan, data=data, neighbourhoods=neighbourhoods)
    vision: dict[str, Any] = {name: fields[name] for name in ("vision_ar", "vision_en") if name in fields}
    if vision:
        services.plan_set_vision(actor=user, plan=plan, data=vision)
    if "partner_ids" in fields:
        services.plan_set_partners(actor=user, plan=plan, organizations=fields["partner_ids"])
    return _plan_answer(request, plan_id)


@router.delete("/{plan_id}", auth=api_auth, response={204: None, **ACTION})
def delete_plan(request, plan_id: int):
    """Delete a draft that was never approved."""
    services.plan_delete(actor=request_user(request), plan=_plan(request, plan_id))
    return Status(204, None)


@router.post("/{plan_id}/move", auth=api_auth, response={200: PlanOut, **WRITE})
def move_plan(request, plan_id: int, payload: PlanMoveIn):
    """Move the plan to another status; 409 with what stops it (e.g. no vision, a goal without an action).
    Approving keeps the version as a frozen snapshot; a revision prepares the next version."""
    services.plan_move(actor=request_user(request), plan=_plan(request, plan_id), target=payload.target,
                       note=payload.note)
    return _plan_answer(request, plan_id)


# ---------------------------------------------------------------- versions


@router.get("/{plan_id}/versions", response={200: Page[PlanVersionItem], **READ})
def list_versions(request, plan_id: int, paging: Query[PageParams]):
    plan = _plan(request, plan_id)
    rows = plan.versions.order_by("number").values("number", "approved_at", "note")
    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size))


@router.get("/{plan_id}/versions/{number}", response={200: PlanVersionOut, **READ})
def get_version(request, plan_id: int, number: Annotated[int, Path(ge=1, le=32_767)]):
    """Version N as approved (it never changes afterwards)."""
    version = selectors.plan_version(_plan(request, plan_id), number)
    return {"number": version.number, "approved_at": version.approved_at, "note": version.note,
            "snapshot": version.snapshot}


def _flatten(value: Any, path: str, out: dict[str, Any]) -> None:
    """Snapshot → {path: value}; lists of records are keyed by their id so that a reordering is no change."""
    if isinstance(value, dict):
        for key in sorted(value):
            if key == "id":
                continue
            _flatten(value[key], f"{path}.{key}" if path else key, out)
    elif isinstance(value, list) and value and all(isinstance(item, dict) and "id" in item for item in value):
        for item in value:
            _flatten(item, f"{path}[{item['id']}]", out)
    else:
        out[path] = value


def snapshot_diff(before: dict, after: dict) -> list[dict]:
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    _flatten(before, "", old)
    _flatten(after, "", new)
    changes = []
    for path in sorted(old.keys() | new.keys()):
        if path not in new:
            changes.append({"path": path, "kind": "removed", "before": old[path], "after": None})
        elif path not in old:
            changes.append({"path": path, "kind": "added", "before": None, "after": new[path]})
        elif old[path] != new[path]:
            changes.append({"path": path, "kind": "changed", "before": old[path], "after": new[path]})
    return changes


@router.get("/{plan_id}/diff", response={200: PlanDiffOut, **READ})
def diff_versions(request, plan_id: int, params: Query[PlanDiffParams]):
    """What changed from version a (the last approved one if left out) to version b, or to the plan as it reads now
    when b is left out."""
    plan = _plan(request, plan_id)
    first = params.a or plan.versions.order_by("-number").values_list("number", flat=True).first()
    if first is None:
        raise NotFound(_("The plan has no approved version yet."))
    before = selectors.plan_version(plan, first).snapshot
    after = selectors.plan_version(plan, params.b).snapshot if params.b else services.plan_snapshot(plan)
    return {"a": str(first), "b": str(params.b) if params.b else "current", "changes": snapshot_diff(before, after)}


# ---------------------------------------------------------------- needs


def need_row(row: dict, voted: set[int]) -> dict:
    return {
        "id": row["id"], "title": row["title"], "description": row["description"],
        "people_affected": row["people_affected"], "status": row["status"], "source": row["source"],
        "group": row["group"], "category": _row_ref(row, "category"), "neighbourhood": _row_ref(row, "neighbourhood"),
        "merged_into_id": row["merged_into_id"], "vote_count": row["vote_count"],
        "votes": {group: row[f"votes_{group}"] for group in GROUPS}, "matrix_score": _number(row["matrix_score"]),
        "scored": row["scored"], "voted": row["id"] in voted, "created_at": row["created_at"],
    }


def _need(request, need_id: int) -> Need:
    """A need of a plan the caller may read (404 otherwise)."""
    need = Need.objects.filter(pk=need_id).only("pk", "plan_id").first()
    if need is None:
        raise NotFound()
    plan = _plan(request, need.plan_id)
    need = Need.objects.get(pk=need_id)
    need.plan = plan
    return need


def _need_answer(request, need_id: int) -> dict:
    need = _need(request, need_id)
    row = selectors.need_rows(need.plan, statuses=NeedStatus.values).get(pk=need.pk)
    return need_row(row, selectors.my_votes(need.plan, request_user(request)) & {need.pk})


NEED_ORDER = {"votes": ("-vote_count", "pk"), "recent": ("-created_at", "-pk"), "matrix": ("-matrix_score", "pk")}


@router.get("/{plan_id}/needs", response={200: Page[PlanNeedOut], **READ})
def list_needs(request, plan_id: int, paging: Query[PageParams], filters: Query[PlanNeedFilters]):
    """The plan's needs (open ones unless a status is asked), by votes, the newest or the matrix score; `q` searches
    their words with Arabic normalised (أ/ا, ة/ه, ى/ي …)."""
    plan = _plan(request, plan_id)
    rows = selectors.need_rows(plan, statuses=(filters.status or NeedStatus.OPEN,),
                               q=(filters.q or "").strip() or None, category=filters.category,
                               neighbourhood=filters.neighbourhood).order_by(*NEED_ORDER[filters.sort])
    voted = selectors.my_votes(plan, request_user(request))
    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size,
                                transform=lambda page: [need_row(row, voted) for row in page]))


def _need_data(payload) -> dict:
    from musharaka.geo.models import Neighbourhood

    data = payload.model_dump(exclude_unset=True)
    data.pop("source", None)
    if "category_id" in data:
        data["category"] = _lookup(NeedCategory, data.pop("category_id"), "category_id")
    if "neighbourhood_id" in data:
        data["neighbourhood"] = _lookup(Neighbourhood, data.pop("neighbourhood_id"), "neighbourhood_id")
    return data


@router.post("/{plan_id}/needs", auth=api_auth, response={201: PlanNeedOut, **WRITE})
def submit_need(request, plan_id: int, payload: PlanNeedCreate):
    """A resident submits a need while the plan is in consultation; the plan's team records one (from a study or
    its own work) while the plan is prepared, consulted on or revised."""
    plan = _plan(request, plan_id)
    user = request_user(request)
    data = _need_data(payload)
    if can(user, "plans.moderate_needs", plan):
        need = services.need_add(actor=user, plan=plan, data=data, source=payload.source or "coordinator")
    else:
        if payload.source is not None:
            raise InvalidInput(_("Only the plan's team says where a need comes from."), field="source")
        require(user, "plans.submit_need", plan)
        _room_for(Need.objects.filter(plan=plan, submitted_by=user), services.MAX_NEEDS_PER_PERSON,
                  _("You have submitted the most needs one person may submit to a plan (%(count)s)."))
        need = services.need_submit(actor=user, plan=plan, data=data)
    return Status(201, _need_answer(request, need.pk))


@router.get("/needs/{need_id}", response={200: PlanNeedOut, **READ})
def get_need(request, need_id: int):
    return _need_answer(request, need_id)


@router.patch("/needs/{need_id}", auth=api_auth, response={200: PlanNeedOut, **WRITE})
def update_need(request, need_id: int, payload: PlanNeedPatch):
    """The plan's team edits a need's wording, category, area or figures."""
    need = _need(request, need_id)
    services.need_update(actor=request_user(request), need=need, data=_need_data(payload))
    return _need_answer(request, need_id)


@router.post("/needs/{need_id}/status", auth=api_auth, response={200: PlanNeedOut, **WRITE})
def set_need_status(request, need_id: int, payload: PlanNeedStatusIn):
    """Retain a need again, or set it aside with a reason."""
    need = _need(request, need_id)
    services.need_set_status(actor=request_user(request), need=need, status=payload.status, reason=payload.reason)
    return _need_answer(request, need_id)


@router.post("/needs/{need_id}/merge", auth=api_auth, response={200: PlanNeedOut, **WRITE})
def merge_need(request, need_id: int, payload: PlanMergeIn):
    """Merge this need (a duplicate) into another of the same plan: its votes and evidence move there (a person
    who voted for both keeps one vote). Answers the need it joined."""
    duplicate = _need(request, need_id)
    # A need that exists in another plan is the service's 409 (the state of two records), an unknown id a 422.
    into = _lookup(Need, payload.into_id, "into_id")
    services.need_merge(actor=request_user(request), duplicate=duplicate, into=into)
    return _need_answer(request, into.pk)


def _vote_answer(need_id: int, user) -> dict:
    count = Need.objects.filter(pk=need_id).values_list("vote_count", flat=True).get()
    group = NeedVote.objects.filter(need_id=need_id, voter=user).values_list("group", flat=True).first()
    return {"need_id": need_id, "voted": group is not None, "group": group, "vote_count": count}


@router.post("/needs/{need_id}/vote", auth=api_auth, response={201: PlanVoteOut, **WRITE})
def vote(request, need_id: int, payload: PlanVoteIn):
    """Vote for a need while the plan is in consultation: one vote per person per need (a second is a 409)."""
    need = _need(request, need_id)
    user = request_user(request)
    services.need_vote(actor=user, need=need, group=payload.group)
    return Status(201, _vote_answer(need_id, user))


@router.delete("/needs/{need_id}/vote", auth=api_auth, response={200: PlanVoteOut, **ACTION})
def unvote(request, need_id: int):
    """Take your vote back (404 when you have not voted)."""
    need = _need(request, need_id)
    user = request_user(request)
    services.need_unvote(actor=user, need=need)
    return _vote_answer(need_id, user)


# ---------------------------------------------------------------- the scoring matrix


def criterion_out(criterion: PriorityCriterion) -> dict:
    return {"id": criterion.pk, "name": localized(criterion), "name_ar": criterion.name_ar,
            "name_en": criterion.name_en, "guidance_ar": criterion.guidance_ar, "guidance_en": criterion.guidance_en,
            "weight": criterion.weight, "position": criterion.position}


def _criterion(request, criterion_id: int) -> PriorityCriterion:
    criterion = PriorityCriterion.objects.filter(pk=criterion_id).first()
    if criterion is None:
        raise NotFound()
    criterion.plan = _plan(request, criterion.plan_id)
    return criterion


@router.get("/{plan_id}/criteria", response={200: Page[PlanCriterionOut], **READ})
def list_criteria(request, plan_id: int, paging: Query[WholeListParams]):
    """The columns of the plan's scoring matrix with their weights (which add up to 100 once complete)."""
    plan = _plan(request, plan_id)
    return json_answer(paginate(plan.criteria.order_by("position", "pk"), page=paging.page,
                                page_size=paging.page_size,
                                transform=lambda rows: [criterion_out(row) for row in rows]))


def _room_for(queryset, limit: int, message: str) -> None:
    """A plan that holds the most records of a kind refuses one more for its state, not for the request: 409."""
    if queryset.count() >= limit:
        raise Conflict(message % {"count": limit}, code="too_many")


@router.post("/{plan_id}/criteria", auth=api_auth, response={201: PlanCriterionOut, **WRITE})
def create_criterion(request, plan_id: int, payload: PlanCriterionCreate):
    plan = _plan(request, plan_id)
    user = request_user(request)
    require(user, "plans.moderate_needs", plan)
    _room_for(plan.criteria, services.MAX_CRITERIA, _("A plan has at most %(count)s criteria."))
    criterion = services.criterion_save(actor=user, plan=plan, data=payload.model_dump(exclude_unset=True))
    return Status(201, criterion_out(criterion))


@router.patch("/criteria/{criterion_id}", auth=api_auth, response={200: PlanCriterionOut, **WRITE})
def update_criterion(request, criterion_id: int, payload: PlanCriterionPatch):
    criterion = _criterion(request, criterion_id)
    criterion = services.criterion_save(actor=request_user(request), plan=criterion.plan, criterion=criterion,
                                        data=payload.model_dump(exclude_unset=True))
    return criterion_out(criterion)


@router.delete("/criteria/{criterion_id}", auth=api_auth, response={204: None, **ACTION})
def delete_criterion(request, criterion_id: int):
    services.criterion_delete(actor=request_user(request), criterion=_criterion(request, criterion_id))
    return Status(204, None)


def _scores_answer(need_id: int) -> dict:
    need = Need.objects.only("pk", "matrix_score").get(pk=need_id)
    scores = NeedScore.objects.filter(need_id=need_id).order_by("criterion__position", "criterion_id")
    return {"need_id": need.pk, "matrix_score": _number(need.matrix_score),
            "scores": [{"criterion_id": c, "score": s} for c, s in scores.values_list("criterion_id", "score")]}


@router.get("/needs/{need_id}/scores", response={200: PlanScoresOut, **READ})
def get_scores(request, need_id: int):
    return _scores_answer(_need(request, need_id).pk)


@router.put("/needs/{need_id}/scores", auth=api_auth, response={200: PlanScoresOut, **WRITE})
def put_scores(request, need_id: int, payload: PlanScoresIn):
    """The team's scores of the need (0–5) against the plan's criteria; criteria left out keep their score."""
    need = _need(request, need_id)
    scores: dict[int, int] = {}
    for item in payload.scores:
        if item.criterion_id in scores:
            raise InvalidInput(_("Score each criterion once."), field="scores")
        scores[item.criterion_id] = item.score
    services.need_score(actor=request_user(request), need=need, scores=scores)
    return _scores_answer(need.pk)


@router.get("/{plan_id}/priorities", response={200: Page[PlanRankedOut], **READ})
def priorities(request, plan_id: int, paging: Query[PageParams], filters: Query[PlanPriorityFilters]):
    """The open needs ranked (combined, or by one participant group's votes), each with its computation: matrix
    score, vote score and priority = (s × matrix + (100 − s) × votes) ÷ 100, s the plan's matrix share."""
    plan = _plan(request, plan_id)
    result = selectors.prioritisation(plan)
    ranked = result.by_group[filters.group] if filters.group else result.combined
    start = (paging.page - 1) * paging.page_size
    rows = [{
        "rank": item.rank, "need_id": item.need_id, "title": result.rows[item.need_id]["title"],
        "matrix_score": _number(item.matrix), "votes": item.votes, "vote_score": float(item.vote_score),
        "priority": float(item.priority), "fully_scored": item.fully_scored,
    } for item in ranked[start:start + paging.page_size]]
    return json_answer({"count": len(ranked), "page": paging.page, "page_size": paging.page_size, "results": rows})


# ---------------------------------------------------------------- goals


def alignment_out(alignment: Alignment) -> dict:
    return {"id": alignment.pk, "framework": alignment.framework, "code": alignment.code,
            "name": localized(alignment), "name_ar": alignment.name_ar, "name_en": alignment.name_en}


def goal_out(goal: Goal) -> dict:
    return {"id": goal.pk, "plan_id": goal.plan_id, "title": localized(goal, "title"), "title_ar": goal.title_ar,
            "title_en": goal.title_en, "description_ar": goal.description_ar, "description_en": goal.description_en,
            "position": goal.position, "progress": _number(goal.progress),
            "need_ids": sorted(n.pk for n in goal.needs.all()),
            "alignments": [alignment_out(a) for a in goal.alignments.all()]}


def _goals():
    return Goal.objects.prefetch_related(Prefetch("needs", queryset=Need.objects.only("pk")), "alignments")


def _goal(request, goal_id: int) -> Goal:
    goal = _goals().filter(pk=goal_id).first()
    if goal is None:
        raise NotFound()
    goal.plan = _plan(request, goal.plan_id)
    return goal


def _goal_answer(request, goal_id: int) -> dict:
    return goal_out(_goal(request, goal_id))


def _links(data: dict, name: str):
    return data.pop(name, None)


@router.get("/{plan_id}/goals", response={200: Page[PlanGoalOut], **READ})
def list_goals(request, plan_id: int, paging: Query[WholeListParams]):
    plan = _plan(request, plan_id)
    return json_answer(paginate(_goals().filter(plan=plan).order_by("position", "pk"), page=paging.page,
                                page_size=paging.page_size, transform=lambda rows: [goal_out(g) for g in rows]))


@router.post("/{plan_id}/goals", auth=api_auth, response={201: PlanGoalOut, **WRITE})
def create_goal(request, plan_id: int, payload: PlanGoalCreate):
    plan = _plan(request, plan_id)
    require(request_user(request), "plans.change_plan", plan)
    _room_for(plan.goals, services.MAX_GOALS, _("A plan has at most %(count)s goals."))
    data = payload.model_dump(exclude_unset=True)
    goal = services.goal_save(actor=request_user(request), plan=plan, data=data, needs=_links(data, "need_ids"),
                              alignments=_links(data, "alignment_ids"))
    return Status(201, _goal_answer(request, goal.pk))


@router.get("/goals/{goal_id}", response={200: PlanGoalOut, **READ})
def get_goal(request, goal_id: int):
    return _goal_answer(request, goal_id)


@router.patch("/goals/{goal_id}", auth=api_auth, response={200: PlanGoalOut, **WRITE})
def update_goal(request, goal_id: int, payload: PlanGoalPatch):
    goal = _goal(request, goal_id)
    data = payload.model_dump(exclude_unset=True)
    services.goal_save(actor=request_user(request), plan=goal.plan, goal=goal, data=data,
                       needs=_links(data, "need_ids"), alignments=_links(data, "alignment_ids"))
    return _goal_answer(request, goal_id)


@router.delete("/goals/{goal_id}", auth=api_auth, response={204: None, **ACTION})
def delete_goal(request, goal_id: int):
    """Delete a goal and its actions (not once part of an approved version: cancel its actions instead)."""
    services.goal_delete(actor=request_user(request), goal=_goal(request, goal_id))
    return Status(204, None)


# ---------------------------------------------------------------- actions


def action_out(action: Action, user) -> dict:
    return {
        "id": action.pk, "plan_id": action.plan_id, "goal_id": action.goal_id, "title": localized(action, "title"),
        "title_ar": action.title_ar, "title_en": action.title_en, "description_ar": action.description_ar,
        "description_en": action.description_en, "lead_organization": _ref(action.lead_organization),
        "partners": [_ref(o) for o in action.partners.all()],
        "initiatives": [{"id": i.pk, "name": localized(i, "title")} for i in action.initiatives.all()],
        "budget": None if action.budget is None else f"{action.budget:.2f}", "currency": action.currency,
        "funding_source": action.funding_source, "start_date": action.start_date, "end_date": action.end_date,
        "status": action.status, "position": action.position, "progress": _number(action.progress),
        "need_id": action.need_id, "replicated_from_id": action.replicated_from_id,
        "may_report": can(user, "plans.report_action", action),
    }


def _actions():
    from musharaka.initiatives.models import Initiative

    return Action.objects.select_related("lead_organization", "plan").prefetch_related(
        "partners", Prefetch("initiatives", queryset=Initiative.objects.only("id", "title_ar", "title_en")))


def _action(request, action_id: int) -> Action:
    action = _actions().filter(pk=action_id).first()
    if action is None:
        raise NotFound()
    action.plan = _plan(request, action.plan_id)
    return action


def _action_answer(request, action_id: int) -> dict:
    return action_out(_action(request, action_id), request_user(request))


def _action_data(payload) -> dict:
    data = payload.model_dump(exclude_unset=True)
    if "lead_organization_id" in data:
        data["lead_organization"] = data.pop("lead_organization_id")
    if "need_id" in data:
        data["need"] = data.pop("need_id")
    if "goal_id" in data:
        data["goal"] = data.pop("goal_id")
    return data


@router.get("/{plan_id}/actions", response={200: Page[PlanActionOut], **READ})
def list_actions(request, plan_id: int, paging: Query[PageParams], filters: Query[PlanActionFilters]):
    plan = _plan(request, plan_id)
    user = request_user(request)
    queryset = _actions().filter(plan=plan).order_by("goal__position", "goal_id", "position", "pk")
    if filters.goal:
        queryset = queryset.filter(goal_id=filters.goal)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return json_answer(paginate(queryset, page=paging.page, page_size=paging.page_size,
                                transform=lambda rows: [action_out(a, user) for a in rows]))


@router.post("/goals/{goal_id}/actions", auth=api_auth, response={201: PlanActionOut, **WRITE})
def create_action(request, goal_id: int, payload: PlanActionCreate):
    """An action under the goal: its lead and partner organisations, budget and funding, timeline, status and the
    initiatives of the registry it links."""
    goal = _goal(request, goal_id)
    require(request_user(request), "plans.change_plan", goal.plan)
    _room_for(goal.plan.actions, services.MAX_ACTIONS, _("A plan has at most %(count)s actions."))
    data = _action_data(payload)
    action = services.action_save(actor=request_user(request), goal=goal, data=data,
                                  partners=_links(data, "partner_ids"), initiatives=_links(data, "initiative_ids"))
    return Status(201, _action_answer(request, action.pk))


@router.get("/actions/{action_id}", response={200: PlanActionOut, **READ})
def get_action(request, action_id: int):
    return _action_answer(request, action_id)


@router.patch("/actions/{action_id}", auth=api_auth, response={200: PlanActionOut, **WRITE})
def update_action(request, action_id: int, payload: PlanActionPatch):
    action = _action(request, action_id)
    goal = Goal.objects.select_related("plan").get(pk=action.goal_id)
    goal.plan = action.plan
    data = _action_data(payload)
    services.action_save(actor=request_user(request), goal=goal, action=action, data=data,
                         partners=_links(data, "partner_ids"), initiatives=_links(data, "initiative_ids"))
    return _action_answer(request, action_id)


@router.delete("/actions/{action_id}", auth=api_auth, response={204: None, **ACTION})
def delete_action(request, action_id: int):
    services.action_delete(actor=request_user(request), action=_action(request, action_id))
    return Status(204, None)


@router.post("/actions/{action_id}/report", auth=api_auth, response={200: PlanActionOut, **WRITE})
def report_action(request, action_id: int, payload: PlanActionReportIn):
    """The lead organisation (or the authority) reports where the action stands."""
    services.action_report(actor=request_user(request), action=_action(request, action_id), status=payload.status)
    return _action_answer(request, action_id)


@router.post("/needs/{need_id}/replicate", auth=api_auth, response={201: PlanActionOut, **WRITE})
def replicate(request, need_id: int, payload: PlanReplicateIn):
    """Replicate a published initiative from elsewhere into the plan: an action under the goal answering the need,
    and a draft initiative of the authority linked to it."""
    from musharaka.initiatives.models import Initiative

    need = _need(request, need_id)
    user = request_user(request)
    require(user, "plans.change_plan", need.plan)
    # A goal or an initiative that is not there (removed meanwhile, or never made) is the state the request meets,
    # like a goal of another plan or an unpublished initiative: the service's 409s, not bad input (the contract
    # run's stateful steps name ids that other operations gave, seed 222239).
    goal = Goal.objects.filter(pk=payload.goal_id).first()
    if goal is None:
        raise Conflict(_("Choose a goal of this plan."), code="other_plan", field="goal_id")
    initiative = Initiative.objects.filter(pk=payload.initiative_id).first()
    if initiative is None:
        raise Conflict(_("Only a published initiative can be replicated."), code="not_published", field="initiative_id")
    action = services.replicate_into_plan(actor=user, need=need, initiative=initiative, goal=goal)
    return Status(201, _action_answer(request, action.pk))


@router.get("/needs/{need_id}/suggestions", response={200: list[PlanSuggestionOut], **READ})
def need_suggestions(request, need_id: int):
    """Proven initiatives from other regions for the need (at most five): successful experiences first, then the
    most replicated, then by relevance; `replicate` copies one into the plan."""
    from musharaka.core.i18n import localized

    return [{"id": initiative.pk, "title": localized(initiative, "title"), "summary": localized(initiative, "summary"),
             "region": localized(initiative.region, "name"),
             "lead_organization": localized(initiative.lead_organization, "name"),
             "is_success_story": initiative.is_success_story, "replication_count": initiative.replication_count,
             "similarity": initiative.similarity, "shares_axis": initiative.shares_axis}
            for initiative in selectors.suggestions_for_need(_need(request, need_id))]


# ---------------------------------------------------------------- reviews


def review_out(review: Review) -> dict:
    return {"id": review.pk, "plan_id": review.plan_id, "kind": review.kind, "held_on": review.held_on,
            "event_id": review.event_id, "findings_ar": review.findings_ar, "decisions_ar": review.decisions_ar,
            "opens_revision": review.opens_revision, "plan_version": review.plan_version,
            "ratings": [{"goal_id": r.goal_id, "rating": r.rating, "comment": r.comment}
                        for r in review.ratings.all()]}


def _reviews():
    return Review.objects.prefetch_related("ratings")


def _review(request, review_id: int) -> Review:
    review = _reviews().filter(pk=review_id).first()
    if review is None:
        raise NotFound()
    review.plan = _plan(request, review.plan_id)
    return review


def _review_data(payload) -> tuple[dict, dict | None]:
    data = payload.model_dump(exclude_unset=True)
    ratings = data.pop("ratings", None)
    if ratings is None:
        return data, None
    by_goal: dict[int, tuple[str, str]] = {}
    for item in ratings:
        if item["goal_id"] in by_goal:
            raise InvalidInput(_("Rate each goal once."), field="ratings")
        by_goal[item["goal_id"]] = (item["rating"], item.get("comment", ""))
    return data, by_goal


@router.get("/{plan_id}/reviews", response={200: Page[PlanReviewOut], **READ})
def list_reviews(request, plan_id: int, paging: Query[PageParams]):
    plan = _plan(request, plan_id)
    return json_answer(paginate(_reviews().filter(plan=plan).order_by("-held_on", "-pk"), page=paging.page,
                                page_size=paging.page_size, transform=lambda rows: [review_out(r) for r in rows]))


@router.post("/{plan_id}/reviews", auth=api_auth, response={201: PlanReviewOut, **WRITE})
def create_review(request, plan_id: int, payload: PlanReviewCreate):
    """A periodic review of an approved plan: findings, decisions, a rating per goal; one that opens a revision
    moves the plan to revision (the next version) at once."""
    data, ratings = _review_data(payload)
    review = services.review_save(actor=request_user(request), plan=_plan(request, plan_id), data=data,
                                  ratings=ratings)
    return Status(201, review_out(_reviews().get(pk=review.pk)))


@router.get("/reviews/{review_id}", response={200: PlanReviewOut, **READ})
def get_review(request, review_id: int):
    return review_out(_review(request, review_id))


@router.patch("/reviews/{review_id}", auth=api_auth, response={200: PlanReviewOut, **WRITE})
def update_review(request, review_id: int, payload: PlanReviewPatch):
    review = _review(request, review_id)
    data, ratings = _review_data(payload)
    services.review_save(actor=request_user(request), plan=review.plan, review=review, data=data, ratings=ratings)
    return review_out(_reviews().get(pk=review_id))


@router.delete("/reviews/{review_id}", auth=api_auth, response={204: None, **ACTION})
def delete_review(request, review_id: int):
    services.review_delete(actor=request_user(request), review=_review(request, review_id))
    return Status(204, None)


# ---------------------------------------------------------------- risks


def risk_out(risk: Risk) -> dict:
    return {"id": risk.pk, "plan_id": risk.plan_id, "action_id": risk.action_id, "initiative_id": risk.initiative_id,
            "title": risk.title, "description": risk.description, "category": risk.category,
            "likelihood": risk.likelihood, "impact": risk.impact, "score": risk.score, "level": risk.level,
            "owner": risk.owner, "mitigation": risk.mitigation, "contingency": risk.contingency,
            "status": risk.status, "review_date": risk.review_date, "is_overdue": risk.is_overdue}


def _risk(request, risk_id: int) -> Risk:
    risk = Risk.objects.filter(pk=risk_id).first()
    if risk is None:
        raise NotFound()
    risk.plan = _plan(request, risk.plan_id)
    return risk


def _risk_data(payload) -> dict:
    data = payload.model_dump(exclude_unset=True)
    for name in ("action", "initiative"):
        if f"{name}_id" in data:
            data[name] = data.pop(f"{name}_id")
    return data


@router.get("/{plan_id}/risks", response={200: Page[PlanRiskOut], **READ})
def list_risks(request, plan_id: int, paging: Query[PageParams], filters: Query[PlanRiskFilters]):
    """The plan's risk register, the highest score first."""
    plan = _plan(request, plan_id)
    queryset = plan.risks.order_by("-score", "pk")
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.action:
        queryset = queryset.filter(action_id=filters.action)
    return json_answer(paginate(queryset, page=paging.page, page_size=paging.page_size,
                                transform=lambda rows: [risk_out(r) for r in rows]))


@router.post("/{plan_id}/risks", auth=api_auth, response={201: PlanRiskOut, **WRITE})
def create_risk(request, plan_id: int, payload: PlanRiskCreate):
    risk = services.risk_save(actor=request_user(request), plan=_plan(request, plan_id), data=_risk_data(payload))
    return Status(201, risk_out(risk))


@router.get("/risks/{risk_id}", response={200: PlanRiskOut, **READ})
def get_risk(request, risk_id: int):
    return risk_out(_risk(request, risk_id))


@router.patch("/risks/{risk_id}", auth=api_auth, response={200: PlanRiskOut, **WRITE})
def update_risk(request, risk_id: int, payload: PlanRiskPatch):
    risk = _risk(request, risk_id)
    risk = services.risk_save(actor=request_user(request), plan=risk.plan, risk=risk, data=_risk_data(payload))
    return risk_out(risk)


@router.delete("/risks/{risk_id}", auth=api_auth, response={204: None, **ACTION})
def delete_risk(request, risk_id: int):
    services.risk_delete(actor=request_user(request), risk=_risk(request, risk_id))
    return Status(204, None)


@router.get("/{plan_id}/heat-map", response={200: PlanHeatMapOut, **READ})
def heat_map(request, plan_id: int):
    """Open risks (open or being mitigated) counted in a 5×5 grid: impact 5 → 1 by rows, likelihood 1 → 5 by
    columns."""
    rows = selectors.heat_map(_plan(request, plan_id))
    return {"rows": rows, "open_risks": sum(sum(row) for row in rows)}
