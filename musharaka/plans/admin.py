"""The lists staff edit (issue #14): what a need is about, and the objectives a goal aligns with (SDG targets,
national and regional objectives). Not hard-coded: the migration seeds them, staff keep them here."""

from django.contrib import admin

from .models import Alignment, NeedCategory


@admin.register(NeedCategory)
class NeedCategoryAdmin(admin.ModelAdmin):
    list_display = ["position", "code", "name_ar", "name_en", "axis"]
    list_display_links = ["code"]
    search_fields = ["code", "name_ar", "name_en"]


@admin.register(Alignment)
class AlignmentAdmin(admin.ModelAdmin):
    list_display = ["framework", "position", "code", "name_ar", "name_en"]
    list_display_links = ["code"]
    list_filter = ["framework"]
    search_fields = ["code", "name_ar", "name_en"]
