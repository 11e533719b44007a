from django.db.models import Prefetch, QuerySet

from musharaka.core.arabic import normalize
from musharaka.core.errors import NotFound

from .models import City, Country, Neighbourhood, Region


def country_list() -> QuerySet[Country]:
    return Country.objects.all()


def region_list(*, country_code: str | None = None) -> QuerySet[Region]:
    regions = Region.objects.select_related("country")
    if country_code:
        regions = regions.filter(country__code=country_code.upper())
    return regions


def region_detail(*, region_id: int) -> Region:
    try:
        return Region.objects.select_related("country").prefetch_related("cities").get(pk=region_id)
    except Region.DoesNotExist:
        raise NotFound() from None


def city_list(*, region_id: int | None = None, query: str | None = None) -> QuerySet[City]:
    cities = City.objects.all()
    if region_id is not None:
        cities = cities.filter(region_id=region_id)
    needle = normalize(query)
    if needle:
        # A few hundred rows: match the normalised names in Python (alef forms, ة/ه, harakat).
        names = cities.values_list("pk", "name_ar", "name_en")
        cities = cities.filter(
            pk__in=[pk for pk, name_ar, name_en in names if needle in normalize(f"{name_ar} {name_en}")]
        )
    return cities


def neighbourhood_list(*, city_id: int | None = None) -> QuerySet[Neighbourhood]:
    neighbourhoods = Neighbourhood.objects.all()
    if city_id is not None:
        neighbourhoods = neighbourhoods.filter(city_id=city_id)
    return neighbourhoods


def geography_tree() -> QuerySet[Country]:
    """Countries with their regions and each region's cities, in three queries."""
    return Country.objects.prefetch_related(Prefetch("regions", queryset=Region.objects.prefetch_related("cities")))
