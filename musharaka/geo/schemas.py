from ninja import Field, Schema

from musharaka.core.i18n import localized
from musharaka.core.schemas import NamedOut, RecordId


class CountryOut(NamedOut):
    """A country by its ISO 3166-1 alpha-2 code."""


class RegionOut(CountryOut):
    kind: str
    country: str = Field(description="ISO 3166-1 alpha-2 code of the country")

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country.code


class CityOut(Schema):
    id: int
    region_id: int
    name_ar: str
    name_en: str
    name: str
    latitude: float | None
    longitude: float | None

    @staticmethod
    def resolve_name(obj) -> str:
        return localized(obj)


class RegionDetailOut(RegionOut):
    country_name: str
    cities: list[CityOut]

    @staticmethod
    def resolve_country_name(obj) -> str:
        return localized(obj.country)

    @staticmethod
    def resolve_cities(obj) -> list:
        return list(obj.cities.all())


class NeighbourhoodOut(Schema):
    id: int
    city_id: int
    name_ar: str
    name_en: str
    name: str
    latitude: float | None
    longitude: float | None

    @staticmethod
    def resolve_name(obj) -> str:
        return localized(obj)


class CityFilters(Schema):
    region: RecordId | None = Field(None, description="region id")
    q: str | None = Field(None, max_length=100, description="part of the name, Arabic-normalised")


class NeighbourhoodFilters(Schema):
    city: RecordId | None = Field(None, description="city id")
