"""The participatory budgets' API schemas. The bodies state what the services enforce (budgets.py): texts through
partnerships.schemas.text (no control characters, a least number of characters), amounts as text with two decimals at
most, greater than zero and within the column, choices as enums. What a schema cannot state (a project within its
budget, choose_n for a choose-N ballot, a note for an unfeasible project, projects of the budget on a ballot) the
operations' descriptions say, and the services answer 422."""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from musharaka.core.schemas import BodyId, BodySchema, json_number, not_null
from musharaka.partnerships.schemas import ChangeSchema, text

from .models import BODY_MAX_LENGTH, REASON_MAX_LENGTH, TITLE_MAX_LENGTH

# An amount of money: more than zero, at most 999,999,999,999.99 (budgets.MAX_AMOUNT), two decimals at most.
Amount = Annotated[str, Field(pattern=r"^(?:[1-9][0-9]{0,11}(?:[.][0-9]{1,2})?|0[.](?:0[1-9]|[1-9][0-9]?))$",
                              examples=["250000", "1500.50"])]
CurrencyCode = Literal["SAR", "SYP", "USD", "EUR", "AED", "KWD", "QAR", "BHD", "OMR", "JOD", "EGP"]  # budgets.CURRENCIES
RuleCode = Literal["greedy", "equal_shares"]
BallotKindCode = Literal["approval", "choose_n"]
FeasibilityCode = Literal["pending", "feasible", "unfeasible"]
GroupCode = Literal["youth", "women", "elders", "organisations", "other"]
ChooseN = Annotated[int, Field(ge=1, le=100), BeforeValidator(json_number)]
ProjectId = Annotated[int, Field(ge=1, le=2**63 - 1), BeforeValidator(json_number)]


class BudgetIn(BodySchema):
    title_ar: str = text(TITLE_MAX_LENGTH, 2)
    title_en: str = text(TITLE_MAX_LENGTH, default="")
    amount: Amount
    currency: CurrencyCode = "SAR"
    rule: RuleCode = "equal_shares"
    ballot_kind: BallotKindCode = "approval"
    choose_n: ChooseN | None = Field(None, description="required for a choose_n ballot")
    neighbourhood_id: BodyId | None = Field(None, description="a neighbourhood of the process's area")


class BudgetPatch(ChangeSchema):
    title_ar: str | None = text(TITLE_MAX_LENGTH, 2, default=None, json_schema_extra=not_null)
    title_en: str | None = text(TITLE_MAX_LENGTH, default=None, json_schema_extra=not_null)
    amount: Amount | None = Field(None, description="at least each project's cost", json_schema_extra=not_null)
    currency: CurrencyCode | None = Field(None, json_schema_extra=not_null)
    rule: RuleCode | None = Field(None, json_schema_extra=not_null)
    ballot_kind: BallotKindCode | None = Field(None, json_schema_extra=not_null)
    choose_n: ChooseN | None = None
    neighbourhood_id: BodyId | None = None


class BudgetOut(Schema):
    id: int
    process_id: int
    title: str
    title_ar: str
    title_en: str
    amount: str
    currency: CurrencyCode
    rule: RuleCode
    ballot_kind: BallotKindCode
    choose_n: int | None
    ballot_count: int
    result_computed_at: datetime.datetime | None
    result_published: bool


class ProjectIn(ChangeSchema):
    title: str | None = text(TITLE_MAX_LENGTH, 2, default=None, json_schema_extra=not_null,
                             description="required unless the project comes from an idea (its title by default)")
    description: str = text(BODY_MAX_LENGTH, default="")
    cost: Amount = Field(description="at most the budget's amount")
    idea_id: BodyId | None = Field(None, description="a visible idea of the process")


class ProjectPatch(ChangeSchema):
    title: str | None = text(TITLE_MAX_LENGTH, 2, default=None, json_schema_extra=not_null)
    description: str | None = text(BODY_MAX_LENGTH, default=None, json_schema_extra=not_null)
    cost: Amount | None = Field(None, description="at most the budget's amount", json_schema_extra=not_null)


class FeasibilityIn(BodySchema):
    feasibility: FeasibilityCode
    note: str = text(REASON_MAX_LENGTH, default="", description="required (3 characters) when unfeasible")


class ProjectOut(Schema):
    id: int
    budget_id: int
    idea_id: int | None
    title: str
    description: str
    cost: str
    feasibility: FeasibilityCode
    feasibility_note: str
    vote_count: int | None
    funded: bool | None
    result_rank: int | None
    result_reason: dict | None


class BallotIn(BodySchema):
    project_ids: list[ProjectId] = Field(min_length=1, max_length=200, json_schema_extra={"uniqueItems": True},
                                         description="feasible projects of the budget: within its amount (approval) "
                                                     "or at most choose_n of them")
    group: GroupCode = "other"


class BallotOut(Schema):
    budget_id: int
    project_ids: list[int]
    total_cost: str
    group: GroupCode


class ResultOut(Schema):
    budget: BudgetOut
    preview: bool
    spent: str
    left: str
    tie_breaking: str
    projects: list[ProjectOut]
