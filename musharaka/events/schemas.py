"""Shapes of the events API (names prefixed Event… : ninja names schemas by class name alone)."""

import datetime
from typing import Literal

from ninja import Field, Schema

from musharaka.core.schemas import BodyDate, BodyId, BodySchema, CodeRef, NonBlankText, Ref, Text, not_null

from .models import PHONE_PATTERN, QUESTION_MAX_LENGTH, QUESTION_PATTERN

KindCode = Literal["forum", "workshop", "meeting", "training", "exhibition", "award_ceremony"]
AudienceCode = Literal["authority", "government", "nonprofit", "private", "academic_expert", "public"]
ID = Field(None, ge=1, le=2**31 - 1)


class EventFilters(Schema):
    q: str = Field("", description="Arabic-normalised search", max_length=200)
    kind: KindCode | None = None
    region: int | None = Field(None, ge=1, le=2**31 - 1, description="region id")
    city: int | None = Field(None, ge=1, le=2**31 - 1, description="city id")
    axis: str = Field("", max_length=40, description="development axis code (taxonomy)")
    when: Literal["upcoming", "past"] | None = Field(None, description="upcoming (not yet ended) or past")
    organization: int | None = Field(None, ge=1, le=2**31 - 1, description="organiser id")


class EventOrganizationRef(Ref):
    sector: str


class EventAxisRef(Schema):
    code: str
    name: str


class EventListItem(Schema):
    id: int
    title: str
    title_ar: str
    title_en: str
    kind: str
    edition: int | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue: str
    organization: EventOrganizationRef
    region: CodeRef
    city: Ref | None
    axes: list[EventAxisRef]
    patron_name: str
    patron_title: str
    capacity: int | None
    confirmed_count: int
    waiting_count: int
    seats_left: int | None = Field(description="null when the event has no capacity limit")
    registration_open: bool
    is_published: bool


class EventAudienceOut(Schema):
    category: str
    name: str
    quota: int | None
    confirmed_count: int
    waiting_count: int
    seats_left: int | None


class EventGuestOut(Schema):
    name: str
    title: str


class EventSeriesOut(Schema):
    id: int
    name: str


class EventOut(EventListItem):
    description_ar: str
    description_en: str
    series: EventSeriesOut | None
    co_organizers: list[EventOrganizationRef]
    sponsors: list[EventOrganizationRef]
    guests: list[EventGuestOut]
    audiences: list[EventAudienceOut]
    requires_approval: bool
    cover_url: str | None
    agenda_url: str


class EventSpeakerOut(Schema):
    id: int
    name: str
    name_ar: str
    name_en: str
    title: str
    organization_name: str
    bio: str
    photo_url: str | None


class EventSessionPerson(Schema):
    id: int
    name: str
    role: str


class EventSessionOut(Schema):
    id: int
    kind: str
    title: str
    abstract: str
    day: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    track: str
    room: str
    capacity: int | None
    confirmed_count: int
    people: list[EventSessionPerson]


class EventAgendaDay(Schema):
    day: datetime.date
    sessions: list[EventSessionOut]


class RegistrationIn(BodySchema):
    category: AudienceCode
    phone: str = Field("", max_length=32, pattern=PHONE_PATTERN)


class RegistrationOut(Schema):
    id: int
    event_id: int
    category: str
    status: str
    created_at: datetime.datetime


# ---------------------------------------------------------------- part 6: audience questions


class EventQuestionIn(BodySchema):
    text: str = Field(max_length=QUESTION_MAX_LENGTH, pattern=QUESTION_PATTERN,
                      description="at least 5 characters other than spaces; no control characters")
    anonymous: bool = Field(False, description="hide your name from the audience (the moderator still sees it)")


class EventQuestionModerateIn(BodySchema):
    action: Literal["approve", "answer", "hide"]


class EventQuestionOut(Schema):
    id: int
    session_id: int
    text: str
    status: str
    vote_count: int
    asker: str = Field(description="empty when the question was asked anonymously")
    created_at: datetime.datetime


# ---------------------------------------------------------------- check-in and attendance (part 4)

CheckInOutcome = Literal["checked_in", "already_checked_in", "not_registered", "waiting", "cancelled",
                         "not_confirmed", "no_session_seat"]


class EventCheckInIn(BodySchema):
    code: NonBlankText = Field(max_length=200, description="the ticket's code, or the scanned ticket URL")
    session: BodyId | None = Field(None, description="a session with its own seats; empty: the event's entrance",
                                   json_schema_extra=not_null)


class EventCheckInOut(Schema):
    outcome: CheckInOutcome
    admitted: bool
    message: str
    checked_in_at: datetime.datetime | None
    registration_id: int | None
    name: str | None
    category: str | None


class EventAttendanceSession(Schema):
    id: int
    title: str
    checked_in: int
    by_category: dict[str, int]


class EventAttendanceOut(Schema):
    event_id: int
    checked_in: int
    confirmed: int
    by_category: dict[str, int]
    sessions: list[EventAttendanceSession]


# ---------------------------------------------------------------- recommendations (deliverable 8)

RecommendationStatusCode = Literal["proposed", "adopted", "in_progress", "done", "dropped"]


class EventRecommendationFilters(Schema):
    region: int | None = Field(None, ge=1, le=2**31 - 1, description="region id (the event's)")
    axis: str = Field("", max_length=40, description="development axis code (taxonomy)")
    status: RecommendationStatusCode | None = None
    organization: int | None = Field(None, ge=1, le=2**31 - 1, description="responsible organisation id")
    overdue: bool = Field(False, description="only those due before today and not done or dropped")


class EventRecommendationEventRef(Schema):
    id: int
    title: str


class EventRecommendationOut(Schema):
    id: int
    number: int
    text: str
    text_ar: str
    text_en: str
    status: str
    due_date: datetime.date | None
    overdue: bool = Field(description="due before today and still open (proposed, adopted or in progress)")
    updates_count: int
    event: EventRecommendationEventRef
    organization: Ref
    axis: EventAxisRef | None
    region: Ref
    url: str


class EventRecommendationIn(BodySchema):
    text_ar: NonBlankText = Field(max_length=4000)
    text_en: Text = Field("", max_length=4000)
    organization: BodyId = Field(description="the responsible organisation's id")
    axis: Text = Field("", max_length=40, description="development axis code (taxonomy); empty for none")
    due_date: BodyDate | None = None


class EventRecommendationUpdateIn(BodySchema):
    text: NonBlankText = Field(max_length=4000, description="what was done; the reason when the status changes")
    status: RecommendationStatusCode | None = Field(None, description="the new status, if it changes")
    date: BodyDate | None = Field(None, description="the day of the update (default today; not in the future)")


class EventRecommendationUpdateOut(Schema):
    id: int
    recommendation_id: int
    date: datetime.date
    text: str
    old_status: str
    new_status: str
    status: str = Field(description="the recommendation's status after the update")


# ---------------------------------------------------------------- attendance certificates (part 5)


class EventCertificateOut(Schema):
    """What a certificate prints, as its public verification shows it (and whether it was revoked)."""

    code: str = Field(description="XXXX-XXXX-XXXX-XXXX")
    valid: bool = Field(description="false when the organiser revoked it")
    name: str
    event_title: str
    event_title_ar: str
    event_title_en: str
    session_title: str = Field(description="empty when the certificate is for the whole event")
    organization_name: str
    starts_on: datetime.date
    ends_on: datetime.date
    hours: float | None = Field(description="null when the hours are not stated (several days without an agenda)")
    days: int
    issued_on: datetime.date
    revoked_on: datetime.date | None
