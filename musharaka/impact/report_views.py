"""The impact report's downloads: the PDF (in the language asked) and the XLSX workbook of an SROI analysis.
Whoever may read the analysis may download them; drafts and reviews are not cached by shared caches."""

import io

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from . import reports, selectors
from .models import AnalysisStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _download(data: bytes, *, analysis, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=content_type)
    if analysis.status != AnalysisStatus.PUBLISHED:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def analysis_pdf(request, analysis_id: int):
    analysis = selectors.get_analysis(user=request.user, analysis_id=analysis_id)
    language = request.GET.get("lang") or (get_language() or "ar")[:2]
    language = language if language in LANGUAGES else "ar"
    owner = analysis.owner
    # An owner removed since (the link is generic, nothing cascades) leaves the report without its logic model.
    logic_model, stages = selectors.logic_model_page(owner) if owner is not None else (None, {})
    pdf = reports.analysis_pdf(selectors.analysis_page(analysis, with_comments=False), owner=owner,
                               logic_model=logic_model, stages=stages, language=language)
    return _download(pdf, analysis=analysis, filename=reports.pdf_filename(analysis), content_type="application/pdf")


@require_safe
def analysis_xlsx(request, analysis_id: int):
    analysis = selectors.get_analysis(user=request.user, analysis_id=analysis_id)
    data = reports.analysis_xlsx(selectors.analysis_page(analysis, with_comments=False), owner=analysis.owner)
    return _download(data, analysis=analysis, filename=reports.xlsx_filename(analysis), content_type=XLSX)
