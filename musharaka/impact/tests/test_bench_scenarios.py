"""The impact bench scenarios (bench/scenarios/impact_*.py): what the harness reads of them, their path mixes drawn
by bench/prepare.py, and that every path of the mixes answers 200 on a small dataset built through the services: a
404, a 500 or a redirect to the sign-in page would be measured at bench scale as if it were the page."""

import importlib
import sys
from pathlib import Path

import pytest
from django.test import Client

from musharaka.impact import services
from musharaka.impact.models import AnalysisStatus

BENCH = Path(__file__).resolve().parents[3] / "bench"
NAMES = ("impact_analysis_page", "impact_list", "impact_api_analysis")

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
def analyses(impact_world):
    """Two organisations' published analyses (one in riyals, one in dollars), a draft and one under review."""
    first = impact_world()
    published = first.published()
    first.analysis(title_ar="مسودة تحليل العائد الاجتماعي للحديقة")
    second = impact_world()
    dollars, *_ = second.example(second.analysis(title_ar="العائد الاجتماعي لحملات التطوع", currency="USD",
                                                  kind="evaluative"))
    dollars = services.analysis_publish(actor=second.reviewer, analysis=services.analysis_submit(
        actor=second.editor, analysis=dollars))
    waiting, *_ = second.example(second.analysis(title_ar="العائد الاجتماعي للعيادة المتنقلة"))
    services.analysis_submit(actor=second.editor, analysis=waiting)
    return published, dollars


def test_impact_scenarios_declare_what_the_harness_reads(bench_modules, analyses):
    modules, targets, prepare = bench_modules
    ds, pool = prepare.impact_dataset(), {"impact": prepare.impact_pool()}
    for name in NAMES:
        module = modules[name]
        assert (module.METHOD, module.KIND) == ("GET", "read")
        assert targets.group_of({"name": name, "kind": "read"}) == module.GROUP
        mix = module.paths(ds, pool)
        assert mix and len(set(mix)) == len(mix) <= 240
        assert mix[0] == module.request(ds)["path"]
    assert modules["impact_analysis_page"].HTML and modules["impact_list"].HTML
    assert modules["impact_api_analysis"].GROUP == "api"
    published, dollars = analyses
    # Only the published current versions are drawn: never a draft or an analysis under review (404 to the public).
    assert set(pool["impact"]["published"]) == {published.pk, dollars.pk}
    assert ds["impact_analysis_id"] in {published.pk, dollars.pk}
    assert pool["impact"]["filters"]["currency"] == ["SAR", "USD"]
    assert len(pool["impact"]["filters"]["organization"]) == 2 and pool["impact"]["filters"]["q"]
    assert ds["impact_list_route"] == "/impact/"
    assert dollars.status == AnalysisStatus.PUBLISHED


@pytest.mark.parametrize("name", NAMES)
def test_impact_mixes_answer_200(bench_modules, analyses, name):
    modules, _targets, prepare = bench_modules
    ds, pool = prepare.impact_dataset(), {"impact": prepare.impact_pool()}
    mix = modules[name].paths(ds, pool)
    answers = {(path, Client().get(path, HTTP_HOST="127.0.0.1").status_code) for path in mix}
    assert {status for _path, status in answers} == {200}, sorted(answers)
    assert len(mix) >= (4 if name == "impact_analysis_page" else 2)
