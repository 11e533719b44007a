"""The surveys' API under /api/v1/participation: a process's surveys (list, create), a survey (get with its questions,
patch, status), its questions (list, add, change, delete, reorder), responses (answer once; the editors read them),
results, exports (start, list, one with its download link).

What one may not see answers 404; what one sees but may not do (or not in the phase in force), 403; what the state
refuses (a closed survey, a second answer, a question with answers), 409; bad input, 422 naming the field.
"""

from django.db.models import Prefetch
from ninja import Path, Query, Router, Status

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import NotFound
from musharaka.core.files import protected_file_url
from musharaka.core.i18n import localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.permissions import can, require
from musharaka.core.schemas import RecordId, error_responses

from . import survey_exports, surveys
from . import surveys_selectors as selectors
from .models import (
    ExportStatus,
    Process,
    Survey,
    SurveyAnswer,
    SurveyExport,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from .surveys_schemas import (
    SurveyExportIn,
    SurveyExportOut,
    SurveyIn,
    SurveyOut,
    SurveyPatch,
    SurveyQuestionIn,
    SurveyQuestionOut,
    SurveyQuestionPatch,
    SurveyReorderIn,
    SurveyResponseIn,
    SurveyResponseOut,
    SurveyResultsOut,
    SurveyRow,
    SurveyStatusIn,
    SurveySubmittedOut,
)

router = Router(tags=["participation: surveys"])

READ = error_responses(lookup=True)
AUTH_READ = error_responses(auth=True, lookup=True)
WRITE = error_responses(auth=True, body=True, lookup=True, conflict=True)
ACTION = error_responses(auth=True, lookup=True, conflict=True)


def _text(value) -> str | None:
    return None if value is None else format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)


# ---------------------------------------------------------------- lookups (404 for what one may not see)


def _process(user, process_id: int) -> Process:
    process = Process.objects.select_related("organization").prefetch_related("phases").filter(pk=process_id).first()
    if process is None or not can(user, "participation.view_process", process):
        raise NotFound()
    return process


def _survey(user, survey_id: int) -> Survey:
    survey = selectors.survey_with_questions(survey_id)
    if survey is None or not selectors.can_see_survey(user, survey):
        raise NotFound()
    return survey


def _question(user, survey: Survey, question_id: int) -> SurveyQuestion:
    question = next((q for q in survey.questions.all() if q.pk == question_id), None)
    if question is None:
        raise NotFound()
    question.survey = survey
    return question


def question_out(question: SurveyQuestion) -> dict:
    return {"id": question.pk, "position": question.position, "kind": question.kind, "label_ar": question.label_ar,
            "label_en": question.label_en, "label": localized(question, "label"), "help_ar": question.help_ar,
            "help_en": question.help_en, "required": question.required,
            "choices": [{**choice, "label": localized(choice, "label")} for choice in question.choices],
            "minimum": _text(question.minimum), "maximum": _text(question.maximum),
            "show_if": question.show_if_id, "show_if_keys": question.show_if_keys}


def survey_out(survey: Survey, user) -> dict:
    return {"id": survey.pk, "process_id": survey.process_id, "title_ar": survey.title_ar,
            "title_en": survey.title_en, "title": localized(survey, "title"), "description_ar": survey.description_ar,
            "description_en": survey.description_en, "anonymous": survey.anonymous, "status": survey.status,
            "status_label": str(SurveyStatus(survey.status).label), "response_count": survey.response_count,
            "answered": selectors.has_answered(survey, user),
            "questions": [question_out(question) for question in survey.questions.all()]}


def _fresh(user, survey_id: int) -> dict:
    return survey_out(_survey(user, survey_id), user)


def export_out(export: SurveyExport) -> dict:
    url = None
    if export.status == ExportStatus.DONE and export.file:
        url = protected_file_url("participation:survey_export_file", export.file, export_id=export.pk)
    return {"id": export.pk, "survey_id": export.survey_id, "format": export.format, "status": export.status,
            "status_label": str(ExportStatus(export.status).label), "row_count": export.row_count,
            "error": export.error, "created_at": export.created_at, "finished_at": export.finished_at,
            "download_url": url}


# ---------------------------------------------------------------- surveys


@router.get("/processes/{process_id}/surveys", response={200: Page[SurveyRow], **READ})
def list_surveys(request, process_id: Path[RecordId], paging: Query[PageParams]):
    """The process's open and closed surveys (its editors: drafts too), the newest first."""
    user = request_user(request)
    rows = selectors.process_surveys(_process(user, process_id), user)
    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size, transform=lambda page: [
        {"id": survey.pk, "title": localized(survey, "title"), "status": survey.status,
         "anonymous": survey.anonymous, "response_count": survey.response_count} for survey in page]))


@router.post("/processes/{process_id}/surveys", auth=api_auth, response={201: SurveyOut, **WRITE})
def create_survey(request, process_id: Path[RecordId], payload: SurveyIn):
    """A draft survey (the process's editors); add questions, then open it."""
    user = request_user(request)
    survey = surveys.survey_create(actor=user, process=_process(user, process_id), data=payload.model_dump())
    return Status(201, _fresh(user, survey.pk))


@router.get("/surveys/{survey_id}", response={200: SurveyOut, **READ})
def get_survey(request, survey_id: Path[RecordId]):
    """A survey with its questions in order (conditions: `show_if` and `show_if_keys`)."""
    return _fresh(request_user(request), survey_id)


@router.patch("/surveys/{survey_id}", auth=api_auth, response={200: SurveyOut, **WRITE})
def update_survey(request, survey_id: Path[RecordId], payload: SurveyPatch):
    user = request_user(request)
    surveys.survey_update(actor=user, survey=_survey(user, survey_id), data=payload.model_dump(exclude_unset=True))
    return _fresh(user, survey_id)


@router.post("/surveys/{survey_id}/status", auth=api_auth, response={200: SurveyOut, **WRITE})
def set_survey_status(request, survey_id: Path[RecordId], payload: SurveyStatusIn):
    """draft → open (needs a question; 409 no_questions) → closed; closed → open again."""
    user = request_user(request)
    surveys.survey_set_status(actor=user, survey=_survey(user, survey_id), status=payload.status)
    return _fresh(user, survey_id)


# ---------------------------------------------------------------- questions


@router.get("/surveys/{survey_id}/questions", response={200: list[SurveyQuestionOut], **READ})
def list_questions(request, survey_id: Path[RecordId]):
    return [question_out(question) for question in _survey(request_user(request), survey_id).questions.all()]


def _question_data(payload, partial: bool) -> dict:
    data = payload.model_dump(exclude_unset=partial)
    if "choices" in data and data["choices"] is None:
        del data["choices"]
    return data


@router.post("/surveys/{survey_id}/questions", auth=api_auth, response={201: SurveyQuestionOut, **WRITE})
def create_question(request, survey_id: Path[RecordId], payload: SurveyQuestionIn):
    """A question at the end of the survey (the editors)."""
    user = request_user(request)
    survey = _survey(user, survey_id)
    question = surveys.question_save(actor=user, survey=survey, data=_question_data(payload, False))
    return Status(201, question_out(question))


@router.post("/surveys/{survey_id}/questions/reorder", auth=api_auth,
             response={200: list[SurveyQuestionOut], **WRITE})
def reorder_questions(request, survey_id: Path[RecordId], payload: SurveyReorderIn):
    """Every question of the survey once, in the new order; a question stays after the one it depends on."""
    user = request_user(request)
    ordered = surveys.question_reorder(actor=user, survey=_survey(user, survey_id), question_ids=payload.question_ids)
    return [question_out(question) for question in ordered]


@router.patch("/surveys/{survey_id}/questions/{question_id}", auth=api_auth,
              response={200: SurveyQuestionOut, **WRITE})
def update_question(request, survey_id: Path[RecordId], question_id: Path[RecordId], payload: SurveyQuestionPatch):
    """Labels may always change; once the survey has answers, the kind and the choice keys stay (409)."""
    user = request_user(request)
    survey = _survey(user, survey_id)
    question = surveys.question_save(actor=user, survey=survey, question=_question(user, survey, question_id),
                                     data=_question_data(payload, True))
    return question_out(question)


@router.delete("/surveys/{survey_id}/questions/{question_id}", auth=api_auth, response={204: None, **ACTION})
def delete_question(request, survey_id: Path[RecordId], question_id: Path[RecordId]):
    """Not once it has answers, nor while other questions depend on it (409)."""
    user = request_user(request)
    survey = _survey(user, survey_id)
    surveys.question_delete(actor=user, question=_question(user, survey, question_id))
    return Status(204, None)


# ---------------------------------------------------------------- responses, results


@router.post("/surveys/{survey_id}/responses", auth=api_auth, response={201: SurveySubmittedOut, **WRITE})
def submit_response(request, survey_id: Path[RecordId], payload: SurveyResponseIn):
    """Answer the survey once (open, in the consultation phase; 409 already_answered for a second time). Answers
    to questions a condition hides are dropped; a required question is required only when shown."""
    user = request_user(request)
    survey = _survey(user, survey_id)
    response = surveys.response_submit(actor=user, survey=survey, answers=payload.answers, group=payload.group)
    return Status(201, {"id": response.pk, "submitted_at": response.submitted_at})


@router.get("/surveys/{survey_id}/responses", auth=api_auth, response={200: Page[SurveyResponseOut], **AUTH_READ})
def list_responses(request, survey_id: Path[RecordId], paging: Query[PageParams]):
    """The responses with their answers (the editors), oldest first; an anonymous survey's name nobody."""
    user = request_user(request)
    survey = _survey(user, survey_id)
    require(user, "participation.export_survey", survey)
    rows = (SurveyResponse.objects.filter(survey=survey).order_by("pk")
            .prefetch_related(Prefetch("answers", queryset=SurveyAnswer.objects.order_by("question_id"))))

    def answer(item: SurveyAnswer) -> dict:
        return {"question_id": item.question_id, "text": item.text or None, "number": _text(item.number),
                "date": item.date, "keys": item.keys or None,
                "file_url": protected_file_url("participation:survey_answer_file", item.file, answer_id=item.pk)
                or None}

    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size, transform=lambda page: [
        {"id": row.pk, "submitted_at": row.submitted_at, "group": row.group,
         "respondent_id": None if survey.anonymous else row.respondent_id,
         "answers": [answer(item) for item in row.answers.all()]} for row in page]))


@router.get("/surveys/{survey_id}/results", response={200: SurveyResultsOut, **AUTH_READ})
def survey_results(request, survey_id: Path[RecordId]):
    """Per question: counts per key, Borda points of rankings, count/mean/median/min/max of numbers, a scale's
    distribution, the latest text answers. The editors at any time; everyone once the survey is closed."""
    user = request_user(request)
    survey = _survey(user, survey_id)
    require(user, "participation.view_survey_results", survey)
    questions = list(survey.questions.all())
    results = selectors.survey_results(survey, questions)
    texts = selectors.latest_texts(questions)
    rows = []
    for question in questions:
        result = dict(results.get(question.pk, {}))
        for name in ("mean", "median", "minimum", "maximum"):
            if name in result:
                result[name] = _text(result[name])
        if "distribution" in result:
            result["distribution"] = {str(point): count for point, count in result["distribution"].items()}
        rows.append({"question_id": question.pk, "kind": question.kind, **result,
                     "latest_texts": texts.get(question.pk)})
    return {"survey_id": survey.pk, "response_count": survey.response_count, "questions": rows}


# ---------------------------------------------------------------- exports


@router.post("/surveys/{survey_id}/exports", auth=api_auth, response={202: SurveyExportOut, **WRITE})
def start_export(request, survey_id: Path[RecordId], payload: SurveyExportIn):
    """Prepare a CSV or XLSX file of the answers in the background (the editors); poll /exports/{id}."""
    user = request_user(request)
    export = survey_exports.export_request(actor=user, survey=_survey(user, survey_id), format=payload.format)
    export.refresh_from_db()
    return Status(202, export_out(export))


@router.get("/surveys/{survey_id}/exports", auth=api_auth, response={200: Page[SurveyExportOut], **AUTH_READ})
def list_exports(request, survey_id: Path[RecordId], paging: Query[PageParams]):
    user = request_user(request)
    survey = _survey(user, survey_id)
    require(user, "participation.export_survey", survey)
    return json_answer(paginate(selectors.survey_exports(survey), page=paging.page, page_size=paging.page_size,
                                transform=lambda page: [export_out(export) for export in page]))


@router.get("/exports/{export_id}", auth=api_auth, response={200: SurveyExportOut, **AUTH_READ})
def get_export(request, export_id: Path[RecordId]):
    """An export's status and, once ready, the address of its file."""
    user = request_user(request)
    export = SurveyExport.objects.select_related("survey__process__organization").filter(pk=export_id).first()
    if export is None or not can(user, "participation.export_survey", export.survey):
        raise NotFound()
    return export_out(export)
