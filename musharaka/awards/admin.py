from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Application, Category, Criterion, Cycle, Judge, Programme, Winner


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name_ar", "organization", "region"]
    search_fields = ["name_ar", "name_en"]
    raw_id_fields = ["organization", "created_by"]


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["name_ar", "kind", "judges_per_application", "winner_places", "position"]


@admin.register(Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "year", "stage", "nominations_close_at", "application_count"]
    list_filter = ["stage", "year"]
    raw_id_fields = ["programme", "created_by"]
    inlines = [CategoryInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "category", "weight"]
    raw_id_fields = ["category"]


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["title_ar", "category", "organization", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["title_ar", "title_en"]
    raw_id_fields = ["category", "cycle", "organization", "applicant", "initiative", "eligibility_checked_by"]


@admin.register(Judge)
class JudgeAdmin(admin.ModelAdmin):
    list_display = ["user", "cycle", "status"]
    list_filter = ["status"]
    raw_id_fields = ["cycle", "user", "invited_by"]


@admin.register(Winner)
class WinnerAdmin(admin.ModelAdmin):
    list_display = ["category", "place", "application", "code"]
    raw_id_fields = ["category", "application", "confirmed_by"]
