# ruff: noqa: F811 — the fixture survey_world is imported from survey_world.py (the app's conftest is shared)
"""The surveys' API: statuses 404/403/409/422 as the brief says, the builder, answering, results, exports."""

import json

import pytest

from musharaka.participation.models import SurveyResponse

from .survey_world import CHOICES, survey_world  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/api/v1/participation"


def call(client_for, user, method, path, body=None, language="en"):
    client = client_for(user)
    if method == "GET":
        return client.get(URL + path, headers={"Accept-Language": language})
    return client.generic(method, URL + path, json.dumps(body if body is not None else {}),
                          content_type="application/json", headers={"Accept-Language": language})


def ok(answer, status=200):
    assert answer.status_code == status, answer.content
    return answer.json() if answer.content else None


def refused(answer, status: int, code: str | None = None):
    assert answer.status_code == status, answer.content
    body = answer.json()
    if code:
        assert body["code"] == code, body
    return body


def test_build_open_answer_and_read_results(survey_world, client_for, django_capture_on_commit_callbacks):
    w = survey_world
    survey = ok(call(client_for, w.editor, "POST", f"/processes/{w.process.pk}/surveys",
                     {"title_ar": "استبيان النقل", "anonymous": True}), 201)
    sid = survey["id"]
    assert survey["status"] == "draft" and survey["questions"] == []
    refused(call(client_for, w.editor, "POST", f"/surveys/{sid}/status", {"status": "open"}), 409, "no_questions")
    first = ok(call(client_for, w.editor, "POST", f"/surveys/{sid}/questions",
                    {"kind": "single", "label_ar": "هل تستخدم الحافلة؟", "required": True, "choices": CHOICES}), 201)
    second = ok(call(client_for, w.editor, "POST", f"/surveys/{sid}/questions",
                     {"kind": "short_text", "label_ar": "لماذا؟", "show_if": first["id"], "show_if_keys": ["red"]}),
                201)
    ok(call(client_for, w.editor, "PATCH", f"/surveys/{sid}/questions/{second['id']}", {"label_en": "Why?"}))
    refused(call(client_for, w.editor, "POST", f"/surveys/{sid}/questions/reorder",
                 {"question_ids": [second["id"], first["id"]]}), 409)
    assert ok(call(client_for, w.editor, "POST", f"/surveys/{sid}/status", {"status": "open"}))["status"] == "open"
    # A resident answers once; the API says 409 the second time.
    ok(call(client_for, w.resident, "POST", f"/surveys/{sid}/responses",
            {"answers": {str(first["id"]): "red", str(second["id"]): "قريبة"}}), 201)
    refused(call(client_for, w.resident, "POST", f"/surveys/{sid}/responses",
                 {"answers": {str(first["id"]): "red"}}), 409, "already_answered")
    assert SurveyResponse.objects.get(survey_id=sid).respondent is None
    body = refused(call(client_for, w.other, "POST", f"/surveys/{sid}/responses",
                        {"answers": {str(first["id"]): "purple"}}), 422)
    assert body["detail"]
    # Kind and keys stay once answered.
    refused(call(client_for, w.editor, "PATCH", f"/surveys/{sid}/questions/{first['id']}", {"kind": "multiple"}),
            409, "has_answers")
    refused(call(client_for, w.editor, "DELETE", f"/surveys/{sid}/questions/{first['id']}"), 409)
    results = ok(call(client_for, w.editor, "GET", f"/surveys/{sid}/results"))
    assert results["questions"][0]["counts"] == {"red": 1, "blue": 0, "green": 0}
    assert results["questions"][1]["latest_texts"] == ["قريبة"]
    responses = ok(call(client_for, w.editor, "GET", f"/surveys/{sid}/responses"))
    assert responses["count"] == 1 and responses["results"][0]["respondent_id"] is None
    with django_capture_on_commit_callbacks(execute=True):
        export = ok(call(client_for, w.editor, "POST", f"/surveys/{sid}/exports", {"format": "csv"}), 202)
    done = ok(call(client_for, w.editor, "GET", f"/exports/{export['id']}"))
    assert done["status"] == "done" and done["row_count"] == 1 and done["download_url"]
    assert client_for(w.editor).get(done["download_url"]).status_code == 200
    assert client_for(w.resident).get(done["download_url"]).status_code == 404
    assert ok(call(client_for, w.editor, "GET", f"/surveys/{sid}/exports"))["count"] == 1


def test_who_sees_and_who_may(survey_world, client_for):
    w = survey_world
    sid = w.survey.pk
    assert ok(call(client_for, None, "GET", f"/surveys/{sid}"))["questions"][1]["show_if"] == w.colour.pk
    assert ok(call(client_for, None, "GET", f"/processes/{w.process.pk}/surveys"))["count"] == 1
    refused(call(client_for, None, "POST", f"/surveys/{sid}/responses", {"answers": {}}), 401)
    refused(call(client_for, w.resident, "PATCH", f"/surveys/{sid}", {"title_ar": "س"}), 403)
    refused(call(client_for, w.resident, "GET", f"/surveys/{sid}/results"), 403)
    refused(call(client_for, w.resident, "GET", f"/surveys/{sid}/responses"), 403)
    refused(call(client_for, w.resident, "POST", f"/surveys/{sid}/exports", {"format": "csv"}), 403)
    draft = ok(call(client_for, w.editor, "POST", f"/processes/{w.process.pk}/surveys", {"title_ar": "مسودة"}), 201)
    refused(call(client_for, w.resident, "GET", f"/surveys/{draft['id']}"), 404)
    refused(call(client_for, w.resident, "GET", "/surveys/2147483647"), 404)
    refused(call(client_for, w.resident, "GET", "/exports/2147483647"), 404)
    refused(call(client_for, w.editor, "PATCH", f"/surveys/{sid}", {"title_ar": "س", "extra": 1}), 422)
    refused(call(client_for, w.editor, "POST", f"/surveys/{sid}/status", {"status": "draft"}), 409)
    refused(call(client_for, w.editor, "POST", f"/surveys/{sid}/questions",
                 {"kind": "scale", "label_ar": "س", "minimum": "1", "maximum": "NaN"}), 422)
    refused(call(client_for, w.resident, "POST", f"/surveys/{sid}/responses",
                 {"answers": {str(w.colour.pk): "blue", str(w.rating.pk): 1e308}}), 422)
    # Closed: the public reads the results.
    ok(call(client_for, w.editor, "POST", f"/surveys/{sid}/status", {"status": "closed"}))
    assert ok(call(client_for, None, "GET", f"/surveys/{sid}/results", language="ar"))["response_count"] == 0
    refused(call(client_for, w.resident, "POST", f"/surveys/{sid}/responses", {"answers": {str(w.colour.pk): "blue"}}),
            403)
