import importlib

import pytest
from django.apps import apps

from musharaka.geo.models import City, Country, Neighbourhood, Region

migration = importlib.import_module("musharaka.geo.migrations.0002_load_regions")

SAUDI_REGIONS = {
    "SA-01": "الرياض",
    "SA-02": "مكة المكرمة",
    "SA-03": "المدينة المنورة",
    "SA-04": "المنطقة الشرقية",
    "SA-05": "القصيم",
    "SA-06": "حائل",
    "SA-07": "تبوك",
    "SA-08": "الحدود الشمالية",
    "SA-09": "جازان",
    "SA-10": "نجران",
    "SA-11": "الباحة",
    "SA-12": "الجوف",
    "SA-14": "عسير",
}
SYRIAN_GOVERNORATES = {
    "SY-DI": "دمشق",
    "SY-RD": "ريف دمشق",
    "SY-HL": "حلب",
    "SY-HM": "حماة",
    "SY-HI": "حمص",
    "SY-ID": "إدلب",
    "SY-LA": "اللاذقية",
    "SY-TA": "طرطوس",
    "SY-DR": "درعا",
    "SY-SU": "السويداء",
    "SY-QU": "القنيطرة",
    "SY-DY": "دير الزور",
    "SY-HA": "الحسكة",
    "SY-RA": "الرقة",
}


def counts():
    return [model.objects.count() for model in (Country, Region, City, Neighbourhood)]


def test_saudi_regions_loaded_with_iso_codes(db):
    regions = Region.objects.filter(country__code="SA")
    assert dict(regions.values_list("code", "name_ar")) == SAUDI_REGIONS
    assert set(regions.values_list("kind", flat=True)) == {Region.Kind.REGION}


def test_syrian_governorates_loaded_with_iso_codes(db):
    governorates = Region.objects.filter(country__code="SY")
    assert dict(governorates.values_list("code", "name_ar")) == SYRIAN_GOVERNORATES
    assert set(governorates.values_list("kind", flat=True)) == {Region.Kind.GOVERNORATE}


def test_every_region_has_cities_with_coordinates(db):
    for region in Region.objects.prefetch_related("cities"):
        cities = list(region.cities.all())
        assert cities, region.code
        for city in cities:
            assert city.name_en and city.latitude is not None and city.longitude is not None
            # Saudi Arabia and Syria lie between 16° and 38° N, 34° and 56° E.
            assert 16 <= city.latitude <= 38 and 34 <= city.longitude <= 56, city.name_en


def test_saudi_regions_have_three_to_six_cities(db):
    for region in Region.objects.filter(country__code="SA").prefetch_related("cities"):
        assert 3 <= len(region.cities.all()) <= 6, region.code


@pytest.mark.parametrize(
    ("region_code", "city", "neighbourhood"),
    [("SA-01", "الرياض", "العليا"), ("SA-02", "جدة", "البلد"), ("SY-DI", "دمشق", "المزة")],
)
def test_big_cities_have_neighbourhoods(db, region_code, city, neighbourhood):
    assert Neighbourhood.objects.filter(
        city__region__code=region_code, city__name_ar=city, name_ar=neighbourhood
    ).exists()


def test_geo_migration_runs_twice_without_duplicates(db):
    before = counts()
    migration.load(apps, None)
    assert counts() == before


def test_geo_migration_reverse_deletes_and_reloads(db):
    before = counts()
    migration.unload(apps, None)
    assert counts() == [0, 0, 0, 0]
    migration.load(apps, None)
    assert counts() == before
    assert Region.objects.get(code="SA-14").name_en == "Asir"
