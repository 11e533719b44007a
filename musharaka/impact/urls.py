"""Pages of the impact module (the pages part fills these in; the names are the contract other parts link to)."""

from django.urls import path

from . import views

app_name = "impact"

urlpatterns = [
    path("analyses/<int:analysis_id>/", views.analysis, name="analysis"),
]

# ---- reports15: the impact report's downloads (PDF in Arabic or English, the XLSX workbook)
from . import report_views  # noqa: E402

urlpatterns += [
    path("analyses/<int:analysis_id>/report.pdf", report_views.analysis_pdf, name="analysis_pdf"),
    path("analyses/<int:analysis_id>/workbook.xlsx", report_views.analysis_xlsx, name="analysis_xlsx"),
]
