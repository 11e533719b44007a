"""Hand-worked elections: the greedy rule and the Method of Equal Shares on small ballots, their reasons, the
tie-breaking rule, and the .pb export recomputed by pabutools."""

import pytest
from pabutools.election import Cost_Sat
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.rules import method_of_equal_shares

from musharaka.participation import budgets
from musharaka.participation.budgets import equal_shares, greedy
from musharaka.participation.models import BudgetProject

from .budget_helpers import D, editor_of, fresh, make_budget, make_process, set_phase

A, B, C, DD = 1, 2, 3, 4


def _votes(ballots):
    votes: dict[int, int] = {}
    for ballot in ballots:
        for pk in ballot:
            votes[pk] = votes.get(pk, 0) + 1
    return votes


def test_majority_and_minority_greedy_funds_the_majority_mes_shares():
    # Budget 100; A 50, B 50, C 40, D 40. Six voters approve {A, B}, four approve {C, D}.
    # Greedy: A (6 votes) and B (6 votes; tie with A broken by cost 50 = 50, then the earlier project A) take
    #   the whole 100; C and D (4 votes) no longer fit: 0 left.
    # MES: each voter has 100 / 10 = 10. A costs 50 among 6 supporters: 8.33 each; C costs 40 among 4: 10 each.
    #   Round 1 funds A (the lower payment per supporter); the six then have 1.67 each, 10 in all < 50: B is
    #   unaffordable. Round 2: C, paid 10 by each of the four. D: its supporters have 0 left. Spent 90, 10 unspent.
    ballots = [frozenset({A, B})] * 6 + [frozenset({C, DD})] * 4
    costs = {A: D(50), B: D(50), C: D(40), DD: D(40)}
    votes = _votes(ballots)

    result = greedy(D(100), costs, votes)
    assert [pk for pk, reason in result.items() if reason["code"] == "funded"] == [A, B]
    assert result[C] == {"code": "not_enough_left", "votes": 4, "cost": "40", "left": "0"}
    assert result[B]["left"] == "0"

    result = equal_shares(D(100), costs, votes, ballots)
    assert result[A] == {"code": "mes_funded", "round": 1, "votes": 6, "paid_by": 6, "cost": "50",
                         "share": "8.33", "effective_vote_count": 6.0}
    assert result[C] == {"code": "mes_funded", "round": 2, "votes": 4, "paid_by": 4, "cost": "40",
                         "share": "10.00", "effective_vote_count": 4.0}
    assert result[B] == {"code": "mes_unaffordable", "votes": 6, "cost": "50", "supporters_money": "10.00"}
    assert result[DD] == {"code": "mes_unaffordable", "votes": 4, "cost": "40", "supporters_money": "0.00"}


def test_greedy_skips_what_does_not_fit_and_takes_a_cheaper_later_project():
    # Budget 100; A 60 (5 votes), B 50 (4 votes), C 30 (3 votes). Greedy funds A (40 left), skips B (50 > 40),
    # funds C (30 ≤ 40; 10 left).
    costs = {A: D(60), B: D(50), C: D(30)}
    votes = {A: 5, B: 4, C: 3}
    result = greedy(D(100), costs, votes)
    assert result[A]["code"] == "funded" and result[A]["left"] == "40"
    assert result[B] == {"code": "not_enough_left", "votes": 4, "cost": "50", "left": "40"}
    assert result[C] == {"code": "funded", "votes": 3, "cost": "30", "left": "10"}


def test_ties_lower_cost_first_then_earlier_project():
    # Budget 70; A 50, B 40, C 40, each with 3 votes. Ties on votes: the lower cost first (B and C at 40 before
    # A), then the earlier project (B before C). B funded (30 left), C (40) and A (50) no longer fit.
    costs = {A: D(50), B: D(40), C: D(40)}
    votes = {A: 3, B: 3, C: 3}
    result = greedy(D(70), costs, votes)
    assert result[B]["code"] == "funded"
    assert result[C]["code"] == result[A]["code"] == "not_enough_left"
    # MES with three voters each approving all three: each has 70 / 3. B and C cost the same per supporter
    # (40 / 3 each): the tie is broken by the same rule, B (earlier). After B each has 10: C and A unaffordable.
    ballots = [frozenset({A, B, C})] * 3
    result = equal_shares(D(70), costs, votes, ballots)
    assert result[B]["code"] == "mes_funded" and result[B]["round"] == 1
    assert result[C] == {"code": "mes_unaffordable", "votes": 3, "cost": "40", "supporters_money": "30.00"}


def test_mes_agrees_with_pabutools_plain_run():
    ballots = [frozenset({A, B})] * 6 + [frozenset({C, DD})] * 4
    costs = {A: D(50), B: D(50), C: D(40), DD: D(40)}
    result = equal_shares(D(100), costs, _votes(ballots), ballots)
    assert {pk for pk, r in result.items() if r["code"] == "mes_funded"} == {A, C}


@pytest.fixture
def election(make_org, make_member, make_user):
    """The majority/minority election of the first test, cast through the services."""
    process = make_process(make_org())
    editor = editor_of(process, make_member)
    budget, (a, b, c, d) = make_budget(process, editor, amount="100", rule="equal_shares", projects=[
        ("حديقة الحي", "50"), ("ممشى صحي", "50"), ("مكتبة عامة", "40"), ("ملعب للأطفال", "40")])
    for n in range(6):
        budgets.ballot_cast(actor=make_user(), budget=budget, project_ids=[a.pk, b.pk])
    for n in range(4):
        budgets.ballot_cast(actor=make_user(), budget=budget, project_ids=[c.pk, d.pk])
    return process, editor, budget, (a, b, c, d)


def test_compute_stores_reasons_and_ranks_for_both_rules(election):
    process, editor, budget, (a, b, c, d) = election
    set_phase(process, None)
    budget = budgets.budget_compute(actor=editor, budget=fresh(budget))
    rows = {p.pk: p for p in BudgetProject.objects.filter(budget=budget)}
    assert [rows[pk].funded for pk in (a.pk, b.pk, c.pk, d.pk)] == [True, False, True, False]
    assert rows[a.pk].result_rank == 1 and rows[c.pk].result_rank == 2
    assert rows[b.pk].result_reason["code"] == "mes_unaffordable"

    budget.rule = "greedy"
    budget.save()
    budgets.budget_compute(actor=editor, budget=fresh(budget))
    rows = {p.pk: p for p in BudgetProject.objects.filter(budget=budget)}
    assert [rows[pk].funded for pk in (a.pk, b.pk, c.pk, d.pk)] == [True, True, False, False]
    assert rows[c.pk].result_reason == {"code": "not_enough_left", "votes": 4, "cost": "40.00", "left": "0.00"}


def test_pb_export_round_trip_recomputes_the_same_outcome(election):
    _process, editor, budget, (a, b, c, d) = election
    text = "".join(budgets.pabulib_lines(fresh(budget), country="Saudi Arabia", unit="Riyadh"))
    assert text.startswith("META\nkey;value\n")
    assert "vote_type;approval" in text and "rule;equalshares" in text and "num_votes;10" in text
    assert "\n1;" in text and "VOTES\nvoter_id;vote\n" in text
    assert str(editor.pk) not in text.split("VOTES")[1].split("\n")[2:3][0].split(";")[1:]  # numbered, not ids
    instance, profile = parse_pabulib_from_string(text)
    assert instance.budget_limit == 100 and len(profile) == 10
    outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    assert sorted(int(p.name) for p in outcome) == sorted([a.pk, c.pk])
    assert {p.name: instance.project_meta[p]["votes"] for p in instance} == {
        str(a.pk): "6", str(b.pk): "6", str(c.pk): "4", str(d.pk): "4"}
