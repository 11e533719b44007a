"""Reads of organisations: lists with filters, search and facet counts, without N+1."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from musharaka.core import search
from musharaka.core.i18n import is_arabic, localized
from musharaka.geo.models import Region

from .models import Membership, Organization, Sector
from .services import SEARCH_KIND


@dataclass(frozen=True)
class OrganizationFilters:
    q: str = ""
    region: int | None = None
    city: int | None = None
    sector: str = ""
    verified: bool | None = None


def by_name(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    """Alphabetical in the language of the request: in English by the English name where there is
    one (the Arabic one otherwise), in Arabic by the Arabic name."""
    if is_arabic():
        return queryset.order_by("name_ar", "pk")
    return queryset.order_by(Coalesce(NullIf("name_en", Value("")), "name_ar"), "pk")


def organization_list(*, filters: OrganizationFilters) -> QuerySet[Organization]:
    queryset = Organization.objects.select_related("region", "city")
    queryset = _apply_filters(queryset, filters)
    if filters.q:
        return search.search(queryset, kind=SEARCH_KIND, query=filters.q)
    return by_name(queryset)


ORGANIZATION_OPTIONS_LIMIT = 20


def organization_options(query: str) -> list[Organization]:
    """The organisations a form's search offers for a typed name (Arabic-normalised): the best 20."""
    query = query.strip()[:200]
    if not query:
        return []
    return list(organization_list(filters=OrganizationFilters(q=query))[:ORGANIZATION_OPTIONS_LIMIT])


def organization_search_capped(*, filters: OrganizationFilters) -> bool:
    """Whether the search of `filters.q` stopped at its cap of candidates (the count is then a lower bound)."""
    return bool(filters.q) and search.is_capped(kind=SEARCH_KIND, query=filters.q)


def _apply_filters(queryset: QuerySet, filters: OrganizationFilters, *, skip: str = "") -> QuerySet:
    if filters.region and skip != "region":
        queryset = queryset.filter(region_id=filters.region)
    if filters.city:
        queryset = queryset.filter(city_id=filters.city)
    if filters.sector and skip != "sector":
        queryset = queryset.filter(sector=filters.sector)
    if filters.verified is not None:
        queryset = queryset.filter(verified=filters.verified)
    return queryset


def organization_facets(*, filters: OrganizationFilters) -> dict[str, list[dict]]:
    """Counts per sector and per region for the list page.

    Each facet counts with every other filter applied but its own, so a person sees how many
    they would get by changing that choice.
    """

    def base(skip: str) -> QuerySet:
        queryset = _apply_filters(Organization.objects.all(), filters, skip=skip)
        if filters.q:
            queryset = search.matching(queryset, kind=SEARCH_KIND, query=filters.q)
        return queryset.order_by()

    sector_counts = dict(base("sector").values_list("sector").annotate(n=Count("pk")).values_list("sector", "n"))
    region_counts = dict(base("region").values_list("region").annotate(n=Count("pk")).values_list("region", "n"))
    regions = Region.objects.filter(pk__in=region_counts).select_related("country")
    return {
        "sector": [
            {"value": value, "label": label, "count": sector_counts.get(value, 0), "selected": filters.sector == value}
            for value, label in Sector.choices
        ],
        "region": sorted(
            (
                {
                    "value": region.pk,
                    "label": localized(region),
                    "count": region_counts[region.pk],
                    "selected": filters.region == region.pk,
                }
                for region in regions
            ),
            key=lambda item: -item["count"],
        ),
    }


def organization_get(*, organization_id: int) -> Organization:
    return Organization.objects.select_related("region", "city", "region__country").get(pk=organization_id)


def organization_members(*, organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("role", "user__username")
