"""The moderation pages in Arabic and English: the queue, the log, blocks, merge, reports, follows; who may see them;
their query counts."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from musharaka.participation import moderation, moderation_selectors
from musharaka.participation.models import (
    AbuseReport,
    Block,
    Follow,
    Idea,
    ModerationAction,
    Visibility,
)

pytestmark = pytest.mark.django_db


def url(name, *args, english=False):
    path = reverse(f"participation:{name}", args=args)
    return "/en" + path if english else path


@pytest.fixture
def queue_world(mod17_world, mod17_idea, mod17_comment, make_user):
    w = mod17_world
    pending = [mod17_idea(w.process, w.author, visibility=Visibility.PENDING, title=f"فكرة معلقة {n}")
               for n in range(3)]
    visible = mod17_idea(w.process, w.author, title="فكرة ظاهرة")
    comments = [mod17_comment(visible, w.author, visibility=Visibility.PENDING, body=f"تعليق معلق {n}")
                for n in range(3)]
    reported = mod17_comment(visible, w.author, body="تعليق مسيء")
    for _n in range(3):
        AbuseReport.objects.create(process=w.process, comment=reported, reporter=make_user(), reason="offensive")
    AbuseReport.objects.create(process=w.process, idea=visible, reporter=make_user(), reason="spam")
    return w, pending, visible, comments, reported


@pytest.mark.parametrize("english", [False, True])
@pytest.mark.parametrize("show", ["ideas", "comments", "reports"])
def test_the_queue_in_both_languages(queue_world, client_for, english, show, django_assert_max_num_queries):
    w, pending, visible, comments, reported = queue_world
    client = client_for(w.coordinator)
    with django_assert_max_num_queries(16):
        response = client.get(url("moderation", w.process.pk, english=english) + f"?show={show}")
    assert response.status_code == 200
    page = response.content.decode()
    assert ('dir="rtl"' in page) is not english
    assert ("Moderation queue" in page) is english
    if show == "ideas":
        assert all(f'data-testid="pending-idea-{idea.pk}"' in page for idea in pending)
    elif show == "comments":
        assert all(f'data-testid="pending-comment-{comment.pk}"' in page for comment in comments)
    else:
        assert f'data-testid="reported-comment-{reported.pk}"' in page and f'data-testid="reported-idea-{visible.pk}"' in page


def test_the_queue_query_count_does_not_grow(queue_world, mod17_idea, make_user, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w, _pending, _visible, _comments, _reported = queue_world
    client = client_for(w.coordinator)
    counts = {}
    for show in ("ideas", "comments", "reports"):
        client.get(url("moderation", w.process.pk) + f"?show={show}")  # sessions and caches warm
        with CaptureQueriesContext(connection) as small:
            client.get(url("moderation", w.process.pk) + f"?show={show}")
        counts[show] = len(small)
    for n in range(15):
        idea = mod17_idea(w.process, w.author, title=f"أخرى {n}", visibility=Visibility.PENDING if n % 2 else "visible")
        AbuseReport.objects.create(process=w.process, idea=idea, reporter=make_user(), reason="spam")
    for show in ("ideas", "comments", "reports"):
        with CaptureQueriesContext(connection) as large:
            assert client.get(url("moderation", w.process.pk) + f"?show={show}").status_code == 200
        assert len(large) <= counts[show] <= 16, show


@pytest.mark.parametrize("role,status", [("editor", 200), ("coordinator", 200), ("staff", 200),
                                         ("other_coordinator", 403), ("resident", 403), ("anonymous", 302)])
@pytest.mark.parametrize("name", ["moderation", "moderation_log", "blocks"])
def test_who_sees_the_moderation_pages(mod17_world, client_for, role, status, name):
    w = mod17_world
    user = None if role == "anonymous" else getattr(w, role)
    assert client_for(user).get(url(name, w.process.pk)).status_code == status


def test_approve_and_hide_through_the_pages(queue_world, client_for):
    w, pending, visible, comments, reported = queue_world
    client = client_for(w.editor)
    response = client.post(url("idea_moderate", pending[0].pk), {"action": "approve"})
    assert response.status_code == 302
    assert Idea.objects.get(pk=pending[0].pk).visibility == "visible"
    response = client.post(url("comment_moderate", reported.pk), {"action": "hide", "reason": "إساءة"}, follow=True)
    assert response.status_code == 200
    assert ModerationAction.objects.filter(comment=reported, kind="hide", reason="إساءة").exists()
    assert not AbuseReport.objects.filter(comment=reported, status="open").exists()
    response = client.post(url("comment_moderate", comments[0].pk), {"action": "hide", "reason": ""}, follow=True)
    assert "سبب" in response.content.decode() or "at least" in response.content.decode()
    assert ModerationAction.objects.count() == 2
    assert client_for(w.resident).post(url("idea_moderate", pending[1].pk), {"action": "approve"}).status_code == 404
    assert client_for(w.resident).post(url("idea_moderate", visible.pk),
                                       {"action": "hide", "reason": "x"}).status_code == 403


def test_the_log_lists_every_action(queue_world, client_for):
    w, pending, visible, _comments, _reported = queue_world
    moderation.idea_moderate(actor=w.editor, idea=pending[0], action="approve")
    moderation.idea_moderate(actor=w.editor, idea=visible, action="hide", reason="سبب <script>alert(1)</script>")
    page = client_for(w.coordinator).get(url("moderation_log", w.process.pk, english=True)).content.decode()
    assert page.count('data-testid="action-') == 2 and "<script>alert" not in page


def test_report_pages(mod17_world, mod17_idea, mod17_comment, client_for):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    comment = mod17_comment(idea, w.author)
    client = client_for(w.resident)
    assert client.get(url("abuse_report_idea", idea.pk)).status_code == 200
    assert client.post(url("abuse_report_idea", idea.pk), {"reason": "spam"}).status_code == 302
    response = client.post(url("abuse_report_idea", idea.pk), {"reason": "spam"})
    assert response.status_code == 422
    assert client.post(url("abuse_report_comment", comment.pk), {"reason": "nonsense"}).status_code == 422
    assert client.post(url("abuse_report_comment", comment.pk),
                       {"reason": "offensive", "detail": "\u202eنص"}).status_code == 302
    assert AbuseReport.objects.count() == 2 and AbuseReport.objects.get(comment=comment).detail == "نص"
    assert client_for(None).post(url("abuse_report_idea", idea.pk), {"reason": "spam"}).status_code == 302
    assert AbuseReport.objects.count() == 2


def test_dismiss_block_unblock_pages(queue_world, client_for):
    w, _pending, visible, _comments, _reported = queue_world
    client = client_for(w.coordinator)
    report = AbuseReport.objects.filter(idea=visible).get()
    assert client.post(url("abuse_dismiss", report.pk), {"reason": "لا مشكلة"}).status_code == 302
    response = client.post(url("blocks", w.process.pk), {"username": w.resident.username, "reason": "إساءة"})
    assert response.status_code == 302
    block = Block.objects.get()
    response = client.post(url("blocks", w.process.pk), {"username": "nobody-here", "reason": "إساءة"})
    assert response.status_code == 422
    response = client.post(url("blocks", w.process.pk), {"username": w.editor.username, "reason": "إساءة"})
    assert response.status_code == 422 and Block.objects.count() == 1
    assert client.get(url("blocks", w.process.pk, english=True)).status_code == 200
    assert client.post(url("unblock", block.pk), {"reason": ""}).status_code == 302 and Block.objects.exists()
    assert client.post(url("unblock", block.pk), {"reason": "اعتذر"}).status_code == 302
    assert not Block.objects.exists()
    assert list(ModerationAction.objects.order_by("pk").values_list("kind", flat=True)) == [
        "dismiss", "block", "unblock"]


def test_merge_page(mod17_world, mod17_idea, client_for):
    w = mod17_world
    source = mod17_idea(w.process, w.author, title="إنارة شارع الملك فهد")
    target = mod17_idea(w.process, w.author, title="إنارة الشوارع الرئيسية")
    client = client_for(w.editor)
    page = client.get(url("idea_merge", source.pk) + "?q=إنارة").content.decode()
    assert f'id="target-{target.pk}"' in page and f'id="target-{source.pk}"' not in page
    assert client.post(url("idea_merge", source.pk), {"target": source.pk}).status_code == 422
    assert client.post(url("idea_merge", source.pk), {"target": 10**9}).status_code == 422
    assert client.post(url("idea_merge", source.pk), {"target": target.pk, "reason": "مكرر"}).status_code == 302
    assert Idea.objects.get(pk=source.pk).merged_into_id == target.pk
    assert client_for(w.resident).get(url("idea_merge", target.pk)).status_code == 403


@pytest.mark.parametrize("english", [False, True])
def test_follow_and_the_following_page(mod17_world, mod17_idea, client_for, english):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    client = client_for(w.resident)
    assert client.post(url("follow"), {"kind": "process", "target": w.process.pk}).status_code == 302
    assert client.post(url("follow"), {"kind": "idea", "target": idea.pk}).status_code == 302
    assert client.post(url("follow"), {"kind": "planet", "target": 1}).status_code == 302
    assert Follow.objects.filter(user=w.resident).count() == 2
    page = client.get(url("following", english=english)).content.decode()
    assert page.count('data-testid="follow-') == 2
    follow = Follow.objects.get(user=w.resident, idea=idea)
    client.post(url("following"), {"follow": follow.pk, "email": ""})
    follow.refresh_from_db()
    assert follow.email is False
    assert client_for(w.author).post(url("following"), {"follow": follow.pk, "email": "on"}).status_code == 404
    client.post(url("follow"), {"kind": "process", "target": w.process.pk})
    w.process.refresh_from_db()
    assert w.process.follower_count == 0


def _render(template, user, **context):
    request = RequestFactory().get("/participation/")
    request.user = user
    return render_to_string(template, {"user": user, "request": request, **context}, request=request)


def test_the_partials(mod17_world, mod17_idea, mod17_comment):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    comment = mod17_comment(idea, w.author)
    html = _render("participation/moderation/_idea_actions.html", w.resident, idea=idea, process=w.process)
    assert 'data-testid="report-idea"' in html and 'data-testid="idea-moderation"' not in html
    html = _render("participation/moderation/_idea_actions.html", w.coordinator, idea=idea, process=w.process)
    assert 'data-testid="idea-moderation"' in html and 'data-testid="merge-idea"' in html
    html = _render("participation/moderation/_comment_actions.html", w.coordinator, idea=idea, comment=comment,
                   process=w.process)
    assert f'data-testid="hide-comment-{comment.pk}"' in html
    panel = moderation_selectors.process_panel(w.process, w.editor)
    html = _render("participation/moderation/_process_panel.html", w.editor, process=w.process, **panel)
    assert 'data-testid="moderation-link"' in html
    panel = moderation_selectors.process_panel(w.process, w.resident)
    html = _render("participation/moderation/_process_panel.html", w.resident, process=w.process, **panel)
    assert 'data-testid="follow-process"' in html and 'data-testid="moderation-link"' not in html
