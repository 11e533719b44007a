from django.urls import path

app_name = "partnerships"
urlpatterns: list = []

# ---- api: the register's export (CSV or XLSX, the register's GET filters)
from . import export_views  # noqa: E402

urlpatterns += [
    path("export/", export_views.export, name="export"),
]
