from django.urls import path

from . import views

app_name = "initiatives_exchange"

urlpatterns = [
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("iati.xml", views.export_iati, name="iati"),
    path("import/", views.import_initiatives, name="import"),
    path("import/template.xlsx", views.import_template_xlsx, name="import_template_xlsx"),
    path("import/template.csv", views.import_template_csv, name="import_template_csv"),
]
