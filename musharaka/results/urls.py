from django.urls import path

from . import views

app_name = "results"
# ---- results (pages)
urlpatterns: list = [
    path("queue/", views.queue, name="queue"),
    path("<slug:owner_kind>/<int:owner_id>/new/", views.result_create, name="result_create"),
    path("result/<int:result_id>/edit/", views.result_edit, name="result_edit"),
    path("result/<int:result_id>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicator/<int:indicator_id>/", views.indicator, name="indicator"),
    path("indicator/<int:indicator_id>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicator/<int:indicator_id>/periods/new/", views.period_create, name="period_create"),
    path("period/<int:period_id>/edit/", views.period_edit, name="period_edit"),
    path("period/<int:period_id>/updates/new/", views.update_create, name="update_create"),
    path("update/<int:update_id>/", views.update, name="update"),
    path("update/<int:update_id>/edit/", views.update_edit, name="update_edit"),
    path("evidence/<int:evidence_id>/<str:filename>", views.evidence, name="evidence"),
]
