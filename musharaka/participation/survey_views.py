"""Survey pages (filled in below)."""

from django.http import Http404


def _missing(request, **kwargs):
    raise Http404


survey_list = survey_new = survey_edit = survey_status = survey_answer = survey_results = _missing
survey_exports = survey_export_file = survey_answer_file = _missing
