"""API fuzzing: schemathesis against /api/v1/openapi.json of a real server with the demo data.

The server (see fuzz_server) runs with DEBUG off on its own seeded database, so every write the fuzz
makes (create, update, delete, workflow steps, uploads) lands in a throwaway copy. Each operation
gets schemathesis's coverage cases (the boundary values of every parameter and field) and
MAX_EXAMPLES generated ones, valid and invalid, derandomised with a fixed seed, so a run is
reproducible. Valid cases name demo records that exist (point_at_demo_records), so they reach the
services rather than stopping at a 404. Each case goes out as one of: anonymous, the platform
administrator, a region coordinator, an organisation administrator (by API token), in a fixed rotation.

Every answer must: not be a 5xx; have a status the document declares for the operation; have the
declared content type and a body that matches the declared schema; when it is an error (4xx), be
JSON {"detail", "code"}; and an operation that needs sign-in must answer an anonymous call 401.

A finding prints the request as a curl command and the end of the server's log (with the traceback
of a 500). Budget: FUZZ_BUDGET_SECONDS for the whole fuzz; past it the test fails rather than letting
`make test` run long.
"""

import itertools
import time
from dataclasses import dataclass, field
from typing import TypeGuard

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import GenerationMode
from schemathesis.checks import load_all_checks, not_a_server_error
from schemathesis.core.failures import FailureGroup, as_reported_failure
from schemathesis.pytest.lazy import get_all_tests
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .fuzz_server import ON_POSTGRESQL, FuzzServer, running_server

# Generated cases per operation (valid and invalid), on top of the coverage cases; fewer on PostgreSQL, the second
# part (the boundary values still go to every operation there).
MAX_EXAMPLES = 4 if ON_POSTGRESQL else 10
FUZZ_BUDGET_SECONDS = 300  # a fail-safe: the fuzz took 40–60 s on a busy 2-core machine before issue #12 added 15
# operations (about 40 % more cases); under five helpers' load it ran past 120 s before reaching them
REQUEST_TIMEOUT = 30
# Anonymous calls, then the three demo people by token, in a fixed rotation across the cases.
ROTATION = ("admin", None, "orgadmin", "admin", "coordinator", None)

# The exports read the same filters as GET /initiatives (fuzzed in full) but each answer is a whole
# file (an IATI export of the demo data takes seconds): a few generated cases are enough there.
EXPORTS = ["/api/v1/initiatives/export.csv", "/api/v1/initiatives/iati.xml",
           "/api/v1/partnerships/export.csv", "/api/v1/partnerships/export.xlsx"]
EXPORT_EXAMPLES = 3

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 2026,
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "mode": "all",  # valid data (deep paths) and invalid data (validation at the edge)
            "deterministic": True,
            "database": "none",
            "no-shrink": True,
            # Credentials are the fuzz's choice (ROTATION), not generated.
            "with-security-parameters": False,
        },
        "phases": {
            "examples": {"enabled": False},
            # Boundary values of every parameter and field, valid ones only: invalid data combined over
            # the many fields of an initiative would make thousands of cases; the fuzzing phase sends
            # invalid data too.
            "coverage": {"enabled": True, "unexpected-methods": [], "generation": {"mode": "positive"}},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
        "operations": [
            {
                "include-path": EXPORTS,
                "generation": {"max-examples": EXPORT_EXAMPLES},
                "phases": {"coverage": {"enabled": False}},
            }
        ],
    }
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@dataclass
class FuzzRun:
    server: FuzzServer
    started: float = field(default_factory=time.monotonic)
    cases: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    operations: set[str] = field(default_factory=set)
    # operation -> (cases, seconds), for the slowest-operations line of the summary
    timings: dict[str, tuple[int, float]] = field(default_factory=dict)
    _rotation: itertools.cycle = field(default_factory=lambda: itertools.cycle(ROTATION))

    def next_identity(self) -> str | None:
        return next(self._rotation)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def summary(self) -> str:
        statuses = ", ".join(f"{status}: {count}" for status, count in sorted(self.statuses.items()))
        slowest = sorted(self.timings.items(), key=lambda item: -item[1][1])[:5]
        return (
            f"API fuzz on {self.server.database}: {len(self.operations)} operations, {self.cases} cases "
            f"in {self.elapsed():.1f} s ({statuses}); slowest: "
            + ", ".join(f"{label} {cases} cases {seconds:.1f} s" for label, (cases, seconds) in slowest)
        )


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory, demo_server_database):
    with running_server(tmp_path_factory.mktemp("api-fuzz"), demo_server_database) as server:
        yield server


@pytest.fixture(scope="module")
def fuzz_run(fuzz_server):
    run = FuzzRun(server=fuzz_server)
    yield run
    # Shown with -rP (or -s); also kept beside the server's log.
    print(f"\n{run.summary()}")
    fuzz_server.log_path.with_name("summary.txt").write_text(run.summary() + "\n")


@pytest.fixture(scope="module")
def api_schema(fuzz_server):
    return schemathesis.openapi.from_url(f"{fuzz_server.base_url}/api/v1/openapi.json", config=CONFIG, timeout=30)


# Integer fields that name a record, and the kind of demo record they should name.
RECORD_IDS = {
    "organization_id": "organization", "lead_organization_id": "organization", "initiative_id": "initiative",
    "region_id": "region", "city_id": "city", "event_id": "event", "recommendation_id": "recommendation",
    "agreement_id": "agreement",  # issue #12 (api)
}


def _whole(value: object) -> TypeGuard[int | float]:
    # JSON has one number type: 5.0 is a whole number too (schemathesis sends some ids so).
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer())


def point_at_demo_records(case, ids: dict, *, path: bool = True) -> None:
    """Make a valid case name records that exist, so it gets past the lookup (404) into the services.

    Generated ids are mapped onto the demo records (deterministically: value modulo their number);
    invalid cases are left as they are. `path`: also the ids in the path (not when they come from a
    link of the stateful phase).
    """
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return
    path_values = case.path_parameters or {} if path else {}
    if not path:
        # Stateful steps: the ids no link fills are drawn at random and may not fit the database's integers (answered
        # 422 out_of_range, which no schema states): such an id names a demo record.
        linked = case.path_parameters or {}
        for name, kind in RECORD_IDS.items():
            value = linked.get(name)
            if _whole(value) and not 0 < value < 2**31:
                linked[name] = ids[kind][int(value) % len(ids[kind])]
    for values in (path_values, case.body if isinstance(case.body, dict) else {}):
        for name, kind in RECORD_IDS.items():
            value = values.get(name)
            if _whole(value):
                values[name] = ids[kind][int(value) % len(ids[kind])]
    membership = path_values.get("membership_id")
    if _whole(membership):  # a membership of the organisation in the path
        pairs = ids["membership"]
        path_values["organization_id"], path_values["membership_id"] = pairs[int(membership) % len(pairs)]
    registration = path_values.get("registration_id")
    if _whole(registration):  # a registration at the event in the path
        pairs = ids["registration"]
        path_values["event_id"], path_values["registration_id"] = pairs[int(registration) % len(pairs)]
    post = path_values.get("post_id")
    if _whole(post) and ids.get("news_post"):  # a published news post of the event in the path
        path_values["event_id"], path_values["post_id"] = ids["news_post"][int(post) % len(ids["news_post"])]
    question = path_values.get("question_id")
    if _whole(question) and ids.get("question"):  # a question of the session of the event in the path
        path_values["event_id"], path_values["session_id"], path_values["question_id"] = \
            ids["question"][int(question) % len(ids["question"])]
    elif _whole(path_values.get("session_id")) and ids.get("session"):  # a session of the event in the path
        path_values["event_id"], path_values["session_id"] = \
            ids["session"][int(path_values["session_id"]) % len(ids["session"])]
    comment = path_values.get("comment_id")
    if _whole(comment) and ids.get("exhibit_comment"):  # a comment on an initiative shown at the event in the path
        path_values["event_id"], path_values["showcase_id"], path_values["comment_id"] = \
            ids["exhibit_comment"][int(comment) % len(ids["exhibit_comment"])]
    elif _whole(path_values.get("showcase_id")) and ids.get("showcase"):  # an initiative shown at the event
        path_values["event_id"], path_values["showcase_id"] = \
            ids["showcase"][int(path_values["showcase_id"]) % len(ids["showcase"])]
    if "city_region" not in ids:
        return
    # Records that must agree with each other or be named by text (test_api_contract holds valid cases to
    # being accepted): a city of the region, an existing region code, an existing person.
    body = case.body if isinstance(case.body, dict) else {}
    city_id = body.get("city_id")
    if _whole(city_id) and _whole(body.get("region_id")):
        in_region = [city for city, region in ids["city_region"] if region == body["region_id"]]
        body["city_id"] = in_region[int(city_id) % len(in_region)] if in_region else None
    for place in body.get("places") or []:
        if isinstance(place, dict) and _whole(place.get("region_id")):
            place["region_id"] = ids["region"][int(place["region_id"]) % len(ids["region"])]
            city = place.get("city_id")
            if _whole(city):
                in_region = [c for c, region in ids["city_region"] if region == place["region_id"]]
                place["city_id"] = in_region[int(city) % len(in_region)] if in_region else None
            place.pop("neighbourhood_id", None)
    for partner in body.get("partners") or []:
        if isinstance(partner, dict) and _whole(partner.get("organization_id")):
            partner["organization_id"] = ids["organization"][int(partner["organization_id"]) % len(ids["organization"])]
    if (case.path_parameters or {}).get("action") == "reject" and not str(body.get("reason") or "").strip():
        # A rejection needs a reason: the operation says so in words (its body schema serves every action).
        case.body = {**body, "reason": "أكملوا بيانات المبادرة"}
        case.media_type = "application/json"
    if case.method.upper() == "PATCH":
        # A change must agree with what it leaves as it is: the city lies in the region, the end does not
        # come before the start.
        if _whole(body.get("city_id")) and "region_id" not in body:
            del body["city_id"]
        if "region_id" in body and "city_id" not in body and case.operation.path.startswith("/api/v1/organizations"):
            body["city_id"] = None
        dates = [body.get(name) for name in ("start_date", "end_date") if isinstance(body.get(name), str)]
        if len(dates) == 1:
            body["start_date"] = body["end_date"] = dates[0]
    if isinstance(body.get("start_date"), str) and isinstance(body.get("end_date"), str):
        body["start_date"], body["end_date"] = sorted((body["start_date"], body["end_date"]))
    if isinstance(body.get("user"), str):
        body["user"] = ids["username"][len(body["user"]) % len(ids["username"])]
    for name, kind in (("axes", "axis_code"), ("target_groups", "target_group_code")):
        if isinstance(body.get(name), list):  # distinct codes that exist, as many as were generated
            codes = ids[kind]
            body[name] = [codes[(len(body[name]) + index) % len(codes)] for index in range(min(len(body[name]), len(codes)))]
    # The event may come from a link in a stateful chain: read it from the case, not the mapped path.
    categories = ids.get("event_categories", {}).get(str((case.path_parameters or {}).get("event_id")))
    if categories and isinstance(body.get("category"), str):  # an audience the event takes
        body["category"] = categories[len(body["category"]) % len(categories)]
    if case.operation.path.startswith("/api/v1/events") and "recommendations" in case.operation.path:
        # A recommendation names an organisation and an axis code that exist; an update is dated today or before.
        if _whole(body.get("organization")):
            body["organization"] = ids["organization"][int(body["organization"]) % len(ids["organization"])]
        if isinstance(body.get("axis"), str) and body["axis"]:
            body["axis"] = ids["axis_code"][len(body["axis"]) % len(ids["axis_code"])]
        if isinstance(body.get("date"), str) and body["date"] > ids.get("today", "0"):
            body["date"] = ids.get("today")
    query = case.query or {}
    # The catalogue's region filter is text: an id or a region code that exists.
    region = query.get("region")
    if case.operation.path.startswith("/api/v1/initiatives") and isinstance(region, str) and region.strip():
        query["region"] = ids["region_code"][len(region) % len(ids["region_code"])]
    _point_at_partnerships(case, ids, path_values)
    _point_at_awards(case, ids, path_values)  # issue #13 (api)
    _point_at_results(case, ids, path_values)  # issue #14 (results)
    _point_at_plans(case, ids, path_values)  # issue #14 (api14)
    _point_at_impact(case, ids, path_values)  # issue #15 (fuzz15)
    _point_at_volunteering(case, ids, path_values)  # issue #16 (volapi16)
    _point_at_reports(case, ids, path_values)  # issue #16 (o31116)
    _point_at_participation17(case, ids, path_values)  # ---- ideas17 (issue #17)
    _point_at_moderation17(case, ids, path_values)  # issue #17 (moderation17)
    _point_at_surveys(case, ids, path_values)  # issue #17 (surveys17)
    _point_at_topics17(case, ids, path_values)  # issue #17 (topics17)
    _point_at_budgets17(case, ids, path_values)  # issue #17 (budgets17)


# ---- partnerships (issue #12, api)
EARLIEST, LATEST = "1990-01-01", "2100-12-31"  # a renewal's new term must still fit a date after LATEST


def _point_at_partnerships(case, ids: dict, path_values: dict) -> None:
    """What the partnerships' schemas cannot state: a commitment of the agreement in the path, a party of it;
    published events and initiatives to link; parties that name an organisation or a name, at least two; a draft
    unpublished; a signed agreement's signing date, today or before; renewal with an end date; follow-up, today
    or before. A change (PATCH) leaves the stage and publication to their own cases (the stored stage is unknown)."""
    if not case.operation.path.startswith("/api/v1/partnerships") or not ids.get("agreement"):
        return
    for name in ("agreement_id", "commitment_id"):  # the coverage phase sends some path ids as text
        if isinstance(path_values.get(name), str) and path_values[name].isdigit():
            path_values[name] = int(path_values[name])
    if _whole(path_values.get("agreement_id")):
        path_values["agreement_id"] = ids["agreement"][int(path_values["agreement_id"]) % len(ids["agreement"])]
    commitment = path_values.get("commitment_id")
    if _whole(commitment) and ids.get("commitment"):
        path_values["agreement_id"], path_values["commitment_id"] = ids["commitment"][int(commitment) % len(ids["commitment"])]
    body = case.body if isinstance(case.body, dict) else {}
    if not body:
        return
    today, patch = ids["today"], case.method.upper() == "PATCH"
    agreement_id = (case.path_parameters or {}).get("agreement_id")
    if _whole(body.get("party_id")):
        parties = [party for agreement, party in ids["agreement_party"] if agreement == agreement_id]
        if parties:
            body["party_id"] = parties[int(body["party_id"]) % len(parties)]
    for name in ("signed_on", "starts_on", "ends_on", "due_on", "terminated_on", "happened_on"):
        if isinstance(body.get(name), str):
            body[name] = min(max(body[name], EARLIEST), LATEST)
    for name in ("signed_on", "happened_on", "terminated_on"):
        if isinstance(body.get(name), str) and body[name] > today:
            body[name] = today
    if case.operation.path.endswith("/terminate"):
        body["terminated_on"] = today
    if case.operation.path.endswith("/renew"):
        body["signed_on"], body["ends_on"] = today, "2199-12-31"
        return
    if _whole(body.get("event_id")) and ids.get("published_event"):
        body["event_id"] = ids["published_event"][int(body["event_id"]) % len(ids["published_event"])]
    if isinstance(body.get("regions"), list):
        body["regions"] = list(dict.fromkeys(ids["region"][int(r) % len(ids["region"])] for r in body["regions"]
                                             if _whole(r)))
    if isinstance(body.get("initiatives"), list):
        published = ids.get("published_initiative") or ids["initiative"]
        body["initiatives"] = list(dict.fromkeys(published[int(i) % len(published)] for i in body["initiatives"]
                                                 if _whole(i)))
    if isinstance(body.get("parties"), list):
        seen: set = set()
        parties = []
        for index, party in enumerate(body["parties"][:27]):
            if not isinstance(party, dict):
                continue
            organization = party.get("organization_id")
            if _whole(organization):
                organization = ids["organization"][int(organization) % len(ids["organization"])]
            party["organization_id"] = organization if _whole(organization) and organization not in seen else None
            seen.add(party["organization_id"])
            if party["organization_id"] is None:
                party["name_ar"] = f"جهة شريكة رقم {index + 1}"  # named, once each
            parties.append(party)
        body["parties"] = [*parties, {"name_ar": "شركة معارف للتجربة"}]  # at least two with the recording one
    dates = [name for name in ("starts_on", "ends_on") if isinstance(body.get(name), str)]
    if len(dates) == 2:
        body["starts_on"], body["ends_on"] = sorted((body["starts_on"], body["ends_on"]))
    elif len(dates) == 1 and patch:
        body["starts_on"] = body["ends_on"] = body[dates[0]]
    if body.get("renewal") not in (None, "none") and not isinstance(body.get("ends_on"), str):
        body["renewal"] = "none"
    if patch and "ends_on" in body and body["ends_on"] is None:
        body["renewal"] = "none"
    if patch:
        body.pop("stage", None)
        body.pop("is_published", None)
        if "signed_on" in body and body["signed_on"] is None:  # a signed agreement keeps its date
            del body["signed_on"]
    elif case.operation.path == "/api/v1/partnerships" and case.method.upper() == "POST":
        if body.get("stage") == "signed":
            body.setdefault("signed_on", today)
            if body["signed_on"] is None:
                body["signed_on"] = today
        else:
            body["is_published"] = False


# ---- awards (issue #13, api)
AWARD_PATH_IDS = {"programme_id": "award_programme", "cycle_id": "award_cycle", "category_id": "award_category",
                  "criterion_id": "award_criterion", "question_id": "award_question",
                  "application_id": "award_application", "round_id": "award_round", "sheet_id": "award_sheet"}
AWARD_PLANNED = ("eligibility_until", "judging_until", "deliberation_until", "results_on")


def _as_whole(value):
    return int(value) if isinstance(value, str) and value.isdigit() else value


def _point_at_awards(case, ids: dict, path_values: dict) -> None:
    """What the awards' schemas cannot state (fuzz_server._award_ids): records of the fuzz's programme; a judge of the
    round in the path; an application made alone in the category that takes residents, its answers left out; a
    cycle's closing after its opening and its planned phases in order after it (a change leaves the dates as they
    are: the stored ones are unknown); a reason for an ineligible verdict; a sheet's scores for its own criteria,
    each once."""
    if not case.operation.path.startswith("/api/v1/awards") or not ids.get("award_cycle"):
        return
    for name, kind in AWARD_PATH_IDS.items():
        value = _as_whole(path_values.get(name))
        if _whole(value):
            path_values[name] = ids[kind][int(value) % len(ids[kind])]
    parameters = case.path_parameters or {}
    round_judges = ids["award_round_judges"].get(str(parameters.get("round_id"))) or ids["award_accepted_judge"]
    judge = _as_whole(path_values.get("judge_id"))
    if _whole(judge):
        judges = round_judges if "round_id" in parameters else ids["award_judge"]
        path_values["judge_id"] = judges[int(judge) % len(judges)]
    body = case.body if isinstance(case.body, dict) else {}
    if not body:
        return
    path, method = case.operation.path, case.method.upper()
    if _whole(body.get("judge_id")):
        body["judge_id"] = round_judges[int(body["judge_id"]) % len(round_judges)]
    if path == "/api/v1/awards/applications" and method == "POST":
        body.update(category_id=ids["award_open_category"][0], organization_id=None, initiative_id=None)
        if not isinstance(body.get("title_ar"), str):
            body["title_ar"] = "فريق الحي الأخضر"
    if isinstance(body.get("answers"), dict):
        body["answers"] = {}
    if isinstance(body.get("axis"), str):
        body["axis"] = ids["axis_code"][len(body["axis"]) % len(ids["axis_code"])]
    if path.endswith("/cycles") or path.endswith("/cycles/{cycle_id}"):
        if method == "PATCH":
            for name in ("nominations_open_at", "nominations_close_at", *AWARD_PLANNED):
                body.pop(name, None)
        else:
            body["nominations_open_at"], body["nominations_close_at"] = \
                "2030-01-01T08:00:00+03:00", "2030-03-01T23:59:59+03:00"
            planned = sorted(max(body[name], "2030-03-02") for name in AWARD_PLANNED if isinstance(body.get(name), str))
            for name in AWARD_PLANNED:
                if isinstance(body.get(name), str):
                    body[name] = planned.pop(0)
    if path.endswith("/eligibility") and body.get("eligible") is False and len(
            "".join(str(body.get("reason") or "").split())) < 5:
        body["reason"] = "المبادرة خارج نطاق الجائزة"
    if path.startswith("/api/v1/awards/sheets/") and isinstance(body.get("scores"), list):
        criteria = ids["award_sheet_criteria"].get(str(parameters.get("sheet_id"))) or []
        scores = [row for row in body["scores"] if isinstance(row, dict)][:len(criteria)]
        for row, criterion in zip(scores, criteria, strict=False):
            row["criterion_id"] = criterion
        body["scores"] = scores


# ---- results (issue #14, results)
def _is_zero(figure) -> bool:
    try:
        return float(figure) == 0
    except (TypeError, ValueError):
        return False


RESULTS_PATH_IDS = {"result_id": "results_result", "indicator_id": "results_indicator", "period_id": "results_period",
                    "update_id": "results_update", "owner_id": "results_owner"}


def _point_at_results(case, ids: dict, path_values: dict) -> None:
    """Records of fuzz_server._results_ids: an initiative as owner, its result's indicator, periods and updates;
    disaggregation values that exist."""
    if not case.operation.path.startswith("/api/v1/results") or not ids.get("results_result"):
        return
    for name, kind in RESULTS_PATH_IDS.items():
        value = _as_whole(path_values.get(name))
        if _whole(value):
            path_values[name] = ids[kind][int(value) % len(ids[kind])]
    if "owner_kind" in path_values:
        path_values["owner_kind"] = "initiative"
    body = case.body if isinstance(case.body, dict) else {}
    if isinstance(body.get("dimensions"), list):
        # A qualitative indicator has no breakdown (its measure and its dimensions come in one body).
        body["dimensions"] = [] if body.get("measure") == "qualitative" else \
            ids["results_dimension"][:len(body["dimensions"])]
    if isinstance(body.get("breakdown"), list):
        values = ids["results_dimension_value"]
        parts = [part for part in body["breakdown"] if isinstance(part, dict)][:len(values)]
        for part, value in zip(parts, values, strict=False):
            part["dimension_value"] = value
        body["breakdown"] = parts
    # Dates in order (one date alone against the kept other is the record's state: 409, not the request's fault).
    if isinstance(body.get("start"), str) and isinstance(body.get("end"), str) and body["end"] < body["start"]:
        body["start"], body["end"] = body["end"], body["start"]
    # What an update needs depends on its indicator's measure, which a path does not say: a valid case gives every
    # figure a measure may need (the services read the ones of the indicator's measure), both parts of a fraction,
    # and a narrative when it is submitted.
    if case.operation.path.endswith(("/updates", "/updates/{update_id}")):
        if body.get("numerator") is not None or body.get("denominator") is not None or body.get("submit"):
            body["numerator"] = body.get("numerator") or "1"
            body["denominator"] = body.get("denominator") if body.get("denominator") not in (None, "0") else "4"
            if _is_zero(body["denominator"]):
                body["denominator"] = "4"
        if body.get("submit"):
            if body.get("value") is None:
                body["value"] = "5"
            if len("".join(str(body.get("narrative") or "").split())) < 1:
                body["narrative"] = "تقدم ملموس في التنفيذ"
# ---- plans (issue #14, api14)
PLAN_PATH_IDS = {"need_id": "plan_need", "criterion_id": "plan_criterion", "goal_id": "plan_goal",
                 "action_id": "plan_action", "review_id": "plan_review", "risk_id": "plan_risk"}


def _distinct(pool: list, wanted: list) -> list:
    return list(dict.fromkeys(pool[int(value) % len(pool)] for value in wanted if _whole(value))) if pool else []


def _point_at_plans(case, ids: dict, path_values: dict) -> None:
    """What the plans' schemas cannot state (fuzz_server._plan_ids): records of the fuzz's plans, each path's record
    of the plan it names; in a body, records of that same plan (goals, needs to merge into, criteria to score, goals
    to rate), or none where the schema allows none (a need's neighbourhood, a risk's action); organisations,
    categories, alignments and published initiatives that exist; a city of the region; years in order, at most 30
    apart (a change gives both); a reason for setting a need aside."""
    if not case.operation.path.startswith("/api/v1/plans") or not ids.get("plan"):
        return
    plan_id = None
    value = _as_whole(path_values.get("plan_id"))
    if _whole(value):
        plan_id = path_values["plan_id"] = ids["plan"][int(value) % len(ids["plan"])]
    for name, kind in PLAN_PATH_IDS.items():
        value = _as_whole(path_values.get(name))
        if name == "goal_id" and case.method.upper() == "DELETE" and ids.get("plan_spare_goal"):
            kind = "plan_spare_goal"  # the goals other valid cases name stay
        if _whole(value) and ids.get(kind):
            plan_id, path_values[name] = ids[kind][int(value) % len(ids[kind])]
    body = case.body if isinstance(case.body, dict) else {}
    if not body:
        return

    def of_plan(kind: str) -> list[int]:
        return [pk for plan, pk in ids.get(kind, []) if plan == plan_id]

    method = case.method.upper()
    if _whole(body.get("organization_id")):
        body["organization_id"] = ids["plan_owner"]
    if _whole(body.get("lead_organization_id")):
        body["lead_organization_id"] = ids["plan_owner"]
    if _whole(body.get("region_id")):
        body["region_id"] = ids["region"][int(body["region_id"]) % len(ids["region"])]
        city = body.get("city_id")
        in_region = [c for c, region in ids["city_region"] if region == body["region_id"]]
        if _whole(city) or (method == "PATCH" and "city_id" not in body):
            body["city_id"] = in_region[int(city) % len(in_region)] if _whole(city) and in_region else None
    elif method == "PATCH":
        body.pop("city_id", None)
    elif _whole(body.get("city_id")):
        body["city_id"] = None
    years = [body[name] for name in ("start_year", "end_year") if _whole(body.get(name))]
    if years:
        start = min(years)
        body["start_year"], body["end_year"] = start, min(max(years), start + 30)
    if _whole(body.get("category_id")):
        body["category_id"] = ids["plan_category"][int(body["category_id"]) % len(ids["plan_category"])]
    for name in ("neighbourhood_id", "need_id", "action_id"):
        if _whole(body.get(name)):
            body[name] = None
    if _whole(body.get("initiative_id")):
        published = ids.get("plan_proven_initiative") or ids.get("plan_published_initiative") or ids["initiative"]
        body["initiative_id"] = published[int(body["initiative_id"]) % len(published)] \
            if case.operation.path.endswith("/replicate") else None
    for name, pool in (("partner_ids", ids["organization"]), ("alignment_ids", ids["plan_alignment"]),
                       ("initiative_ids", ids["initiative"]), ("need_ids", of_plan("plan_need")),
                       ("neighbourhood_ids", [])):
        if isinstance(body.get(name), list):
            body[name] = _distinct(pool, body[name])
    goals = of_plan("plan_goal")
    if case.operation.path.endswith("/replicate"):
        goals = [pk for _plan, pk in ids.get("plan_replicate_goal", [])] or goals  # only replication names it
    if _whole(body.get("goal_id")):
        if goals:
            body["goal_id"] = goals[int(body["goal_id"]) % len(goals)]
        elif method == "PATCH":
            del body["goal_id"]
    if _whole(body.get("into_id")):
        # The path's need, steered or (in a stateful step) linked: never merged into itself (a 422).
        itself = _as_whole(path_values.get("need_id") or (case.path_parameters or {}).get("need_id"))
        candidates = of_plan("plan_need") or [pk for _plan, pk in ids.get("plan_need", [])]
        others = [pk for pk in candidates if pk != itself]
        body["into_id"] = others[int(body["into_id"]) % len(others)] if others else body["into_id"]
    if isinstance(body.get("scores"), list):
        criteria = of_plan("plan_criterion")
        rows = [row for row in body["scores"] if isinstance(row, dict)][:len(criteria)]
        for row, criterion in zip(rows, criteria, strict=False):
            row["criterion_id"] = criterion
        body["scores"] = rows
    if isinstance(body.get("ratings"), list):
        rows = [row for row in body["ratings"] if isinstance(row, dict)][:len(goals)]
        for row, goal in zip(rows, goals, strict=False):
            row["goal_id"] = goal
        body["ratings"] = rows
    if body.get("status") == "rejected" and len("".join(str(body.get("reason") or "").split())) < 3:
        body["reason"] = "خارج نطاق الخطة"


# ---- impact (issue #15, fuzz15)
IMPACT_FIGURES = ("analysis:discount_rate", "analysis:start_year", "analysis:kind", "analysis:scope_ar",
                  "analysis:currency")  # services.FIGURES["analysis"]
IMPACT_MEASURED = ("output", "outcome")  # the logic-model stages an indicator measures


def _impact_analyses(ids: dict, path: str, method: str) -> list[int]:
    """The analyses an operation acts on: each state move, and the deletion, has records of its own."""
    if method == "DELETE" and path == "/api/v1/impact/analyses/{analysis_id}":
        return ids["impact_spare_analysis"]
    for ending, kind in (("/submit", "impact_ready"), ("/return", "impact_review"), ("/publish", "impact_review"),
                         ("/revise", "impact_published")):
        if path.endswith(ending):
            return ids[kind]
    if path.endswith("/comments"):
        return ids["impact_draft"] + ids["impact_review"]
    if method == "GET":
        return ids["impact_draft"] + ids["impact_review"] + ids["impact_published"]
    return ids["impact_draft"]


def _point_at_impact(case, ids: dict, path_values: dict) -> None:
    """What the impact schemas cannot state (fuzz_server._impact_ids): the fuzz's initiatives as owners; each path's
    analysis in the state its operation needs; groups, investments, outcomes and items of the analysis or owner they
    belong to, spare ones for DELETE; in a body, a group of the analysis in the path, an indicator of the owner's
    results (none on a stage no indicator measures), a figure key of the analysis, sensitivity rates in order, a
    person who exists."""
    path, method = case.operation.path, case.method.upper()
    if not path.startswith("/api/v1/impact") or not ids.get("impact_owner"):
        return
    for name in ("event_id", "showcase_id", "session_id"):  # set by the events' comment_id mapping above
        if name not in case.operation.path:
            path_values.pop(name, None)
    owner = analysis = None
    if "owner_kind" in path_values:
        path_values["owner_kind"] = "initiative"
    value = _as_whole(path_values.get("owner_id"))
    if _whole(value):
        owner = path_values["owner_id"] = ids["impact_owner"][int(value) % len(ids["impact_owner"])]
    value = _as_whole(path_values.get("analysis_id"))
    if _whole(value):
        pool = _impact_analyses(ids, path, method)
        analysis = path_values["analysis_id"] = pool[int(value) % len(pool)]
    spare = method == "DELETE"
    for name, kind in (("stakeholder_id", "impact_stakeholder"), ("investment_id", "impact_investment"),
                       ("outcome_id", "impact_outcome"), ("item_id", "impact_item")):
        value = _as_whole(path_values.get(name))
        if not _whole(value):
            continue
        if spare:
            pool = ids[kind.replace("impact_", "impact_spare_")]
            path_values[name] = pool[int(value) % len(pool)]
        else:  # [analysis or owner, record]
            pair = ids[kind][int(value) % len(ids[kind])]
            path_values[name] = pair[1]
            if name == "item_id":
                owner = pair[0]
            else:
                analysis = pair[0]
    for name, kind in (("comment_id", "impact_comment"), ("reviewer_id", "impact_spare_reviewer")):
        value = _as_whole(path_values.get(name))
        if _whole(value) and ids.get(kind):
            path_values[name] = ids[kind][int(value) % len(ids[kind])]
    if analysis is None:  # a stateful step: the analysis a link filled in
        linked = (case.path_parameters or {}).get("analysis_id")
        analysis = int(linked) if _whole(linked) else None
    body = case.body if isinstance(case.body, dict) else {}
    if not body:
        return
    if owner is None and analysis is not None:
        owner = ids["impact_analysis_owner"].get(str(analysis))
    if _whole(body.get("stakeholder_id")):
        groups = ids["impact_stakeholders"].get(str(analysis)) or []
        if groups:
            body["stakeholder_id"] = groups[int(body["stakeholder_id"]) % len(groups)]
    if _whole(body.get("indicator_id")):
        indicators = ids["impact_indicators"].get(str(owner)) or []
        if indicators:
            body["indicator_id"] = indicators[int(body["indicator_id"]) % len(indicators)]
        else:  # volapi16: an owner a stateful chain made has no indicator the fuzz knows (seed 610)
            body.pop("indicator_id")
    if "stage" in body or path.endswith("/logic-model/items") or path.startswith("/api/v1/impact/logic-items/"):
        # Only outputs and outcomes name an indicator: a valid case that names one names a measured stage (the
        # stored stage of an item is unknown after other cases changed it), one that names another stage unlinks.
        if body.get("indicator_id") is not None and body.get("stage") not in IMPACT_MEASURED:
            if method == "PATCH" or isinstance(body.get("stage"), str):
                body["stage"] = IMPACT_MEASURED[int(body["indicator_id"]) % 2]
        elif isinstance(body.get("stage"), str) and body["stage"] not in IMPACT_MEASURED:
            if method == "PATCH":
                body["indicator_id"] = None
            else:
                body.pop("indicator_id", None)
    if isinstance(body.get("figure"), str) and body["figure"]:
        body["figure"] = IMPACT_FIGURES[len(body["figure"]) % len(IMPACT_FIGURES)]
    low, high = body.get("sensitivity_rate_low"), body.get("sensitivity_rate_high")
    if isinstance(low, str) or isinstance(high, str):
        # The lowest rate does not exceed the highest; a change gives both (the stored ones are unknown).
        low = low if isinstance(low, str) else "0"
        high = high if isinstance(high, str) else ("100" if method == "PATCH" else "7")
        try:
            ordered = sorted((low, high), key=float)
        except ValueError:
            ordered = [low, high]
        body["sensitivity_rate_low"], body["sensitivity_rate_high"] = ordered
    if path == "/api/v1/impact/reviewers" and _whole(body.get("user_id")) and ids.get("impact_user"):
        body["user_id"] = ids["impact_user"][int(body["user_id"]) % len(ids["impact_user"])]


# ---- reports (issue #16, o31116)
O31116_VALID = {"contact_email": "resident@example.org", "contact_phone": "+966 50 123 4567",
                "media_url": "https://example.org/photo.jpg"}


def _point_at_reports(case, ids: dict, path_values: dict) -> None:
    """What the reports' schemas cannot state (fuzz_server._o31116_ids): reports that exist, sent by the
    organisation administrator (so its photo may follow) and handled by the three demo people; a new report's
    category among those anyone may report under without answering a question, placed in a region (a city of it),
    with both coordinates of a point or neither;
    an e-mail, phone and link the services' validators take; a rejection or a duplicate with its reason, a
    duplicate naming an original of its category that stays open; bulk moves that exist in bulk (not duplicate);
    routes under a category that exists; spare routes and keys for DELETE and revoke."""
    path, method = case.operation.path, case.method.upper()
    if not path.startswith("/api/v1/reports") or not ids.get("o31116_report"):
        return
    for name, kind in (("report_id", "o31116_report"), ("route_id", "o31116_route"), ("key_id", "o31116_key")):
        value = _as_whole(path_values.get(name))
        if _whole(value) and ids.get(kind):
            path_values[name] = ids[kind][int(value) % len(ids[kind])]
    body = case.body if isinstance(case.body, dict) else {}
    if not body:
        return
    categories = ids["o31116_category"]
    if isinstance(body.get("category"), str):
        body["category"] = categories[len(body["category"]) % len(categories)]
    if path == "/api/v1/reports" and method == "POST":
        body["attributes"] = {}
        body.pop("neighbourhood_id", None)
        if not _whole(body.get("region_id")):
            body["region_id"] = ids["o31116_region"]
            body.pop("city_id", None)
        for name, value in O31116_VALID.items():
            if body.get(name):
                body[name] = value
        if (body.get("latitude") is None) != (body.get("longitude") is None):  # a point has both (422 otherwise)
            body.pop("latitude", None)
            body.pop("longitude", None)
    status = body.get("status")
    if path.endswith("/bulk-status"):
        pool = ids["o31116_report"]
        if isinstance(body.get("report_ids"), list):
            body["report_ids"] = _distinct(pool, body["report_ids"]) or pool[:1]
        if status == "duplicate":
            body["status"] = status = "acknowledged"
    if path.endswith("/status") and isinstance(status, str):
        if status == "duplicate":
            originals = ids["o31116_original"]
            chosen = _as_whole(body.get("duplicate_of"))
            body["duplicate_of"] = originals[int(chosen) % len(originals) if _whole(chosen) else 0]
        else:
            body.pop("duplicate_of", None)
    if status in ("rejected", "duplicate") and not str(body.get("note") or "").strip():
        body["note"] = "البلاغ خارج نطاق الجهة"


# ---- volunteering (issue #16, volapi16)
VOLUNTEERING_PATH_KINDS = {"opportunity_id": "vol_opportunity", "shift_id": "vol_shift", "question_id": "vol_question",
                           "application_id": "vol_application", "entry_id": "vol_entry",
                           "certificate_id": "vol_certificate", "hour_value_id": "vol_spare_hour_value"}


def _point_at_volunteering(case, ids: dict, path_values: dict) -> None:
    """What the volunteering schemas cannot state (fuzz_server._volapi16_ids): records of the fuzz's opportunities
    (spare drafts, shifts and questions for DELETE); a shift on a day of its opportunity, ending after it starts; a
    place that exists and agrees (no city or neighbourhood beside a region, or the stored ones are unknown); skills,
    an axis and people that exist; no initiative or event of another organisation; answers to the questions of the
    shift's opportunity; hours dated yesterday (within the opportunity, not in the future) for a shift of it or an
    activity described; an opportunity of the organisation a certificate names."""
    path, method = case.operation.path, case.method.upper()
    if not path.startswith("/api/v1/volunteering") or not ids.get("vol_opportunity"):
        return
    for name in ("event_id", "showcase_id", "session_id"):  # set by the events' question_id mapping above
        if "{" + name + "}" not in path:
            path_values.pop(name, None)
    spare = method == "DELETE"
    opportunity = None
    for name, kind in VOLUNTEERING_PATH_KINDS.items():
        value = _as_whole(path_values.get(name))
        if not _whole(value):
            continue
        if spare and name in ("opportunity_id", "shift_id", "question_id"):
            kind = kind.replace("vol_", "vol_spare_")
        elif name == "opportunity_id" and path.endswith("/publish"):
            kind = "vol_spare_opportunity"
        pool = ids[kind]
        path_values[name] = pool[int(value) % len(pool)]
    if _whole(path_values.get("opportunity_id")):
        opportunity = path_values["opportunity_id"]
    elif _whole(path_values.get("shift_id")):
        opportunity = ids["vol_shift_opportunity"].get(str(path_values["shift_id"]))
    if _whole(path_values.get("organization_id")) and "{organization_id}" in path:
        path_values["organization_id"] = ids["vol_organization"]
    body = case.body if isinstance(case.body, dict) else {}
    if not body:
        return
    for name in ("initiative_id", "event_id", "neighbourhood_id", "city_id"):
        if name in body:
            body[name] = None
    if _whole(body.get("axis_id")):
        body["axis_id"] = None
    if isinstance(body.get("skill_ids"), list):
        skills = ids["vol_skill"]
        body["skill_ids"] = [skills[index % len(skills)] for index in range(min(len(body["skill_ids"]), len(skills)))]
    if any(isinstance(body.get(name), str) for name in ("starts_on", "ends_on")):
        # Every opportunity the fuzz makes or changes spans the fuzz's dates: the shifts and hours of later cases
        # (a stateful chain's too, on the opportunity it made) fall within them.
        body["starts_on"], body["ends_on"] = ids["vol_starts_on"], ids["vol_ends_on"]
    if method == "POST" and path.endswith("/opportunities") and not _whole(body.get("region_id")):
        body["region_id"] = ids["region"][0]  # a region is needed in the end (a city would give it)
    if _whole(body.get("minimum_age")):  # applications to the fuzz's opportunities give no birth date
        body["minimum_age"] = 0
    if isinstance(body.get("required"), bool):  # nor answers to every question
        body["required"] = False
    if "starts_at" in body or "ends_at" in body:  # a shift on a day of its opportunity, three hours long
        body["starts_at"] = f"{ids['vol_shift_day']}T08:00:00+03:00"
        body["ends_at"] = f"{ids['vol_shift_day']}T11:00:00+03:00"
    if isinstance(body.get("answers"), list):
        questions = ids["vol_questions"].get(str(opportunity)) or []
        answers = [answer for answer in body["answers"] if isinstance(answer, dict)][:len(questions)]
        body["answers"] = [{**answer, "question_id": questions[index], "text": "لدي خبرة في الزراعة"}
                           for index, answer in enumerate(answers)]
    if path.endswith("/hours") or (path == "/api/v1/volunteering/hours/{entry_id}" and method == "PATCH"):
        if "date" in body:
            body["date"] = ids["vol_today"]
        if _whole(body.get("shift_id")):
            shifts = [int(pk) for pk, of in ids["vol_shift_opportunity"].items() if of == opportunity]
            body["shift_id"] = shifts[int(body["shift_id"]) % len(shifts)] if shifts else None
        named = method == "POST" or "shift_id" in body or "activity" in body
        if named and not (_whole(body.get("shift_id")) or str(body.get("activity") or "").strip()):
            body["activity"] = "زراعة الشتلات"
    if path == "/api/v1/volunteering/certificates":
        if _whole(body.get("volunteer_id")):
            body["volunteer_id"] = ids["vol_user"][int(body["volunteer_id"]) % len(ids["vol_user"])]
        if _whole(body.get("opportunity_id")):
            body["opportunity_id"] = ids["vol_opportunity"][int(body["opportunity_id"]) % len(ids["vol_opportunity"])]
            body["organization_id"] = ids["vol_organization"]


def _requires_sign_in(case) -> bool:
    return bool(case.operation.definition.raw.get("security"))


SETTINGS = settings(
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def fuzz_case(case, fuzz_server: FuzzServer, fuzz_run: FuzzRun):
    """One generated case: sent as the next identity of the rotation, its answer checked."""
    if fuzz_run.elapsed() > FUZZ_BUDGET_SECONDS:
        pytest.fail(
            f"The API fuzz ran past its budget of {FUZZ_BUDGET_SECONDS} s after {fuzz_run.cases} cases: "
            "the API got slower or the fuzz bigger (lower MAX_EXAMPLES, or find the slowdown)."
        )
    identity = fuzz_run.next_identity()
    point_at_demo_records(case, fuzz_server.ids)
    headers = {"Authorization": f"Bearer {fuzz_server.tokens[identity]}"} if identity else {}
    response = case.call(base_url=fuzz_server.base_url, headers=headers, timeout=REQUEST_TIMEOUT)
    fuzz_run.cases += 1
    fuzz_run.operations.add(case.operation.label)
    fuzz_run.statuses[response.status_code] = fuzz_run.statuses.get(response.status_code, 0) + 1
    context = f"\nsent as {identity or 'anonymous'}: {case.as_curl_command(headers=headers)}"
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except Exception:
        # Printed, so pytest shows it with the failure: who sent it, and the server's traceback of a 500.
        print(f"{context}\n--- end of the server's log ---\n{fuzz_server.log_tail()}")
        raise
    if 400 <= response.status_code < 500:
        body = response.json() if "json" in response.headers.get("content-type", [""])[0] else None
        assert isinstance(body, dict) and {"detail", "code"} <= body.keys(), (
            f"{response.status_code} without the JSON error shape {{detail, code}}: {response.text[:300]}{context}"
        )
    if identity is None and _requires_sign_in(case):
        assert response.status_code == 401, f"anonymous call answered {response.status_code}, not 401{context}"


def test_api_fuzz(api_schema, fuzz_server, fuzz_run, subtests):
    """Every operation of the document, each reported as a subtest (one server for all of them)."""
    # schemathesis's own lazy-schema runner does the same loop but is not compatible with pytest 9.2
    # yet (it writes Node._nodeid); its per-operation test builder is used directly.
    load_all_checks()
    tests = list(get_all_tests(schema=api_schema.clone(test_function=fuzz_case), test_func=fuzz_case,
                               settings=SETTINGS, given_kwargs={}))
    assert len(tests) >= 30, f"the document lists only {len(tests)} operations"
    for result in tests:
        operation, run_operation = result.ok()
        started, cases = time.monotonic(), fuzz_run.cases
        with subtests.test(msg=operation.label):
            try:
                run_operation(fuzz_server=fuzz_server, fuzz_run=fuzz_run)
            except FailureGroup as failures:
                raise as_reported_failure(failures) from None
            finally:
                fuzz_run.timings[operation.label] = (fuzz_run.cases - cases, time.monotonic() - started)


# ---- participatory budgets (issue #17, budgets17)
def _point_at_budgets17(case, ids: dict, path_values: dict) -> None:
    """Budgets of the fuzz's processes (fuzz_server._budgets17_ids): a ballot goes to a budget in its voting phase
    and names its projects; changes of budgets and projects go to the process still in its ideas phase."""
    path, method = case.operation.path, case.method.upper()
    if not path.startswith("/api/v1/participation") or not ids.get("b17_budget"):
        return
    changing = method in ("PATCH", "POST") and not path.endswith(("/ballot", "/compute", "/publish"))
    prefix = "b17_open" if changing else "b17"
    for name, kind in (("process_id", "process"), ("budget_id", "budget"), ("project_id", "project")):
        value = _as_whole(path_values.get(name))
        if _whole(value):
            pool = ids[f"{prefix}_{kind}"]
            path_values[name] = pool[int(value) % len(pool)]
    body = case.body if isinstance(case.body, dict) else {}
    if path.endswith("/ballot") and isinstance(body.get("project_ids"), list) and body["project_ids"]:
        projects = ids["b17_project"]
        budget = path_values.get("budget_id")
        if budget in ids["b17_budget"]:
            index = ids["b17_budget"].index(budget)
            projects = projects[index * 5:index * 5 + 5]
        body["project_ids"] = sorted({projects[int(v) % len(projects)] for v in body["project_ids"] if _whole(v)})
    if "idea_id" in body:
        body["idea_id"] = None
    if "neighbourhood_id" in body:
        body["neighbourhood_id"] = None
    if path.endswith("/projects") and method == "POST" and not body.get("title"):
        body["title"] = "حديقة الحي"  # without an idea a project names itself (the description says so)
    if body.get("ballot_kind") == "choose_n" and not _whole(body.get("choose_n")):
        body["choose_n"] = 3  # a choose-N ballot says how many
    if path.endswith("/feasibility") and body.get("feasibility") == "unfeasible" and len(
            str(body.get("note") or "").strip()) < 3:
        body["note"] = "الموقع غير متاح"  # an unfeasible project says why


# ---- topics17
def _point_at_topics17(case, ids: dict, path_values: dict) -> None:
    """The topic summary's paths name a process that exists (fuzz_server._topics17_ids)."""
    if "/topics" not in case.operation.path or not ids.get("topics17_process"):
        return
    value = _as_whole(path_values.get("process_id"))
    if _whole(value):
        pool = ids["topics17_process"]
        path_values["process_id"] = pool[int(value) % len(pool)]


# ---- ideas17 (issue #17): participatory processes, phases, ideas, comments
IDEAS17_PATH_KINDS = {"process_id": "ideas17_process", "phase_id": "ideas17_phase", "idea_id": "ideas17_idea"}


def _point_at_participation17(case, ids: dict, path_values: dict) -> None:
    """Records that exist (fuzz_server._ideas17_ids): the published process in its ideas phase, its spare later
    phases, its ideas and their comments (a reply names one of the idea's comments, or none)."""
    path = case.operation.path
    if not path.startswith("/api/v1/participation") or not ids.get("ideas17_idea"):
        return
    for name, kind in IDEAS17_PATH_KINDS.items():
        value = _as_whole(path_values.get(name))
        if _whole(value) and ids.get(kind):
            path_values[name] = ids[kind][int(value) % len(ids[kind])]
    query = case.query if isinstance(getattr(case, "query", None), dict) else None
    if query is not None and path.endswith("/ideas/similar") and _whole(_as_whole(query.get("process"))):
        query["process"] = ids["ideas17_process"][0]
    body = case.body if isinstance(case.body, dict) else {}
    if path.endswith("/comments") and _whole(_as_whole(body.get("parent_id"))):
        idea_id = path_values.get("idea_id")
        if idea_id in ids["ideas17_idea"]:
            body["parent_id"] = ids["ideas17_comment"][ids["ideas17_idea"].index(idea_id)]
    for name in ("neighbourhood_id", "axis_id", "city_id"):
        body.pop(name, None)
    if path == "/api/v1/participation/processes/{process_id}":
        body.pop("region_id", None)  # the process keeps its area: its neighbourhoods lie in it
        body.pop("neighbourhood_ids", None)
    coordinates = [body.get(name) for name in ("latitude", "longitude")]
    if sum(value is None for value in coordinates) == 1 and any(name in body for name in ("latitude", "longitude")):
        body["latitude"], body["longitude"] = (value if value is not None else 0.0 for value in coordinates)
    if "/phases" in path:
        _steer_phase_dates(body)
    if path.endswith("/answer") and body.get("state") == "rejected" and len(str(body.get("text") or "").strip()) < 10:
        body["text"] = "لا تتسع الميزانية لهذا المقترح هذا العام"  # a rejection gives its reason (10 characters)
    if path.endswith("/processes") and _whole(_as_whole(body.get("organization_id"))):
        body["organization_id"] = ids["edits"].get("orgadmin") or body["organization_id"]
        if _whole(_as_whole(body.get("region_id"))):
            body["region_id"] = ids["city_region"][0][1] if ids.get("city_region") else body["region_id"]
        body.pop("neighbourhood_ids", None)


def _steer_phase_dates(body: dict) -> None:
    """A phase ends after it starts: both moments are sent (a change with one of them gets the other a day apart,
    so the stored one does not decide) and put in order."""
    import datetime

    def moment(value):
        try:
            return datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None

    starts, ends = moment(body.get("starts_at")), moment(body.get("ends_at"))
    day = datetime.timedelta(days=1)
    if starts is None and ends is None:
        return
    try:
        if starts is None or ends is None:
            starts, ends = (ends - day, ends) if starts is None else (starts, starts + day)
        elif (starts.tzinfo is None) != (ends.tzinfo is None):
            ends = starts + day
        elif ends <= starts:
            starts, ends = (ends, starts) if ends < starts else (starts, starts + day)
    except OverflowError:  # at the calendar's ends
        starts, ends = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC), datetime.datetime(2030, 1, 2, tzinfo=datetime.UTC)
    body["starts_at"], body["ends_at"] = starts.isoformat(), ends.isoformat()


# ---- moderation17
MOD17_PATHS = ("/api/v1/participation/moderation", "/api/v1/participation/ideas/{idea_id}/moderate",
               "/api/v1/participation/comments/{comment_id}/moderate", "/api/v1/participation/ideas/{idea_id}/abuse",
               "/api/v1/participation/comments/{comment_id}/abuse", "/api/v1/participation/abuse-reports",
               "/api/v1/participation/processes/{process_id}/blocks", "/api/v1/participation/blocks",
               "/api/v1/participation/ideas/{idea_id}/merge", "/api/v1/participation/follows")


def _point_at_moderation17(case, ids: dict, path_values: dict) -> None:
    """What the moderation schemas cannot state (fuzz_server._mod17_ids): the fuzz's process, its visible ideas and
    comments (an approval names a pending idea), its open reports and blocks; a merge into another visible idea; a
    block of a resident; a follow of a visible idea or the process, and one's own follow to delete."""
    path = case.operation.path
    if not path.startswith(MOD17_PATHS) or not ids.get("mod17_process"):
        return
    body = case.body if isinstance(case.body, dict) else {}

    def pick(kind: str, value) -> int:
        pool = ids[kind]
        return pool[int(value) % len(pool)] if _whole(value) else pool[0]

    for name in ("event_id", "showcase_id", "session_id"):  # set by the events' comment_id mapping above
        if "{" + name + "}" not in path:
            path_values.pop(name, None)
    if "{process_id}" in path:
        path_values["process_id"] = ids["mod17_process"][0]
    if "{idea_id}" in path:
        approving = path.endswith("/moderate") and body.get("action") == "approve"
        path_values["idea_id"] = pick("mod17_pending_idea" if approving else "mod17_idea", path_values.get("idea_id"))
    if "{comment_id}" in path:
        path_values["comment_id"] = pick("mod17_comment", path_values.get("comment_id"))
    if "{report_id}" in path:
        path_values["report_id"] = pick("mod17_report", path_values.get("report_id"))
    if "{block_id}" in path:
        path_values["block_id"] = pick("mod17_block", path_values.get("block_id"))
    if "{follow_id}" in path:
        path_values["follow_id"] = next(iter(ids["mod17_follow"].values()))
    if not body:
        return
    if isinstance(body.get("reason"), str) and not body["reason"].strip():
        body["reason"] = "محتوى مخالف"
    if path.endswith("/moderate") and body.get("action") in ("hide", "restore") and not body.get("reason"):
        body["reason"] = "محتوى مخالف"  # hiding and restoring give their reason (the schema's description says so)
    if _whole(body.get("target_id")):
        if path.endswith("/follows"):
            body["kind"] = "idea"
            body["target_id"] = pick("mod17_idea", body["target_id"])
        else:
            candidates = [pk for pk in ids["mod17_idea"] if pk != path_values.get("idea_id")]
            body["target_id"] = candidates[int(body["target_id"]) % len(candidates)]
    if _whole(body.get("user_id")):
        body["user_id"] = pick("mod17_resident", body["user_id"])


# ---- surveys17 (issue #17): the surveys' paths name the fuzz's own records (fuzz_server._surveys17_ids)
SURVEYS17_PATH_KINDS = {"process_id": "s17_process", "survey_id": "s17_survey", "question_id": "s17_question",
                        "export_id": "s17_export"}


def _point_at_surveys(case, ids: dict, path_values: dict) -> None:
    """A survey path names a survey of the fuzz's process, a question of its surveys (a spare one for DELETE) and one
    of their exports; no other part's ids are carried over."""
    path, method = case.operation.path, case.method.upper()
    if not path.startswith("/api/v1/participation") or not ids.get("s17_survey"):
        return
    if not any("{" + name + "}" in path for name in SURVEYS17_PATH_KINDS):
        return
    for name, kind in SURVEYS17_PATH_KINDS.items():
        if "{" + name + "}" not in path:
            path_values.pop(name, None)
            continue
        value = _as_whole(path_values.get(name))
        if not _whole(value):
            continue
        if name == "question_id" and method == "DELETE":
            kind = "s17_spare_question"
        pool = ids[kind]
        path_values[name] = pool[int(value) % len(pool)]
    body = case.body if isinstance(case.body, dict) else {}
    if "/questions" in path and not path.endswith("/reorder") and body:
        _steer_survey_question(body, method)
    if path.endswith("/responses") and isinstance(body.get("answers"), dict):
        survey = (case.path_parameters or {}).get("survey_id")
        body["answers"] = _survey_answers(ids, survey, body["answers"])


SURVEY_CHOICE_KINDS = ("single", "multiple", "ranking")
# The fuzz surveys' questions, in the order fuzz_server._surveys17_ids makes them, and an answer each kind takes.
SURVEY_KIND_ANSWERS = (("single", "a"), ("multiple", ["a", "c"]), ("ranking", ["b", "a", "c"]), ("scale", 4),
                       ("number", 12), ("date", "2026-03-01"), ("short_text", "قريبة من البيت"),
                       ("long_text", "الحافلة تتأخر صباحا"))


def _steer_survey_question(body: dict, method: str) -> None:
    """What the question's description states and no schema can: a condition names an earlier choice question of
    the survey (none here), choice questions have 2 to 30 choices with distinct keys, a scale runs 1 to 5. A change
    keeps the question's kind, choices and bounds, and no question becomes required, so that the answers steered
    to the fuzz surveys (_survey_answers) stay valid."""
    if "required" in body:
        body["required"] = False
    if method == "PATCH":
        for name in ("kind", "choices", "minimum", "maximum"):
            body.pop(name, None)
    if "show_if" in body:
        body["show_if"] = None
        body.pop("show_if_keys", None)
    choices = body.get("choices")
    if body.get("kind") in SURVEY_CHOICE_KINDS:
        if not isinstance(choices, list) or len(choices) < 2:
            choices = [{"key": "a", "label_ar": "نعم"}, {"key": "b", "label_ar": "لا"}, {"key": "c", "label_ar": "ربما"}]
        for index, choice in enumerate(choices):
            if isinstance(choice, dict):
                choice["key"] = "abcdefghijklmnopqrstuvwxyz0123"[index]  # distinct, and the fuzz answers' a, b, c
        body["choices"] = choices
    if body.get("kind") == "scale" or "minimum" in body or "maximum" in body:
        body["minimum"], body["maximum"] = "1", "5"


def _survey_answers(ids: dict, survey, answers: dict) -> dict:
    """Answers to the fuzz survey in the path: each generated key picks one of its questions, answered as its kind
    takes; a survey a stateful chain made gets no answers (its questions are not known here)."""
    if survey not in ids.get("s17_survey", []):
        return {}
    index = ids["s17_survey"].index(survey)
    kinds = len(SURVEY_KIND_ANSWERS)
    questions = ids["s17_question"][index * kinds:(index + 1) * kinds]
    steered = {}
    for key in answers:
        position = sum(map(ord, str(key))) % kinds
        steered[str(questions[position])] = SURVEY_KIND_ANSWERS[position][1]
    return steered
