"""Shapes of the partnerships API (names prefixed Agreement…/Commitment…: ninja names schemas by class name alone).

Text fields state in their pattern what the services enforce (core.text.clean_text): no control characters
other than line breaks and tabs, and for required texts a least number of characters other than spaces, so
that a body the document allows is a body the services take.
"""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from musharaka.core.schemas import BodyBool, BodyDate, BodyId, BodySchema, CodeRef, Ref, json_number, not_null
from musharaka.orgs.schemas import SectorCode

# Written out for the type checker; tests check they match the models' choices.
KindCode = Literal["mou", "cooperation", "contract", "letter_of_intent"]
StatusCode = Literal["draft", "signed", "active", "expiring", "expired", "terminated", "renewed"]
StageCode = Literal["draft", "signed"]
RenewalCode = Literal["none", "automatic", "by_decision"]
PartyRoleCode = Literal["first_party", "second_party", "partner", "funder", "implementer", "supervisor"]
CommitmentStatusCode = Literal["planned", "in_progress", "done", "delayed", "cancelled"]

FILTER_ID = Field(None, ge=1, le=2**31 - 1)
MAX_EXPIRING_DAYS = 3650
MAX_NOTICE_DAYS = 730  # services.MAX_NOTICE_DAYS

# Control characters clean_text refuses (all of category Cc but tab, line feed and carriage return), and the
# spaces it does not count (str.isspace() without those controls).
_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_SPACES = r"\t\n\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
TEXT_PATTERN = rf"^[^{_CONTROLS}]*$"


def at_least(count: int) -> str:
    """A pattern for text with `count` characters other than spaces, and no control character."""
    return rf"^[^{_CONTROLS}]*(?:[^{_CONTROLS}{_SPACES}][^{_CONTROLS}]*){{{count},}}$"


def empty_or_at_least(count: int) -> str:
    """Empty, or as at_least(count). One anchored pattern: an alternation of two anchored ones (`^$|^…$`) made
    hypothesis pad its strings and filter them for ever (the API contract run hung in `maybe_pad`)."""
    return rf"^(?:[^{_CONTROLS}]*(?:[^{_CONTROLS}{_SPACES}][^{_CONTROLS}]*){{{count},}})?$"


def text(max_length: int, min_chars: int = 0, **extra):
    pattern = at_least(min_chars) if min_chars else TEXT_PATTERN
    return Field(max_length=max_length, pattern=pattern, **extra)


Progress = Annotated[int, Field(ge=0, le=100), BeforeValidator(json_number)]
NoticeDays = Annotated[int, Field(ge=0, le=MAX_NOTICE_DAYS), BeforeValidator(json_number)]
Position = Annotated[int, Field(ge=0, le=10_000), BeforeValidator(json_number)]


class AgreementFilters(Schema):
    """The register's filters: the page, the API list and the exports read the same ones."""

    q: str = Field("", description="Arabic-normalised search (titles, parties, signatories, place)", max_length=200)
    kind: KindCode | None = None
    status: StatusCode | None = Field(None, description="the status derived from the dates on the server's day")
    sector: SectorCode | None = Field(None, description="one of the parties is of this sector")
    region: int | None = Field(None, ge=1, le=2**31 - 1, description="region id: covered by the agreement")
    axis: str = Field("", max_length=40, description="development axis code (taxonomy)")
    expiring_within: int | None = Field(None, ge=0, le=MAX_EXPIRING_DAYS,
                                        description="in force and ending within this many days")
    organization: int | None = Field(None, ge=1, le=2**31 - 1, description="one of the parties (organisation id)")
    event: int | None = Field(None, ge=1, le=2**31 - 1, description="signed at this event (id)")


class AgreementOrganizationRef(Ref):
    sector: str


class AgreementAxisRef(Schema):
    code: str
    name: str


class AgreementPartyBrief(Schema):
    organization: Ref | None = Field(description="null for a party not on the platform")
    name: str
    role: str


class AgreementListItem(Schema):
    id: int
    kind: str
    title: str
    title_ar: str
    title_en: str
    status: StatusCode
    stage: str
    signed_on: datetime.date | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    notice_starts_on: datetime.date | None = Field(description="the end date minus the notice period")
    renewal: str
    is_published: bool
    organization: Ref = Field(description="the party that keeps the record")
    parties: list[AgreementPartyBrief]
    sectors: list[str] = Field(description="the sectors of the parties on the platform")
    party_count: int
    commitment_count: int
    commitments_done: int
    event: Ref | None
    updated_at: datetime.datetime


class CommitmentOut(Schema):
    id: int
    agreement_id: int
    party_id: int
    title: str
    title_ar: str
    title_en: str
    description: str
    due_on: datetime.date | None
    owner_name: str
    status: CommitmentStatusCode
    progress: int
    completed_on: datetime.date | None
    position: int
    overdue: bool = Field(description="past its due date and neither fulfilled nor cancelled")


class AgreementPartyOut(Schema):
    id: int
    organization: AgreementOrganizationRef | None = Field(description="null for a party not on the platform")
    name: str
    role: str
    signatory_name: str
    signatory_title: str
    commitments: list[CommitmentOut]


class AgreementDocumentOut(Schema):
    id: int
    title: str
    content_type: str
    size: int
    is_public: bool
    url: str | None = Field(description="the page that checks who asks (documents are private files)")
    created_at: datetime.datetime


class AgreementPermissions(Schema):
    edit: bool = Field(description="change the agreement, its parties and commitments; terminate, renew")
    comment: bool
    view_private: bool = Field(description="private documents, comments and evidence")


class AgreementOut(AgreementListItem):
    objectives_ar: str
    objectives_en: str
    signed_place: str
    signed_before: str
    notice_days: int
    terminated_on: datetime.date | None
    termination_reason: str
    renews: Ref | None = Field(description="the agreement this one renews")
    renewed_by: list[Ref] = Field(description="the agreements that renew this one")
    axes: list[AgreementAxisRef]
    regions: list[CodeRef]
    initiatives: list[Ref] = Field(description="the linked initiatives you may see")
    parties_detail: list[AgreementPartyOut] = Field(description="each party with its commitments")
    overdue_count: int
    documents: list[AgreementDocumentOut] = Field(description="private ones only for the parties")
    may: AgreementPermissions
    created_at: datetime.datetime


class CommitmentUpdateOut(Schema):
    id: int
    commitment_id: int
    happened_on: datetime.date
    note: str
    status: CommitmentStatusCode
    progress: int
    author: str | None
    has_evidence: bool
    evidence_url: str | None = Field(description="for the parties only: the page that checks who asks")
    created_at: datetime.datetime


class AgreementCommentOut(Schema):
    id: int
    body: str
    author: str | None
    organization: Ref | None = Field(description="the party the author wrote for")
    created_at: datetime.datetime


# ---------------------------------------------------------------- request bodies


class AgreementPartyIn(BodySchema):
    """An organisation on the platform (`organization_id`), or one from the press named in `name_ar`."""

    organization_id: BodyId | None = None
    name_ar: str = text(250, default="", description="the party's name when it is not on the platform")
    name_en: str = text(250, default="")
    role: PartyRoleCode = "partner"
    signatory_name: str = text(200, default="")
    signatory_title: str = text(250, default="")


class ChangeSchema(BodySchema):
    """A body whose optional fields the document marks not-null (not_null): null is refused, not taken as absent."""

    @field_validator("*")
    @classmethod
    def _not_cleared(cls, value, info: ValidationInfo):
        if value is None and cls.model_fields[str(info.field_name)].json_schema_extra is not_null:
            from django.utils.translation import gettext as _

            raise PydanticCustomError("not_nullable", str(_("This field cannot be cleared; leave it out to keep it.")))
        return value


class AgreementFields(ChangeSchema):
    kind: KindCode | None = Field(None, json_schema_extra=not_null)
    title_en: str | None = text(300, default=None, json_schema_extra=not_null)
    objectives_ar: str | None = text(8000, default=None, json_schema_extra=not_null)
    objectives_en: str | None = text(8000, default=None, json_schema_extra=not_null)
    signed_on: BodyDate | None = None
    signed_place: str | None = text(250, default=None, json_schema_extra=not_null)
    signed_before: str | None = text(300, default=None, json_schema_extra=not_null,
                                     description="the dignitary in whose presence it was signed")
    starts_on: BodyDate | None = None
    ends_on: BodyDate | None = None
    renewal: RenewalCode | None = Field(None, json_schema_extra=not_null)
    notice_days: NoticeDays | None = Field(None, json_schema_extra=not_null)
    is_published: BodyBool | None = Field(None, json_schema_extra=not_null,
                                          description="a draft is never published")
    event_id: BodyId | None = Field(None, description="the event where it was signed")
    # At most 30 parties (services.MAX_PARTIES) with the recording organisation, which is added when not listed.
    parties: list[AgreementPartyIn] | None = Field(
        None, max_length=29, json_schema_extra=not_null,
        description="every party; the recording organisation is added as a partner when not listed. "
                    "A signed agreement has at least two.")
    axes: list[str] | None = Field(None, max_length=20, description="axis codes", json_schema_extra=not_null)
    regions: list[BodyId] | None = Field(None, max_length=30, description="region ids", json_schema_extra=not_null)
    initiatives: list[BodyId] | None = Field(None, max_length=50, description="initiative ids",
                                             json_schema_extra=not_null)


class AgreementCreate(AgreementFields):
    organization_id: BodyId = Field(description="the organisation recording the agreement (you edit for it)")
    title_ar: str = text(300, 3)
    stage: StageCode = Field("draft", description="draft, or signed (then give signed_on)")


class AgreementUpdate(AgreementFields):
    title_ar: str | None = text(300, 3, default=None, json_schema_extra=not_null)
    stage: StageCode | None = Field(None, json_schema_extra=not_null,
                                    description="draft ↔ signed; terminate and renew have their own operations")


class AgreementTerminateIn(BodySchema):
    terminated_on: BodyDate
    reason: str = text(2000, 3)


class AgreementRenewIn(BodySchema):
    signed_on: BodyDate
    ends_on: BodyDate = Field(description="the end of the new term (after its start: the old end's next day)")
    # Empty, or a title as the services take one (3 characters other than spaces): "ē" was accepted by the document
    # and refused by the service (found by the API contract run with issue #13's operations).
    title_ar: str = Field("", max_length=300, pattern=empty_or_at_least(3),
                          description="the new agreement's title; the old one's when empty")


class CommitmentFields(ChangeSchema):
    title_en: str | None = text(400, default=None, json_schema_extra=not_null)
    description: str | None = text(4000, default=None, json_schema_extra=not_null)
    due_on: BodyDate | None = None
    owner_name: str | None = text(200, default=None, json_schema_extra=not_null,
                                  description="the responsible person or unit")
    position: Position | None = Field(None, json_schema_extra=not_null)


class CommitmentCreate(CommitmentFields):
    party_id: BodyId = Field(description="one of the agreement's parties (see parties_detail)")
    title_ar: str = text(400, 3)


class CommitmentPatch(CommitmentFields):
    party_id: BodyId | None = Field(None, json_schema_extra=not_null)
    title_ar: str | None = text(400, 3, default=None, json_schema_extra=not_null)


class CommitmentProgressIn(BodySchema):
    happened_on: BodyDate = Field(description="today or before")
    note: str = text(4000, 3)
    status: CommitmentStatusCode
    progress: Progress | None = Field(None, description="percent; 100 when done, unchanged when left out")


class AgreementCommentIn(BodySchema):
    body: str = text(4000, 2)
