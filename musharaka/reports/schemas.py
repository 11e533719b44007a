"""Shapes of the reports API (every name starts with Report…: ninja names schemas by class name alone).

Coordinates travel as JSON numbers (decimal degrees, WGS84), kept to six places; a category is named by its code
(the Open311 service_code). The document states what the services enforce: lengths, ranges, patterns, the
statuses; what it cannot state (a city in its region, a transition the report's status allows) is a 422 or 409.
"""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from musharaka.core.schemas import BodyBool, BodyDate, BodyId, BodySchema, Ref
from musharaka.orgs.schemas import EMAIL_PATTERN, WEBSITE_PATTERN
from musharaka.partnerships.schemas import text

from .models import ADDRESS_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH

# Written out for the document; tests check they match the models' choices.
ReportStatusCode = Literal["submitted", "acknowledged", "in_progress", "resolved", "rejected", "duplicate"]
ReportSourceCode = Literal["web", "api", "open311"]
AttributeTypeCode = Literal["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]
CategoryCode = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[-a-zA-Z0-9_]+$",
                                    examples=["lighting"])]


def json_coordinate(value):
    """A coordinate of a JSON body: a number (24.7136), not "24.7" or true."""
    if isinstance(value, bool | str):
        from pydantic_core import PydanticCustomError

        raise PydanticCustomError("float_type", "Enter a number.")
    return value


Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False), BeforeValidator(json_coordinate)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False), BeforeValidator(json_coordinate)]
AttributeAnswer = Annotated[str, text(DESCRIPTION_MAX_LENGTH)] | Annotated[
    list[Annotated[str, text(200)]], Field(max_length=50)]
# What the services' URL and e-mail validators take, narrowed to what a schema can state (orgs' patterns), and the
# services' phone pattern.
MediaUrl = Annotated[str, Field(max_length=500, pattern=WEBSITE_PATTERN, examples=["https://example.org/photo.jpg"])]
Email = Annotated[str, Field(max_length=254, pattern=EMAIL_PATTERN)]
Phone = Annotated[str, Field(max_length=32, pattern=r"^(?:\+?[0-9][0-9 -]{4,30})?$", examples=["+966 50 123 4567"])]
# One line (the services refuse line breaks in an address).
OneLine = Annotated[str, Field(max_length=ADDRESS_MAX_LENGTH, pattern=r"^[^\x00-\x1f\x7f-\x9f]*$")]


# ---------------------------------------------------------------- categories


class ReportValueOut(Schema):
    key: str
    name: str


class ReportAttributeOut(Schema):
    code: str
    datatype: AttributeTypeCode
    required: bool
    description: str
    description_ar: str
    description_en: str
    values: list[ReportValueOut]


class ReportCategoryOut(Schema):
    id: int
    code: str
    name: str
    name_ar: str
    name_en: str
    description: str
    group: str
    allows_anonymous: bool
    attributes: list[ReportAttributeOut]


class ReportCategoryRef(Schema):
    id: int
    code: str
    name: str


# ---------------------------------------------------------------- reports


class ReportFilters(Schema):
    region: int | None = Field(None, ge=1, le=2**31 - 1)
    city: int | None = Field(None, ge=1, le=2**31 - 1)
    neighbourhood: int | None = Field(None, ge=1, le=2**31 - 1)
    category: CategoryCode | None = None
    status: ReportStatusCode | None = None


class ReportQueueFilters(Schema):
    status: ReportStatusCode | None = None
    category: CategoryCode | None = None
    neighbourhood: int | None = Field(None, ge=1, le=2**31 - 1)
    # YYYY-MM-DD only (pydantic alone would read 0 as 1970-01-01).
    since: BodyDate | None = Field(None, description="submitted on or after this day (YYYY-MM-DD)")
    until: BodyDate | None = Field(None, description="submitted on or before this day (YYYY-MM-DD)")


class ReportNearbyParams(Schema):
    category: CategoryCode
    latitude: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    longitude: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    neighbourhood: int | None = Field(None, ge=1, le=2**31 - 1)


class ReportRow(Schema):
    id: int
    category: ReportCategoryRef
    status: ReportStatusCode
    description: str
    region: Ref
    city: Ref | None
    neighbourhood: Ref | None
    latitude: float | None
    longitude: float | None
    address: str
    organization: Ref | None
    has_photo: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ReportNearbyOut(Schema):
    id: int
    status: ReportStatusCode
    description: str
    created_at: datetime.datetime
    latitude: float | None
    longitude: float | None
    neighbourhood: Ref | None
    distance_m: int | None = Field(description="metres from the point given (none without a point)")


class ReportUpdateOut(Schema):
    id: int
    status_from: ReportStatusCode | Literal[""]
    status_to: ReportStatusCode
    note: str
    created_at: datetime.datetime


class ReportContactOut(Schema):
    name: str
    email: str
    phone: str
    reporter_id: int | None


class ReportOut(ReportRow):
    status_note: str
    attributes: dict[str, str | list[str]]
    media_url: str
    photo_url: str | None
    anonymous: bool
    source: ReportSourceCode
    duplicate_of_id: int | None
    acknowledged_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    resolution_seconds: int | None
    contact: ReportContactOut | None = Field(description="only for those who handle the report, and the reporter")
    may_handle: bool
    timeline: list[ReportUpdateOut]


class ReportCreateIn(BodySchema):
    category: CategoryCode
    description: Annotated[str, text(DESCRIPTION_MAX_LENGTH, 5)]
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    address: OneLine = ""
    region_id: BodyId | None = None
    city_id: BodyId | None = None
    neighbourhood_id: BodyId | None = None
    media_url: MediaUrl = ""
    contact_name: Annotated[str, text(200)] = ""
    contact_email: Email = ""
    contact_phone: Phone = ""
    anonymous: BodyBool = False
    attributes: dict[Annotated[str, Field(max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")], AttributeAnswer] = Field(
        default_factory=dict, max_length=30, description="the category's attribute answers by code")


class ReportCreatedOut(ReportOut):
    token: str = Field(description="the reporter's private link (shown once, to the reporter)")
    track_url: str


class ReportStatusIn(BodySchema):
    status: ReportStatusCode
    note: Annotated[str, text(NOTE_MAX_LENGTH)] = ""
    duplicate_of: BodyId | None = Field(None, description="the report this one repeats (status duplicate)")


class ReportRerouteIn(BodySchema):
    organization_id: BodyId = Field(description="the organisation responsible for the report from now on")


class ReportBulkStatusIn(BodySchema):
    report_ids: list[BodyId] = Field(min_length=1, max_length=100)
    status: ReportStatusCode
    note: Annotated[str, text(NOTE_MAX_LENGTH)] = ""


class ReportBulkStatusOut(Schema):
    changed: int


# ---------------------------------------------------------------- medians


class ReportCategoryMedianOut(Schema):
    category: ReportCategoryRef
    median_seconds: int | None
    resolved: int


class ReportRegionMedianOut(Schema):
    region: Ref
    median_seconds: int | None
    resolved: int


class ReportMediansOut(Schema):
    by_category: list[ReportCategoryMedianOut]
    by_region: list[ReportRegionMedianOut]


# ---------------------------------------------------------------- routes and API keys (staff)


class ReportRouteIn(BodySchema):
    category: CategoryCode
    region_id: BodyId | None = Field(None, description="none with no city: the national default")
    city_id: BodyId | None = None
    organization_id: BodyId


class ReportRouteOut(Schema):
    id: int
    category: ReportCategoryRef
    region: Ref | None
    city: Ref | None
    organization: Ref


class ReportApiKeyIn(BodySchema):
    organization_id: BodyId
    label: Annotated[str, text(100, 1)]


class ReportApiKeyOut(Schema):
    id: int
    organization: Ref
    label: str
    prefix: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class ReportApiKeyIssuedOut(ReportApiKeyOut):
    key: str = Field(description="the key itself: shown once, never again")
