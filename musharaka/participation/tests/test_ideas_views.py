"""The processes and ideas pages in Arabic and English: lists with filters and their query counts, the process page,
posting an idea with similar ideas suggested, supporting, answering, commenting and replying, the image."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from musharaka.participation import ideas
from musharaka.participation.models import Comment, Idea, Process

from .ideas_world import *  # noqa: F403
from .ideas_world import png_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix, direction", [("", "rtl"), ("/en", "ltr")])
def test_pages_in_arabic_and_english(ideas_world, client_for, prefix, direction):
    idea = ideas_world.idea()
    ideas.comment_create(actor=ideas_world.make_user(), idea=idea, body="أؤيد")
    client = client_for(ideas_world.admin)
    pid = ideas_world.process.pk
    for path in ("/participation/", f"/participation/{pid}/", f"/participation/{pid}/ideas/",
                 f"/participation/{pid}/ideas/new/", f"/participation/ideas/{idea.pk}/",
                 f"/participation/ideas/{idea.pk}/answer/", f"/participation/{pid}/phases/",
                 f"/participation/{pid}/edit/", "/participation/new/"):
        answer = client.get(prefix + path)
        assert answer.status_code == 200, (path, answer.status_code)
        assert f'dir="{direction}"' in answer.content.decode()


def test_the_process_list_filters_and_searches_in_bounded_queries(ideas_world, client_for,
                                                                   django_assert_max_num_queries):
    from musharaka.participation import services

    for number in range(6):
        process = services.process_create(actor=ideas_world.admin, organization=ideas_world.organization, data={
            "title_ar": f"تحسين المرافق العامة {number}", "region_id": ideas_world.process.region_id})
        services.phase_save(actor=ideas_world.admin, process=process, data={
            "kind": "consultation", "starts_at": timezone.now() - datetime.timedelta(days=1),
            "ends_at": timezone.now() + datetime.timedelta(days=1)})
        services.process_set_status(actor=ideas_world.admin, process=process, status="published")
    client = client_for(None)
    client.get("/participation/")
    with django_assert_max_num_queries(8):
        page = client.get("/participation/").content.decode()
    assert page.count('data-testid="process-row"') == 7
    filtered = client.get("/participation/?phase=ideas").content.decode()
    assert filtered.count('data-testid="process-row"') == 1
    found = client.get("/participation/?q=المرافق").content.decode()
    assert found.count('data-testid="process-row"') == 6


def test_the_idea_list_and_idea_page_in_bounded_queries(ideas_world, client_for, django_assert_max_num_queries):
    resident = ideas_world.make_user()
    made = [ideas_world.idea(title=f"فكرة رقم {number} لتحسين الحي") for number in range(12)]
    for idea in made[:5]:
        ideas.idea_support(actor=resident, idea=idea)
    for _number in range(6):
        ideas.comment_create(actor=ideas_world.make_user(), idea=made[0], body="تعليق على الفكرة")
    client = client_for(resident)
    url = f"/participation/{ideas_world.process.pk}/ideas/?sort=supported"
    client.get(url)
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert page.count('data-testid="idea-row"') == 12 and page.count('data-testid="supported-by-me"') == 5
    client.get(f"/participation/ideas/{made[0].pk}/")
    with django_assert_max_num_queries(16):
        detail = client.get(f"/participation/ideas/{made[0].pk}/").content.decode()
    assert detail.count('data-testid="comment"') == 6


def test_posting_an_idea_with_similar_suggestions(ideas_world, client_for):
    ideas_world.idea(title="إنارة الشوارع الداخلية في الحي")
    client = client_for(ideas_world.make_user())
    pid = ideas_world.process.pk
    fragment = client.get(f"/participation/{pid}/ideas/similar/", {"title": "انارة شوارع الحي"}).content.decode()
    assert 'data-testid="similar-idea"' in fragment
    empty = client.get(f"/participation/{pid}/ideas/similar/", {"title": "مكتبة"}).content.decode()
    assert "similar-idea" not in empty
    answer = client.post(f"/participation/{pid}/ideas/new/", {
        "title": "مكتبة عامة للأطفال", "description": "مكتبة صغيرة في المركز الاجتماعي للحي", "group": "youth",
        "neighbourhood": ideas_world.neighbourhoods[0].pk,
        "image": SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")})
    assert answer.status_code == 302, answer.content.decode().split('form-errors')[-1][:900].replace(chr(10), ' ')
    idea = Idea.objects.get(title="مكتبة عامة للأطفال")
    detail = client.get(answer.url).content.decode()
    image_url = f"/participation/ideas/{idea.pk}/image/"
    assert image_url in detail
    assert client.get(image_url + idea.image.name.rsplit("/", 1)[-1]).status_code == 200
    assert client.get(image_url + "other.png").status_code == 404


@pytest.mark.parametrize("data, field", [
    ({"title": "ح" * 500, "description": "وصف كاف للفكرة"}, "title"),
    ({"title": "فكرة جيدة", "description": "وصف كاف للفكرة", "latitude": "100", "longitude": "10"}, "latitude"),
    ({"title": "فكرة جيدة", "description": "وصف كاف للفكرة"}, "image"),
])
def test_bad_input_comes_back_on_the_form(ideas_world, client_for, data, field):
    if field == "image":
        data = {**data, "image": SimpleUploadedFile("a.png", b"GIF89a not an image", content_type="image/png")}
    answer = client_for(ideas_world.make_user()).post(f"/participation/{ideas_world.process.pk}/ideas/new/",
                                                      {"group": "other", **data})
    assert answer.status_code == 400 and 'data-testid="form-errors"' in answer.content.decode()
    assert not Idea.objects.exists()


def test_support_answer_comment_and_reply_through_the_pages(ideas_world, client_for):
    idea = ideas_world.idea()
    resident = client_for(ideas_world.make_user())
    assert resident.post(f"/participation/ideas/{idea.pk}/support/").status_code == 302
    idea.refresh_from_db()
    assert idea.support_count == 1
    resident.post(f"/participation/ideas/{idea.pk}/support/")
    idea.refresh_from_db()
    assert idea.support_count == 0
    resident.post(f"/participation/ideas/{idea.pk}/comments/", {"body": "فكرة رائعة"})
    first = Comment.objects.get()
    editor = client_for(ideas_world.editor)
    editor.post(f"/participation/ideas/{idea.pk}/comments/", {"body": "شكرا، ندرسها", "parent": first.pk})
    reply = Comment.objects.exclude(pk=first.pk).get()
    assert reply.parent_id == first.pk and reply.is_official
    assert resident.post(f"/participation/ideas/{idea.pk}/answer/", {"state": "accepted"}).status_code == 403
    answered = editor.post(f"/participation/ideas/{idea.pk}/answer/", {"state": "rejected", "text": ""})
    assert answered.status_code == 400
    editor.post(f"/participation/ideas/{idea.pk}/answer/", {"state": "accepted", "text": "سننفذها العام القادم"})
    page = resident.get(f"/participation/ideas/{idea.pk}/").content.decode()
    assert 'data-testid="official-answer"' in page and "سننفذها العام القادم" in page


def test_process_form_phases_and_status(ideas_world, client_for, region):
    admin = client_for(ideas_world.admin)
    answer = admin.post("/participation/new/", {
        "organization": ideas_world.organization.pk, "title_ar": "تطوير الساحات العامة", "region": region.pk,
        "premoderation": "on"})
    assert answer.status_code == 302, answer.content.decode()[:3000]
    process = Process.objects.get(title_ar="تطوير الساحات العامة")
    assert process.premoderation and process.status == "draft"
    assert client_for(None).get(f"/participation/{process.pk}/").status_code == 404
    now = timezone.localtime()
    added = admin.post(f"/participation/{process.pk}/phases/", {
        "kind": "ideas", "starts_at": (now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")})
    assert added.status_code == 302
    bad = admin.post(f"/participation/{process.pk}/phases/", {
        "kind": "voting", "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")})
    assert bad.status_code == 400
    admin.post(f"/participation/{process.pk}/status/", {"status": "published"})
    process.refresh_from_db()
    assert process.status == "published"
    page = client_for(None).get(f"/participation/{process.pk}/").content.decode()
    assert 'data-testid="timeline"' in page and 'aria-current="step"' in page
    phase = process.phases.get()
    admin.post(f"/participation/phases/{phase.pk}/delete/")
    assert process.phases.count() == 1  # a published process keeps one phase
    outsider = client_for(ideas_world.make_user())
    assert outsider.get(f"/participation/{process.pk}/edit/").status_code == 403
    assert outsider.post(f"/participation/phases/{phase.pk}/delete/").status_code == 403


def test_pending_idea_seen_by_its_author_only(ideas_world, client_for):
    ideas_world.process.premoderation = True
    ideas_world.process.save()
    author = ideas_world.make_user()
    idea = ideas_world.idea(author)
    assert client_for(None).get(f"/participation/ideas/{idea.pk}/").status_code == 404
    page = client_for(author).get(f"/participation/ideas/{idea.pk}/").content.decode()
    assert 'data-testid="awaiting-moderation"' in page
    assert client_for(ideas_world.coordinator).get(f"/participation/ideas/{idea.pk}/").status_code == 200
