"""Pages of residents' participation (the names are the contract other parts link to).

Each part's pages live in their own module and are listed in their own block below.
"""


urlpatterns: list = []
app_name = "participation"

# ---- processes, phases, ideas, supports, official answers (ideas_views.py)
# ---- comments, moderation, abuse reports, blocks, follows, digests (moderation_views.py)
# ---- moderation17
from django.urls import path  # noqa: E402

from . import moderation_views  # noqa: E402

urlpatterns += [
    path("<int:process_id>/moderation/", moderation_views.queue, name="moderation"),
    path("<int:process_id>/moderation/log/", moderation_views.log, name="moderation_log"),
    path("ideas/<int:idea_id>/moderate/", moderation_views.idea_moderate, name="idea_moderate"),
    path("comments/<int:comment_id>/moderate/", moderation_views.comment_moderate, name="comment_moderate"),
    path("ideas/<int:idea_id>/report/", moderation_views.report_idea, name="abuse_report_idea"),
    path("comments/<int:comment_id>/report/", moderation_views.report_comment, name="abuse_report_comment"),
    path("abuse/<int:report_id>/dismiss/", moderation_views.abuse_dismiss, name="abuse_dismiss"),
    path("<int:process_id>/blocks/", moderation_views.blocks, name="blocks"),
    path("blocks/<int:block_id>/delete/", moderation_views.unblock, name="unblock"),
    path("ideas/<int:idea_id>/merge/", moderation_views.idea_merge, name="idea_merge"),
    path("follow/", moderation_views.follow, name="follow"),
    path("following/", moderation_views.following, name="following"),
]
# ---- end moderation17
# ---- surveys: builder, answering, results, exports (survey_views.py)
# ---- participatory budgets: projects, feasibility, ballots, results, .pb export (budget_views.py)
# ---- topic summary (topic_views.py)
