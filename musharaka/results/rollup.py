"""How approved updates add up: pure functions over figures, with no database, so that the rules can be read in
one place and checked by hand and by property tests.

The rules, as the pages state them:
- Only approved updates count.
- Number indicators: an update adds what was achieved since the last one, so a period's actual is the sum of its
  updates. A *cumulative* indicator's update states the total reached so far instead, so the period's actual is its
  latest update's value.
- Percentage indicators: updates give a numerator and a denominator; the actual is 100 × Σ numerators ÷ Σ
  denominators (never the mean of percentages, which would weigh a survey of 10 people like one of 1,000). A
  cumulative percentage takes the latest update's own fraction.
- Across periods the indicator's actual follows the same rule: sums (or pooled fractions) over every period, or, when
  cumulative, the latest period that has an approved update.
- Qualitative indicators have no figure.
- A breakdown (sex, age group…) adds each value's figures the same way. It is *complete* when every update gave every
  value of the dimension and the values add up to the total; otherwise the page shows what is missing as
  "not specified" rather than scaling anything up.
- Progress towards the target: (actual − baseline) ÷ (target − baseline) when higher is better, (baseline − actual) ÷
  (baseline − target) when lower is better, a missing baseline counted as 0, clamped to 0…1; none without a target or
  when the target equals the baseline.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class Figures:
    """One approved update's figures (value for numbers; numerator and denominator for percentages)."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    # Figures per dimension value code, e.g. {"female": Figures(value=40)}.
    parts: dict[str, "Figures"] = field(default_factory=dict)


def percentage(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if denominator == 0:
        return None
    return HUNDRED * numerator / denominator


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    return sum(present, ZERO) if present else None


def _pooled(updates: Sequence[Figures]) -> tuple[Decimal, Decimal] | None:
    pairs = [(u.numerator, u.denominator) for u in updates if u.numerator is not None and u.denominator is not None]
    if not pairs:
        return None
    return sum((n for n, _ in pairs), ZERO), sum((d for _, d in pairs), ZERO)


def combine(measure: str, cumulative: bool, updates: Sequence[Figures]) -> Decimal | None:
    """The actual of approved updates in order (oldest first): a period's, or an indicator's over its periods'
    updates. See the module's rules."""
    if measure == "qualitative" or not updates:
        return None
    if cumulative:
        latest = updates[-1]
        if measure == "percentage":
            if latest.numerator is None or latest.denominator is None:
                return None
            return percentage(latest.numerator, latest.denominator)
        return latest.value
    if measure == "percentage":
        pooled = _pooled(updates)
        return percentage(*pooled) if pooled else None
    return _sum(u.value for u in updates)


def indicator_actual(measure: str, cumulative: bool, periods: Sequence[Sequence[Figures]]) -> Decimal | None:
    """The indicator's actual from its periods' approved updates (periods in date order, updates oldest first)."""
    if cumulative:
        for updates in reversed(periods):
            if updates:
                return combine(measure, cumulative, updates)
        return None
    return combine(measure, cumulative, [update for updates in periods for update in updates])


def overall_target(measure: str, cumulative: bool, targets: Sequence[Decimal | None]) -> Decimal | None:
    """The indicator's target over its periods (in date order): the sum of the periods' targets for a number that
    adds up period by period; otherwise (cumulative, or a percentage) the latest period's target."""
    if measure == "qualitative":
        return None
    if measure == "unit" and not cumulative:
        return _sum(targets)
    for target in reversed(targets):
        if target is not None:
            return target
    return None


def progress(*, actual: Decimal | None, target: Decimal | None, baseline: Decimal | None,
             ascending: bool) -> Decimal | None:
    """Share of the way from the baseline to the target, 0…1 (see the module's rules)."""
    if actual is None or target is None:
        return None
    start = baseline if baseline is not None else ZERO
    span = (target - start) if ascending else (start - target)
    if span <= 0:
        return None
    moved = (actual - start) if ascending else (start - actual)
    return min(ONE, max(ZERO, moved / span))


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    if not present:
        return None
    return sum(present, ZERO) / len(present)


@dataclass(frozen=True)
class Breakdown:
    """One dimension's figures: the actual per value, what is not specified, and whether the breakdown is complete."""

    by_value: dict[str, Decimal | None]
    unspecified: Decimal | None
    complete: bool


def breakdown(measure: str, cumulative: bool, updates: Sequence[Figures], value_codes: Sequence[str]) -> Breakdown:
    """The dimension's figures over the approved updates (oldest first), by the same rule as the total."""
    total = combine(measure, cumulative, updates)
    by_value: dict[str, Decimal | None] = {}
    every_update_gave_every_value = True
    for code in value_codes:
        parts = [u.parts[code] for u in updates if code in u.parts]
        if len(parts) < len(updates):
            every_update_gave_every_value = False
        if cumulative:
            # The latest update's breakdown, as for the total: a value it does not give is unknown.
            by_value[code] = combine(measure, True, [updates[-1].parts[code]]) if updates and code in updates[-1].parts \
                else None
        else:
            by_value[code] = combine(measure, False, parts) if parts else None
    unspecified: Decimal | None = None
    complete = every_update_gave_every_value and bool(updates)
    if measure == "percentage":
        # Fractions do not add up across values; completeness is that every update gave every value's denominator
        # and they add up to the update's own.
        for update in updates:
            given = [update.parts[c].denominator for c in value_codes if c in update.parts]
            if update.denominator is None or None in given or sum((g for g in given if g is not None), ZERO) \
                    != update.denominator:
                complete = False
        return Breakdown(by_value=by_value, unspecified=None, complete=complete)
    if total is not None:
        specified = sum((v for v in by_value.values() if v is not None), ZERO)
        unspecified = total - specified
        if unspecified != 0:
            complete = False
    return Breakdown(by_value=by_value, unspecified=unspecified, complete=complete)
