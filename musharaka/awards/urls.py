from django.urls import path

from . import judging_views, results_views, setup_views

app_name = "awards"
urlpatterns: list = []

# ---- setup: programmes, cycles and their setup, the jury's invitations, eligibility, applying

urlpatterns += [
    path("", setup_views.programme_list, name="programmes"),
    path("programmes/new/", setup_views.programme_create, name="programme_create"),
    path("programmes/<int:programme_id>/", setup_views.programme_detail, name="programme"),
    path("programmes/<int:programme_id>/edit/", setup_views.programme_edit, name="programme_edit"),
    path("programmes/<int:programme_id>/cycles/new/", setup_views.cycle_create, name="cycle_create"),
    path("cycles/<int:cycle_id>/", setup_views.cycle_detail, name="cycle"),
    path("cycles/<int:cycle_id>/edit/", setup_views.cycle_edit, name="cycle_edit"),
    path("cycles/<int:cycle_id>/setup/", setup_views.cycle_setup, name="cycle_setup"),
    path("cycles/<int:cycle_id>/setup/delete/", setup_views.setup_delete, name="setup_delete"),
    path("cycles/<int:cycle_id>/advance/", setup_views.cycle_advance, name="cycle_advance"),
    path("cycles/<int:cycle_id>/judges/", setup_views.judges, name="judges"),
    path("cycles/<int:cycle_id>/eligibility/", setup_views.eligibility, name="eligibility"),
    path("categories/<int:category_id>/edit/", setup_views.category_edit, name="category_edit"),
    path("categories/<int:category_id>/criteria/new/", setup_views.criterion_add, name="criterion_add"),
    path("criteria/<int:criterion_id>/edit/", setup_views.criterion_edit, name="criterion_edit"),
    path("categories/<int:category_id>/questions/new/", setup_views.question_add, name="question_add"),
    path("questions/<int:question_id>/edit/", setup_views.question_edit, name="question_edit"),
    path("categories/<int:category_id>/apply/", setup_views.apply, name="apply"),
    path("invitations/", setup_views.invitations, name="invitations"),
    path("applications/", setup_views.my_applications, name="my_applications"),
    path("applications/<int:application_id>/", setup_views.application_detail, name="application"),
    path("applications/<int:application_id>/edit/", setup_views.application_edit, name="application_edit"),
    path("applications/<int:application_id>/withdraw/", setup_views.application_withdraw,
         name="application_withdraw"),
    path("applications/<int:application_id>/delete/", setup_views.application_delete, name="application_delete"),
    path("applications/<int:application_id>/evidence/", setup_views.evidence_add, name="evidence_add"),
    path("applications/<int:application_id>/evidence/<int:evidence_id>/delete/", setup_views.evidence_delete,
         name="evidence_delete"),
    path("applications/<int:application_id>/evidence/<int:evidence_id>/<str:filename>", setup_views.evidence_file,
         name="evidence"),
]

# ---- results (issue #13): deliberation, results, certificates and their verification, feedback, people's choice

urlpatterns += [
    path("cycles/<int:cycle_id>/deliberation/", results_views.deliberation, name="deliberation"),
    path("cycles/<int:cycle_id>/results/", results_views.results, name="results"),
    path("winners/<int:winner_id>/certificate.pdf", results_views.certificate, name="certificate"),
    path("certificates/verify/", results_views.verify_form, name="verify_form"),
    path("certificates/verify/<str:code>/", results_views.verify, name="verify"),
    path("applications/<int:application_id>/feedback/", results_views.feedback, name="feedback"),
    path("categories/<int:category_id>/vote/", results_views.vote, name="vote"),
]

# ---- judging (issue #13): panels, the judge's queue and scoring page, the progress board, the round's ranking

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
