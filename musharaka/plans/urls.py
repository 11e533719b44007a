from django.urls import path

from . import views

app_name = "plans"
urlpatterns: list = []

# ---- plan pages (views.py): list, create, the plan page, status moves, versions and differences, vision,
# partners, goals, actions, reviews, risks, reports (PDF, XLSX, charts)
urlpatterns += [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/edit/", views.plan_edit, name="edit"),
    path("<int:plan_id>/move/", views.plan_move, name="move"),
    path("<int:plan_id>/vision/", views.plan_vision, name="vision"),
    path("<int:plan_id>/partners/", views.plan_partners, name="partners"),
    path("<int:plan_id>/goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path("goals/<int:goal_id>/actions/new/", views.action_create, name="action_create"),
    path("actions/<int:action_id>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:action_id>/delete/", views.action_delete, name="action_delete"),
    path("actions/<int:action_id>/report/", views.action_report, name="action_report"),
    path("<int:plan_id>/versions/", views.plan_versions, name="versions"),
    path("<int:plan_id>/versions/<int:number>/", views.plan_version, name="version"),
    path("<int:plan_id>/versions/diff/", views.plan_diff, name="diff"),
    path("<int:plan_id>/reviews/new/", views.review_create, name="review_create"),
    path("reviews/<int:review_id>/", views.review_detail, name="review"),
    path("<int:plan_id>/risks/", views.plan_risks, name="risks"),
    path("<int:plan_id>/risks/new/", views.risk_create, name="risk_create"),
    path("risks/<int:risk_id>/edit/", views.risk_edit, name="risk_edit"),
    path("risks/<int:risk_id>/delete/", views.risk_delete, name="risk_delete"),
    path("<int:plan_id>/plan.pdf", views.plan_pdf, name="pdf"),
    path("<int:plan_id>/plan.xlsx", views.plan_xlsx, name="xlsx"),
    path("<int:plan_id>/charts/", views.plan_charts, name="charts"),
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

# ---- parity14: deleting a draft plan and a review on pages (the API's DELETE /plans/{id}, /plans/reviews/{id})
urlpatterns += [
    path("<int:plan_id>/delete/", views.plan_delete, name="delete"),
    path("reviews/<int:review_id>/delete/", views.review_delete, name="review_delete"),
]

# ---- vol17: correcting a recorded review on a page (the API's PATCH /plans/reviews/{review_id})
urlpatterns += [
    path("reviews/<int:review_id>/edit/", views.review_edit, name="review_edit"),
]
