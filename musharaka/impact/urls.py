"""Pages of the impact module (the pages part fills these in; the names are the contract other parts link to)."""

from django.urls import path

from . import views

app_name = "impact"

urlpatterns = [
    path("analyses/<int:analysis_id>/", views.analysis, name="analysis"),
]
