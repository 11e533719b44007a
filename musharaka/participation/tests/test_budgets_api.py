"""The budgets' API and the ballot's rules through it: limits, changes, withdrawal, phases, hostile input."""

import json

import pytest

from musharaka.participation import budgets
from musharaka.participation.models import Ballot, Budget, BudgetProject, PhaseKind

from .budget_helpers import editor_of, fresh, make_budget, make_process, set_phase

API = "/api/v1/participation"


def call(client, method, url, payload=None):
    if payload is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


@pytest.fixture
def world(make_org, make_member, make_user, client_for):
    process = make_process(make_org())
    editor = editor_of(process, make_member)
    budget, projects = make_budget(process, editor, amount="100", rule="greedy", projects=[
        ("حديقة الحي", "60"), ("ممشى صحي", "50"), ("مكتبة عامة", "30")])
    resident = make_user()
    return {"process": process, "editor": editor, "budget": budget, "projects": projects, "resident": resident,
            "client": client_for(resident), "staff": client_for(editor), "anon": client_for(None)}


def test_cast_change_and_withdraw_keep_the_counts(world):
    budget, (a, b, c), client = world["budget"], world["projects"], world["client"]
    url = f"{API}/budgets/{budget.pk}/ballot"
    answer = call(client, "put", url, {"project_ids": [a.pk, c.pk]})
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"budget_id": budget.pk, "project_ids": [a.pk, c.pk], "total_cost": "90.00",
                             "group": "other"}
    answer = call(client, "put", url, {"project_ids": [b.pk, c.pk], "group": "youth"})
    assert answer.status_code == 200
    counts = dict(BudgetProject.objects.filter(budget=budget).values_list("pk", "vote_count"))
    assert counts == {a.pk: 0, b.pk: 1, c.pk: 1}
    assert Budget.objects.get(pk=budget.pk).ballot_count == 1 == Ballot.objects.count()
    assert call(client, "get", url).json()["project_ids"] == [b.pk, c.pk]
    assert call(client, "delete", url).status_code == 204
    assert Budget.objects.get(pk=budget.pk).ballot_count == 0
    assert set(BudgetProject.objects.filter(budget=budget).values_list("vote_count", flat=True)) == {0}
    assert call(client, "get", url).status_code == 404
    assert call(client, "delete", url).status_code == 404


@pytest.mark.parametrize("payload, field", [
    ({"project_ids": []}, "project_ids"),
    ({"project_ids": "all"}, None),
    ({"project_ids": [0]}, "project_ids"),
    ({"group": "martians"}, "group"),
])
def test_bad_ballots_are_422(world, payload, field):
    payload = {"project_ids": [world["projects"][0].pk], **payload}
    answer = call(world["client"], "put", f"{API}/budgets/{world['budget'].pk}/ballot", payload)
    assert answer.status_code == 422, answer.content
    assert Ballot.objects.count() == 0


def test_over_the_budget_duplicates_and_other_budgets_projects_are_refused(world, make_user):
    budget, (a, b, c), client = world["budget"], world["projects"], world["client"]
    url = f"{API}/budgets/{budget.pk}/ballot"
    # Against the budget as stored (its amount, its feasible projects): 409 with the reason; a duplicate is bad input.
    answer = call(client, "put", url, {"project_ids": [a.pk, b.pk]})  # 110 > 100
    assert answer.status_code == 409 and answer.json()["code"] == "over_budget" and "110" in answer.json()["detail"]
    assert call(client, "put", url, {"project_ids": [c.pk, c.pk]}).status_code == 422
    _other, (x,) = make_budget(world["process"], world["editor"], projects=[("ملعب", "10")])
    assert call(client, "put", url, {"project_ids": [x.pk]}).json()["code"] == "not_feasible"
    pending = BudgetProject.objects.create(budget=budget, title="مشروع", cost=5)
    assert call(client, "put", url, {"project_ids": [pending.pk]}).json()["code"] == "not_feasible"
    assert call(client, "put", url, {"project_ids": [10**12]}).json()["code"] == "not_feasible"
    assert Ballot.objects.count() == 0


def test_choose_n_limits_the_number(world):
    budget, projects, client = world["budget"], world["projects"], world["client"]
    Budget.objects.filter(pk=budget.pk).update(ballot_kind="choose_n", choose_n=2)
    url = f"{API}/budgets/{budget.pk}/ballot"
    answer = call(client, "put", url, {"project_ids": [p.pk for p in projects]})
    assert answer.status_code == 409 and answer.json()["code"] == "too_many_choices"
    assert call(client, "put", url, {"project_ids": [projects[0].pk, projects[1].pk]}).status_code == 200  # 110 ok


def test_votes_only_in_the_voting_phase(world):
    process, budget = world["process"], world["budget"]
    set_phase(process, PhaseKind.IDEAS)
    url = f"{API}/budgets/{budget.pk}/ballot"
    assert call(world["client"], "put", url, {"project_ids": [world["projects"][2].pk]}).status_code == 403
    assert call(world["anon"], "put", url, {"project_ids": [world["projects"][2].pk]}).status_code in (401, 403)


@pytest.mark.parametrize("cost", ["-5", "0", "NaN", "Infinity", "1e30", "1.001", 12, ""])
def test_hostile_costs_are_422(world, cost):
    set_phase(world["process"], PhaseKind.IDEAS)
    answer = call(world["staff"], "post", f"{API}/budgets/{world['budget'].pk}/projects",
                  {"title": "مشروع جديد", "cost": cost})
    assert answer.status_code == 422, answer.content
    assert BudgetProject.objects.filter(title="مشروع جديد").count() == 0


@pytest.mark.parametrize("amount", ["-1", "0", "NaN", "1e20"])
def test_hostile_amounts_are_422(world, amount):
    answer = call(world["staff"], "post", f"{API}/processes/{world['process'].pk}/budgets",
                  {"title_ar": "ميزانية", "amount": amount})
    assert answer.status_code == 422, answer.content


def test_a_project_dearer_than_the_budget_is_a_conflict(world):
    set_phase(world["process"], PhaseKind.IDEAS)
    answer = call(world["staff"], "post", f"{API}/budgets/{world['budget'].pk}/projects",
                  {"title": "مشروع جديد", "cost": "100.01"})
    assert answer.status_code == 409 and answer.json()["code"] == "over_budget", answer.content
    answer = call(world["staff"], "patch", f"{API}/budgets/{world['budget'].pk}", {"amount": "10"})
    assert answer.status_code == 409 and answer.json()["code"] == "below_project", answer.content
    assert BudgetProject.objects.filter(title="مشروع جديد").count() == 0


def test_projects_frozen_once_the_vote_started(world):
    (a, _b, _c) = world["projects"]
    answer = call(world["staff"], "patch", f"{API}/projects/{a.pk}", {"cost": "10"})
    assert answer.status_code == 409 and answer.json()["code"] == "voting_started"
    answer = call(world["staff"], "post", f"{API}/projects/{a.pk}/feasibility", {"feasibility": "pending"})
    assert answer.status_code == 409
    assert call(world["client"], "patch", f"{API}/projects/{a.pk}", {"cost": "10"}).status_code == 403


def test_feasibility_needs_a_note_when_unfeasible(world):
    set_phase(world["process"], PhaseKind.IDEAS)
    url = f"{API}/projects/{world['projects'][0].pk}/feasibility"
    assert call(world["staff"], "post", url, {"feasibility": "unfeasible"}).status_code == 422
    answer = call(world["staff"], "post", url, {"feasibility": "unfeasible", "note": "الأرض غير متاحة"})
    assert answer.status_code == 200 and answer.json()["feasibility"] == "unfeasible"


def test_compute_preview_publish_and_result(world, make_user, client_for):
    budget, (a, b, c) = world["budget"], world["projects"]
    for choice in ([a.pk], [a.pk], [b.pk, c.pk]):
        budgets.ballot_cast(actor=make_user(), budget=budget, project_ids=choice)
    staff, anon = world["staff"], world["anon"]
    answer = call(staff, "post", f"{API}/budgets/{budget.pk}/compute")
    assert answer.status_code == 200 and answer.json()["preview"] is True
    assert call(staff, "post", f"{API}/budgets/{budget.pk}/publish").status_code == 409
    assert call(anon, "get", f"{API}/budgets/{budget.pk}/result").status_code == 403
    assert call(world["client"], "post", f"{API}/budgets/{budget.pk}/compute").status_code == 403
    set_phase(world["process"], None)
    result = call(staff, "post", f"{API}/budgets/{budget.pk}/compute").json()
    assert result["preview"] is False and result["spent"] == "90.00" and result["left"] == "10.00"
    assert [(p["id"], p["funded"], p["result_reason"]["code"]) for p in result["projects"]] == [
        (a.pk, True, "funded"), (c.pk, True, "funded"), (b.pk, False, "not_enough_left")]
    assert call(staff, "post", f"{API}/budgets/{budget.pk}/publish").status_code == 200
    assert call(staff, "post", f"{API}/budgets/{budget.pk}/publish").status_code == 409
    assert call(staff, "post", f"{API}/budgets/{budget.pk}/compute").status_code == 409
    assert call(anon, "get", f"{API}/budgets/{budget.pk}/result").status_code == 200
    pb = anon.get(f"{API}/budgets/{budget.pk}/ballots.pb")
    assert pb.status_code == 200 and b"".join(pb.streaming_content).startswith(b"META")
    assert fresh(budget).result_published


def test_drafts_are_404_to_the_public(world):
    process = world["process"]
    process.status = "draft"
    process.save()
    assert call(world["anon"], "get", f"{API}/budgets/{world['budget'].pk}").status_code == 404
    assert call(world["anon"], "get", f"{API}/processes/{process.pk}/budgets").status_code == 404
    assert call(world["staff"], "get", f"{API}/processes/{process.pk}/budgets").status_code == 200
