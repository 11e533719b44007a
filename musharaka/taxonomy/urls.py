from django.urls import path

from . import views

app_name = "taxonomy"

urlpatterns = [
    path("", views.index, name="index"),
    path("glossary/", views.glossary, name="glossary"),
    path("glossary/new/", views.glossary_term_create, name="glossary_term_create"),
    path("glossary/<slug:code>/", views.glossary_term, name="glossary_term"),
    path("glossary/<slug:code>/edit/", views.glossary_term_edit, name="glossary_term_edit"),
]
