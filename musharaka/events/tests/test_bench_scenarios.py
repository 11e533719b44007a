"""The events bench scenarios (bench/scenarios/): what the harness reads of every scenario module, and the
events scenarios' path mixes answered by the app on a small dataset (a path that 404s or 500s would be
measured as errors at bench scale, or skipped)."""

import datetime
import importlib
import json
import sys
from pathlib import Path

import pytest
from django.test import Client

from musharaka.accounts.services import api_token_create
from musharaka.events import recommendations as recs
from musharaka.events import services
from musharaka.events.models import RecommendationStatus, Registration, SessionKind
from musharaka.orgs.models import Sector
from musharaka.taxonomy.models import Axis

BENCH = Path(__file__).resolve().parents[3] / "bench"
EVENTS_SCENARIOS = ("event_list", "agenda", "recommendations_tracker", "registration_burst")


@pytest.fixture(scope="module")
def bench_modules():
    sys.path.insert(0, str(BENCH))
    try:
        scenarios = importlib.import_module("scenarios")
        targets = importlib.import_module("targets")
        yield {module.NAME: module for module in scenarios.load()}, targets
    finally:
        sys.path.remove(str(BENCH))


def test_bench_scenarios_declare_what_the_harness_reads(bench_modules):
    modules, targets = bench_modules
    assert set(EVENTS_SCENARIOS) <= set(modules)
    for name, module in modules.items():
        assert module.METHOD in ("GET", "POST"), name
        assert module.KIND in ("read", "write", "mixed"), name
        assert module.GROUP in targets.TARGETS, name
        assert module.TITLE, name
        if getattr(module, "HTML", False):
            assert module.KIND == "read" and hasattr(module, "paths"), name
        if getattr(module, "ONCE", False):  # its capture takes cold and warm requests in pairs of lines
            assert module.CAPTURE >= 2 and module.CAPTURE % 2 == 0, name
    assert {modules[name].GROUP for name in EVENTS_SCENARIOS} == {"page", "write"}


@pytest.fixture
def dataset(make_event, organiser, make_org, region):
    """Two published events (one with an agenda), an unpublished one, and recommendations, as the demo makes."""
    org, editor = organiser
    forum = make_event()
    past = make_event(days_ahead=-20, kind="workshop", title_ar="ورشة عمل قياس الأثر الاجتماعي")
    make_event(published=False)
    for hour, track in ((9, "القاعة الرئيسية"), (11, "قاعة الورش")):
        start = forum.starts_at + datetime.timedelta(hours=hour - 9)
        services.session_create(actor=editor, event=forum, data={
            "kind": SessionKind.DIALOGUE, "title_ar": "تجربة تشغيل مراكز الأحياء", "starts_at": start,
            "ends_at": start + datetime.timedelta(minutes=50), "track": track})
    municipality = make_org("أمانة منطقة المدينة المنورة", sector=Sector.GOVERNMENT, region=region)
    for axis in Axis.objects.all()[:3]:
        recs.recommendation_create(actor=editor, event=past, data={
            "text_ar": "إشراك السكان في تصميم المشهد الحضري للأحياء", "organization": municipality,
            "due_date": datetime.date.today() - datetime.timedelta(days=5), "axis": axis})
    return {"forum": forum, "past": past, "organization": org, "municipality": municipality, "region": region}


def _answers(paths: list[str], every: int) -> set[tuple[str, int]]:
    client = Client()
    return {(path, client.get(path, HTTP_HOST="127.0.0.1").status_code) for path in paths[::every]}


@pytest.mark.django_db
def test_bench_events_read_mixes_answer_200(bench_modules, dataset):
    modules, _targets = bench_modules
    forum, past = dataset["forum"], dataset["past"]
    pool = {
        "events": {"kind": ["forum", "workshop"], "region": [dataset["region"].pk], "city": [],
                   "axis": list(Axis.objects.values_list("code", flat=True)), "q": ["ملتقى", "الأثر", "ورشة"],
                   "agenda_ids": [forum.pk, past.pk]},
        "recommendations": {"region": [dataset["region"].pk], "axis": list(Axis.objects.values_list("code", flat=True)),
                            "status": [value for value, _ in RecommendationStatus.choices],
                            "organization": [dataset["municipality"].pk]},
    }
    ds = {"event_region_id": dataset["region"].pk, "agenda_event_id": forum.pk}
    mixes = {name: modules[name].paths(ds, pool) for name in ("event_list", "agenda", "recommendations_tracker")}
    assert len(set(mixes["event_list"])) >= 200 and len(set(mixes["recommendations_tracker"])) >= 200
    assert mixes["agenda"] == [f"/events/{forum.pk}/agenda/", f"/events/{past.pk}/agenda/"]
    answers = _answers(mixes["event_list"], 12) | _answers(mixes["recommendations_tracker"], 12) | _answers(
        mixes["agenda"], 1)
    assert {status for _path, status in answers} == {200}, sorted(answers)


@pytest.mark.django_db
def test_bench_registration_burst_sends_each_person_once(bench_modules, dataset, make_user):
    modules, _targets = bench_modules
    burst = modules["registration_burst"]
    people = [make_user() for _ in range(6)]
    tokens = [api_token_create(user=person, name="bench burst")[1] for person in people]
    ds = {"burst": {"event_ids": [dataset["forum"].pk, dataset["forum"].pk + 1000], "category": "public",
                    "tokens": tokens}}
    lines = burst.paths(ds, {})
    assert len(lines) == len(set(lines)) == len(people)
    assert len({line.split()[1] for line in lines}) == len(people)
    client = Client()
    path, token = lines[0].split()
    body = json.dumps(burst.request(ds)["body"])
    first = client.post(path, data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    again = client.post(path, data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert (first.status_code, again.status_code) == (201, 409)  # why a line may be sent only once
    assert Registration.objects.filter(event=dataset["forum"], user=people[0]).count() == 1
