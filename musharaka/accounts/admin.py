from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, RecoveryCodeDevice, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Musharaka"), {"fields": ("preferred_language", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "preferred_language")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "preferred_language", "is_staff")
    list_filter = (*DjangoUserAdmin.list_filter, "preferred_language")
    search_fields = (*DjangoUserAdmin.search_fields, "phone")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username", "user__email")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("user", "prefix", "key_hash", "created_at", "last_used_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        # A key exists only when its owner creates the token on their tokens page.
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, _("%(count)d token(s) revoked.") % {"count": count})


@admin.register(RecoveryCodeDevice)
class RecoveryCodeDeviceAdmin(admin.ModelAdmin):
    """Only to see and delete a person's recovery codes (with their authenticator, when the phone is lost):
    the codes themselves are never stored, only their hashes, which are not shown."""

    list_display = ("user", "codes_left")
    search_fields = ("user__username", "user__email")
    list_select_related = ("user",)
    fields = ("user",)
    readonly_fields = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("unused codes"))
    def codes_left(self, obj) -> int:
        return obj.codes.filter(used_at__isnull=True).count()
