"""Shapes of the impact API (every name starts with Impact…: ninja names schemas by class name alone).

Figures travel as decimal strings ("12.5"), exactly as kept, so that no float rounds them; their patterns state
what the services take (services.clean_number, clean_percent): no sign, no exponent, NaN or infinity, at most the
places the column keeps, within the bounds. A body the document allows is one the services take, or refuse for
the analysis's state (409). Investments and outcomes are sent whole (PUT): what a kind or a quantity source needs
is stated by the document's variants (discriminator), not found missing by the service.
"""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from musharaka.core.schemas import BodyBool, BodyId, BodySchema, Ref, json_number, not_null
from musharaka.partnerships.schemas import ChangeSchema, text

# Written out for the document; tests check they match the models' choices.
OwnerKindCode = Literal["initiative", "action"]
StageCode = Literal["input", "activity", "output", "outcome", "impact"]
AnalysisKindCode = Literal["forecast", "evaluative"]
AnalysisStatusCode = Literal["draft", "review", "published"]
CurrencyCode = Literal["SAR", "SYP", "USD", "EUR"]
GradeCode = Literal["assumed", "estimated", "measured", "verified"]
InvestmentKindCode = Literal["cash", "in_kind", "volunteer_time"]

# 0 to 100 with two places at most (services.clean_percent).
Percent = Annotated[str, Field(pattern=r"^(?:100(?:[.]0{1,2})?|[0-9]{1,2}(?:[.][0-9]{1,2})?)$",
                               examples=["25", "12.5"])]
# An amount or a value of an hour: below models.MAX_MONEY, two places. Hours and the value of an hour are bounded
# so that their product stays within MAX_MONEY (services.investment_save refuses more).
Money = Annotated[str, Field(pattern=r"^[0-9]{1,12}(?:[.][0-9]{1,2})?$", examples=["900000", "2500.50"])]
Hours = Annotated[str, Field(pattern=r"^[0-9]{1,6}(?:[.][0-9]{1,2})?$", examples=["2000"])]
HourValue = Annotated[str, Field(pattern=r"^[0-9]{1,6}(?:[.][0-9]{1,2})?$", examples=["25"])]
# A quantity or a financial proxy: below MAX_MONEY, four places.
Figure = Annotated[str, Field(pattern=r"^[0-9]{1,12}(?:[.][0-9]{1,4})?$", examples=["120", "18000"])]
Position = Annotated[int, Field(ge=0, le=999), BeforeValidator(json_number)]
Duration = Annotated[int, Field(ge=1, le=30), BeforeValidator(json_number)]
StartYear = Annotated[int, Field(ge=1990, le=2100), BeforeValidator(json_number)]
People = Annotated[int, Field(ge=0, le=100_000_000), BeforeValidator(json_number)]
# A comment's figure: "" (the analysis), "analysis:<field>" or "<record>:<id>:<field>" (services.FIGURES).
FigureKey = Annotated[str, Field(max_length=60, pattern=r"^[a-z_]*(?::[0-9]{1,18})?(?::[a-z_]+)?$",
                                 examples=["outcome:12:proxy", "analysis:discount_rate", ""])]


# ---------------------------------------------------------------- filters


class ImpactAnalysisFilters(Schema):
    q: str = Field("", max_length=200, description="Arabic-normalised search of titles and scope")
    kind: AnalysisKindCode | None = None
    organization: int | None = Field(None, ge=1, le=2**31 - 1, description="the preparing organisation (id)")
    currency: CurrencyCode | None = None


# ---------------------------------------------------------------- logic models


class ImpactLogicModelIn(BodySchema):
    assumptions_ar: Annotated[str, text(4000)] = ""
    assumptions_en: Annotated[str, text(4000)] = ""
    external_factors_ar: Annotated[str, text(4000)] = ""
    external_factors_en: Annotated[str, text(4000)] = ""


class ImpactItemCreate(ChangeSchema):
    stage: StageCode
    text_ar: Annotated[str, text(500, 2)]
    text_en: Annotated[str, text(500)] = ""
    position: Position | None = Field(None, json_schema_extra=not_null)
    indicator_id: BodyId | None = Field(None, description="an indicator of the owner's results (outputs and "
                                                          "outcomes only)")


class ImpactItemPatch(ChangeSchema):
    stage: StageCode | None = Field(None, json_schema_extra=not_null)
    text_ar: Annotated[str, text(500, 2)] | None = Field(None, json_schema_extra=not_null)
    text_en: Annotated[str, text(500)] | None = Field(None, json_schema_extra=not_null)
    position: Position | None = Field(None, json_schema_extra=not_null)
    indicator_id: BodyId | None = Field(None, description="null unlinks the indicator")


class ImpactItemOut(Schema):
    id: int
    stage: StageCode
    text: str
    text_ar: str
    text_en: str
    position: int
    indicator: Ref | None
    indicator_value: str | None = Field(description="the indicator's approved value")


class ImpactLogicModelOut(Schema):
    exists: bool
    owner_kind: OwnerKindCode
    owner_id: int
    assumptions_ar: str
    assumptions_en: str
    external_factors_ar: str
    external_factors_en: str
    updated_at: datetime.datetime | None
    may_change: bool
    items: list[ImpactItemOut] = Field(description="in the chain's order: inputs → activities → outputs → "
                                                   "outcomes → impact")


# ---------------------------------------------------------------- analyses


class ImpactAnalysisCreate(BodySchema):
    title_ar: Annotated[str, text(250, 3)]
    title_en: Annotated[str, text(250)] = ""
    kind: AnalysisKindCode = "forecast"
    scope_ar: Annotated[str, text(4000)] = ""
    scope_en: Annotated[str, text(4000)] = ""
    currency: CurrencyCode = "SAR"
    discount_rate: Percent = "3.5"
    start_year: StartYear | None = Field(None, description="this year if left out or null")
    sensitivity_points: Percent = "10"
    sensitivity_proxy_percent: Percent = "20"
    sensitivity_rate_low: Percent = Field("0", description="not above sensitivity_rate_high")
    sensitivity_rate_high: Percent = "7"


class ImpactAnalysisPatch(ChangeSchema):
    title_ar: Annotated[str, text(250, 3)] | None = Field(None, json_schema_extra=not_null)
    title_en: Annotated[str, text(250)] | None = Field(None, json_schema_extra=not_null)
    kind: AnalysisKindCode | None = Field(None, json_schema_extra=not_null)
    scope_ar: Annotated[str, text(4000)] | None = Field(None, json_schema_extra=not_null)
    scope_en: Annotated[str, text(4000)] | None = Field(None, json_schema_extra=not_null)
    currency: CurrencyCode | None = Field(None, json_schema_extra=not_null)
    discount_rate: Percent | None = Field(None, json_schema_extra=not_null)
    start_year: StartYear | None = Field(None, json_schema_extra=not_null)
    sensitivity_points: Percent | None = Field(None, json_schema_extra=not_null)
    sensitivity_proxy_percent: Percent | None = Field(None, json_schema_extra=not_null)
    sensitivity_rate_low: Percent | None = Field(None, json_schema_extra=not_null,
                                                 description="not above sensitivity_rate_high (as stored)")
    sensitivity_rate_high: Percent | None = Field(None, json_schema_extra=not_null)


class ImpactReturnIn(BodySchema):
    """Returning an analysis to its preparers says what to revise."""

    comment: Annotated[str, text(4000, 3)]


class ImpactAnalysisRow(Schema):
    id: int
    title: str
    title_ar: str
    title_en: str
    kind: AnalysisKindCode
    status: AnalysisStatusCode
    version: int
    series: int | None
    is_current: bool
    owner_kind: str
    owner_id: int
    organization: Ref
    currency: str
    discount_rate: str
    start_year: int
    total_investment: str
    present_value: str
    net_present_value: str
    ratio: str | None = Field(description="present value ÷ investment, four places (\"1 : ratio\")")
    net_ratio: str | None
    payback_months: str | None
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


class ImpactStakeholderCreate(ChangeSchema):
    name_ar: Annotated[str, text(200, 2)]
    name_en: Annotated[str, text(200)] = ""
    description_ar: Annotated[str, text(2000)] = ""
    description_en: Annotated[str, text(2000)] = ""
    size: People | None = None
    position: Position | None = Field(None, json_schema_extra=not_null)


class ImpactStakeholderPatch(ChangeSchema):
    name_ar: Annotated[str, text(200, 2)] | None = Field(None, json_schema_extra=not_null)
    name_en: Annotated[str, text(200)] | None = Field(None, json_schema_extra=not_null)
    description_ar: Annotated[str, text(2000)] | None = Field(None, json_schema_extra=not_null)
    description_en: Annotated[str, text(2000)] | None = Field(None, json_schema_extra=not_null)
    size: People | None = None
    position: Position | None = Field(None, json_schema_extra=not_null)


class ImpactStakeholderOut(Schema):
    id: int
    name: str
    name_ar: str
    name_en: str
    description_ar: str
    description_en: str
    size: int | None
    position: int


class _InvestmentCommon(ChangeSchema):
    description_ar: Annotated[str, text(300, 2)]
    description_en: Annotated[str, text(300)] = ""
    contributor: Annotated[str, text(200)] = ""
    grade: GradeCode = "assumed"
    position: Position | None = Field(None, json_schema_extra=not_null)


class ImpactAmountIn(_InvestmentCommon):
    """Cash: an amount."""

    # One kind per variant (as the outcomes' quantity sources): schemathesis's invalid variant of a two-value enum
    # sent a valid kind (contract run, seed 4242).
    kind: Literal["cash"]
    amount: Money


class ImpactInKindIn(_InvestmentCommon):
    """In kind: an amount (its value)."""

    kind: Literal["in_kind"]
    amount: Money


class ImpactVolunteerTimeIn(_InvestmentCommon):
    """Volunteer time: hours × the value of an hour, on a stated basis."""

    kind: Literal["volunteer_time"]
    hours: Hours
    hourly_value: HourValue
    valuation_basis: Annotated[str, text(300, 3)]


ImpactInvestmentIn = Annotated[ImpactAmountIn | ImpactInKindIn | ImpactVolunteerTimeIn,
                              Field(discriminator="kind")]


class ImpactInvestmentOut(Schema):
    id: int
    kind: InvestmentKindCode
    description: str
    description_ar: str
    description_en: str
    contributor: str
    amount: str | None
    hours: str | None
    hourly_value: str | None
    valuation_basis: str
    value: str = Field(description="the amount, or hours × the value of an hour")
    grade: GradeCode
    position: int


class _OutcomeCommon(ChangeSchema):
    stakeholder_id: BodyId = Field(description="a stakeholder group of this analysis")
    title_ar: Annotated[str, text(300, 3)]
    title_en: Annotated[str, text(300)] = ""
    unit_ar: Annotated[str, text(60)] = ""
    unit_en: Annotated[str, text(60)] = ""
    proxy: Figure
    proxy_description_ar: Annotated[str, text(300)] = ""
    proxy_description_en: Annotated[str, text(300)] = ""
    proxy_source: Annotated[str, text(500)] = ""
    duration: Duration = 1
    deadweight: Percent = "0"
    displacement: Percent = "0"
    attribution: Percent = "0"
    drop_off: Percent = "0"
    quantity_grade: GradeCode = "assumed"
    proxy_grade: GradeCode = "assumed"
    deadweight_grade: GradeCode = "assumed"
    displacement_grade: GradeCode = "assumed"
    attribution_grade: GradeCode = "assumed"
    drop_off_grade: GradeCode = "assumed"
    position: Position | None = Field(None, json_schema_extra=not_null)


class ImpactTypedOutcomeIn(_OutcomeCommon):
    """The quantity entered."""

    quantity_source: Literal["typed"]
    quantity: Figure


class ImpactIndicatorOutcomeIn(_OutcomeCommon):
    """The quantity taken from an indicator's approved value (0 until one is approved)."""

    quantity_source: Literal["indicator"]
    indicator_id: BodyId = Field(description="an indicator of the owner's results")


ImpactOutcomeIn = Annotated[ImpactTypedOutcomeIn | ImpactIndicatorOutcomeIn, Field(discriminator="quantity_source")]


class ImpactYearOut(Schema):
    year: int
    value: str
    present_value: str


class ImpactOutcomeOut(Schema):
    id: int
    stakeholder_id: int
    title: str
    title_ar: str
    title_en: str
    quantity_source: Literal["typed", "indicator"]
    indicator: Ref | None
    quantity: str
    unit_ar: str
    unit_en: str
    proxy: str
    proxy_description_ar: str
    proxy_description_en: str
    proxy_source: str
    duration: int
    deadweight: str
    displacement: str
    attribution: str
    drop_off: str
    quantity_grade: GradeCode
    proxy_grade: GradeCode
    deadweight_grade: GradeCode
    displacement_grade: GradeCode
    attribution_grade: GradeCode
    drop_off_grade: GradeCode
    position: int
    value_year_one: str
    present_value: str
    years: list[ImpactYearOut] = Field(description="the value and present value in each year of its duration")


class ImpactTotalsOut(Schema):
    total_investment: str
    present_value: str
    net_present_value: str
    ratio: str | None
    net_ratio: str | None
    payback_months: str | None
    investment_by_kind: dict[str, str]
    years: list[ImpactYearOut] = Field(description="every outcome's value and present value per year")


class ImpactAnalysisOut(Schema):
    id: int
    title: str
    title_ar: str
    title_en: str
    kind: AnalysisKindCode
    scope_ar: str
    scope_en: str
    status: AnalysisStatusCode
    version: int
    series: int | None
    previous_id: int | None
    is_current: bool
    owner_kind: str
    owner_id: int
    organization: Ref
    currency: str
    discount_rate: str
    start_year: int
    sensitivity_points: str
    sensitivity_proxy_percent: str
    sensitivity_rate_low: str
    sensitivity_rate_high: str
    submitted_at: datetime.datetime | None
    published_at: datetime.datetime | None
    updated_at: datetime.datetime
    totals: ImpactTotalsOut
    stakeholders: list[ImpactStakeholderOut]
    investments: list[ImpactInvestmentOut]
    outcomes: list[ImpactOutcomeOut]
    problems: list[str] = Field(description="what stops it from going to review (for its preparers)")
    may_change: bool
    may_submit: bool
    may_review: bool
    may_revise: bool
    may_delete: bool
    may_comment: bool


class ImpactVersionOut(Schema):
    id: int
    version: int
    status: AnalysisStatusCode
    is_current: bool
    published_at: datetime.datetime | None
    ratio: str | None


class ImpactRunOut(Schema):
    parameter: str = Field(description="deadweight, displacement, attribution, drop_off, proxy or discount_rate")
    outcome_id: int | None = Field(description="null for the discount rate")
    outcome: str
    base_value: str
    low_value: str
    high_value: str
    ratio_at_low: str | None
    ratio_at_high: str | None
    swing: str
    break_even: str | None = Field(description="the value at which the ratio is exactly 1, if any")


class ImpactSensitivityOut(Schema):
    ratio: str | None
    reduction_points: str
    proxy_percent: str
    rate_low: str
    rate_high: str
    runs: list[ImpactRunOut] = Field(description="the tornado's order: what moves the ratio most first")


class ImpactCommentIn(BodySchema):
    body: Annotated[str, text(4000, 2)]
    figure: FigureKey = ""


class ImpactResolveIn(BodySchema):
    resolved: BodyBool = True


class ImpactCommentOut(Schema):
    id: int
    figure: str
    author: str
    body: str
    resolved: bool
    created_at: datetime.datetime


class ImpactReviewerIn(BodySchema):
    user_id: BodyId
    note: Annotated[str, text(300)] = ""


class ImpactReviewerOut(Schema):
    id: int
    user_id: int
    name: str
    note: str
    added_at: datetime.datetime
