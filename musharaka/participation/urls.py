"""Pages of residents' participation (the names are the contract other parts link to), one block per part."""

from django.urls import path

from . import budget_views, ideas_views, moderation_views, survey_views, topic_views

app_name = "participation"

urlpatterns = [
    # processes, phases, ideas, supports, official answers, comments (ideas_views.py)
    path("", ideas_views.process_list, name="process_list"),
    path("new/", ideas_views.process_new, name="process_new"),
    path("<int:process_id>/", ideas_views.process_detail, name="process_detail"),
    path("<int:process_id>/edit/", ideas_views.process_edit, name="process_edit"),
    path("<int:process_id>/phases/", ideas_views.process_phases, name="process_phases"),
    path("phases/<int:phase_id>/delete/", ideas_views.phase_delete, name="phase_delete"),
    path("<int:process_id>/status/", ideas_views.process_status, name="process_status"),
    path("<int:process_id>/ideas/", ideas_views.idea_list, name="idea_list"),
    path("<int:process_id>/ideas/new/", ideas_views.idea_new, name="idea_new"),
    path("<int:process_id>/ideas/similar/", ideas_views.idea_similar, name="idea_similar"),
    path("ideas/<int:idea_id>/", ideas_views.idea_detail, name="idea_detail"),
    path("ideas/<int:idea_id>/edit/", ideas_views.idea_edit, name="idea_edit"),
    path("ideas/<int:idea_id>/support/", ideas_views.idea_support, name="idea_support"),
    path("ideas/<int:idea_id>/answer/", ideas_views.idea_answer, name="idea_answer"),
    path("ideas/<int:idea_id>/image/<str:filename>", ideas_views.idea_image, name="idea_image"),
    path("ideas/<int:idea_id>/comments/", ideas_views.comment_new, name="comment_new"),
    # moderation, abuse reports, blocks, merges, follows (moderation_views.py)
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
    # surveys: builder, answering, results, exports (survey_views.py)
    path("<int:process_id>/surveys/", survey_views.survey_list, name="survey_list"),
    path("<int:process_id>/surveys/new/", survey_views.survey_new, name="survey_new"),
    path("surveys/<int:survey_id>/edit/", survey_views.survey_edit, name="survey_edit"),
    path("surveys/<int:survey_id>/status/", survey_views.survey_status, name="survey_status"),
    path("surveys/<int:survey_id>/", survey_views.survey_answer, name="survey_answer"),
    path("surveys/<int:survey_id>/results/", survey_views.survey_results, name="survey_results"),
    path("surveys/<int:survey_id>/exports/", survey_views.survey_exports, name="survey_exports"),
    path("exports/<int:export_id>/<str:filename>", survey_views.survey_export_file, name="survey_export_file"),
    path("answers/<int:answer_id>/<str:filename>", survey_views.survey_answer_file, name="survey_answer_file"),
    # participatory budgets: projects, feasibility, ballots, results, the .pb file (budget_views.py)
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
    # the topic summary (topic_views.py)
    path("<int:process_id>/topics/", topic_views.topic_summary, name="topics"),
    path("<int:process_id>/topics/refresh/", topic_views.topic_refresh, name="topics_refresh"),
]
