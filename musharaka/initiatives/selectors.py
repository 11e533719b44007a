"""Reads of initiatives: the catalogue with filters and facet counts, pages, similar initiatives."""

import datetime
import hashlib
from dataclasses import astuple, dataclass, fields, replace
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language

from musharaka.core import search
from musharaka.core.arabic import tokens
from musharaka.core.i18n import localized
from musharaka.core.permissions import is_platform_admin
from musharaka.geo.models import City, Region
from musharaka.orgs.models import Sector
from musharaka.orgs.roles import roles_of
from musharaka.taxonomy.models import SDG, Axis

from .models import PUBLISHED_STATUSES, Initiative, InitiativePartner, InitiativePlace, Status, Transition
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


# ---------------------------------------------------------------- cached counts and first pages
#
# Facet counts, row counts and the ids of the first pages of a filter set cost a scan of the
# filtered rows (tens of thousands at national scale), so they are cached per filter set and per
# visibility. The key holds the catalogue's version: the newest row of the initiatives' history
# table, which every create, edit, workflow step and delete writes in the same transaction (one
# primary-key lookup, shared by every process whatever the cache backend). What the history does
# not see (an organisation changing sector, bulk loads) shows within CACHE_SECONDS.

CACHE_SECONDS = 120
HEAD_ROWS = 400  # ids of the first 20 pages of 20


def _catalogue_version() -> int:
    return Initiative.history.model.objects.aggregate(v=Max("pk"))["v"] or 0


def _scope(user) -> str:
    """What decides which initiatives this person sees (visible_initiatives), as a string."""
    if is_platform_admin(user):
        return "all"
    roles = roles_of(user)
    if not roles.by_organization and not roles.coordinated_regions:
        return "public"
    return f"{sorted(roles.by_organization)}:{sorted(roles.coordinated_regions)}"


def _cache_key(kind: str, user, filters: InitiativeFilters, version: int, *extra) -> str:
    digest = hashlib.sha256(repr((_scope(user), astuple(filters), extra)).encode()).hexdigest()[:32]
    return f"initiatives:{kind}:{version}:{digest}"


def initiative_facets(*, user, filters: InitiativeFilters) -> dict[str, list[dict]]:
    """Counts per value of each facet, each counted with every other filter applied but its own."""
    return _facets_and_total(user, filters, _catalogue_version())[0]


def _facets_and_total(user, filters: InitiativeFilters, version: int) -> tuple[dict[str, list[dict]], int]:
    key = _cache_key("facets", user, replace(filters, sort=""), version, get_language())
    cached = cache.get(key)
    if cached is None:
        cached = _compute_facets(user, filters)
        cache.set(key, cached, CACHE_SECONDS)
        cache.set(_cache_key("count", user, replace(filters, sort=""), version), cached[1], CACHE_SECONDS)
    return cached


def initiative_count(*, user, filters: InitiativeFilters, version: int | None = None) -> int:
    """How many initiatives match (cached like the facets, which give it for free when counted)."""
    version = _catalogue_version() if version is None else version
    key = _cache_key("count", user, replace(filters, sort=""), version)
    total = cache.get(key)
    if total is None:
        total = initiative_list(user=user, filters=filters).order_by().count()
        cache.set(key, total, CACHE_SECONDS)
    return total


class InitiativeRows:
    """The rows of `initiative_list` as a sequence for Paginator / paginate, cheap to page through.

    The count comes from the cache (or the facets); the ids of the first HEAD_ROWS rows, in
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
            ids = list(self.queryset.values_list("pk", flat=True)[:HEAD_ROWS])
            cache.set(key, ids, CACHE_SECONDS)
        return ids

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

    def counts(name: str, column: str) -> dict:
        queryset = _apply_filters(visible_initiatives(user), filters.without(name)).order_by()
        # DISTINCT only where a join can repeat an initiative within a group (several places in one
        # city); one row per initiative and axis / goal, so a plain COUNT(*) is exact there.
        n = Count("pk", distinct=True) if column == "places__city_id" else Count("pk")
        return dict(queryset.values_list(column).annotate(n=n).values_list(column, "n"))

    region_counts = counts("region", "region_id")
    axis_counts = counts("axis", "axes__id")
    sdg_counts = counts("sdg", "sdgs__number")
    sector_counts = counts("sector", "lead_organization__sector")
    status_counts = counts("status", "status")
    year_counts = counts("year", "start_date__year")
    facets = {
        "region": [
            _item(region.pk, localized(region), region_counts.get(region.pk, 0), filters.region == region.pk)
            for region in Region.objects.filter(pk__in=region_counts)
        ],
        "axis": [
            _item(axis.pk, localized(axis), axis_counts.get(axis.pk, 0), filters.axis == axis.pk)
            for axis in Axis.objects.all()
        ],
        "sdg": [
            _item(sdg.number, f"{sdg.number}. {localized(sdg)}", sdg_counts.get(sdg.number, 0), filters.sdg == sdg.number)
            for sdg in SDG.objects.all()
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
        city_counts = counts("city", "places__city_id")
        facets["city"] = [
            _item(city.pk, localized(city), city_counts.get(city.pk, 0), filters.city == city.pk)
            for city in City.objects.filter(region_id=filters.region)
        ]
    facets["region"].sort(key=lambda item: -item["count"])
    # Every initiative has one status, and the status facet is counted with every other filter
    # applied: so the rows matching all the filters are its selected value, or its sum.
    total = status_counts.get(filters.status, 0) if filters.status else sum(status_counts.values())
    return facets, total


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
SIMILAR_CACHE_SECONDS = 600
# Function words that say nothing about what an initiative does.
STOP_WORDS = set(
    "في من الي علي عن مع هذه هذا التي الذي التي ذلك تلك او و ثم كما بين حتي لدي عبر خلال ضمن نحو كل بعض "
    "ان انه كان تم قد لا ما لم لن هو هي هم مبادره برنامج مشروع the and of for to in a an with on by".split()
)


def similar_initiatives(*, initiative: Initiative, limit: int = 5) -> list[Initiative]:
    """Published initiatives from other regions that resemble this one (cached for ten minutes).

    Score = text similarity + 0.5 × shared axes (Jaccard) + 0.5 × shared target groups (Jaccard).
    Text similarity is the search rank of the other initiative against this one's most telling words
    (title first, then summary; Arabic-normalised, function words dropped), any of which may match,
    scaled to 0…1 by the best rank among the candidates. When the text finds too few candidates,
    recent initiatives sharing an axis or a target group fill in.
    """
    key = f"initiatives:similar:{initiative.pk}:{initiative.version}:{limit}"
    ids = cache.get(key)
    if ids is None:
        ids = _similar_ids(initiative, limit)
        cache.set(key, ids, SIMILAR_CACHE_SECONDS)
    rows = {row.pk: row for row in Initiative.objects.filter(pk__in=[pk for pk, _score in ids])
            .select_related("region", "lead_organization")}
    result = []
    for pk, score in ids:
        if pk in rows:
            rows[pk].similarity = score
            result.append(rows[pk])
    return result


def _similar_ids(initiative: Initiative, limit: int) -> list[tuple[int, float]]:
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
