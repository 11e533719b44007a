"""Attendance certificates (issue #11, part 5): who gets one, issuing them, revoking them, the PDF.

Which attendance earns a certificate:
- an event of kind workshop or training: one certificate for the event, for anyone checked in at it (at the door
  or into any of its sessions);
- any other event (a forum, a meeting): one certificate per session of kind workshop or training the person was
  checked into (the session's own check-in; the door alone does not certify a workshop held inside a forum).

A certificate is issued lazily (the registrant's first download) or by the organiser for everyone at once; either
way the partial unique constraints keep one per registration and place, so simultaneous requests end with one row.
What it prints is copied onto it on issue, and verification by its code shows exactly that.
"""

import datetime
import decimal
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from musharaka.core import verification
from musharaka.core.errors import Conflict, InvalidInput, NotFound
from musharaka.core.pdf import qr_data_uri
from musharaka.core.permissions import require
from musharaka.core.verification import format_code

from .models import (
    CERTIFICATE_ALPHABET,
    CERTIFICATE_CODE_LENGTH,
    AttendanceCertificate,
    CheckIn,
    Event,
    Kind,
    Registration,
    Session,
    SessionKind,
)

if TYPE_CHECKING:
    from musharaka.accounts.models import User

CERTIFIED_EVENT_KINDS = (Kind.WORKSHOP, Kind.TRAINING)
CERTIFIED_SESSION_KINDS = (SessionKind.WORKSHOP, SessionKind.TRAINING)
REVOKE_REASON_MAX = 500
PAGE_SIZE = 50

# What people may type for a letter Crockford's alphabet leaves out.
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


# ---------------------------------------------------------------- codes


def normalize_code(raw: object) -> str | None:
    """A code as typed, scanned or read from a URL, in its stored form; None when it cannot be one (never raises)."""
    return verification.normalize_code(raw, alphabet=CERTIFICATE_ALPHABET, length=CERTIFICATE_CODE_LENGTH,
                                       look_alikes=_LOOK_ALIKES)


def verify_path(code: str) -> str:
    return reverse("events:certificate_verify_code", args=[format_code(code)])


def verify_url(code: str, base_url: str = "") -> str:
    site = (base_url or getattr(settings, "SITE_URL", "")).rstrip("/")
    return site + verify_path(code)


# ---------------------------------------------------------------- who qualifies


def event_certifies(event: Event) -> bool:
    return event.kind in CERTIFIED_EVENT_KINDS


@dataclass(frozen=True)
class Place:
    """What a certificate is for: the event (session None) or one session."""

    registration_id: int
    event_id: int
    session_id: int | None
    session_title_ar: str = ""
    session_title_en: str = ""


def _places_query(registration_ids, event_ids_certified: set[int]):
    """Check-ins that earn a certificate, as rows (one query)."""
    return (CheckIn.objects.filter(registration_id__in=registration_ids)
            .filter(Q(event_id__in=event_ids_certified) | Q(session__kind__in=CERTIFIED_SESSION_KINDS))
            .values("registration_id", "event_id", "session_id", "session__title_ar", "session__title_en")
            .order_by("registration_id", "session__starts_at", "session_id"))


def places_for(registrations) -> dict[int, list[Place]]:
    """registration id → the places it has earned a certificate for (one query for any number of registrations)."""
    registrations = list(registrations)
    if not registrations:
        return {}
    certified = {r.event_id for r in registrations if r.event.kind in CERTIFIED_EVENT_KINDS}
    found: dict[int, list[Place]] = {}
    for row in _places_query([r.pk for r in registrations], certified):
        places = found.setdefault(row["registration_id"], [])
        if row["event_id"] in certified:
            if not places:  # the event's one certificate, whichever place the check-in was
                places.append(Place(row["registration_id"], row["event_id"], None))
        else:
            places.append(Place(row["registration_id"], row["event_id"], row["session_id"],
                                row["session__title_ar"], row["session__title_en"]))
    return found


def qualifies(registration: Registration, session: Session | None) -> bool:
    event = registration.event
    if session is None:
        return event_certifies(event) and CheckIn.objects.filter(registration=registration).exists()
    return (not event_certifies(event) and session.event_id == event.pk and session.kind in CERTIFIED_SESSION_KINDS
            and CheckIn.objects.filter(registration=registration, session=session).exists())


# ---------------------------------------------------------------- what is printed


def _local_date(value: datetime.datetime) -> datetime.date:
    return timezone.localtime(value).date()


def _hours(seconds: float) -> decimal.Decimal:
    # To the half hour, as certificates state it.
    return (decimal.Decimal(seconds) / 1800).quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP) / 2


def _span(intervals: list[tuple[datetime.datetime, datetime.datetime]]) -> float:
    """Seconds covered by the intervals (parallel tracks counted once)."""
    total, end = 0.0, None
    for start, stop in sorted(intervals):
        if end is not None and start < end:
            start = end
        if stop > start:
            total += (stop - start).total_seconds()
        end = stop if end is None else max(end, stop)
    return total


def event_duration(event: Event) -> tuple[decimal.Decimal | None, int]:
    """Hours (None when they cannot be told: several days without an agenda) and days of an event."""
    first, last = _local_date(event.starts_at), _local_date(event.ends_at)
    days = (last - first).days + 1
    intervals = list(Session.objects.filter(event=event).values_list("starts_at", "ends_at"))
    if intervals:
        return _hours(_span(intervals)), days
    if days == 1:
        return _hours((event.ends_at - event.starts_at).total_seconds()), 1
    return None, days


def printed_fields(event: Event, session: Session | None, duration=None) -> dict:
    """The frozen copy of what a certificate shows (all but the person's name)."""
    organization = event.organization
    fields = {"event": event, "session": session, "organization_name_ar": organization.name_ar,
              "organization_name_en": organization.name_en, "event_title_ar": event.title_ar,
              "event_title_en": event.title_en}
    if session is None:
        hours, days = duration or event_duration(event)
        return {**fields, "starts_on": _local_date(event.starts_at), "ends_on": _local_date(event.ends_at),
                "hours": hours, "days": days}
    return {**fields, "session_title_ar": session.title_ar, "session_title_en": session.title_en,
            "starts_on": _local_date(session.starts_at), "ends_on": _local_date(session.ends_at),
            "hours": _hours((session.ends_at - session.starts_at).total_seconds()),
            "days": (_local_date(session.ends_at) - _local_date(session.starts_at)).days + 1}


# ---------------------------------------------------------------- services


def _may_see(actor: "User", registration: Registration) -> bool:
    from musharaka.core.permissions import can

    return (registration.user_id is not None and registration.user_id == actor.pk) or can(
        actor, "events.manage_certificates", registration.event)


def _existing(registration: Registration, session: Session | None) -> AttendanceCertificate | None:
    return AttendanceCertificate.objects.filter(registration=registration, session=session).first()


def certificate_issue(*, actor: "User | None", registration: Registration, session: Session | None = None,
                      holds_ticket_link: bool = False) -> AttendanceCertificate:
    """The registration's certificate for the event or the session, issued on first ask. Safe under concurrency:
    whoever loses the insert race (the unique constraint) reads the winner's row.

    `holds_ticket_link`: the caller opened the registration's signed ticket link (a visitor without an account),
    which proves as much as being its registrant; `actor` is then None."""
    if not holds_ticket_link and (actor is None or not _may_see(actor, registration)):
        raise NotFound()
    existing = _existing(registration, session)
    if existing is not None:
        return existing
    if not qualifies(registration, session):
        raise InvalidInput(_("No certificate: the attendance was not recorded at a workshop or training course."),
                           code="not_eligible")
    fields = printed_fields(registration.event, session)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return AttendanceCertificate.objects.create(registration=registration, name=registration.name,
                                                            issued_at=timezone.now(), issued_by=actor, **fields)
        except IntegrityError:
            existing = _existing(registration, session)
            if existing is not None:
                return existing
            # else a code drawn twice (80 bits: practically never): draw again
    raise IntegrityError("certificate code collisions")


def certificates_issue_all(*, actor: "User", event: Event) -> int:
    """The organiser issues the certificates of everyone checked in who has none yet; returns how many were new.
    Rows are written in bulk; a conflict with a download at the same moment keeps the downloaded one."""
    require(actor, "events.manage_certificates", event)
    certified = event_certifies(event)
    checkins = CheckIn.objects.filter(event=event)
    if not certified:
        checkins = checkins.filter(session__kind__in=CERTIFIED_SESSION_KINDS)
    pairs = set()
    for registration_id, session_id in checkins.values_list("registration_id", "session_id"):
        pairs.add((registration_id, None if certified else session_id))
    have = set(AttendanceCertificate.objects.filter(event=event).values_list("registration_id", "session_id"))
    missing = sorted(pairs - have, key=lambda pair: (pair[0], pair[1] or 0))
    if not missing:
        return 0
    names = dict(Registration.objects.filter(pk__in={pair[0] for pair in missing}).values_list("pk", "name"))
    sessions = {session.pk: session for session in Session.objects.filter(
        pk__in={pair[1] for pair in missing if pair[1]})}
    duration = event_duration(event) if certified else None
    printed = {key: printed_fields(event, sessions.get(key) if key else None, duration)
               for key in {pair[1] for pair in missing}}
    now = timezone.now()
    rows = [AttendanceCertificate(registration_id=registration_id, name=names[registration_id], issued_at=now,
                                  issued_by=actor, **printed[session_id])
            for registration_id, session_id in missing]
    before = AttendanceCertificate.objects.filter(event=event).count()
    AttendanceCertificate.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return AttendanceCertificate.objects.filter(event=event).count() - before


def certificate_revoke(*, actor: "User", certificate: AttendanceCertificate, reason: str) -> AttendanceCertificate:
    """The organiser withdraws a certificate (issued in error, say): verification says so from then on."""
    require(actor, "events.manage_certificates", certificate.event)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give the reason for revoking the certificate."), code="reason_required", field="reason")
    if len(reason) > REVOKE_REASON_MAX:
        raise InvalidInput(_("Ensure this value has at most %(limit)d characters.") % {"limit": REVOKE_REASON_MAX},
                           code="too_long", field="reason")
    with transaction.atomic():
        certificate = AttendanceCertificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.is_revoked:
            raise Conflict(_("This certificate is already revoked."), code="already_revoked")
        certificate.revoked_at = timezone.now()
        certificate.revoked_reason = reason
        certificate.revoked_by = actor
        certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    return certificate


# ---------------------------------------------------------------- selectors


def certificate_by_code(raw: object) -> AttendanceCertificate | None:
    code = normalize_code(raw)
    if code is None:
        return None
    return AttendanceCertificate.objects.filter(code=code).first()


def event_certificates_page(event: Event, page_number):
    """The organiser's list: rows, newest first, paginated (two queries: the count and the page)."""
    rows = AttendanceCertificate.objects.filter(event=event).order_by("-id").values(
        "id", "code", "name", "registration_id", "session_id", "session_title_ar", "session_title_en", "issued_at",
        "hours", "days", "revoked_at", "revoked_reason")
    return Paginator(rows, PAGE_SIZE).get_page(page_number)


def public_fields(certificate: AttendanceCertificate) -> dict:
    """What verification shows: only what the certificate prints, plus whether it was revoked."""
    return {
        "code": format_code(certificate.code), "name": certificate.name,
        "event_title_ar": certificate.event_title_ar, "event_title_en": certificate.event_title_en,
        "session_title_ar": certificate.session_title_ar, "session_title_en": certificate.session_title_en,
        "organization_name_ar": certificate.organization_name_ar,
        "organization_name_en": certificate.organization_name_en,
        "starts_on": certificate.starts_on, "ends_on": certificate.ends_on,
        "hours": float(certificate.hours) if certificate.hours is not None else None, "days": certificate.days,
        "issued_on": timezone.localtime(certificate.issued_at).date(),
        "revoked": certificate.is_revoked,
        "revoked_on": timezone.localtime(certificate.revoked_at).date() if certificate.revoked_at else None,
    }


# ---------------------------------------------------------------- the PDF


def certificate_html(certificate: AttendanceCertificate, *, language: str, base_url: str = "") -> str:

    url = verify_url(certificate.code, base_url)
    with translation.override(language):
        return render_to_string("events/certificate_pdf.html", {
            "certificate": certificate, "code": format_code(certificate.code), "verify_url": url,
            "qr_data_uri": qr_data_uri(url),
            "language": language, "rtl": language.startswith("ar"),
        })


def certificate_pdf(certificate: AttendanceCertificate, *, language: str = "ar", base_url: str = "") -> bytes:
    """A4 landscape; Arabic shaped right to left by Pango (Amiri, Noto Naskh Arabic); the QR names the public
    verification URL. Takes a second or so: one per request."""
    from musharaka.core.pdf import html_to_pdf

    # The template embeds its one image as a data: URI; nothing else may be fetched (no file, no network).
    return html_to_pdf(certificate_html(certificate, language=language, base_url=base_url), base_url=base_url)


def pdf_filename(certificate: AttendanceCertificate) -> str:
    return f"certificate-{format_code(certificate.code)}.pdf"
