"""The SROI rules against examples worked by hand (the arithmetic is written out beside each figure)."""

from decimal import Decimal as D

import pytest

from musharaka.impact import sroi

# Example 1: a youth employment programme, two stakeholder groups, all four reductions, drop-off and discounting.
JOBS = sroi.OutcomeFigures(key="jobs", quantity=D(120), proxy=D(18000), duration=3, deadweight=D(25),
                           displacement=D(10), attribution=D(20), drop_off=D(30))
FAMILIES = sroi.OutcomeFigures(key="families", quantity=D(40), proxy=D("2500.50"), duration=2, deadweight=D(10),
                               displacement=D(0), attribution=D(35), drop_off=D(50))
# 900,000 cash + 150,000 in kind + 2,000 volunteer hours × 25 = 1,100,000
EXAMPLE = sroi.Figures(outcomes=(JOBS, FAMILIES), investment=D(1_100_000), discount_rate=D("3.5"))

# Example 2: one outcome, no reductions, no discounting, a steep drop-off.
COURSES = sroi.OutcomeFigures(key="courses", quantity=D(50), proxy=D(1000), duration=5, drop_off=D(20))
UNDISCOUNTED = sroi.Figures(outcomes=(COURSES,), investment=D(120_000), discount_rate=D(0))


def test_the_yearly_values_apply_the_four_reductions_then_the_drop_off():
    # 120 × 18,000 = 2,160,000; × 0.75 = 1,620,000; × 0.90 = 1,458,000; × 0.80 = 1,166,400
    # then × 0.70 each year: 816,480; 571,536
    assert sroi.yearly_values(JOBS) == (D(1_166_400), D(816_480), D(571_536))
    # 40 × 2,500.50 = 100,020; × 0.90 = 90,018; × 1 (no displacement); × 0.65 = 58,511.70; × 0.50 = 29,255.85
    assert sroi.yearly_values(FAMILIES) == (D("58511.70"), D("29255.85"))


def test_the_hand_worked_example_to_the_cent():
    computation = sroi.compute(EXAMPLE)
    jobs, families = computation.outcomes
    # 1,166,400 ÷ 1.035 + 816,480 ÷ 1.035² + 571,536 ÷ 1.035³
    # = 1,126,956.5217… + 762,192.8166… + 515,492.7262… = 2,404,642.0646…
    assert sroi.money(jobs.present_value) == D("2404642.06")
    # 58,511.70 ÷ 1.035 + 29,255.85 ÷ 1.035² = 56,533.0435… + 27,310.6490… = 83,843.6925…
    assert sroi.money(families.present_value) == D("83843.69")
    # Rounded once at the end: 2,488,485.7571… (not 2,404,642.06 + 83,843.69 = 2,488,485.75)
    assert computation.present_value == D("2488485.76")
    assert computation.investment == D("1100000.00")
    assert computation.net_present_value == D("1388485.76")
    assert computation.ratio == D("2.2623")  # 2,488,485.7571… ÷ 1,100,000 = 2.26226…
    assert computation.net_ratio == D("1.2623")
    # Year 1's present value, 1,183,489.57, passes 1,100,000: 12 × 1,100,000 ÷ 1,183,489.57 = 11.15 months
    assert computation.payback_months == D("11.2")
    assert [sroi.money(value) for value in computation.yearly_present_values] == [
        D("1183489.57"), D("789503.47"), D("515492.73")]


def test_an_undiscounted_example_with_a_steep_drop_off():
    computation = sroi.compute(UNDISCOUNTED)
    # 50,000 + 40,000 + 32,000 + 25,600 + 20,480 = 168,080
    assert computation.present_value == D("168080.00")
    assert computation.ratio == D("1.4007")  # 168,080 ÷ 120,000 = 1.40066…
    # 50,000 + 40,000 = 90,000 after two years; 30,000 of 32,000 more: 12 × (2 + 30/32) = 35.25 months
    assert computation.payback_months == D("35.3")


def test_the_break_even_of_figures_the_present_value_is_linear_in():
    # The families' outcome gives 83,843.6925…; the jobs must give the remaining 1,016,156.3074…
    # Per riyal of proxy the jobs give 2,404,642.0646… ÷ 18,000 = 133.5912…: a proxy of 7,606.46
    assert sroi.break_even(EXAMPLE, "proxy", "jobs") == D("7606.46")
    # Without deadweight the jobs give 2,404,642.0646… ÷ 0.75 = 3,206,189.4194…;
    # 1 − 1,016,156.3074… ÷ 3,206,189.4194… = 68.31 %
    assert sroi.break_even(EXAMPLE, "deadweight", "jobs") == D("68.31")


def test_the_break_even_of_the_drop_off_and_the_discount_rate():
    # Ratio 1 needs 50,000 × (1 + x + x² + x³ + x⁴) = 120,000 with x = 1 − drop-off: x = 0.6222, drop-off 37.78 %
    assert sroi.break_even(UNDISCOUNTED, "drop_off", "courses") == D("37.78")
    # Σ 50,000 × 0.8^(t−1) ÷ (1 + r)^t = 120,000 at r = 14.83 %
    assert sroi.break_even(UNDISCOUNTED, "discount_rate") == D("14.83")
    assert sroi.break_even(EXAMPLE, "discount_rate") == D("73.11")


@pytest.mark.parametrize(("parameter", "key"), [("drop_off", "jobs"), ("attribution", "families"),
                                                 ("proxy", "families")])
def test_there_is_no_break_even_when_no_value_brings_the_ratio_to_one(parameter, key):
    # Even at 100 % drop-off the jobs' first year (1,126,956.52) plus the families pass the investment; and the
    # families' outcome alone can neither fall nor rise enough to change which side of 1 the ratio is on.
    assert sroi.break_even(EXAMPLE, parameter, key) is None


def test_the_break_even_values_bring_the_ratio_to_one():
    for parameter, key in (("proxy", "jobs"), ("deadweight", "jobs"), ("displacement", "jobs"),
                           ("attribution", "jobs")):
        value = sroi.break_even(EXAMPLE, parameter, key)
        changed = sroi.Figures(outcomes=(sroi._with_outcome(EXAMPLE, key, **{parameter: value}).outcomes),
                               investment=EXAMPLE.investment, discount_rate=EXAMPLE.discount_rate)
        assert abs(sroi.compute(changed).ratio - 1) <= D("0.0002"), parameter


def test_the_tornado_orders_the_runs_by_swing_and_states_each_range():
    runs = sroi.sensitivity(EXAMPLE, sroi.Ranges(reduction_points=D(10), proxy_percent=D(20), rate_low=D(0),
                                                 rate_high=D(7)))
    assert len(runs) == 2 * 5 + 1
    assert [run.swing for run in runs] == sorted((run.swing for run in runs), reverse=True)
    top = runs[0]
    # The jobs' proxy ± 20 %: the ratio moves with it almost in proportion (the families' part stays).
    assert (top.parameter, top.outcome_key, top.low_value, top.high_value) == ("proxy", "jobs", D("14400.0000"),
                                                                               D("21600.0000"))
    assert top.ratio_at_low < sroi.compute(EXAMPLE).ratio < top.ratio_at_high
    rate = next(run for run in runs if run.parameter == sroi.DISCOUNT_RATE)
    assert (rate.low_value, rate.high_value, rate.ratio_at_low > rate.ratio_at_high) == (D(0), D(7), True)
    # Reductions are clamped to 0–100: the families' displacement of 0 runs from 0 to 10.
    displacement = next(run for run in runs if run.parameter == "displacement" and run.outcome_key == "families")
    assert (displacement.low_value, displacement.high_value) == (D(0), D(10))


def test_no_investment_means_no_ratio_and_no_break_even():
    empty = sroi.Figures(outcomes=(COURSES,), investment=D(0), discount_rate=D(0))
    computation = sroi.compute(empty)
    assert (computation.ratio, computation.net_ratio, computation.payback_months) == (None, None, D(0))
    assert sroi.break_even(empty, "proxy", "courses") is None
