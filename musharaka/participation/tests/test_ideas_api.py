"""The processes, phases, ideas and comments API: a process through its phases, who may do what (404 unseen, 403 not
allowed or wrong phase, 409 state, 422 bad input), supports, official answers, threaded comments."""

import datetime
import json

import pytest
from django.utils import timezone

from musharaka.participation.models import Idea, Process

from .ideas_world import *  # noqa: F403

pytestmark = pytest.mark.django_db
URL = "/api/v1/participation"


def call(client_for, user, method: str, path: str, body=None, language: str = "en"):
    client = client_for(user)
    headers = {"Accept-Language": language}
    if method == "GET":
        return client.get(URL + path, headers=headers)
    return client.generic(method, URL + path, json.dumps(body if body is not None else {}),
                          content_type="application/json", headers=headers)


def test_a_process_is_created_phased_and_published_by_the_api(ideas_world, client_for, region):
    admin = ideas_world.admin
    answer = call(client_for, admin, "POST", "/processes", {
        "organization_id": ideas_world.organization.pk, "title_ar": "تطوير الواجهات البحرية", "region_id": region.pk,
        "city_id": ideas_world.city.pk, "neighbourhood_ids": [ideas_world.neighbourhoods[0].pk],
        "premoderation": True})
    assert answer.status_code == 201, answer.content
    process = answer.json()
    assert process["status"] == "draft" and process["premoderation"] and len(process["neighbourhoods"]) == 1
    pid = process["id"]
    assert call(client_for, None, "GET", f"/processes/{pid}").status_code == 404
    assert call(client_for, admin, "POST", f"/processes/{pid}/status", {"status": "published"}).status_code == 409
    now = timezone.now()
    phase = call(client_for, admin, "POST", f"/processes/{pid}/phases", {
        "kind": "ideas", "starts_at": (now - datetime.timedelta(hours=1)).isoformat(),
        "ends_at": (now + datetime.timedelta(days=3)).isoformat()})
    assert phase.status_code == 201, phase.content
    overlapping = call(client_for, admin, "POST", f"/processes/{pid}/phases", {
        "kind": "voting", "starts_at": now.isoformat(), "ends_at": (now + datetime.timedelta(days=1)).isoformat()})
    assert overlapping.status_code == 409 and overlapping.json()["code"] == "overlap"
    assert call(client_for, admin, "POST", f"/processes/{pid}/status", {"status": "published"}).status_code == 200
    got = call(client_for, None, "GET", f"/processes/{pid}").json()
    assert got["phase"] == "ideas" and got["phases"][0]["in_force"]
    listed = call(client_for, None, "GET", "/processes?phase=ideas&q=الواجهات").json()
    assert [row["id"] for row in listed["results"]] == [pid]
    patched = call(client_for, admin, "PATCH", f"/phases/{phase.json()['id']}", {"kind": "information"})
    assert patched.status_code == 200 and patched.json()["kind"] == "information"
    assert call(client_for, ideas_world.make_user(), "PATCH", f"/processes/{pid}", {"title_en": "x"}).status_code == 403
    assert call(client_for, admin, "DELETE", f"/phases/{phase.json()['id']}").status_code == 409  # the last one


def test_ideas_supports_answers_and_comments_by_the_api(ideas_world, client_for):
    pid = ideas_world.process.pk
    resident, other = ideas_world.make_user(), ideas_world.make_user()
    created = call(client_for, resident, "POST", f"/processes/{pid}/ideas", {
        "title": "مسار للدراجات حول الحي", "description": "مسار آمن للدراجات يربط المدارس بالحديقة",
        "neighbourhood_id": ideas_world.neighbourhoods[1].pk, "latitude": 24.8, "longitude": 46.6, "group": "youth"})
    assert created.status_code == 201, created.content
    idea = created.json()
    iid = idea["id"]
    assert idea["visibility"] == "visible" and idea["mine"] and idea["can"]["edit_idea"]
    assert call(client_for, other, "PUT", f"/ideas/{iid}/support", {"group": "women"}).status_code == 201
    second = call(client_for, other, "PUT", f"/ideas/{iid}/support", {})
    assert second.status_code == 409
    listed = call(client_for, other, "GET", f"/processes/{pid}/ideas?sort=supported").json()
    assert listed["results"][0]["supported_by_me"] and listed["results"][0]["support_count"] == 1
    similar = call(client_for, None, "GET", f"/ideas/similar?process={pid}&q=مسار للدراجات حول المدارس").json()
    assert [row["id"] for row in similar] == [iid]
    assert call(client_for, other, "DELETE", f"/ideas/{iid}/support").json()["support_count"] == 0
    assert call(client_for, other, "DELETE", f"/ideas/{iid}/support").status_code == 404
    first = call(client_for, other, "POST", f"/ideas/{iid}/comments", {"body": "فكرة ممتازة"}).json()
    reply = call(client_for, ideas_world.editor, "POST", f"/ideas/{iid}/comments",
                 {"body": "ندرسها الآن", "parent_id": first["id"]})
    assert reply.status_code == 201 and reply.json()["is_official"] and reply.json()["depth"] == 1
    thread = call(client_for, None, "GET", f"/ideas/{iid}/comments").json()
    assert [row["id"] for row in thread["results"]] == [first["id"], reply.json()["id"]]
    assert call(client_for, resident, "POST", f"/ideas/{iid}/answer", {"state": "accepted"}).status_code == 403
    assert call(client_for, ideas_world.editor, "POST", f"/ideas/{iid}/answer",
                {"state": "rejected", "text": ""}).status_code == 422
    answered = call(client_for, ideas_world.editor, "POST", f"/ideas/{iid}/answer",
                    {"state": "initiative", "text": "ستصبح مبادرة"})
    assert answered.status_code == 200 and answered.json()["initiative_id"]
    assert call(client_for, resident, "PATCH", f"/ideas/{iid}", {"title": "عنوان جديد للفكرة"}).status_code == 403


def test_wrong_phase_is_403_and_unseen_is_404(ideas_world, client_for):
    idea = ideas_world.idea()
    ideas_world.set_phase("voting")
    resident = ideas_world.make_user()
    assert call(client_for, resident, "PUT", f"/ideas/{idea.pk}/support", {}).status_code == 403
    assert call(client_for, resident, "POST", f"/processes/{ideas_world.process.pk}/ideas", {
        "title": "فكرة متأخرة جدا", "description": "وصل بعد انتهاء مرحلة الأفكار"}).status_code == 403
    Idea.objects.filter(pk=idea.pk).update(visibility="hidden")
    assert call(client_for, resident, "GET", f"/ideas/{idea.pk}").status_code == 404
    assert call(client_for, idea.author, "GET", f"/ideas/{idea.pk}").status_code == 200
    Process.objects.filter(pk=ideas_world.process.pk).update(status="draft")
    assert call(client_for, resident, "GET", f"/processes/{ideas_world.process.pk}/ideas").status_code == 404


@pytest.mark.parametrize("body", [
    {"title": "ح" * 300, "description": "وصف كاف للفكرة"},
    {"title": "فكرة جيدة", "description": "وصف كاف للفكرة", "latitude": 91, "longitude": 10},
    {"title": "فكرة جيدة", "description": "وصف كاف للفكرة", "latitude": "24", "longitude": "46"},
    {"title": "فكرة جيدة", "description": "وصف كاف للفكرة", "neighbourhood_id": 2**40},
    {"title": "فكرة\u0000جيدة", "description": "وصف كاف للفكرة"},
    {"title": "فكرة جيدة", "description": "وصف كاف للفكرة", "extra": 1},
])
def test_bad_idea_bodies_are_422(ideas_world, client_for, body):
    answer = call(client_for, ideas_world.make_user(), "POST", f"/processes/{ideas_world.process.pk}/ideas", body)
    assert answer.status_code == 422, answer.content
    assert not Idea.objects.exists()
