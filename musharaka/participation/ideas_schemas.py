"""Shapes of the processes, phases, ideas and comments API (every name starts with Participation…: ninja names schemas
by class name alone). Texts state in their pattern what the services enforce (core.text.clean_text)."""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from musharaka.core.schemas import BodyBool, BodyDateTime, BodyId, BodySchema, Ref, json_number, not_null
from musharaka.partnerships.schemas import ChangeSchema, text

from .models import ANSWER_TEXT_MAX_LENGTH, BODY_MAX_LENGTH, COMMENT_MAX_LENGTH, TITLE_MAX_LENGTH

ProcessStatusCode = Literal["draft", "published", "archived"]
PhaseCode = Literal["information", "ideas", "consultation", "voting", "implementation", "evaluation"]
IdeaStateCode = Literal["open", "considering", "accepted", "rejected", "initiative", "merged"]
AnswerCode = Literal["considering", "accepted", "rejected", "initiative"]
VisibilityCode = Literal["pending", "visible", "hidden"]
GroupCode = Literal["youth", "women", "elders", "organisations", "other"]
FILTER_ID = Field(None, ge=1, le=2**31 - 1)
Latitude = Annotated[float, Field(ge=-90, le=90), BeforeValidator(json_number)]
Longitude = Annotated[float, Field(ge=-180, le=180), BeforeValidator(json_number)]
IdList = Annotated[list[BodyId], Field(max_length=200)]


# ---------------------------------------------------------------- processes and phases


class ParticipationPhaseOut(Schema):
    id: int
    kind: PhaseCode
    name: str = Field(description="the phase's name in the asked language")
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    description_ar: str
    description_en: str
    in_force: bool


class ParticipationProcessItem(Schema):
    id: int
    title: str = Field(description="in the asked language")
    title_ar: str
    title_en: str
    summary: str
    status: ProcessStatusCode
    organization: Ref
    region: Ref
    city: Ref | None
    axis: Ref | None
    phase: PhaseCode | None = Field(description="the phase in force now")
    idea_count: int
    comment_count: int
    follower_count: int


class ParticipationProcessOut(ParticipationProcessItem):
    summary_ar: str
    summary_en: str
    description_ar: str
    description_en: str
    premoderation: bool
    neighbourhoods: list[Ref]
    phases: list[ParticipationPhaseOut]
    can: dict[str, bool] = Field(description="what the caller may do now")


class ParticipationProcessFilters(Schema):
    region: int | None = FILTER_ID
    city: int | None = FILTER_ID
    axis: int | None = FILTER_ID
    organization: int | None = FILTER_ID
    status: ProcessStatusCode | None = None
    phase: PhaseCode | None = Field(None, description="the phase in force now")
    q: str | None = Field(None, max_length=200, description="Arabic-normalised search of the titles and summaries")


class _ProcessFields(ChangeSchema):
    title_en: str | None = text(TITLE_MAX_LENGTH, default=None, json_schema_extra=not_null)
    summary_ar: str | None = text(500, default=None, json_schema_extra=not_null)
    summary_en: str | None = text(500, default=None, json_schema_extra=not_null)
    description_ar: str | None = text(BODY_MAX_LENGTH, default=None, json_schema_extra=not_null)
    description_en: str | None = text(BODY_MAX_LENGTH, default=None, json_schema_extra=not_null)
    axis_id: BodyId | None = None
    city_id: BodyId | None = None
    neighbourhood_ids: IdList | None = Field(None, json_schema_extra=not_null)
    premoderation: BodyBool | None = Field(None, json_schema_extra=not_null)


class ParticipationProcessCreate(_ProcessFields):
    organization_id: BodyId = Field(description="the organisation running it (you are its admin or editor)")
    title_ar: str = text(TITLE_MAX_LENGTH, 1)
    region_id: BodyId


class ParticipationProcessPatch(_ProcessFields):
    title_ar: str | None = text(TITLE_MAX_LENGTH, 1, default=None, json_schema_extra=not_null)
    region_id: BodyId | None = Field(None, json_schema_extra=not_null)


class ParticipationStatusIn(BodySchema):
    status: ProcessStatusCode


class ParticipationPhaseCreate(BodySchema):
    kind: PhaseCode
    starts_at: BodyDateTime
    ends_at: BodyDateTime = Field(description="after starts_at")
    description_ar: str = text(2_000, default="")
    description_en: str = text(2_000, default="")


class ParticipationPhasePatch(ChangeSchema):
    kind: PhaseCode | None = Field(None, json_schema_extra=not_null)
    starts_at: BodyDateTime | None = Field(None, json_schema_extra=not_null)
    ends_at: BodyDateTime | None = Field(None, description="after the start (sent or stored)",
                                         json_schema_extra=not_null)
    description_ar: str | None = text(2_000, default=None, json_schema_extra=not_null)
    description_en: str | None = text(2_000, default=None, json_schema_extra=not_null)


# ---------------------------------------------------------------- ideas


class ParticipationIdeaItem(Schema):
    id: int
    process_id: int
    title: str
    state: IdeaStateCode
    visibility: VisibilityCode
    neighbourhood: Ref | None
    axis: Ref | None
    group: GroupCode
    support_count: int
    comment_count: int
    supported_by_me: bool
    created_at: datetime.datetime


class ParticipationIdeaOut(ParticipationIdeaItem):
    description: str
    latitude: float | None
    longitude: float | None
    image_url: str | None
    answer_text: str
    answered_at: datetime.datetime | None
    initiative_id: int | None
    merged_into_id: int | None
    mine: bool
    can: dict[str, bool]


class ParticipationIdeaFilters(Schema):
    neighbourhood: int | None = FILTER_ID
    axis: int | None = FILTER_ID
    state: IdeaStateCode | None = None
    q: str | None = Field(None, max_length=200, description="Arabic-normalised search of the title and description")
    sort: Literal["recent", "supported"] = "recent"


class ParticipationIdeaCreate(BodySchema):
    title: str = text(TITLE_MAX_LENGTH, 5)
    description: str = text(BODY_MAX_LENGTH, 10)
    axis_id: BodyId | None = None
    neighbourhood_id: BodyId | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    group: GroupCode = "other"


class ParticipationIdeaPatch(ChangeSchema):
    title: str | None = text(TITLE_MAX_LENGTH, 5, default=None, json_schema_extra=not_null)
    description: str | None = text(BODY_MAX_LENGTH, 10, default=None, json_schema_extra=not_null)
    axis_id: BodyId | None = None
    neighbourhood_id: BodyId | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    group: GroupCode | None = Field(None, json_schema_extra=not_null)


class ParticipationSupportIn(BodySchema):
    group: GroupCode = "other"


class ParticipationSupportOut(Schema):
    idea_id: int
    supported: bool
    support_count: int


class ParticipationAnswerIn(BodySchema):
    state: AnswerCode
    text: str = text(ANSWER_TEXT_MAX_LENGTH, default="", description="required (10 characters) for a rejection")


class ParticipationSimilarParams(Schema):
    process: int = Field(ge=1, le=2**31 - 1)
    q: str = Field("", max_length=600, description="the title (and description) being typed")


class ParticipationSimilarOut(Schema):
    id: int
    title: str
    support_count: int
    similarity: float


# ---------------------------------------------------------------- comments


class ParticipationCommentOut(Schema):
    id: int
    idea_id: int
    parent_id: int | None
    depth: int
    author: str
    body: str
    group: GroupCode
    visibility: VisibilityCode
    is_official: bool
    created_at: datetime.datetime


class ParticipationCommentCreate(BodySchema):
    body: str = text(COMMENT_MAX_LENGTH, 2)
    parent_id: BodyId | None = None
    group: GroupCode = "other"
