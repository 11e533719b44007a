"""Placeholder: the pages part replaces this module."""

from django.http import HttpResponse

from musharaka.core.permissions import can


def analysis(request, analysis_id: int):
    from .selectors import get_analysis

    found = get_analysis(user=request.user, analysis_id=analysis_id)
    return HttpResponse(found.title_ar if can(request.user, "impact.view_analysis", found) else "")
