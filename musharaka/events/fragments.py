"""Rendered pieces and counts of the events pages, kept in Django's cache (local memory, or Redis in production).

Rendering was most of these pages' time (event list: 20 cards with Hijri dates; agenda: a card per session
built from model instances; tracker: 25 rows), then counting (the tracker's GROUP BY per status over every
published recommendation: 5 ms at scale 100). What is kept, and why it is never stale:

- Versions are the newest rows of history tables (django-simple-history), read in one query of primary-key
  lookups (`versions`) or, for one event's agenda, in the event's own query (`with_agenda_version`). Every
  save and delete of a model with a history writes such a row in its transaction, whoever writes (a
  service, the admin): shared by every process whatever the cache backend, as the initiatives catalogue's
  version is. A version read before a write's commit keys what was read after it at worst: a later
  reader asks under the new version.
- An event's card and a tracker row: keyed by a digest of the row the page reads anyway (texts, counters,
  the organisation's, region's and city's names; for a card its `updated_at`, which moves with every save,
  axes included, and the axes' version for their names), the language and the time zone. A card of an
  unpublished event is looked up only by someone whose own list holds that row.
- The list's count and its pages' rows: per visibility scope and filters under the versions of what they
  show; with "upcoming" or "past" also until the next matching event ends (the only other way the set
  changes); with words searched at most a minute (the search's own candidates, core.search).
- An agenda: per event, language and time zone under the versions of its sessions (their speakers and
  moderators are written with them) and speakers. The seats left (they move with every booking) and what
  depends on who asks (their seat, the booking buttons) are not in it: the cached HTML holds a mark per
  session with a capacity, filled on each request from one small query.
- The tracker's counts per status and its pages' rows: per filter set and event under the versions of
  what they show (an event's publication and region reach its recommendations in the event's
  transaction) and today's date (overdue).
- The filters' regions, cities and axes: under their versions.

Every key names a digest of its templates' source: no markup of the previous templates after a deploy.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import astuple, replace
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.db.models import Min, QuerySet
from django.db.models.expressions import RawSQL
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import get_language
from markupsafe import Markup, escape

from musharaka.core import search
from musharaka.core.history import history_model
from musharaka.core.permissions import is_platform_admin
from musharaka.geo.models import City, Region
from musharaka.orgs.models import Organization
from musharaka.orgs.roles import roles_of
from musharaka.taxonomy.models import Axis

from .models import Event, Recommendation, RecommendationUpdate, Registration, Session, SessionKind, Speaker

KEEP_SECONDS = 24 * 3600  # keys name their content or version: kept as long as memory allows

SEATS_MARK = re.compile(r"<!--seats:(\d+)-->")
# Where a tracker row links to the same filters with its organisation: the filters differ per page, the row not.
BY_ORGANIZATION_MARK = "<!--by-organization-->"


@lru_cache(maxsize=16)
def _templates_digest(*names: str) -> str:
    digest = hashlib.blake2b(digest_size=6)
    for name in names:
        digest.update(Path(get_template(name).template.filename).read_bytes())  # type: ignore[attr-defined]  # Jinja2's
    return digest.hexdigest()


def _prefix(kind: str, *templates: str) -> str:
    return f"events:{kind}:{_templates_digest(*templates)}:{get_language()}:{timezone.get_current_timezone_name()}"


def _digest(value) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=12).hexdigest()


_NOTHING = object()


def kept(key: str, compute: Callable[[], object], seconds: int = 24 * 3600):
    """The value under `key`, computed and kept when missing (None included)."""
    value = cache.get(key, _NOTHING)
    if value is _NOTHING:
        value = compute()
        cache.set(key, value, seconds)
    return value


def _html(text: str) -> Markup:
    return Markup(text)  # noqa: S704 - written by our own templates, which escape what they print


def _rendered(keys: list[str], rows: list[dict], template: str, context: dict,
              complete: Callable[[list[dict]], object] | None = None) -> list[str]:
    """The HTML of each row under its key: from the cache, the missing ones rendered (after `complete(rows)`
    adds what only the rendering needs) and kept."""
    found = cache.get_many(keys)
    missing = [(key, row) for key, row in zip(keys, rows, strict=True) if key not in found]
    if missing:
        if complete is not None:
            complete([row for _key, row in missing])
        page = get_template(template)
        made = {key: page.render({**context, "row": row}) for key, row in missing}
        cache.set_many(made, KEEP_SECONDS)
        found.update(made)
    return [found[key] for key in keys]


# ---------------------------------------------------------------- versions


REFERENCE = (Region, City, Axis)


def filter_choices(found: dict[type, int], *, cities_of: int | None = None) -> dict[str, list[dict]]:
    """The regions, the axes and (with `cities_of`) a region's cities for the filter forms, as dicts with `pk`
    (or `code`), `name_ar` and `name_en`; `found` holds the versions of REFERENCE."""
    key = f"events:choices:{found[Region]}.{found[City]}.{found[Axis]}:{cities_of or ''}"
    return kept(key, lambda: {
        "regions": list(Region.objects.values("pk", "name_ar", "name_en")),
        "axes": list(Axis.objects.values("code", "name_ar", "name_en")),
        "cities": list(City.objects.filter(region_id=cities_of).values("pk", "name_ar", "name_en")) if cities_of else [],
    })


def organization_name(organization_id: int, found: dict[type, int]) -> dict | None:
    """An organisation's names (`pk`, `name_ar`, `name_en`) under the organisations' version in `found`."""
    return kept(f"events:org-name:{found[Organization]}:{organization_id}",
                lambda: Organization.objects.filter(pk=organization_id).values("pk", "name_ar", "name_en").first())


# ---------------------------------------------------------------- event list


CARD_TEMPLATES = ("events/_card.html", "events/_when.html")


def _scope(user) -> str:
    """What decides which events this person sees (selectors.visible_events), as a string."""
    if is_platform_admin(user):
        return "all"
    roles = roles_of(user)
    if not roles.by_organization and not roles.coordinated_regions:
        return "public"
    return f"{sorted(roles.by_organization)}:{sorted(roles.coordinated_regions)}"


# What the list's rows show: the events (texts, capacity, place, publication; their search entries are written
# with them), their seat counters (moved with a registration's save), the organisations' and places' names.
LIST = (Event, Registration, Organization, Region, City, Axis)


def event_count(user, filters, events: Callable[[], QuerySet[Event]], *, found: dict[type, int],
                upcoming: Callable[[], QuerySet[Event]]) -> tuple[int, str]:
    """`events().count()` and the key of this listing, for its pages (list_rows).

    Kept per scope and filters under the events' version. With "upcoming" or "past" the set also changes when
    time passes the end of the next matching event (`upcoming()`: the same filters, upcoming): kept until then.
    """
    key = f"events:count:{found[Event]}:{_digest((_scope(user), astuple(filters)))}"
    cached = cache.get(key)
    if cached is None or (cached[1] is not None and timezone.now() > cached[1]):
        # The next end first, then the count: an event ending in between makes the answer expire at once.
        until = upcoming().aggregate(first=Min("ends_at"))["first"] if filters.when else None
        cached = (events().count(), until)
        cache.set(key, cached, _seconds(filters))
    count, until = cached
    versions_ = ".".join(str(found[model]) for model in LIST)
    return count, f"{versions_}:{until.timestamp() if until else ''}:{key}"


def _seconds(filters) -> int:
    # A search reads candidates that another process's local-memory cache may hold for a minute after a write
    # (core.search): what was counted from them is kept no longer than they are.
    return search.CANDIDATES_CACHE_SECONDS if filters.q else KEEP_SECONDS


def list_rows(listing: str, page: int, filters, rows: Callable[[], list[dict]]) -> list[dict]:
    """A page of the listing (`event_count`'s key): `rows()` kept under the versions of what they show."""
    return kept(f"events:list-rows:{_digest((listing, page))}", rows, _seconds(filters))  # type: ignore[return-value]


def event_cards(rows: list[dict], *, kind_names: dict, axes_version: int,
                complete: Callable[[list[dict]], object]) -> list[Markup]:
    """The card of each row (selectors.event_card_rows), in order; `complete` (selectors.with_axes) runs on the
    rows not in the cache."""
    prefix = f"{_prefix('card', *CARD_TEMPLATES)}:{axes_version}"
    keys = [f"{prefix}:{row['id']}:{_digest(tuple(row.values()))}" for row in rows]
    return [_html(html) for html in _rendered(keys, rows, CARD_TEMPLATES[0], {"kind_names": kind_names}, complete)]


# ---------------------------------------------------------------- agenda


AGENDA_TEMPLATES = ("events/_agenda.html", "events/_session.html")


@lru_cache(maxsize=4)
def _newest_history_sql(model) -> str:
    quote = connection.ops.quote_name
    return (f"SELECT MAX({quote('history_id')}) FROM {quote(history_model(model)._meta.db_table)} "  # noqa: S608
            f"WHERE {quote('event_id')} = {quote(Event._meta.db_table)}.{quote('id')}")


def with_agenda_version(events: QuerySet[Event]) -> QuerySet[Event]:
    """Each event with `sessions_version` and `speakers_version`: its newest session and speaker history rows
    (written as SQL: compiling two subqueries took Django longer than running them)."""
    return events.annotate(sessions_version=RawSQL(_newest_history_sql(Session), ()),  # noqa: S611 - no input
                           speakers_version=RawSQL(_newest_history_sql(Speaker), ()))  # noqa: S611


def agenda_parts(event: Event, days_of: Callable[[Event], list]) -> list[tuple[Markup, int | None]]:
    """The agenda's HTML (the event read through with_agenda_version) as (piece, session id or None) pairs:
    after each piece go the seats of that session (agenda_seats). `days_of(event)` builds the days when the
    agenda is not in the cache (selectors.agenda)."""
    version = f"{event.sessions_version or 0}.{event.speakers_version or 0}"  # type: ignore[attr-defined]
    key = f"{_prefix('agenda', *AGENDA_TEMPLATES)}:{event.pk}:{version}"
    parts = cache.get(key)
    if parts is None:
        html = get_template(AGENDA_TEMPLATES[0]).render({
            "event": event, "days": days_of(event), "session_kinds": dict(SessionKind.choices), "seats_marked": True,
        })
        pieces = SEATS_MARK.split(html)
        parts = [(pieces[i], int(pieces[i + 1]) if i + 1 < len(pieces) else None) for i in range(0, len(pieces), 2)]
        cache.set(key, parts, KEEP_SECONDS)
    return [(_html(piece), session) for piece, session in parts]


def agenda_seats(event: Event, parts: list[tuple[Markup, int | None]]) -> dict[int, dict]:
    """Seats of the sessions marked in the agenda (those with a capacity), read now: one query, none without."""
    ids = [session for _piece, session in parts if session is not None]
    if not ids:
        return {}
    rows = Session.objects.filter(event=event, pk__in=ids).values_list("pk", "capacity", "confirmed_count")
    return {pk: {"pk": pk, "capacity": capacity,
                 "seats_left": None if capacity is None else max(0, capacity - confirmed)}
            for pk, capacity, confirmed in rows}


# ---------------------------------------------------------------- recommendations tracker


ROW_TEMPLATES = ("events/_recommendation_row.html",)
# What the tracker's rows show: the recommendations, their updates (counted on them without a history row), the
# events (title, publication and region, copied onto their recommendations in the event's transaction), the
# responsible organisations' names, the axes' and regions' names.
TRACKER = (Recommendation, RecommendationUpdate, Event, Organization, Region, Axis)


def recommendation_rows(rows: list[dict], *, by_organization: str, with_event: bool, status_names: dict
                        ) -> list[Markup]:
    """The table row of each recommendation (recommendations.tracker_rows), in order; `by_organization` is the
    link to the same filters with an organisation, its id to be appended."""
    prefix = _prefix("rec-row", *ROW_TEMPLATES)
    keys = [f"{prefix}:{int(with_event)}:{row['id']}:{_digest(tuple(row.values()))}" for row in rows]
    context = {"with_event": with_event, "status_names": status_names}
    link = str(escape(by_organization))
    return [_html(html.replace(BY_ORGANIZATION_MARK, link)) for html in _rendered(keys, rows, ROW_TEMPLATES[0], context)]


def tracker_counts(recommendations: Callable[[], QuerySet[Recommendation]], filters,
                   count: Callable[[QuerySet], dict[str, int]], *, found: dict[type, int], event: Event | None = None
                   ) -> tuple[dict[str, int], str]:
    """`count(recommendations())` (per status, the status filter aside), kept per filter set and event under the
    versions of the recommendations and the events and today's date (what is overdue); and the key of this
    listing, for its pages (tracker_page_rows)."""
    today = timezone.localdate()
    scope = _digest((event.pk if event else None, astuple(filters)))
    # The counts do not depend on the status filter: one entry for all of them.
    counts_key = f"events:rec-counts:{found[Recommendation]}.{found[Event]}:{today}:" + _digest(
        (event.pk if event else None, astuple(replace(filters, status=""))))
    counts = kept(counts_key, lambda: count(recommendations()))
    return counts, f"{'.'.join(str(found[model]) for model in TRACKER)}:{today}:{scope}"  # type: ignore[return-value]


def tracker_page_rows(listing: str, page: int, rows: Callable[[], list[dict]]) -> list[dict]:
    """A page of the tracker's listing (tracker_counts' key): `rows()` kept under the versions of what they show."""
    return kept(f"events:rec-rows:{_digest((listing, page))}", rows)  # type: ignore[return-value]
