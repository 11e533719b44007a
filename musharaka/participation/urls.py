"""Pages of residents' participation (the names are the contract other parts link to).

Each part's pages live in their own module and are listed in their own block below.
"""


urlpatterns: list = []
app_name = "participation"

# ---- processes, phases, ideas, supports, official answers (ideas_views.py)
# ---- comments, moderation, abuse reports, blocks, follows, digests (moderation_views.py)
# ---- surveys: builder, answering, results, exports (survey_views.py)
# ---- participatory budgets: projects, feasibility, ballots, results, .pb export (budget_views.py)
# ---- topic summary (topic_views.py)
