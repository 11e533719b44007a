"""Shapes of the surveys' API (every name starts with Survey…: ninja names schemas by class name alone)."""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from musharaka.core.schemas import BodyBool, BodyId, BodySchema

from .models import ExportFormat, QuestionKind, SurveyStatus

Title = Annotated[str, Field(max_length=200)]
Body = Annotated[str, Field(max_length=5000)]
Label = Annotated[str, Field(max_length=500)]
Bound = Annotated[str, Field(max_length=20, pattern=r"^-?[0-9]{1,13}(?:[.][0-9]{1,4})?$")]


class SurveyIn(BodySchema):
    title_ar: Title
    title_en: Title = ""
    description_ar: Body = ""
    description_en: Body = ""
    anonymous: BodyBool = False


class SurveyPatch(BodySchema):
    title_ar: Title | None = None
    title_en: Title | None = None
    description_ar: Body | None = None
    description_en: Body | None = None
    anonymous: BodyBool | None = None


class SurveyStatusIn(BodySchema):
    status: Literal["draft", "open", "closed"]


class SurveyChoice(BodySchema):
    key: Annotated[str, Field(min_length=1, max_length=40)]
    label_ar: Label
    label_en: Label = ""


class SurveyQuestionIn(BodySchema):
    kind: Literal[tuple(QuestionKind.values)]  # type: ignore[valid-type]
    label_ar: Label
    label_en: Label = ""
    help_ar: Label = ""
    help_en: Label = ""
    required: BodyBool = False
    choices: list[SurveyChoice] = Field(default_factory=list, max_length=30)
    minimum: Bound | None = None
    maximum: Bound | None = None
    show_if: BodyId | None = None
    show_if_keys: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=30)


class SurveyQuestionPatch(BodySchema):
    kind: Literal[tuple(QuestionKind.values)] | None = None  # type: ignore[valid-type]
    label_ar: Label | None = None
    label_en: Label | None = None
    help_ar: Label | None = None
    help_en: Label | None = None
    required: BodyBool | None = None
    choices: list[SurveyChoice] | None = Field(None, max_length=30)
    minimum: Bound | None = None
    maximum: Bound | None = None
    show_if: BodyId | None = None
    show_if_keys: list[Annotated[str, Field(max_length=40)]] | None = Field(None, max_length=30)


class SurveyReorderIn(BodySchema):
    question_ids: list[BodyId] = Field(max_length=100)


AnswerValue = (Annotated[str, Field(max_length=5000)] | list[Annotated[str, Field(max_length=40)]] | int | float
               | None)


class SurveyResponseIn(BodySchema):
    answers: dict[Annotated[str, Field(pattern=r"^[0-9]{1,10}$")], AnswerValue] = Field(
        description="question id → answer: text; a choice key (single); a list of keys (multiple; ranking, all "
                    "keys, the first the top); a number (scale, number); an ISO date. File questions are answered "
                    "on the page.")
    group: Literal["youth", "women", "elders", "organisations", "other"] = "other"


class SurveyChoiceOut(Schema):
    key: str
    label_ar: str
    label_en: str
    label: str


class SurveyQuestionOut(Schema):
    id: int
    position: int
    kind: str
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
    status: str
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
    group: str
    respondent_id: int | None = None
    answers: list[SurveyAnswerOut]


class SurveySubmittedOut(Schema):
    id: int
    submitted_at: datetime.datetime


class SurveyQuestionResultOut(Schema):
    question_id: int
    kind: str
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
    format: str
    status: str
    status_label: str
    row_count: int
    error: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    download_url: str | None
