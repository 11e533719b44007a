"""The reports' API bench scenarios (bench/scenarios/open311_requests.py, reports_api_list.py): what the harness reads
of them, their path mixes drawn by bench/prepare.py, and that every path answers 200 on a small dataset built
through the services (a 400 for a window Open311 refuses would be measured at bench scale as if it were the list)."""

import importlib
import sys
from pathlib import Path

import pytest
from django.test import Client

BENCH = Path(__file__).resolve().parents[3] / "bench"
NAMES = ("open311_requests", "reports_api_list")

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
def reports(reports_world):
    made = [reports_world.report(), reports_world.report(category=reports_world.roads, attributes={"hazard": "low"})]
    made.append(reports_world.move(reports_world.report(), "acknowledged", "resolved"))
    return made


def test_reports_scenarios_declare_what_the_harness_reads(bench_modules, reports):
    modules, targets, prepare = bench_modules
    ds, pool = prepare.o31116_dataset(), {"o31116": prepare.o31116_pool()}
    for name in NAMES:
        module = modules[name]
        assert (module.METHOD, module.KIND, module.GROUP) == ("GET", "read", "api")
        assert targets.group_of({"name": name, "kind": "read"}) == "api"
        mix = module.paths(ds, pool)
        assert mix and len(set(mix)) == len(mix) <= 240
        assert mix[0] == module.request(ds)["path"]
    assert "lighting" in pool["o31116"]["codes"]
    assert pool["o31116"]["filters"]["status"] == ["resolved", "submitted"]


@pytest.mark.parametrize("name", NAMES)
def test_reports_mixes_answer_200(bench_modules, reports, name):
    modules, _targets, prepare = bench_modules
    ds, pool = prepare.o31116_dataset(), {"o31116": prepare.o31116_pool()}
    mix = modules[name].paths(ds, pool)
    answers = {(path, Client().get(path, HTTP_HOST="127.0.0.1").status_code) for path in mix}
    assert {status for _path, status in answers} == {200}, sorted(answers)[:5]
    assert len(mix) >= 10
