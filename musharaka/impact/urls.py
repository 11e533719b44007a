"""Pages of the impact module (the names are the contract other parts link to)."""

from django.urls import path

from . import views

app_name = "impact"

urlpatterns = [
    # ---- pages15
    path("", views.analysis_list, name="list"),
    path("queue/", views.review_queue, name="queue"),
    path("reviewers/", views.reviewers, name="reviewers"),
    path("reviewers/<int:reviewer_id>/remove/", views.reviewer_remove, name="reviewer_remove"),
    path("owners/<str:owner_kind>/<int:owner_id>/", views.owner_hub, name="owner"),
    path("owners/<str:owner_kind>/<int:owner_id>/logic-model/", views.logic_model_edit, name="logic_model_edit"),
    path("owners/<str:owner_kind>/<int:owner_id>/logic-model/items/new/", views.item_create, name="item_create"),
    path("owners/<str:owner_kind>/<int:owner_id>/analyses/new/", views.analysis_create, name="analysis_create"),
    path("items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:item_id>/delete/", views.item_delete, name="item_delete"),
    path("analyses/<int:analysis_id>/", views.analysis, name="analysis"),
    path("analyses/<int:analysis_id>/edit/", views.analysis_edit, name="analysis_edit"),
    path("analyses/<int:analysis_id>/delete/", views.analysis_delete, name="analysis_delete"),
    path("analyses/<int:analysis_id>/submit/", views.analysis_submit, name="analysis_submit"),
    path("analyses/<int:analysis_id>/return/", views.analysis_return, name="analysis_return"),
    path("analyses/<int:analysis_id>/publish/", views.analysis_publish, name="analysis_publish"),
    path("analyses/<int:analysis_id>/revise/", views.analysis_revise, name="analysis_revise"),
    path("analyses/<int:analysis_id>/stakeholders/new/", views.stakeholder_create, name="stakeholder_create"),
    path("stakeholders/<int:stakeholder_id>/edit/", views.stakeholder_edit, name="stakeholder_edit"),
    path("stakeholders/<int:stakeholder_id>/delete/", views.stakeholder_delete, name="stakeholder_delete"),
    path("analyses/<int:analysis_id>/investments/new/", views.investment_create, name="investment_create"),
    path("investments/<int:investment_id>/edit/", views.investment_edit, name="investment_edit"),
    path("investments/<int:investment_id>/delete/", views.investment_delete, name="investment_delete"),
    path("analyses/<int:analysis_id>/outcomes/new/", views.outcome_create, name="outcome_create"),
    path("outcomes/<int:outcome_id>/edit/", views.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:outcome_id>/delete/", views.outcome_delete, name="outcome_delete"),
    path("analyses/<int:analysis_id>/comments/", views.comment_create, name="comment_create"),
    path("comments/<int:comment_id>/resolve/", views.comment_resolve, name="comment_resolve"),
]

# ---- reports15: the impact report's downloads (PDF in Arabic or English, the XLSX workbook)
from . import report_views  # noqa: E402

urlpatterns += [
    path("analyses/<int:analysis_id>/report.pdf", report_views.analysis_pdf, name="analysis_pdf"),
    path("analyses/<int:analysis_id>/workbook.xlsx", report_views.analysis_xlsx, name="analysis_xlsx"),
]
