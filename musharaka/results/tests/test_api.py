"""The results API: a result, indicator and period made, an update reported with its breakdown and evidence and
approved by another person, who sees what, the state refusals (409) and bad input (422)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from musharaka.reliability.test_hostile_input import EXE, PDF
from musharaka.results.models import Dimension, UpdateStatus

pytestmark = pytest.mark.django_db
URL = "/api/v1/results"


def call(client_for, user, method, path, body=None):
    client = client_for(user)
    if method == "GET":
        return client.get(URL + path, headers={"Accept-Language": "en"})
    return client.generic(method, URL + path, json.dumps(body if body is not None else {}),
                          content_type="application/json", headers={"Accept-Language": "en"})


def test_results_are_built_reported_and_approved_through_the_api(results_world, client_for, make_user):
    world = results_world()
    kind_path = f"/owners/initiative/{world.initiative.pk}"
    answer = call(client_for, world.admin, "POST", kind_path, {"level": "output", "title_ar": "تدريب الشباب"})
    assert answer.status_code == 201, answer.content
    result = answer.json()
    assert result["may_manage"] is True and result["owner_kind"] == "initiative"
    sex = Dimension.objects.get(code="sex")
    answer = call(client_for, world.admin, "POST", f"/{result['id']}/indicators", {
        "title_ar": "عدد المتدربات والمتدربين", "measure": "unit", "baseline_value": "10", "dimensions": [sex.pk]})
    assert answer.status_code == 201, answer.content
    indicator = answer.json()
    answer = call(client_for, world.admin, "POST", f"/indicators/{indicator['id']}/periods",
                  {"start": "2026-01-01", "end": "2026-06-30", "target_value": "110"})
    assert answer.status_code == 201, answer.content
    period = answer.json()
    female = sex.values.get(code="female")
    answer = call(client_for, world.editor, "POST", f"/periods/{period['id']}/updates", {
        "value": "40", "narrative": "الدفعة الأولى", "breakdown": [{"dimension_value": female.pk, "value": "25"}]})
    assert answer.status_code == 201, answer.content
    update = answer.json()
    assert update["status"] == "draft" and update["breakdown"][0]["value"] == "25"
    evidence = client_for(world.editor).post(f"{URL}/updates/{update['id']}/evidence",
                                             {"file": SimpleUploadedFile("r.pdf", PDF, "application/pdf")})
    assert evidence.status_code == 201 and len(evidence.json()["evidence"]) == 1
    hostile = client_for(world.editor).post(f"{URL}/updates/{update['id']}/evidence",
                                            {"file": SimpleUploadedFile("r.pdf", EXE, "application/pdf")})
    assert hostile.status_code == 422
    assert call(client_for, world.editor, "POST", f"/updates/{update['id']}/submit").status_code == 200
    # The public does not see a pending update; its author may not approve it.
    assert call(client_for, make_user(), "GET", f"/updates/{update['id']}").status_code == 404
    assert call(client_for, world.editor, "POST", f"/updates/{update['id']}/approve", {}).status_code == 403
    queue = call(client_for, world.admin, "GET", "/queue").json()
    assert [row["id"] for row in queue["results"]] == [update["id"]]
    answer = call(client_for, world.admin, "POST", f"/updates/{update['id']}/approve", {"comment": "شكرًا"})
    assert answer.status_code == 200 and answer.json()["status"] == UpdateStatus.APPROVED
    detail = call(client_for, None, "GET", f"/indicators/{indicator['id']}").json()
    assert detail["actual_value"] == "40" and detail["progress"] == "0.3"  # (40 − 10) ÷ (110 − 10)
    [breakdown] = detail["breakdown"]
    assert breakdown["unspecified"] == "15" and breakdown["complete"] is False
    assert detail["periods"][0]["pending_count"] is None  # the public does not see what awaits approval
    # Approved updates are the record: the indicator cannot lose them, nor its measure change.
    assert call(client_for, world.admin, "DELETE", f"/indicators/{indicator['id']}").status_code == 409
    assert call(client_for, world.admin, "PATCH", f"/indicators/{indicator['id']}",
                {"measure": "percentage"}).status_code == 409
    assert call(client_for, world.admin, "POST", f"/periods/{period['id']}/lock", {"locked": True}).status_code == 200
    answer = call(client_for, world.editor, "POST", f"/periods/{period['id']}/updates", {"value": "1"})
    assert answer.status_code == 409
    listed = call(client_for, None, "GET", f"/owners/initiative/{world.initiative.pk}").json()
    mine = next(row for row in listed if row["id"] == result["id"])
    assert mine["indicators"][0]["actual_value"] == "40" and mine["may_manage"] is False


def test_results_api_refuses_bad_input_and_hides_a_draft_initiative(results_world, client_for, make_user):
    world = results_world()
    indicator = world.indicator()
    period = indicator.periods.get()
    assert call(client_for, world.editor, "POST", f"/periods/{period.pk}/updates",
                {"value": "1e400"}).status_code == 422
    assert call(client_for, world.editor, "POST", f"/periods/{period.pk}/updates",
                {"value": "1.00001"}).status_code == 422
    assert call(client_for, world.admin, "POST", f"/indicators/{indicator.pk}/periods",
                {"start": "2026-03-01", "end": "2026-02-01"}).status_code == 422
    # Whole numbers are JSON numbers: not booleans or strings (pydantic's lax mode would take them).
    result_id = indicator.result_id
    for body in ({"position": False}, {"position": "3"}):
        assert call(client_for, world.admin, "PATCH", f"/{result_id}", body).status_code == 422, body
    assert call(client_for, world.admin, "PATCH", f"/indicators/{indicator.pk}",
                {"baseline_year": True}).status_code == 422
    stranger = make_user()
    assert call(client_for, stranger, "POST", f"/periods/{period.pk}/updates", {"value": "1"}).status_code == 403
    assert call(client_for, None, "POST", f"/periods/{period.pk}/updates", {"value": "1"}).status_code == 401
    draft = results_world(status="draft")
    hidden = draft.indicator()
    assert call(client_for, stranger, "GET", f"/indicators/{hidden.pk}").status_code == 404
    assert call(client_for, stranger, "GET", f"/owners/initiative/{draft.initiative.pk}").status_code == 404
    assert call(client_for, stranger, "GET", "/owners/plan/1").status_code == 404
    assert call(client_for, None, "GET", "/dimensions").status_code == 200


def test_submitting_a_draft_without_its_figure_is_a_conflict_and_sending_it_with_submit_is_bad_input(
        results_world, client_for):
    """The submit operation carries no body: a draft without its value is the record's state (409, the contract
    run's valid request); figures sent with submit=True are the caller's input (422)."""
    world = results_world()
    period = world.indicator().periods.get()
    answer = call(client_for, world.editor, "POST", f"/periods/{period.pk}/updates", {"narrative": "بلا قيمة بعد"})
    assert answer.status_code == 201, answer.content
    empty = answer.json()
    answer = call(client_for, world.editor, "POST", f"/updates/{empty['id']}/submit")
    assert answer.status_code == 409 and answer.json()["code"] == "incomplete"
    assert "value" in answer.json()["detail"].lower()
    answer = call(client_for, world.editor, "POST", f"/periods/{period.pk}/updates", {"narrative": "x", "submit": True})
    assert answer.status_code == 422
    assert call(client_for, world.editor, "GET", f"/updates/{empty['id']}").json()["status"] == "draft"
