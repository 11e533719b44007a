"""The participatory budgets' API schemas."""

import datetime
from decimal import Decimal

from ninja import Field, Schema
from pydantic import StrictInt


class BudgetIn(Schema):
    title_ar: str = Field(..., max_length=400)
    title_en: str = Field("", max_length=400)
    amount: Decimal = Field(..., allow_inf_nan=False)
    currency: str = Field("SAR", max_length=3)
    rule: str = Field("equal_shares", max_length=20)
    ballot_kind: str = Field("approval", max_length=20)
    choose_n: int | None = Field(None, ge=1, le=100)
    neighbourhood_id: int | None = Field(None, ge=1, le=2_147_483_647)


class BudgetPatch(Schema):
    title_ar: str | None = Field(None, max_length=400)
    title_en: str | None = Field(None, max_length=400)
    amount: Decimal | None = Field(None, allow_inf_nan=False)
    currency: str | None = Field(None, max_length=3)
    rule: str | None = Field(None, max_length=20)
    ballot_kind: str | None = Field(None, max_length=20)
    choose_n: int | None = Field(None, ge=1, le=100)
    neighbourhood_id: int | None = Field(None, ge=1, le=2_147_483_647)


class BudgetOut(Schema):
    id: int
    process_id: int
    title: str
    title_ar: str
    title_en: str
    amount: str
    currency: str
    rule: str
    ballot_kind: str
    choose_n: int | None
    ballot_count: int
    result_computed_at: datetime.datetime | None
    result_published: bool


class ProjectIn(Schema):
    title: str = Field("", max_length=400)
    description: str = Field("", max_length=10_000)
    cost: Decimal = Field(..., allow_inf_nan=False)
    idea_id: int | None = Field(None, ge=1, le=2_147_483_647)


class ProjectPatch(Schema):
    title: str | None = Field(None, max_length=400)
    description: str | None = Field(None, max_length=10_000)
    cost: Decimal | None = Field(None, allow_inf_nan=False)


class FeasibilityIn(Schema):
    feasibility: str = Field(..., max_length=20)
    note: str = Field("", max_length=2_000)


class ProjectOut(Schema):
    id: int
    budget_id: int
    idea_id: int | None
    title: str
    description: str
    cost: str
    feasibility: str
    feasibility_note: str
    vote_count: int | None
    funded: bool | None
    result_rank: int | None
    result_reason: dict | None


class BallotIn(Schema):
    project_ids: list[StrictInt] = Field(..., max_length=200)  # true is not project 1
    group: str = Field("other", max_length=20)


class BallotOut(Schema):
    budget_id: int
    project_ids: list[int]
    total_cost: str
    group: str


class ResultOut(Schema):
    budget: BudgetOut
    preview: bool
    spent: str
    left: str
    tie_breaking: str
    projects: list[ProjectOut]
