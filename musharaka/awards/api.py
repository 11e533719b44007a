"""The awards API under /api/v1/awards: programmes, cycles (with their phases, categories, criteria and questions),
applications, the jury (invitations, panels, assignment), the judges' scoresheets, rounds and their ranking, the
published results and the people's choice.

Who sees what is rules.py's: applicants their own applications, judges only the sheets selectors.judge_sheets
gives them (never one they are recused from), organisers everything of their cycles, the public cycles past
preparation and the results once published. A record one may not see answers 404 like a missing one; a record
one sees but may not change answers 403. Every write goes through awards.services: a refusal caused by the
record's state (the phase, a submitted sheet, a second vote) is a 409, bad input a 422.
The certificates' verification (/certificates/{code}) is another router, mounted before this one.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import Conflict, InvalidInput, NotFound
from musharaka.core.i18n import localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.permissions import can, is_platform_admin, require
from musharaka.core.schemas import error_responses

from . import selectors, services
from .models import (
    STAGE_ORDER,
    Application,
    ApplicationStatus,
    Category,
    Criterion,
    Cycle,
    CycleStage,
    Judge,
    Programme,
    Question,
    Round,
    RoundEntry,
    Scoresheet,
    SheetStatus,
)
from .schemas import (
    ApplicationStatusCode,
    AwardAdvanceIn,
    AwardApplicationCreate,
    AwardApplicationOut,
    AwardApplicationPatch,
    AwardAssignOut,
    AwardCategoryCreate,
    AwardCategoryOut,
    AwardCategoryPatch,
    AwardConflictIn,
    AwardCriterionCreate,
    AwardCriterionOut,
    AwardCriterionPatch,
    AwardCycleCreate,
    AwardCycleFilters,
    AwardCycleListItem,
    AwardCycleOut,
    AwardCyclePatch,
    AwardEligibilityIn,
    AwardInvitationOut,
    AwardJudgeInvite,
    AwardJudgeOut,
    AwardPanelIn,
    AwardProgrammeCreate,
    AwardProgrammeOut,
    AwardProgrammePatch,
    AwardQuestionCreate,
    AwardQuestionOut,
    AwardQuestionPatch,
    AwardRespondIn,
    AwardResultsOut,
    AwardRoundOut,
    AwardRoundPatch,
    AwardSheetIn,
    AwardSheetListItem,
    AwardSheetOut,
    AwardVoteOut,
    AwardWithdrawIn,
    SheetStatusCode,
)

router = Router(tags=["awards"])

# Refusals of the services caused by the records as they stand, not by the request's shape: answered 409 (a year
# the programme already has, a category full, fewer ranked applications than asked to go on, a draft or a sheet
# not complete yet when submitted, a judge who has not accepted yet).
STATE_CODES = frozenset({"duplicate_year", "too_many", "advance_count", "incomplete", "answer_required",
                         "initiative_required", "not_accepted"})


@contextmanager
def state_conflicts() -> Iterator[None]:
    try:
        yield
    except InvalidInput as error:
        if error.code in STATE_CODES:
            raise Conflict(error.message, code=error.code) from error
        raise

READ = error_responses(lookup=True)
WRITE = error_responses(auth=True, body=True, lookup=True, conflict=True)
ACTION = error_responses(auth=True, lookup=True, conflict=True)


def _number(value) -> float | None:
    return None if value is None else float(value)


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


# ---------------------------------------------------------------- programmes


def _programmes(user):
    """Programmes with a cycle past preparation, and those the person organises."""
    queryset = Programme.objects.select_related("organization", "region")
    if is_platform_admin(user):
        return queryset
    public = Cycle.objects.exclude(stage=CycleStage.DRAFT).values("programme_id")
    mine = selectors.staff_organization_ids(user) if user.is_authenticated else []
    return queryset.filter(Q(pk__in=public) | Q(organization_id__in=mine))


def programme_out(programme: Programme, user) -> dict:
    return {
        "id": programme.pk, "name": localized(programme), "name_ar": programme.name_ar, "name_en": programme.name_en,
        "description_ar": programme.description_ar, "description_en": programme.description_en,
        "eligibility_ar": programme.eligibility_ar, "eligibility_en": programme.eligibility_en,
        "organization": {"id": programme.organization_id, "name": localized(programme.organization)},
        "region": {"id": programme.region_id, "name": localized(programme.region)} if programme.region_id else None,
        "may_manage": can(user, "awards.manage", programme),
    }


def _programme(request, programme_id: int) -> Programme:
    programme = _programmes(request_user(request)).filter(pk=programme_id).first()
    if programme is None:
        raise NotFound()
    return programme


def _programme_data(payload) -> dict:
    from musharaka.geo.models import Region

    data = payload.model_dump(exclude_unset=True)
    data.pop("organization_id", None)
    if "region_id" in data:
        region_id = data.pop("region_id")
        data["region"] = Region.objects.filter(pk=region_id).first() if region_id else None
        if region_id and data["region"] is None:
            raise InvalidInput(_("Unknown region."), code="unknown_reference", field="region_id")
    return data


@router.get("/programmes", response={200: Page[AwardProgrammeOut], **error_responses()})
def list_programmes(request, paging: Query[PageParams]):
    """Award programmes with a cycle open to the public, and those you organise; by name."""
    user = request_user(request)
    page = paginate(_programmes(user), page=paging.page, page_size=paging.page_size,
                    transform=lambda rows: [programme_out(row, user) for row in rows])
    return json_answer(page)


@router.get("/programmes/{programme_id}", response={200: AwardProgrammeOut, **READ})
def get_programme(request, programme_id: int):
    return programme_out(_programme(request, programme_id), request_user(request))


@router.post("/programmes", auth=api_auth, response={201: AwardProgrammeOut, **error_responses(auth=True, body=True)})
def create_programme(request, payload: AwardProgrammeCreate):
    """Start a programme for an organisation you are an admin or editor of (it organises the award)."""
    from musharaka.orgs.models import Organization

    user = request_user(request)
    require(user, "awards.add_programme")
    organization = Organization.objects.filter(pk=payload.organization_id).first()
    if organization is None:
        raise InvalidInput(_("Unknown organisation."), code="unknown_organization", field="organization_id")
    programme = services.programme_create(actor=user, organization=organization, data=_programme_data(payload))
    return Status(201, programme_out(Programme.objects.select_related("organization", "region").get(pk=programme.pk),
                                     user))


@router.patch("/programmes/{programme_id}", auth=api_auth, response={200: AwardProgrammeOut, **WRITE})
def update_programme(request, programme_id: int, payload: AwardProgrammePatch):
    programme = _programme(request, programme_id)
    user = request_user(request)
    require(user, "awards.manage", programme)
    services.programme_update(actor=user, programme=programme, data=_programme_data(payload))
    return programme_out(Programme.objects.select_related("organization", "region").get(pk=programme.pk), user)


# ---------------------------------------------------------------- cycles


def cycle_row(cycle: Cycle, now=None) -> dict:
    now = now or timezone.now()
    programme = cycle.programme
    return {
        "id": cycle.pk, "year": cycle.year, "title": localized(cycle, "title") or f"{localized(programme)} {cycle.year}",
        "title_ar": cycle.title_ar, "title_en": cycle.title_en, "stage": cycle.stage,
        "programme": {"id": programme.pk, "name": localized(programme)},
        "organization": {"id": programme.organization_id, "name": localized(programme.organization)},
        "nominations_open_at": cycle.nominations_open_at, "nominations_close_at": cycle.nominations_close_at,
        "nominations_open": services.nominations_open(cycle, now=now),
        "application_count": cycle.application_count, "blind_judging": cycle.blind_judging,
        "people_choice": cycle.people_choice, "people_choice_open": cycle.people_choice_open,
        "results_published_at": cycle.results_published_at,
    }


def phases(cycle: Cycle) -> list[dict]:
    """The timeline: each phase with its planned end, done or current."""
    current = STAGE_ORDER.index(cycle.stage)
    until = {CycleStage.DRAFT: None,
             CycleStage.NOMINATIONS: timezone.localtime(cycle.nominations_close_at).date(),
             CycleStage.ELIGIBILITY: cycle.eligibility_until, CycleStage.JUDGING: cycle.judging_until,
             CycleStage.DELIBERATION: cycle.deliberation_until, CycleStage.PUBLISHED: cycle.results_on}
    return [{"stage": stage.value, "name": str(stage.label), "until": until[stage],
             "current": index == current, "done": index < current}
            for index, stage in enumerate(CycleStage)]


def levels_out(levels: dict) -> list[dict]:
    rows = []
    for level in sorted(levels, key=int):
        texts = levels[level] or {}
        rows.append({"level": int(level), "ar": texts.get("ar", ""), "en": texts.get("en", ""),
                     "text": localized({"name_ar": texts.get("ar", ""), "name_en": texts.get("en", "")})})
    return rows


def criterion_out(criterion: Criterion) -> dict:
    return {"id": criterion.pk, "name": localized(criterion), "name_ar": criterion.name_ar,
            "name_en": criterion.name_en, "guidance_ar": criterion.guidance_ar, "guidance_en": criterion.guidance_en,
            "weight": criterion.weight, "levels": levels_out(criterion.levels or {}), "position": criterion.position}


def question_out(question: Question) -> dict:
    return {"id": question.pk, "text": localized(question, "text"), "text_ar": question.text_ar,
            "text_en": question.text_en, "required": question.required, "max_length": question.max_length,
            "position": question.position}


def round_brief(round_: Round) -> dict:
    return {"id": round_.pk, "number": round_.number, "status": round_.status, "normalise": round_.normalise,
            "judging_until": round_.judging_until, "sheet_count": round_.sheet_count,
            "submitted_count": round_.submitted_count}


def category_out(category: Category, *, manager: bool) -> dict:
    criteria = list(category.criteria.all())
    return {
        "id": category.pk, "cycle_id": category.cycle_id, "kind": category.kind, "name": localized(category),
        "name_ar": category.name_ar, "name_en": category.name_en, "description_ar": category.description_ar,
        "description_en": category.description_en, "axis": category.axis.code if category.axis is not None else None,
        "needs_initiative": category.needs_initiative, "allows_residents": category.allows_residents,
        "judges_per_application": category.judges_per_application, "winner_places": category.winner_places,
        "position": category.position, "weight_total": sum(criterion.weight for criterion in criteria),
        "criteria": [criterion_out(criterion) for criterion in criteria],
        "questions": [question_out(question) for question in category.questions.all()],
        "rounds": [round_brief(round_) for round_ in category.rounds.all()] if manager else [],
    }


def _categories_prefetch() -> Prefetch:
    return Prefetch("categories", queryset=Category.objects.select_related("axis").prefetch_related(
        "criteria", "questions", "rounds"))


def cycle_out(cycle: Cycle, user) -> dict:
    manager = can(user, "awards.manage", cycle)
    return {
        **cycle_row(cycle),
        "eligibility_until": cycle.eligibility_until, "judging_until": cycle.judging_until,
        "deliberation_until": cycle.deliberation_until, "results_on": cycle.results_on,
        "feedback_to_applicants": cycle.feedback_to_applicants, "phases": phases(cycle),
        "categories": [category_out(category, manager=manager) for category in cycle.categories.all()],
        "may_manage": manager,
        "problems": services.cycle_problems(cycle) if manager and cycle.stage != CycleStage.PUBLISHED else [],
    }


def _cycle(request, cycle_id: int, *, detail: bool = False) -> Cycle:
    queryset = selectors.visible_cycles(request_user(request))
    if detail:
        queryset = queryset.prefetch_related(_categories_prefetch())
    cycle = queryset.filter(pk=cycle_id).first()
    if cycle is None:
        raise NotFound()  # a draft of others looks exactly like a missing cycle
    return cycle


def _managed(request, cycle: Cycle) -> None:
    require(request_user(request), "awards.manage", cycle)


def _cycle_answer(request, cycle_id: int) -> dict:
    return cycle_out(_cycle(request, cycle_id, detail=True), request_user(request))


@router.get("/cycles", response={200: Page[AwardCycleListItem], **error_responses()})
def list_cycles(request, paging: Query[PageParams], filters: Query[AwardCycleFilters]):
    """Cycles past preparation (and your own drafts), newest year first; filter by phase, year, programme."""
    queryset = selectors.visible_cycles(request_user(request))
    if filters.stage:
        queryset = queryset.filter(stage=filters.stage)
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    if filters.programme:
        queryset = queryset.filter(programme_id=filters.programme)
    now = timezone.now()
    page = paginate(queryset, page=paging.page, page_size=paging.page_size,
                    transform=lambda rows: [cycle_row(row, now) for row in rows])
    return json_answer(page)


@router.get("/cycles/{cycle_id}", response={200: AwardCycleOut, **READ})
def get_cycle(request, cycle_id: int):
    """A cycle with its timeline of phases and its categories, each with its weighted criteria (their level
    descriptors) and questions; for the organiser, the rounds and what stops the next phase."""
    return _cycle_answer(request, cycle_id)


@router.post("/programmes/{programme_id}/cycles", auth=api_auth, response={201: AwardCycleOut, **WRITE})
def create_cycle(request, programme_id: int, payload: AwardCycleCreate):
    """A new cycle (one per programme and year), being prepared until advanced to nominations."""
    programme = _programme(request, programme_id)
    user = request_user(request)
    require(user, "awards.manage", programme)
    with state_conflicts():
        cycle = services.cycle_create(actor=user, programme=programme, data=payload.model_dump(exclude_unset=True))
    return Status(201, _cycle_answer(request, cycle.pk))


@router.patch("/cycles/{cycle_id}", auth=api_auth, response={200: AwardCycleOut, **WRITE})
def update_cycle(request, cycle_id: int, payload: AwardCyclePatch):
    """Change a cycle's dates and options (the year is fixed once nominations open; nothing once published)."""
    cycle = _cycle(request, cycle_id)
    _managed(request, cycle)
    with state_conflicts():
        services.cycle_update(actor=request_user(request), cycle=cycle, data=payload.model_dump(exclude_unset=True))
    return _cycle_answer(request, cycle_id)


@router.post("/cycles/{cycle_id}/advance", auth=api_auth, response={200: AwardCycleOut, **ACTION})
def advance_cycle(request, cycle_id: int):
    """Move the cycle to its next phase. When it is not ready: 409 `not_ready` whose `detail` lists the problems
    (weights not adding up to 100, nominations still open, applications unchecked, open rounds, winners
    unconfirmed)."""
    cycle = _cycle(request, cycle_id)
    _managed(request, cycle)
    if cycle.stage != CycleStage.PUBLISHED:
        problems = services.cycle_problems(cycle)
        if problems:
            return Status(409, {"detail": problems, "code": "not_ready"})
    services.cycle_advance(actor=request_user(request), cycle=cycle)
    return _cycle_answer(request, cycle_id)


# ---------------------------------------------------------------- categories, criteria, questions


def _category(request, category_id: int) -> Category:
    category = (Category.objects.select_related("cycle__programme", "axis")
                .filter(pk=category_id, cycle__in=selectors.visible_cycles(request_user(request))).first())
    if category is None:
        raise NotFound()
    return category


def _category_data(payload) -> dict:
    from musharaka.taxonomy.models import Axis

    data = payload.model_dump(exclude_unset=True)
    if "axis" in data:
        code = data.pop("axis")
        data["axis"] = Axis.objects.filter(code=code).first() if code else None
        if code and data["axis"] is None:
            raise InvalidInput(_("Unknown axis."), code="unknown_reference", field="axis")
    return data


def _category_answer(category_id: int, user) -> dict:
    category = Category.objects.select_related("axis", "cycle__programme").prefetch_related(
        "criteria", "questions", "rounds").get(pk=category_id)
    return category_out(category, manager=can(user, "awards.manage", category.cycle))


@router.post("/cycles/{cycle_id}/categories", auth=api_auth, response={201: AwardCategoryOut, **WRITE})
def create_category(request, cycle_id: int, payload: AwardCategoryCreate):
    """Add a category while the cycle is being prepared (409 afterwards)."""
    cycle = _cycle(request, cycle_id)
    _managed(request, cycle)
    with state_conflicts():
        category = services.category_create(actor=request_user(request), cycle=cycle, data=_category_data(payload))
    return Status(201, _category_answer(category.pk, request_user(request)))


@router.patch("/categories/{category_id}", auth=api_auth, response={200: AwardCategoryOut, **WRITE})
def update_category(request, category_id: int, payload: AwardCategoryPatch):
    """Change a category; once nominations open only its names, description, judges per application and places."""
    category = _category(request, category_id)
    _managed(request, category.cycle)
    services.category_update(actor=request_user(request), category=category, data=_category_data(payload))
    return _category_answer(category.pk, request_user(request))


@router.delete("/categories/{category_id}", auth=api_auth, response={204: None, **ACTION})
def delete_category(request, category_id: int):
    """Delete a category while the cycle is being prepared."""
    category = _category(request, category_id)
    services.category_delete(actor=request_user(request), category=category)
    return Status(204, None)


def _criterion_data(payload) -> dict:
    data = payload.model_dump(exclude_unset=True)
    if "levels" in data:
        data["levels"] = {str(row["level"]): {"ar": row.get("ar", ""), "en": row.get("en", "")}
                          for row in data["levels"]}
    return data


def _criterion(request, criterion_id: int) -> Criterion:
    criterion = (Criterion.objects.select_related("category__cycle__programme")
                 .filter(pk=criterion_id, category__cycle__in=selectors.visible_cycles(request_user(request))).first())
    if criterion is None:
        raise NotFound()
    return criterion


@router.post("/categories/{category_id}/criteria", auth=api_auth, response={201: AwardCriterionOut, **WRITE})
def create_criterion(request, category_id: int, payload: AwardCriterionCreate):
    """Add a weighted criterion (scored 0–10) with its level descriptors, while the cycle is being prepared."""
    category = _category(request, category_id)
    _managed(request, category.cycle)
    with state_conflicts():
        criterion = services.criterion_create(actor=request_user(request), category=category,
                                              data=_criterion_data(payload))
    return Status(201, criterion_out(criterion))


@router.patch("/criteria/{criterion_id}", auth=api_auth, response={200: AwardCriterionOut, **WRITE})
def update_criterion(request, criterion_id: int, payload: AwardCriterionPatch):
    criterion = _criterion(request, criterion_id)
    _managed(request, criterion.category.cycle)
    return criterion_out(services.criterion_update(actor=request_user(request), criterion=criterion,
                                                   data=_criterion_data(payload)))


@router.delete("/criteria/{criterion_id}", auth=api_auth, response={204: None, **ACTION})
def delete_criterion(request, criterion_id: int):
    criterion = _criterion(request, criterion_id)
    services.criterion_delete(actor=request_user(request), criterion=criterion)
    return Status(204, None)


def _question(request, question_id: int) -> Question:
    question = (Question.objects.select_related("category__cycle__programme")
                .filter(pk=question_id, category__cycle__in=selectors.visible_cycles(request_user(request))).first())
    if question is None:
        raise NotFound()
    return question


@router.post("/categories/{category_id}/questions", auth=api_auth, response={201: AwardQuestionOut, **WRITE})
def create_question(request, category_id: int, payload: AwardQuestionCreate):
    """Add a question every applicant of the category answers, while the cycle is being prepared."""
    category = _category(request, category_id)
    _managed(request, category.cycle)
    with state_conflicts():
        question = services.question_create(actor=request_user(request), category=category,
                                            data=payload.model_dump(exclude_unset=True))
    return Status(201, question_out(question))


@router.patch("/questions/{question_id}", auth=api_auth, response={200: AwardQuestionOut, **WRITE})
def update_question(request, question_id: int, payload: AwardQuestionPatch):
    question = _question(request, question_id)
    _managed(request, question.category.cycle)
    return question_out(services.question_update(actor=request_user(request), question=question,
                                                 data=payload.model_dump(exclude_unset=True)))


@router.delete("/questions/{question_id}", auth=api_auth, response={204: None, **ACTION})
def delete_question(request, question_id: int):
    question = _question(request, question_id)
    services.question_delete(actor=request_user(request), question=question)
    return Status(204, None)


# ---------------------------------------------------------------- applications


def application_out(application: Application, *, blind: bool = False) -> dict:
    """An application; `blind` (a judge of a blind cycle) leaves out who applied and with what initiative."""
    organization, initiative = application.organization, application.initiative
    evidence = getattr(application, "evidence_total", None)
    return {
        "id": application.pk, "cycle_id": application.cycle_id,
        "category": {"id": application.category_id, "name": localized(application.category)},
        "status": application.status, "title": localized(application, "title"), "title_ar": application.title_ar,
        "title_en": application.title_en, "summary_ar": application.summary_ar,
        "summary_en": application.summary_en,
        "organization": None if blind or organization is None else {"id": organization.pk,
                                                                    "name": localized(organization)},
        "applicant": None if blind else _person(application.applicant),
        "initiative": None if blind or initiative is None else {"id": initiative.pk,
                                                                "name": localized(initiative, "title")},
        "answers": application.answers or {}, "submitted_at": application.submitted_at,
        "eligibility_reason": application.eligibility_reason,
        "eligibility_checked_at": application.eligibility_checked_at, "last_round": application.last_round,
        "vote_count": application.vote_count,
        "evidence_count": application.evidence.count() if evidence is None else evidence,
        "created_at": application.created_at,
    }


def _applications():
    return (Application.objects.select_related("category", "organization", "applicant", "initiative")
            .annotate(evidence_total=Count("evidence")))


def _application(request, application_id: int) -> Application:
    """The application if the person may see it (applicant, organiser, assigned unrecused judge); else 404."""
    application = _applications().select_related("cycle__programme").filter(pk=application_id).first()
    if application is None or not can(request_user(request), "awards.view_application", application):
        raise NotFound()
    return application


def _blind_for(user, application: Application) -> bool:
    """A judge of a blind cycle sees no identity (the organiser and the applicant do)."""
    return (application.cycle.blind_judging and not can(user, "awards.manage", application)
            and not (application.organization_id is None and application.applicant_id == user.pk)
            and not (application.organization_id is not None
                     and application.organization_id in selectors.staff_organization_ids(user)))


def _application_answer(request, application_id: int) -> dict:
    application = _application(request, application_id)
    return application_out(application, blind=_blind_for(request_user(request), application))


def _page_of_applications(queryset, paging):
    return json_answer(paginate(queryset, page=paging.page, page_size=paging.page_size,
                                transform=lambda rows: [application_out(row) for row in rows]))


@router.get("/applications/mine", auth=api_auth,
            response={200: Page[AwardApplicationOut], **error_responses(auth=True)})
def my_applications(request, paging: Query[PageParams]):
    """Your applications and your organisations' (as their admin or editor), with their status; newest first."""
    own = selectors.own_applications(request_user(request)).values("pk")
    return _page_of_applications(_applications().filter(pk__in=own).order_by("-created_at", "-pk"), paging)


@router.get("/cycles/{cycle_id}/applications", auth=api_auth,
            response={200: Page[AwardApplicationOut], **error_responses(auth=True, lookup=True)})
def cycle_applications(request, cycle_id: int, paging: Query[PageParams],
                       status: ApplicationStatusCode | None = None):
    """Every application of the cycle (its organisers), drafts left out unless asked for; filter by status."""
    cycle = _cycle(request, cycle_id)
    _managed(request, cycle)
    queryset = _applications().filter(cycle=cycle)
    queryset = queryset.filter(status=status) if status else queryset.exclude(status=ApplicationStatus.DRAFT)
    return _page_of_applications(queryset.order_by("-submitted_at", "-pk"), paging)


@router.get("/applications/{application_id}", auth=api_auth,
            response={200: AwardApplicationOut, **error_responses(auth=True, lookup=True)})
def get_application(request, application_id: int):
    """An application: for its applicants, the cycle's organisers, and the judges assigned to it and not recused
    (without who applied when judging is blind). Anyone else: 404."""
    return _application_answer(request, application_id)


def _application_data(payload) -> tuple[dict, dict | None]:
    data = payload.model_dump(exclude_unset=True)
    answers = data.pop("answers", None)
    for name in ("category_id", "organization_id", "initiative_id"):
        data.pop(name, None)
    return data, answers


@router.post("/applications", auth=api_auth,
             response={201: AwardApplicationOut, **error_responses(auth=True, body=True, conflict=True)})
def create_application(request, payload: AwardApplicationCreate):
    """Start a draft in a category open for nominations, for an organisation you are an admin or editor of (or
    alone, where residents may apply), with an initiative from the registry. After the deadline: 409."""
    from musharaka.initiatives.models import Initiative
    from musharaka.orgs.models import Organization

    user = request_user(request)
    category = (Category.objects.select_related("cycle__programme")
                .filter(pk=payload.category_id, cycle__in=selectors.visible_cycles(user)).first())
    if category is None:
        raise InvalidInput(_("Unknown category."), code="unknown_reference", field="category_id")
    organization = None
    if payload.organization_id is not None:
        organization = Organization.objects.filter(pk=payload.organization_id).first()
        if organization is None:
            raise InvalidInput(_("Unknown organisation."), code="unknown_organization", field="organization_id")
    initiative = None
    if payload.initiative_id is not None:
        initiative = Initiative.objects.filter(pk=payload.initiative_id).first()
        if initiative is None:
            raise InvalidInput(_("Unknown initiative."), code="unknown_reference", field="initiative_id")
    data, answers = _application_data(payload)
    application = services.application_create(actor=user, category=category, organization=organization,
                                              initiative=initiative, data=data, answers=answers)
    return Status(201, _application_answer(request, application.pk))


@router.patch("/applications/{application_id}", auth=api_auth, response={200: AwardApplicationOut, **WRITE})
def update_application(request, application_id: int, payload: AwardApplicationPatch):
    """Change a draft (its applicants, until the deadline); `answers` are merged into those saved."""
    application = _application(request, application_id)
    data, answers = _application_data(payload)
    services.application_update(actor=request_user(request), application=application, data=data, answers=answers)
    return _application_answer(request, application_id)


@router.post("/applications/{application_id}/submit", auth=api_auth, response={200: AwardApplicationOut, **ACTION})
def submit_application(request, application_id: int):
    """Submit a draft with every required answer. The deadline is kept to the second in the platform's time zone:
    later, 409 `deadline_passed` with the closing moment."""
    application = _application(request, application_id)
    with state_conflicts():
        services.application_submit(actor=request_user(request), application=application)
    return _application_answer(request, application_id)


@router.post("/applications/{application_id}/withdraw", auth=api_auth,
             response={200: AwardApplicationOut, **WRITE})
def withdraw_application(request, application_id: int, payload: AwardWithdrawIn):
    """Withdraw an application (until judging ends); its sheets go and its rounds are re-ranked."""
    application = _application(request, application_id)
    services.application_withdraw(actor=request_user(request), application=application, reason=payload.reason)
    return _application_answer(request, application_id)


@router.delete("/applications/{application_id}", auth=api_auth, response={204: None, **ACTION})
def delete_application(request, application_id: int):
    """Delete a draft (a submitted application is withdrawn instead: 409)."""
    application = _application(request, application_id)
    services.application_delete(actor=request_user(request), application=application)
    return Status(204, None)


@router.post("/applications/{application_id}/eligibility", auth=api_auth,
             response={200: AwardApplicationOut, **WRITE})
def decide_eligibility(request, application_id: int, payload: AwardEligibilityIn):
    """The organiser's eligibility decision on a submitted application, with a reason when not eligible;
    revisable until judging starts."""
    application = _application(request, application_id)
    services.application_check_eligibility(actor=request_user(request), application=application,
                                           eligible=payload.eligible, reason=payload.reason)
    return _application_answer(request, application_id)


# ---------------------------------------------------------------- the jury


def judge_out(judge: Judge) -> dict:
    return {"id": judge.pk, "cycle_id": judge.cycle_id, "user": judge.user.username, "name": _person(judge.user),
            "status": judge.status, "expertise": judge.expertise, "responded_at": judge.responded_at,
            "sheet_count": getattr(judge, "sheet_total", 0), "submitted_count": getattr(judge, "submitted_total", 0)}


def _judges():
    return Judge.objects.select_related("user").annotate(
        sheet_total=Count("sheets", distinct=True),
        submitted_total=Count("sheets", filter=Q(sheets__status=SheetStatus.SUBMITTED), distinct=True))


@router.post("/cycles/{cycle_id}/judges", auth=api_auth, response={201: AwardJudgeOut, **WRITE})
def invite_judge(request, cycle_id: int, payload: AwardJudgeInvite):
    """Invite a person (by username or e-mail address) to the cycle's jury; they are notified and respond."""
    cycle = _cycle(request, cycle_id)
    _managed(request, cycle)
    wanted = payload.user.strip()
    user = get_user_model().objects.filter(Q(username=wanted) | Q(email__iexact=wanted), is_active=True).order_by(
        "pk").first() if wanted else None
    if user is None:
        raise InvalidInput(_("No one on the platform has this username or e-mail address."), code="unknown_user",
                           field="user")
    judge = services.judge_invite(actor=request_user(request), cycle=cycle, user=user, expertise=payload.expertise)
    return Status(201, judge_out(_judges().get(pk=judge.pk)))


@router.get("/cycles/{cycle_id}/judges", auth=api_auth,
            response={200: Page[AwardJudgeOut], **error_responses(auth=True, lookup=True)})
def list_judges(request, cycle_id: int, paging: Query[PageParams]):
    """The cycle's jury with each judge's response and sheets (its organisers)."""
    cycle = _cycle(request, cycle_id)
    _managed(request, cycle)
    page = paginate(_judges().filter(cycle=cycle).order_by("pk"), page=paging.page, page_size=paging.page_size,
                    transform=lambda rows: [judge_out(row) for row in rows])
    return json_answer(page)


@router.get("/invitations", auth=api_auth, response={200: Page[AwardInvitationOut], **error_responses(auth=True)})
def my_invitations(request, paging: Query[PageParams]):
    """Your invitations to juries, newest first."""
    queryset = (Judge.objects.filter(user=request_user(request)).select_related("cycle__programme")
                .order_by("-created_at", "-pk"))

    def rows(judges):
        return [{"id": judge.pk, "status": judge.status, "expertise": judge.expertise, "created_at": judge.created_at,
                 "cycle": {"id": judge.cycle_id, "name": str(judge.cycle)}} for judge in judges]

    return json_answer(paginate(queryset, page=paging.page, page_size=paging.page_size, transform=rows))


@router.post("/invitations/{judge_id}/respond", auth=api_auth, response={200: AwardInvitationOut, **WRITE})
def respond_invitation(request, judge_id: int, payload: AwardRespondIn):
    """Accept or decline your invitation (declining once you hold sheets: 409)."""
    judge = Judge.objects.filter(pk=judge_id, user=request_user(request)).select_related("cycle__programme").first()
    if judge is None:
        raise NotFound()
    judge = services.judge_respond(actor=request_user(request), judge=judge, accept=payload.accept)
    return {"id": judge.pk, "status": judge.status, "expertise": judge.expertise, "created_at": judge.created_at,
            "cycle": {"id": judge.cycle_id, "name": str(judge.cycle)}}


# ---------------------------------------------------------------- rounds and panels


def _round(request, round_id: int) -> Round:
    round_ = (Round.objects.select_related("category__cycle__programme")
              .filter(pk=round_id, category__cycle__in=selectors.visible_cycles(request_user(request))).first())
    if round_ is None:
        raise NotFound()
    require(request_user(request), "awards.manage", round_.category.cycle)
    return round_


def round_out(round_: Round) -> dict:
    sheets = Prefetch("sheets", queryset=Scoresheet.objects.select_related("judge__user").order_by("judge_id", "pk"))
    entries = sorted(RoundEntry.objects.filter(round=round_).select_related("application").prefetch_related(sheets),
                     key=lambda entry: (entry.rank is None, entry.rank or 0, entry.pk))
    panel = _judges().filter(seats__round=round_).order_by("pk")
    return {
        **round_brief(round_), "category": {"id": round_.category_id, "name": localized(round_.category)},
        "cycle_id": round_.category.cycle_id, "closed_at": round_.closed_at,
        "shortfall": services.assignment_shortfall(round_),
        "panel": [judge_out(judge) for judge in panel],
        "entries": [{
            "id": entry.pk, "application": {"id": entry.application_id, "name": localized(entry.application, "title")},
            "rank": entry.rank, "raw_score": _number(entry.raw_score), "normalised_score": _number(entry.normalised_score),
            "heaviest_score": _number(entry.heaviest_score), "spread": _number(entry.spread),
            "judges_submitted": entry.judges_submitted, "tied": entry.tied, "advanced": entry.advanced,
            "sheets": [{"id": sheet.pk, "judge_id": sheet.judge_id, "judge": _person(sheet.judge.user),
                        "status": sheet.status, "total": _number(sheet.total), "z_score": _number(sheet.z_score),
                        "is_outlier": sheet.is_outlier} for sheet in entry.sheets.all()],
        } for entry in entries],
    }


def _round_answer(round_id: int) -> dict:
    return round_out(Round.objects.select_related("category__cycle").get(pk=round_id))


@router.get("/rounds/{round_id}", auth=api_auth, response={200: AwardRoundOut, **error_responses(auth=True, lookup=True)})
def get_round(request, round_id: int):
    """The round's ranking for its organisers: raw mean, normalised score, the tie-breaks (heaviest criterion,
    spread), ties flagged for deliberation, and each sheet with its outlier flag; its panel and progress."""
    return round_out(_round(request, round_id))


@router.patch("/rounds/{round_id}", auth=api_auth, response={200: AwardRoundOut, **WRITE})
def update_round(request, round_id: int, payload: AwardRoundPatch):
    """Rank by normalised scores or not, and the planned end of judging (an open round)."""
    round_ = _round(request, round_id)
    data = payload.model_dump(exclude_unset=True)
    services.round_update(actor=request_user(request), round=round_, normalise=data.get("normalise"),
                          judging_until=data.get("judging_until"))
    return _round_answer(round_id)


@router.post("/rounds/{round_id}/close", auth=api_auth, response={200: AwardRoundOut, **ACTION})
def close_round(request, round_id: int):
    """Close the round: its ranking is final (409 when nothing is submitted yet, or it is closed)."""
    round_ = _round(request, round_id)
    services.round_close(actor=request_user(request), round=round_)
    return _round_answer(round_id)


@router.post("/rounds/{round_id}/advance", auth=api_auth, response={201: AwardRoundOut, **WRITE})
def advance_round(request, round_id: int, payload: AwardAdvanceIn):
    """The top `count` of a closed round (and any tied with the last of them) go to a new round, whose panel is
    formed anew; the answer is the new round."""
    round_ = _round(request, round_id)
    with state_conflicts():
        following = services.round_advance(actor=request_user(request), round=round_, count=payload.count,
                                           normalise=payload.normalise)
    return Status(201, _round_answer(following.pk))


@router.post("/rounds/{round_id}/panel", auth=api_auth, response={201: AwardRoundOut, **WRITE})
def add_panel_member(request, round_id: int, payload: AwardPanelIn):
    """Seat a judge of the cycle who accepted on the round's panel."""
    round_ = _round(request, round_id)
    judge = Judge.objects.filter(pk=payload.judge_id, cycle_id=round_.category.cycle_id).first()
    if judge is None:
        raise InvalidInput(_("The judge is not on this cycle's jury."), code="other_cycle", field="judge_id")
    with state_conflicts():
        services.panel_add(actor=request_user(request), round=round_, judge=judge)
    return Status(201, _round_answer(round_id))


@router.delete("/rounds/{round_id}/panel/{judge_id}", auth=api_auth, response={204: None, **ACTION})
def remove_panel_member(request, round_id: int, judge_id: int):
    """Take a judge off the panel; their unsubmitted sheets go (409 once they submitted in the round)."""
    round_ = _round(request, round_id)
    judge = Judge.objects.filter(pk=judge_id, seats__round=round_).first()
    if judge is None:
        raise NotFound()
    services.panel_remove(actor=request_user(request), round=round_, judge=judge)
    return Status(204, None)


@router.post("/rounds/{round_id}/assign", auth=api_auth, response={200: AwardAssignOut, **ACTION})
def assign_round(request, round_id: int):
    """Assign the round's entries to its panel: each gets its category's number of judges, loads differ by at
    most one, conflicts of interest are recused. Answers how many sheets were added, and any shortfall."""
    round_ = _round(request, round_id)
    added = services.round_assign(actor=request_user(request), round=round_)
    return {"added": added, "shortfall": services.assignment_shortfall(round_)}


# ---------------------------------------------------------------- the judge's sheets


def _sheets(user):
    return selectors.judge_sheets(user).select_related("round__category__cycle__programme", "application")


def sheet_row(sheet: Scoresheet) -> dict:
    category, cycle = sheet.round.category, sheet.round.category.cycle
    return {"id": sheet.pk, "round_id": sheet.round_id, "round_number": sheet.round.number,
            "category": {"id": category.pk, "name": localized(category)}, "cycle": {"id": cycle.pk, "name": str(cycle)},
            "application_id": sheet.application_id, "application_title": localized(sheet.application, "title"),
            "status": sheet.status, "total": _number(sheet.total), "saved_at": sheet.saved_at,
            "submitted_at": sheet.submitted_at, "judging_until": sheet.round.judging_until or cycle.judging_until}


def _sheet(request, sheet_id: int) -> Scoresheet:
    sheet = _sheets(request_user(request)).filter(pk=sheet_id).first()
    if sheet is None:
        raise NotFound()  # not yours, or recused: nothing to see
    return sheet


def _sheet_answer(request, sheet_id: int) -> dict:
    sheet = _sheet(request, sheet_id)
    cycle = sheet.round.category.cycle
    application = _applications().get(pk=sheet.application_id)
    return {**sheet_row(sheet), "overall_comment": sheet.overall_comment, "blind": cycle.blind_judging,
            "application": application_out(application, blind=cycle.blind_judging),
            "criteria": [criterion_out(criterion) for criterion in sheet.round.category.criteria.all()],
            "scores": [{"criterion_id": score.criterion_id, "value": score.value, "comment": score.comment}
                       for score in sheet.scores.order_by("criterion_id")]}


@router.get("/sheets", auth=api_auth, response={200: Page[AwardSheetListItem], **error_responses(auth=True)})
def my_sheets(request, paging: Query[PageParams], status: SheetStatusCode | None = None):
    """Your queue as a judge: the sheets assigned to you (never an application you are recused from), those
    still to score first."""
    queryset = _sheets(request_user(request))
    if status:
        queryset = queryset.filter(status=status)
    # Those still to score first on both databases (PostgreSQL puts NULLs last by default, SQLite first).
    queryset = queryset.order_by(F("submitted_at").asc(nulls_first=True), "round__category__cycle_id", "round_id", "pk")
    return json_answer(paginate(queryset, page=paging.page, page_size=paging.page_size,
                                transform=lambda rows: [sheet_row(row) for row in rows]))


@router.get("/sheets/{sheet_id}", auth=api_auth,
            response={200: AwardSheetOut, **error_responses(auth=True, lookup=True)})
def get_sheet(request, sheet_id: int):
    """A sheet of yours with the application as a judge sees it (without who applied when judging is blind),
    the criteria with their level descriptors, and your scores so far."""
    return _sheet_answer(request, sheet_id)


def _scores(payload) -> dict[int, tuple[int | None, str]]:
    scores: dict[int, tuple[int | None, str]] = {}
    for row in payload.scores:
        if row.criterion_id in scores:
            raise InvalidInput(_("Each criterion is scored once."), code="duplicate_criterion", field="scores")
        scores[row.criterion_id] = (row.value, row.comment)
    return scores


@router.put("/sheets/{sheet_id}", auth=api_auth, response={200: AwardSheetOut, **WRITE})
def save_sheet(request, sheet_id: int, payload: AwardSheetIn):
    """Save scores as a draft (criterion by criterion; null clears one). A submitted sheet no longer changes: 409."""
    sheet = _sheet(request, sheet_id)
    services.sheet_save(actor=request_user(request), sheet=sheet, scores=_scores(payload),
                        overall_comment=payload.overall_comment)
    return _sheet_answer(request, sheet_id)


@router.post("/sheets/{sheet_id}/submit", auth=api_auth, response={200: AwardSheetOut, **WRITE})
def submit_sheet(request, sheet_id: int, payload: AwardSheetIn):
    """Submit the sheet, with any last scores in the body (every criterion scored, or 422). Once only: a second
    submission answers 409, and the round's ranking is recomputed."""
    sheet = _sheet(request, sheet_id)
    with state_conflicts():
        services.sheet_save(actor=request_user(request), sheet=sheet, scores=_scores(payload),
                            overall_comment=payload.overall_comment, submit=True)
    return _sheet_answer(request, sheet_id)


@router.post("/sheets/{sheet_id}/conflict", auth=api_auth, response={204: None, **WRITE})
def declare_conflict(request, sheet_id: int, payload: AwardConflictIn):
    """Declare a conflict of interest with the sheet's application, with the reason: the sheet goes (another
    judge is assigned) and you never see the application again."""
    sheet = _sheet(request, sheet_id)
    services.conflict_declare(actor=request_user(request), judge=sheet.judge, application=sheet.application,
                              reason=payload.reason)
    return Status(204, None)


# ---------------------------------------------------------------- results and the people's choice


@router.get("/cycles/{cycle_id}/results", response={200: AwardResultsOut, **READ})
def get_results(request, cycle_id: int):
    """The winners per category with their initiatives, once the results are published (404 before, except for
    the organisers, who see the winners confirmed so far); the people's choice apart from the jury's ranking."""
    from .models import Winner

    cycle = _cycle(request, cycle_id)
    user = request_user(request)
    if cycle.stage != CycleStage.PUBLISHED and not can(user, "awards.manage", cycle):
        raise NotFound()
    winners = (Winner.objects.filter(category__cycle=cycle)
               .select_related("application__organization", "application__applicant", "application__initiative")
               .order_by("category_id", "place"))
    by_category: dict[int, list[dict]] = {}
    for winner in winners:
        application = winner.application
        name = (localized(application.organization) if application.organization_id
                else _person(application.applicant))
        by_category.setdefault(winner.category_id, []).append({
            "id": winner.pk, "place": winner.place,
            "application": {"id": application.pk, "name": localized(application, "title")}, "winner": name,
            "initiative": {"id": application.initiative_id, "name": localized(application.initiative, "title")}
            if application.initiative_id else None,
            "citation": localized(winner, "citation"), "citation_ar": winner.citation_ar,
            "citation_en": winner.citation_en, "score": _number(winner.score), "code": winner.code})
    votes: dict[int, list[dict]] = {}
    if cycle.people_choice:
        rows = (Application.objects.filter(cycle=cycle, status=ApplicationStatus.ELIGIBLE, vote_count__gt=0)
                .order_by("category_id", "-vote_count", "pk").values("pk", "category_id", "title_ar", "title_en",
                                                                      "vote_count"))
        for row in rows:
            votes.setdefault(row["category_id"], []).append({
                "application": {"id": row["pk"], "name": localized(row, "title")}, "vote_count": row["vote_count"]})
    return {"cycle": {"id": cycle.pk, "name": str(cycle)}, "year": cycle.year,
            "published_at": cycle.results_published_at,
            "categories": [{"id": category.pk, "name": localized(category), "winners": by_category.get(category.pk, []),
                            "people_choice": votes.get(category.pk, [])}
                           for category in cycle.categories.order_by("position", "pk")]}


@router.post("/applications/{application_id}/vote", auth=api_auth,
             response={201: AwardVoteOut, **error_responses(auth=True, lookup=True, conflict=True)})
def vote(request, application_id: int):
    """Your people's choice vote for an application in the competition (found eligible; any other: 409), while the
    vote is open: one per person and category (a second answers 409 `already_voted`)."""
    user = request_user(request)
    application = (Application.objects.select_related("category__cycle__programme")
                   .filter(pk=application_id, cycle__in=selectors.visible_cycles(user)).first())
    if application is None:
        raise NotFound()
    if application.status != ApplicationStatus.ELIGIBLE:  # a draft, or one out of the competition: its state
        raise Conflict(_("Only applications in the competition receive votes."), code="not_competing")
    cycle = application.category.cycle
    if not (cycle.people_choice and cycle.people_choice_open):
        raise Conflict(_("The people's choice vote is not open."), code="vote_closed")
    services.vote_cast(actor=user, application=application)
    count = Application.objects.values_list("vote_count", flat=True).get(pk=application.pk)
    return Status(201, {"category_id": application.category_id, "application_id": application.pk,
                        "vote_count": count})
