"""The SROI computation, as pure functions over Decimal figures (no database): what the services keep on the
analysis, what the pages and the workbook show, and what the tests check against hand-worked examples.

The rules, after the published SROI method (stakeholders → inputs → outcomes → evidence → impact → ratio):

- An outcome's value in year 1 = quantity × financial proxy × (1 − deadweight) × (1 − displacement)
  × (1 − attribution); each later year = the year before × (1 − drop-off), for the outcome's duration in years.
- The present value (PV) discounts every year, the first included: PV = Σ value(t) ÷ (1 + r)^t, t = 1 … duration,
  with r the discount rate stored on the analysis.
- SROI ratio = PV of the impact ÷ the total investment; net present value = PV − investment; net SROI ratio =
  net present value ÷ investment.
- Payback period: the months until the cumulative present value reaches the investment, counted linearly within
  the year in which it does; none when the total present value never reaches it.
- Percentages are given as percents (12.5 means 12.5 %). Nothing is rounded while computing (a 34-digit decimal
  context); money is rounded once, at the end, to the analysis currency's minor unit, the ratios to four places.

Sensitivity varies one figure at a time over a stated range (each outcome's deadweight, displacement, attribution,
drop-off and proxy; the discount rate) and reports the ratio at both ends; the tornado orders the figures by how
far they move the ratio. The break-even value of a figure is the value at which the ratio is exactly 1 (the
present value equals the investment): solved exactly for the figures the present value is linear in, by bisection
for the drop-off and the discount rate (monotone), and none when no value within the figure's domain reaches it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext

PRECISION = 34
HUNDRED = Decimal(100)
ONE = Decimal(1)
ZERO = Decimal(0)
RATIO_STEP = Decimal("0.0001")
PERCENT_STEP = Decimal("0.01")
MONTHS_STEP = Decimal("0.1")
MAX_RATE = Decimal(1000)  # percent: the highest discount rate the break-even search looks at
BISECTION_STEPS = 200

REDUCTIONS = ("deadweight", "displacement", "attribution")
OUTCOME_PARAMETERS = ("deadweight", "displacement", "attribution", "drop_off", "proxy")
DISCOUNT_RATE = "discount_rate"


@dataclass(frozen=True)
class OutcomeFigures:
    key: int | str  # the outcome's id (or a label in examples)
    quantity: Decimal
    proxy: Decimal
    duration: int  # years
    deadweight: Decimal = ZERO  # percents
    displacement: Decimal = ZERO
    attribution: Decimal = ZERO
    drop_off: Decimal = ZERO


@dataclass(frozen=True)
class Figures:
    outcomes: tuple[OutcomeFigures, ...]
    investment: Decimal
    discount_rate: Decimal  # percent
    minor_unit: int = 2  # the currency's decimal places


@dataclass(frozen=True)
class OutcomeValue:
    key: int | str
    year_one: Decimal  # unrounded
    years: tuple[Decimal, ...]  # unrounded value in each year
    present_values: tuple[Decimal, ...]  # unrounded, each year discounted
    present_value: Decimal  # unrounded sum


@dataclass(frozen=True)
class Computation:
    outcomes: tuple[OutcomeValue, ...]
    yearly_values: tuple[Decimal, ...]  # every outcome's value per year (unrounded)
    yearly_present_values: tuple[Decimal, ...]
    present_value: Decimal  # rounded to the currency
    investment: Decimal  # rounded to the currency
    net_present_value: Decimal  # rounded to the currency
    ratio: Decimal | None  # rounded to four places; None without an investment
    net_ratio: Decimal | None
    payback_months: Decimal | None  # one decimal; None when the investment is never paid back


def _fraction(percent: Decimal) -> Decimal:
    return percent / HUNDRED


def year_one_value(outcome: OutcomeFigures) -> Decimal:
    value = outcome.quantity * outcome.proxy
    for name in REDUCTIONS:
        value *= ONE - _fraction(getattr(outcome, name))
    return value


def yearly_values(outcome: OutcomeFigures) -> tuple[Decimal, ...]:
    with localcontext() as context:
        context.prec = PRECISION
        values = [year_one_value(outcome)]
        keep = ONE - _fraction(outcome.drop_off)
        for _year in range(1, outcome.duration):
            values.append(values[-1] * keep)
        return tuple(values)


def discount_factors(rate: Decimal, years: int) -> tuple[Decimal, ...]:
    """1 ÷ (1 + r)^t for t = 1 … years."""
    with localcontext() as context:
        context.prec = PRECISION
        base = ONE + _fraction(rate)
        return tuple(ONE / base ** year for year in range(1, years + 1))


def outcome_value(outcome: OutcomeFigures, rate: Decimal) -> OutcomeValue:
    with localcontext() as context:
        context.prec = PRECISION
        years = yearly_values(outcome)
        factors = discount_factors(rate, len(years))
        present = tuple(value * factor for value, factor in zip(years, factors, strict=True))
        return OutcomeValue(key=outcome.key, year_one=years[0], years=years, present_values=present,
                            present_value=sum(present, ZERO))


def money(value: Decimal, minor_unit: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-minor_unit), rounding=ROUND_HALF_UP)


def _sum_by_year(series: Iterable[Sequence[Decimal]]) -> tuple[Decimal, ...]:
    totals: list[Decimal] = []
    for values in series:
        for index, value in enumerate(values):
            if index == len(totals):
                totals.append(ZERO)
            totals[index] += value
    return tuple(totals)


def payback_months(yearly_present_values: Sequence[Decimal], investment: Decimal) -> Decimal | None:
    """Months until the cumulative present value reaches the investment (linear within the year)."""
    if investment <= 0:
        return ZERO if investment == 0 else None
    with localcontext() as context:
        context.prec = PRECISION
        reached = ZERO
        for index, value in enumerate(yearly_present_values):
            if value > 0 and reached + value >= investment:
                months = Decimal(12) * (index + (investment - reached) / value)
                return months.quantize(MONTHS_STEP, rounding=ROUND_HALF_UP)
            reached += value
    return None


def present_value(figures: Figures) -> Decimal:
    """The unrounded present value of every outcome (the quantity the break-even searches drive to the investment)."""
    with localcontext() as context:
        context.prec = PRECISION
        return sum((outcome_value(outcome, figures.discount_rate).present_value for outcome in figures.outcomes),
                   ZERO)


def compute(figures: Figures) -> Computation:
    with localcontext() as context:
        context.prec = PRECISION
        values = tuple(outcome_value(outcome, figures.discount_rate) for outcome in figures.outcomes)
        total = sum((value.present_value for value in values), ZERO)
        yearly = _sum_by_year(value.years for value in values)
        yearly_present = _sum_by_year(value.present_values for value in values)
        investment = figures.investment
        net = total - investment
        ratio = (total / investment).quantize(RATIO_STEP, rounding=ROUND_HALF_UP) if investment > 0 else None
        net_ratio = (net / investment).quantize(RATIO_STEP, rounding=ROUND_HALF_UP) if investment > 0 else None
        return Computation(
            outcomes=values, yearly_values=yearly, yearly_present_values=yearly_present,
            present_value=money(total, figures.minor_unit), investment=money(investment, figures.minor_unit),
            net_present_value=money(net, figures.minor_unit), ratio=ratio, net_ratio=net_ratio,
            payback_months=payback_months(yearly_present, investment))


# ---------------------------------------------------------------- sensitivity


@dataclass(frozen=True)
class Ranges:
    """The stated range of each sensitivity run: reductions and drop-off move by ± points (clamped to 0–100),
    proxies by ± a percentage of their value, the discount rate between two rates."""

    reduction_points: Decimal = Decimal(10)
    proxy_percent: Decimal = Decimal(20)
    rate_low: Decimal = ZERO
    rate_high: Decimal = Decimal(7)


@dataclass(frozen=True)
class Run:
    parameter: str  # one of OUTCOME_PARAMETERS, or DISCOUNT_RATE
    outcome_key: int | str | None  # None for the discount rate
    base_value: Decimal
    low_value: Decimal
    high_value: Decimal
    ratio_at_low: Decimal | None
    ratio_at_high: Decimal | None
    swing: Decimal  # |ratio at high − ratio at low|
    break_even: Decimal | None  # the value that makes the ratio exactly 1, if one within the domain does


def _without(outcome: OutcomeFigures, reduction: str) -> OutcomeFigures:
    """The outcome with one reduction at zero."""
    return replace(outcome, deadweight=ZERO if reduction == "deadweight" else outcome.deadweight,
                   displacement=ZERO if reduction == "displacement" else outcome.displacement,
                   attribution=ZERO if reduction == "attribution" else outcome.attribution)


def _with_outcome(figures: Figures, key, **changes) -> Figures:
    outcomes = tuple(replace(outcome, **changes) if outcome.key == key else outcome for outcome in figures.outcomes)
    return replace(figures, outcomes=outcomes)


def _ratio(figures: Figures) -> Decimal | None:
    if figures.investment <= 0:
        return None
    with localcontext() as context:
        context.prec = PRECISION
        return (present_value(figures) / figures.investment).quantize(RATIO_STEP, rounding=ROUND_HALF_UP)


def _clamp_percent(value: Decimal) -> Decimal:
    return min(max(value, ZERO), HUNDRED)


def _bisect(function, low: Decimal, high: Decimal) -> Decimal:
    """The root of a function that is decreasing on [low, high] and changes sign there."""
    with localcontext() as context:
        context.prec = PRECISION
        for _step in range(BISECTION_STEPS):
            middle = (low + high) / 2
            if function(middle) > 0:
                low = middle
            else:
                high = middle
            if high - low < Decimal("1e-12"):
                break
        return (low + high) / 2


def break_even(figures: Figures, parameter: str, key=None) -> Decimal | None:
    """The value of one figure at which the present value equals the investment (ratio 1), or None."""
    investment = figures.investment
    if investment <= 0:
        return None
    with localcontext() as context:
        context.prec = PRECISION
        if parameter == DISCOUNT_RATE:
            gap = lambda rate: present_value(replace(figures, discount_rate=rate)) - investment  # noqa: E731
            if gap(ZERO) < 0 or gap(MAX_RATE) > 0:
                return None
            return _bisect(gap, ZERO, MAX_RATE).quantize(PERCENT_STEP, rounding=ROUND_HALF_UP)
        outcome = next(outcome for outcome in figures.outcomes if outcome.key == key)
        others = present_value(replace(figures, outcomes=tuple(o for o in figures.outcomes if o.key != key)))
        needed = investment - others  # what this outcome's present value must be
        if parameter == "proxy":
            per_unit = outcome_value(replace(outcome, proxy=ONE), figures.discount_rate).present_value
            if per_unit <= 0 or needed < 0:
                return None
            return money(needed / per_unit, figures.minor_unit)
        if parameter in REDUCTIONS:
            unreduced = outcome_value(_without(outcome, parameter), figures.discount_rate).present_value
            if unreduced <= 0:
                return None
            percent = (ONE - needed / unreduced) * HUNDRED
            if not ZERO <= percent <= HUNDRED:
                return None
            return percent.quantize(PERCENT_STEP, rounding=ROUND_HALF_UP)
        if parameter == "drop_off":
            if outcome.duration < 2:
                return None  # a one-year outcome has nothing to drop off
            gap = lambda drop: outcome_value(  # noqa: E731
                replace(outcome, drop_off=drop), figures.discount_rate).present_value - needed
            if gap(ZERO) < 0 or gap(HUNDRED) > 0:
                return None
            return _bisect(gap, ZERO, HUNDRED).quantize(PERCENT_STEP, rounding=ROUND_HALF_UP)
    raise ValueError(f"unknown parameter {parameter!r}")


def sensitivity(figures: Figures, ranges: Ranges = Ranges()) -> tuple[Run, ...]:
    """One run per figure, ordered for the tornado chart: the largest swing of the ratio first."""
    runs = []
    points, spread = ranges.reduction_points, _fraction(ranges.proxy_percent)
    for outcome in figures.outcomes:
        for parameter in OUTCOME_PARAMETERS:
            base = outcome.proxy if parameter == "proxy" else getattr(outcome, parameter)
            if parameter == "proxy":
                low, high = money(base * (ONE - spread), 4), money(base * (ONE + spread), 4)
            else:
                low, high = _clamp_percent(base - points), _clamp_percent(base + points)
            runs.append(_run(figures, parameter, outcome.key, base, low, high,
                             lambda value, parameter=parameter, key=outcome.key: _with_outcome(
                                 figures, key, **{parameter: value})))
    runs.append(_run(figures, DISCOUNT_RATE, None, figures.discount_rate, ranges.rate_low, ranges.rate_high,
                     lambda value: replace(figures, discount_rate=value)))
    return tuple(sorted(runs, key=lambda run: -run.swing))


def _run(figures: Figures, parameter, key, base, low, high, changed) -> Run:
    at_low, at_high = _ratio(changed(low)), _ratio(changed(high))
    swing = abs(at_high - at_low) if at_low is not None and at_high is not None else ZERO
    return Run(parameter=parameter, outcome_key=key, base_value=base, low_value=low, high_value=high,
               ratio_at_low=at_low, ratio_at_high=at_high, swing=swing,
               break_even=break_even(figures, parameter, key))
