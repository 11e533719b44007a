"""The plans' bench scenarios (bench/scenarios/plan_*.py): what the harness reads of them, their path mixes drawn by
bench/prepare.py (voters signed in with sessions of their own), and that every path of the mixes answers 200 on a
small dataset built through the services: a 404, a 500 or a redirect to the sign-in page would be measured at bench
scale as if it were the page."""

import dataclasses
import importlib
import sys
from pathlib import Path

import pytest
from django.test import Client

from musharaka.plans import services

BENCH = Path(__file__).resolve().parents[3] / "bench"
NAMES = ("plan_page", "plan_needs", "plan_api_list")

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_modules():
    sys.path[:0] = [str(BENCH)]
    try:
        scenarios = importlib.import_module("scenarios")
        targets = importlib.import_module("targets")
        prepare = importlib.import_module("prepare")
        prepare._MEMO.clear()
        yield {module.NAME: module for module in scenarios.load()}, targets, prepare
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture
def two_plans(make_plan):
    """A plan in consultation (needs in two neighbourhoods, votes of three groups) and an approved one."""
    consulting = make_plan(status="consultation")
    first = consulting.need(category="infrastructure")
    second = consulting.need(title="غياب الحدائق والمساحات الخضراء في الحي", category="environment",
                             neighbourhood=consulting.neighbourhoods[1])
    consulting.vote(first, 3, "youth")
    consulting.vote(second, 2, "women")
    consulting.vote(first, 1, "elders")
    # The authority's second plan, for the same city, walked to approval.
    second_plan = services.plan_create(actor=consulting.admin, organization=consulting.authority, data={
        "title_ar": "خطة التنمية المحلية لمحافظة الدرعية 2026–2030", "region": consulting.plan.region,
        "city": consulting.city, "start_year": 2026, "end_year": 2030})
    approved = dataclasses.replace(consulting, plan=second_plan, goals=[], actions=[])
    approved.consult()
    approved.need()
    approved.prepare()
    approved.approve()
    return consulting, approved


def test_plan_scenarios_declare_what_the_harness_reads(bench_modules, two_plans):
    modules, targets, prepare = bench_modules
    ds, pool = prepare.plans_dataset(), {"plans": prepare.plans_pool()}
    consulting, approved = two_plans
    for name in NAMES:
        module = modules[name]
        assert (module.METHOD, module.KIND) == ("GET", "read")
        assert targets.group_of({"name": name, "kind": "read"}) == module.GROUP
        mix = module.paths(ds, pool)
        assert mix and len(set(mix)) == len(mix) <= 240
        assert mix[0].split()[0] == module.request(ds)["path"]
    assert modules["plan_page"].HTML and modules["plan_api_list"].GROUP == "api"
    needs = modules["plan_needs"]
    assert needs.SESSION and needs.HTML and needs.GROUP == "page"
    mix = needs.paths(ds, pool)
    assert all(len(line.split()) == 2 for line in mix)  # "path key": each line a voter's session
    assert mix[0].split()[1] == needs.request(ds)["session"]
    assert ds["plan_needs_id"] == consulting.plan.pk and ds["plan_page_id"] in {consulting.plan.pk, approved.plan.pk}
    # Two voters of the plan in consultation, each with a session; both public plans on the plan page's mix.
    assert [plan_id for plan_id, _key in pool["plans"]["voters"]] == [consulting.plan.pk] * 2
    assert set(pool["plans"]["public"]) == {consulting.plan.pk, approved.plan.pk}
    assert set(pool["plans"]["needs_filters"][consulting.plan.pk]["neighbourhood"]) == {
        hood.pk for hood in consulting.neighbourhoods}


def test_a_voter_session_signs_its_voter_in(bench_modules, two_plans):
    _modules, _targets, prepare = bench_modules
    sessions = importlib.import_module("sessions")
    plan_id, key = prepare.plans_people()[0]
    client = Client()
    client.cookies["sessionid"] = key
    user = client.get("/", HTTP_HOST="127.0.0.1").wsgi_request.user
    assert user.is_authenticated and user.plan_need_votes.filter(need__plan_id=plan_id).exists()
    assert sessions.ensure([key]) == 0  # already there: written once


@pytest.mark.parametrize("name", NAMES)
def test_plan_mixes_answer_200(bench_modules, two_plans, name):
    modules, _targets, prepare = bench_modules
    ds, pool = prepare.plans_dataset(), {"plans": prepare.plans_pool()}
    mix = modules[name].paths(ds, pool)
    answers = set()
    for line in mix:
        path, _, key = line.partition(" ")
        client = Client()
        if key:
            client.cookies["sessionid"] = key
        answers.add((path, client.get(path, HTTP_HOST="127.0.0.1").status_code))
    assert {status for _path, status in answers} == {200}, sorted(answers)
