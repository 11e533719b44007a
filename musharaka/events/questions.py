"""Audience questions to a session's moderator, and attendees' feedback on sessions (issue #11, part 6).

Who: an *attendee* holds a confirmed registration for the event; feedback asks more where the organiser
checks people in: once the event has a check-in, only those let in (at the door or into a session) rate
it, while a meeting run without check-in takes its confirmed registrants' word. A session's *moderators* are the people named with
the moderator role who have an account, and whoever manages the event (its organisation's admins and
editors, the region's coordinators, platform admins: events.change_event).

Votes: the question's row is locked (SELECT … FOR UPDATE) before the vote is looked for and inserted, and
the counter changes in the same transaction; the unique constraint (question, user) is the last guard.
So two votes by one person at once make one vote, and votes by many make the exact count.

Feedback is open from the event's end for FEEDBACK_WINDOW and may be changed until then (one row per
person and session, updated in place); results group by (session, rating) over an index.
"""

import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from musharaka.core.permissions import can
from musharaka.core.text import clean_text

from .models import (
    FEEDBACK_COMMENT_MAX_LENGTH,
    PUBLIC_QUESTION_STATUSES,
    QUESTION_MAX_LENGTH,
    QUESTION_MIN_LENGTH,
    QUESTION_SESSION_KINDS,
    CheckIn,
    Event,
    Question,
    QuestionStatus,
    QuestionVote,
    Registration,
    RegistrationStatus,
    Session,
    SessionFeedback,
    SpeakerRole,
)

if TYPE_CHECKING:
    from musharaka.accounts.models import User

FEEDBACK_WINDOW = datetime.timedelta(days=30)
MODERATION_ACTIONS = ("approve", "answer", "hide")
# action → (the statuses it applies to, the status it leads to)
_TRANSITIONS = {
    "approve": ((QuestionStatus.PENDING, QuestionStatus.HIDDEN), QuestionStatus.APPROVED),
    "answer": ((QuestionStatus.APPROVED,), QuestionStatus.ANSWERED),
    "hide": ((QuestionStatus.PENDING, QuestionStatus.APPROVED, QuestionStatus.ANSWERED), QuestionStatus.HIDDEN),
}


# ---------------------------------------------------------------- who


def is_attendee(user, event: Event) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Registration.objects.filter(event=event, user=user, status=RegistrationStatus.CONFIRMED).exists()


def has_attended(user, event: Event) -> bool:
    """May rate the sessions: checked in, or confirmed at an event where nobody was checked in."""
    if not getattr(user, "is_authenticated", False):
        return False
    registration_id = (Registration.objects.filter(event=event, user=user, status=RegistrationStatus.CONFIRMED)
                       .values_list("pk", flat=True).first())
    if registration_id is None:
        return False
    if CheckIn.objects.filter(registration_id=registration_id).exists():
        return True
    return not CheckIn.objects.filter(event=event).exists()


def can_moderate(user, session: Session) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if session.appearances.filter(role=SpeakerRole.MODERATOR, speaker__user=user).exists():
        return True
    return can(user, "events.change_event", session.event)


def require_moderator(user, session: Session) -> None:
    if not can_moderate(user, session):
        raise NotPermitted(_("Only the session's moderator and the organisers may moderate its questions."))


def takes_questions(session: Session) -> bool:
    return session.kind in QUESTION_SESSION_KINDS


# ---------------------------------------------------------------- text


# ---------------------------------------------------------------- questions: writes


@transaction.atomic
def question_ask(*, actor: "User", session: Session, text: str, anonymous: bool = False) -> Question:
    event = session.event
    if not takes_questions(session):
        raise Conflict(_("This session does not take questions from the audience."))
    if not is_attendee(actor, event):
        raise NotPermitted(_("Only attendees with a confirmed registration may send questions."))
    if event.ends_at < timezone.now():
        raise Conflict(_("The event is over: questions are closed."))
    text = clean_text(text, field="text", max_length=QUESTION_MAX_LENGTH, min_length=QUESTION_MIN_LENGTH)
    return Question.objects.create(session=session, author=actor, text=text, anonymous=anonymous)


@transaction.atomic
def question_vote(*, actor: "User", question: Question) -> Question:
    """One vote per person: voting again changes nothing (question_unvote takes it back)."""
    question = Question.objects.select_for_update().select_related("session__event").get(pk=question.pk)
    if not is_attendee(actor, question.session.event):
        raise NotPermitted(_("Only attendees with a confirmed registration may vote."))
    if question.status != QuestionStatus.APPROVED:
        raise Conflict(_("Only approved questions that are not yet answered take votes."))
    if question.author_id == actor.pk:
        raise Conflict(_("You cannot vote for your own question."))
    if QuestionVote.objects.filter(question=question, user=actor).exists():
        return question
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, user=actor)
    except IntegrityError:  # only without the row lock (never expected): the vote is there already
        return question
    Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + 1)
    question.refresh_from_db(fields=["vote_count"])
    return question


@transaction.atomic
def question_unvote(*, actor: "User", question: Question) -> Question:
    """Take one's vote back while the question waits to be answered; without a vote, nothing changes."""
    question = Question.objects.select_for_update().select_related("session__event").get(pk=question.pk)
    if not is_attendee(actor, question.session.event):
        raise NotPermitted(_("Only attendees with a confirmed registration may vote."))
    if question.status != QuestionStatus.APPROVED:
        raise Conflict(_("Only approved questions that are not yet answered take votes."))
    removed, _by_model = QuestionVote.objects.filter(question=question, user=actor).delete()
    if removed:
        Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") - removed)
        question.refresh_from_db(fields=["vote_count"])
    return question


@transaction.atomic
def question_moderate(*, actor: "User", question: Question, action: str) -> Question:
    if action not in _TRANSITIONS:
        raise InvalidInput(_("Unknown action."), field="action")
    question = Question.objects.select_for_update().select_related("session__event").get(pk=question.pk)
    if not can_moderate(actor, question.session):
        raise NotPermitted(_("Only the session's moderator and the organisers may moderate its questions."))
    sources, target = _TRANSITIONS[action]
    if question.status not in sources:
        raise Conflict(_("This question cannot be changed that way now."))
    question.status, question.decided_at, question.decided_by = target, timezone.now(), actor
    question.save(update_fields=["status", "decided_at", "decided_by"])
    return question


@transaction.atomic
def question_withdraw(*, actor: "User", question: Question) -> Question:
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.author_id != actor.pk:
        raise NotPermitted(_("Only the person who asked may withdraw a question."))
    if question.status != QuestionStatus.PENDING:
        raise Conflict(_("The moderator has already seen this question: it can no longer be withdrawn."))
    question.status = QuestionStatus.WITHDRAWN
    question.save(update_fields=["status"])
    return question


# ---------------------------------------------------------------- questions: reads

QUESTION_ROW_FIELDS = ("id", "text", "anonymous", "status", "vote_count", "created_at", "author_id",
                       "author__first_name", "author__last_name", "author__username")


def _asker(row: dict, *, reveal: bool) -> str:
    if row["anonymous"] and not reveal:
        return ""
    return f"{row['author__first_name']} {row['author__last_name']}".strip() or row["author__username"]


def question_rows(session: Session, *, statuses=PUBLIC_QUESTION_STATUSES, reveal: bool = False,
                  limit: int | None = None) -> list[dict]:
    """The session's questions in these statuses as rows, by votes (then by arrival); one query.

    `asker` is empty for an anonymous question unless `reveal` (the moderator's view)."""
    queryset = (Question.objects.filter(session=session, status__in=list(statuses))
                .order_by("-vote_count", "id").values(*QUESTION_ROW_FIELDS))
    rows = list(queryset[:limit] if limit else queryset)
    for row in rows:
        row["asker"] = _asker(row, reveal=reveal)
    return rows


def my_votes(user, session: Session) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(QuestionVote.objects.filter(user=user, question__session=session).values_list("question_id", flat=True))


def my_pending_questions(user, session: Session) -> QuerySet[Question]:
    if not getattr(user, "is_authenticated", False):
        return Question.objects.none()
    return Question.objects.filter(session=session, author=user, status=QuestionStatus.PENDING).order_by("pk")


def status_counts(session: Session) -> dict[str, int]:
    counts = {status: 0 for status in QuestionStatus.values}
    for row in Question.objects.filter(session=session).values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def visible_question(user, session: Session, question_id: int) -> Question:
    """A question of the session that this person may see: public ones, their own, all for a moderator."""
    question = Question.objects.filter(pk=question_id, session=session).first()
    if question is None:
        raise NotFound()
    if question.status in PUBLIC_QUESTION_STATUSES or question.author_id == getattr(user, "pk", None):
        return question
    if can_moderate(user, session):
        return question
    raise NotFound()


# ---------------------------------------------------------------- feedback


def feedback_open(event: Event, now=None) -> bool:
    now = now or timezone.now()
    return event.ends_at <= now < event.ends_at + FEEDBACK_WINDOW


@transaction.atomic
def feedback_give(*, actor: "User", session: Session, rating: int, comment: str = "") -> SessionFeedback:
    """Rate a session once; giving it again while feedback is open replaces the earlier rating and comment."""
    event = session.event
    if not has_attended(actor, event):
        raise NotPermitted(_("Only people who attended the event may rate its sessions."))
    if not feedback_open(event):
        raise Conflict(_("Feedback opens when the event ends and closes %(days)s days later.")
                       % {"days": FEEDBACK_WINDOW.days})
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise InvalidInput(_("Choose a rating from 1 to 5."), field="rating")
    comment = clean_text(comment, field="comment", max_length=FEEDBACK_COMMENT_MAX_LENGTH)
    feedback, _created = SessionFeedback.objects.update_or_create(
        session=session, user=actor, defaults={"rating": rating, "comment": comment})
    return feedback


def my_feedback(user, event: Event) -> dict[int, SessionFeedback]:
    return {f.session_id: f for f in SessionFeedback.objects.filter(user=user, session__event=event)}


def feedback_results(event: Event) -> list[dict]:
    """Per session: count, average and the count of each rating 1–5; two queries whatever the size."""
    sessions = list(Session.objects.filter(event=event).order_by("day", "starts_at", "pk")
                    .values("id", "title_ar", "title_en", "kind", "starts_at"))
    by_session: dict[int, dict[str, Any]] = {
        row["id"]: {**row, "count": 0, "average": None, "distribution": {n: 0 for n in range(1, 6)}} for row in sessions
    }
    for row in (SessionFeedback.objects.filter(session__event=event).values("session_id", "rating")
                .annotate(n=Count("id")).order_by()):
        by_session[row["session_id"]]["distribution"][row["rating"]] = row["n"]
    for result in by_session.values():
        total = sum(result["distribution"].values())
        result["count"] = total
        if total:
            result["average"] = round(sum(r * n for r, n in result["distribution"].items()) / total, 2)
    return list(by_session.values())


def feedback_comments(event: Event) -> QuerySet:
    return (SessionFeedback.objects.filter(session__event=event).exclude(comment="")
            .order_by("session__starts_at", "session_id", "-updated_at", "pk")
            .values("id", "session_id", "session__title_ar", "session__title_en", "rating", "comment", "updated_at"))



def question_row(question: Question, *, reveal: bool) -> dict:
    row = Question.objects.filter(pk=question.pk).values(*QUESTION_ROW_FIELDS).get()
    row["asker"] = _asker(row, reveal=reveal)
    return row
