"""The admin site asks for the second factor as well as for staff status.

SecondFactorMiddleware already sends an unverified staff session to the verify or set-up page; the
site's own check holds even where that middleware would not run.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        from .verification import is_verified

        return super().has_permission(request) and is_verified(request.user)


class AdminConfig(DjangoAdminConfig):
    default_site = "musharaka.accounts.admin_site.AdminSite"
