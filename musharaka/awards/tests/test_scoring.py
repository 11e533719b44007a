"""The jury's arithmetic (scoring.py) against examples worked by hand: every expected number below is a literal,
with its working in the comment beside it, never a value computed by the code under test."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from musharaka.awards import scoring
from musharaka.awards.scoring import Sheet, Standing

D = Decimal


# ---------------------------------------------------------------- (a) a judge's total, (b) the raw mean


def test_sheet_total_is_the_weighted_sum_over_ten():
    # 50×9 + 30×8 + 20×7 = 450 + 240 + 140 = 830; / 10 = 83
    assert scoring.sheet_total([(50, 9), (30, 8), (20, 7)]) == D("83")
    # 40×7 + 35×4 + 25×10 = 280 + 140 + 250 = 670; / 10 = 67
    assert scoring.sheet_total([(40, 7), (35, 4), (25, 10)]) == D("67")
    # 33×7 + 33×8 + 34×9 = 231 + 264 + 306 = 801; / 10 = 80.1 (exact to the tenth, weights and scores integers)
    assert scoring.sheet_total([(33, 7), (33, 8), (34, 9)]) == D("80.1")
    # all ten: 100×10 / 10 = 100; all zero: 0
    assert scoring.sheet_total([(50, 10), (30, 10), (20, 10)]) == D("100")
    assert scoring.sheet_total([(50, 0), (30, 0), (20, 0)]) == D("0")


def test_application_raw_score_is_the_mean_of_its_judges_totals():
    sheets = [Sheet(key=1, judge="j1", application="A", total=D("83"), heaviest=9),
              Sheet(key=2, judge="j2", application="A", total=D("67"), heaviest=7),
              Sheet(key=3, judge="j3", application="A", total=D("80.1"), heaviest=9)]
    result = scoring.round_result(["A"], sheets, normalised=False)
    standing = result.standings["A"]
    # (83 + 67 + 80.1) / 3 = 230.1 / 3 = 76.70
    assert standing.raw == D("76.70")
    # heaviest criterion's mean: (9 + 7 + 9) / 3 = 25 / 3 = 8.333… → 8.33; spread 83 − 67 = 16
    assert standing.heaviest == D("8.33") and standing.spread == D("16.00")
    assert (standing.judges, standing.rank, standing.tied) == (3, 1, False)


def test_an_application_without_submitted_sheets_is_not_ranked():
    sheets = [Sheet(key=1, judge="j1", application="A", total=D("50"), heaviest=5)]
    result = scoring.round_result(["A", "B"], sheets, normalised=False)
    assert result.standings["B"].raw is None and result.standings["B"].rank is None
    assert result.standings["A"].rank == 1


# ---------------------------------------------------------------- (c) z-scores


def test_population_standard_deviation_divides_by_n():
    # 60, 70, 80: mean 70, squared deviations 100 + 0 + 100 = 200; / 3 = 66.667; √ = 8.16497 (a sample σ: 10)
    assert scoring.round4(scoring.population_sd([D(60), D(70), D(80)])) == D("8.1650")
    # 50, 80, 80: mean 70, squares 400 + 100 + 100 = 600; / 3 = 200; √200 = 14.14214
    assert scoring.round4(scoring.population_sd([D(50), D(80), D(80)])) == D("14.1421")


def test_z_scores_of_one_judge_over_three_applications():
    z = scoring.z_scores({"A": D(60), "B": D(70), "C": D(80)})
    # σ = 8.164966; (60 − 70) / 8.164966 = −1.2247449; 0; +1.2247449
    assert {key: scoring.round4(value) for key, value in z.items()} == {
        "A": D("-1.2247"), "B": D("0.0000"), "C": D("1.2247")}


def test_a_judge_who_gives_everyone_the_same_total_has_z_zero():
    # σ = 0 → every z is 0 (not a division by zero)
    assert scoring.z_scores({"D": D(50), "E": D(50), "F": D(50)}) == {"D": 0, "E": 0, "F": 0}
    # one application only: σ over one value is 0 too
    assert scoring.z_scores({"D": D(70)}) == {"D": 0}


def test_normalised_score_is_the_mean_of_the_judges_z_scores():
    sheets = [
        # judge J: 60, 70, 80 → z −1.2247449, 0, +1.2247449
        Sheet(key="JA", judge="J", application="A", total=D(60), heaviest=6),
        Sheet(key="JB", judge="J", application="B", total=D(70), heaviest=7),
        Sheet(key="JC", judge="J", application="C", total=D(80), heaviest=8),
        # judge K: 50, 80, 80 → mean 70, σ = √200 = 14.1421356; z −20/14.142 = −1.4142136, +0.7071068, +0.7071068
        Sheet(key="KA", judge="K", application="A", total=D(50), heaviest=5),
        Sheet(key="KB", judge="K", application="B", total=D(80), heaviest=8),
        Sheet(key="KC", judge="K", application="C", total=D(80), heaviest=8),
    ]
    result = scoring.round_result(["A", "B", "C"], sheets, normalised=True)
    assert result.z_by_sheet == {"JA": D("-1.2247"), "JB": D("0.0000"), "JC": D("1.2247"),
                                 "KA": D("-1.4142"), "KB": D("0.7071"), "KC": D("0.7071")}
    standings = result.standings
    # A: (−1.2247449 − 1.4142136) / 2 = −2.6389585 / 2 = −1.3194792 → −1.3195
    # B: (0 + 0.7071068) / 2 = 0.3535534 → 0.3536
    # C: (1.2247449 + 0.7071068) / 2 = 1.9318517 / 2 = 0.9659258 → 0.9659
    assert [standings[key].normalised for key in "ABC"] == [D("-1.3195"), D("0.3536"), D("0.9659")]
    # raw means alongside: A (60 + 50) / 2 = 55, B (70 + 80) / 2 = 75, C (80 + 80) / 2 = 80
    assert [standings[key].raw for key in "ABC"] == [D("55.00"), D("75.00"), D("80.00")]
    assert [standings[key].rank for key in "ABC"] == [3, 2, 1]


def test_equal_normalised_scores_fall_to_the_tie_breaks():
    sheets = [
        # lenient judge L scores P 90 and Q 80: z(P) = +1, z(Q) = −1 (mean 85, σ 5)
        Sheet(key=1, judge="L", application="P", total=D(90), heaviest=9),
        Sheet(key=2, judge="L", application="Q", total=D(80), heaviest=8),
        # strict judge S scores Q 60 and R 40: z(Q) = +1, z(R) = −1 (mean 50, σ 10)
        Sheet(key=3, judge="S", application="Q", total=D(60), heaviest=6),
        Sheet(key=4, judge="S", application="R", total=D(40), heaviest=4),
        # judge T scores P 50 and R 70: z(P) = −1, z(R) = +1 (mean 60, σ 10)
        Sheet(key=5, judge="T", application="P", total=D(50), heaviest=5),
        Sheet(key=6, judge="T", application="R", total=D(70), heaviest=7),
    ]
    raw = scoring.round_result("PQR", sheets, normalised=False).standings
    normalised = scoring.round_result("PQR", sheets, normalised=True).standings
    # raw: P (90 + 50) / 2 = 70, Q (80 + 60) / 2 = 70, R (40 + 70) / 2 = 55; z means: P 0, Q 0, R 0
    assert [raw[key].raw for key in "PQR"] == [D("70.00"), D("70.00"), D("55.00")]
    assert [normalised[key].normalised for key in "PQR"] == [D("0.0000"), D("0.0000"), D("0.0000")]
    # by z all three are equal on the primary score and the tie-breaks decide (raw: P and Q equal too):
    # heaviest P (9 + 5) / 2 = 7, Q (8 + 6) / 2 = 7, R (4 + 7) / 2 = 5.5; spread P 40, Q 20, R 30
    assert [raw[key].rank for key in "PQR"] == [2, 1, 3]  # Q beats P on the spread (20 < 40)
    assert [normalised[key].rank for key in "PQR"] == [2, 1, 3]  # same heaviest → spread; R lower heaviest


# ---------------------------------------------------------------- (d) the tie-break


def _standing(name, raw, heaviest, spread, judges=2):
    return Standing(application=name, raw=D(raw), normalised=D(0), heaviest=D(heaviest), spread=D(spread),
                    judges=judges)


def test_equal_scores_go_to_the_higher_score_on_the_heaviest_criterion():
    # both 80; P 9 on the heaviest criterion, Q 8 → P first, whatever the spreads (P's is the larger)
    ranked = scoring.rank_standings([_standing("Q", 80, 8, 0), _standing("P", 80, 9, 10)], normalised=False)
    assert [(s.application, s.rank, s.tied) for s in ranked] == [("P", 1, False), ("Q", 2, False)]


def test_equal_heaviest_goes_to_the_smaller_spread():
    # both 70 with 7 on the heaviest; R spread 5 < S spread 15 → R first
    ranked = scoring.rank_standings([_standing("S", 70, 7, 15), _standing("R", 70, 7, 5)], normalised=False)
    assert [(s.application, s.rank, s.tied) for s in ranked] == [("R", 1, False), ("S", 2, False)]


def test_still_equal_share_the_rank_and_are_flagged_ranks_1_2_2_4():
    ranked = scoring.rank_standings([
        _standing("Z", 80, 8, 2), _standing("Y", 85, 8, 2), _standing("W", 90, 9, 0), _standing("X", 85, 8, 2),
        Standing(application="V", judges=0)], normalised=False)
    # W 90 first; X and Y equal on 85, 8, 2 → both 2, tied; Z fourth (not third); V unscored, unranked
    assert [(s.application, s.rank, s.tied) for s in ranked] == [
        ("W", 1, False), ("X", 2, True), ("Y", 2, True), ("Z", 4, False), ("V", None, False)]


def test_tie_break_figures_come_from_the_sheets():
    sheets = [
        # M: totals 80 and 70 → raw 75, heaviest (9 + 7) / 2 = 8, spread 10
        Sheet(key=1, judge="j1", application="M", total=D(80), heaviest=9),
        Sheet(key=2, judge="j2", application="M", total=D(70), heaviest=7),
        # N: totals 75 and 75 → raw 75, heaviest (8 + 8) / 2 = 8, spread 0 → N wins on the spread
        Sheet(key=3, judge="j1", application="N", total=D(75), heaviest=8),
        Sheet(key=4, judge="j2", application="N", total=D(75), heaviest=8),
    ]
    standings = scoring.round_result(["M", "N"], sheets, normalised=False).standings
    assert (standings["M"].raw, standings["M"].heaviest, standings["M"].spread) == (D("75.00"), D("8.00"), D("10.00"))
    assert (standings["N"].raw, standings["N"].heaviest, standings["N"].spread) == (D("75.00"), D("8.00"), D("0.00"))
    assert (standings["N"].rank, standings["M"].rank) == (1, 2)
    assert not standings["N"].tied and not standings["M"].tied


# ---------------------------------------------------------------- (e) outliers


def _sheets(application, totals):
    return [Sheet(key=f"{application}{index}", judge=f"j{index}", application=application, total=D(total),
                  heaviest=5) for index, total in enumerate(totals)]


def test_a_total_more_than_30_points_from_the_mean_is_flagged():
    # 95, 95, 45: mean 235 / 3 = 78.333; 45 is 33.333 away (> 30), the others 16.667;
    # σ = √((16.667² × 2 + 33.333²) / 3) = √(1666.67 / 3) = √555.56 = 23.570, 2σ = 47.14: only the 30 points flag it
    assert scoring.outlier_sheets(_sheets("A", [95, 95, 45])) == frozenset({"A2"})


def test_exactly_30_points_is_not_flagged():
    # 95, 95, 50: mean 80; 50 is exactly 30 away (not more); σ = √((225 + 225 + 900) / 3) = √450 = 21.21,
    # 2σ = 42.43 > 30: nothing flagged
    assert scoring.outlier_sheets(_sheets("A", [95, 95, 50])) == frozenset()


def test_more_than_two_deviations_is_flagged_below_30_points():
    # six judges: 70, 70, 70, 70, 70, 50: mean 400 / 6 = 66.667; deviations 3.333 (×5) and −16.667;
    # squares 11.111 × 5 + 277.778 = 333.333; / 6 = 55.556; σ = 7.4536, 2σ = 14.907;
    # 50 is 16.667 away: > 2σ though < 30 points → flagged; 3.333 is not
    assert scoring.outlier_sheets(_sheets("A", [70, 70, 70, 70, 70, 50])) == frozenset({"A5"})


def test_outliers_are_judged_within_each_application():
    # B's 40 is far from A's totals but B's only other total is 45 (mean 42.5): nothing flagged in B
    sheets = _sheets("A", [95, 95, 45]) + _sheets("B", [40, 45])
    assert scoring.outlier_sheets(sheets) == frozenset({"A2"})
    # round_result reports the same flags
    assert scoring.round_result(["A", "B"], sheets, normalised=False).outliers == frozenset({"A2"})


# ---------------------------------------------------------------- (f) balanced assignment


def _loads(pairs, judges):
    loads = dict.fromkeys(judges, 0)
    for _application, judge in pairs:
        loads[judge] += 1
    return loads


def test_assignment_worked_example_seven_applications_five_judges_three_each():
    pairs = scoring.balanced_assignment(range(7), "abcde", per_application=3, excluded=set())
    # 7 × 3 = 21 sheets over 5 judges: loads 5, 4, 4, 4, 4 (21 = 4 × 5 + 1)
    assert len(pairs) == 21
    assert sorted(_loads(pairs, "abcde").values()) == [4, 4, 4, 4, 5]
    assert all(sum(1 for app, _judge in pairs if app == application) == 3 for application in range(7))


def test_assignment_never_pairs_an_excluded_judge_and_fills_from_the_others():
    excluded = {(0, "a"), (0, "b"), (1, "a")}
    pairs = scoring.balanced_assignment([0, 1, 2], "abcd", per_application=2, excluded=excluded)
    assert not set(pairs) & excluded
    assert {judge for app, judge in pairs if app == 0} == {"c", "d"}  # the only two free for 0
    assert all(sum(1 for app, _judge in pairs if app == application) == 2 for application in range(3))


def test_assignment_gives_what_it_can_when_recusals_leave_too_few():
    # application 0 may only go to "c": it gets one judge of the three asked; no pair twice
    pairs = scoring.balanced_assignment([0], "abc", per_application=3, excluded={(0, "a"), (0, "b")})
    assert pairs == [(0, "c")]


def test_assignment_completes_an_existing_one_without_doubling():
    pairs = scoring.balanced_assignment([0, 1], "abc", per_application=2, excluded=set(),
                                        existing=[(0, "a"), (0, "b"), (1, "a")])
    # 0 is complete; 1 needs one more, not "a" again: the least loaded free judge is "c" (load 0; "b" has 1)
    assert pairs == [(1, "c")]


@settings(max_examples=150, deadline=None)
@given(applications=st.integers(min_value=0, max_value=40), judges=st.integers(min_value=1, max_value=12),
       per_application=st.integers(min_value=1, max_value=6))
def test_assignment_loads_differ_by_at_most_one_without_exclusions(applications, judges, per_application):
    names = [f"j{index}" for index in range(judges)]
    pairs = scoring.balanced_assignment(range(applications), names, per_application=per_application,
                                        excluded=set())
    loads = _loads(pairs, names).values()
    assert max(loads) - min(loads) <= 1
    assert len(set(pairs)) == len(pairs)  # never the same judge twice on an application
    expected = min(per_application, judges)  # each gets N where the panel has N judges
    assert all(sum(1 for app, _judge in pairs if app == application) == expected
               for application in range(applications))


@settings(max_examples=150, deadline=None)
@given(data=st.data(), applications=st.integers(min_value=1, max_value=25),
       judges=st.integers(min_value=1, max_value=10), per_application=st.integers(min_value=1, max_value=5))
def test_assignment_never_uses_an_excluded_pair_and_fills_where_possible(data, applications, judges,
                                                                         per_application):
    names = [f"j{index}" for index in range(judges)]
    every_pair = [(application, name) for application in range(applications) for name in names]
    excluded = set(data.draw(st.lists(st.sampled_from(every_pair), max_size=len(every_pair) // 2)))
    pairs = scoring.balanced_assignment(range(applications), names, per_application=per_application,
                                        excluded=excluded)
    assert not set(pairs) & excluded
    assert len(set(pairs)) == len(pairs)
    for application in range(applications):
        free = sum(1 for name in names if (application, name) not in excluded)
        assert sum(1 for app, _judge in pairs if app == application) == min(per_application, free)
