"""Audience questions (ask, vote, moderate, withdraw; pages, API, the hall's screen) and session feedback."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.events import checkin, questions, services
from musharaka.events.models import Question, QuestionStatus, QuestionVote, SessionFeedback
from musharaka.orgs.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(make_event, organiser, make_user):
    """A published forum with a dialogue session moderated by a person with an account, three attendees
    (confirmed registrations) and a signed-in outsider."""
    _org, editor = organiser
    event = make_event()
    moderator = make_user("moderator")
    speaker = services.speaker_create(actor=editor, event=event, data={"name_ar": "د. هالة الزهراني", "user": moderator})
    session = services.session_create(actor=editor, event=event, data={
        "kind": "dialogue", "title_ar": "جلسة حوارية: الشراكة بين القطاعات في التنمية المحلية",
        "starts_at": event.starts_at, "ends_at": event.starts_at + datetime.timedelta(hours=1)}, moderators=[speaker])
    attendees = [make_user(f"attendee{n}", first_name=name) for n, name in enumerate(["سعد", "نورة", "فهد"])]
    for person in attendees:
        services.registration_create(actor=person, event=event, category="public")
    return {"event": event, "session": session, "moderator": moderator, "editor": editor, "attendees": attendees,
            "outsider": make_user("outsider")}


def _approved(hall, text="كيف تقيس الجمعيات أثر مبادراتها في الحي؟", asker=0, anonymous=False):
    question = questions.question_ask(actor=hall["attendees"][asker], session=hall["session"], text=text,
                                      anonymous=anonymous)
    return questions.question_moderate(actor=hall["moderator"], question=question, action="approve")


# ---------------------------------------------------------------- services


def test_question_ask_by_non_attendee_refused(hall):
    with pytest.raises(NotPermitted):
        questions.question_ask(actor=hall["outsider"], session=hall["session"], text="سؤال من خارج الملتقى")


def test_question_ask_control_characters_refused(hall):
    with pytest.raises(InvalidInput):
        questions.question_ask(actor=hall["attendees"][0], session=hall["session"], text="سؤال\x07 فيه جرس")


def test_question_ask_bidi_overrides_dropped_and_length_checked(hall):
    question = questions.question_ask(actor=hall["attendees"][0], session=hall["session"], text="  \u202eما الخطة؟  ")
    assert question.text == "ما الخطة؟"
    with pytest.raises(InvalidInput):
        questions.question_ask(actor=hall["attendees"][0], session=hall["session"], text="لا")
    with pytest.raises(InvalidInput):
        questions.question_ask(actor=hall["attendees"][0], session=hall["session"], text="س" * 501)


def test_question_ask_opening_session_refused(hall):
    opening = services.session_create(actor=hall["editor"], event=hall["event"], data={
        "kind": "opening", "title_ar": "حفل الافتتاح", "starts_at": hall["event"].starts_at,
        "ends_at": hall["event"].starts_at + datetime.timedelta(hours=1)})
    with pytest.raises(Conflict):
        questions.question_ask(actor=hall["attendees"][0], session=opening, text="هل يبدأ الحفل في موعده؟")


def test_question_vote_once_per_person(hall):
    question = _approved(hall)
    for _ in range(3):
        questions.question_vote(actor=hall["attendees"][1], question=question)
    questions.question_vote(actor=hall["attendees"][2], question=question)
    question.refresh_from_db()
    assert question.vote_count == 2 == QuestionVote.objects.filter(question=question).count()


def test_question_unvote_takes_one_vote_back_and_only_ones_own(hall):
    question = _approved(hall)
    first, second = hall["attendees"][1], hall["attendees"][2]
    questions.question_vote(actor=first, question=question)
    questions.question_vote(actor=second, question=question)
    for _ in range(2):  # taking it back twice changes nothing the second time
        assert questions.question_unvote(actor=first, question=question).vote_count == 1
    assert list(QuestionVote.objects.values_list("user", flat=True)) == [second.pk]
    with pytest.raises(NotPermitted):
        questions.question_unvote(actor=hall["outsider"], question=question)
    questions.question_moderate(actor=hall["moderator"], question=question, action="answer")
    with pytest.raises(Conflict):  # answered: the count is final
        questions.question_unvote(actor=second, question=question)


def test_question_vote_pending_own_or_outsider_refused(hall):
    pending = questions.question_ask(actor=hall["attendees"][0], session=hall["session"], text="سؤال ينتظر الموافقة")
    with pytest.raises(Conflict):
        questions.question_vote(actor=hall["attendees"][1], question=pending)
    approved = _approved(hall)
    with pytest.raises(Conflict):
        questions.question_vote(actor=hall["attendees"][0], question=approved)
    with pytest.raises(NotPermitted):
        questions.question_vote(actor=hall["outsider"], question=approved)


def test_question_moderate_by_roles(hall, make_member, organiser):
    org, editor = organiser
    question = questions.question_ask(actor=hall["attendees"][0], session=hall["session"], text="ما دور البلدية؟")
    for person in (hall["attendees"][1], hall["outsider"], make_member(org, Role.VIEWER)):
        with pytest.raises(NotPermitted):
            questions.question_moderate(actor=person, question=question, action="approve")
    questions.question_moderate(actor=make_member(org, Role.ADMIN), question=question, action="approve")
    questions.question_moderate(actor=hall["moderator"], question=question, action="answer")
    question = questions.question_moderate(actor=editor, question=question, action="hide")
    assert question.status == QuestionStatus.HIDDEN
    with pytest.raises(Conflict):
        questions.question_moderate(actor=editor, question=question, action="answer")


def test_question_withdraw_only_own_and_before_approval(hall):
    question = questions.question_ask(actor=hall["attendees"][0], session=hall["session"], text="سؤال سأسحبه لاحقاً")
    with pytest.raises(NotPermitted):
        questions.question_withdraw(actor=hall["attendees"][1], question=question)
    assert questions.question_withdraw(actor=hall["attendees"][0], question=question).status == "withdrawn"
    approved = _approved(hall)
    with pytest.raises(Conflict):
        questions.question_withdraw(actor=hall["attendees"][0], question=approved)


def test_question_rows_by_votes_hidden_left_out_anonymous_masked(hall):
    first = _approved(hall, "السؤال الأول عن التمويل", asker=0, anonymous=True)
    second = _approved(hall, "السؤال الثاني عن التطوع", asker=1)
    hidden = _approved(hall, "سؤال مخفي عن أمر آخر", asker=2)
    questions.question_moderate(actor=hall["moderator"], question=hidden, action="hide")
    questions.question_vote(actor=hall["attendees"][0], question=second)
    questions.question_vote(actor=hall["attendees"][2], question=second)
    questions.question_vote(actor=hall["attendees"][1], question=first)
    rows = questions.question_rows(hall["session"])
    assert [row["id"] for row in rows] == [second.pk, first.pk]
    assert rows[1]["asker"] == "" and rows[0]["asker"] == "نورة"
    revealed = questions.question_rows(hall["session"], reveal=True)
    assert revealed[1]["asker"] == "سعد"


# ---------------------------------------------------------------- pages


def test_questions_page_lists_approved_only_and_counts_queries(hall, client_for, django_assert_max_num_queries):
    _approved(hall, "سؤال ظاهر للجمهور")
    questions.question_ask(actor=hall["attendees"][1], session=hall["session"], text="سؤال لم يوافق عليه بعد")
    for n in range(20):
        question = _approved(hall, f"سؤال رقم {n} عن التنمية", asker=n % 3)
    client = client_for(hall["attendees"][2])
    url = reverse("events:questions_partial", args=[hall["event"].pk, hall["session"].pk])
    # the sign-in (session, user, second factor, two role reads), event, session, questions, my votes, attendee:
    # ten, whatever the number of questions
    with django_assert_max_num_queries(10):
        response = client.get(url)
    body = response.content.decode()
    assert "سؤال ظاهر للجمهور" in body and "سؤال لم يوافق عليه بعد" not in body
    assert body.count('data-testid="question"') == 21
    assert question.text in body
    page = client_for(None).get(reverse("events:questions", args=[hall["event"].pk, hall["session"].pk]))
    assert page.status_code == 200 and "سؤال لم يوافق عليه بعد" not in page.content.decode()


def test_screen_partial_shows_approved_unanswered_by_votes(hall, client_for, django_assert_max_num_queries):
    answered = _approved(hall, "سؤال أجيب عنه في الجلسة")
    questions.question_moderate(actor=hall["moderator"], question=answered, action="answer")
    low = _approved(hall, "سؤال بصوت واحد", asker=0)
    high = _approved(hall, "سؤال بصوتين", asker=1)
    questions.question_vote(actor=hall["attendees"][0], question=high)
    questions.question_vote(actor=hall["attendees"][2], question=high)
    questions.question_vote(actor=hall["attendees"][2], question=low)
    url = reverse("events:question_screen_partial", args=[hall["event"].pk, hall["session"].pk])
    with django_assert_max_num_queries(3):  # event, session, questions
        body = client_for(None).get(url).content.decode()
    assert body.index("سؤال بصوتين") < body.index("سؤال بصوت واحد")
    assert "سؤال أجيب عنه" not in body
    screen = client_for(None).get(reverse("events:question_screen", args=[hall["event"].pk, hall["session"].pk]))
    assert 'dir="rtl"' in screen.content.decode() and 'hx-trigger="every 4s"' in screen.content.decode()


def test_page_ask_vote_moderate_flow(hall, client_for):
    event, session = hall["event"], hall["session"]
    asker = client_for(hall["attendees"][0])
    response = asker.post(reverse("events:questions", args=[event.pk, session.pk]),
                          {"text": "متى تنشر توصيات الملتقى؟", "anonymous": "on"})
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.anonymous and question.status == "pending"
    moderation = client_for(hall["moderator"]).get(reverse("events:moderate_questions", args=[event.pk, session.pk]))
    assert moderation.status_code == 200 and "متى تنشر توصيات الملتقى؟" in moderation.content.decode()
    assert client_for(hall["attendees"][1]).get(
        reverse("events:moderate_questions", args=[event.pk, session.pk])).status_code == 403
    client_for(hall["moderator"]).post(reverse("events:question_moderate", args=[event.pk, session.pk, question.pk]),
                                       {"action": "approve"})
    voter = client_for(hall["attendees"][1])
    response = voter.post(reverse("events:question_vote", args=[event.pk, session.pk, question.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-testid="voted"' in response.content.decode()
    question.refresh_from_db()
    assert question.status == "approved" and question.vote_count == 1
    response = voter.post(reverse("events:question_unvote", args=[event.pk, session.pk, question.pk]),
                          HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-testid="vote"' in response.content.decode()
    question.refresh_from_db()
    assert question.vote_count == 0


# ---------------------------------------------------------------- API


def test_api_questions_ask_vote_moderate_list(hall, client_for):
    event, session = hall["event"], hall["session"]
    base = f"/api/v1/events/{event.pk}/sessions/{session.pk}/questions"
    asker = client_for(hall["attendees"][0])
    response = asker.post(base, json.dumps({"text": "كيف نشارك في المبادرات؟", "anonymous": True}),
                          content_type="application/json")
    assert response.status_code == 201, response.content
    question_id = response.json()["id"]
    assert client_for(hall["attendees"][1]).post(f"{base}/{question_id}/vote").status_code == 404  # still pending
    assert client_for(hall["attendees"][1]).post(f"{base}/{question_id}/moderate", json.dumps({"action": "approve"}),
                                                 content_type="application/json").status_code == 403
    response = client_for(hall["moderator"]).post(f"{base}/{question_id}/moderate", json.dumps({"action": "approve"}),
                                                  content_type="application/json")
    assert response.status_code == 200 and response.json()["asker"] == "سعد"  # the moderator sees who asked
    response = client_for(hall["attendees"][1]).post(f"{base}/{question_id}/vote")
    assert response.status_code == 200 and response.json()["vote_count"] == 1
    listed = client_for(None).get(base).json()
    assert [(row["id"], row["vote_count"], row["asker"]) for row in listed] == [(question_id, 1, "")]
    response = client_for(hall["attendees"][1]).delete(f"{base}/{question_id}/vote")
    assert response.status_code == 200 and response.json()["vote_count"] == 0
    assert client_for(hall["outsider"]).post(base, json.dumps({"text": "سؤال من خارج الملتقى"}),
                                             content_type="application/json").status_code == 403


def test_api_questions_of_unpublished_event_not_found(make_event, organiser, client_for):
    event = make_event(published=False)
    session = services.session_create(actor=organiser[1], event=event, data={
        "kind": "dialogue", "title_ar": "جلسة", "starts_at": event.starts_at, "ends_at": event.ends_at})
    assert client_for(None).get(f"/api/v1/events/{event.pk}/sessions/{session.pk}/questions").status_code == 404


# ---------------------------------------------------------------- feedback


def _end(event):
    type(event).objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2), ends_at=timezone.now() - datetime.timedelta(days=1))
    event.refresh_from_db()


def test_feedback_before_event_end_refused(hall):
    with pytest.raises(Conflict):
        questions.feedback_give(actor=hall["attendees"][0], session=hall["session"], rating=5)


def test_feedback_once_per_person_editable_and_results(hall, client_for, django_assert_max_num_queries):
    _end(hall["event"])
    session = hall["session"]
    session.event = hall["event"]
    a, b, c = hall["attendees"]
    questions.feedback_give(actor=a, session=session, rating=2, comment="")
    questions.feedback_give(actor=a, session=session, rating=4, comment="جلسة مفيدة وعملية")  # changes, not adds
    questions.feedback_give(actor=b, session=session, rating=5, comment="")
    questions.feedback_give(actor=c, session=session, rating=5)
    with pytest.raises(NotPermitted):
        questions.feedback_give(actor=hall["outsider"], session=session, rating=3)
    with pytest.raises(InvalidInput):
        questions.feedback_give(actor=a, session=session, rating=6)
    assert SessionFeedback.objects.filter(session=session).count() == 3
    with django_assert_max_num_queries(2):
        (result,) = questions.feedback_results(hall["event"])
    assert result["count"] == 3 and result["average"] == 4.67
    assert result["distribution"] == {1: 0, 2: 0, 3: 0, 4: 1, 5: 2}
    page = client_for(hall["editor"]).get(reverse("events:feedback_results", args=[hall["event"].pk]))
    assert page.status_code == 200 and "جلسة مفيدة وعملية" in page.content.decode()
    assert client_for(a).get(reverse("events:feedback_results", args=[hall["event"].pk])).status_code == 403


def test_feedback_asks_for_check_in_once_the_event_checks_people_in(hall):
    """At a meeting without check-in a confirmed registration is the attendee's word; once the organiser
    checks people in, only those let in (at the door here) may rate."""
    _end(hall["event"])
    present, absent, _third = hall["attendees"]
    assert questions.has_attended(absent, hall["event"])
    checkin.check_in(actor=hall["editor"], event=hall["event"], code=present.event_registrations.get().ticket.code)
    assert questions.has_attended(present, hall["event"]) and not questions.has_attended(absent, hall["event"])
    questions.feedback_give(actor=present, session=hall["session"], rating=4)
    with pytest.raises(NotPermitted):
        questions.feedback_give(actor=absent, session=hall["session"], rating=1)
    assert not questions.has_attended(hall["outsider"], hall["event"])


def test_feedback_page_saves_rating(hall, client_for):
    _end(hall["event"])
    client = client_for(hall["attendees"][0])
    assert client.get(reverse("events:feedback", args=[hall["event"].pk])).status_code == 200
    prefix = f"s{hall['session'].pk}"
    response = client.post(reverse("events:feedback_give", args=[hall["event"].pk, hall["session"].pk]),
                           {f"{prefix}-rating": "3", f"{prefix}-comment": "نحتاج وقتاً أطول للنقاش"})
    assert response.status_code == 302
    assert SessionFeedback.objects.get().rating == 3


def test_feedback_closed_after_window(hall):
    type(hall["event"]).objects.filter(pk=hall["event"].pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=40), ends_at=timezone.now() - datetime.timedelta(days=39))
    hall["session"].refresh_from_db()
    with pytest.raises(Conflict):
        questions.feedback_give(actor=hall["attendees"][0], session=hall["session"], rating=4)
