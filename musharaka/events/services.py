"""Every write to events: events and their agenda, speakers, and registrations with seats.

Seats: a registration that may take a seat locks the event row (SELECT … FOR UPDATE), then its
audience row, always in that order, reads the counters kept on them, and either takes a seat or
joins the waiting list; the counters change in the same transaction. Rows are inserted under the
lock, so the primary key is the arrival order, which the waiting list follows when a seat frees up.
On SQLite writes are serialised anyway; on PostgreSQL the lock does it (reliability test with 200
parallel registrations).
"""

import datetime
import re
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from musharaka.core import search
from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.core.files import strip_image_metadata, validate_image_upload
from musharaka.core.permissions import can, require

from .checkin import after_confirmed, ticket_issue
from .models import (
    LIVE_STATUSES,
    PHONE_PATTERN,
    PUBLIC,
    SEAT_STATUSES,
    Event,
    EventAudience,
    EventSeries,
    GuestOfHonour,
    Registration,
    RegistrationStatus,
    Session,
    SessionSeat,
    SessionSpeaker,
    Speaker,
)

if TYPE_CHECKING:
    from musharaka.accounts.models import User

SEARCH_KIND = "event"
IMAGE_MAX_BYTES = 5 * 1024 * 1024
CONFIRM_SALT = "musharaka.events.registration.confirm"
CANCEL_SALT = "musharaka.events.registration.cancel"
CONFIRM_MAX_AGE = datetime.timedelta(hours=48)
PHONE_RE = re.compile(PHONE_PATTERN)

EVENT_FIELDS = (
    "title_ar", "title_en", "kind", "description_ar", "description_en", "series", "edition", "patron_name",
    "patron_title", "region", "city", "venue", "starts_at", "ends_at", "capacity", "requires_approval",
    "registration_open", "is_published",
)


@dataclass(frozen=True)
class AudienceSpec:
    category: str
    quota: int | None = None


@dataclass(frozen=True)
class GuestSpec:
    name: str
    title: str = ""


def _clean_image(upload, field: str):
    """A validated image without its metadata (hostile files refused by content, not name)."""
    try:
        validate_image_upload(upload, max_bytes=IMAGE_MAX_BYTES)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], code=error.code or "invalid_image", field=field) from error
    return strip_image_metadata(upload)


def _save_edition(event: Event) -> None:
    """Save the event; a series holds each edition number once (a unique constraint), said as a field error."""
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError as error:
        raise InvalidInput(_("This series already has that edition."), code="edition_taken", field="edition") from error


def _is_new_upload(value) -> bool:
    return bool(value) and hasattr(value, "size") and not getattr(value, "_committed", False)


def event_search_texts(event: Event) -> tuple[str, ...]:
    return (event.title_ar, event.title_en, event.description_ar, event.patron_name, event.venue)


def _check_times(starts_at, ends_at, field: str = "ends_at") -> None:
    if starts_at and ends_at and ends_at < starts_at:
        raise InvalidInput(_("The end must not be before the start."), code="end_before_start", field=field)


def _check_place(event: Event) -> None:
    if event.city is not None and event.city.region_id != event.region_id:
        raise InvalidInput(_("The city is not in the chosen region."), code="city_not_in_region", field="city")


@transaction.atomic
def series_get_or_create(*, actor: "User", organization, name_ar: str, name_en: str = "") -> EventSeries:
    require(actor, "events.create_for_organization", organization)
    series, _created = EventSeries.objects.get_or_create(organization=organization, name_ar=name_ar.strip(),
                                                         defaults={"name_en": name_en})
    return series


@transaction.atomic
def event_create(*, actor: "User", organization, data: dict[str, Any], axes=(), co_organizers=(), sponsors=(),
                 audiences: list[AudienceSpec] | None = None, guests: list[GuestSpec] | None = None) -> Event:
    require(actor, "events.create_for_organization", organization)
    values = {name: data[name] for name in EVENT_FIELDS if name in data}
    _check_times(values.get("starts_at"), values.get("ends_at"))
    if values.get("city") is not None and "region" not in values:
        values["region"] = values["city"].region
    event = Event(organization=organization, created_by=actor, **values)
    _check_place(event)
    if values.get("is_published"):
        event.published_at = timezone.now()
    if _is_new_upload(data.get("cover_image")):
        event.cover_image = _clean_image(data["cover_image"], "cover_image")
    event._history_user = actor
    _save_edition(event)
    event.axes.set(axes)
    event.co_organizers.set([org for org in co_organizers if org.pk != organization.pk])
    event.sponsors.set(sponsors)
    _set_audiences(event, audiences if audiences is not None else [AudienceSpec(PUBLIC)])
    _set_guests(event, guests or [])
    search.index(SEARCH_KIND, event.pk, *event_search_texts(event))
    return event


@transaction.atomic
def event_update(*, actor: "User", event: Event, data: dict[str, Any], axes=None, co_organizers=None, sponsors=None,
                 audiences: list[AudienceSpec] | None = None, guests: list[GuestSpec] | None = None) -> Event:
    require(actor, "events.change_event", event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    _check_times(event.starts_at, event.ends_at)
    _check_place(event)
    if event.capacity is not None and event.capacity < event.confirmed_count:
        raise InvalidInput(_("The capacity cannot be lower than the seats already taken (%(count)s).")
                           % {"count": event.confirmed_count}, code="capacity_below_taken", field="capacity")
    if event.is_published and not event.published_at:
        event.published_at = timezone.now()
    if "cover_image" in data:
        cover = data["cover_image"]
        if cover is False:  # the form's "clear" box
            event.cover_image = ""
        elif _is_new_upload(cover):
            event.cover_image = _clean_image(cover, "cover_image")
    event._history_user = actor
    _save_edition(event)
    if axes is not None:
        event.axes.set(axes)
    if co_organizers is not None:
        event.co_organizers.set([org for org in co_organizers if org.pk != event.organization_id])
    if sponsors is not None:
        event.sponsors.set(sponsors)
    if audiences is not None:
        _set_audiences(event, audiences)
    if guests is not None:
        _set_guests(event, guests)
    search.index(SEARCH_KIND, event.pk, *event_search_texts(event))
    from .recommendations import sync_event  # imported here, not in the shared import block (merges)

    sync_event(event)  # the tracker's copies of the region and publication
    return event


def _set_audiences(event: Event, audiences: list[AudienceSpec]) -> None:
    """Keep the categories' counters: a category with registrations stays (its quota may change)."""
    wanted = {spec.category: spec.quota for spec in audiences}
    existing = {row.category: row for row in EventAudience.objects.filter(event=event)}
    for category, row in existing.items():
        if category not in wanted:
            if row.confirmed_count or row.waiting_count:
                raise InvalidInput(_("A category with registrations cannot be removed."), code="audience_in_use",
                                   field="audiences")
            row.delete()
        elif row.quota != (quota := wanted[category]):
            if quota is not None and quota < row.confirmed_count:
                raise InvalidInput(_("A quota cannot be lower than the seats already taken."),
                                   code="quota_below_taken", field="audiences")
            row.quota = wanted[category]
            row.save(update_fields=["quota"])
    EventAudience.objects.bulk_create(
        [EventAudience(event=event, category=category, quota=quota) for category, quota in wanted.items()
         if category not in existing]
    )


def _set_guests(event: Event, guests: list[GuestSpec]) -> None:
    GuestOfHonour.objects.filter(event=event).delete()
    GuestOfHonour.objects.bulk_create(
        [GuestOfHonour(event=event, name=guest.name, title=guest.title, position=index)
         for index, guest in enumerate(guests) if guest.name.strip()]
    )


# ---------------------------------------------------------------- agenda


SESSION_FIELDS = ("kind", "title_ar", "title_en", "abstract_ar", "abstract_en", "starts_at", "ends_at", "track",
                  "room", "capacity")


def _session_values(event: Event, values: dict[str, Any]) -> None:
    _check_times(values.get("starts_at"), values.get("ends_at"))
    if values.get("starts_at"):
        # A session lies within its event (day-long margins: an event entered as whole days).
        if not (event.starts_at - datetime.timedelta(days=1) <= values["starts_at"]
                <= event.ends_at + datetime.timedelta(days=1)):
            raise InvalidInput(_("The session must take place during the event."), code="session_outside_event",
                               field="starts_at")
        values["day"] = timezone.localtime(values["starts_at"]).date()


def _set_people(session: Session, speakers, moderators) -> None:
    if speakers is None and moderators is None:
        return
    SessionSpeaker.objects.filter(session=session).delete()
    rows: list[SessionSpeaker] = []
    seen: set[int] = set()
    for role, people in (("moderator", moderators or ()), ("speaker", speakers or ())):
        for person in people:
            if person.event_id != session.event_id:
                raise InvalidInput(_("A speaker of another event."), code="speaker_elsewhere", field="speakers")
            if person.pk not in seen:
                seen.add(person.pk)
                rows.append(SessionSpeaker(session=session, speaker=person, role=role, position=len(rows)))
    SessionSpeaker.objects.bulk_create(rows)


@transaction.atomic
def session_create(*, actor: "User", event: Event, data: dict[str, Any], speakers=None, moderators=None) -> Session:
    require(actor, "events.change_event", event)
    values = {name: data[name] for name in SESSION_FIELDS if name in data}
    _session_values(event, values)
    session = Session(event=event, **values)
    session._history_user = actor
    session.save()
    _set_people(session, speakers, moderators)
    return session


@transaction.atomic
def session_update(*, actor: "User", session: Session, data: dict[str, Any], speakers=None,
                   moderators=None) -> Session:
    require(actor, "events.change_event", session.event)
    # Locked and read again (the event first, as every seat change): the seat counters are the database's, so
    # a booking made while the organiser had the form open is kept.
    event = Event.objects.select_for_update().get(pk=session.event_id)
    session = Session.objects.select_for_update().get(pk=session.pk)
    values = {name: data[name] for name in SESSION_FIELDS if name in data}
    merged = {"starts_at": session.starts_at, "ends_at": session.ends_at, **values}
    _session_values(event, merged)
    for name, value in merged.items():
        setattr(session, name, value)
    if session.capacity is not None and session.capacity < session.confirmed_count:
        raise InvalidInput(_("The capacity cannot be lower than the seats already taken (%(count)s).")
                           % {"count": session.confirmed_count}, code="capacity_below_taken", field="capacity")
    session._history_user = actor
    session.save()
    _set_people(session, speakers, moderators)
    return session


@transaction.atomic
def session_delete(*, actor: "User", session: Session) -> None:
    require(actor, "events.change_event", session.event)
    session._history_user = actor
    session.delete()


SPEAKER_FIELDS = ("name_ar", "name_en", "title_ar", "title_en", "organization_name", "bio_ar", "bio_en", "user")


@transaction.atomic
def speaker_create(*, actor: "User", event: Event, data: dict[str, Any]) -> Speaker:
    require(actor, "events.change_event", event)
    speaker = Speaker(event=event, **{name: data[name] for name in SPEAKER_FIELDS if name in data})
    if _is_new_upload(data.get("photo")):
        speaker.photo = _clean_image(data["photo"], "photo")
    speaker._history_user = actor
    speaker.save()
    return speaker


@transaction.atomic
def speaker_update(*, actor: "User", speaker: Speaker, data: dict[str, Any]) -> Speaker:
    require(actor, "events.change_event", speaker.event)
    for name in SPEAKER_FIELDS:
        if name in data:
            setattr(speaker, name, data[name])
    if "photo" in data:
        if data["photo"] is False:
            speaker.photo = ""
        elif _is_new_upload(data["photo"]):
            speaker.photo = _clean_image(data["photo"], "photo")
    speaker._history_user = actor
    speaker.save()
    return speaker


# ---------------------------------------------------------------- registration


def _bump(model, pk: int, **changes: int) -> None:
    model.objects.filter(pk=pk).update(**{name: F(name) + delta for name, delta in changes.items()})


def _locked(event_id: int, category: str) -> tuple[Event, EventAudience]:
    """The event and its audience row, locked in that order (every seat change takes the same order)."""
    event = Event.objects.select_for_update().get(pk=event_id)
    try:
        audience = EventAudience.objects.select_for_update().get(event_id=event_id, category=category)
    except EventAudience.DoesNotExist:
        raise InvalidInput(_("This event is not open to that audience."), code="audience_closed",
                           field="category") from None
    return event, audience


def _has_seat(event: Event, audience: EventAudience) -> bool:
    return ((event.capacity is None or event.confirmed_count < event.capacity)
            and (audience.quota is None or audience.confirmed_count < audience.quota))


def _seat_or_queue(registration: Registration, event: Event, audience: EventAudience) -> None:
    """Give a seat (confirmed, or pending when the organiser approves) or a place on the waiting list."""
    if _has_seat(event, audience):
        registration.status = RegistrationStatus.PENDING if event.requires_approval else RegistrationStatus.CONFIRMED
        _bump(Event, event.pk, confirmed_count=1)
        _bump(EventAudience, audience.pk, confirmed_count=1)
    else:
        registration.status = RegistrationStatus.WAITING
        _bump(Event, event.pk, waiting_count=1)
        _bump(EventAudience, audience.pk, waiting_count=1)


def _check_open(event: Event) -> None:
    if not event.is_published:
        raise NotPermitted()
    if not event.registration_open or event.ends_at < timezone.now():
        # The request is sound; the event's state refuses it (as an ended event does): a conflict, not bad input.
        raise Conflict(_("Registration for this event is closed."), code="registration_closed")


def registration_create(*, actor: "User | None", event: Event, category: str, name: str = "", email: str = "",
                        phone: str = "", language: str | None = None, base_url: str = "") -> Registration:
    """Register the signed-in `actor`, or a visitor (actor None) who then confirms by an e-mailed link.

    `base_url` ("https://musharaka.example") makes the e-mailed link absolute; the page passes its own.
    """
    if not PHONE_RE.fullmatch(phone):
        raise InvalidInput(_("Enter a phone number."), code="invalid_phone", field="phone")
    signed_in = actor is not None and actor.is_authenticated
    if actor is not None and signed_in:
        name = name.strip() or actor.get_full_name() or actor.username
        email = email.strip() or actor.email
    elif not (name.strip() and email.strip()):
        raise InvalidInput(_("Give your name and e-mail address."), code="visitor_details_missing", field="email")
    email = email.strip().lower()
    with transaction.atomic():
        event, audience = _locked(event.pk, category)
        _check_open(event)
        # A visitor's registration never confirmed within the link's lifetime no longer holds the address.
        Registration.objects.filter(
            event=event, email=email, status=RegistrationStatus.UNVERIFIED,
            created_at__lt=timezone.now() - CONFIRM_MAX_AGE,
        ).update(status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now())
        live = Registration.objects.filter(event=event, status__in=LIVE_STATUSES)
        if (signed_in and live.filter(user=actor).exists()) or live.filter(email=email).exists():
            raise Conflict(_("You are already registered for this event."), code="already_registered")
        registration = Registration(event=event, user=actor if signed_in else None, name=name.strip()[:200],
                                    email=email, phone=phone.strip()[:32], category=category)
        if signed_in:
            _seat_or_queue(registration, event, audience)
        else:
            registration.status = RegistrationStatus.UNVERIFIED  # no seat until the address is confirmed
        registration._history_user = actor if signed_in else None
        registration.save()
        ticket_issue(registration)
        after_confirmed(registration, language, base_url)
    if not signed_in:
        transaction.on_commit(lambda: _send_confirmation(registration, language, base_url))
    return registration


def confirmation_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk, "e": registration.email}, salt=CONFIRM_SALT, compress=True)


def cancellation_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk, "e": registration.email}, salt=CANCEL_SALT, compress=True)


def _send_confirmation(registration: Registration, language: str | None, base_url: str) -> None:
    with translation.override(language or translation.get_language() or "ar"):
        link = base_url.rstrip("/") + reverse("events:confirm", args=[confirmation_token(registration)])
        context = {"registration": registration, "event": registration.event, "link": link,
                   "hours": int(CONFIRM_MAX_AGE.total_seconds() // 3600)}
        subject = _("Confirm your registration: %(title)s") % {"title": registration.event.title_ar}
        body = render_to_string("events/email/confirm.txt", context)
    send_mail(subject, body, None, [registration.email])


def _registration_from_token(token: str, salt: str, max_age=None) -> Registration:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidInput(_("This link has expired. Register again."), code="link_expired") from error
    except signing.BadSignature as error:
        raise InvalidInput(_("This link is not valid."), code="link_invalid") from error
    registration = Registration.objects.filter(pk=data.get("r"), email=data.get("e")).first()
    if registration is None:
        raise InvalidInput(_("This link is not valid."), code="link_invalid")
    return registration


def registration_confirm_email(*, token: str) -> Registration:
    """The visitor followed the e-mailed link: now the registration asks for its seat."""
    found = _registration_from_token(token, CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    with transaction.atomic():
        event, audience = _locked(found.event_id, found.category)
        registration = Registration.objects.select_for_update().get(pk=found.pk)
        if registration.status != RegistrationStatus.UNVERIFIED:
            return registration  # a second click changes nothing
        _check_open(event)
        _seat_or_queue(registration, event, audience)
        registration._history_user = None
        registration.save(update_fields=["status", "updated_at"])
        after_confirmed(registration, None, "")
    return registration


def registration_from_cancel_token(*, token: str) -> Registration:
    return _registration_from_token(token, CANCEL_SALT)


def _free_seat_and_promote(event: Event, audience: EventAudience, previous: str) -> None:
    """A registration left `previous`: give its seat back and promote the waiting list in arrival order."""
    if previous in SEAT_STATUSES:
        _bump(Event, event.pk, confirmed_count=-1)
        _bump(EventAudience, audience.pk, confirmed_count=-1)
    elif previous == RegistrationStatus.WAITING:
        _bump(Event, event.pk, waiting_count=-1)
        _bump(EventAudience, audience.pk, waiting_count=-1)
        return
    else:
        return
    event.refresh_from_db(fields=["confirmed_count", "waiting_count"])
    # The first waiter whose category still has room (another category may be at its quota).
    audiences = {row.category: row for row in EventAudience.objects.select_for_update().filter(event=event)}
    for waiter in Registration.objects.select_for_update().filter(event=event, status=RegistrationStatus.WAITING):
        if event.capacity is not None and event.confirmed_count >= event.capacity:
            return
        row = audiences[waiter.category]
        if row.quota is not None and row.confirmed_count >= row.quota:
            continue
        waiter.status = RegistrationStatus.PENDING if event.requires_approval else RegistrationStatus.CONFIRMED
        waiter._history_user = None
        waiter.save(update_fields=["status", "updated_at"])
        _bump(Event, event.pk, confirmed_count=1, waiting_count=-1)
        _bump(EventAudience, row.pk, confirmed_count=1, waiting_count=-1)
        event.confirmed_count += 1
        row.confirmed_count += 1
        transaction.on_commit(partial(_send_promoted, waiter))
        after_confirmed(waiter)
        return


def _send_promoted(registration: Registration) -> None:
    context = {"registration": registration, "event": registration.event}
    subject = _("A seat is yours: %(title)s") % {"title": registration.event.title_ar}
    send_mail(subject, render_to_string("events/email/promoted.txt", context), None, [registration.email])


def _cancel_seats(registration: Registration) -> None:
    for seat in SessionSeat.objects.select_for_update().filter(registration=registration, status__in=LIVE_STATUSES):
        _session_seat_release(seat)


@transaction.atomic
def registration_cancel(*, actor: "User | None", registration: Registration, by_token: bool = False) -> Registration:
    """The registrant cancels (signed in, or a visitor through the link of their e-mail)."""
    if not by_token and not (actor is not None and actor.is_authenticated and registration.user_id == actor.pk):
        raise NotPermitted()
    event, audience = _locked(registration.event_id, registration.category)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in LIVE_STATUSES:
        raise Conflict(_("This registration is no longer active."), code="registration_not_active")
    previous = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration._history_user = actor if actor is not None and actor.is_authenticated else None
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    _cancel_seats(registration)
    _free_seat_and_promote(event, audience, previous)
    return registration


@transaction.atomic
def registration_decide(*, actor: "User", registration: Registration, approve: bool) -> Registration:
    """The organiser approves or declines a registration (declining a seat promotes the waiting list)."""
    require(actor, "events.manage_registrations", registration.event)
    event, audience = _locked(registration.event_id, registration.category)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if approve:
        if registration.status != RegistrationStatus.PENDING:
            raise Conflict(_("Only a registration waiting for approval can be approved."), code="not_pending")
        registration.status = RegistrationStatus.CONFIRMED
        previous = None
    else:
        if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED,
                                       RegistrationStatus.WAITING):
            raise Conflict(_("This registration is no longer active."), code="registration_not_active")
        previous = registration.status
        registration.status = RegistrationStatus.DECLINED
    registration.decided_at = timezone.now()
    registration._history_user = actor
    registration.save(update_fields=["status", "decided_at", "updated_at"])
    after_confirmed(registration)
    if previous is not None:
        _cancel_seats(registration)
        _free_seat_and_promote(event, audience, previous)
    return registration


# ---------------------------------------------------------------- seats in sessions with their own capacity


@transaction.atomic
def session_seat_take(*, actor: "User", registration: Registration, session: Session) -> SessionSeat:
    """A registrant with a seat at the event asks for one in a session (a workshop with its own capacity)."""
    if registration.user_id != getattr(actor, "pk", None):
        raise NotPermitted()
    if session.event_id != registration.event_id:
        raise InvalidInput(_("A session of another event."), code="session_elsewhere")
    Event.objects.select_for_update().get(pk=session.event_id)  # the same lock order as the event's seats
    session = Session.objects.select_for_update().get(pk=session.pk)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status not in SEAT_STATUSES:
        raise Conflict(_("Only a registration with a seat at the event can book a session."), code="no_event_seat")
    if SessionSeat.objects.filter(session=session, registration=registration, status__in=LIVE_STATUSES).exists():
        raise Conflict(_("You already booked this session."), code="already_booked")
    if session.capacity is None or session.confirmed_count < session.capacity:
        status, counter = RegistrationStatus.CONFIRMED, "confirmed_count"
    else:
        status, counter = RegistrationStatus.WAITING, "waiting_count"
    seat = SessionSeat.objects.create(session=session, registration=registration, status=status)
    _bump(Session, session.pk, **{counter: 1})
    return seat


def _session_seat_release(seat: SessionSeat) -> None:
    session = Session.objects.select_for_update().get(pk=seat.session_id)
    previous = seat.status
    seat.status = RegistrationStatus.CANCELLED
    seat.save(update_fields=["status"])
    if previous == RegistrationStatus.WAITING:
        _bump(Session, session.pk, waiting_count=-1)
        return
    _bump(Session, session.pk, confirmed_count=-1)
    waiter = SessionSeat.objects.select_for_update().filter(session=session, status=RegistrationStatus.WAITING).first()
    if waiter is not None:
        waiter.status = RegistrationStatus.CONFIRMED
        waiter.save(update_fields=["status"])
        _bump(Session, session.pk, confirmed_count=1, waiting_count=-1)


@transaction.atomic
def session_seat_cancel(*, actor: "User", seat: SessionSeat) -> None:
    if seat.registration.user_id != getattr(actor, "pk", None):
        raise NotPermitted()
    Event.objects.select_for_update().get(pk=seat.session.event_id)
    seat = SessionSeat.objects.select_for_update().get(pk=seat.pk)
    if seat.status in LIVE_STATUSES:
        _session_seat_release(seat)


def can_manage(user, event: Event) -> bool:
    return can(user, "events.change_event", event)
