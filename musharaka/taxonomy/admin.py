from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from musharaka.core import search

from . import services
from .indexing import GLOSSARY_KIND
from .models import SDG, Axis, GlossaryTerm, TargetGroup


@admin.register(Axis)
class AxisAdmin(SimpleHistoryAdmin):
    list_display = ["position", "code", "name_ar", "name_en"]
    list_display_links = ["code"]
    search_fields = ["code", "name_ar", "name_en"]


@admin.register(SDG)
class SDGAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name_ar", "name_en"]
    search_fields = ["name_ar", "name_en"]


@admin.register(TargetGroup)
class TargetGroupAdmin(SimpleHistoryAdmin):
    list_display = ["position", "code", "name_ar", "name_en"]
    list_display_links = ["code"]
    search_fields = ["code", "name_ar", "name_en"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(SimpleHistoryAdmin):
    list_display = ["code", "term_ar", "term_en", "updated_at"]
    search_fields = ["code", "term_ar", "term_en"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.glossary_term_reindex(term=obj)  # keep the glossary search in step with admin edits

    def delete_model(self, request, obj):
        search.unindex(GLOSSARY_KIND, obj.pk)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for pk in queryset.values_list("pk", flat=True):
            search.unindex(GLOSSARY_KIND, pk)
        super().delete_queryset(request, queryset)
