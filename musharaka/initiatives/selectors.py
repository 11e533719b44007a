"""Reads of initiatives: the catalogue with filters and facet counts, pages, similar initiatives."""

import datetime
import hashlib
from dataclasses import astuple, dataclass, fields, replace
from types import SimpleNamespace
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language

from musharaka.core import search
from musharaka.core.arabic import tokens
from musharaka.core.history import history_versions
from musharaka.core.i18n import localized
from musharaka.core.permissions import is_platform_admin
from musharaka.core.tasks import enqueue_with_transaction
from musharaka.geo.models import City, Region
from musharaka.orgs.models import Organization, Sector
from musharaka.orgs.roles import roles_of
from musharaka.taxonomy.models import SDG, Axis

from . import counts
from .models import (
    PUBLISHED_STATUSES,
    Initiative,
    InitiativeCount,
    InitiativePartner,
    InitiativePlace,
    SimilarInitiatives,
    Status,
    Transition,
)
from .services import SEARCH_KIND

SORTS = {
    "newest": ("-published_at", "-pk"),
    "oldest": ("published_at", "pk"),
    "start": ("-start_date", "-pk"),
    "budget": ("-budget", "-pk"),
    "beneficiaries": ("-actual_beneficiaries", "-planned_beneficiaries", "-pk"),
    "replicated": ("-replication_count", "-pk"),
    "title": ("title_ar", "pk"),
}


@dataclass(frozen=True)
class InitiativeFilters:
    q: str = ""
    region: int | None = None
    city: int | None = None
    axis: int | None = None
    sdg: int | None = None
    sector: str = ""
    status: str = ""
    year: int | None = None
    organization: int | None = None
    success: bool | None = None
    sort: str = ""

    def without(self, name: str) -> "InitiativeFilters":
        changes: dict[str, Any] = {name: None if name not in ("q", "sector", "status", "sort") else ""}
        return replace(self, **changes)

    def is_empty(self) -> bool:
        return all(not getattr(self, f.name) for f in fields(self) if f.name != "sort")


def visibility(user) -> Q:
    """The condition on initiatives this person may see: published ones, plus the unpublished ones of
    their organisations and coordinated regions (everything for a platform admin)."""
    if is_platform_admin(user):
        return Q()
    roles = roles_of(user)
    visible = Q(status__in=PUBLISHED_STATUSES)
    if roles.by_organization:
        visible |= Q(lead_organization_id__in=list(roles.by_organization))
    if roles.coordinated_regions:
        visible |= Q(region_id__in=list(roles.coordinated_regions))
    return visible


def visible_initiatives(user) -> QuerySet[Initiative]:
    """Published initiatives, plus the unpublished ones this person may see."""
    return Initiative.objects.filter(visibility(user))


# The SQL is built from model metadata only; the organisation id is a parameter.
ORGANIZATION_INITIATIVES = (
    f"SELECT id FROM {Initiative._meta.db_table} WHERE lead_organization_id = %s "  # noqa: S608
    f"UNION SELECT initiative_id FROM {InitiativePartner._meta.db_table} WHERE organization_id = %s"
)


def _apply_filters(queryset: QuerySet, filters: InitiativeFilters) -> QuerySet:
    if filters.region:
        queryset = queryset.filter(region_id=filters.region)
    if filters.city:
        queryset = queryset.filter(
            Exists(InitiativePlace.objects.filter(initiative_id=OuterRef("pk"), city_id=filters.city))
        )
    if filters.axis:
        # A join, not EXISTS: the planner can then start from the axis's links (one row per initiative
        # and axis, so no duplicates). With EXISTS, SQLite probed every published initiative: the region
        # facet, counted without the region filter, took 0.8 s instead of 0.09 s.
        queryset = queryset.filter(axes=filters.axis)
    if filters.sdg:
        queryset = queryset.filter(Exists(Initiative.sdgs.through.objects.filter(
            initiative_id=OuterRef("pk"), sdg__number=filters.sdg)))
    if filters.sector:
        queryset = queryset.filter(lead_organization__sector=filters.sector)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.year:
        queryset = queryset.filter(
            start_date__gte=datetime.date(filters.year, 1, 1), start_date__lte=datetime.date(filters.year, 12, 31)
        )
    if filters.organization:
        # One id set (led ∪ partnered, both read through their organisation indexes), not
        # `lead = X OR EXISTS partner`, which no index serves: that walked every published row.
        queryset = queryset.filter(pk__in=RawSQL(ORGANIZATION_INITIATIVES, [filters.organization] * 2))  # noqa: S611
    if filters.success is not None:
        queryset = queryset.filter(is_success_story=filters.success)
    if filters.q:
        queryset = search.matching(queryset, kind=SEARCH_KIND, query=filters.q)
    return queryset


def initiative_list(*, user, filters: InitiativeFilters) -> QuerySet[Initiative]:
    """The catalogue's rows: filtered, searched and sorted (by relevance when searching)."""
    queryset = _apply_filters(visible_initiatives(user), replace(filters, q=""))
    if filters.q and filters.sort in ("", "relevance"):
        queryset = search.search(queryset, kind=SEARCH_KIND, query=filters.q)
    else:
        queryset = search.matching(queryset, kind=SEARCH_KIND, query=filters.q)
        queryset = queryset.order_by(*SORTS.get(filters.sort or "newest", SORTS["newest"]))
    return queryset.select_related("lead_organization", "region")


# ---------------------------------------------------------------- counts and first pages
#
# Facet counts and totals are sums over the count table the services keep (counts.py): published
# initiatives (and, for coordinators, their regions' unpublished ones; for platform admins all) from
# the table, plus this person's own organisations' few unpublished ones counted from their rows. A
# facet the table cannot split (the city facet or filter together with an axis or goal) is counted
# over the initiatives themselves: the city bounds it (the catalogue offers a city only within a
# chosen region). A text query or an organisation is counted over the initiatives too (bounded by
# the search, by the organisation).
#
# The answers and the ids of the first pages are cached per filter set and visibility, keyed by the
# catalogue's version: the newest row of the initiatives' and the organisations' history tables,
# which every create, edit, workflow step and delete (and every change of an organisation's sector)
# writes in its transaction (two primary-key lookups, shared by every process whatever the cache
# backend). After a write the next view sums the table again: a few milliseconds, not a GROUP BY
# over the initiatives.

CACHE_SECONDS = 120
HEAD_ROWS = 400  # ids of the first 20 pages of 20
FACETS = ("region", "axis", "sdg", "sector", "status", "year", "city")


def _catalogue_version() -> str:
    found = history_versions(Initiative, Organization)
    return f"{found[Initiative]}.{found[Organization]}"


def _scope(user) -> str:
    """What decides which initiatives this person sees (visible_initiatives), as a string."""
    if is_platform_admin(user):
        return "all"
    roles = roles_of(user)
    if not roles.by_organization and not roles.coordinated_regions:
        return "public"
    return f"{sorted(roles.by_organization)}:{sorted(roles.coordinated_regions)}"


def _cache_key(kind: str, user, filters: InitiativeFilters, version, *extra) -> str:
    digest = hashlib.sha256(repr((_scope(user), astuple(filters), extra)).encode()).hexdigest()[:32]
    return f"initiatives:{kind}:{version}:{digest}"


def _filter_value(filters: InitiativeFilters, name: str):
    return filters.success if name == "success" else getattr(filters, name) or None


def _counted_from_table(filters: InitiativeFilters) -> bool:
    return not filters.q and not filters.organization


def _cells_condition(filters: InitiativeFilters, facet: str | None, visible: "_Visible") -> dict | None:
    """The count table's rows that count `facet` (None: the total) under `filters` but its own, or None
    when no grain of the table splits by every multi-valued dimension involved."""
    others = {name for name in (*counts.MULTI, *counts.SINGLE)
              if name != facet and _filter_value(filters, name) is not None}
    condition: dict[str, Any]
    margin = counts.MARGINS.get(facet or "status")
    if margin and others <= {"status"} and not visible.regions:  # a coordinator's view needs the region
        condition = {"grain": margin}
        if "status" in others:
            condition["status"] = filters.status
        return condition
    involved = {name for name in counts.MULTI if name != facet and _filter_value(filters, name) is not None}
    if facet in counts.MULTI:
        involved.add(facet)
    grain = counts.GRAINS.get(frozenset(involved))
    if grain is None:
        return None
    # The dimensions the grain does not split by are 0 there: said, so the cell index's prefix serves.
    condition = {"grain": grain, **{name: 0 for name in counts.MULTI if name not in involved}}
    for name in (*counts.MULTI, *counts.SINGLE):
        value = _filter_value(filters, name)
        if name != facet and value is not None:
            condition[name] = value
    return condition


class _Visible:
    """Who sees what, split between the count table and this person's own unpublished rows."""

    def __init__(self, user):
        self.admin = is_platform_admin(user)
        roles = None if self.admin else roles_of(user)
        self.regions = sorted(roles.coordinated_regions) if roles else []
        self.organizations = sorted(roles.by_organization) if roles else []
        self._own: list | None = None

    def table_q(self) -> Q:
        if self.admin:
            return Q()
        visible = Q(status__in=PUBLISHED_STATUSES)
        if self.regions:
            visible |= Q(region__in=self.regions)
        return visible

    def own_cells(self) -> list:
        """The cells of unpublished initiatives of this person's organisations outside their regions."""
        if self._own is None:
            self._own = []
            if self.organizations and not self.admin:
                own = (Initiative.objects.filter(lead_organization_id__in=self.organizations)
                       .exclude(status__in=PUBLISHED_STATUSES).exclude(region_id__in=self.regions))
                for found in counts.cells_of(own).values():
                    self._own.extend(found)
        return self._own


def _table_counts(visible: _Visible, condition: dict, facet: str | None) -> dict:
    rows = InitiativeCount.objects.filter(visible.table_q(), **condition)
    if facet is None:
        found = {None: rows.aggregate(n=Sum("n"))["n"] or 0}
    else:
        found = dict(rows.order_by().values_list(facet).annotate(total=Sum("n")).values_list(facet, "total"))
    positions = {counts.KEY.index(name): value for name, value in condition.items()}
    group = counts.KEY.index(facet) if facet else None
    for cell in visible.own_cells():
        if all(cell[i] == value for i, value in positions.items()):
            key = cell[group] if group is not None else None
            found[key] = found.get(key, 0) + 1
    return {key: n for key, n in found.items() if n}


FACET_COLUMNS = {
    "region": "region_id", "axis": "axes__id", "sdg": "sdgs__number", "sector": "lead_organization__sector",
    "status": "status", "year": "start_date__year", "city": "places__city_id",
}


def _live_counts(user, filters: InitiativeFilters, facet: str) -> dict:
    """`facet` counted over the initiatives themselves (what the count table cannot split)."""
    column = FACET_COLUMNS[facet]
    queryset = _apply_filters(visible_initiatives(user), filters.without(facet)).order_by()
    # DISTINCT only where a join can repeat an initiative within a group (several places in one
    # city); one row per initiative and axis / goal, so a plain COUNT(*) is exact there.
    n = Count("pk", distinct=True) if column == "places__city_id" else Count("pk")
    return {key or 0: value for key, value in queryset.values_list(column).annotate(n=n).values_list(column, "n")}


# What each facet reads of counts.dimensions_of's tuples ((region, sector, status, year, success), axes,
# goals, cities); an initiative with no axis (goal, city) counts under 0, as in _live_counts.
_DIMENSION_VALUES = {
    "region": lambda d: (d[0][0],), "sector": lambda d: (d[0][1],), "status": lambda d: (d[0][2],),
    "year": lambda d: (d[0][3],), "success": lambda d: (d[0][4],),
    "axis": lambda d: set(d[1]) or (0,), "sdg": lambda d: set(d[2]) or (0,), "city": lambda d: set(d[3]) or (0,),
}


def _bounded_facet_counts(user, filters: InitiativeFilters) -> dict[str, dict]:
    """Every facet of a text query or an organisation, counted in Python over the dimensions of the
    initiatives they bound (at most search.CANDIDATES; one organisation's): two queries, where
    _live_counts ran one GROUP BY over the initiatives per facet. The same answers."""
    bounded = _apply_filters(visible_initiatives(user), InitiativeFilters(q=filters.q, organization=filters.organization))
    found = list(counts.dimensions_of(bounded).values())
    chosen = {name: _filter_value(filters, name) for name in (*counts.MULTI, *counts.SINGLE)}
    chosen = {name: value for name, value in chosen.items() if value is not None}
    result = {}
    for facet in FACETS:
        others = [(_DIMENSION_VALUES[name], value) for name, value in chosen.items() if name != facet]
        found_here: dict = {}
        for dimensions in found:
            if all(value in values(dimensions) for values, value in others):
                for key in _DIMENSION_VALUES[facet](dimensions):
                    found_here[key] = found_here.get(key, 0) + 1
        result[facet] = found_here
    return result


def facet_counts(*, user, filters: InitiativeFilters, facet: str, visible: "_Visible | None" = None) -> dict:
    """{value: count} of one facet, counted with every filter applied but its own."""
    if not _counted_from_table(filters):
        return _live_counts(user, filters, facet)
    visible = visible or _Visible(user)
    condition = _cells_condition(filters, facet, visible)
    if condition is not None:
        return _table_counts(visible, condition, facet)
    if facet == "region" or not filters.region:
        return _live_counts(user, filters, facet)  # bounded by the city
    # Within one region: kept until a write touches that region's counts (not any write anywhere).
    version = counts.region_versions([filters.region])[filters.region]
    key = _cache_key(f"facet-{facet}", user, replace(filters, sort=""), version)
    found = cache.get(key)
    if found is None:
        found = _live_counts(user, filters, facet)
        cache.set(key, found, CACHE_SECONDS)
    return found


def initiative_facets(*, user, filters: InitiativeFilters) -> dict[str, list[dict]]:
    """Counts per value of each facet, each counted with every other filter applied but its own."""
    return _facets_and_total(user, filters, _catalogue_version())[0]


def _facets_and_total(user, filters: InitiativeFilters, version) -> tuple[dict[str, list[dict]], int]:
    key = _cache_key("facets", user, replace(filters, sort=""), version, get_language())
    cached = cache.get(key)
    if cached is None:
        cached = _compute_facets(user, filters)
        cache.set(key, cached, CACHE_SECONDS)
        cache.set(_cache_key("count", user, replace(filters, sort=""), version), cached[1], CACHE_SECONDS)
    return cached


def initiative_count(*, user, filters: InitiativeFilters, version=None) -> int:
    """How many initiatives match: a sum over the count table, or a COUNT for a text query or an
    organisation (cached like the facets, which give it for free when counted)."""
    visible = _Visible(user)
    condition = _cells_condition(filters, None, visible) if _counted_from_table(filters) else None
    if condition is not None:
        return _table_counts(visible, condition, None).get(None, 0)
    version = _catalogue_version() if version is None else version
    key = _cache_key("count", user, replace(filters, sort=""), version)
    total = cache.get(key)
    if total is None:
        total = initiative_list(user=user, filters=filters).order_by().count()
        cache.set(key, total, CACHE_SECONDS)
    return total


class InitiativeRows:
    """The rows of `initiative_list` as a sequence for Paginator / paginate, cheap to page through.

    The count comes from the kept counts (or the facets, or a cached COUNT for a text query or an
    organisation); the ids of the first HEAD_ROWS rows, in
    order, are cached per filter set, so a page among them is one primary-key fetch of its rows
    instead of sorting and skipping the whole filtered set. Pages past them use OFFSET.
    """

    def __init__(self, queryset: QuerySet[Initiative], *, user, filters: InitiativeFilters, count: int | None = None,
                 fetch=None):
        self.queryset, self.user, self.filters = queryset, user, filters
        self.version = _catalogue_version()
        self._count = count
        self.fetch = fetch or self._instances

    def with_facets(self) -> dict[str, list[dict]]:
        facets, self._count = _facets_and_total(self.user, self.filters, self.version)
        return facets

    def count(self) -> int:
        if self._count is None:
            head = self._head()
            if len(head) < HEAD_ROWS:  # the first pages hold every row: no COUNT needed
                self._count = len(head)
            else:
                self._count = initiative_count(user=self.user, filters=self.filters, version=self.version)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def _head(self) -> list[int]:
        key = _cache_key("head", self.user, self.filters, self.version)
        ids = cache.get(key)
        if ids is None:
            ids = self._first_ids(HEAD_ROWS)
            cache.set(key, ids, CACHE_SECONDS)
        return ids

    def _first_ids(self, limit: int) -> list[int]:
        """The ids of the first `limit` rows. Newest first among published initiatives (what most people
        see), they are the newest `limit` of each published status merged: each part walks the
        (status, -published_at) index in order and stops at `limit`, where `status IN (…)` had the
        database sort every matching row (0.12 s for a goal, 0.035 s for an axis on SQLite at bench
        scale; 0.01–0.02 s so)."""
        filters = self.filters
        # Only for no filter, a region, and one of axis, goal and city (measured). The narrower sets (two
        # of those, a year, a sector, an organisation, a text) are better sorted: walking in order,
        # PostgreSQL took 0.9 s for a goal with a sector.
        chosen = {name for name in ("q", "status", "sector", "year", "organization") if getattr(filters, name)}
        links = sum(1 for value in (filters.axis, filters.sdg, filters.city) if value)
        if (chosen or filters.success is not None or links > 1 or filters.sort not in ("", "newest")
                or _scope(self.user) != "public"):
            return list(self.queryset.values_list("pk", flat=True)[:limit])
        parts: list[str] = []
        params: list = []
        for number, status in enumerate(PUBLISHED_STATUSES):
            part = self.queryset.filter(status=status).values_list("published_at", "pk")[:limit]
            sql, part_params = part.query.sql_with_params()
            parts.append(f"SELECT * FROM ({sql}) AS part{number}")  # noqa: S608 - Django's compiled SQL
            params.extend(part_params)
        # Ordered as SORTS["newest"] on each database (NULLs where that database puts them in DESC).
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 1 DESC, 2 DESC LIMIT %s", [*params, limit])
            return [row[1] for row in cursor.fetchall()]

    def __getitem__(self, index: slice) -> list[Initiative]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("InitiativeRows is sliced by page")
        start, stop = index.start or 0, index.stop
        if stop is None or start >= stop:
            return list(self.queryset[index])
        head = self._head()
        if stop > len(head) and len(head) == HEAD_ROWS:
            # Past the cached pages: skip over ids only (a narrow sort), then fetch the page's rows.
            ids = list(self.queryset.values_list("pk", flat=True)[start:stop])
        else:
            ids = head[start:stop]
        # By primary key only: visibility and filters were applied when the ids were chosen.
        return self.fetch(ids) if ids else []

    def _instances(self, ids: list[int]) -> list[Initiative]:
        fetch = Initiative.objects.filter(pk__in=ids)
        fetch.query.select_related = self.queryset.query.select_related
        fetch.query.deferred_loading = self.queryset.query.deferred_loading
        # The list's own prefetches (Django keeps them on the queryset; not in the typed API).
        fetch = fetch.prefetch_related(*getattr(self.queryset, "_prefetch_related_lookups", ()))
        rows = {row.pk: row for row in fetch}
        return [rows[pk] for pk in ids if pk in rows]


LIST_COLUMNS = (
    "id", "title_ar", "title_en", "summary_ar", "status", "start_date", "end_date", "budget", "currency",
    "planned_beneficiaries", "actual_beneficiaries", "is_success_story", "replication_count", "published_at",
    "lead_organization_id", "lead_organization__name_ar", "lead_organization__name_en", "lead_organization__sector",
    "region_id", "region__code", "region__name_ar", "region__name_en",
)


def initiative_list_rows(ids: list[int]) -> list[dict]:
    """The API list's fields of these initiatives, in this order, as dicts (no model instances):
    the columns it shows, with `axes` (codes) and `sdgs` (numbers) in three queries."""
    rows = {row["id"]: row for row in Initiative.objects.filter(pk__in=ids).values(*LIST_COLUMNS)}
    for row in rows.values():
        row["axes"], row["sdgs"] = [], []
    axis_links = Initiative.axes.through.objects.filter(initiative_id__in=ids).order_by("axis__position", "axis_id")
    for initiative_id, code in axis_links.values_list("initiative_id", "axis__code"):
        rows.get(initiative_id, {"axes": []})["axes"].append(code)
    sdg_links = Initiative.sdgs.through.objects.filter(initiative_id__in=ids).order_by("sdg__number")
    for initiative_id, number in sdg_links.values_list("initiative_id", "sdg__number"):
        rows.get(initiative_id, {"sdgs": []})["sdgs"].append(number)
    return [rows[pk] for pk in ids if pk in rows]


def _compute_facets(user, filters: InitiativeFilters) -> tuple[dict[str, list[dict]], int]:
    visible = _Visible(user)
    bounded = None if _counted_from_table(filters) else _bounded_facet_counts(user, filters)

    def counted(name: str) -> dict:
        if bounded is not None:
            return bounded[name]
        return facet_counts(user=user, filters=filters, facet=name, visible=visible)

    region_counts = counted("region")
    axis_counts = counted("axis")
    sdg_counts = counted("sdg")
    sector_counts = counted("sector")
    status_counts = counted("status")
    year_counts = counted("year")
    facets = {
        "region": [
            _item(region["pk"], localized(region), region_counts[region["pk"]], filters.region == region["pk"])
            for region in _names("regions") if region["pk"] in region_counts
        ],
        "axis": [
            _item(axis["pk"], localized(axis), axis_counts.get(axis["pk"], 0), filters.axis == axis["pk"])
            for axis in _names("axes")
        ],
        "sdg": [
            _item(sdg["number"], f"{sdg['number']}. {localized(sdg)}", sdg_counts.get(sdg["number"], 0),
                  filters.sdg == sdg["number"])
            for sdg in _names("sdgs")
        ],
        "sector": [
            _item(value, label, sector_counts.get(value, 0), filters.sector == value) for value, label in Sector.choices
        ],
        "status": [
            _item(value, label, status_counts.get(value, 0), filters.status == value)
            for value, label in Status.choices
            if status_counts.get(value)
        ],
        "year": [
            _item(year, str(year), n, filters.year == year)
            for year, n in sorted(year_counts.items(), key=lambda pair: -(pair[0] or 0))
            if year
        ],
    }
    if filters.region:
        city_counts = counted("city")
        facets["city"] = [
            _item(city["pk"], localized(city), city_counts.get(city["pk"], 0), filters.city == city["pk"])
            for city in _names("cities") if city["region_id"] == filters.region
        ]
    facets["region"].sort(key=lambda item: -item["count"])
    # Every initiative has one status, and the status facet is counted with every other filter
    # applied: so the rows matching all the filters are its selected value, or its sum.
    total = status_counts.get(filters.status, 0) if filters.status else sum(status_counts.values())
    return facets, total


NAMES_SECONDS = 300
_NAME_SOURCES = {
    "regions": lambda: Region.objects.values("pk", "name_ar", "name_en"),
    "axes": lambda: Axis.objects.values("pk", "name_ar", "name_en"),
    "sdgs": lambda: SDG.objects.values("number", "name_ar", "name_en"),
    "cities": lambda: City.objects.values("pk", "region_id", "name_ar", "name_en"),
}


def _names(kind: str) -> list[dict]:
    """The names of regions, axes, goals or cities, in their own order, for the facets: read once and
    kept (a rename in the admin shows within NAMES_SECONDS)."""
    key = f"initiatives:names:{kind}"
    rows = cache.get(key)
    if rows is None:
        rows = list(_NAME_SOURCES[kind]())
        cache.set(key, rows, NAMES_SECONDS)
    return rows


def _item(value, label, count, selected) -> dict:
    return {"value": value, "label": str(label), "count": count, "selected": selected}


def initiative_detail(*, user, initiative_id: int) -> Initiative:
    """One initiative with everything its page shows, in a fixed number of queries."""
    return (
        visible_initiatives(user)
        .select_related("lead_organization", "region", "replicated_from", "replicated_from__region")
        .prefetch_related(
            "axes", "sdgs", "target_groups", "attachments",
            Prefetch("partners", queryset=InitiativePartner.objects.select_related("organization")),
            Prefetch("places", queryset=InitiativePlace.objects.select_related("region", "city", "neighbourhood")),
            Prefetch("transitions", queryset=Transition.objects.select_related("actor")),
        )
        .get(pk=initiative_id)
    )


def replications_of(*, initiative: Initiative, user) -> QuerySet[Initiative]:
    """Where an experience was replicated, as far as this person may see: the replication count says
    how many tried; another organisation's unpublished replica is theirs to show."""
    return (
        # The condition itself, not `pk IN (visible ids)`: SQLite would list every published id first.
        initiative.replications.filter(visibility(user))
        .select_related("lead_organization", "region")
        .order_by("-created_at")
    )


def most_replicated(*, limit: int = 50) -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(status__in=PUBLISHED_STATUSES, replication_count__gt=0)
        .select_related("lead_organization", "region")
        .order_by("-replication_count", "-pk")[:limit]
    )


SIMILAR_CANDIDATES = 60
SIMILAR_WORDS = 6
SIMILAR_STORED = 10  # kept per initiative; the page shows the first five still published
SIMILAR_MAX_AGE = datetime.timedelta(days=1)  # older lists are recomputed in the background when read
SIMILAR_ENQUEUE_SECONDS = 600  # one recomputation asked per initiative in this time, however often it is read
# Function words that say nothing about what an initiative does.
STOP_WORDS = set(
    "في من الي علي عن مع هذه هذا التي الذي التي ذلك تلك او و ثم كما بين حتي لدي عبر خلال ضمن نحو كل بعض "
    "ان انه كان تم قد لا ما لم لن هو هي هم مبادره برنامج مشروع the and of for to in a an with on by".split()
)


def _stored_similar_scores(initiative: Initiative) -> dict[int, float]:
    """The stored similar list as {id: score}, best first; asks the worker for a list missing or too old."""
    stored = SimilarInitiatives.objects.filter(initiative_id=initiative.pk).values_list("items", "computed_at").first()
    if stored is None or stored[1] < timezone.now() - SIMILAR_MAX_AGE:
        _ask_similar(initiative.pk)
    return dict((pk, score) for pk, score in stored[0]) if stored else {}


def similar_initiatives(*, initiative: Initiative, limit: int = 5) -> list[Initiative]:
    """Published initiatives from other regions that resemble this one, as the worker last stored them.

    Never computed here: an initiative without a stored list shows none and has one computed in the
    background (tasks.compute_similar); a list older than SIMILAR_MAX_AGE is shown and recomputed.
    Its own changes that matter (texts, axes, target groups, region, publication) recompute it at once.
    Initiatives no longer published drop out as soon as they are read.
    """
    scores = _stored_similar_scores(initiative)
    if not scores:
        return []
    rows = {
        row.pk: row for row in Initiative.objects.filter(pk__in=list(scores), status__in=PUBLISHED_STATUSES)
        .select_related("region", "lead_organization")
        .prefetch_related(Prefetch("axes", queryset=Axis.objects.only("id", "code")),
                          Prefetch("sdgs", queryset=SDG.objects.only("id", "number")))
    }
    result: list[Initiative] = []
    for pk in scores:
        if pk in rows and len(result) < limit:
            rows[pk].similarity = scores[pk]
            result.append(rows[pk])
    return result


def similar_rows(*, initiative: Initiative, limit: int = 5) -> list[SimpleNamespace]:
    """What the initiative page shows of similar_initiatives (id, titles, region's names, score), read as
    rows in two queries: the stored list, then its initiatives still published."""
    scores = _stored_similar_scores(initiative)
    if not scores:
        return []
    rows = {
        pk: SimpleNamespace(pk=pk, id=pk, title_ar=title_ar, title_en=title_en, similarity=scores[pk],
                            region={"name_ar": region_ar, "name_en": region_en})
        for pk, title_ar, title_en, region_ar, region_en in Initiative.objects.filter(
            pk__in=list(scores), status__in=PUBLISHED_STATUSES,
        ).values_list("pk", "title_ar", "title_en", "region__name_ar", "region__name_en")
    }
    return [rows[pk] for pk in scores if pk in rows][:limit]


def _ask_similar(initiative_id: int) -> None:
    from .tasks import compute_similar

    if cache.add(f"initiatives:similar-asked:{initiative_id}", 1, SIMILAR_ENQUEUE_SECONDS):
        enqueue_with_transaction(compute_similar, initiative_id=initiative_id)


def store_similar(*, initiative_id: int) -> None:
    """Compute and keep one initiative's similar list (the background task's work)."""
    initiative = Initiative.objects.filter(pk=initiative_id).first()
    if initiative is None:
        return
    items = [[pk, score] for pk, score in similar_ids(initiative, SIMILAR_STORED)]
    SimilarInitiatives.objects.update_or_create(
        initiative_id=initiative_id,
        defaults={"items": items, "computed_at": timezone.now(), "version": initiative.version},
    )


def similar_ids(initiative: Initiative, limit: int) -> list[tuple[int, float]]:
    """The ids and scores of the published initiatives from other regions most like this one, best first.

    Score = text similarity + 0.5 × shared axes (Jaccard) + 0.5 × shared target groups (Jaccard).
    Text similarity is the search rank of the other initiative against this one's most telling words
    (title first, then summary; Arabic-normalised, function words dropped), any of which may match,
    scaled to 0…1 by the best rank among the candidates. When the text finds too few candidates,
    recent initiatives sharing an axis or a target group fill in.
    """
    words = [w for w in tokens(f"{initiative.title_ar} {initiative.summary_ar}") if w not in STOP_WORDS and len(w) > 2]
    words = words[:SIMILAR_WORDS]
    axes = {axis.pk for axis in initiative.axes.all()}
    groups = {group.pk for group in initiative.target_groups.all()}
    base = Initiative.objects.filter(status__in=PUBLISHED_STATUSES).exclude(region_id=initiative.region_id)
    candidates: dict[int, float] = {}
    if words:
        ranked = search.search(base, kind=SEARCH_KIND, query=" ".join(words), any_word=True)
        for pk, rank in ranked.values_list("pk", "search_rank")[:SIMILAR_CANDIDATES]:
            candidates[pk] = rank or 0.0
    if len(candidates) < limit * 2 and (axes or groups):
        sharing = base.filter(Q(axes__in=axes) | Q(target_groups__in=groups)).exclude(pk__in=candidates)
        for pk in sharing.order_by("-pk").values_list("pk", flat=True).distinct()[:SIMILAR_CANDIDATES]:
            candidates[pk] = 0.0
    if not candidates:
        return []
    AxisLink, GroupLink = Initiative.axes.through, Initiative.target_groups.through
    axes_of: dict[int, set] = {}
    groups_of: dict[int, set] = {}
    for pk, axis_id in AxisLink.objects.filter(initiative_id__in=candidates).values_list("initiative_id", "axis_id"):
        axes_of.setdefault(pk, set()).add(axis_id)
    for pk, group_id in GroupLink.objects.filter(initiative_id__in=candidates).values_list("initiative_id", "targetgroup_id"):
        groups_of.setdefault(pk, set()).add(group_id)
    best = max(candidates.values()) or 1.0
    scored = []
    for pk, rank in candidates.items():
        text = max(rank, 0.0) / best if best > 0 else 0.0
        score = text + 0.5 * _jaccard(axes, axes_of.get(pk, set())) + 0.5 * _jaccard(groups, groups_of.get(pk, set()))
        scored.append((pk, round(score, 3)))
    scored.sort(key=lambda item: (-item[1], -item[0]))
    return scored[:limit]


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def organization_portfolio(*, user, organization_id: int) -> QuerySet[Initiative]:
    return initiative_list(user=user, filters=InitiativeFilters(organization=organization_id, sort="newest"))
