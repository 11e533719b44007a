"""Pages of the volunteering module (the names are the contract other parts link to)."""

from django.urls import path

from . import statistics_views, views  # statistics_views: volapi16

app_name = "volunteering"

urlpatterns: list = [
    # ---- vol16
    path("", views.opportunity_list, name="list"),
    path("<int:opportunity_id>/", views.opportunity_detail, name="opportunity"),
    path("shifts/<int:shift_id>/apply/", views.apply, name="apply"),
    path("applications/<int:application_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:opportunity_id>/hours/", views.log_hours, name="log_hours"),
    path("hours/<int:entry_id>/delete/", views.hours_delete, name="hours_delete"),
    path("organisations/<int:org_id>/", views.manage, name="manage"),
    path("organisations/<int:org_id>/new/", views.opportunity_create, name="create"),
    path("<int:opportunity_id>/edit/", views.opportunity_edit, name="edit"),
    path("<int:opportunity_id>/publish/", views.opportunity_publish, name="publish"),
    path("<int:opportunity_id>/close/", views.opportunity_close, name="close"),
    path("<int:opportunity_id>/cancel/", views.opportunity_cancel, name="cancel"),
    path("<int:opportunity_id>/delete/", views.opportunity_delete, name="delete"),
    path("<int:opportunity_id>/shifts/new/", views.shift_edit, name="shift_create"),
    path("<int:opportunity_id>/shifts/<int:shift_id>/", views.shift_edit, name="shift_edit"),
    path("<int:opportunity_id>/shifts/<int:shift_id>/delete/", views.shift_delete, name="shift_delete"),
    path("<int:opportunity_id>/questions/new/", views.question_edit, name="question_create"),
    path("<int:opportunity_id>/questions/<int:question_id>/", views.question_edit, name="question_edit"),
    path("<int:opportunity_id>/questions/<int:question_id>/delete/", views.question_delete,
         name="question_delete"),
    path("<int:opportunity_id>/applications/", views.applications, name="applications"),
    path("applications/<int:application_id>/decide/", views.decide, name="decide"),
    path("organisations/<int:org_id>/hours/", views.hours_queue, name="hours_queue"),
    path("hours/<int:entry_id>/verify/", views.hours_verify, name="hours_verify"),
    path("hours/<int:entry_id>/reject/", views.hours_reject, name="hours_reject"),
    path("shifts/<int:shift_id>/verify-hours/", views.hours_verify_shift, name="hours_verify_shift"),
    path("me/", views.profile, name="profile"),
    path("organisations/<int:org_id>/certificate/", views.certificate_issue, name="certificate_issue"),
    path("certificates/<int:certificate_id>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("verify/", views.certificate_verify, name="certificate_verify"),
    path("verify/<str:code>/", views.certificate_verify_code, name="certificate_verify_code"),
    # ---- volapi16
    path("statistics/", statistics_views.statistics, name="statistics"),
    path("hour-values/", statistics_views.hour_values, name="hour_values"),
    path("hour-values/<int:value_id>/remove/", statistics_views.hour_value_remove, name="hour_value_remove"),
    path("impact/<int:analysis_id>/hours/", statistics_views.impact_hours, name="impact_hours"),
    # ---- vol17: the certificates an organisation issued, and revoking one (the API's POST …/certificates/{id}/revoke)
    path("organisations/<int:org_id>/certificates/", views.organization_certificates, name="certificates"),
    path("certificates/<int:certificate_id>/revoke/", views.certificate_revoke, name="certificate_revoke"),
]
