from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns: list = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_create, name="create"),
    path("organizations/<int:organization_id>/", views.portfolio, name="portfolio"),
    path("<int:agreement_id>/", views.agreement_detail, name="detail"),
    path("<int:agreement_id>/edit/", views.agreement_edit, name="edit"),
    path("<int:agreement_id>/delete/", views.agreement_delete, name="delete"),
    path("<int:agreement_id>/terminate/", views.agreement_terminate, name="terminate"),
    path("<int:agreement_id>/renew/", views.agreement_renew, name="renew"),
    path("<int:agreement_id>/unpublish/", views.agreement_unpublish, name="unpublish"),
    path("<int:agreement_id>/commitments/new/", views.commitment_create, name="commitment_create"),
    path("<int:agreement_id>/commitments/<int:commitment_id>/edit/", views.commitment_edit, name="commitment_edit"),
    path("<int:agreement_id>/commitments/<int:commitment_id>/delete/", views.commitment_delete,
         name="commitment_delete"),
    path("<int:agreement_id>/commitments/<int:commitment_id>/follow-up/", views.commitment_follow_up,
         name="follow_up"),
    path("<int:agreement_id>/documents/", views.documents_manage, name="documents"),
    path("<int:agreement_id>/documents/<int:document_id>/delete/", views.document_delete, name="document_delete"),
    path("<int:agreement_id>/documents/<int:document_id>/<str:filename>", views.document_file, name="document"),
    path("<int:agreement_id>/evidence/<int:update_id>/<str:filename>", views.evidence_file, name="evidence"),
    path("<int:agreement_id>/comments/", views.comment_add, name="comment_add"),
    path("<int:agreement_id>/comments/<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
]

# ---- api: the register's export (CSV or XLSX, the register's GET filters)
from . import export_views  # noqa: E402

urlpatterns += [
    path("export/", export_views.export, name="export"),
]

# ---- network (issue #12): the partnership network and the statistics by pair of sectors
from . import network_views  # noqa: E402

urlpatterns += [
    path("network/", network_views.network_page, name="network"),
    path("statistics/", network_views.statistics_page, name="statistics"),
]
