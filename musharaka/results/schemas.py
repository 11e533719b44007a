"""Shapes of the results API (every name starts with Results…: ninja names schemas by class name alone).

Figures travel as decimal strings ("12.5"), exactly as kept (four places at most), so that no float rounds them."""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from musharaka.core.schemas import BodyBool, BodyDate, BodyId, BodySchema, json_number, not_null
from musharaka.partnerships.schemas import ChangeSchema, text

LevelCode = Literal["output", "outcome", "impact"]
MeasureCode = Literal["unit", "percentage", "qualitative"]
CodeListCode = Literal["", "sdg", "own"]
UpdateStatusCode = Literal["draft", "pending", "returned", "approved"]
OwnerKind = Literal["initiative", "goal", "action"]

Figure = Annotated[str, Field(pattern=r"^-?[0-9]{1,13}(\.[0-9]{1,4})?$", examples=["120", "42.5"])]
PositiveFigure = Annotated[str, Field(pattern=r"^[0-9]{1,13}(\.[0-9]{1,4})?$", examples=["120"])]
# Whole numbers of a JSON body: not true/false or "5", which pydantic's lax mode would take (the contract run sent
# "position": false).
BaselineYear = Annotated[int, Field(ge=1950, le=2100), BeforeValidator(json_number)]
Position = Annotated[int, Field(ge=0, le=10_000), BeforeValidator(json_number)]


class ResultsResultCreate(BodySchema):
    level: LevelCode = "output"
    title_ar: Annotated[str, text(250, 3)]
    title_en: Annotated[str, text(250)] = ""
    description_ar: Annotated[str, text(4000)] = ""
    description_en: Annotated[str, text(4000)] = ""
    position: Position = 0


class ResultsResultPatch(ChangeSchema):
    level: LevelCode | None = Field(None, json_schema_extra=not_null)
    title_ar: Annotated[str, text(250, 3)] | None = Field(None, json_schema_extra=not_null)
    title_en: Annotated[str, text(250)] | None = Field(None, json_schema_extra=not_null)
    description_ar: Annotated[str, text(4000)] | None = Field(None, json_schema_extra=not_null)
    description_en: Annotated[str, text(4000)] | None = Field(None, json_schema_extra=not_null)
    position: Position | None = Field(None, json_schema_extra=not_null)


class ResultsIndicatorCreate(BodySchema):
    title_ar: Annotated[str, text(250, 3)]
    title_en: Annotated[str, text(250)] = ""
    description_ar: Annotated[str, text(4000)] = ""
    description_en: Annotated[str, text(4000)] = ""
    measure: MeasureCode = "unit"
    unit_ar: Annotated[str, text(60)] = ""
    unit_en: Annotated[str, text(60)] = ""
    ascending: BodyBool = True
    cumulative: BodyBool = False
    baseline_value: Figure | None = None
    baseline_year: BaselineYear | None = None
    code_list: CodeListCode = ""
    code: Annotated[str, text(30)] = ""
    dimensions: list[BodyId] = Field(default_factory=list, max_length=20)


class ResultsIndicatorPatch(ChangeSchema):
    title_ar: Annotated[str, text(250, 3)] | None = Field(None, json_schema_extra=not_null)
    title_en: Annotated[str, text(250)] | None = Field(None, json_schema_extra=not_null)
    description_ar: Annotated[str, text(4000)] | None = Field(None, json_schema_extra=not_null)
    description_en: Annotated[str, text(4000)] | None = Field(None, json_schema_extra=not_null)
    measure: MeasureCode | None = Field(None, json_schema_extra=not_null)
    unit_ar: Annotated[str, text(60)] | None = Field(None, json_schema_extra=not_null)
    unit_en: Annotated[str, text(60)] | None = Field(None, json_schema_extra=not_null)
    ascending: BodyBool | None = Field(None, json_schema_extra=not_null)
    cumulative: BodyBool | None = Field(None, json_schema_extra=not_null)
    baseline_value: Figure | None = None
    baseline_year: BaselineYear | None = None
    code_list: CodeListCode | None = Field(None, json_schema_extra=not_null)
    code: Annotated[str, text(30)] | None = Field(None, json_schema_extra=not_null)
    dimensions: list[BodyId] | None = Field(None, max_length=20, json_schema_extra=not_null)


class ResultsPeriodCreate(BodySchema):
    start: BodyDate
    end: BodyDate
    target_value: Figure | None = None
    target_comment: Annotated[str, text(500)] = ""


class ResultsPeriodPatch(ChangeSchema):
    start: BodyDate | None = Field(None, json_schema_extra=not_null)
    end: BodyDate | None = Field(None, json_schema_extra=not_null)
    target_value: Figure | None = None
    target_comment: Annotated[str, text(500)] | None = Field(None, json_schema_extra=not_null)


class ResultsLockIn(BodySchema):
    locked: BodyBool


class ResultsPartIn(BodySchema):
    dimension_value: BodyId
    value: Figure | None = None
    numerator: PositiveFigure | None = None
    denominator: PositiveFigure | None = None


class ResultsUpdateCreate(BodySchema):
    value: Figure | None = None
    numerator: PositiveFigure | None = None
    denominator: PositiveFigure | None = None
    narrative: Annotated[str, text(8000)] = ""
    breakdown: list[ResultsPartIn] | None = Field(None, max_length=50)
    submit: BodyBool = False


class ResultsUpdatePatch(ChangeSchema):
    value: Figure | None = None
    numerator: PositiveFigure | None = None
    denominator: PositiveFigure | None = None
    narrative: Annotated[str, text(8000)] | None = Field(None, json_schema_extra=not_null)
    breakdown: list[ResultsPartIn] | None = Field(None, max_length=50, json_schema_extra=not_null)


class ResultsReviewIn(BodySchema):
    comment: Annotated[str, text(4000)] = ""


class ResultsReturnIn(BodySchema):
    """Returning an update says what to revise."""

    comment: Annotated[str, text(4000, 3)]


class ResultsPeriodOut(Schema):
    id: int
    start: datetime.date
    end: datetime.date
    target_value: str | None
    target_comment: str
    locked: bool
    actual_value: str | None
    approved_count: int
    pending_count: int | None  # shown to those who report or approve only


class ResultsDimensionValueOut(Schema):
    id: int
    code: str
    name: str


class ResultsDimensionOut(Schema):
    id: int
    code: str
    name: str
    values: list[ResultsDimensionValueOut]


class ResultsIndicatorOut(Schema):
    id: int
    result_id: int
    title: str
    title_ar: str
    title_en: str
    description_ar: str
    description_en: str
    measure: MeasureCode
    unit: str
    unit_ar: str
    unit_en: str
    ascending: bool
    cumulative: bool
    baseline_value: str | None
    baseline_year: int | None
    code_list: CodeListCode
    code: str
    dimensions: list[str]
    target_value: str | None
    actual_value: str | None
    progress: str | None
    periods: list[ResultsPeriodOut]


class ResultsResultOut(Schema):
    id: int
    owner_kind: str
    owner_id: int
    level: LevelCode
    title: str
    title_ar: str
    title_en: str
    description_ar: str
    description_en: str
    position: int
    may_manage: bool
    may_report: bool
    indicators: list[ResultsIndicatorOut]


class ResultsBreakdownRowOut(Schema):
    code: str
    name: str
    actual: str | None


class ResultsBreakdownOut(Schema):
    dimension: str
    name: str
    rows: list[ResultsBreakdownRowOut]
    unspecified: str | None
    complete: bool


class ResultsIndicatorDetailOut(ResultsIndicatorOut):
    breakdown: list[ResultsBreakdownOut]


class ResultsPartOut(Schema):
    dimension_value: int
    code: str
    value: str | None
    numerator: str | None
    denominator: str | None


class ResultsEvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class ResultsUpdateOut(Schema):
    id: int
    period_id: int
    indicator_id: int
    status: UpdateStatusCode
    value: str | None
    numerator: str | None
    denominator: str | None
    narrative: str
    review_comment: str
    author: str
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    breakdown: list[ResultsPartOut]
    evidence: list[ResultsEvidenceOut]
    may_change: bool
    may_review: bool
