"""The awards' bench scenarios (bench/scenarios/award_*.py): what the harness reads of them, their path mixes
drawn by bench/prepare.py (signed-in judges and organisers with sessions of their own), and that every path of the
mixes answers 200 on a small dataset built through the services: a 404, a 500 or a redirect to the sign-in page
would be measured at bench scale as if it were the page."""

import importlib
import sys
from pathlib import Path

import pytest
from django.test import Client

from musharaka.awards import services
from musharaka.awards.models import Scoresheet

BENCH = Path(__file__).resolve().parents[3] / "bench"
NAMES = ("award_judge_queue", "award_progress", "award_results", "award_api_cycles")
SESSION_NAMES = ("award_judge_queue", "award_progress")

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
def two_cycles(make_cycle):
    """A cycle in judging (two judges, some sheets submitted) and one published with its winners."""
    judging = make_cycle(judges_per_application=2)
    for _ in range(3):
        judging.apply()
    judging.invite_judges(2)
    judging.start_judging()
    for sheet in Scoresheet.objects.filter(round__category=judging.category).select_related("judge")[:3]:
        judging.score(sheet, [7, 8, 6])
    published = make_cycle(judges_per_application=1, year=2025)
    applications = [published.apply() for _ in range(2)]
    published.invite_judges(1)
    published.start_judging()
    for sheet in Scoresheet.objects.filter(round__category=published.category).select_related("judge"):
        published.score(sheet, [9, 9, 9] if sheet.application_id == applications[0].pk else [5, 6, 7])
    services.round_close(actor=published.organiser_admin, round=published.category.rounds.get(number=1))
    cycle = services.cycle_advance(actor=published.organiser_admin, cycle=published.cycle)
    services.winners_confirm(actor=published.organiser_admin, category=published.category,
                             placements=[(applications[0], 1, "مبادرة رائدة", "A pioneering initiative")])
    services.cycle_advance(actor=published.organiser_admin, cycle=cycle)
    return judging, published


def test_award_scenarios_declare_what_the_harness_reads(bench_modules, two_cycles):
    modules, targets, prepare = bench_modules
    ds, pool = prepare.awards_dataset(), {"awards": prepare.awards_pool()}
    for name in NAMES:
        module = modules[name]
        assert (module.METHOD, module.KIND) == ("GET", "read")
        assert targets.group_of({"name": name, "kind": "read"}) == module.GROUP
        mix = module.paths(ds, pool)
        assert mix and len(set(mix)) == len(mix) <= 240
        assert mix[0].split()[0] == module.request(ds)["path"]
    for name in SESSION_NAMES:
        assert modules[name].SESSION and modules[name].HTML and modules[name].GROUP == "page"
        mix = modules[name].paths(ds, pool)
        assert all(len(line.split()) == 2 for line in mix)  # "path key": each line a person's session
        assert mix[0].split()[1] == modules[name].request(ds)["session"]
    assert modules["award_results"].HTML and modules["award_api_cycles"].GROUP == "api"
    judging, published = two_cycles
    assert ds["award_progress_cycle_id"] == judging.cycle.pk
    assert ds["award_published_cycle_id"] == published.cycle.pk
    # Two judges with sheets in the open round, each with a session; every cycle's board has an organiser's.
    assert len(pool["awards"]["judges"]) == 2
    assert {cycle_id for cycle_id, _key in pool["awards"]["organisers"]} == {judging.cycle.pk, published.cycle.pk}


def test_a_bench_session_signs_its_person_in(bench_modules, two_cycles):
    _modules, _targets, prepare = bench_modules
    sessions = importlib.import_module("sessions")
    judging, _published = two_cycles
    prepare.awards_pool()
    key = sessions.session_key_for(judging.judges[0].user_id)
    client = Client()
    client.cookies["sessionid"] = key
    assert client.get("/", HTTP_HOST="127.0.0.1").wsgi_request.user == judging.judges[0].user
    assert sessions.ensure([key]) == 0  # already there: written once


@pytest.mark.parametrize("name", NAMES)
def test_award_mixes_answer_200(bench_modules, two_cycles, name):
    modules, _targets, prepare = bench_modules
    ds, pool = prepare.awards_dataset(), {"awards": prepare.awards_pool()}
    module = modules[name]
    answers = set()
    for line in module.paths(ds, pool):
        path, _, key = line.partition(" ")
        client = Client()
        if key:
            client.cookies["sessionid"] = key
        answers.add((path, client.get(path, HTTP_HOST="127.0.0.1").status_code))
    assert {status for _path, status in answers} == {200}, sorted(answers)
