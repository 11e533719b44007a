from django.urls import path

app_name = "partnerships"
urlpatterns: list = []

# ---- network (issue #12): the partnership network and the statistics by pair of sectors
from . import network_views  # noqa: E402

urlpatterns += [
    path("network/", network_views.network_page, name="network"),
    path("statistics/", network_views.statistics_page, name="statistics"),
]
