"""Pages of residents' participation (the names are the contract other parts link to).

Each part's pages live in their own module and are listed in their own block below.
"""

from django.urls import path

urlpatterns: list = []
app_name = "participation"

# ---- processes, phases, ideas, supports, official answers (ideas_views.py)
# ---- comments, moderation, abuse reports, blocks, follows, digests (moderation_views.py)
# ---- surveys: builder, answering, results, exports (survey_views.py)
# ---- participatory budgets: projects, feasibility, ballots, results, .pb export (budget_views.py)
# ---- budgets17
from . import budget_views  # noqa: E402

urlpatterns += [
    path("<int:process_id>/budgets/", budget_views.budget_list, name="budget_list"),
    path("<int:process_id>/budgets/new/", budget_views.budget_new, name="budget_new"),
    path("budgets/<int:budget_id>/", budget_views.budget_detail, name="budget_detail"),
    path("budgets/<int:budget_id>/edit/", budget_views.budget_edit, name="budget_edit"),
    path("budgets/<int:budget_id>/projects/new/", budget_views.project_new, name="project_new"),
    path("projects/<int:project_id>/edit/", budget_views.project_edit, name="project_edit"),
    path("projects/<int:project_id>/feasibility/", budget_views.project_feasibility, name="project_feasibility"),
    path("budgets/<int:budget_id>/ballot/", budget_views.ballot, name="ballot"),
    path("budgets/<int:budget_id>/compute/", budget_views.budget_compute, name="budget_compute"),
    path("budgets/<int:budget_id>/publish/", budget_views.budget_publish, name="budget_publish"),
    path("budgets/<int:budget_id>/result/", budget_views.budget_result, name="budget_result"),
    path("budgets/<int:budget_id>/ballots.pb", budget_views.budget_pb, name="budget_pb"),
]
# ---- end budgets17
# ---- topic summary (topic_views.py)
