from django.urls import path

app_name = "awards"
urlpatterns: list = []

# ---- judging (issue #13): panels, the judge's queue and scoring page, the progress board, the round's ranking
from . import judging_views  # noqa: E402

urlpatterns += [
    path("cycles/<int:cycle_id>/panels/", judging_views.panels, name="panels"),
    path("cycles/<int:cycle_id>/progress/", judging_views.progress, name="progress"),
    path("rounds/<int:round_id>/ranking/", judging_views.ranking, name="ranking"),
    path("judging/", judging_views.judge_queue, name="judge_queue"),
    path("judging/sheets/<int:sheet_id>/", judging_views.sheet, name="sheet"),
    path("judging/sheets/<int:sheet_id>/autosave/", judging_views.sheet_autosave, name="sheet_autosave"),
    path("judging/sheets/<int:sheet_id>/conflict/", judging_views.sheet_conflict, name="sheet_conflict"),
    path("judging/sheets/<int:sheet_id>/evidence/<int:evidence_id>/<str:filename>", judging_views.sheet_evidence,
         name="sheet_evidence"),
]
