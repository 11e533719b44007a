"""Demo attendance certificates (part 5), after the tickets and check-ins of demo._seed_tickets.

- The past sample forum (Khobar) gets attendees checked in at the door and into its workshop and training sessions
  (seats booked), and the organiser issues their certificates through the service.
- Past bulk workshops and training courses: a certificate for everyone checked in, written in bulk (scale 100:
  tens of thousands of rows in a few seconds).
"""

import datetime
import decimal
from collections import Counter

from django.db.models import F
from django.utils import timezone

from musharaka.core.bulk import insert_rows

from . import certificates
from .models import (
    AttendanceCertificate,
    AttendanceCount,
    CheckIn,
    Event,
    EventAudience,
    Registration,
    RegistrationStatus,
    Session,
    SessionSeat,
    Ticket,
    new_certificate_code,
    new_ticket_code,
)


def seed(ctx, samples: list[Event]) -> None:
    for event in samples:
        _sample(ctx, event)
    written = _bulk(ctx)
    ctx.log(f"  {AttendanceCertificate.objects.count()} attendance certificates ({written} in bulk)")


def _sample(ctx, event: Event) -> None:
    """Attendees of a past sample event with workshop or training sessions, checked into some of them."""
    rng = ctx.rng
    now = timezone.now()
    sessions = list(Session.objects.filter(event=event, kind__in=certificates.CERTIFIED_SESSION_KINDS))
    if event.ends_at >= now or not (sessions or certificates.event_certifies(event)):
        return
    category = event.audiences.values_list("category", flat=True).first() or "public"
    taken = set(Registration.objects.filter(event=event).values_list("user_id", flat=True))
    people = [person for person in rng.sample(ctx.shared["people"], min(30, len(ctx.shared["people"])))
              if person.pk not in taken][:24]
    if not people:
        return
    # Registration refuses a past event: the attendees are written as the services would have left them.
    registrations = Registration.objects.bulk_create([
        Registration(event=event, user=person, name=f"{person.first_name} {person.last_name}".strip() or person.username,
                     email=person.email, category=category, status=RegistrationStatus.CONFIRMED, decided_at=now)
        for person in people])
    Ticket.objects.bulk_create([Ticket(registration=registration, code=new_ticket_code())
                                for registration in registrations])
    Event.objects.filter(pk=event.pk).update(confirmed_count=F("confirmed_count") + len(registrations))
    EventAudience.objects.filter(event=event, category=category).update(
        confirmed_count=F("confirmed_count") + len(registrations))
    arrived = event.starts_at + datetime.timedelta(minutes=10)
    check_ins = [CheckIn(registration=registration, event=event, category=category, checked_in_at=arrived)
                 for registration in registrations]
    counts: Counter[int] = Counter({0: len(registrations)})
    for session in sessions:
        room = session.capacity if session.capacity is not None else len(registrations)
        chosen = rng.sample(registrations, min(room, rng.randint(len(registrations) // 2, len(registrations))))
        SessionSeat.objects.bulk_create([SessionSeat(session=session, registration=registration,
                                                     status=RegistrationStatus.CONFIRMED) for registration in chosen])
        Session.objects.filter(pk=session.pk).update(confirmed_count=F("confirmed_count") + len(chosen))
        check_ins += [CheckIn(registration=registration, event=event, session=session, category=category,
                              checked_in_at=session.starts_at) for registration in chosen]
        counts[session.pk] = len(chosen)
    CheckIn.objects.bulk_create(check_ins)
    for key, count in counts.items():
        row, created = AttendanceCount.objects.get_or_create(event=event, session_key=key, category=category,
                                                             defaults={"count": count})
        if not created:
            AttendanceCount.objects.filter(pk=row.pk).update(count=F("count") + count)
    organiser = event.created_by
    if organiser is not None:
        certificates.certificates_issue_all(actor=organiser, event=event)


COLUMNS = ["registration_id", "event_id", "code", "issued_at", "name", "organization_name_ar", "organization_name_en",
           "event_title_ar", "event_title_en", "session_title_ar", "session_title_en", "starts_on", "ends_on", "hours",
           "days", "revoked_reason"]


def _bulk(ctx) -> int:
    """Everyone checked in at a past workshop or training course without a certificate gets one (rows in bulk)."""
    now = timezone.now()
    events = {row["id"]: row for row in Event.objects.filter(
        kind__in=certificates.CERTIFIED_EVENT_KINDS, ends_at__lt=now).values(
        "id", "title_ar", "title_en", "organization__name_ar", "organization__name_en", "starts_at", "ends_at")}
    if not events:
        return 0
    intervals: dict[int, list] = {}
    for event_id, starts_at, ends_at in Session.objects.filter(event_id__in=events).values_list(
            "event_id", "starts_at", "ends_at").iterator():
        intervals.setdefault(event_id, []).append((starts_at, ends_at))
    printed = {}
    for event_id, row in events.items():
        first = timezone.localtime(row["starts_at"]).date()
        last = timezone.localtime(row["ends_at"]).date()
        days = (last - first).days + 1
        hours: decimal.Decimal | None = None
        if event_id in intervals:
            hours = certificates._hours(certificates._span(intervals[event_id]))
        elif days == 1:
            hours = certificates._hours((row["ends_at"] - row["starts_at"]).total_seconds())
        printed[event_id] = (min(row["ends_at"] + datetime.timedelta(days=1), now), row["organization__name_ar"],
                             row["organization__name_en"], row["title_ar"], row["title_en"], "", "", first, last,
                             hours, days, "")
    have = set(AttendanceCertificate.objects.filter(event_id__in=events, session__isnull=True).values_list(
        "registration_id", flat=True))
    # The event's one certificate, whichever place the check-in was (a door check-in, usually).
    attended = (CheckIn.objects.filter(event_id__in=events).values_list("registration_id", "event_id",
                                                                       "registration__name")
                .order_by("registration_id").distinct())
    rows = ((registration_id, event_id, new_certificate_code(), printed[event_id][0], name, *printed[event_id][1:])
            for registration_id, event_id, name in attended.iterator() if registration_id not in have)
    return insert_rows(AttendanceCertificate, COLUMNS, rows)
