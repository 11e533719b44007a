"""Shapes of the volunteering API (every name starts with Volunteering…: ninja names schemas by class name alone).

Hours and values of an hour travel as decimal strings ("2.5"), exactly as kept; their patterns state what the services
take: hours in quarters from 0.25 to 24, a value of an hour above zero with two places at most. What no schema can
state (a shift within its opportunity's dates, a date not in the future, a city of the region) the services refuse
with a 422 naming the field; what the record's state refuses (a full shift, a draft to close) is a 409.
"""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from musharaka.core.schemas import BodyBool, BodyDate, BodyId, BodySchema, NamedOut, Ref, json_number, not_null
from musharaka.partnerships.schemas import ChangeSchema, text

from .models import (
    ANSWER_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    MAX_SHIFT_CAPACITY,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)

# Written out for the document; tests check they match the models' choices.
OpportunityStatusCode = Literal["draft", "published", "closed", "cancelled"]
ApplicationStatusCode = Literal["pending", "accepted", "waitlisted", "declined", "withdrawn"]
EntryStatusCode = Literal["pending", "verified", "rejected"]
DecisionCode = Literal["accept", "waitlist", "decline"]
StatisticsGroupCode = Literal["region", "organization", "axis", "year"]
CurrencyCode = Literal["SAR", "SYP", "USD", "EUR"]
BasisCode = Literal["regional", "national", "mixed", "none"]

# Quarters of an hour from 0.25 to 24 (services._clean_entry).
Hours = Annotated[str, Field(pattern=r"^(?:24(?:[.]0{1,2})?|0[.](?:25|50?|75)|(?:[1-9]|1[0-9]|2[0-3])(?:[.](?:00?|25|50?|75))?)$",
                             examples=["3", "2.5", "0.25"])]
Amount = Annotated[str, Field(pattern=r"^(?:[1-9][0-9]{0,4}(?:[.][0-9]{1,2})?|0[.](?:0[1-9]|[1-9][0-9]?)|100000"
                                      r"(?:[.]0{1,2})?)$", examples=["45", "60.5"])]
Capacity = Annotated[int, Field(ge=1, le=MAX_SHIFT_CAPACITY), BeforeValidator(json_number)]
Age = Annotated[int, Field(ge=0, le=99), BeforeValidator(json_number)]
Position = Annotated[int, Field(ge=0, le=32767), BeforeValidator(json_number)]
Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9-]+$")]


# ---------------------------------------------------------------- filters


class VolunteeringOpportunityFilters(Schema):
    q: str = Field("", max_length=200, description="Arabic-normalised search of titles, descriptions, organisation")
    region: int | None = Field(None, ge=1, le=2**31 - 1)
    city: int | None = Field(None, ge=1, le=2**31 - 1)
    neighbourhood: int | None = Field(None, ge=1, le=2**31 - 1)
    axis: int | None = Field(None, ge=1, le=2**31 - 1)
    skill: int | None = Field(None, ge=1, le=2**31 - 1)
    organization: int | None = Field(None, ge=1, le=2**31 - 1)
    open: bool = Field(False, description="only opportunities with seats left")


class VolunteeringApplicationFilters(Schema):
    shift: int | None = Field(None, ge=1, le=2**31 - 1)
    status: ApplicationStatusCode | None = None


class VolunteeringEntryFilters(Schema):
    status: EntryStatusCode | None = None


class VolunteeringQueueFilters(Schema):
    opportunity: int | None = Field(None, ge=1, le=2**31 - 1)
    shift: int | None = Field(None, ge=1, le=2**31 - 1)


class VolunteeringStatisticsFilters(Schema):
    by: StatisticsGroupCode = "region"
    year: int | None = Field(None, ge=1900, le=2100)
    region: int | None = Field(None, ge=1, le=2**31 - 1)
    organization: int | None = Field(None, ge=1, le=2**31 - 1)
    axis: int | None = Field(None, ge=1, le=2**31 - 1)
    page: int = Field(1, ge=1, le=100_000, description="organisations: 1-based page of 20 (the most hours first)")


# ---------------------------------------------------------------- opportunities


class VolunteeringOpportunityRow(Schema):
    id: int
    title: str
    title_ar: str
    title_en: str
    status: str
    starts_on: datetime.date
    ends_on: datetime.date
    minimum_age: int
    seats_left: int
    organization: Ref
    region: Ref
    city: Ref | None
    neighbourhood: Ref | None


class VolunteeringShiftOut(Schema):
    id: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    accepted_count: int
    waitlist_count: int
    seats_left: int


class VolunteeringQuestionOut(Schema):
    id: int
    position: int
    text: str
    text_ar: str
    text_en: str
    required: bool


class VolunteeringOpportunityOut(VolunteeringOpportunityRow):
    description: str
    description_ar: str
    description_en: str
    axis: Ref | None
    skills: list[NamedOut]
    auto_accept: bool
    initiative: Ref | None
    event: Ref | None
    published_at: datetime.datetime | None
    pending_count: int | None = Field(description="applications awaiting a decision (its staff only)")
    shifts: list[VolunteeringShiftOut]
    questions: list[VolunteeringQuestionOut]
    may_change: bool


class VolunteeringQuestionIn(BodySchema):
    text_ar: Annotated[str, text(300, 2)]
    text_en: Annotated[str, text(300)] = ""
    required: BodyBool = False


class VolunteeringOpportunityCreate(BodySchema):
    title_ar: Annotated[str, text(TITLE_MAX_LENGTH, 2)]
    title_en: Annotated[str, text(TITLE_MAX_LENGTH)] = ""
    description_ar: Annotated[str, text(DESCRIPTION_MAX_LENGTH, 2)]
    description_en: Annotated[str, text(DESCRIPTION_MAX_LENGTH)] = ""
    region_id: BodyId | None = Field(None, description="required unless the city or neighbourhood gives it")
    city_id: BodyId | None = Field(None, description="a city of the region")
    neighbourhood_id: BodyId | None = Field(None, description="a neighbourhood of the city")
    axis_id: BodyId | None = None
    initiative_id: BodyId | None = Field(None, description="an initiative the organisation leads")
    event_id: BodyId | None = Field(None, description="an event the organisation organises")
    starts_on: BodyDate
    ends_on: BodyDate = Field(description="on or after starts_on")
    minimum_age: Age = 0
    auto_accept: BodyBool = False
    skill_ids: list[BodyId] = Field(default_factory=list, max_length=30)
    questions: list[VolunteeringQuestionIn] = Field(default_factory=list, max_length=20)


class VolunteeringOpportunityPatch(ChangeSchema):
    title_ar: Annotated[str, text(TITLE_MAX_LENGTH, 2)] | None = Field(None, json_schema_extra=not_null)
    title_en: Annotated[str, text(TITLE_MAX_LENGTH)] | None = Field(None, json_schema_extra=not_null)
    description_ar: Annotated[str, text(DESCRIPTION_MAX_LENGTH, 2)] | None = Field(None, json_schema_extra=not_null)
    description_en: Annotated[str, text(DESCRIPTION_MAX_LENGTH)] | None = Field(None, json_schema_extra=not_null)
    region_id: BodyId | None = Field(None, json_schema_extra=not_null)
    city_id: BodyId | None = None
    neighbourhood_id: BodyId | None = None
    axis_id: BodyId | None = None
    initiative_id: BodyId | None = None
    event_id: BodyId | None = None
    starts_on: BodyDate | None = Field(None, json_schema_extra=not_null)
    ends_on: BodyDate | None = Field(None, json_schema_extra=not_null)
    minimum_age: Age | None = Field(None, json_schema_extra=not_null)
    auto_accept: BodyBool | None = Field(None, json_schema_extra=not_null)
    skill_ids: list[BodyId] | None = Field(None, max_length=30, json_schema_extra=not_null)


class VolunteeringQuestionPatch(ChangeSchema):
    text_ar: Annotated[str, text(300, 2)] | None = Field(None, json_schema_extra=not_null)
    text_en: Annotated[str, text(300)] | None = Field(None, json_schema_extra=not_null)
    required: BodyBool | None = Field(None, json_schema_extra=not_null)
    position: Position | None = Field(None, json_schema_extra=not_null)


class VolunteeringShiftIn(BodySchema):
    title: Annotated[str, text(200)] = ""
    starts_at: datetime.datetime = Field(description="on a day of the opportunity's dates")
    ends_at: datetime.datetime = Field(description="after starts_at")
    capacity: Capacity


class VolunteeringShiftPatch(ChangeSchema):
    title: Annotated[str, text(200)] | None = Field(None, json_schema_extra=not_null)
    starts_at: datetime.datetime | None = Field(None, json_schema_extra=not_null)
    ends_at: datetime.datetime | None = Field(None, json_schema_extra=not_null)
    capacity: Capacity | None = Field(None, json_schema_extra=not_null,
                                      description="never below the volunteers already accepted (409)")


# ---------------------------------------------------------------- applications


class VolunteeringAnswerIn(BodySchema):
    question_id: BodyId
    text: Annotated[str, text(ANSWER_MAX_LENGTH)]


class VolunteeringApplicationIn(BodySchema):
    message: Annotated[str, text(ANSWER_MAX_LENGTH)] = ""
    answers: list[VolunteeringAnswerIn] = Field(default_factory=list, max_length=20,
                                                description="answers to the opportunity's questions (required "
                                                            "ones must be answered)")
    birth_date: BodyDate | None = Field(None, description="required when the opportunity has a minimum age")


class VolunteeringAnswerOut(Schema):
    question_id: int
    question: str
    text: str


class VolunteeringApplicationOut(Schema):
    id: int
    opportunity: Ref
    shift: VolunteeringShiftOut
    volunteer: Ref | None = Field(description="the applicant (shown to the opportunity's staff and to themselves)")
    status: str
    message: str
    answers: list[VolunteeringAnswerOut]
    decline_reason: str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None


class VolunteeringDecisionIn(BodySchema):
    decision: DecisionCode
    reason: Annotated[str, text(REASON_MAX_LENGTH)] = ""


# ---------------------------------------------------------------- hours


class VolunteeringHoursIn(BodySchema):
    date: BodyDate = Field(description="today or before, within the opportunity's dates")
    hours: Hours
    activity: Annotated[str, text(300)] = Field("", description="required when no shift is named")
    shift_id: BodyId | None = Field(None, description="a shift of the opportunity")


class VolunteeringHoursPatch(ChangeSchema):
    date: BodyDate | None = Field(None, json_schema_extra=not_null)
    hours: Hours | None = Field(None, json_schema_extra=not_null)
    activity: Annotated[str, text(300)] | None = Field(None, json_schema_extra=not_null)
    shift_id: BodyId | None = None


class VolunteeringEntryOut(Schema):
    id: int
    volunteer: Ref
    opportunity: Ref
    organization_id: int
    shift_id: int | None
    date: datetime.date
    hours: str
    activity: str
    status: str
    reject_reason: str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None


class VolunteeringRejectIn(BodySchema):
    reason: Annotated[str, text(REASON_MAX_LENGTH, 2)]


class VolunteeringVerifiedOut(Schema):
    verified: int


class VolunteeringProfileYear(Schema):
    year: int
    hours: str


class VolunteeringProfileOrganization(Schema):
    organization: Ref
    verified: str
    pending: str
    years: list[VolunteeringProfileYear]


class VolunteeringProfileOut(Schema):
    verified: str
    pending: str
    organizations: list[VolunteeringProfileOrganization]


# ---------------------------------------------------------------- certificates


class VolunteeringCertificateIn(BodySchema):
    organization_id: BodyId
    opportunity_id: BodyId | None = Field(None, description="one opportunity of the organisation, or all of them")
    volunteer_id: BodyId | None = Field(None, description="the organisation's staff issue for a volunteer; "
                                                          "left out: oneself")


class VolunteeringCertificateOut(Schema):
    id: int
    code: str
    volunteer_id: int
    organization_id: int
    opportunity_id: int | None
    name: str
    organization_name: str
    opportunity_title: str
    first_date: datetime.date
    last_date: datetime.date
    hours: str
    issued_at: datetime.datetime
    revoked: bool
    revoked_at: datetime.datetime | None
    revoked_reason: str
    verification_url: str


class VolunteeringVerificationOut(Schema):
    """What the paper shows, and whether it stands (the public verification answer)."""

    code: str
    valid: bool
    revoked: bool
    name: str
    organization_name: str
    opportunity_title: str
    first_date: datetime.date
    last_date: datetime.date
    hours: str
    issued_at: datetime.datetime


class VolunteeringRevokeIn(BodySchema):
    reason: Annotated[str, text(REASON_MAX_LENGTH, 2)]


# ---------------------------------------------------------------- statistics and values of an hour


class VolunteeringHourValueOut(Schema):
    id: int
    region: Ref | None = Field(description="None: the national value")
    amount: str
    currency: str
    basis: str
    basis_ar: str
    basis_en: str
    effective_from: datetime.date


class VolunteeringHourValueIn(BodySchema):
    region_id: BodyId | None = Field(None, description="left out: the national value")
    amount: Amount
    currency: CurrencyCode = "SAR"
    basis_ar: Annotated[str, text(300, 2)]
    basis_en: Annotated[str, text(300)] = ""
    effective_from: BodyDate


class VolunteeringMoney(Schema):
    currency: str
    amount: str


class VolunteeringStatisticsRow(Schema):
    key: int | None = Field(description="the region, organisation, axis id or the year (None: no axis)")
    label: str
    hours: str
    entries: int
    values: list[VolunteeringMoney]
    basis: BasisCode = Field(description="which value of an hour priced the hours: the region's, the national one, "
                                         "both (over several years or regions), or none set")


class VolunteeringStatisticsOut(Schema):
    by: str
    count: int
    page: int
    rows: list[VolunteeringStatisticsRow]
    total: VolunteeringStatisticsRow
    hour_values: list[VolunteeringHourValueOut]

