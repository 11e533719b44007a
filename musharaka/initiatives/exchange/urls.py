from django.urls import path

from . import views

app_name = "initiatives_exchange"

urlpatterns = [
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("iati.xml", views.export_iati, name="iati"),
    path("exports/<uuid:job_id>/", views.export_job, name="export_job"),
    path("exports/<uuid:job_id>/status", views.export_job_status, name="export_job_status"),
    path("exports/<uuid:job_id>/file", views.export_job_file, name="export_job_file"),
    path("import/", views.import_initiatives, name="import"),
    path("import/template.xlsx", views.import_template_xlsx, name="import_template_xlsx"),
    path("import/template.csv", views.import_template_csv, name="import_template_csv"),
]
