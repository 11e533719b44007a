from django.urls import path

from . import views

app_name = "initiatives"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("new/", views.initiative_create, name="create"),
    path("experiences/", views.most_replicated, name="most_replicated"),
    path("organizations/<int:organization_id>/", views.portfolio, name="portfolio"),
    path("<int:initiative_id>/", views.initiative_detail, name="detail"),
    path("<int:initiative_id>/edit/", views.initiative_edit, name="edit"),
    path("<int:initiative_id>/cover/<str:filename>", views.initiative_cover, name="cover"),
    path("<int:initiative_id>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:initiative_id>/actions/<str:action>/", views.initiative_action, name="action"),
    path("<int:initiative_id>/success/", views.initiative_mark_success, name="mark_success"),
    path("<int:initiative_id>/replicate/", views.initiative_replicate, name="replicate"),
]
