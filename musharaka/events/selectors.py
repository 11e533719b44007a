"""Reads of events: visibility, the filtered list (as rows), an event with its people, the agenda."""

from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from musharaka.core import search
from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.roles import roles_of
from musharaka.taxonomy.models import Axis

from .models import LIVE_STATUSES, Event, Registration, Session, SessionSeat, SessionSpeaker, Speaker
from .services import SEARCH_KIND


def visible_events(user) -> QuerySet[Event]:
    """Published events, and the unpublished ones of the person's organisations and regions."""
    events = Event.objects.all()
    if is_platform_admin(user):
        return events
    roles = roles_of(user)
    condition = Q(is_published=True)
    if roles.by_organization:
        condition |= Q(organization_id__in=list(roles.by_organization))
    if roles.coordinated_regions:
        condition |= Q(region_id__in=list(roles.coordinated_regions))
    return events.filter(condition)


@dataclass(frozen=True)
class EventFilters:
    q: str = ""
    kind: str = ""
    region: int | None = None
    city: int | None = None
    axis: str = ""  # taxonomy.Axis code
    when: str = ""  # "upcoming", "past" or "" (all)
    organization: int | None = None


def filtered_events(user, filters: EventFilters) -> QuerySet[Event]:
    events = visible_events(user)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.region:
        events = events.filter(region_id=filters.region)
    if filters.city:
        events = events.filter(city_id=filters.city)
    if filters.organization:
        events = events.filter(organization_id=filters.organization)
    if filters.axis:
        events = events.filter(axes__code=filters.axis)
    now = timezone.now()
    if filters.when == "upcoming":
        events = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    elif filters.when == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    if filters.q:
        events = search.matching(events, kind=SEARCH_KIND, query=filters.q)
    return events


LIST_FIELDS = (
    "id", "title_ar", "title_en", "kind", "edition", "starts_at", "ends_at", "venue", "is_published", "capacity",
    "confirmed_count", "waiting_count", "patron_name", "patron_title", "registration_open",
    "organization_id", "organization__name_ar", "organization__name_en", "organization__sector",
    "region_id", "region__code", "region__name_ar", "region__name_en",
    "city_id", "city__name_ar", "city__name_en",
)


def event_list_rows(rows_queryset: QuerySet[Event]) -> QuerySet:
    """The list's rows as dicts (no model instance per row)."""
    return rows_queryset.values(*LIST_FIELDS)


def event_card_rows(rows_queryset: QuerySet[Event]) -> QuerySet:
    """The list page's rows: with `updated_at`, which keys each card's cache (fragments.event_cards)."""
    return rows_queryset.values(*LIST_FIELDS, "updated_at")


def with_axes(rows: list[dict]) -> list[dict]:
    """Add each row's axis codes and names, one query for the whole page."""
    through = Event.axes.through
    by_event: dict[int, list[dict]] = {row["id"]: [] for row in rows}
    for link in through.objects.filter(event_id__in=list(by_event)).values(
        "event_id", "axis__code", "axis__name_ar", "axis__name_en"
    ).order_by("axis__position", "axis_id"):
        by_event[link["event_id"]].append(
            {"code": link["axis__code"], "name_ar": link["axis__name_ar"], "name_en": link["axis__name_en"]}
        )
    for row in rows:
        row["axes"] = by_event[row["id"]]
        capacity = row["capacity"]
        row["seats_left"] = None if capacity is None else max(0, capacity - row["confirmed_count"])
    return rows


def event_detail_queryset(user) -> QuerySet[Event]:
    return shape_event_detail(visible_events(user))


def shape_event_detail(events: QuerySet[Event]) -> QuerySet[Event]:
    """What the event page and the API's detail read, in a fixed number of queries."""
    return events.select_related("organization", "region", "city", "series").prefetch_related(
        Prefetch("axes", queryset=Axis.objects.order_by("position", "pk")),
        "co_organizers", "sponsors", "guests", "audiences",
    )


def agenda(event: Event) -> list[dict]:
    """Days in order; in each, its tracks side by side (a session without a track is in the "" track)."""
    sessions = (
        Session.objects.filter(event=event)
        .prefetch_related(Prefetch("appearances", queryset=SessionSpeaker.objects.select_related("speaker")))
        .order_by("day", "starts_at", "pk")
    )
    days: OrderedDict = OrderedDict()
    for session in sessions:
        tracks = days.setdefault(session.day, OrderedDict())
        tracks.setdefault(session.track, []).append(session)
    return [{"day": day, "tracks": [{"name": name, "sessions": items} for name, items in tracks.items()]}
            for day, tracks in days.items()]


def speakers(event: Event) -> QuerySet[Speaker]:
    return Speaker.objects.filter(event=event).order_by("name_ar", "pk")


def speaker_sessions(speaker: Speaker) -> QuerySet[SessionSpeaker]:
    return SessionSpeaker.objects.filter(speaker=speaker).select_related("session").order_by("session__starts_at")


def my_registrations(user) -> QuerySet[Registration]:
    return (Registration.objects.filter(user=user).select_related("event", "event__city")
            .order_by("-event__starts_at", "-pk"))


def live_registration(user, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user, status__in=LIVE_STATUSES).first()


def my_session_seats(registration: Registration) -> dict[int, str]:
    """session id → the status of this registration's live seat in it."""
    return dict(SessionSeat.objects.filter(registration=registration, status__in=LIVE_STATUSES)
                .values_list("session_id", "status"))


def event_registrations(event: Event, *, status: str = "") -> QuerySet[Registration]:
    registrations = Registration.objects.filter(event=event)
    if status:
        registrations = registrations.filter(status=status)
    return registrations.order_by("pk")
