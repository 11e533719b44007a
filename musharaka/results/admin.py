"""The disaggregations every indicator shares (sex, age group…) and their values: a list staff edit (issue #14)."""

from django.contrib import admin

from .models import Dimension, DimensionValue


class DimensionValueInline(admin.TabularInline):
    model = DimensionValue
    extra = 0
    fields = ["code", "name_ar", "name_en", "position"]


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["position", "code", "name_ar", "name_en"]
    list_display_links = ["code"]
    search_fields = ["code", "name_ar", "name_en"]
    inlines = [DimensionValueInline]
