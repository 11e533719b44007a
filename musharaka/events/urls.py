from django.urls import path
from django.views.decorators.cache import cache_control

from . import question_views, views
from .feeds import PublishedEventsFeed

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
    # part 6: audience questions and feedback
    path("<int:event_id>/sessions/<int:session_id>/questions/", question_views.session_questions, name="questions"),
    path("<int:event_id>/sessions/<int:session_id>/questions/list/", question_views.questions_partial,
         name="questions_partial"),
    path("<int:event_id>/sessions/<int:session_id>/questions/moderate/", question_views.moderate_questions,
         name="moderate_questions"),
    path("<int:event_id>/sessions/<int:session_id>/questions/<int:question_id>/vote/", question_views.question_vote,
         name="question_vote"),
    path("<int:event_id>/sessions/<int:session_id>/questions/<int:question_id>/unvote/", question_views.question_unvote,
         name="question_unvote"),
    path("<int:event_id>/sessions/<int:session_id>/questions/<int:question_id>/withdraw/",
         question_views.question_withdraw, name="question_withdraw"),
    path("<int:event_id>/sessions/<int:session_id>/questions/<int:question_id>/moderate/",
         question_views.question_moderate, name="question_moderate"),
    path("<int:event_id>/sessions/<int:session_id>/screen/", question_views.question_screen, name="question_screen"),
    path("<int:event_id>/sessions/<int:session_id>/screen/list/", question_views.question_screen_partial,
         name="question_screen_partial"),
    path("<int:event_id>/feedback/", question_views.feedback, name="feedback"),
    path("<int:event_id>/sessions/<int:session_id>/feedback/", question_views.feedback_give, name="feedback_give"),
    path("<int:event_id>/manage/feedback/", question_views.feedback_results, name="feedback_results"),
    # Tickets, check-in, attendance, calendar and Atom feeds (part 4).
    path("<int:event_id>/tickets/<int:registration_id>/", views.ticket, name="ticket"),
    path("tickets/<str:token>/", views.ticket_by_link, name="ticket_by_link"),
    path("<int:event_id>/check-in/", views.check_in_page, name="check_in"),
    path("<int:event_id>/manage/attendance/", views.attendance_page, name="attendance"),
    path("<int:event_id>/calendar.ics", views.event_calendar, name="calendar"),
    path("organizations/<int:organization_id>.ics", views.organization_calendar, name="organization_calendar"),
    # Feed readers poll: a public cache lifetime (the feed carries only published events).
    path("feed.atom", cache_control(public=True, max_age=900)(PublishedEventsFeed()), name="feed"),
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

# ---------------------------------------------------------------- exhibition of initiatives (part 7)
from . import exhibition_views  # noqa: E402

urlpatterns += [
    path("<int:event_id>/exhibition/", exhibition_views.exhibition_page, name="exhibition"),
    path("<int:event_id>/exhibition/<int:showcase_id>/", exhibition_views.showcase_page, name="showcase"),
    path("<int:event_id>/exhibition/<int:showcase_id>/like/", exhibition_views.showcase_like, name="showcase_like"),
    path("<int:event_id>/manage/exhibition/", exhibition_views.manage_exhibition, name="manage_exhibition"),
    path("<int:event_id>/manage/exhibition/initiatives/", exhibition_views.showcase_add, name="showcase_add"),
    path("<int:event_id>/manage/exhibition/booths/<int:booth_id>/delete/", exhibition_views.booth_delete,
         name="booth_delete"),
    path("<int:event_id>/manage/exhibition/<int:showcase_id>/assign/", exhibition_views.showcase_assign,
         name="showcase_assign"),
    path("<int:event_id>/manage/exhibition/<int:showcase_id>/remove/", exhibition_views.showcase_remove,
         name="showcase_remove"),
    path("<int:event_id>/manage/exhibition/comments/", exhibition_views.moderate_comments,
         name="moderate_exhibit_comments"),
    path("<int:event_id>/manage/exhibition/<int:showcase_id>/comments/<int:comment_id>/",
         exhibition_views.comment_moderate, name="exhibit_comment_moderate"),
]


# ---------------------------------------------------------------- development media: news, photos
from django.views.decorators.cache import cache_control as _cache_control  # noqa: E402

from . import media_views  # noqa: E402

urlpatterns += [
    path("<int:event_id>/news/", media_views.news_list, name="news"),
    path("<int:event_id>/news/feed.atom", _cache_control(public=True, max_age=900)(media_views.EventNewsFeed()),
         name="news_feed"),
    path("<int:event_id>/news/<int:post_id>/", media_views.news_post, name="news_post"),
    path("<int:event_id>/news/<int:post_id>/image/<str:filename>", media_views.news_cover, name="news_cover"),
    path("<int:event_id>/photos/", media_views.gallery, name="photos"),
    path("<int:event_id>/photos/<int:photo_id>/<str:filename>", media_views.photo_file, name="photo"),
    path("<int:event_id>/photos/<int:photo_id>/small/<str:filename>", media_views.photo_thumbnail,
         name="photo_thumbnail"),
    path("<int:event_id>/manage/news/", media_views.manage_news, name="manage_news"),
    path("<int:event_id>/manage/news/<int:post_id>/", media_views.news_edit, name="news_edit"),
    path("<int:event_id>/manage/photos/", media_views.manage_photos, name="manage_photos"),
    path("<int:event_id>/manage/photos/<int:photo_id>/", media_views.photo_edit, name="photo_edit"),
]


# ---------------------------------------------------------------- attendance certificates (part 5)
from . import certificate_views  # noqa: E402

urlpatterns += [
    path("certificates/verify/", certificate_views.certificate_verify, name="certificate_verify"),
    path("certificates/verify/<str:code>/", certificate_views.certificate_verify_code, name="certificate_verify_code"),
    path("<int:event_id>/registrations/<int:registration_id>/certificate.pdf", certificate_views.certificate_download,
         name="certificate"),
    path("<int:event_id>/registrations/<int:registration_id>/sessions/<int:session_id>/certificate.pdf",
         certificate_views.certificate_download, name="session_certificate"),
    path("tickets/<str:token>/certificate.pdf", certificate_views.certificate_by_ticket_link,
         name="certificate_by_link"),
    path("tickets/<str:token>/sessions/<int:session_id>/certificate.pdf", certificate_views.certificate_by_ticket_link,
         name="session_certificate_by_link"),
    path("<int:event_id>/manage/certificates/", certificate_views.manage_certificates, name="manage_certificates"),
    path("<int:event_id>/manage/certificates/issue/", certificate_views.certificates_issue_all,
         name="certificates_issue_all"),
    path("<int:event_id>/manage/certificates/<int:certificate_id>/revoke/", certificate_views.certificate_revoke,
         name="certificate_revoke"),
]
