"""Tickets, calendar files and check-in at the door (issue #11, part 4).

A ticket is issued with every registration (Ticket row, random code); it admits while the registration holds a
confirmed seat. Check-in locks the registration row and relies on the unique constraints of CheckIn, so two
scanners reading the same code at once produce one row and one time; the attendance counters (AttendanceCount)
change in the same transaction as the row they count.
"""

import datetime
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import icalendar
import segno
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from musharaka.core.errors import InvalidInput, NotFound
from musharaka.core.i18n import localized
from musharaka.core.permissions import require
from musharaka.core.tasks import enqueue_with_transaction, retried

from .models import AttendanceCount, CheckIn, Event, Registration, RegistrationStatus, Session, Ticket

if TYPE_CHECKING:
    from musharaka.accounts.models import User

TICKET_SALT = "musharaka.events.ticket"
CALENDAR_PRODID = "-//Musharaka//Events//AR"


# ---------------------------------------------------------------- tickets


def ticket_issue(registration: Registration) -> Ticket:
    """The registration's ticket (created once; a retry after a rare code collision draws again)."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Ticket.objects.get_or_create(registration=registration)[0]
        except IntegrityError:
            continue
    raise IntegrityError("ticket code collisions")


def ticket_token(registration: Registration) -> str:
    """The e-mailed ticket link of a visitor without an account (the signed-in registrant also has the id page)."""
    return signing.dumps({"r": registration.pk}, salt=TICKET_SALT, compress=True)


def registration_from_ticket_token(token: str) -> Registration:
    try:
        data = signing.loads(token, salt=TICKET_SALT)
    except signing.BadSignature:
        raise NotFound() from None
    registration = Registration.objects.filter(pk=data.get("r")).select_related("event", "ticket").first()
    if registration is None:
        raise NotFound()
    return registration


def qr_for(code: str):
    return segno.make(code, error="m")


def qr_svg(code: str) -> str:
    return qr_for(code).svg_inline(scale=6, border=2, dark="#000", light="#fff")


def qr_png(code: str) -> bytes:
    import io

    out = io.BytesIO()
    qr_for(code).save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def _site(base_url: str) -> str:
    return (base_url or getattr(settings, "SITE_URL", "")).rstrip("/")


def ticket_link(registration: Registration, base_url: str = "") -> str:
    return _site(base_url) + reverse("events:ticket_by_link", args=[ticket_token(registration)])


def send_ticket(registration_id: int, language: str | None = None, base_url: str = "") -> None:
    """The confirmation e-mail of a confirmed seat: the ticket link, the event as an .ics, the QR as a PNG."""
    registration = Registration.objects.select_related("event", "user").get(pk=registration_id)
    if registration.status != RegistrationStatus.CONFIRMED:
        return
    ticket = ticket_issue(registration)
    if language is None and registration.user is not None:
        language = registration.user.preferred_language
    with translation.override(language or "ar"):
        event = registration.event
        context = {"registration": registration, "event": event, "link": ticket_link(registration, base_url),
                   "code": ticket.code}
        subject = _("Your ticket: %(title)s") % {"title": localized(event, "title")}
        body = render_to_string("events/email/ticket.txt", context)
        calendar = event_calendar(event, sessions=False, base_url=base_url)
    message = EmailMessage(subject, body, None, [registration.email])
    message.attach(f"event-{event.pk}.ics", calendar, "text/calendar; method=PUBLISH")
    message.attach(f"ticket-{event.pk}.png", qr_png(ticket.code), "image/png")
    message.send()


# Six attempts over about half an hour, as the notification e-mail: a mail server that is down delays the ticket.
@retried(attempts=6, backoff=60)
@task()
def send_ticket_mail(*, registration_id: int, language: str | None = None, base_url: str = "") -> None:
    send_ticket(registration_id, language, base_url)


def after_confirmed(registration: Registration, language: str | None = None, base_url: str = "") -> None:
    """Called inside the transaction that gave `registration` its seat: issue the ticket; the e-mail is a background
    task that exists exactly when the seat is committed (a mail server that is down never fails the registration)."""
    if registration.status != RegistrationStatus.CONFIRMED:
        return
    ticket_issue(registration)
    enqueue_with_transaction(send_ticket_mail, registration_id=registration.pk, language=language, base_url=base_url)


# ---------------------------------------------------------------- calendar files


def _tz():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _vevent(uid: str, summary: str, starts_at, ends_at, location: str, url: str, description: str = "", *,
            stamp):
    item = icalendar.Event()
    item.add("uid", uid)
    # The record's last change, not the time of the request: the same record gives the same bytes, so the
    # feeds' ETag (a hash of the body) holds between two polls in different seconds.
    item.add("dtstamp", stamp)
    item.add("summary", summary)
    # Local wall time with its zone (TZID), as a calendar shows it in Riyadh whatever the reader's zone.
    item.add("dtstart", timezone.localtime(starts_at, _tz()))
    item.add("dtend", timezone.localtime(ends_at, _tz()))
    if location:
        item.add("location", location)
    if url:
        item.add("url", url)
    if description:
        item.add("description", description[:2000])
    return item


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", CALENDAR_PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _location(event: Event) -> str:
    city = localized(event.city) if event.city_id else ""
    return "، ".join(part for part in (event.venue, city) if part)


def _event_uid(event: Event) -> str:
    return f"event-{event.pk}@musharaka"


def _add_event(calendar, event: Event, site: str) -> None:
    url = site + reverse("events:detail", args=[event.pk])
    calendar.add_component(_vevent(_event_uid(event), localized(event, "title"), event.starts_at, event.ends_at,
                                   _location(event), url, localized(event, "description"), stamp=event.updated_at))


def event_calendar(event: Event, *, sessions: bool = True, base_url: str = "") -> bytes:
    """The event (and its sessions) as iCalendar; UIDs are stable so a re-import updates, not duplicates."""
    site = _site(base_url)
    calendar = _calendar(localized(event, "title"))
    calendar.add_component(icalendar.Timezone.from_tzid(settings.TIME_ZONE))
    _add_event(calendar, event, site)
    if sessions:
        url = site + reverse("events:agenda", args=[event.pk])
        for session in Session.objects.filter(event=event).order_by("starts_at", "pk"):
            place = "، ".join(part for part in (session.room, session.track, _location(event)) if part)
            calendar.add_component(_vevent(f"event-{event.pk}-session-{session.pk}@musharaka",
                                            localized(session, "title"), session.starts_at, session.ends_at,
                                            place, url, localized(session, "abstract"), stamp=session.updated_at))
    return calendar.to_ical()


def events_calendar(name: str, events, *, base_url: str = "") -> bytes:
    site = _site(base_url)
    calendar = _calendar(name)
    calendar.add_component(icalendar.Timezone.from_tzid(settings.TIME_ZONE))
    for event in events:
        _add_event(calendar, event, site)
    return calendar.to_ical()


# ---------------------------------------------------------------- check-in


class Outcome:
    CHECKED_IN = "checked_in"
    ALREADY = "already_checked_in"
    NOT_REGISTERED = "not_registered"
    WAITING = "waiting"
    CANCELLED = "cancelled"
    NOT_CONFIRMED = "not_confirmed"
    NO_SESSION_SEAT = "no_session_seat"


@dataclass(frozen=True)
class CheckInResult:
    outcome: str
    registration: Registration | None = None
    checked_in_at: datetime.datetime | None = None

    @property
    def admitted(self) -> bool:
        return self.outcome in (Outcome.CHECKED_IN, Outcome.ALREADY)

    @property
    def message(self) -> str:
        when = timezone.localtime(self.checked_in_at).strftime("%H:%M") if self.checked_in_at else ""
        return {
            Outcome.CHECKED_IN: _("Checked in now."),
            Outcome.ALREADY: _("Already checked in at %(time)s.") % {"time": when},
            Outcome.NOT_REGISTERED: _("Not registered for this event."),
            Outcome.WAITING: _("On the waiting list: no seat."),
            Outcome.CANCELLED: _("This registration was cancelled."),
            Outcome.NOT_CONFIRMED: _("This registration is not confirmed."),
            Outcome.NO_SESSION_SEAT: _("No seat booked in this session."),
        }[self.outcome]


def clean_code(code: str) -> str:
    """A code as typed or scanned: spaces dropped; a scanned ticket URL gives its last part."""
    code = "".join((code or "").split())
    return code.rstrip("/").rsplit("/", 1)[-1][:64]


def _count(event_id: int, session_key: int, category: str) -> None:
    row, created = AttendanceCount.objects.get_or_create(event_id=event_id, session_key=session_key,
                                                         category=category, defaults={"count": 1})
    if not created:
        AttendanceCount.objects.filter(pk=row.pk).update(count=F("count") + 1)


def check_in(*, actor: "User", event: Event, code: str, session: Session | None = None) -> CheckInResult:
    """Staff let a ticket holder in (at the door, or into a session with its own seats). Idempotent: a second
    scan answers "already checked in at HH:MM" and changes nothing."""
    require(actor, "events.check_in", event)
    if session is not None and session.event_id != event.pk:
        raise InvalidInput(_("A session of another event."), code="session_elsewhere", field="session")
    code = clean_code(code)
    if not code:
        return CheckInResult(Outcome.NOT_REGISTERED)
    ticket = Ticket.objects.filter(code=code, registration__event=event).select_related("registration").first()
    if ticket is None:
        return CheckInResult(Outcome.NOT_REGISTERED)
    for _attempt in range(2):
        try:
            return _check_in(actor, event, ticket.registration_id, session)
        except IntegrityError:
            continue  # another scanner inserted the same row first: read it on the next pass
    return _check_in(actor, event, ticket.registration_id, session)


@transaction.atomic
def _check_in(actor, event: Event, registration_id: int, session: Session | None) -> CheckInResult:
    registration = Registration.objects.select_for_update().get(pk=registration_id)
    status = registration.status
    if status == RegistrationStatus.WAITING:
        return CheckInResult(Outcome.WAITING, registration)
    if status in (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED):
        return CheckInResult(Outcome.CANCELLED, registration)
    if status != RegistrationStatus.CONFIRMED:
        return CheckInResult(Outcome.NOT_CONFIRMED, registration)
    if session is not None and session.capacity is not None and not registration.session_seats.filter(
            session=session, status=RegistrationStatus.CONFIRMED).exists():
        return CheckInResult(Outcome.NO_SESSION_SEAT, registration)
    existing = CheckIn.objects.filter(registration=registration, session=session).first()
    if existing is not None:
        return CheckInResult(Outcome.ALREADY, registration, existing.checked_in_at)
    row = CheckIn.objects.create(registration=registration, session=session, event=event,
                                 category=registration.category, checked_in_at=timezone.now(), checked_in_by=actor)
    _count(event.pk, session.pk if session is not None else 0, registration.category)
    return CheckInResult(Outcome.CHECKED_IN, registration, row.checked_in_at)


def attendance(event: Event) -> dict:
    """The organiser's table, from the counters: totals at the door and per session, each by audience category."""
    rows = list(AttendanceCount.objects.filter(event=event).values_list("session_key", "category", "count"))
    door = {category: count for key, category, count in rows if key == 0}
    per_session: dict[int, dict[str, int]] = {}
    for key, category, count in rows:
        if key:
            per_session.setdefault(key, {})[category] = count
    rows_of_sessions = Session.objects.filter(event=event).order_by("starts_at", "pk").values(
        "id", "title_ar", "title_en", "starts_at", "capacity", "confirmed_count")
    sessions: list[dict[str, Any]] = [dict(row) for row in rows_of_sessions]
    for session in sessions:
        counts = per_session.get(session["id"], {})
        session["by_category"] = counts
        session["total"] = sum(counts.values())
    return {"total": sum(door.values()), "by_category": door, "confirmed": event.confirmed_count,
            "sessions": sessions}
