"""Shapes of the surveys' API (every name starts with Survey…: ninja names schemas by class name alone). The bodies
state what the services enforce (surveys.py): texts through partnerships.schemas.text (no control characters, the
Arabic title and labels not blank), bounds as numbers below 10^13 with four decimals at most, the answers keyed by
question id. What depends on the survey as stored (the questions a condition, a reorder or an answer names) or on
another field (choices for choice questions, a scale's steps) the descriptions say."""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from musharaka.core.schemas import BodyBool, BodyId, BodySchema, not_null
from musharaka.partnerships.schemas import ChangeSchema, text

from .models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, ExportFormat, ExportStatus, QuestionKind, SurveyStatus
from .surveys import KEY_MAX_LENGTH, LABEL_MAX_LENGTH, MAX_CHOICES, MAX_QUESTIONS

Bound = Annotated[str, Field(max_length=20, pattern=r"^-?[0-9]{1,13}(?:[.][0-9]{1,4})?$")]
GroupCode = Literal["youth", "women", "elders", "organisations", "other"]
ChoiceKey = Annotated[str, text(KEY_MAX_LENGTH, 1)]


class SurveyIn(BodySchema):
    title_ar: str = text(TITLE_MAX_LENGTH, 1)
    title_en: str = text(TITLE_MAX_LENGTH, default="")
    description_ar: str = text(BODY_MAX_LENGTH, default="")
    description_en: str = text(BODY_MAX_LENGTH, default="")
    anonymous: BodyBool = False


class SurveyPatch(ChangeSchema):
    title_ar: str | None = text(TITLE_MAX_LENGTH, 1, default=None, json_schema_extra=not_null)
    title_en: str | None = text(TITLE_MAX_LENGTH, default=None, json_schema_extra=not_null)
    description_ar: str | None = text(BODY_MAX_LENGTH, default=None, json_schema_extra=not_null)
    description_en: str | None = text(BODY_MAX_LENGTH, default=None, json_schema_extra=not_null)
    anonymous: BodyBool | None = Field(None, description="fixed once the survey has answers (409)",
                                       json_schema_extra=not_null)


class SurveyStatusIn(BodySchema):
    status: Literal["draft", "open", "closed"]


class SurveyChoice(BodySchema):
    key: ChoiceKey
    label_ar: str = text(LABEL_MAX_LENGTH, 1)
    label_en: str = text(LABEL_MAX_LENGTH, default="")


CHOICES = ("between 2 and 30 with distinct keys for single, multiple and ranking questions (ignored for the others; "
           "once answered, a question keeps its keys)")
BOUNDS = "a scale's whole bounds, 2 to 10 steps (1 to 5 by default); a number question's range (maximum ≥ minimum)"
CONDITION = "an earlier single- or multiple-choice question of this survey, shown when one of show_if_keys is chosen"


class SurveyQuestionIn(BodySchema):
    kind: Literal[tuple(QuestionKind.values)]  # type: ignore[valid-type]
    label_ar: str = text(LABEL_MAX_LENGTH, 1)
    label_en: str = text(LABEL_MAX_LENGTH, default="")
    help_ar: str = text(LABEL_MAX_LENGTH, default="")
    help_en: str = text(LABEL_MAX_LENGTH, default="")
    required: BodyBool = False
    choices: list[SurveyChoice] = Field(default_factory=list, max_length=MAX_CHOICES, description=CHOICES)
    minimum: Bound | None = Field(None, description=BOUNDS)
    maximum: Bound | None = Field(None, description=BOUNDS)
    show_if: BodyId | None = Field(None, description=CONDITION)
    show_if_keys: list[ChoiceKey] = Field(default_factory=list, max_length=MAX_CHOICES)


class SurveyQuestionPatch(ChangeSchema):
    kind: Literal[tuple(QuestionKind.values)] | None = Field(  # type: ignore[valid-type]
        None, description="fixed once the question has answers (409)", json_schema_extra=not_null)
    label_ar: str | None = text(LABEL_MAX_LENGTH, 1, default=None, json_schema_extra=not_null)
    label_en: str | None = text(LABEL_MAX_LENGTH, default=None, json_schema_extra=not_null)
    help_ar: str | None = text(LABEL_MAX_LENGTH, default=None, json_schema_extra=not_null)
    help_en: str | None = text(LABEL_MAX_LENGTH, default=None, json_schema_extra=not_null)
    required: BodyBool | None = Field(None, json_schema_extra=not_null)
    choices: list[SurveyChoice] | None = Field(None, max_length=MAX_CHOICES, description=CHOICES,
                                               json_schema_extra=not_null)
    minimum: Bound | None = Field(None, description=BOUNDS)
    maximum: Bound | None = Field(None, description=BOUNDS)
    show_if: BodyId | None = Field(None, description=CONDITION)
    show_if_keys: list[ChoiceKey] | None = Field(None, max_length=MAX_CHOICES, json_schema_extra=not_null)


class SurveyReorderIn(BodySchema):
    question_ids: list[BodyId] = Field(max_length=MAX_QUESTIONS, json_schema_extra={"uniqueItems": True},
                                       description="every question of the survey once, a question after the one it "
                                                   "depends on (409 when they are not the survey's questions)")


QUESTION_KEY = r"^[1-9][0-9]{0,9}$"
AnswerValue = (Annotated[str, Field(max_length=5000)] | list[Annotated[str, Field(max_length=40)]] | int | float
               | None)


class SurveyResponseIn(BodySchema):
    answers: dict[Annotated[str, Field(pattern=QUESTION_KEY)], AnswerValue] = Field(
        max_length=MAX_QUESTIONS, json_schema_extra={"propertyNames": {"pattern": QUESTION_KEY}},
        description="question id → answer: text; a choice key (single); a list of keys (multiple; ranking, all "
                    "keys, the first the top); a number (scale, number); an ISO date. File questions are answered "
                    "on the page. Every id names a question of the survey, each answer fits its question's kind.")
    group: GroupCode = "other"


class SurveyChoiceOut(Schema):
    key: str
    label_ar: str
    label_en: str
    label: str


class SurveyQuestionOut(Schema):
    id: int
    position: int
    kind: Literal[tuple(QuestionKind.values)]  # type: ignore[valid-type]
    label_ar: str
    label_en: str
    label: str
    help_ar: str
    help_en: str
    required: bool
    choices: list[SurveyChoiceOut]
    minimum: str | None
    maximum: str | None
    show_if: int | None
    show_if_keys: list[str]


class SurveyOut(Schema):
    id: int
    process_id: int
    title_ar: str
    title_en: str
    title: str
    description_ar: str
    description_en: str
    anonymous: bool
    status: Literal[tuple(SurveyStatus.values)]  # type: ignore[valid-type]
    status_label: str
    response_count: int
    answered: bool = Field(description="whether the caller has answered it")
    questions: list[SurveyQuestionOut]


class SurveyRow(Schema):
    id: int
    title: str
    status: Literal[tuple(SurveyStatus.values)]  # type: ignore[valid-type]
    anonymous: bool
    response_count: int


class SurveyAnswerOut(Schema):
    question_id: int
    text: str | None = None
    number: str | None = None
    date: datetime.date | None = None
    keys: list[str] | None = None
    file_url: str | None = None


class SurveyResponseOut(Schema):
    id: int
    submitted_at: datetime.datetime
    group: GroupCode
    respondent_id: int | None = None
    answers: list[SurveyAnswerOut]


class SurveySubmittedOut(Schema):
    id: int
    submitted_at: datetime.datetime


class SurveyQuestionResultOut(Schema):
    question_id: int
    kind: Literal[tuple(QuestionKind.values)]  # type: ignore[valid-type]
    answered: int
    counts: dict[str, int] | None = None
    points: dict[str, int] | None = None
    firsts: dict[str, int] | None = None
    count: int | None = None
    mean: str | None = None
    median: str | None = None
    minimum: str | None = None
    maximum: str | None = None
    distribution: dict[str, int] | None = None
    earliest: datetime.date | None = None
    latest: datetime.date | None = None
    latest_texts: list[str] | None = None


class SurveyResultsOut(Schema):
    survey_id: int
    response_count: int
    questions: list[SurveyQuestionResultOut]


class SurveyExportIn(BodySchema):
    format: Literal[tuple(ExportFormat.values)]  # type: ignore[valid-type]


class SurveyExportOut(Schema):
    id: int
    survey_id: int
    format: Literal[tuple(ExportFormat.values)]  # type: ignore[valid-type]
    status: Literal[tuple(ExportStatus.values)]  # type: ignore[valid-type]
    status_label: str
    row_count: int
    error: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    download_url: str | None
