"""The volunteering bench scenarios (bench/scenarios/volunteering_*.py): what the harness reads of them, their path
mixes drawn by bench/prepare.py, and that every path of the mixes answers 200 on a small dataset built through the
services: a 404, a 500 or a redirect to the sign-in page would be measured at bench scale as if it were the page."""

import datetime
import importlib
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from musharaka.volunteering import services

from .conftest import opportunity_data, shift_times

BENCH = Path(__file__).resolve().parents[3] / "bench"
NAMES = ("volunteering_list", "volunteering_statistics", "volunteering_api_list")

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
def dataset(volunteering_world, make_org, make_member, other_region, platform_admin):
    """Two organisations' published opportunities (with skills and an axis), verified hours in two years' tallies,
    a draft that the lists never show."""
    from musharaka.taxonomy.models import Axis
    from musharaka.volunteering.models import Skill

    world = volunteering_world
    other = make_org("جمعية الخير بمكة", region=other_region)
    editor = make_member(other, "editor")
    second = services.opportunity_create(
        actor=editor, organization=other, skill_ids=list(Skill.objects.values_list("pk", flat=True)[:2]),
        data=opportunity_data(other_region, title_ar="تعليم الأطفال القراءة في مركز الحي",
                              axis_id=Axis.objects.first().pk))
    starts, ends = shift_times(3)
    services.shift_save(actor=editor, opportunity=second, data={"starts_at": starts, "ends_at": ends, "capacity": 4})
    services.opportunity_publish(actor=editor, opportunity=second)
    services.opportunity_create(actor=editor, organization=other, data=opportunity_data(other_region))  # a draft
    application = services.application_create(actor=world.volunteer, shift=world.morning)
    services.application_decide(actor=world.admin, application=application, decision="accept")
    for days in (1, 5):
        entry = services.hours_log(actor=world.volunteer, opportunity=world.opportunity, data={
            "date": timezone.localdate() - datetime.timedelta(days=days), "hours": "3", "activity": "تشجير"})
        services.hours_verify(actor=world.editor, entry=entry)
    services.hour_value_create(actor=platform_admin, data={"amount": "45", "basis_ar": "متوسط أجر الساعة",
                                                           "effective_from": datetime.date(2020, 1, 1)})
    return world, second


def test_volunteering_scenarios_declare_what_the_harness_reads(bench_modules, dataset):
    modules, targets, prepare = bench_modules
    world, second = dataset
    ds, pool = prepare.volunteering_dataset(), {"volunteering": prepare.volunteering_pool()}
    for name in NAMES:
        module = modules[name]
        assert (module.METHOD, module.KIND) == ("GET", "read")
        assert targets.group_of({"name": name, "kind": "read"}) == module.GROUP
        mix = module.paths(ds, pool)
        assert mix and len(set(mix)) == len(mix) <= 240
        assert mix[0] == module.request(ds)["path"]
    assert modules["volunteering_list"].HTML and modules["volunteering_statistics"].HTML
    filters = pool["volunteering"]["filters"]
    assert filters["organization"] == sorted([world.organization.pk, second.organization_id])
    assert filters["skill"] and filters["axis"] and filters["q"]
    assert pool["volunteering"]["statistics"]["region"] == [world.opportunity.region_id]
    assert (ds["volunteering_list_route"], ds["volunteering_statistics_route"]) == (
        "/volunteering/", "/volunteering/statistics/")


@pytest.mark.parametrize("name", NAMES)
def test_volunteering_mixes_answer_200(bench_modules, dataset, name):
    modules, _targets, prepare = bench_modules
    ds, pool = prepare.volunteering_dataset(), {"volunteering": prepare.volunteering_pool()}
    mix = modules[name].paths(ds, pool)
    answers = {(path, Client().get(path, HTTP_HOST="127.0.0.1").status_code) for path in mix}
    assert {status for _path, status in answers} == {200}, sorted(answers)
    assert len(mix) >= 4
