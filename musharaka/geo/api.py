from ninja import Query, Router

from musharaka.core.pagination import Page, PageParams, WholeListParams, paginate
from musharaka.core.schemas import error_responses

from . import selectors
from .schemas import (
    CityFilters,
    CityOut,
    CountryOut,
    NeighbourhoodFilters,
    NeighbourhoodOut,
    RegionDetailOut,
    RegionOut,
)

router = Router(tags=["geo"])


@router.get("/countries", response={200: Page[CountryOut], **error_responses()})
def list_countries(request, paging: Query[WholeListParams]):
    return paginate(selectors.country_list(), page=paging.page, page_size=paging.page_size)


@router.get("/regions", response={200: Page[RegionOut], **error_responses()})
def list_regions(request, paging: Query[WholeListParams], country: str | None = None):
    """Saudi regions and Syrian governorates; `country` is an ISO 3166-1 code such as SA or SY."""
    regions = selectors.region_list(country_code=country)
    return paginate(regions, page=paging.page, page_size=paging.page_size)


@router.get("/regions/{region_id}", response={200: RegionDetailOut, **error_responses(lookup=True)})
def get_region(request, region_id: int):
    return selectors.region_detail(region_id=region_id)


@router.get("/cities", response={200: Page[CityOut], **error_responses()})
def list_cities(request, paging: Query[PageParams], filters: Query[CityFilters]):
    cities = selectors.city_list(region_id=filters.region, query=filters.q)
    return paginate(cities, page=paging.page, page_size=paging.page_size)


@router.get("/neighbourhoods", response={200: Page[NeighbourhoodOut], **error_responses()})
def list_neighbourhoods(request, paging: Query[PageParams], filters: Query[NeighbourhoodFilters]):
    neighbourhoods = selectors.neighbourhood_list(city_id=filters.city)
    return paginate(neighbourhoods, page=paging.page, page_size=paging.page_size)
