"""Pages of the volunteering module (the names are the contract other parts link to)."""

from django.urls import path

from . import statistics_views  # volapi16

app_name = "volunteering"

urlpatterns: list = [
    # ---- vol16
    # ---- volapi16
    path("statistics/", statistics_views.statistics, name="statistics"),
    path("hour-values/", statistics_views.hour_values, name="hour_values"),
    path("hour-values/<int:value_id>/remove/", statistics_views.hour_value_remove, name="hour_value_remove"),
]
