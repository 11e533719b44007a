import math
import re
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from musharaka.core.schemas import BodyDate, BodyId, BodySchema, CodeRef, NonBlankText, Ref, Text, json_number, not_null
from musharaka.orgs.schemas import SectorCode

from .filters import MAX_YEAR, MIN_YEAR

# Written out for the type checker; tests check they match Status, Currency and PartnerRole.
StatusCode = Literal["draft", "submitted", "approved", "active", "completed", "cancelled"]
CurrencyCode = Literal["SAR", "SYP", "USD", "EUR"]
PartnerRoleCode = Literal["implementer", "funder", "supporter", "knowledge"]
SortCode = Literal["relevance", "newest", "oldest", "start", "budget", "beneficiaries", "replicated", "title"]
Action = Literal["submit", "approve", "reject", "activate", "complete", "cancel"]


MAX_FILTER_ID = 10**12 - 1
Beneficiaries = Annotated[int, Field(ge=0, le=2_000_000_000), BeforeValidator(json_number)]
Version = Annotated[int, Field(ge=1, le=2_147_483_647), BeforeValidator(json_number)]
SdgNumber = Annotated[int, Field(ge=1, le=17), BeforeValidator(json_number)]
BUDGET_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
MAX_BUDGET = Decimal("999999999999.99")


def _budget(value):
    # A JSON number is rounded to the halala (0.1 + 0.2 is a budget too); text must be written plainly.
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise PydanticCustomError("decimal_type", "Enter a number.")
    if isinstance(value, str):
        if not re.fullmatch(BUDGET_PATTERN[1:-1], value):
            raise PydanticCustomError("decimal_parsing", "Enter a number.")
        return Decimal(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("finite_number", "Enter a finite number.")
    number = Decimal(str(value))
    if abs(number) > MAX_BUDGET:
        return number  # refused by the field's bounds; too many digits to round to the halala (1e308 was a 500)
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


Budget = Annotated[
    Decimal,
    BeforeValidator(_budget),
    Field(ge=0, le=MAX_BUDGET),
    WithJsonSchema({"anyOf": [
        {"type": "number", "minimum": 0, "maximum": float(MAX_BUDGET)},
        {"type": "string", "pattern": BUDGET_PATTERN},
    ]}),
]


class CatalogueFilters(Schema):
    """The filters of the catalogue, the API list and the exports (read by filters.parse_filters)."""

    q: str = Field("", description="Arabic-normalised search", max_length=200)
    region: str | None = Field(None, description="region id, or its code such as SA-01", max_length=20)
    # Ids are whole numbers of at most 12 digits (filters.parse_filters).
    city: int | None = Field(None, ge=0, le=MAX_FILTER_ID)
    axis: int | None = Field(None, description="axis id", ge=0, le=MAX_FILTER_ID)
    sdg: int | None = Field(None, description="goal number 1–17", ge=0, le=MAX_FILTER_ID)
    sector: SectorCode | Literal[""] = Field("", description="sector of the lead organisation")
    status: StatusCode | None = None
    year: int | None = Field(None, description="year of the start date", ge=MIN_YEAR, le=MAX_YEAR)
    organization: int | None = Field(None, description="lead or partner organisation id", ge=0, le=MAX_FILTER_ID)
    success: bool | None = Field(None, description="successful experiences only")
    sort: SortCode | None = Field(None, description="relevance when searching, newest otherwise")


class OrganizationRef(Ref):
    sector: str


class PartnerOut(Schema):
    organization: OrganizationRef
    role: str


class InitiativePlaceOut(Schema):
    region: CodeRef
    city: Ref | None
    neighbourhood: Ref | None


class TransitionOut(Schema):
    action: str
    from_status: str
    to_status: str
    actor: str | None
    reason: str
    at: datetime


class InitiativeListItem(Schema):
    id: int
    title: str
    title_ar: str
    title_en: str
    summary_ar: str
    status: str
    lead_organization: OrganizationRef
    region: CodeRef
    axes: list[str]
    sdgs: list[int]
    start_date: date | None
    end_date: date | None
    budget: Decimal | None
    currency: str
    planned_beneficiaries: int | None
    actual_beneficiaries: int | None
    is_success_story: bool
    replication_count: int
    published_at: datetime | None


class InitiativeOut(InitiativeListItem):
    summary_en: str
    description_ar: str
    description_en: str
    target_groups: list[str]
    partners: list[PartnerOut]
    places: list[InitiativePlaceOut]
    results_ar: str
    results_en: str
    lessons_ar: str
    lessons_en: str
    rejection_reason: str
    cover_image_url: str | None
    attachments: list[dict]
    replicated_from: Ref | None
    transitions: list[TransitionOut]
    version: int
    created_at: datetime
    updated_at: datetime


class PartnerIn(BodySchema):
    organization_id: BodyId
    role: PartnerRoleCode


class PlaceIn(BodySchema):
    region_id: BodyId
    city_id: BodyId | None = None
    neighbourhood_id: BodyId | None = None


class InitiativeFields(BodySchema):
    title_en: Text | None = Field(None, max_length=250)
    summary_en: Text | None = Field(None, max_length=2000)
    description_ar: Text | None = Field(None, max_length=20000)
    description_en: Text | None = Field(None, max_length=20000)
    region_id: BodyId | None = None
    axes: list[str] | None = Field(None, description="axis codes", max_length=20)
    sdgs: list[SdgNumber] | None = Field(None, description="goal numbers 1–17", max_length=17)
    target_groups: list[str] | None = Field(None, description="target group codes", max_length=30)
    partners: list[PartnerIn] | None = Field(None, max_length=50)
    places: list[PlaceIn] | None = Field(None, max_length=50)
    start_date: BodyDate | None = None
    end_date: BodyDate | None = None
    budget: Budget | None = None
    currency: CurrencyCode | None = None
    planned_beneficiaries: Beneficiaries | None = None
    actual_beneficiaries: Beneficiaries | None = None
    results_ar: Text | None = Field(None, max_length=20000)
    results_en: Text | None = Field(None, max_length=20000)
    lessons_ar: Text | None = Field(None, max_length=20000)
    lessons_en: Text | None = Field(None, max_length=20000)


class InitiativeCreate(InitiativeFields):
    lead_organization_id: BodyId
    title_ar: NonBlankText = Field(..., min_length=3, max_length=250)
    summary_ar: Text = Field(..., min_length=3, max_length=2000)


class InitiativeUpdate(InitiativeFields):
    # Optional, but not null and not blank: an initiative keeps its Arabic title.
    title_ar: NonBlankText | None = Field(None, min_length=3, max_length=250, json_schema_extra=not_null)
    summary_ar: Text | None = Field(None, min_length=3, max_length=2000)
    version: Version | None = Field(None, description="the version you read; a newer one on the server answers 409")


class TransitionIn(BodySchema):
    reason: Text = Field("", max_length=2000)
    # The version you read: if the initiative changed since (someone else acted first), the answer is 409.
    version: Version | None = None


class ReplicateIn(BodySchema):
    organization_id: BodyId
