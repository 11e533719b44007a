"""The reports bench scenarios (bench/scenarios/reports_*.py): what the harness reads of them, their path mixes drawn
by bench/prepare.py, and that every path of the mixes answers 200 on a small dataset built through the services (the
queue's paths with the session each line names): a 404, a 403 or a redirect to the sign-in page would be measured at
bench scale as if it were the page."""

import importlib
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

BENCH = Path(__file__).resolve().parents[3] / "bench"
NAMES = ("reports_by_neighbourhood", "reports_queue")

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
def some_reports(reports_world):
    for number in range(6):
        report = reports_world.report()
        if number % 2:
            reports_world.move(report, "acknowledged")
    reports_world.report(category=reports_world.roads, attributes={"hazard": "low"})
    return reports_world


def test_reports_scenarios_declare_what_the_harness_reads(bench_modules, some_reports):
    modules, targets, prepare = bench_modules
    ds, pool = prepare.reports_dataset(), {"reports": prepare.reports_pool()}
    for name in NAMES:
        module = modules[name]
        assert (module.METHOD, module.KIND, module.GROUP) == ("GET", "read", "page") and module.HTML
        assert targets.group_of({"name": name, "kind": "read"}) == "page"
        mix = module.paths(ds, pool)
        assert mix and len(set(mix)) == len(mix) <= 240
    assert ds["reports_queue_path"] == f"/reports/queue/{some_reports.municipality.pk}/"
    assert f"neighbourhood={some_reports.neighbourhood.pk}" in ds["reports_neighbourhood_path"]


@pytest.mark.parametrize("name", NAMES)
def test_reports_mixes_answer_200(bench_modules, some_reports, name):
    modules, _targets, prepare = bench_modules
    ds, pool = prepare.reports_dataset(), {"reports": prepare.reports_pool()}
    answers = set()
    for line in modules[name].paths(ds, pool):
        path, _, key = line.partition(" ")
        client = Client()
        if key:
            client.cookies[settings.SESSION_COOKIE_NAME] = key
        answers.add((line, client.get(path, HTTP_HOST="127.0.0.1").status_code))
    assert {status for _line, status in answers} == {200}, sorted(answers)
    assert len(answers) >= 3
