from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("registrations/", views.my_registrations, name="my_registrations"),
    path("registrations/confirm/<str:token>/", views.registration_confirm, name="confirm"),
    path("registrations/cancel/<str:token>/", views.registration_cancel_by_link, name="cancel_by_link"),
    path("<int:event_id>/", views.event_detail, name="detail"),
    path("<int:event_id>/edit/", views.event_edit, name="edit"),
    path("<int:event_id>/cover/<str:filename>", views.event_cover, name="cover"),
    path("<int:event_id>/agenda/", views.event_agenda, name="agenda"),
    path("<int:event_id>/speakers/", views.speaker_list, name="speakers"),
    path("<int:event_id>/speakers/<int:speaker_id>/", views.speaker_detail, name="speaker"),
    path("<int:event_id>/speakers/<int:speaker_id>/photo/<str:filename>", views.speaker_photo, name="speaker_photo"),
    path("<int:event_id>/register/", views.register, name="register"),
    path("<int:event_id>/registrations/<int:registration_id>/cancel/", views.registration_cancel, name="cancel"),
    path("<int:event_id>/sessions/<int:session_id>/book/", views.session_book, name="book_session"),
    path("<int:event_id>/sessions/<int:session_id>/unbook/", views.session_unbook, name="unbook_session"),
    path("<int:event_id>/manage/sessions/", views.manage_sessions, name="manage_sessions"),
    path("<int:event_id>/manage/sessions/<int:session_id>/", views.session_edit, name="session_edit"),
    path("<int:event_id>/manage/speakers/", views.manage_speakers, name="manage_speakers"),
    path("<int:event_id>/manage/speakers/<int:speaker_id>/", views.speaker_edit, name="speaker_edit"),
    path("<int:event_id>/manage/registrations/", views.manage_registrations, name="manage_registrations"),
    path("<int:event_id>/manage/registrations.csv", views.registrations_csv, name="registrations_csv"),
    path("<int:event_id>/manage/registrations/<int:registration_id>/<str:action>/", views.registration_decide,
         name="decide"),
]

# ---------------------------------------------------------------- recommendations (deliverable 8)
from . import recommendation_views  # noqa: E402

urlpatterns += [
    path("recommendations/", recommendation_views.tracker, name="recommendations"),
    path("recommendations/<int:recommendation_id>/", recommendation_views.recommendation_detail,
         name="recommendation"),
    path("recommendations/<int:recommendation_id>/edit/", recommendation_views.recommendation_edit,
         name="recommendation_edit"),
    path("recommendations/<int:recommendation_id>/evidence/<int:evidence_id>/<str:filename>",
         recommendation_views.recommendation_evidence, name="recommendation_evidence"),
    path("<int:event_id>/recommendations/", recommendation_views.event_recommendations, name="event_recommendations"),
]
