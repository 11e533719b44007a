"""The public statistics of verified volunteer hours and the staff's page of the values of an hour (volapi16)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from musharaka.core.errors import DomainError
from musharaka.core.permissions import require
from musharaka.core.refusals import form_error, message_error
from musharaka.geo.models import Region
from musharaka.taxonomy.models import Axis

from . import selectors, services
from .forms import HourValueForm
from .models import HourValue

CHART_ROWS = 20


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 1_000_000 else None


def statistics_filters(query) -> dict:
    """The page's and the API's filters from a query string: unknown or malformed values are ignored."""
    by = query.get("by") if query.get("by") in selectors.STATISTICS_GROUPS else "region"
    return {"by": by, "year": _int(query.get("year")), "region_id": _int(query.get("region")),
            "organization_id": _int(query.get("organization")), "axis_id": _int(query.get("axis"))}


def chart_json(statistics: selectors.HoursStatistics) -> str:
    """The chart's data for static/volunteering/statistics-chart.js (the table below the chart says the same)."""
    rows = statistics.rows[:CHART_ROWS]
    return json.dumps({"label": _("Verified hours"), "labels": [row.label or _("Without an axis") for row in rows],
                       "values": [float(row.hours) for row in rows]},
                      ensure_ascii=False).replace("<", "\\u003c")


@require_safe
def statistics(request):
    filters = statistics_filters(request.GET)
    page = _int(request.GET.get("page")) or 1
    found = selectors.hours_statistics(**filters, limit=selectors.ORGANIZATIONS_SHOWN,
                                       offset=(page - 1) * selectors.ORGANIZATIONS_SHOWN)
    pages = max(1, -(-found.count // selectors.ORGANIZATIONS_SHOWN)) if filters["by"] == "organization" else 1
    return render(request, "volunteering/statistics.html", {
        "statistics": found, "filters": filters, "page": min(page, pages), "pages": pages,
        "years": selectors.statistics_years(), "regions": Region.objects.order_by("code"),
        "axes": Axis.objects.order_by("position", "pk"), "chart_json": chart_json(found),
        "groups": [("region", _("By region")), ("organization", _("By organisation")), ("axis", _("By axis")),
                   ("year", _("By year"))]})


@login_required
def hour_values(request):
    require(request.user, "volunteering.manage_hour_values")
    form = HourValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        region = data.pop("region")
        data["region_id"] = region.pk if region else None
        try:
            services.hour_value_create(actor=request.user, data=data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The value of an hour was added."))
            return redirect("volunteering:hour_values")
    return render(request, "volunteering/hour_values.html", {"form": form, "rows": selectors.hour_values()})


@login_required
@require_POST
def hour_value_remove(request, value_id: int):
    require(request.user, "volunteering.manage_hour_values")
    services.hour_value_delete(actor=request.user, hour_value=get_object_or_404(HourValue, pk=value_id))
    messages.success(request, _("The value of an hour was removed."))
    return redirect("volunteering:hour_values")


@login_required
@require_POST
def impact_hours(request, analysis_id: int):
    """The impact analysis page's button: the initiative's verified volunteer hours as an investment."""
    from musharaka.impact import selectors as impact_selectors
    from musharaka.impact import services as impact_services

    analysis = impact_selectors.get_analysis(user=request.user, analysis_id=analysis_id)
    try:
        investment = impact_services.investment_from_volunteering(actor=request.user, analysis=analysis)
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("%(hours)s verified volunteer hours were taken as an investment.")
                         % {"hours": investment.hours})
    return redirect("impact:analysis", analysis_id=analysis.pk)
