"""Shapes of the awards API (every name starts with Award…: ninja names schemas by class name alone).

Request texts state in their pattern what the services enforce (core.text.clean_text: no control characters but
line breaks and tabs, and a least number of characters other than spaces), numbers their ranges, so that a body
the document allows is a body the services take, or refuse for the record's state (409).
"""

import datetime
import re
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from musharaka.core.schemas import BodyBool, BodyDate, BodyId, BodySchema, Ref, json_number, not_null
from musharaka.partnerships.schemas import ChangeSchema, text

# Written out for the document; tests check they match the models' choices.
StageCode = Literal["draft", "nominations", "eligibility", "judging", "deliberation", "published"]
CategoryKindCode = Literal["initiative", "partnership", "volunteer_team", "other"]
ApplicationStatusCode = Literal["draft", "submitted", "eligible", "ineligible", "withdrawn"]
JudgeStatusCode = Literal["invited", "accepted", "declined"]
SheetStatusCode = Literal["assigned", "draft", "submitted"]
RoundStatusCode = Literal["open", "closed"]

FILTER_ID = Field(None, ge=1, le=2**31 - 1)


# Whole numbers in a range, as JSON numbers (a string "3" is refused): written out, so that type checkers read them.
Year = Annotated[int, Field(ge=2000, le=2100), BeforeValidator(json_number)]
Position = Annotated[int, Field(ge=0, le=10_000), BeforeValidator(json_number)]
Weight = Annotated[int, Field(ge=1, le=100), BeforeValidator(json_number)]
ScoreValue = Annotated[int, Field(ge=0, le=10), BeforeValidator(json_number)]
Level = Annotated[int, Field(ge=0, le=10), BeforeValidator(json_number)]
JudgesPer = Annotated[int, Field(ge=1, le=15), BeforeValidator(json_number)]
Places = Annotated[int, Field(ge=1, le=3), BeforeValidator(json_number)]
AnswerLength = Annotated[int, Field(ge=50, le=10_000), BeforeValidator(json_number)]
AdvanceCount = Annotated[int, Field(ge=1, le=10_000), BeforeValidator(json_number)]

_MOMENT = re.compile(r"20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})",
                     re.IGNORECASE)


def json_moment(value):
    """A moment of a JSON body: RFC 3339 with its offset, in this century (the deadline is kept to the second)."""
    if not (isinstance(value, str) and _MOMENT.fullmatch(value)):
        raise PydanticCustomError("datetime_type", "Enter a date and time with its offset (2026-05-01T23:59:59+03:00).")
    return value


# The document states the format only: a pattern on top of it makes generators (hypothesis) filter date-times by
# the pattern, which hung the contract run's stateful phase; the century is said in words and checked here.
Moment = Annotated[datetime.datetime, BeforeValidator(json_moment), WithJsonSchema(
    {"type": "string", "format": "date-time", "description": "RFC 3339 with its offset, in the years 2000–2099"})]


QuestionKey = Annotated[str, Field(pattern=r"^[1-9][0-9]{0,18}$")]
Answer = Annotated[str, text(10_000)]

# ---------------------------------------------------------------- answers


class AwardLevelOut(Schema):
    level: int
    ar: str
    en: str
    text: str = Field(description="in the asked language")


class AwardCriterionOut(Schema):
    id: int
    name: str
    name_ar: str
    name_en: str
    guidance_ar: str
    guidance_en: str
    weight: int = Field(description="percent; a category's weights add up to 100")
    levels: list[AwardLevelOut] = Field(description="what levels of the 0–10 scale mean (some may be left out)")
    position: int


class AwardQuestionOut(Schema):
    id: int
    text: str
    text_ar: str
    text_en: str
    required: bool
    max_length: int
    position: int


class AwardRoundBrief(Schema):
    id: int
    number: int
    status: RoundStatusCode
    normalise: bool
    judging_until: datetime.date | None
    sheet_count: int
    submitted_count: int


class AwardCategoryOut(Schema):
    id: int
    cycle_id: int
    kind: CategoryKindCode
    name: str
    name_ar: str
    name_en: str
    description_ar: str
    description_en: str
    axis: str | None = Field(description="development axis code")
    needs_initiative: bool
    allows_residents: bool
    judges_per_application: int
    winner_places: int
    position: int
    weight_total: int = Field(description="the criteria's weights added up (100 when complete)")
    criteria: list[AwardCriterionOut]
    questions: list[AwardQuestionOut]
    rounds: list[AwardRoundBrief] = Field(description="for the organiser only (empty for others)")


class AwardProgrammeOut(Schema):
    id: int
    name: str
    name_ar: str
    name_en: str
    description_ar: str
    description_en: str
    eligibility_ar: str
    eligibility_en: str
    organization: Ref = Field(description="the organiser")
    region: Ref | None = Field(description="null for a national award")
    may_manage: bool


class AwardPhaseOut(Schema):
    stage: StageCode
    name: str
    until: datetime.date | None = Field(description="the planned end of the phase (nominations: the closing day)")
    current: bool
    done: bool


class AwardCycleListItem(Schema):
    id: int
    year: int
    title: str
    title_ar: str
    title_en: str
    stage: StageCode
    programme: Ref
    organization: Ref = Field(description="the organiser")
    nominations_open_at: datetime.datetime
    nominations_close_at: datetime.datetime
    nominations_open: bool = Field(description="applications are taken now")
    application_count: int = Field(description="submitted applications (drafts not counted)")
    blind_judging: bool
    people_choice: bool
    people_choice_open: bool
    results_published_at: datetime.datetime | None


class AwardCycleOut(AwardCycleListItem):
    eligibility_until: datetime.date | None
    judging_until: datetime.date | None
    deliberation_until: datetime.date | None
    results_on: datetime.date | None
    feedback_to_applicants: bool
    phases: list[AwardPhaseOut]
    categories: list[AwardCategoryOut]
    may_manage: bool
    problems: list[str] = Field(description="for the organiser: what stops the next phase (empty: it may move)")


class AwardApplicationOut(Schema):
    id: int
    cycle_id: int
    category: Ref
    status: ApplicationStatusCode
    title: str
    title_ar: str
    title_en: str
    summary_ar: str
    summary_en: str
    organization: Ref | None = Field(description="null when a resident applied alone, or for a blind judge")
    applicant: str | None = Field(description="who applied (hidden from a blind judge)")
    initiative: Ref | None = Field(description="hidden from a blind judge")
    answers: dict[str, str] = Field(description="question id → answer")
    submitted_at: datetime.datetime | None
    eligibility_reason: str
    eligibility_checked_at: datetime.datetime | None
    last_round: int
    vote_count: int
    evidence_count: int
    created_at: datetime.datetime


class AwardJudgeOut(Schema):
    id: int
    cycle_id: int
    user: str = Field(description="username")
    name: str
    status: JudgeStatusCode
    expertise: str
    responded_at: datetime.datetime | None
    sheet_count: int
    submitted_count: int


class AwardInvitationOut(Schema):
    id: int
    cycle: Ref
    status: JudgeStatusCode
    expertise: str
    created_at: datetime.datetime


class AwardSheetListItem(Schema):
    id: int
    round_id: int
    round_number: int
    category: Ref
    cycle: Ref
    application_id: int
    application_title: str
    status: SheetStatusCode
    total: float | None = Field(description="Σ weight × score / 10, once submitted")
    saved_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    judging_until: datetime.date | None


class AwardScoreOut(Schema):
    criterion_id: int
    value: int
    comment: str


class AwardSheetOut(AwardSheetListItem):
    overall_comment: str
    blind: bool = Field(description="the cycle hides who applied")
    application: AwardApplicationOut
    criteria: list[AwardCriterionOut]
    scores: list[AwardScoreOut]


class AwardSheetFlag(Schema):
    id: int
    judge_id: int
    judge: str
    status: SheetStatusCode
    total: float | None
    z_score: float | None
    is_outlier: bool = Field(description="more than 2 standard deviations, or 30 points, from the panel's mean")


class AwardEntryOut(Schema):
    id: int
    application: Ref
    rank: int | None
    raw_score: float | None = Field(description="mean of the judges' submitted totals (0–100)")
    normalised_score: float | None = Field(description="mean of the judges' z-scores (when the round normalises)")
    heaviest_score: float | None = Field(description="tie-break 1: mean score on the heaviest criterion")
    spread: float | None = Field(description="tie-break 2: highest minus lowest total")
    judges_submitted: int
    tied: bool = Field(description="still tied after both tie-breaks: for deliberation")
    advanced: bool
    sheets: list[AwardSheetFlag]


class AwardRoundOut(AwardRoundBrief):
    category: Ref
    cycle_id: int
    closed_at: datetime.datetime | None
    shortfall: int = Field(description="judges the entries still lack")
    panel: list[AwardJudgeOut]
    entries: list[AwardEntryOut] = Field(description="ranked first")


class AwardAssignOut(Schema):
    added: int = Field(description="scoresheets added")
    shortfall: int


class AwardWinnerOut(Schema):
    id: int
    place: int
    application: Ref
    winner: str = Field(description="the organisation (or person) that won")
    initiative: Ref | None
    citation: str
    citation_ar: str
    citation_en: str
    score: float | None
    code: str = Field(description="the certificate's verification code")


class AwardPeopleChoiceOut(Schema):
    application: Ref
    vote_count: int


class AwardCategoryResults(Schema):
    id: int
    name: str
    winners: list[AwardWinnerOut]
    people_choice: list[AwardPeopleChoiceOut] = Field(
        description="the people's vote, apart from the jury's ranking (most votes first; empty without a vote)")


class AwardResultsOut(Schema):
    cycle: Ref
    year: int
    published_at: datetime.datetime | None
    categories: list[AwardCategoryResults]


class AwardVoteOut(Schema):
    category_id: int
    application_id: int
    vote_count: int


# ---------------------------------------------------------------- request bodies


class AwardProgrammeFields(ChangeSchema):
    name_en: str | None = text(250, default=None, json_schema_extra=not_null)
    description_ar: str | None = text(8000, default=None, json_schema_extra=not_null)
    description_en: str | None = text(8000, default=None, json_schema_extra=not_null)
    eligibility_ar: str | None = text(8000, default=None, json_schema_extra=not_null)
    eligibility_en: str | None = text(8000, default=None, json_schema_extra=not_null)
    region_id: BodyId | None = Field(None, description="null for a national award")


class AwardProgrammeCreate(AwardProgrammeFields):
    organization_id: BodyId = Field(description="the organiser (you are its admin or editor)")
    name_ar: str = text(250, 3)


class AwardProgrammePatch(AwardProgrammeFields):
    name_ar: str | None = text(250, 3, default=None, json_schema_extra=not_null)


class AwardCycleFields(ChangeSchema):
    title_ar: str | None = text(250, default=None, json_schema_extra=not_null)
    title_en: str | None = text(250, default=None, json_schema_extra=not_null)
    eligibility_until: BodyDate | None = None
    judging_until: BodyDate | None = None
    deliberation_until: BodyDate | None = None
    results_on: BodyDate | None = None
    blind_judging: BodyBool | None = Field(None, json_schema_extra=not_null)
    feedback_to_applicants: BodyBool | None = Field(None, json_schema_extra=not_null)
    people_choice: BodyBool | None = Field(None, json_schema_extra=not_null)


class AwardCycleCreate(AwardCycleFields):
    year: Year
    nominations_open_at: Moment
    nominations_close_at: Moment = Field(description="after the opening; kept to the second")


class AwardCyclePatch(AwardCycleFields):
    year: Year | None = Field(None, json_schema_extra=not_null, description="fixed once nominations open")
    nominations_open_at: Moment | None = Field(None, json_schema_extra=not_null)
    nominations_close_at: Moment | None = Field(None, json_schema_extra=not_null)


class AwardCycleFilters(Schema):
    stage: StageCode | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    programme: int | None = FILTER_ID


class AwardCategoryFields(ChangeSchema):
    kind: CategoryKindCode | None = Field(None, json_schema_extra=not_null)
    name_en: str | None = text(250, default=None, json_schema_extra=not_null)
    description_ar: str | None = text(4000, default=None, json_schema_extra=not_null)
    description_en: str | None = text(4000, default=None, json_schema_extra=not_null)
    axis: str | None = Field(None, max_length=40, description="development axis code; null for none")
    needs_initiative: BodyBool | None = Field(None, json_schema_extra=not_null)
    allows_residents: BodyBool | None = Field(None, json_schema_extra=not_null)
    judges_per_application: JudgesPer | None = Field(None, json_schema_extra=not_null)
    winner_places: Places | None = Field(None, json_schema_extra=not_null)
    position: Position | None = Field(None, json_schema_extra=not_null)


class AwardCategoryCreate(AwardCategoryFields):
    name_ar: str = text(250, 3)


class AwardCategoryPatch(AwardCategoryFields):
    name_ar: str | None = text(250, 3, default=None, json_schema_extra=not_null)


class AwardLevelIn(BodySchema):
    level: Level
    ar: str = text(300, default="")
    en: str = text(300, default="")


class AwardCriterionFields(ChangeSchema):
    name_en: str | None = text(250, default=None, json_schema_extra=not_null)
    guidance_ar: str | None = text(2000, default=None, json_schema_extra=not_null)
    guidance_en: str | None = text(2000, default=None, json_schema_extra=not_null)
    levels: list[AwardLevelIn] | None = Field(None, max_length=11, json_schema_extra=not_null,
                                              description="replaces the descriptors when given")
    position: Position | None = Field(None, json_schema_extra=not_null)


class AwardCriterionCreate(AwardCriterionFields):
    name_ar: str = text(250, 2)
    weight: Weight = Field(description="percent; the category's weights must add up to 100 before nominations open")


class AwardCriterionPatch(AwardCriterionFields):
    name_ar: str | None = text(250, 2, default=None, json_schema_extra=not_null)
    weight: Weight | None = Field(None, json_schema_extra=not_null)


class AwardQuestionFields(ChangeSchema):
    text_en: str | None = text(500, default=None, json_schema_extra=not_null)
    required: BodyBool | None = Field(None, json_schema_extra=not_null)
    max_length: AnswerLength | None = Field(None, json_schema_extra=not_null)
    position: Position | None = Field(None, json_schema_extra=not_null)


class AwardQuestionCreate(AwardQuestionFields):
    text_ar: str = text(500, 3)


class AwardQuestionPatch(AwardQuestionFields):
    text_ar: str | None = text(500, 3, default=None, json_schema_extra=not_null)


class AwardApplicationFields(ChangeSchema):
    title_en: str | None = text(300, default=None, json_schema_extra=not_null)
    summary_ar: str | None = text(4000, default=None, json_schema_extra=not_null)
    summary_en: str | None = text(4000, default=None, json_schema_extra=not_null)
    answers: dict[QuestionKey, Answer] | None = Field(
        None, json_schema_extra=not_null, max_length=20,
        description="question id → answer (merged into the saved answers; within each question's longest answer)")


class AwardApplicationCreate(AwardApplicationFields):
    category_id: BodyId
    organization_id: BodyId | None = Field(None, description="the applicant organisation (you are its admin or "
                                                             "editor); leave out to apply alone, where allowed")
    initiative_id: BodyId | None = Field(None, description="an initiative of the registry your organisation leads "
                                                           "or partners")
    title_ar: str | None = text(300, 3, default=None, json_schema_extra=not_null,
                                description="the initiative's title when left out")


class AwardApplicationPatch(AwardApplicationFields):
    title_ar: str | None = text(300, 3, default=None, json_schema_extra=not_null)


class AwardWithdrawIn(BodySchema):
    reason: str = text(1000, default="")


class AwardEligibilityIn(BodySchema):
    eligible: BodyBool
    reason: str = text(2000, default="", description="required (5 characters or more) when not eligible")


class AwardJudgeInvite(BodySchema):
    user: str = Field(min_length=1, max_length=254, description="the person's username or e-mail address")
    expertise: str = text(250, default="")


class AwardRespondIn(BodySchema):
    accept: BodyBool


class AwardPanelIn(BodySchema):
    judge_id: BodyId = Field(description="a judge of the cycle who accepted")


class AwardRoundPatch(ChangeSchema):
    normalise: BodyBool | None = Field(None, json_schema_extra=not_null)
    judging_until: BodyDate | None = Field(None, json_schema_extra=not_null)


class AwardAdvanceIn(BodySchema):
    count: AdvanceCount = Field(description="how many go on (ties with the last place go too)")
    normalise: BodyBool = False


class AwardScoreIn(BodySchema):
    criterion_id: BodyId
    value: ScoreValue | None = Field(description="null clears the score")
    comment: str = text(2000, default="")


class AwardSheetIn(BodySchema):
    scores: list[AwardScoreIn] = Field(default_factory=list, max_length=20)
    overall_comment: str | None = text(4000, default=None, json_schema_extra=not_null)


class AwardConflictIn(BodySchema):
    reason: str = text(1000, 5)
