"""The participation bench scenarios (bench/scenarios/participation_*.py): what the harness reads of them, their path
mixes drawn by bench/prepare.py, and that the paths of the mixes answer 200 on a small dataset (the topic summary
here; the ideas list, the process page and the budget result when their parts are mounted)."""

import importlib
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from musharaka.participation import topics
from musharaka.participation.models import Budget, Process

from .topics_helpers import fill, make_process

BENCH = Path(__file__).resolve().parents[3] / "bench"
NAMES = ("participation_ideas", "participation_process", "participation_budget_result", "participation_topics")
ROUTES = {"participation_ideas": "participation:idea_list", "participation_process": "participation:process_detail",
          "participation_budget_result": "participation:budget_result", "participation_topics": "participation:topics"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_modules():
    sys.path[:0] = [str(BENCH)]
    try:
        scenarios = importlib.import_module("scenarios")
        targets = importlib.import_module("targets")
        prepare = importlib.import_module("prepare")
        yield {module.NAME: module for module in scenarios.load()}, targets, prepare
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture
def dataset(make_org, make_user):
    org = make_org()
    big = make_process(org)
    fill(big, make_user())
    Process.objects.filter(pk=big.pk).update(idea_count=15)
    small = make_process(org)
    fill(small, make_user())
    Process.objects.filter(pk=small.pk).update(idea_count=5)
    for process in (big, small):
        process.refresh_from_db()
        topics.topics_refresh(process)
    budget = Budget.objects.create(process=big, title_ar="ميزانية الحي", amount=Decimal(1000), result_published=True,
                                   ballot_count=3)
    return big, small, budget


def _mounted(name: str) -> bool:
    try:
        reverse(ROUTES[name], args=[1])
    except NoReverseMatch:
        return False
    return True


def test_participation_scenarios_declare_what_the_harness_reads(bench_modules, dataset):
    modules, targets, prepare = bench_modules
    big, small, budget = dataset
    ds, pool = prepare.participation_dataset(), {"participation": prepare.participation_pool()}
    assert ds["participation_process_id"] == big.pk and ds["participation_budget_id"] == budget.pk
    assert pool["participation"]["processes"] == [big.pk, small.pk]
    for name in NAMES:
        module = modules[name]
        assert (module.METHOD, module.KIND, module.GROUP) == ("GET", "read", "page") and module.HTML
        assert targets.group_of({"name": name, "kind": "read"}) == "page"
        mix = module.paths(ds, pool)
        assert mix and len(set(mix)) == len(mix) <= 240
        assert mix[0] == module.request(ds)["path"]
    assert modules["participation_ideas"].request(ds)["path"].endswith("?sort=supports")


def test_participation_paths_answer(bench_modules, dataset):
    modules, _targets, prepare = bench_modules
    ds, pool = prepare.participation_dataset(), {"participation": prepare.participation_pool()}
    client = Client()
    for name in NAMES:
        if not _mounted(name):  # another part's page, on its own branch until the merge
            continue
        for path in modules[name].paths(ds, pool):
            answer = client.get(path)
            assert answer.status_code == 200, (name, path, answer.status_code)
