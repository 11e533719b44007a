"""Pages of residents' participation (the names are the contract other parts link to).

Each part's pages live in their own module and are listed in their own block below.
"""


urlpatterns: list = []
app_name = "participation"

# ---- processes, phases, ideas, supports, official answers (ideas_views.py)
# ---- comments, moderation, abuse reports, blocks, follows, digests (moderation_views.py)
# ---- surveys17: builder, answering, results, exports (survey_views.py)
from django.urls import path  # noqa: E402

from . import survey_views  # noqa: E402

urlpatterns += [
    path("<int:process_id>/surveys/", survey_views.survey_list, name="survey_list"),
    path("<int:process_id>/surveys/new/", survey_views.survey_new, name="survey_new"),
    path("surveys/<int:survey_id>/edit/", survey_views.survey_edit, name="survey_edit"),
    path("surveys/<int:survey_id>/status/", survey_views.survey_status, name="survey_status"),
    path("surveys/<int:survey_id>/", survey_views.survey_answer, name="survey_answer"),
    path("surveys/<int:survey_id>/results/", survey_views.survey_results, name="survey_results"),
    path("surveys/<int:survey_id>/exports/", survey_views.survey_exports, name="survey_exports"),
    path("exports/<int:export_id>/<str:filename>", survey_views.survey_export_file, name="survey_export_file"),
    path("answers/<int:answer_id>/<str:filename>", survey_views.survey_answer_file, name="survey_answer_file"),
]
# ---- end surveys17
# ---- participatory budgets: projects, feasibility, ballots, results, .pb export (budget_views.py)
# ---- topic summary (topic_views.py)
