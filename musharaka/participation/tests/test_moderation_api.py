"""The moderation API: pre-moderation through it, hide and restore, reports (409 twice), blocks, merge, follows,
the queue and the log; 404 for what one may not see, 403 for what one may not do; hostile input 422, never a 500."""

import json

import pytest

from musharaka.participation.models import AbuseReport, Block, Follow, Idea, ModerationAction, Visibility

pytestmark = pytest.mark.django_db

URL = "/api/v1/participation"


def call(client_for, user, method, path, body=None):
    client = client_for(user)
    if method == "GET":
        return client.get(URL + path, headers={"Accept-Language": "en"})
    return client.generic(method, URL + path, json.dumps(body if body is not None else {}),
                          content_type="application/json", headers={"Accept-Language": "en"})


def test_premoderation_through_the_api(mod17_world, mod17_idea, mod17_comment, client_for):
    w = mod17_world
    idea = mod17_idea(w.process, w.author, visibility=Visibility.PENDING)
    visible = mod17_idea(w.process, w.author, title="فكرة ظاهرة")
    comment = mod17_comment(visible, w.author, visibility=Visibility.PENDING)
    queue = call(client_for, w.coordinator, "GET", f"/moderation/processes/{w.process.pk}/queue").json()
    assert [row["id"] for row in queue["results"]] == [idea.pk] and queue["count"] == 1
    queue = call(client_for, w.coordinator, "GET", f"/moderation/processes/{w.process.pk}/queue?show=comments").json()
    assert [row["id"] for row in queue["results"]] == [comment.pk]
    assert call(client_for, w.resident, "POST", f"/ideas/{idea.pk}/moderate", {"action": "approve"}).status_code == 404
    assert call(client_for, w.resident, "GET", f"/moderation/processes/{w.process.pk}/queue").status_code == 403
    answer = call(client_for, w.coordinator, "POST", f"/ideas/{idea.pk}/moderate", {"action": "approve"})
    assert answer.status_code == 200 and answer.json()["visibility"] == "visible"
    assert call(client_for, w.coordinator, "POST", f"/ideas/{idea.pk}/moderate",
                {"action": "approve"}).status_code == 409
    answer = call(client_for, w.editor, "POST", f"/comments/{comment.pk}/moderate", {"action": "approve"})
    assert answer.json()["visibility"] == "visible"
    w.process.refresh_from_db()
    assert (w.process.idea_count, w.process.comment_count) == (2, 1)
    log = call(client_for, w.staff, "GET", f"/moderation/processes/{w.process.pk}/log").json()
    assert [row["kind"] for row in log["results"]] == ["approve", "approve"]


@pytest.mark.parametrize("role,status", [("editor", 200), ("coordinator", 200), ("staff", 200),
                                         ("other_coordinator", 403), ("resident", 403), ("anonymous", 401)])
def test_hide_by_role(mod17_world, mod17_idea, client_for, role, status):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    user = None if role == "anonymous" else getattr(w, role)
    answer = call(client_for, user, "POST", f"/ideas/{idea.pk}/moderate", {"action": "hide", "reason": "إساءة"})
    assert answer.status_code == status
    assert ModerationAction.objects.count() == (1 if status == 200 else 0)


def test_hide_needs_a_reason_and_hostile_input_is_a_422(mod17_world, mod17_idea, client_for):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    for body in ({"action": "hide"}, {"action": "hide", "reason": "x" * 5_000}, {"action": "drop", "reason": "x"},
                 {"action": "hide", "reason": "\u202e\u202d"}, {"action": "hide", "reason": "a\x00b"}, {}):
        answer = call(client_for, w.editor, "POST", f"/ideas/{idea.pk}/moderate", body)
        assert answer.status_code == 422, body
        assert answer.json()["detail"]
    assert call(client_for, w.editor, "POST", "/ideas/99999999999/moderate", {"action": "hide"}).status_code in (404, 422)
    assert call(client_for, w.editor, "POST", "/ideas/999999/moderate",
                {"action": "hide", "reason": "x"}).status_code == 404
    assert not ModerationAction.objects.exists()


def test_reports_and_dismiss(mod17_world, mod17_idea, mod17_comment, client_for):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    comment = mod17_comment(idea, w.author)
    assert call(client_for, None, "POST", f"/ideas/{idea.pk}/abuse-reports", {"reason": "spam"}).status_code == 401
    answer = call(client_for, w.resident, "POST", f"/ideas/{idea.pk}/abuse-reports", {"reason": "spam"})
    assert answer.status_code == 201
    assert call(client_for, w.resident, "POST", f"/ideas/{idea.pk}/abuse-reports",
                {"reason": "spam"}).status_code == 409
    assert call(client_for, w.resident, "POST", f"/comments/{comment.pk}/abuse-reports",
                {"reason": "what"}).status_code == 422
    assert call(client_for, w.resident, "POST", f"/comments/{comment.pk}/abuse-reports",
                {"reason": "personal", "detail": "رقم هاتف"}).status_code == 201
    queue = call(client_for, w.editor, "GET", f"/moderation/processes/{w.process.pk}/queue?show=reports").json()
    assert queue["count"] == 2 and {row["kind"] for row in queue["results"]} == {"idea", "comment"}
    report_id = answer.json()["id"]
    assert call(client_for, w.resident, "POST", f"/abuse-reports/{report_id}/dismiss", {}).status_code == 403
    answer = call(client_for, w.editor, "POST", f"/abuse-reports/{report_id}/dismiss", {"reason": "لا إساءة"})
    assert answer.status_code == 200 and answer.json()["status"] == "dismissed"
    assert call(client_for, w.editor, "POST", f"/abuse-reports/{report_id}/dismiss", {}).status_code == 409
    assert AbuseReport.objects.filter(status="open").count() == 1


def test_blocks(mod17_world, client_for):
    w = mod17_world
    path = f"/processes/{w.process.pk}/blocks"
    assert call(client_for, w.resident, "POST", path, {"user_id": w.author.pk, "reason": "x"}).status_code == 403
    assert call(client_for, w.editor, "POST", path, {"user_id": w.author.pk}).status_code == 422
    assert call(client_for, w.editor, "POST", path, {"user_id": w.coordinator.pk, "reason": "x"}).status_code == 409
    assert call(client_for, w.editor, "POST", path, {"user_id": 999999, "reason": "x"}).status_code == 404
    answer = call(client_for, w.editor, "POST", path, {"user_id": w.author.pk, "reason": "إساءة متكررة"})
    assert answer.status_code == 201
    assert call(client_for, w.editor, "POST", path, {"user_id": w.author.pk, "reason": "مرة"}).status_code == 409
    assert call(client_for, w.coordinator, "GET", path).json()["count"] == 1
    block_id = answer.json()["id"]
    assert call(client_for, w.editor, "DELETE", f"/blocks/{block_id}", {}).status_code == 422
    assert call(client_for, w.resident, "DELETE", f"/blocks/{block_id}", {"reason": "x"}).status_code == 403
    assert call(client_for, w.editor, "DELETE", f"/blocks/{block_id}", {"reason": "اعتذر"}).status_code == 204
    assert not Block.objects.exists()


def test_merge(mod17_world, mod17_idea, mod17_support, make_user, client_for):
    w = mod17_world
    source = mod17_idea(w.process, w.author)
    target = mod17_idea(w.process, w.author)
    both = make_user()
    mod17_support(source, both)
    mod17_support(target, both)
    mod17_support(source, make_user())
    assert call(client_for, w.resident, "POST", f"/ideas/{source.pk}/merge",
                {"target_id": target.pk}).status_code == 403
    answer = call(client_for, w.editor, "POST", f"/ideas/{source.pk}/merge", {"target_id": target.pk})
    assert answer.status_code == 200 and answer.json()["support_count"] == 2 and answer.json()["id"] == target.pk
    assert Idea.objects.get(pk=source.pk).merged_into_id == target.pk
    assert call(client_for, w.editor, "POST", f"/ideas/{source.pk}/merge",
                {"target_id": target.pk}).status_code == 409
    assert call(client_for, w.editor, "POST", f"/ideas/{target.pk}/merge",
                {"target_id": 9999999}).status_code == 404


def test_follows(mod17_world, mod17_idea, client_for):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    assert call(client_for, None, "POST", "/follows", {"kind": "process", "target_id": w.process.pk}).status_code == 401
    answer = call(client_for, w.resident, "POST", "/follows", {"kind": "process", "target_id": w.process.pk})
    assert answer.status_code == 201
    again = call(client_for, w.resident, "POST", "/follows",
                 {"kind": "process", "target_id": w.process.pk, "email": False})
    assert again.status_code == 200 and again.json()["email"] is False
    assert call(client_for, w.resident, "POST", "/follows", {"kind": "idea", "target_id": idea.pk}).status_code == 201
    assert call(client_for, w.resident, "POST", "/follows", {"kind": "idea", "target_id": 0}).status_code == 422
    assert call(client_for, w.resident, "POST", "/follows", {"kind": "galaxy", "target_id": 1}).status_code == 422
    listed = call(client_for, w.resident, "GET", "/follows").json()
    assert listed["count"] == 2
    follow_id = answer.json()["id"]
    assert call(client_for, w.author, "DELETE", f"/follows/{follow_id}").status_code == 404
    assert call(client_for, w.resident, "DELETE", f"/follows/{follow_id}").status_code == 204
    w.process.refresh_from_db()
    assert w.process.follower_count == 0 and Follow.objects.count() == 1
