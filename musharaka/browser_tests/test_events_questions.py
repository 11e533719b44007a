"""Audience questions in the browser, in Arabic: an attendee asks, the moderator approves, another attendee
votes (htmx, no page load), and the hall's screen, already open, shows the question by itself (htmx polling)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from musharaka.events import services
from musharaka.events.models import Question
from musharaka.orgs.models import Role, Sector

QUESTION = "كيف تضمن البلدية استدامة مبادرات الأحياء بعد انتهاء الملتقى؟"


@pytest.fixture
def hall(make_org, make_member, make_user):
    emirate = make_org("إمارة منطقة الرياض", sector=Sector.AUTHORITY)
    editor = make_member(emirate, Role.EDITOR)
    starts = timezone.now() + datetime.timedelta(days=3)
    event = services.event_create(actor=editor, organization=emirate, data={
        "title_ar": "الملتقى الخامس للمبادرات والتجارب التنموية", "kind": "forum", "region": emirate.region,
        "starts_at": starts, "ends_at": starts + datetime.timedelta(days=1), "is_published": True})
    moderator = make_user(first_name="هالة", last_name="الزهراني")
    speaker = services.speaker_create(actor=editor, event=event, data={"name_ar": "د. هالة الزهراني", "user": moderator})
    session = services.session_create(actor=editor, event=event, moderators=[speaker], data={
        "kind": "dialogue", "title_ar": "جلسة حوارية: تمكين القطاع غير الربحي", "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=1)})
    asker, voter = make_user(first_name="سعد"), make_user(first_name="نورة")
    for person in (asker, voter):
        services.registration_create(actor=person, event=event, category="public")
    return {"event": event, "session": session, "moderator": moderator, "asker": asker, "voter": voter}


def test_attendee_asks_moderator_approves_another_votes_screen_shows_it(signed_in_page, page, browser_problems, hall):
    event, session = hall["event"], hall["session"]
    base = f"/events/{event.pk}/sessions/{session.pk}"

    # The hall's screen is open from the start, with nobody signed in.
    page.goto(f"{base}/screen/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_test_id("screen-question")).to_have_count(0)

    asking = signed_in_page(hall["asker"])
    asking.goto(f"{base}/questions/")
    asking.locator("#id_text").fill(QUESTION)
    asking.get_by_test_id("ask").click()
    expect(asking.get_by_role("alert")).to_contain_text("أُرسل سؤالك إلى مدير الحوار")
    expect(asking.get_by_test_id("my-pending")).to_contain_text(QUESTION)

    moderating = signed_in_page(hall["moderator"])
    moderating.goto(f"{base}/questions/")
    moderating.get_by_test_id("moderate-link").click()
    expect(moderating.get_by_test_id("moderated-question")).to_contain_text("سعد")
    moderating.get_by_test_id("approve").click()
    expect(moderating.get_by_role("alert")).to_contain_text("حُدّث السؤال")

    voting = signed_in_page(hall["voter"])
    voting.goto(f"{base}/questions/")
    question = voting.get_by_test_id("question").filter(has_text=QUESTION)
    expect(question.get_by_test_id("votes")).to_have_text("0")
    url_before = voting.url
    question.get_by_test_id("vote").click()
    expect(voting.get_by_test_id("question").filter(has_text=QUESTION).get_by_test_id("voted")).to_be_visible()
    expect(voting.get_by_test_id("question").filter(has_text=QUESTION).get_by_test_id("votes")).to_have_text("1")
    assert voting.url == url_before
    assert Question.objects.get().vote_count == 1

    # The screen picks the approved question up by itself (htmx polls every 4 seconds).
    expect(page.get_by_test_id("screen-question")).to_contain_text(QUESTION, timeout=12_000)
    expect(page.get_by_test_id("screen-question")).to_contain_text("1")
    assert browser_problems == []
