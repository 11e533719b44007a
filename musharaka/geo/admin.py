from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import City, Country, Neighbourhood, Region


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_ar", "name_en"]
    search_fields = ["code", "name_ar", "name_en"]


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_ar", "name_en", "kind", "country"]
    list_filter = ["country", "kind"]
    list_select_related = ["country"]
    search_fields = ["code", "name_ar", "name_en"]


@admin.register(City)
class CityAdmin(SimpleHistoryAdmin):
    list_display = ["name_ar", "name_en", "region", "latitude", "longitude"]
    list_filter = ["region__country", "region"]
    list_select_related = ["region"]
    search_fields = ["name_ar", "name_en"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(SimpleHistoryAdmin):
    list_display = ["name_ar", "name_en", "city"]
    list_filter = ["city__region"]
    list_select_related = ["city"]
    search_fields = ["name_ar", "name_en", "city__name_ar"]
    autocomplete_fields = ["city"]
