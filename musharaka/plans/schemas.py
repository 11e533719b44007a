"""Shapes of the plans API (every name starts with Plan…: ninja names schemas by class name alone).

Request texts state in their pattern what the services enforce (core.text.clean_text), numbers their ranges, so that
a body the document allows is a body the services take, or refuse for the record's state (409). Patterns are single
anchored patterns, never a top-level alternation (`^$|^…$` made the contract run's generator pad and filter for ever:
partnerships.schemas.empty_or_at_least).
"""

import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from musharaka.core.schemas import BodyBool, BodyDate, BodyId, BodySchema, Ref, json_number, not_null
from musharaka.partnerships.schemas import ChangeSchema, text

# Written out for the document; tests check they match the models' choices.
PlanStatusCode = Literal["draft", "consultation", "approved", "in_review", "revised", "closed"]
NeedStatusCode = Literal["open", "merged", "rejected"]
NeedSourceCode = Literal["resident", "study", "coordinator"]
GroupCode = Literal["youth", "women", "elders", "organisations", "other"]
FundingCode = Literal["government", "municipal", "private", "nonprofit", "donor", "mixed", "unfunded"]
ActionStatusCode = Literal["planned", "in_progress", "delayed", "completed", "cancelled"]
ReviewKindCode = Literal["quarterly", "annual", "midterm", "final"]
RatingCode = Literal["on_track", "at_risk", "off_track", "achieved"]
RiskCategoryCode = Literal["financial", "operational", "institutional", "social", "environmental", "legal",
                           "security", "other"]
RiskStatusCode = Literal["open", "mitigating", "occurred", "closed"]
RiskLevelCode = Literal["low", "medium", "high", "critical"]
FrameworkCode = Literal["sdg", "national", "regional"]

FILTER_ID = Field(None, ge=1, le=2**31 - 1)

Year = Annotated[int, Field(ge=2000, le=2100), BeforeValidator(json_number)]
Position = Annotated[int, Field(ge=0, le=10_000), BeforeValidator(json_number)]
Share = Annotated[int, Field(ge=0, le=100), BeforeValidator(json_number)]
Weight = Annotated[int, Field(ge=1, le=100), BeforeValidator(json_number)]
CriterionScore = Annotated[int, Field(ge=0, le=5), BeforeValidator(json_number)]
Scale = Annotated[int, Field(ge=1, le=5), BeforeValidator(json_number)]
People = Annotated[int, Field(ge=0, le=100_000_000), BeforeValidator(json_number)]
# Money as text with at most two decimals: a JSON number cannot say how many places it has (0.001 would pass the
# document and fail the column), so the document states the form the column holds.
Money = Annotated[str, Field(pattern=r"^[0-9]{1,12}(?:[.][0-9]{1,2})?$", examples=["250000.00"])]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
IdList = Annotated[list[BodyId], Field(max_length=200)]


# ---------------------------------------------------------------- answers


class PlanListItem(Schema):
    id: int
    title: str = Field(description="in the asked language")
    title_ar: str
    title_en: str
    status: PlanStatusCode
    start_year: int
    end_year: int
    version: int = Field(description="the version being prepared, or the last approved one")
    need_count: int
    vote_count: int
    progress: float | None = Field(description="0–1, by the rule of plans.priority; null before anything is measured")
    region: str
    city: str | None
    organization: str


class PlanOut(Schema):
    id: int
    title: str
    title_ar: str
    title_en: str
    summary_ar: str
    summary_en: str
    vision_ar: str
    vision_en: str
    status: PlanStatusCode
    start_year: int
    end_year: int
    version: int
    organization: Ref
    region: Ref
    city: Ref | None
    neighbourhoods: list[Ref]
    partners: list[Ref]
    consultation_closes_on: datetime.date | None
    matrix_share: int = Field(description="weight of the scoring matrix in the priority (%); votes weigh the rest")
    approved_at: datetime.datetime | None
    need_count: int
    vote_count: int
    progress: float | None
    may_change: bool
    may_moderate: bool
    may_submit: bool = Field(description="you may submit needs and vote (the consultation is open)")


class PlanVersionItem(Schema):
    number: int
    approved_at: datetime.datetime
    note: str


class PlanVersionOut(PlanVersionItem):
    snapshot: dict[str, Any] = Field(description="the plan as approved: vision, goals → actions, indicators")


class PlanChange(Schema):
    path: str = Field(description="where, e.g. goals[12].actions[40].budget")
    kind: Literal["added", "removed", "changed"]
    before: Any = None
    after: Any = None


class PlanDiffOut(Schema):
    a: str = Field(description="a version number")
    b: str = Field(description="a version number, or \"current\" for the plan as it reads now")
    changes: list[PlanChange]


class PlanGroupVotes(Schema):
    youth: int
    women: int
    elders: int
    organisations: int
    other: int


class PlanNeedOut(Schema):
    id: int
    title: str
    description: str
    people_affected: int | None
    status: NeedStatusCode
    source: NeedSourceCode
    group: GroupCode
    category: Ref
    neighbourhood: Ref | None
    merged_into_id: int | None
    vote_count: int
    votes: PlanGroupVotes
    matrix_score: float | None = Field(description="0–100: Σ weight × score ÷ 5 over the plan's criteria")
    scored: int = Field(description="how many criteria are scored")
    voted: bool = Field(description="you voted for it")
    created_at: datetime.datetime


class PlanVoteOut(Schema):
    need_id: int
    voted: bool
    group: GroupCode | None
    vote_count: int


class PlanCriterionOut(Schema):
    id: int
    name: str
    name_ar: str
    name_en: str
    guidance_ar: str
    guidance_en: str
    weight: int = Field(description="percent; a plan's weights add up to 100")
    position: int


class PlanScoreItem(Schema):
    criterion_id: int
    score: int


class PlanScoresOut(Schema):
    need_id: int
    matrix_score: float | None
    scores: list[PlanScoreItem]


class PlanRankedOut(Schema):
    rank: int
    need_id: int
    title: str
    matrix_score: float | None
    votes: int = Field(description="all votes, or the group's when a group is asked")
    vote_score: float = Field(description="100 × votes ÷ the most votes of any open need")
    priority: float = Field(description="(s × matrix score + (100 − s) × vote score) ÷ 100, s the matrix share")
    fully_scored: bool


class PlanAlignmentOut(Schema):
    id: int
    framework: FrameworkCode
    code: str
    name: str
    name_ar: str
    name_en: str


class PlanCategoryOut(Schema):
    id: int
    code: str
    name: str
    name_ar: str
    name_en: str
    axis: str | None = Field(description="development axis code")


class PlanGoalOut(Schema):
    id: int
    plan_id: int
    title: str
    title_ar: str
    title_en: str
    description_ar: str
    description_en: str
    position: int
    progress: float | None
    need_ids: list[int]
    alignments: list[PlanAlignmentOut]


class PlanActionOut(Schema):
    id: int
    plan_id: int
    goal_id: int
    title: str
    title_ar: str
    title_en: str
    description_ar: str
    description_en: str
    lead_organization: Ref
    partners: list[Ref]
    initiatives: list[Ref]
    budget: str | None = Field(description="a decimal with two places")
    currency: str
    funding_source: FundingCode
    start_date: datetime.date | None
    end_date: datetime.date | None
    status: ActionStatusCode
    position: int
    progress: float | None
    need_id: int | None
    replicated_from_id: int | None
    may_report: bool


class PlanRatingOut(Schema):
    goal_id: int
    rating: RatingCode
    comment: str


class PlanReviewOut(Schema):
    id: int
    plan_id: int
    kind: ReviewKindCode
    held_on: datetime.date
    event_id: int | None
    findings_ar: str
    decisions_ar: str
    opens_revision: bool
    plan_version: int
    ratings: list[PlanRatingOut]


class PlanRiskOut(Schema):
    id: int
    plan_id: int
    action_id: int | None
    initiative_id: int | None
    title: str
    description: str
    category: RiskCategoryCode
    likelihood: int
    impact: int
    score: int = Field(description="likelihood × impact")
    level: RiskLevelCode
    owner: str
    mitigation: str
    contingency: str
    status: RiskStatusCode
    review_date: datetime.date | None
    is_overdue: bool


class PlanHeatMapOut(Schema):
    rows: list[list[int]] = Field(description="open risks counted by impact (rows, 5 first) and likelihood "
                                              "(columns, 1 first)")
    open_risks: int


# ---------------------------------------------------------------- filters


class PlanFilters(Schema):
    region: int | None = FILTER_ID
    city: int | None = FILTER_ID
    organization: int | None = FILTER_ID
    status: PlanStatusCode | None = None
    year: int | None = Field(None, ge=2000, le=2100, description="plans covering that year")
    q: str | None = Field(None, max_length=200, description="words of the title (Arabic normalised)")


class PlanNeedFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Arabic-normalised search of the title and description")
    category: int | None = FILTER_ID
    neighbourhood: int | None = FILTER_ID
    status: NeedStatusCode | None = Field(None, description="open by default")
    sort: Literal["votes", "recent", "matrix"] = "votes"


class PlanPriorityFilters(Schema):
    group: GroupCode | None = Field(None, description="rank by one participant group's votes")


class PlanActionFilters(Schema):
    goal: int | None = FILTER_ID
    status: ActionStatusCode | None = None


class PlanRiskFilters(Schema):
    status: RiskStatusCode | None = None
    action: int | None = FILTER_ID


class PlanDiffParams(Schema):
    a: int | None = Field(None, ge=1, le=10_000, description="a version number; the last approved one if left out")
    b: int | None = Field(None, ge=1, le=10_000, description="another version; the plan as it reads now if left out")


# ---------------------------------------------------------------- requests


class PlanFields(ChangeSchema):
    title_en: str | None = text(250, default=None, json_schema_extra=not_null)
    summary_ar: str | None = text(4000, default=None, json_schema_extra=not_null)
    summary_en: str | None = text(4000, default=None, json_schema_extra=not_null)
    city_id: BodyId | None = Field(None, description="null for the whole region")
    consultation_closes_on: BodyDate | None = None
    matrix_share: Share | None = Field(None, json_schema_extra=not_null)
    neighbourhood_ids: IdList | None = Field(None, json_schema_extra=not_null,
                                             description="neighbourhoods of the city")


class PlanCreate(PlanFields):
    organization_id: BodyId = Field(description="the owning authority (you are its admin or editor)")
    title_ar: str = text(250, 5)
    region_id: BodyId
    start_year: Year
    end_year: Year


class PlanPatch(PlanFields):
    title_ar: str | None = text(250, 5, default=None, json_schema_extra=not_null)
    region_id: BodyId | None = Field(None, json_schema_extra=not_null)
    start_year: Year | None = Field(None, json_schema_extra=not_null)
    end_year: Year | None = Field(None, json_schema_extra=not_null)
    vision_ar: str | None = text(4000, default=None, json_schema_extra=not_null)
    vision_en: str | None = text(4000, default=None, json_schema_extra=not_null)
    partner_ids: IdList | None = Field(None, json_schema_extra=not_null, description="partner organisations")


class PlanMoveIn(BodySchema):
    target: PlanStatusCode
    note: str = text(4000, default="", description="what changed (kept with an approved version)")


class PlanNeedFields(ChangeSchema):
    people_affected: People | None = None
    group: GroupCode | None = Field(None, json_schema_extra=not_null, description="the submitter's group")
    neighbourhood_id: BodyId | None = None


class PlanNeedCreate(PlanNeedFields):
    category_id: BodyId
    title: str = text(200, 5)
    description: str = text(4000, 10)
    source: Literal["study", "coordinator"] | None = Field(
        None, json_schema_extra=not_null, description="the plan's team only: where the need comes from")


class PlanNeedPatch(PlanNeedFields):
    category_id: BodyId | None = Field(None, json_schema_extra=not_null)
    title: str | None = text(200, 5, default=None, json_schema_extra=not_null)
    description: str | None = text(4000, 10, default=None, json_schema_extra=not_null)


class PlanNeedStatusIn(BodySchema):
    status: Literal["open", "rejected"]
    reason: str = text(500, default="", description="why it is not retained (at least 3 characters then)")


class PlanMergeIn(BodySchema):
    into_id: BodyId = Field(description="the need of the same plan this one duplicates")


class PlanVoteIn(BodySchema):
    group: GroupCode = Field("other", description="your participant group")


class PlanCriterionFields(ChangeSchema):
    name_en: str | None = text(120, default=None, json_schema_extra=not_null)
    guidance_ar: str | None = text(500, default=None, json_schema_extra=not_null)
    guidance_en: str | None = text(500, default=None, json_schema_extra=not_null)
    position: Position | None = Field(None, json_schema_extra=not_null)


class PlanCriterionCreate(PlanCriterionFields):
    name_ar: str = text(120, 2)
    weight: Weight


class PlanCriterionPatch(PlanCriterionFields):
    name_ar: str | None = text(120, 2, default=None, json_schema_extra=not_null)
    weight: Weight | None = Field(None, json_schema_extra=not_null)


class PlanScoreIn(BodySchema):
    criterion_id: BodyId
    score: CriterionScore


class PlanScoresIn(BodySchema):
    scores: list[PlanScoreIn] = Field(max_length=12)


class PlanGoalFields(ChangeSchema):
    title_en: str | None = text(250, default=None, json_schema_extra=not_null)
    description_ar: str | None = text(4000, default=None, json_schema_extra=not_null)
    description_en: str | None = text(4000, default=None, json_schema_extra=not_null)
    position: Position | None = Field(None, json_schema_extra=not_null)
    need_ids: IdList | None = Field(None, json_schema_extra=not_null, description="needs of the plan it answers")
    alignment_ids: IdList | None = Field(None, json_schema_extra=not_null, description="objectives it aligns with")


class PlanGoalCreate(PlanGoalFields):
    title_ar: str = text(250, 5)


class PlanGoalPatch(PlanGoalFields):
    title_ar: str | None = text(250, 5, default=None, json_schema_extra=not_null)


class PlanActionFields(ChangeSchema):
    title_en: str | None = text(250, default=None, json_schema_extra=not_null)
    description_ar: str | None = text(8000, default=None, json_schema_extra=not_null)
    description_en: str | None = text(8000, default=None, json_schema_extra=not_null)
    budget: Money | None = None
    currency: Currency | None = Field(None, json_schema_extra=not_null)
    funding_source: FundingCode | None = Field(None, json_schema_extra=not_null)
    start_date: BodyDate | None = None
    end_date: BodyDate | None = None
    status: ActionStatusCode | None = Field(None, json_schema_extra=not_null)
    position: Position | None = Field(None, json_schema_extra=not_null)
    need_id: BodyId | None = None
    partner_ids: IdList | None = Field(None, json_schema_extra=not_null)
    initiative_ids: IdList | None = Field(None, json_schema_extra=not_null, description="linked initiatives")


class PlanActionCreate(PlanActionFields):
    title_ar: str = text(250, 5)
    lead_organization_id: BodyId


class PlanActionPatch(PlanActionFields):
    title_ar: str | None = text(250, 5, default=None, json_schema_extra=not_null)
    lead_organization_id: BodyId | None = Field(None, json_schema_extra=not_null)
    goal_id: BodyId | None = Field(None, json_schema_extra=not_null, description="move it under another goal")


class PlanActionReportIn(BodySchema):
    status: ActionStatusCode


class PlanReplicateIn(BodySchema):
    initiative_id: BodyId = Field(description="a published initiative to replicate")
    goal_id: BodyId = Field(description="the goal of the plan the new action serves")


class PlanRatingIn(BodySchema):
    goal_id: BodyId
    rating: RatingCode
    comment: str = text(1000, default="")


class PlanReviewFields(ChangeSchema):
    decisions_ar: str | None = text(8000, default=None, json_schema_extra=not_null)
    opens_revision: BodyBool | None = Field(None, json_schema_extra=not_null)
    ratings: list[PlanRatingIn] | None = Field(None, max_length=40, json_schema_extra=not_null)


class PlanReviewCreate(PlanReviewFields):
    kind: ReviewKindCode
    held_on: BodyDate
    findings_ar: str = text(8000, 10)


class PlanReviewPatch(PlanReviewFields):
    kind: ReviewKindCode | None = Field(None, json_schema_extra=not_null)
    held_on: BodyDate | None = Field(None, json_schema_extra=not_null)
    findings_ar: str | None = text(8000, 10, default=None, json_schema_extra=not_null)


class PlanRiskFields(ChangeSchema):
    description: str | None = text(4000, default=None, json_schema_extra=not_null)
    mitigation: str | None = text(4000, default=None, json_schema_extra=not_null)
    contingency: str | None = text(4000, default=None, json_schema_extra=not_null)
    status: RiskStatusCode | None = Field(None, json_schema_extra=not_null)
    review_date: BodyDate | None = None
    action_id: BodyId | None = Field(None, description="an action of the plan")
    initiative_id: BodyId | None = Field(None, description="an initiative linked to one of the plan's actions")


class PlanRiskCreate(PlanRiskFields):
    title: str = text(250, 3)
    category: RiskCategoryCode
    likelihood: Scale
    impact: Scale
    owner: str = text(200, 2)


class PlanRiskPatch(PlanRiskFields):
    title: str | None = text(250, 3, default=None, json_schema_extra=not_null)
    category: RiskCategoryCode | None = Field(None, json_schema_extra=not_null)
    likelihood: Scale | None = Field(None, json_schema_extra=not_null)
    impact: Scale | None = Field(None, json_schema_extra=not_null)
    owner: str | None = text(200, 2, default=None, json_schema_extra=not_null)


class PlanSuggestionOut(Schema):
    """A proven initiative from another region for a need (selectors.suggestions_for_need)."""

    id: int
    title: str
    summary: str
    region: str
    lead_organization: str
    is_success_story: bool
    replication_count: int
    similarity: float = Field(description="text relevance 0…1, plus 0.5 when the initiative shares the need's axis")
    shares_axis: bool
