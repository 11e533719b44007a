from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, AgreementParty, Commitment


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    raw_id_fields = ["organization"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title_ar", "kind", "stage", "signed_on", "ends_on", "is_published"]
    list_filter = ["kind", "stage", "is_published"]
    search_fields = ["title_ar", "title_en"]
    raw_id_fields = ["organization", "event", "session", "renews", "created_by"]
    filter_horizontal = ["axes", "regions"]
    autocomplete_fields: list[str] = []
    exclude = ["initiatives"]
    inlines = [PartyInline]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["title_ar", "agreement", "party", "status", "due_on"]
    list_filter = ["status"]
    raw_id_fields = ["agreement", "party", "owner"]
