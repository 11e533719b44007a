from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from musharaka.api import api
from musharaka.core import views as core_views

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", core_views.health, name="health"),
    path("open311/v2/", include("musharaka.reports.open311_urls")),  # issue #16: GeoReport v2, no language prefix
]

# Arabic at "/", English under "/en/".
urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    path("accounts/", include("musharaka.accounts.urls")),
    path("organizations/", include("musharaka.orgs.urls")),
    path("initiatives/", include("musharaka.initiatives.exchange.urls")),
    path("initiatives/", include("musharaka.initiatives.urls")),
    path("notifications/", include("musharaka.notifications.urls")),
    path("events/", include("musharaka.events.urls")),
    path("partnerships/", include("musharaka.partnerships.urls")),  # issue #12
    path("awards/", include("musharaka.awards.urls")),  # issue #13
    path("plans/", include("musharaka.plans.urls")),  # issue #14
    path("results/", include("musharaka.results.urls")),  # issue #14
    path("impact/", include("musharaka.impact.urls")),  # issue #15
    path("volunteering/", include("musharaka.volunteering.urls")),  # issue #16
    path("reports/", include("musharaka.reports.urls")),  # issue #16
    path("participation/", include("musharaka.participation.urls")),  # issue #17
    path("taxonomy/", include("musharaka.taxonomy.urls")),
    path("geo/", include("musharaka.geo.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "musharaka.core.views.not_found"
handler500 = "musharaka.core.views.server_error"
