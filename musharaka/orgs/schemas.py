from datetime import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from musharaka.core.schemas import BodyId, BodySchema, CodeRef, Ref, Text, not_null

# What the model's URLField and EmailField accept, narrowed to what a schema can state (the server checks
# these patterns first, so anything else is a 422 of the schema's own).
_HOST = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}"
WEBSITE_PATTERN = rf"^(?:https?://{_HOST}(?:/[A-Za-z0-9._~%/-]*)?)?$"
EMAIL_PATTERN = rf"^(?:[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@{_HOST})?$"

# Written out for the type checker; tests check they match Sector and Role.
SectorCode = Literal["authority", "government", "nonprofit", "private", "academic_expert"]
RoleCode = Literal["admin", "editor", "viewer"]


class OrganizationOut(Schema):
    id: int
    name: str
    name_ar: str
    name_en: str
    sector: str
    sector_label: str
    region: CodeRef
    city: Ref | None
    description_ar: str
    description_en: str
    website: str
    email: str
    phone: str
    address: str
    logo_url: str | None
    verified: bool
    created_at: datetime
    updated_at: datetime


class OrganizationCreate(BodySchema):
    name_ar: Text = Field(..., min_length=2, max_length=200)
    name_en: Text = Field("", max_length=200)
    sector: SectorCode
    region_id: BodyId
    city_id: BodyId | None = None
    description_ar: Text = Field("", max_length=10000)
    description_en: Text = Field("", max_length=10000)
    website: str = Field("", max_length=200, pattern=WEBSITE_PATTERN, description="http(s) address, or empty")
    email: str = Field("", max_length=254, pattern=EMAIL_PATTERN)
    phone: Text = Field("", max_length=32)
    address: Text = Field("", max_length=300)


class OrganizationUpdate(BodySchema):
    """Only the fields sent change. null clears the city and the texts that may be empty; the Arabic
    name, the sector and the region cannot be cleared (null there is a 422)."""

    name_ar: Text | None = Field(None, min_length=2, max_length=200, json_schema_extra=not_null)
    name_en: Text | None = Field(None, max_length=200)
    sector: SectorCode | None = Field(None, json_schema_extra=not_null)
    region_id: BodyId | None = Field(None, json_schema_extra=not_null)
    city_id: BodyId | None = None
    description_ar: Text | None = Field(None, max_length=10000)
    description_en: Text | None = Field(None, max_length=10000)
    website: str | None = Field(None, max_length=200, pattern=WEBSITE_PATTERN, description="http(s) address, or empty")
    email: str | None = Field(None, max_length=254, pattern=EMAIL_PATTERN)
    phone: Text | None = Field(None, max_length=32)
    address: Text | None = Field(None, max_length=300)

    @field_validator("name_ar", "sector", "region_id")
    @classmethod
    def _cannot_be_cleared(cls, value):
        if value is None:
            raise PydanticCustomError("not_nullable", str(_("This field cannot be cleared; leave it out to keep it.")))
        return value

    @field_validator("name_en", "description_ar", "description_en", "website", "email", "phone", "address")
    @classmethod
    def _null_clears(cls, value: str | None) -> str:
        # The columns hold "" for "none"; None would reach the database and fail there.
        return "" if value is None else value


class MemberOut(Schema):
    id: int
    user_id: int
    username: str
    full_name: str
    role: str


class MemberAdd(BodySchema):
    user: Text = Field(..., description="user name or e-mail", min_length=1, max_length=254)
    role: RoleCode

