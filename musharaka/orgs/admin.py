from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Organization, RegionCoordinator


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name_ar", "name_en", "sector", "region", "verified"]
    list_filter = ["sector", "verified", "region"]
    search_fields = ["name_ar", "name_en"]
    list_select_related = ["region"]
    raw_id_fields = ["created_by"]
    inlines = [MembershipInline]


@admin.register(RegionCoordinator)
class RegionCoordinatorAdmin(SimpleHistoryAdmin):
    list_display = ["user", "region"]
    list_filter = ["region"]
    raw_id_fields = ["user"]
