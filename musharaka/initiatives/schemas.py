from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from musharaka.core.schemas import CodeRef, Ref

# Written out for the type checker; tests check they match Status, Currency and PartnerRole.
StatusCode = Literal["draft", "submitted", "approved", "active", "completed", "cancelled"]
CurrencyCode = Literal["SAR", "SYP", "USD", "EUR"]
PartnerRoleCode = Literal["implementer", "funder", "supporter", "knowledge"]
SortCode = Literal["relevance", "newest", "oldest", "start", "budget", "beneficiaries", "replicated", "title"]
Action = Literal["submit", "approve", "reject", "activate", "complete", "cancel"]


class CatalogueFilters(Schema):
    """The filters of the catalogue, the API list and the exports (read by filters.parse_filters)."""

    q: str = Field("", description="Arabic-normalised search", max_length=200)
    region: str | None = Field(None, description="region id, or its code such as SA-01")
    city: int | None = None
    axis: int | None = Field(None, description="axis id")
    sdg: int | None = Field(None, description="goal number 1–17")
    sector: str = Field("", description="sector of the lead organisation")
    status: StatusCode | None = None
    year: int | None = Field(None, description="year of the start date")
    organization: int | None = Field(None, description="lead or partner organisation id")
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


class PartnerIn(Schema):
    organization_id: int
    role: PartnerRoleCode


class PlaceIn(Schema):
    region_id: int
    city_id: int | None = None
    neighbourhood_id: int | None = None


class InitiativeFields(Schema):
    title_en: str | None = Field(None, max_length=250)
    summary_en: str | None = Field(None, max_length=2000)
    description_ar: str | None = Field(None, max_length=20000)
    description_en: str | None = Field(None, max_length=20000)
    region_id: int | None = None
    axes: list[str] | None = Field(None, description="axis codes", max_length=20)
    sdgs: list[int] | None = Field(None, description="goal numbers 1–17", max_length=17)
    target_groups: list[str] | None = Field(None, description="target group codes", max_length=30)
    partners: list[PartnerIn] | None = Field(None, max_length=50)
    places: list[PlaceIn] | None = Field(None, max_length=50)
    start_date: date | None = None
    end_date: date | None = None
    budget: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    currency: CurrencyCode | None = None
    planned_beneficiaries: int | None = Field(None, ge=0, le=2_000_000_000)
    actual_beneficiaries: int | None = Field(None, ge=0, le=2_000_000_000)
    results_ar: str | None = Field(None, max_length=20000)
    results_en: str | None = Field(None, max_length=20000)
    lessons_ar: str | None = Field(None, max_length=20000)
    lessons_en: str | None = Field(None, max_length=20000)


class InitiativeCreate(InitiativeFields):
    lead_organization_id: int
    title_ar: str = Field(..., min_length=3, max_length=250)
    summary_ar: str = Field(..., min_length=3, max_length=2000)


class InitiativeUpdate(InitiativeFields):
    title_ar: str | None = Field(None, min_length=3, max_length=250)
    summary_ar: str | None = Field(None, min_length=3, max_length=2000)
    version: int | None = Field(None, description="the version you read; a newer one on the server answers 409")


class TransitionIn(Schema):
    reason: str = Field("", max_length=2000)
    # The version you read: if the initiative changed since (someone else acted first), the answer is 409.
    version: int | None = Field(None, ge=1, le=2_147_483_647)


class ReplicateIn(Schema):
    organization_id: int
