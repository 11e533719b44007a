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
from . import needs_views  # noqa: E402

urlpatterns += [
    path("<int:plan_id>/needs/", needs_views.needs, name="needs"),
    path("<int:plan_id>/needs/submit/", needs_views.need_submit, name="need_submit"),
    path("<int:plan_id>/needs/similar/", needs_views.need_similar, name="need_similar"),
    path("<int:plan_id>/needs/moderation/", needs_views.moderation, name="moderation"),
    path("<int:plan_id>/needs/merge/", needs_views.need_merge, name="need_merge"),
    path("<int:plan_id>/matrix/", needs_views.matrix, name="matrix"),
    path("<int:plan_id>/priorities/", needs_views.priorities, name="priorities"),
    path("needs/<int:need_id>/", needs_views.need_detail, name="need"),
    path("needs/<int:need_id>/vote/", needs_views.need_vote, name="need_vote"),
    path("needs/<int:need_id>/edit/", needs_views.need_edit, name="need_edit"),
    path("needs/<int:need_id>/evidence/", needs_views.need_evidence, name="need_evidence"),
    path("needs/evidence/<int:evidence_id>/<str:filename>", needs_views.need_evidence_file,
         name="need_evidence_file"),
    path("needs/<int:need_id>/suggestions/", needs_views.suggestions, name="suggestions"),
    path("needs/<int:need_id>/replicate/", needs_views.replicate, name="replicate"),
]
