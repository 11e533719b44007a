"""The events API under /api/v1/events: list, detail, agenda, speakers, register, cancel."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Status

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import NotFound
from musharaka.core.i18n import localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.schemas import error_responses

from . import questions, selectors, services
from .models import AUDIENCE_CHOICES, Event, Registration
from .schemas import (
    EventAgendaDay,
    EventAttendanceOut,
    EventCheckInIn,
    EventCheckInOut,
    EventFilters,
    EventListItem,
    EventOut,
    EventQuestionIn,
    EventQuestionModerateIn,
    EventQuestionOut,
    EventSpeakerOut,
    RegistrationIn,
    RegistrationOut,
)

router = Router(tags=["events"])
AUDIENCE_NAMES = dict(AUDIENCE_CHOICES)


def _name(row: dict, prefix: str) -> str:
    return localized({"name_ar": row[f"{prefix}__name_ar"], "name_en": row[f"{prefix}__name_en"]})


def list_item_row(row: dict) -> dict:
    """An item of the list from a row of selectors.event_list_rows, completed by selectors.with_axes."""
    return {
        "id": row["id"],
        "title": localized(row, "title"),
        "title_ar": row["title_ar"],
        "title_en": row["title_en"],
        "kind": row["kind"],
        "edition": row["edition"],
        "starts_at": row["starts_at"],
        "ends_at": row["ends_at"],
        "venue": row["venue"],
        "organization": {"id": row["organization_id"], "name": _name(row, "organization"),
                         "sector": row["organization__sector"]},
        "region": {"id": row["region_id"], "code": row["region__code"], "name": _name(row, "region")},
        "city": {"id": row["city_id"], "name": _name(row, "city")} if row["city_id"] else None,
        "axes": [{"code": axis["code"], "name": localized(axis)} for axis in row["axes"]],
        "patron_name": row["patron_name"],
        "patron_title": row["patron_title"],
        "capacity": row["capacity"],
        "confirmed_count": row["confirmed_count"],
        "waiting_count": row["waiting_count"],
        "seats_left": row["seats_left"],
        "registration_open": row["registration_open"],
        "is_published": row["is_published"],
    }


def _org(org) -> dict:
    return {"id": org.pk, "name": localized(org), "sector": org.sector}


def detail_out(event: Event) -> dict:
    row = {name: getattr(event, name) for name in (
        "id", "title_ar", "title_en", "kind", "edition", "starts_at", "ends_at", "venue", "patron_name", "patron_title",
        "capacity", "confirmed_count", "waiting_count", "registration_open", "is_published",
    )}
    return {
        **{key: value for key, value in row.items()},
        "title": localized(event, "title"),
        "organization": _org(event.organization),
        "region": {"id": event.region_id, "code": event.region.code, "name": localized(event.region)},
        "city": {"id": event.city_id, "name": localized(event.city)} if event.city else None,
        "axes": [{"code": axis.code, "name": localized(axis)} for axis in event.axes.all()],
        "seats_left": event.seats_left,
        "description_ar": event.description_ar,
        "description_en": event.description_en,
        "series": {"id": event.series.pk, "name": localized(event.series)} if event.series else None,
        "co_organizers": [_org(org) for org in event.co_organizers.all()],
        "sponsors": [_org(org) for org in event.sponsors.all()],
        "guests": [{"name": guest.name, "title": guest.title} for guest in event.guests.all()],
        "audiences": [
            {"category": row.category, "name": str(AUDIENCE_NAMES[row.category]), "quota": row.quota,
             "confirmed_count": row.confirmed_count, "waiting_count": row.waiting_count, "seats_left": row.seats_left}
            for row in event.audiences.all()
        ],
        "requires_approval": event.requires_approval,
        "cover_url": event.cover_url or None,  # the view that checks who asks: covers are private files
        "agenda_url": reverse("events:agenda", args=[event.pk]),
    }


def _visible(request, event_id: int, queryset=None) -> Event:
    queryset = selectors.visible_events(request_user(request)) if queryset is None else queryset
    try:
        return queryset.get(pk=event_id)
    except Event.DoesNotExist:
        raise NotFound() from None


@router.get("", response={200: Page[EventListItem], **error_responses()})
def list_events(request, paging: Query[PageParams], filters: Query[EventFilters]):
    """Published events (plus your organisations' and your region's unpublished ones), soonest first
    when `when=upcoming`, newest first otherwise; `q` searches Arabic whatever its spelling."""
    chosen = selectors.EventFilters(q=filters.q, kind=filters.kind or "", region=filters.region, city=filters.city,
                                    axis=filters.axis, when=filters.when or "", organization=filters.organization)
    queryset = selectors.event_list_rows(selectors.filtered_events(request_user(request), chosen))
    page = paginate(queryset, page=paging.page, page_size=paging.page_size,
                    transform=lambda rows: [list_item_row(row) for row in selectors.with_axes(rows)])
    return json_answer(page)


@router.get("/{event_id}", response={200: EventOut, **error_responses(lookup=True)})
def get_event(request, event_id: int):
    return detail_out(_visible(request, event_id, selectors.event_detail_queryset(request_user(request))))


def _session_out(session) -> dict:
    return {
        "id": session.pk, "kind": session.kind, "title": localized(session, "title"),
        "abstract": localized(session, "abstract"), "day": session.day, "starts_at": session.starts_at,
        "ends_at": session.ends_at, "track": session.track, "room": session.room, "capacity": session.capacity,
        "confirmed_count": session.confirmed_count,
        "people": [{"id": a.speaker_id, "name": localized(a.speaker), "role": a.role} for a in session.appearances.all()],
    }


@router.get("/{event_id}/agenda", response={200: list[EventAgendaDay], **error_responses(lookup=True)})
def get_agenda(request, event_id: int):
    """The sessions day by day, in time order (parallel tracks interleaved by start time)."""
    event = _visible(request, event_id)
    days = []
    for day in selectors.agenda(event):
        sessions = sorted((s for track in day["tracks"] for s in track["sessions"]), key=lambda s: (s.starts_at, s.pk))
        days.append({"day": day["day"], "sessions": [_session_out(session) for session in sessions]})
    return days


@router.get("/{event_id}/speakers", response={200: list[EventSpeakerOut], **error_responses(lookup=True)})
def get_speakers(request, event_id: int):
    event = _visible(request, event_id)
    return [
        {"id": s.pk, "name": localized(s), "name_ar": s.name_ar, "name_en": s.name_en, "title": localized(s, "title"),
         "organization_name": s.organization_name, "bio": localized(s, "bio"),
         "photo_url": s.photo_url or None}
        for s in selectors.speakers(event)
    ]


def _registration_out(registration: Registration) -> dict:
    return {"id": registration.pk, "event_id": registration.event_id, "category": registration.category,
            "status": registration.status, "created_at": registration.created_at}


@router.post("/{event_id}/registrations", auth=api_auth,
             response={201: RegistrationOut, **error_responses(auth=True, body=True, lookup=True, conflict=True)})
def register(request, event_id: int, body: RegistrationIn):
    """Register yourself: a seat (or, when the organiser approves registrations, a seat held pending approval)
    while the event and your category have room, a place on the waiting list otherwise."""
    event = _visible(request, event_id)
    registration = services.registration_create(actor=request.auth, event=event, category=body.category,
                                                phone=body.phone)
    return Status(201, _registration_out(registration))


@router.post("/{event_id}/registrations/{registration_id}/cancel", auth=api_auth,
             response={200: RegistrationOut, **error_responses(auth=True, lookup=True, conflict=True)})
def cancel(request, event_id: int, registration_id: int):
    """Cancel your own registration; the first in line on the waiting list takes the seat."""
    registration = get_object_or_404(Registration, pk=registration_id, event_id=event_id, user=request.auth)
    return _registration_out(services.registration_cancel(actor=request.auth, registration=registration))


# ---------------------------------------------------------------- part 6: audience questions


def _session(request, event_id: int, session_id: int):
    from .models import Session

    event = _visible(request, event_id)
    session = Session.objects.filter(pk=session_id, event=event).select_related("event").first()
    if session is None:
        raise NotFound()
    return session


def _question_out(row: dict, session_id: int) -> dict:
    return {"id": row["id"], "session_id": session_id, "text": row["text"], "status": row["status"],
            "vote_count": row["vote_count"], "asker": row["asker"], "created_at": row["created_at"]}


@router.get("/{event_id}/sessions/{session_id}/questions",
            response={200: list[EventQuestionOut], **error_responses(lookup=True)})
def list_questions(request, event_id: int, session_id: int):
    """The session's approved and answered questions, by votes (anonymous askers' names left out)."""
    session = _session(request, event_id, session_id)
    return [_question_out(row, session.pk) for row in questions.question_rows(session)]


@router.post("/{event_id}/sessions/{session_id}/questions", auth=api_auth,
             response={201: EventQuestionOut, **error_responses(auth=True, body=True, lookup=True, conflict=True)})
def ask_question(request, event_id: int, session_id: int, body: EventQuestionIn):
    """Ask the session's moderator a question (attendees: a confirmed registration); it waits for approval."""
    session = _session(request, event_id, session_id)
    question = questions.question_ask(actor=request.auth, session=session, text=body.text, anonymous=body.anonymous)
    return Status(201, _question_out(questions.question_row(question, reveal=True), session.pk))


@router.post("/{event_id}/sessions/{session_id}/questions/{question_id}/vote", auth=api_auth,
             response={200: EventQuestionOut, **error_responses(auth=True, lookup=True, conflict=True)})
def vote_question(request, event_id: int, session_id: int, question_id: int):
    """Vote for an approved question (attendees, once each: voting again changes nothing)."""
    session = _session(request, event_id, session_id)
    question = questions.visible_question(request.auth, session, question_id)
    question = questions.question_vote(actor=request.auth, question=question)
    return _question_out(questions.question_row(question, reveal=False), session.pk)


@router.delete("/{event_id}/sessions/{session_id}/questions/{question_id}/vote", auth=api_auth,
               response={200: EventQuestionOut, **error_responses(auth=True, lookup=True, conflict=True)})
def unvote_question(request, event_id: int, session_id: int, question_id: int):
    """Take one's vote back from a question not yet answered (without a vote, nothing changes)."""
    session = _session(request, event_id, session_id)
    question = questions.visible_question(request.auth, session, question_id)
    question = questions.question_unvote(actor=request.auth, question=question)
    return _question_out(questions.question_row(question, reveal=False), session.pk)


@router.post("/{event_id}/sessions/{session_id}/questions/{question_id}/moderate", auth=api_auth,
             response={200: EventQuestionOut, **error_responses(auth=True, body=True, lookup=True, conflict=True)})
def moderate_question(request, event_id: int, session_id: int, question_id: int, body: EventQuestionModerateIn):
    """Approve, mark answered or hide a question (the session's moderator, the organisers)."""
    session = _session(request, event_id, session_id)
    questions.require_moderator(request.auth, session)  # 403 before the lookup, as on the page
    question = questions.visible_question(request.auth, session, question_id)
    question = questions.question_moderate(actor=request.auth, question=question, action=body.action)
    return _question_out(questions.question_row(question, reveal=True), session.pk)


# ---------------------------------------------------------------- check-in and attendance (part 4)


def _staffed(request, event_id: int) -> Event:
    from musharaka.core.permissions import require

    event = _visible(request, event_id)
    require(request.auth, "events.check_in", event)
    return event


@router.post("/{event_id}/check-in", auth=api_auth,
             response={200: EventCheckInOut, **error_responses(auth=True, body=True, lookup=True)})
def check_in(request, event_id: int, body: EventCheckInIn):
    """Staff of the organiser let a ticket holder in (the same answer as the check-in page). Idempotent: a second
    scan answers `already_checked_in` with the first time; a code of nobody here answers `not_registered`."""
    from .checkin import check_in as do_check_in
    from .models import Session

    event = _staffed(request, event_id)
    session = None
    if body.session is not None:
        session = Session.objects.filter(event=event, pk=body.session).first()
        if session is None:
            raise NotFound()
    result = do_check_in(actor=request.auth, event=event, code=body.code, session=session)
    registration = result.registration
    return {"outcome": result.outcome, "admitted": result.admitted, "message": result.message,
            "checked_in_at": result.checked_in_at, "registration_id": registration.pk if registration else None,
            "name": registration.name if registration else None,
            "category": registration.category if registration else None}


@router.get("/{event_id}/attendance", auth=api_auth,
            response={200: EventAttendanceOut, **error_responses(auth=True, lookup=True)})
def attendance(request, event_id: int):
    """Attendance from the counters kept on check-in: at the entrance and per session, by audience category."""
    from .checkin import attendance as read_attendance

    event = _staffed(request, event_id)
    data = read_attendance(event)
    return {"event_id": event.pk, "checked_in": data["total"], "confirmed": data["confirmed"],
            "by_category": data["by_category"],
            "sessions": [{"id": row["id"], "title": localized(row, "title"), "checked_in": row["total"],
                          "by_category": row["by_category"]} for row in data["sessions"]]}
