"""Pages of residents' reports (the names are the contract other parts link to)."""

from django.urls import path

from . import key_views  # o31116: the Open311 API keys page
from . import views as rep16_views  # rep16: the pages

app_name = "reports"

urlpatterns: list = [
    # ---- rep16
    path("", rep16_views.report_list, name="list"),
    path("new/", rep16_views.report_new, name="new"),
    path("nearby/", rep16_views.nearby, name="nearby"),
    path("<int:report_id>/", rep16_views.report_detail, name="detail"),
    path("<int:report_id>/status/", rep16_views.change_status, name="change_status"),
    path("<int:report_id>/reroute/", rep16_views.reroute, name="reroute"),
    path("<int:report_id>/photo/<str:filename>", rep16_views.report_photo, name="photo"),
    path("track/<str:token>/", rep16_views.report_track, name="track"),
    path("mine/", rep16_views.mine, name="mine"),
    path("queue/<int:org_id>/", rep16_views.queue, name="queue"),
    path("routes/", rep16_views.routes, name="routes"),
    path("routes/<int:route_id>/delete/", rep16_views.route_delete, name="route_delete"),
    # ---- o31116
    path("api-keys/", key_views.api_keys, name="api_keys"),
    path("api-keys/<int:key_id>/revoke/", key_views.api_key_revoke, name="api_key_revoke"),
]
