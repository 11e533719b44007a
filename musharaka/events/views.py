"""Pages of events: the list, an event, its agenda and speakers, registration, and the organisers' pages.

Views read through the selectors, write through the services and ask `can`/`require`; a domain
error becomes a message or a form error, never a 500.
"""

import csv
from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from musharaka.core.errors import DomainError, NotPermitted
from musharaka.core.files import is_named_in_url, protected_file_response
from musharaka.core.history import history_versions
from musharaka.core.permissions import can, is_platform_admin, require
from musharaka.orgs.models import Organization, Role
from musharaka.orgs.roles import roles_of
from musharaka.taxonomy.models import Axis

from . import fragments, questions, selectors, services
from .forms import DecisionForm, EventFilterForm, EventForm, RegistrationForm, SessionForm, SpeakerForm
from .models import (
    AUDIENCE_CHOICES,
    LIVE_STATUSES,
    SEAT_STATUSES,
    Event,
    Kind,
    Registration,
    RegistrationStatus,
    Session,
    SessionKind,
    SessionSeat,
    Speaker,
)

PAGE_SIZE = 20
AUDIENCE_NAMES = dict(AUDIENCE_CHOICES)


def _visible_or_404(user, event_id: int, shape=None) -> Event:
    """The event if this person may see it (404 otherwise); `shape` adds select/prefetch to the visible ones."""
    queryset = selectors.visible_events(user)
    if shape is not None:
        queryset = shape(queryset)
    try:
        return queryset.get(pk=event_id)
    except Event.DoesNotExist:
        raise Http404 from None


def _managed(request, event_id: int) -> Event:
    """An event the person may manage: 404 when they may not even see it, 403 when they may only see it."""
    event = _visible_or_404(request.user, event_id, lambda events: events.select_related("organization", "region"))
    require(request.user, "events.change_event", event)
    return event


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def _editable_organizations(user):
    if is_platform_admin(user):
        return Organization.objects.order_by("name_ar")
    ids = [pk for pk, role in roles_of(user).by_organization.items() if role in (Role.ADMIN, Role.EDITOR)]
    return Organization.objects.filter(pk__in=ids).order_by("name_ar")


# ---------------------------------------------------------------- public pages


@require_safe
def event_list(request):
    form = EventFilterForm(request.GET or None)
    values = form.values()
    filters = selectors.EventFilters(**values)
    found = history_versions(*fragments.LIST)
    # Counted without the rows' joins (over an index alone: 23 → 0.2 ms), then kept until an event changes;
    # the querysets are built only when something is not in the cache.
    count, listing = fragments.event_count(
        request.user, filters, lambda: selectors.filtered_events(request.user, filters), found=found,
        upcoming=lambda: selectors.filtered_events(request.user, replace(filters, when="upcoming")),
    )
    page_obj = Paginator(range(count), PAGE_SIZE).get_page(request.GET.get("page"))
    start = (page_obj.number - 1) * PAGE_SIZE
    rows = fragments.list_rows(listing, page_obj.number, filters, lambda: list(
        selectors.event_card_rows(selectors.filtered_events(request.user, filters))[start:start + PAGE_SIZE]))
    page_obj.object_list = rows  # type: ignore[assignment]  # positions → their rows
    kind_names = dict(Kind.choices)
    context = {
        "form": form, "page_obj": page_obj, "rows": rows, "filters": filters,
        # Rendered once per state of each event; the axes are read for the cards not in the cache.
        "cards": fragments.event_cards(rows, kind_names=kind_names, axes_version=found[Axis],
                                       complete=selectors.with_axes),
        "kinds": Kind.choices, "kind_names": kind_names,
        **fragments.filter_choices(found, cities_of=filters.region),  # regions, cities, axes
        "can_add": can(request.user, "events.add_event"),
    }
    return render(request, "events/list.html", context)


@require_safe
def event_detail(request, event_id: int):
    event = _visible_or_404(request.user, event_id, selectors.shape_event_detail)
    context = {
        "event": event,
        "kind_names": dict(Kind.choices),
        "audience_names": AUDIENCE_NAMES,
        "mine": selectors.live_registration(request.user, event),
        "can_manage": can(request.user, "events.change_event", event),
        "open": event.is_published and event.registration_open and event.ends_at >= timezone.now(),
    }
    from musharaka.partnerships.event_agreements import event_agreements_context

    from .media import event_media_summary  # development media: news, photos

    context.update(event_media_summary(event))
    context.update(event_agreements_context(event, request.user))  # the agreements signed at it (partnerships)
    return render(request, "events/detail.html", context)


# The fields the rule on seeing an event reads (events.view_event), for the file views.
EVENT_RULE_FIELDS = ("pk", "is_published", "organization_id", "region_id")


@require_safe
def event_cover(request, event_id: int, filename: str):
    """An event's cover, to whoever may see the event: 404 to anyone else (an unpublished event's too).

    Covers live in the private storage whatever the event's state and are always served here, as the
    initiatives' are (core.files.protected_file_response): a published event's with caching headers, an
    unpublished one's with `no-store`; the URL names the file, so an earlier cover's address answers 404.
    """
    event = Event.objects.filter(pk=event_id).only(*EVENT_RULE_FIELDS, "cover_image").first()
    return _protected_image(request.user, event, event.cover_image if event else None, filename)


def _protected_image(user, event: Event | None, file, filename: str):
    # A published event's file is decided without the person's roles (events.view_event tests publication first).
    if event is None or not is_named_in_url(file, filename) or not can(user, "events.view_event", event):
        raise Http404
    return protected_file_response(file, published=event.is_published)


@require_safe
def event_agenda(request, event_id: int):
    event = _visible_or_404(request.user, event_id, fragments.with_agenda_version)
    mine = selectors.live_registration(request.user, event)
    parts = fragments.agenda_parts(event, selectors.agenda)  # rendered once per state of the sessions and speakers
    context = {"event": event, "agenda_parts": parts, "seats": fragments.agenda_seats(event, parts),
               "can_manage": can(request.user, "events.change_event", event),
               "can_book": mine is not None and mine.status in SEAT_STATUSES,
               "my_seats": selectors.my_session_seats(mine) if mine is not None else {},
               "feedback_open": questions.feedback_open(event)}
    return render(request, "events/agenda.html", context)


@login_required
@require_POST
def session_book(request, event_id: int, session_id: int):
    """A seat in a session with its own capacity (a workshop), for someone with a seat at the event."""
    event = _visible_or_404(request.user, event_id)
    session = get_object_or_404(Session, pk=session_id, event=event)
    registration = selectors.live_registration(request.user, event)
    if registration is None:
        messages.error(request, _("Register for the event first."))
        return redirect("events:agenda", event.pk)
    try:
        seat = services.session_seat_take(actor=request.user, registration=registration, session=session)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your seat in the session is booked.") if seat.status == RegistrationStatus.CONFIRMED
                         else _("The session is full: you are on its waiting list."))
    return redirect("events:agenda", event.pk)


@login_required
@require_POST
def session_unbook(request, event_id: int, session_id: int):
    event = _visible_or_404(request.user, event_id)
    seat = SessionSeat.objects.filter(session_id=session_id, session__event=event, registration__user=request.user,
                                      status__in=LIVE_STATUSES).select_related("session", "registration").first()
    if seat is None:
        raise Http404
    services.session_seat_cancel(actor=request.user, seat=seat)
    messages.success(request, _("Your seat in the session was released."))
    return redirect("events:agenda", event.pk)


@require_safe
def speaker_list(request, event_id: int):
    event = _visible_or_404(request.user, event_id)
    return render(request, "events/speakers.html", {"event": event, "speakers": selectors.speakers(event)})


@require_safe
def speaker_detail(request, event_id: int, speaker_id: int):
    event = _visible_or_404(request.user, event_id)
    speaker = get_object_or_404(Speaker, pk=speaker_id, event=event)
    context = {"event": event, "speaker": speaker, "appearances": selectors.speaker_sessions(speaker),
               "session_kinds": dict(SessionKind.choices)}
    return render(request, "events/speaker.html", context)


@require_safe
def speaker_photo(request, event_id: int, speaker_id: int, filename: str):
    """A speaker's photo, under the rule of the speaker's event (as the cover)."""
    speaker = (Speaker.objects.filter(pk=speaker_id, event_id=event_id).select_related("event")
               .only("photo", "event_id", *(f"event__{name}" for name in EVENT_RULE_FIELDS[1:])).first())
    return _protected_image(request.user, speaker.event if speaker else None, speaker.photo if speaker else None,
                            filename)


# ---------------------------------------------------------------- registration


def register(request, event_id: int):
    event = _visible_or_404(request.user, event_id, lambda events: events.prefetch_related("audiences"))
    signed_in = request.user.is_authenticated
    form = RegistrationForm(request.POST or None, event=event, signed_in=signed_in)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                actor=request.user if signed_in else None, event=event, category=data["category"],
                name=data.get("name", ""), email=data.get("email", ""), phone=data.get("phone", ""),
                language=get_language(), base_url=request.build_absolute_uri("/"),
            )
        except NotPermitted:
            raise  # an unpublished event takes no registration: 403, as in the API
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _status_message(registration))
            return redirect("events:my_registrations") if signed_in else redirect("events:detail", event.pk)
    return render(request, "events/register.html", {"event": event, "form": form,
                                                    "audience_rows": event.audiences.all(),
                                                    "audience_names": AUDIENCE_NAMES})


def _status_message(registration: Registration) -> str:
    messages_by_status: dict[str, str] = {
        RegistrationStatus.UNVERIFIED: _("Check your e-mail: follow the link we sent to confirm your registration."),
        RegistrationStatus.PENDING: _("Your seat is held; the organiser will confirm your registration."),
        RegistrationStatus.CONFIRMED: _("You are registered. See you there."),
        RegistrationStatus.WAITING: _("The event is full: you are on the waiting list and will get the first free seat."),
    }
    return messages_by_status.get(registration.status, _("Your registration was recorded."))


@require_safe
def registration_confirm(request, token: str):
    try:
        registration = services.registration_confirm_email(token=token)
    except DomainError as error:
        return render(request, "events/link_problem.html", {"message": error.message}, status=400)
    messages.success(request, _status_message(registration))
    return render(request, "events/confirmed.html", {
        "registration": registration, "event": registration.event,
        "cancel_token": services.cancellation_token(registration)})


def registration_cancel_by_link(request, token: str):
    """A visitor without an account cancels through the link of their confirmation page."""
    try:
        registration = services.registration_from_cancel_token(token=token)
    except DomainError as error:
        return render(request, "events/link_problem.html", {"message": error.message}, status=400)
    if request.method == "POST":
        try:
            services.registration_cancel(actor=None, registration=registration, by_token=True)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your registration was cancelled."))
        return redirect("events:detail", registration.event_id)
    return render(request, "events/cancel.html", {"registration": registration, "event": registration.event})


@login_required
@require_safe
def my_registrations(request):
    from .certificates import places_for

    page_obj = Paginator(selectors.my_registrations(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/my_registrations.html", {"page_obj": page_obj, "audience_names": AUDIENCE_NAMES,
                                                            "certificate_places": places_for(page_obj.object_list)})


@login_required
@require_POST
def registration_cancel(request, event_id: int, registration_id: int):
    registration = get_object_or_404(Registration, pk=registration_id, event_id=event_id, user=request.user)
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your registration was cancelled."))
    return redirect("events:my_registrations")


# ---------------------------------------------------------------- organisers' pages


def _save_event(request, form, event=None):
    data = form.cleaned_data
    organization = data["organization"] if event is None else event.organization
    series = None
    if data.get("series_name"):
        series = services.series_get_or_create(actor=request.user, organization=organization,
                                               name_ar=data["series_name"])
    service_data = {**form.service_data(), "series": series}
    related = {"axes": list(data.get("axes") or []), "co_organizers": data["co_organizer_list"],
               "sponsors": data["sponsor_list"], "audiences": data["audience_list"], "guests": data["guest_list"]}
    if event is None:
        return services.event_create(actor=request.user, organization=organization, data=service_data, **related)
    return services.event_update(actor=request.user, event=event, data=service_data, **related)


@login_required
def event_create(request):
    require(request.user, "events.add_event")
    organizations = _editable_organizations(request.user)
    form = EventForm(request.POST or None, request.FILES or None, organizations=organizations,
                     initial={"audience_public": True, "registration_open": True})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                event = _save_event(request, form)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The event was created. Add its speakers and sessions."))
            return redirect("events:manage_sessions", event.pk)
    return render(request, "events/form.html", {"form": form, "event": None})


@login_required
def event_edit(request, event_id: int):
    event = _managed(request, event_id)
    organizations = Organization.objects.filter(pk=event.organization_id)
    form = EventForm(request.POST or None, request.FILES or None, organizations=organizations,
                     initial=EventForm.initial_for(event), cover_url=event.cover_url)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                _save_event(request, form, event)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The event was saved."))
            return redirect("events:detail", event.pk)
    return render(request, "events/form.html", {"form": form, "event": event})


@login_required
def manage_sessions(request, event_id: int):
    event = _managed(request, event_id)
    form = SessionForm(request.POST or None, event=event, initial={"starts_at": event.starts_at,
                                                                    "ends_at": event.starts_at})
    if request.method == "POST" and form.is_valid():
        try:
            services.session_create(actor=request.user, event=event, data=form.service_data(),
                                    speakers=form.cleaned_data["speakers"], moderators=form.cleaned_data["moderators"])
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The session was added."))
            return redirect("events:manage_sessions", event.pk)
    return render(request, "events/manage_sessions.html", {
        "event": event, "form": form, "days": selectors.agenda(event), "session_kinds": dict(SessionKind.choices)})


@login_required
def session_edit(request, event_id: int, session_id: int):
    event = _managed(request, event_id)
    session = get_object_or_404(Session.objects.prefetch_related("appearances"), pk=session_id, event=event)
    if request.method == "POST" and request.POST.get("delete"):
        services.session_delete(actor=request.user, session=session)
        messages.success(request, _("The session was deleted."))
        return redirect("events:manage_sessions", event.pk)
    form = SessionForm(request.POST or None, instance=session, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=request.user, session=session, data=form.service_data(),
                                    speakers=form.cleaned_data["speakers"], moderators=form.cleaned_data["moderators"])
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("events:manage_sessions", event.pk)
    return render(request, "events/session_form.html", {"event": event, "form": form, "session": session})


@login_required
def manage_speakers(request, event_id: int):
    event = _managed(request, event_id)
    form = SpeakerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.speaker_create(actor=request.user, event=event, data=form.service_data())
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The speaker was added."))
            return redirect("events:manage_speakers", event.pk)
    return render(request, "events/manage_speakers.html", {"event": event, "form": form,
                                                           "speakers": selectors.speakers(event)})


@login_required
def speaker_edit(request, event_id: int, speaker_id: int):
    event = _managed(request, event_id)
    speaker = get_object_or_404(Speaker, pk=speaker_id, event=event)
    form = SpeakerForm(request.POST or None, request.FILES or None, instance=speaker)
    if request.method == "POST" and form.is_valid():
        try:
            services.speaker_update(actor=request.user, speaker=speaker, data=form.service_data())
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The speaker was saved."))
            return redirect("events:manage_speakers", event.pk)
    return render(request, "events/speaker_form.html", {"event": event, "form": form, "speaker": speaker})


@login_required
@require_safe
def manage_registrations(request, event_id: int):
    event = _managed(request, event_id)
    require(request.user, "events.manage_registrations", event)
    status = request.GET.get("status", "")
    status = status if status in RegistrationStatus.values else ""
    page_obj = Paginator(selectors.event_registrations(event, status=status), 50).get_page(request.GET.get("page"))
    return render(request, "events/manage_registrations.html", {
        "event": event, "page_obj": page_obj, "status": status, "statuses": RegistrationStatus.choices,
        "audience_names": AUDIENCE_NAMES, "audiences": event.audiences.all()})


@login_required
@require_POST
def registration_decide(request, event_id: int, registration_id: int, action: str):
    event = _managed(request, event_id)
    registration = get_object_or_404(Registration, pk=registration_id, event=event)
    form = DecisionForm({"action": action})
    if not form.is_valid():
        raise Http404
    try:
        services.registration_decide(actor=request.user, registration=registration, approve=action == "approve")
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The registration was approved.") if action == "approve"
                         else _("The registration was declined."))
    return redirect("events:manage_registrations", event.pk)


@login_required
@require_safe
def registrations_csv(request, event_id: int):
    event = _managed(request, event_id)
    require(request.user, "events.manage_registrations", event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-registrations.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 Arabic only with the BOM
    writer = csv.writer(response)
    writer.writerow([_("number"), _("name"), _("e-mail"), _("phone"), _("audience"), _("status"), _("registered")])
    statuses = dict(RegistrationStatus.choices)
    for row in selectors.event_registrations(event).values_list("pk", "name", "email", "phone", "category", "status",
                                                                "created_at"):
        writer.writerow([row[0], *(_csv_safe(value) for value in row[1:4]), AUDIENCE_NAMES.get(row[4], row[4]),
                         statuses.get(row[5], row[5]), timezone.localtime(row[6]).strftime("%Y-%m-%d %H:%M")])
    return response


def _csv_safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula starts with an apostrophe instead."""
    return "'" + value if value and value[0] in "=+-@\t\r" else value


# ---------------------------------------------------------------- tickets, check-in, attendance, feeds (part 4)


def _ticket_page(request, registration: Registration, ticket_token: str = ""):
    from markupsafe import Markup

    from . import checkin
    from .certificates import places_for

    ticket = checkin.ticket_issue(registration)
    # The page is shown only to whoever may see the ticket (its registrant, the organiser's staff, the holder of
    # its signed link), who may download its certificates too; from the link, through the link's own URLs.
    certificate_places = places_for([registration]).get(registration.pk, [])
    return render(request, "events/ticket.html", {
        "certificate_places": certificate_places, "ticket_token": ticket_token,
        "registration": registration, "event": registration.event, "ticket": ticket,
        "admits": registration.status == RegistrationStatus.CONFIRMED,
        "audience_names": AUDIENCE_NAMES,
        # segno writes the SVG; its only input is our own random code (URL-safe characters).
        "qr_svg": Markup(checkin.qr_svg(ticket.code)),  # noqa: S704
    })


@login_required
@require_safe
def ticket(request, event_id: int, registration_id: int):
    """The registrant's ticket (and the organiser's staff's view of it); anyone else gets a 404."""
    registration = get_object_or_404(Registration.objects.select_related("event", "event__city"),
                                     pk=registration_id, event_id=event_id)
    if registration.user_id != request.user.pk and not can(request.user, "events.check_in", registration.event):
        raise Http404
    return _ticket_page(request, registration)


@require_safe
def ticket_by_link(request, token: str):
    """The ticket from the e-mailed link (a visitor without an account); a link not signed by us is a 404."""
    from musharaka.core.errors import NotFound

    from . import checkin

    try:
        registration = checkin.registration_from_ticket_token(token)
    except NotFound:
        raise Http404 from None
    return _ticket_page(request, registration, ticket_token=token)


def _staffed(request, event_id: int) -> Event:
    event = _visible_or_404(request.user, event_id, lambda events: events.select_related("organization"))
    require(request.user, "events.check_in", event)
    return event


@login_required
def check_in_page(request, event_id: int):
    """Phone-sized: scan the QR with the camera (BarcodeDetector where the browser has it) or type the code. A POST
    checks in and redirects back (the answer rides in the session), so a reload never scans twice."""
    from django.http import HttpResponseNotAllowed
    from django.urls import reverse

    from . import checkin

    event = _staffed(request, event_id)
    sessions = list(event.sessions.order_by("starts_at", "pk").values("id", "title_ar", "title_en", "starts_at"))
    session_id = request.POST.get("session") or request.GET.get("session") or ""
    session = None
    if session_id.isdigit():
        session = Session.objects.filter(event=event, pk=int(session_id)).first()
    result: checkin.CheckInResult | None = None
    if request.method == "POST":
        try:
            result = checkin.check_in(actor=request.user, event=event, code=request.POST.get("code", ""),
                                      session=session)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            request.session["events_check_in"] = {"event": event.pk, "outcome": result.outcome,
                                                  "registration": getattr(result.registration, "pk", None),
                                                  "at": result.checked_in_at.isoformat() if result.checked_in_at
                                                  else None}
        target = reverse("events:check_in", args=[event.pk])
        return redirect(f"{target}?session={session.pk}" if session is not None else target)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    result = None
    answer = request.session.pop("events_check_in", None)
    if answer and answer.get("event") == event.pk:
        import datetime

        registration = (Registration.objects.filter(pk=answer["registration"], event=event).first()
                        if answer.get("registration") else None)
        result = checkin.CheckInResult(answer["outcome"], registration,
                                       datetime.datetime.fromisoformat(answer["at"]) if answer.get("at") else None)
    return render(request, "events/check_in.html", {
        "event": event, "sessions": sessions, "session": session, "result": result,
        "audience_names": AUDIENCE_NAMES})


@login_required
@require_safe
def attendance_page(request, event_id: int):
    from . import checkin

    event = _staffed(request, event_id)
    return render(request, "events/attendance.html", {
        "event": event, "attendance": checkin.attendance(event), "audience_names": AUDIENCE_NAMES,
        "audiences": list(event.audiences.values_list("category", flat=True)), "tab": "attendance"})


def _cached_calendar(request, body: bytes, filename: str):
    """Calendar apps poll: a public cache lifetime and an ETag answered by 304 when nothing changed."""
    import hashlib

    from django.utils.cache import get_conditional_response
    from django.utils.http import quote_etag

    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    response = get_conditional_response(request, etag=etag) or HttpResponse(body,
                                                                             content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=900"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def event_calendar(request, event_id: int):
    from . import checkin

    event = get_object_or_404(Event.objects.select_related("city"), pk=event_id, is_published=True)
    return _cached_calendar(request, checkin.event_calendar(event, base_url=request.build_absolute_uri("/")),
                            f"event-{event.pk}.ics")


ORG_CALENDAR_SIZE = 500


@require_safe
def organization_calendar(request, organization_id: int):
    from musharaka.core.i18n import localized

    from . import checkin

    organization = get_object_or_404(Organization, pk=organization_id)
    events = (Event.objects.filter(organization=organization, is_published=True).select_related("city")
              .order_by("-starts_at", "-pk")[:ORG_CALENDAR_SIZE])
    body = checkin.events_calendar(localized(organization), events, base_url=request.build_absolute_uri("/"))
    return _cached_calendar(request, body, f"organization-{organization.pk}-events.ics")
