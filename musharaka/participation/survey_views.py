"""The survey pages: a process's surveys, the builder (the survey's details, its questions with choices, bounds and
conditions, moved up and down, deleted), its status, the answering page (conditional questions shown and hidden
live by static/participation/survey-answer.js; the server decides again), the results with charts and their tables,
the exports (started, polled by htmx, downloaded through a checking view) and the files answered.

Thin views: reads through surveys_selectors, writes through surveys and survey_exports. Who may not see a survey
gets a 404, who sees it but may not act a 403; a service's refusal comes back on the form or as a message.
"""

import json
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from musharaka.core.errors import DomainError
from musharaka.core.files import is_named_in_url, protected_file_response
from musharaka.core.i18n import localized
from musharaka.core.permissions import can, require
from musharaka.core.refusals import form_error, message_error
from musharaka.plans.models import ParticipantGroup

from . import survey_exports as exports_service
from . import surveys
from . import surveys_selectors as selectors
from .models import (
    CHOICE_KINDS,
    ExportStatus,
    Process,
    QuestionKind,
    SurveyAnswer,
    SurveyExport,
    SurveyStatus,
)
from .survey_forms import ExportForm, QuestionForm, SurveyForm, question_initial

PAGE_SIZE = 20


def _process(user, process_id: int) -> Process:
    process = (Process.objects.select_related("organization").prefetch_related("phases")
               .filter(pk=process_id).first())
    if process is None or not can(user, "participation.view_process", process):
        raise Http404
    return process


def _survey(user, survey_id: int):
    survey = selectors.survey_with_questions(survey_id)
    if survey is None or not selectors.can_see_survey(user, survey):
        raise Http404
    return survey


def _editable(user, survey_id: int):
    survey = _survey(user, survey_id)
    require(user, "participation.change_process", survey)
    return survey


# ---------------------------------------------------------------- list, new, builder, status


def _process_url(process: Process) -> str:
    """The process's page (ideas_views.py, another part of the app): this list when it is not there."""
    try:
        return reverse("participation:process_detail", kwargs={"process_id": process.pk})
    except NoReverseMatch:
        return reverse("participation:survey_list", kwargs={"process_id": process.pk})


def survey_list(request, process_id: int):
    process = _process(request.user, process_id)
    page = Paginator(selectors.process_surveys(process, request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "participation/surveys/list.html", {
        "process": process, "page_obj": page, "status_names": dict(SurveyStatus.choices),
        "process_url": _process_url(process),
        "can_manage": can(request.user, "participation.change_process", process)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_new(request, process_id: int):
    process = _process(request.user, process_id)
    require(request.user, "participation.change_process", process)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = surveys.survey_create(actor=request.user, process=process, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The survey is saved as a draft. Add its questions."))
            return redirect("participation:survey_edit", survey_id=survey.pk)
    return render(request, "participation/surveys/survey_form.html", {"process": process, "form": form})


def _builder(request, survey, survey_form=None, question_form=None, editing=None, status=200):
    questions = list(survey.questions.all())
    if survey_form is None:
        survey_form = SurveyForm(initial={name: getattr(survey, name) for name in
                                          ("title_ar", "title_en", "description_ar", "description_en", "anonymous")})
    if question_form is None:
        earlier = [q for q in questions if editing is None or q.position < editing.position]
        question_form = QuestionForm(initial=question_initial(editing) if editing else None, earlier=earlier)
    by_id = {question.pk: question for question in questions}
    return render(request, "participation/surveys/builder.html", {
        "survey": survey, "process": survey.process, "questions": questions, "by_id": by_id,
        "survey_form": survey_form, "question_form": question_form, "editing": editing,
        "kind_names": dict(QuestionKind.choices), "status_names": dict(SurveyStatus.choices),
        "choice_kinds": CHOICE_KINDS}, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey_edit(request, survey_id: int):
    survey = _editable(request.user, survey_id)
    questions = {question.pk: question for question in survey.questions.all()}
    editing = None
    raw = request.POST.get("question") or request.GET.get("question")
    if raw:
        try:
            editing = questions[int(raw)]
        except (KeyError, ValueError):
            raise Http404 from None
    if request.method != "POST":
        return _builder(request, survey, editing=editing)
    action = request.POST.get("action")
    try:
        if action == "survey":
            form = SurveyForm(request.POST)
            if not form.is_valid():
                return _builder(request, survey, survey_form=form, editing=editing, status=422)
            try:
                surveys.survey_update(actor=request.user, survey=survey, data=form.cleaned_data)
            except DomainError as error:
                form_error(form, error)
                return _builder(request, survey, survey_form=form, editing=editing, status=422)
            messages.success(request, _("The survey is saved."))
        elif action == "question":
            earlier = [q for q in questions.values() if editing is None or q.position < editing.position]
            question_form = QuestionForm(request.POST, earlier=earlier)
            if not question_form.is_valid():
                return _builder(request, survey, question_form=question_form, editing=editing, status=422)
            try:
                surveys.question_save(actor=request.user, survey=survey, data=question_form.service_data(),
                                      question=editing)
            except DomainError as error:
                form_error(question_form, error)
                return _builder(request, survey, question_form=question_form, editing=editing, status=422)
            messages.success(request, _("The question is saved."))
        elif action in ("up", "down", "delete") and editing is not None:
            if action == "delete":
                surveys.question_delete(actor=request.user, question=editing)
                messages.success(request, _("The question is deleted."))
            else:
                surveys.question_move(actor=request.user, question=editing, step=-1 if action == "up" else 1)
        else:
            messages.error(request, _("Unknown action."))
    except DomainError as error:
        message_error(request, error)
    return redirect("participation:survey_edit", survey_id=survey.pk)


@login_required
@require_POST
def survey_status(request, survey_id: int):
    survey = _editable(request.user, survey_id)
    try:
        surveys.survey_set_status(actor=request.user, survey=survey, status=request.POST.get("status", ""))
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The survey's status is changed."))
    return redirect("participation:survey_edit", survey_id=survey.pk)


# ---------------------------------------------------------------- answering


def answers_from_post(request, questions) -> tuple[dict, dict, dict[int, str]]:
    """The answers of the form as the service takes them, the files, and errors the form alone can tell (a ranking
    whose places are not each used once)."""
    answers, files, errors = {}, {}, {}
    for question in questions:
        name = f"q{question.pk}"
        if question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = request.POST.getlist(name)
        elif question.kind == QuestionKind.RANKING:
            places = {}
            for choice in question.choices:
                raw = request.POST.get(f"{name}_{choice['key']}", "").strip()
                if raw:
                    places[choice["key"]] = raw
            if not places:
                answers[question.pk] = []
                continue
            try:
                ranked = sorted(places, key=lambda key: int(places[key]))
                numbers = sorted(int(value) for value in places.values())
            except ValueError:
                errors[question.pk] = _("Give each choice a place: 1, 2, 3…")
                continue
            if numbers != list(range(1, len(question.choices) + 1)):
                errors[question.pk] = _("Rank every choice, each with its own place.")
                continue
            answers[question.pk] = ranked
        elif question.kind == QuestionKind.FILE:
            if name in request.FILES:
                files[question.pk] = request.FILES[name]
        else:
            answers[question.pk] = request.POST.get(name, "")
    return answers, files, errors


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey_answer(request, survey_id: int):
    survey = _survey(request.user, survey_id)
    questions = list(survey.questions.all())
    answered = selectors.has_answered(survey, request.user)
    may_answer = can(request.user, "participation.answer_survey", survey)
    errors: dict[int, str] = {}
    given: dict = {}
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.path}")
        require(request.user, "participation.answer_survey", survey)
        given, files, errors = answers_from_post(request, questions)
        if not errors:
            try:
                surveys.response_submit(actor=request.user, survey=survey, answers=given, files=files,
                                        group=request.POST.get("group") or ParticipantGroup.OTHER)
            except surveys.AnswersInvalid as error:
                errors = error.errors
            except DomainError as error:
                message_error(request, error)
                return redirect("participation:survey_answer", survey_id=survey.pk)
            else:
                messages.success(request, _("Thank you: your answers are recorded."))
                return redirect("participation:survey_answer", survey_id=survey.pk)
        status = 422
    shown = {question.pk for question in surveys.shown_questions(questions, given)} if given else None
    return render(request, "participation/surveys/answer.html", {
        "survey": survey, "process": survey.process, "questions": questions, "answered": answered,
        "may_answer": may_answer and not answered, "errors": errors, "given": given, "shown": shown,
        "groups": ParticipantGroup.choices, "group": request.POST.get("group", ParticipantGroup.OTHER),
        "can_manage": can(request.user, "participation.change_process", survey),
        "can_see_results": can(request.user, "participation.view_survey_results", survey),
        "status_names": dict(SurveyStatus.choices), "choice_kinds": CHOICE_KINDS,
        "conditions_json": json.dumps({q.pk: {"show_if": q.show_if_id, "keys": q.show_if_keys}
                                       for q in questions if q.show_if_id})}, status=status)


def _login_url() -> str:
    from django.conf import settings
    from django.urls import reverse

    return reverse(settings.LOGIN_URL) if ":" in settings.LOGIN_URL else settings.LOGIN_URL


# ---------------------------------------------------------------- results


def _chart(question, result) -> dict | None:
    labels = {choice["key"]: localized(choice, "label") for choice in question.choices}
    if "counts" in result:
        figures = result["counts"]
    elif "points" in result:
        figures = result["points"]
    elif "distribution" in result:
        return {"id": question.pk, "labels": [str(point) for point in result["distribution"]],
                "values": list(result["distribution"].values()), "label": _("Answers")}
    else:
        return None
    return {"id": question.pk, "labels": [labels.get(key, key) for key in figures], "values": list(figures.values()),
            "label": _("Borda points") if "points" in result else _("Answers")}


@never_cache
def survey_results(request, survey_id: int):
    survey = _survey(request.user, survey_id)
    require(request.user, "participation.view_survey_results", survey)
    questions = list(survey.questions.all())
    results = selectors.survey_results(survey, questions)
    text_page = None
    text_question = None
    if request.GET.get("question"):
        text_question = next((q for q in questions if str(q.pk) == request.GET["question"]
                              and q.kind in selectors.TEXT_KINDS), None)
        if text_question is None:
            raise Http404
        text_page = Paginator(selectors.text_answers(text_question), selectors.TEXT_PAGE_SIZE).get_page(
            request.GET.get("page"))
    charts = [chart for question in questions if (chart := _chart(question, results.get(question.pk, {})))]
    return render(request, "participation/surveys/results.html", {
        "survey": survey, "process": survey.process, "questions": questions, "results": results,
        "texts": selectors.latest_texts(questions) if text_question is None else {},
        "text_question": text_question, "text_page": text_page, "charts_json": json.dumps(charts),
        "choice_kinds": CHOICE_KINDS, "can_export": can(request.user, "participation.export_survey", survey)})


# ---------------------------------------------------------------- exports and files


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey_exports(request, survey_id: int):
    survey = _survey(request.user, survey_id)
    require(request.user, "participation.export_survey", survey)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exports_service.export_request(actor=request.user, survey=survey, format=form.cleaned_data["format"])
        except DomainError as error:
            message_error(request, error)
        else:
            messages.success(request, _("The export is being prepared: this page shows when it is ready."))
        return redirect("participation:survey_exports", survey_id=survey.pk)
    exports = list(selectors.survey_exports(survey)[:20])
    context = {"survey": survey, "process": survey.process, "form": form, "exports": exports,
               "working": any(export.status in (ExportStatus.PENDING, ExportStatus.RUNNING) for export in exports),
               "status_names": dict(ExportStatus.choices)}
    if request.headers.get("HX-Request"):
        return render(request, "participation/surveys/_exports_table.html", context)
    return render(request, "participation/surveys/exports.html", context)


@login_required
def survey_export_file(request, export_id: int, filename: str):
    export = get_object_or_404(SurveyExport.objects.select_related("survey__process__organization"), pk=export_id)
    if not can(request.user, "participation.export_survey", export.survey) or export.status != ExportStatus.DONE \
            or not is_named_in_url(export.file, filename):
        raise Http404
    response = protected_file_response(export.file, published=False)
    response["Content-Disposition"] = f'attachment; filename="{os.path.basename(export.file.name or '')}"'
    return response


@login_required
def survey_answer_file(request, answer_id: int, filename: str):
    """A file a respondent uploaded: the process's editors only (it is part of the answers they read)."""
    answer = get_object_or_404(SurveyAnswer.objects.select_related("response__survey__process__organization"),
                               pk=answer_id)
    if not can(request.user, "participation.export_survey", answer.response.survey) \
            or not is_named_in_url(answer.file, filename):
        raise Http404
    return protected_file_response(answer.file, published=False)
