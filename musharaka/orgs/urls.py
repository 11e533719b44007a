from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("", views.organization_list, name="list"),
    path("new/", views.organization_create, name="create"),
    path("options/", views.organization_options, name="options"),
    path("<int:organization_id>/", views.organization_detail, name="detail"),
    path("<int:organization_id>/edit/", views.organization_edit, name="edit"),
    path("<int:organization_id>/members/", views.organization_members, name="members"),
    path("<int:organization_id>/members/<int:membership_id>/", views.membership_update, name="membership"),
    path("<int:organization_id>/verify/", views.organization_verify, name="verify"),
]
