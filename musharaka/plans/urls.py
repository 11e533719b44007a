from django.urls import path

from . import views

app_name = "plans"
urlpatterns: list = []

# ---- plan pages (views.py): list, create, the plan page, status moves, versions and differences, vision,
# partners, goals, actions, reviews, risks, reports (PDF, XLSX)
urlpatterns += [
    path("", views.plan_list, name="list"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
]

# ---- needs (needs_views.py): the public needs page, submitting, voting, the team's moderation and the matrix
urlpatterns += []
