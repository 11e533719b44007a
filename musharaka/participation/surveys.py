"""Surveys and consultations: the form builder (surveys and their questions, with conditions), the answering of a
survey (one response per person, signed or anonymous) and the rules that keep answers meaningful once they exist.

- A survey is built by the process's editors while it is a draft; opening it needs at least one question and tells
  the followers (`SURVEY_OPENED`). draft → open → closed (a closed survey may be opened again; nothing returns to
  draft).
- Once a survey has responses its questions keep their kind and their choice keys: changing a kind, removing a key,
  or deleting an answered question is a Conflict. Labels, help texts and new keys may change.
- A question may be conditional: shown only when the answer to an EARLIER single or multiple choice question of the
  same survey is one of `show_if_keys`. Being earlier makes cycles impossible.
- `response_submit` validates every answer by its question's kind; required questions are required only when they
  are shown (conditions evaluated on the answers given), answers to hidden questions are dropped. One response per
  person: `respondent_key` is a keyed hash of the survey and the person (the only trace of who answered an anonymous
  survey), kept unique by the database.
"""

import datetime
import hashlib
import hmac
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from musharaka.core.errors import Conflict, InvalidInput
from musharaka.core.files import validate_document_upload
from musharaka.core.permissions import require
from musharaka.core.records import parse_decimal
from musharaka.core.text import clean_text
from musharaka.geo.models import Neighbourhood
from musharaka.plans.models import ParticipantGroup

from .models import (
    BODY_MAX_LENGTH,
    CHOICE_KINDS,
    TITLE_MAX_LENGTH,
    ActivityKind,
    Process,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from .services import bump, record_activity

if TYPE_CHECKING:
    from musharaka.accounts.models import User

MAX_QUESTIONS = 100
MIN_CHOICES = 2
MAX_CHOICES = 30
MAX_SCALE_STEPS = 10
KEY_MAX_LENGTH = 40
LABEL_MAX_LENGTH = 500
SHORT_TEXT_MAX_LENGTH = 500
ANSWER_FILE_MAX_BYTES = 5 * 1024 * 1024
# A number answer: DecimalField(max_digits=18, decimal_places=4) holds at most 14 digits before the point.
NUMBER_LIMIT = Decimal("1e13")
FOUR_PLACES = Decimal("0.0001")
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2200, 12, 31)

SURVEY_TEXT_LIMITS = {"title_ar": TITLE_MAX_LENGTH, "title_en": TITLE_MAX_LENGTH,
                      "description_ar": BODY_MAX_LENGTH, "description_en": BODY_MAX_LENGTH}
QUESTION_TEXT_LIMITS = {"label_ar": LABEL_MAX_LENGTH, "label_en": LABEL_MAX_LENGTH, "help_ar": LABEL_MAX_LENGTH,
                        "help_en": LABEL_MAX_LENGTH}
CONDITION_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TRANSITIONS = {SurveyStatus.DRAFT: {SurveyStatus.OPEN}, SurveyStatus.OPEN: {SurveyStatus.CLOSED},
               SurveyStatus.CLOSED: {SurveyStatus.OPEN}}


class AnswersInvalid(InvalidInput):
    """Several answers at fault: `errors` maps each question's id to its message (the page shows each next to its
    question); the first one is the exception's own message and field (`q<id>`)."""

    def __init__(self, errors: dict[int, str]):
        self.errors = errors
        first = next(iter(errors))
        super().__init__(errors[first], field=f"q{first}")


def respondent_key(survey: Survey, user) -> str:
    """The keyed hash that stands for one person in one survey (anonymous surveys keep nothing else of them)."""
    message = f"survey:{survey.pk}:{user.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _locked(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().select_related("process__organization").get(pk=survey.pk)


# ---------------------------------------------------------------- surveys


def _check_survey(survey: Survey, data: dict[str, Any]) -> None:
    for name, limit in SURVEY_TEXT_LIMITS.items():
        if name in data:
            setattr(survey, name, clean_text(data[name] or "", field=name, max_length=limit,
                                             min_length=1 if name == "title_ar" else 0))
    if not survey.title_ar:
        raise InvalidInput(_("Write the survey's Arabic title."), field="title_ar")
    if "anonymous" in data:
        if not isinstance(data["anonymous"], bool):
            raise InvalidInput(_("Say whether the answers are anonymous."), field="anonymous")
        if survey.pk and survey.response_count and data["anonymous"] != survey.anonymous:
            raise Conflict(_("A survey that has answers keeps its anonymity."), code="has_responses")
        survey.anonymous = data["anonymous"]


@transaction.atomic
def survey_create(*, actor: "User", process: Process, data: dict[str, Any]) -> Survey:
    """A draft survey of the process (its editors)."""
    require(actor, "participation.change_process", process)
    survey = Survey(process=process)
    _check_survey(survey, data)
    survey.save()
    return survey


@transaction.atomic
def survey_update(*, actor: "User", survey: Survey, data: dict[str, Any]) -> Survey:
    require(actor, "participation.change_process", survey)
    survey = _locked(survey)
    _check_survey(survey, data)
    survey.save()
    return survey


@transaction.atomic
def survey_set_status(*, actor: "User", survey: Survey, status: str) -> Survey:
    """draft → open → closed, closed → open again. Opening needs a question; it tells the process's followers."""
    require(actor, "participation.change_process", survey)
    survey = _locked(survey)
    if status not in SurveyStatus.values:
        raise InvalidInput(_("Unknown status."), field="status")
    if status == survey.status:
        return survey
    if status not in TRANSITIONS[SurveyStatus(survey.status)]:
        raise Conflict(_("The survey cannot move from %(old)s to %(new)s.")
                       % {"old": SurveyStatus(survey.status).label, "new": SurveyStatus(status).label},
                       code="bad_transition")
    if status == SurveyStatus.OPEN and not survey.questions.exists():
        raise Conflict(_("Add at least one question before opening the survey."), code="no_questions")
    survey.status = status
    survey.save(update_fields=["status", "updated_at"])
    if status == SurveyStatus.OPEN:
        record_activity(process=survey.process, kind=ActivityKind.SURVEY_OPENED, actor=actor,
                        summary=survey.title_ar,
                        url=reverse("participation:survey_answer", kwargs={"survey_id": survey.pk}))
    return survey


# ---------------------------------------------------------------- questions


def _clean_choices(raw: Any) -> list[dict[str, str]]:
    if not isinstance(raw, list):
        raise InvalidInput(_("Give the choices as a list."), field="choices")
    if not MIN_CHOICES <= len(raw) <= MAX_CHOICES:
        raise InvalidInput(_("Give between %(low)d and %(high)d choices.") % {"low": MIN_CHOICES, "high": MAX_CHOICES},
                           field="choices")
    choices, seen = [], set()
    for item in raw:
        if not isinstance(item, dict):
            raise InvalidInput(_("Each choice has a key and a label."), field="choices")
        key = item.get("key")
        if not isinstance(key, str) or not key.strip():
            raise InvalidInput(_("Each choice has a key and a label."), field="choices")
        key = clean_text(key, field="choices", max_length=KEY_MAX_LENGTH, min_length=1)
        if key in seen:
            raise InvalidInput(_("Two choices have the key “%(key)s”: keys are unique.") % {"key": key},
                               field="choices")
        seen.add(key)
        label_ar = clean_text(str(item.get("label_ar") or ""), field="choices", max_length=LABEL_MAX_LENGTH,
                              min_length=1)
        label_en = clean_text(str(item.get("label_en") or ""), field="choices", max_length=LABEL_MAX_LENGTH)
        choices.append({"key": key, "label_ar": label_ar, "label_en": label_en})
    return choices


def _bound(data: dict[str, Any], name: str) -> Decimal | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    number = parse_decimal(value, field=name)
    if abs(number) >= NUMBER_LIMIT:
        raise InvalidInput(_("The number is too large."), field=name)
    return number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def _check_bounds(question: SurveyQuestion, data: dict[str, Any]) -> None:
    if "minimum" in data:
        question.minimum = _bound(data, "minimum")
    if "maximum" in data:
        question.maximum = _bound(data, "maximum")
    if question.kind == QuestionKind.SCALE:
        if question.minimum is None:
            question.minimum = Decimal(1)
        if question.maximum is None:
            question.maximum = Decimal(5)
        if question.minimum != question.minimum.to_integral_value() or \
                question.maximum != question.maximum.to_integral_value():
            raise InvalidInput(_("A scale runs between whole numbers."), field="minimum")
        steps = question.maximum - question.minimum + 1
        if steps < 2 or steps > MAX_SCALE_STEPS:
            raise InvalidInput(_("A scale has between 2 and %(count)d steps.") % {"count": MAX_SCALE_STEPS},
                               field="maximum")
    elif question.kind == QuestionKind.NUMBER:
        if question.minimum is not None and question.maximum is not None and question.maximum < question.minimum:
            raise InvalidInput(_("The maximum is below the minimum."), field="maximum")
    else:
        question.minimum = question.maximum = None


def _check_condition(question: SurveyQuestion, survey: Survey, data: dict[str, Any],
                     questions: list[SurveyQuestion]) -> None:
    if "show_if" in data:
        raw = data["show_if"]
        if raw in (None, ""):
            question.show_if = None
            question.show_if_keys = []
        else:
            try:
                target_id = int(raw)
            except (TypeError, ValueError):
                raise InvalidInput(_("Choose an earlier question."), field="show_if") from None
            target = next((other for other in questions if other.pk == target_id), None)
            if target is None or target.pk == question.pk:
                raise InvalidInput(_("A question depends only on an earlier question of the same survey."),
                                   field="show_if")
            question.show_if = target
    if "show_if_keys" in data and question.show_if_id is not None:
        raw_keys = data["show_if_keys"]
        if not isinstance(raw_keys, list) or not all(isinstance(key, str) for key in raw_keys):
            raise InvalidInput(_("Choose the answers that show the question."), field="show_if_keys")
        question.show_if_keys = list(dict.fromkeys(raw_keys))
    if question.show_if_id is None:
        question.show_if_keys = []
        return
    target = next(other for other in questions if other.pk == question.show_if_id)
    if target.kind not in CONDITION_KINDS:
        raise InvalidInput(_("A question may depend only on a one-choice or several-choices question."),
                           field="show_if")
    if target.position >= question.position:
        raise InvalidInput(_("A question depends only on an earlier question of the same survey."), field="show_if")
    keys = {choice["key"] for choice in target.choices}
    if not question.show_if_keys or not set(question.show_if_keys) <= keys:
        raise InvalidInput(_("Choose the answers that show the question among that question's choices."),
                           field="show_if_keys")


@transaction.atomic
def question_save(*, actor: "User", survey: Survey, data: dict[str, Any],
                  question: SurveyQuestion | None = None) -> SurveyQuestion:
    """Add a question at the end, or change one. Once the survey has answers, a question keeps its kind and its
    choice keys (new keys may be added; labels may change)."""
    require(actor, "participation.change_process", survey)
    survey = _locked(survey)
    questions = list(survey.questions.all())
    if question is None:
        if len(questions) >= MAX_QUESTIONS:
            raise Conflict(_("A survey has at most %(count)d questions.") % {"count": MAX_QUESTIONS},
                           code="too_many")
        question = SurveyQuestion(survey=survey, position=max((q.position for q in questions), default=-1) + 1)
        old_kind, old_keys = None, set()
    else:
        if question.survey_id != survey.pk:
            raise InvalidInput(_("This question belongs to another survey."), field="question")
        question = next(q for q in questions if q.pk == question.pk)
        old_kind, old_keys = question.kind, {choice["key"] for choice in question.choices}
    if "kind" in data:
        if data["kind"] not in QuestionKind.values:
            raise InvalidInput(_("Choose a kind of question from the list."), field="kind")
        question.kind = data["kind"]
    if not question.kind:
        raise InvalidInput(_("Choose a kind of question from the list."), field="kind")
    for name, limit in QUESTION_TEXT_LIMITS.items():
        if name in data:
            setattr(question, name, clean_text(data[name] or "", field=name, max_length=limit,
                                               min_length=1 if name == "label_ar" else 0))
    if not question.label_ar:
        raise InvalidInput(_("Write the question in Arabic."), field="label_ar")
    if "required" in data:
        if not isinstance(data["required"], bool):
            raise InvalidInput(_("Say whether the question is required."), field="required")
        question.required = data["required"]
    if question.kind in CHOICE_KINDS:
        if "choices" in data or not question.choices:
            question.choices = _clean_choices(data.get("choices"))
    else:
        question.choices = []
    _check_bounds(question, data)
    answered = question.pk is not None and question.answers.exists()
    if answered:
        if question.kind != old_kind:
            raise Conflict(_("This question has answers: its kind cannot change."), code="has_answers")
        removed = old_keys - {choice["key"] for choice in question.choices}
        if removed:
            raise Conflict(_("This question has answers: its choices %(keys)s cannot be removed (their labels may "
                             "change).") % {"keys": ", ".join(sorted(removed))}, code="has_answers")
    _check_condition(question, survey, data, questions)
    if question.pk is not None:
        # Questions that depend on this one must still find their keys here.
        keys = {choice["key"] for choice in question.choices}
        for dependant in questions:
            if dependant.show_if_id == question.pk and (question.kind not in CONDITION_KINDS
                                                        or not set(dependant.show_if_keys) <= keys):
                raise Conflict(_("Another question is shown depending on this one's choices: change that "
                                 "question first."), code="has_dependants")
    question.save()
    return question


@transaction.atomic
def question_delete(*, actor: "User", question: SurveyQuestion) -> None:
    require(actor, "participation.change_process", question.survey)
    _locked(question.survey)
    if question.answers.exists():
        raise Conflict(_("This question has answers: it cannot be deleted."), code="has_answers")
    if question.dependants.exists():
        raise Conflict(_("Other questions are shown depending on this one: change them first."),
                       code="has_dependants")
    question.delete()


@transaction.atomic
def question_reorder(*, actor: "User", survey: Survey, question_ids: list[int]) -> list[SurveyQuestion]:
    """Put the survey's questions in the order given (all of them, each once). A question keeps coming after the
    one it depends on."""
    require(actor, "participation.change_process", survey)
    survey = _locked(survey)
    questions = {question.pk: question for question in survey.questions.all()}
    try:
        ids = [int(pk) for pk in question_ids]
    except (TypeError, ValueError):
        raise InvalidInput(_("Give every question of the survey once."), field="question_ids") from None
    if len(ids) != len(set(ids)):
        raise InvalidInput(_("Give every question of the survey once."), field="question_ids")
    # The survey's questions as stored decide the rest: a conflict with them (409), as the list fits another survey.
    if set(ids) != set(questions):
        raise Conflict(_("Give every question of the survey once."), code="not_the_questions", field="question_ids")
    position = {pk: index for index, pk in enumerate(ids)}
    for question in questions.values():
        if question.show_if_id is not None and position[question.show_if_id] >= position[question.pk]:
            raise Conflict(_("A question must come after the question it depends on."), code="condition_order",
                           field="question_ids")
    ordered = []
    for pk in ids:
        question = questions[pk]
        if question.position != position[pk]:
            question.position = position[pk]
            question.save(update_fields=["position"])
        ordered.append(question)
    return ordered


def question_move(*, actor: "User", question: SurveyQuestion, step: int) -> list[SurveyQuestion]:
    """Move a question one place up (step -1) or down (+1): the builder's buttons."""
    ids = list(question.survey.questions.order_by("position", "pk").values_list("pk", flat=True))
    index = ids.index(question.pk)
    other = index + (1 if step > 0 else -1)
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    return question_reorder(actor=actor, survey=question.survey, question_ids=ids)


# ---------------------------------------------------------------- answering


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def _keys_of(question: SurveyQuestion) -> list[str]:
    return [choice["key"] for choice in question.choices]


def clean_answer(question: SurveyQuestion, value: Any) -> dict[str, Any]:
    """The fields of a SurveyAnswer for a non-empty answer, or ValueError with the message to show."""
    kind = question.kind
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        if not isinstance(value, str):
            raise ValueError(_("Write text."))
        limit = SHORT_TEXT_MAX_LENGTH if kind == QuestionKind.SHORT_TEXT else BODY_MAX_LENGTH
        try:
            return {"text": clean_text(value, field="text", max_length=limit)}
        except InvalidInput as error:
            raise ValueError(str(error.message)) from None
    if kind == QuestionKind.SINGLE:
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if not isinstance(value, str) or value not in _keys_of(question):
            raise ValueError(_("Choose one of the answers offered."))
        return {"keys": [value]}
    if kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
            raise ValueError(_("Choose among the answers offered."))
        keys = _keys_of(question)
        if len(set(value)) != len(value):
            raise ValueError(_("Each answer may be chosen once."))
        if not set(value) <= set(keys):
            raise ValueError(_("Choose among the answers offered."))
        if kind == QuestionKind.RANKING:
            if len(value) != len(keys):
                raise ValueError(_("Rank every choice, each with its own place."))
            return {"keys": value}
        return {"keys": [key for key in keys if key in value]}  # in the question's order
    if kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        try:
            number = parse_decimal(value, field="number")
        except InvalidInput:
            raise ValueError(_("Enter a number.")) from None
        if abs(number) >= NUMBER_LIMIT:
            raise ValueError(_("The number is too large."))
        if kind == QuestionKind.SCALE and number != number.to_integral_value():
            raise ValueError(_("Choose a point of the scale."))
        if question.minimum is not None and number < question.minimum:
            raise ValueError(_("Enter a number of at least %(value)s.") % {"value": _plain(question.minimum)})
        if question.maximum is not None and number > question.maximum:
            raise ValueError(_("Enter a number of at most %(value)s.") % {"value": _plain(question.maximum)})
        return {"number": number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)}
    if kind == QuestionKind.DATE:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(_("Enter a valid date.")) from None
        if not isinstance(value, datetime.date) or not DATE_MIN <= value <= DATE_MAX:
            raise ValueError(_("Enter a valid date."))
        return {"date": value}
    if kind == QuestionKind.FILE:
        if not hasattr(value, "read") or not hasattr(value, "size"):
            raise ValueError(_("Upload a file."))
        try:
            validate_document_upload(value, max_bytes=ANSWER_FILE_MAX_BYTES)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from None
        return {"file": value}
    raise ValueError(_("Unknown kind of question."))


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def shown_questions(questions: list[SurveyQuestion], answers: dict[int, Any]) -> list[SurveyQuestion]:
    """The questions shown for these answers (in order): a conditional question is shown when the question it depends
    on is shown and its answer holds one of the keys named."""
    shown: dict[int, set[str]] = {}
    result = []
    for question in questions:
        if question.show_if_id is not None:
            given = shown.get(question.show_if_id)
            if given is None or not given & set(question.show_if_keys):
                continue
        result.append(question)
        value = answers.get(question.pk)
        if isinstance(value, str):
            shown[question.pk] = {value}
        elif isinstance(value, list):
            shown[question.pk] = {key for key in value if isinstance(key, str)}
        else:
            shown[question.pk] = set()
    return result


def validate_answers(questions: list[SurveyQuestion], answers: dict[int, Any]) -> dict[int, dict[str, Any]]:
    """{question id: answer fields} for the shown questions answered; AnswersInvalid with every fault."""
    errors: dict[int, str] = {}
    cleaned: dict[int, dict[str, Any]] = {}
    known = {question.pk for question in questions}
    unknown = [pk for pk in answers if pk not in known]
    if unknown:
        raise InvalidInput(_("An answer names a question that is not in this survey."), field="answers")
    for question in shown_questions(questions, answers):
        value = answers.get(question.pk)
        if is_empty(value):
            if question.required:
                errors[question.pk] = _("This question is required.")
            continue
        try:
            cleaned[question.pk] = clean_answer(question, value)
        except ValueError as error:
            errors[question.pk] = str(error)
    if errors:
        raise AnswersInvalid(errors)
    return cleaned


def _answers_by_id(answers: Any) -> dict[int, Any]:
    if not isinstance(answers, dict):
        raise InvalidInput(_("Give the answers by question."), field="answers")
    result = {}
    for key, value in answers.items():
        try:
            result[int(key)] = value
        except (TypeError, ValueError):
            raise InvalidInput(_("An answer names a question that is not in this survey."), field="answers") from None
    return result


def response_submit(*, actor: "User", survey: Survey, answers: dict, files: dict | None = None,
                    group: str = ParticipantGroup.OTHER, neighbourhood_id: int | None = None) -> SurveyResponse:
    """Answer the survey once. `answers` maps question ids to values (text, a key, a list of keys, a number, an
    ISO date); `files` maps the file questions' ids to uploads."""
    require(actor, "participation.answer_survey", survey)
    by_id = _answers_by_id(answers)
    for key, upload in (files or {}).items():
        try:
            by_id[int(key)] = upload
        except (TypeError, ValueError):
            raise InvalidInput(_("An answer names a question that is not in this survey."), field="answers") from None
    if group not in ParticipantGroup.values:
        raise InvalidInput(_("Choose a participant group from the list."), field="group")
    if neighbourhood_id is not None and not Neighbourhood.objects.filter(pk=neighbourhood_id).exists():
        raise InvalidInput(_("Choose a neighbourhood from the list."), field="neighbourhood_id")
    key = respondent_key(survey, actor)
    if SurveyResponse.objects.filter(survey=survey, respondent_key=key).exists():
        raise Conflict(_("You have already answered this survey."), code="already_answered")
    questions = list(survey.questions.all())
    cleaned = validate_answers(questions, by_id)
    stored: list[SurveyAnswer] = []
    try:
        with transaction.atomic():
            survey = Survey.objects.select_for_update().get(pk=survey.pk)
            if survey.status != SurveyStatus.OPEN:
                raise Conflict(_("The survey is not open."), code="not_open")
            response = SurveyResponse(survey=survey, respondent_key=key, group=group,
                                      respondent=None if survey.anonymous else actor,
                                      neighbourhood_id=neighbourhood_id)
            try:
                with transaction.atomic():
                    response.save()
            except IntegrityError:
                raise Conflict(_("You have already answered this survey."), code="already_answered") from None
            rows = []
            for question_id, fields in cleaned.items():
                answer = SurveyAnswer(response=response, question_id=question_id, **fields)
                if "file" in fields:
                    answer.save()  # the file is written to the private storage now
                    stored.append(answer)
                else:
                    rows.append(answer)
            SurveyAnswer.objects.bulk_create(rows)
            bump(Survey, survey.pk, response_count=1)
    except BaseException:
        for answer in stored:  # nothing half-written: files of a response that was not kept go too
            answer.file.delete(save=False)
        raise
    return response
