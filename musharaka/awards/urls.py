from django.urls import path

app_name = "awards"
urlpatterns: list = []

# ---- results (issue #13): deliberation, results, certificates and their verification, feedback, people's choice
from . import results_views  # noqa: E402

urlpatterns += [
    path("cycles/<int:cycle_id>/deliberation/", results_views.deliberation, name="deliberation"),
    path("cycles/<int:cycle_id>/results/", results_views.results, name="results"),
    path("winners/<int:winner_id>/certificate.pdf", results_views.certificate, name="certificate"),
    path("certificates/verify/", results_views.verify_form, name="verify_form"),
    path("certificates/verify/<str:code>/", results_views.verify, name="verify"),
    path("applications/<int:application_id>/feedback/", results_views.feedback, name="feedback"),
    path("categories/<int:category_id>/vote/", results_views.vote, name="vote"),
]
