"""The agreements register's bench scenarios (bench/scenarios/agreement_*.py): what the harness reads of them, their
240-path mixes, and (once the register's page and API routes are mounted) that every sampled path answers 200 on a
small dataset: a 404 or 500 would be measured as errors at bench scale."""

import importlib
import sys
from pathlib import Path

import pytest
from django.test import Client

from musharaka.orgs.models import Sector
from musharaka.partnerships.models import AgreementKind, AgreementStatus
from musharaka.taxonomy.models import Axis

BENCH = Path(__file__).resolve().parents[3] / "bench"
NAMES = ("agreement_register", "agreement_api_list")


@pytest.fixture(scope="module")
def bench_modules():
    sys.path.insert(0, str(BENCH))
    try:
        scenarios = importlib.import_module("scenarios")
        targets = importlib.import_module("targets")
        yield {module.NAME: module for module in scenarios.load()}, targets
    finally:
        sys.path.remove(str(BENCH))


def _pool(region_id: int, organization_id: int, axes: list[str]) -> dict:
    return {"partnerships": {
        "kind": list(AgreementKind.values), "status": [s for s in AgreementStatus.values if s != "draft"],
        "sector": list(Sector.values), "region": [region_id], "axis": axes, "expiring": [30, 90, 180],
        "organization": [organization_id], "q": ["مذكرة", "تفاهم", "المشاركة", "المجتمعية"]}}


@pytest.mark.django_db
def test_register_scenarios_declare_what_the_harness_reads_and_mix_240_paths(bench_modules, region):
    modules, targets = bench_modules
    axes = list(Axis.objects.values_list("code", flat=True))
    pool, ds = _pool(region.pk, 1, axes), {"agreement_region_id": region.pk}
    for name in NAMES:
        module = modules[name]
        assert (module.METHOD, module.KIND) == ("GET", "read")
        assert targets.group_of({"name": name, "kind": "read"}) == module.GROUP
        mix = module.paths(ds, pool)
        assert len(set(mix)) == len(mix) >= 200
        assert mix[0] == module.request(ds)["path"]
    assert modules["agreement_register"].HTML and modules["agreement_register"].GROUP == "page"
    assert all(path.startswith("/partnerships/") for path in modules["agreement_register"].paths(ds, pool))


@pytest.mark.django_db
def test_register_mixes_answer_200(bench_modules, make_agreement, region):
    modules, _targets = bench_modules
    agreement = make_agreement(is_published=True)
    organization_id = agreement.parties.exclude(organization=None).values_list("organization_id", flat=True)[0]
    pool = _pool(region.pk, organization_id, list(Axis.objects.values_list("code", flat=True)))
    ds = {"agreement_region_id": region.pk}
    client = Client()
    answers = {(path, client.get(path, HTTP_HOST="127.0.0.1").status_code)
               for name in NAMES for path in modules[name].paths(ds, pool)[::12]}
    assert {status for _path, status in answers} == {200}, sorted(answers)
