"""Pages of residents' participation (the names are the contract other parts link to).

Each part's pages live in their own module and are listed in their own block below.
"""


urlpatterns: list = []
app_name = "participation"

# ---- processes, phases, ideas, supports, official answers (ideas_views.py)
# ---- comments, moderation, abuse reports, blocks, follows, digests (moderation_views.py)
# ---- surveys: builder, answering, results, exports (survey_views.py)
# ---- participatory budgets: projects, feasibility, ballots, results, .pb export (budget_views.py)
# ---- topics17: topic summary (topic_views.py)
from django.urls import path  # noqa: E402

from . import topic_views  # noqa: E402

urlpatterns += [
    path("<int:process_id>/topics/", topic_views.topic_summary, name="topics"),
    path("<int:process_id>/topics/refresh/", topic_views.topic_refresh, name="topics_refresh"),
]
# ---- end topics17
