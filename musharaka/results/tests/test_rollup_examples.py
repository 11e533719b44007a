"""Hand-worked roll-ups: each figure below was worked out on paper from the rules in rollup.py's docstring."""

import datetime
from decimal import Decimal

from musharaka.results import rollup, selectors
from musharaka.results.models import Dimension

F = rollup.Figures
H1 = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), "100")
H2 = (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31), "150")


def test_example_survey_percentages_are_pooled_not_averaged():
    # Survey 1: 9 of 10 satisfied (90 %); survey 2: 300 of 1,000 (30 %). Pooled: 309 / 1,010 = 30.5940…%,
    # whereas the mean of the two percentages would be 60 %.
    actual = rollup.combine("percentage", False, [F(numerator=Decimal(9), denominator=Decimal(10)),
                                                   F(numerator=Decimal(300), denominator=Decimal(1000))])
    assert actual.quantize(Decimal("0.0001")) == Decimal("30.5941")


def test_example_lower_is_better_progress():
    # Dropout rate from a baseline of 20 % to a target of 10 %; now 14 %: (20 − 14) ÷ (20 − 10) = 0.6.
    assert rollup.progress(actual=Decimal(14), target=Decimal(10), baseline=Decimal(20), ascending=False) \
        == Decimal("0.6")
    # Worse than the baseline is no progress, beyond the target is all of it.
    assert rollup.progress(actual=Decimal(25), target=Decimal(10), baseline=Decimal(20), ascending=False) == 0
    assert rollup.progress(actual=Decimal(5), target=Decimal(10), baseline=Decimal(20), ascending=False) == 1


def test_example_trainees_over_two_half_years_through_the_services(results_world):
    world = results_world()
    indicator = world.indicator(baseline="10", periods=(H1, H2))
    first, second = indicator.periods.order_by("start")
    world.report(first, value="30")
    world.report(first, value="25")
    world.report(second, value="40")
    world.report(second, value="1000", approve=False)  # pending: does not count
    first.refresh_from_db()
    second.refresh_from_db()
    indicator.refresh_from_db()
    assert (first.actual_value, second.actual_value) == (55, 40)
    # 95 trained against a target of 100 + 150 = 250 from a baseline of 10: (95 − 10) ÷ (250 − 10) = 0.3541…
    assert indicator.actual_value == 95 and indicator.progress == Decimal("0.3542")
    assert second.pending_count == 1


def test_example_cumulative_households_take_the_latest_figure(results_world):
    world = results_world()
    indicator = world.indicator(cumulative=True, periods=(H1, H2))
    first, second = indicator.periods.order_by("start")
    world.report(first, value="40")
    world.report(first, value="70")  # the running total, not 70 more
    indicator.refresh_from_db()
    assert indicator.actual_value == 70 and indicator.progress == Decimal("0.4667")  # 70 ÷ 150 (latest target)
    world.report(second, value="120")
    indicator.refresh_from_db()
    assert indicator.actual_value == 120 and indicator.progress == Decimal("0.8")


def test_example_breakdown_by_sex_with_what_is_not_specified(results_world):
    world = results_world()
    sex = {v.code: v for v in Dimension.objects.get(code="sex").values.all()}
    indicator = world.indicator(dimensions=("sex",), periods=(H1,))
    period = indicator.periods.get()
    # Update 1: 30 trained, 18 women and 12 men (complete); update 2: 20 trained, 8 women, men not given.
    world.report(period, value="30", breakdown={sex["female"].pk: {"value": "18"}, sex["male"].pk: {"value": "12"}})
    world.report(period, value="20", breakdown={sex["female"].pk: {"value": "8"}})
    [block] = selectors.indicator_page(indicator, user=world.admin)["dimensions"]
    assert dict((v.code, a) for v, a in block.rows) == {"female": 26, "male": 12}
    assert block.unspecified == 12 and block.complete is False  # 50 − 26 − 12
