"""The reports pages: the public form (with near duplicates suggested), the public list by place with median times
to resolve, a report's public page (with its status change and re-routing for those who handle it), the reporter's
private page, the signed-in person's own reports, the organisation's queue with bulk changes, the routes, the photo.

Thin views: reads through the selectors, writes through the services; a refusal comes back on the form or as a
message. Who may not act gets the 403 page.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.core import get_usage

from musharaka.core.errors import DomainError, NotPermitted
from musharaka.core.files import is_named_in_url, protected_file_response, protected_file_url
from musharaka.core.i18n import localized
from musharaka.core.permissions import can, require
from musharaka.core.refusals import message_error
from musharaka.geo.models import City, Neighbourhood, Region
from musharaka.orgs.models import Organization
from musharaka.orgs.roles import roles_of

from . import selectors, services
from .forms import BulkStatusForm, ListFilterForm, QueueFilterForm, ReportForm, RerouteForm, RouteForm, StatusForm
from .models import Report, ReportStatus, Route, ServiceCategory

PAGE_SIZE = 25
QUEUE_PAGE_SIZE = 50


def duration(seconds: float | None) -> str:
    """A time to resolve in days and hours (or hours and minutes when under a day)."""
    if seconds is None:
        return ""
    minutes = round(seconds / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        text = ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
        if hours:
            text = _("%(days)s and %(hours)s") % {
                "days": text, "hours": ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}}
        return text
    if hours:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", max(minutes, 1)) % {"count": max(minutes, 1)}


def _names() -> dict:
    return {"status_names": dict(ReportStatus.choices), "duration": duration}


def _place_lookup(request):
    """The options of the next place select (htmx): the cities of a region, the neighbourhoods of a city."""
    kind = request.GET.get("lookup")
    if kind not in ("cities", "neighbourhoods"):
        raise Http404
    value = request.GET.get("region" if kind == "cities" else "city") or ""
    parent = int(value) if value.isdigit() and len(value) < 10 else None
    if kind == "cities":
        rows = City.objects.filter(region_id=parent) if parent else City.objects.none()
        empty = _("— city —")
    else:
        rows = Neighbourhood.objects.filter(city_id=parent) if parent else Neighbourhood.objects.none()
        empty = _("— neighbourhood —")
    return render(request, "reports/_place_options.html", {"rows": rows, "empty": empty})


def _photo_url(report: Report) -> str:
    return protected_file_url("reports:photo", report.photo, report_id=report.pk)


# ---------------------------------------------------------------- the public form


def _categories_json(categories) -> list[dict]:
    return [{"id": category.pk, "code": category.code, "anonymous": category.allows_anonymous}
            for category in categories]


def _too_many_reports(request) -> HttpResponse | None:
    """Reports sent from one address are counted (django-ratelimit, the shared cache): a flood is refused."""
    usage = get_usage(request, group="reports:new", key="ip", rate=settings.REPORT_CREATE_RATE_PER_IP,
                      increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    response = render(request, "429.html", {"message": _(
        "Too many reports were sent from here. Wait a while and try again.")}, status=429)
    response["Retry-After"] = str(max(1, usage["time_left"]))
    return response


def report_new(request):
    if request.method == "GET" and request.GET.get("lookup"):
        return _place_lookup(request)
    if request.method == "POST" and (refused := _too_many_reports(request)) is not None:
        return refused
    categories = list(selectors.categories())
    lookup_url = reverse("reports:new")
    initial = {}
    if request.GET.get("category"):
        initial["category"] = next((c.pk for c in categories if c.code == request.GET["category"]), None)
    form = ReportForm(request.POST or None, request.FILES or None, categories=categories, lookup_url=lookup_url,
                      initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                actor=request.user, category=form.cleaned_data["category"], data=form.service_data(),
                photo=form.cleaned_data.get("photo"), attributes=form.attribute_answers())
        except DomainError as error:
            if isinstance(error, NotPermitted):
                raise
            form.add_error(form.field_for(error.field), str(error.message))
        else:
            messages.success(request, _("Your report was sent. Keep this page's address: it is your private link "
                                        "to follow it."))
            return redirect("reports:track", token=report.token)
    return render(request, "reports/new.html", {
        "form": form, "categories_json": _categories_json(categories),
        "map_tiles_url": settings.MAP_TILES_URL, "map_attribution": settings.MAP_TILES_ATTRIBUTION,
    })


@require_safe
def nearby(request):
    """The open reports near the point or in the neighbourhood of the same category (the form's suggestions)."""
    category = ServiceCategory.objects.filter(pk=_int(request.GET.get("category"))).first()
    rows: list = []
    if category is not None:
        latitude, longitude = _coordinate(request.GET.get("latitude"), 90), _coordinate(request.GET.get("longitude"),
                                                                                         180)
        neighbourhood_id = _int(request.GET.get("neighbourhood"))
        if latitude is None or longitude is None:
            latitude = longitude = None
        rows = selectors.nearby_duplicates(category, latitude, longitude, neighbourhood_id)
    return render(request, "reports/_nearby.html", {"rows": rows, **_names()})


def _int(value) -> int | None:
    value = (value or "").strip() if isinstance(value, str) else ""
    return int(value) if value.isdigit() and len(value) < 12 else None


def _coordinate(value, limit: int) -> float | None:
    try:
        number = float((value or "").strip())
    except ValueError:
        return None
    return number if -limit <= number <= limit else None


# ---------------------------------------------------------------- public list, report page, private link


@require_safe
def report_list(request):
    if request.GET.get("lookup"):
        return _place_lookup(request)
    filters = ListFilterForm(request.GET or None, lookup_url=reverse("reports:list"))
    values = filters.values() if request.GET else {}
    rows = selectors.report_rows(**values)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/list.html", {
        "filters": filters, "page_obj": page_obj, "medians": selectors.resolution_medians(), **_names()})


@require_safe
def report_detail(request, report_id: int):
    report = selectors.get_report(report_id)
    context = selectors.report_page(report, user=request.user)
    if context["can_handle"]:
        context["status_form"] = StatusForm(allowed=services.TRANSITIONS[report.status])
        if report.is_open:
            context["reroute_form"] = RerouteForm(report=report)
    return render(request, "reports/detail.html", {
        **context, "photo_url": _photo_url(report) if context["show_photo"] else "", **_names()})


@login_required
@require_safe
def mine(request):
    """The signed-in person's own reports (those not sent anonymously), newest first."""
    rows = selectors.reports_of(request.user)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/mine.html", {"page_obj": page_obj, **_names()})


@require_safe
def report_track(request, token: str):
    report = selectors.report_by_token(token)
    context = selectors.report_page(report, user=request.user)
    context["show_contact"] = True  # the private link is the reporter's: they see what they gave
    response = render(request, "reports/track.html", {
        **context, "photo_url": _photo_url(report) if context["show_photo"] else "",
        "private_link": request.build_absolute_uri(reverse("reports:track", args=[report.token])), **_names()})
    # The address is the key: not indexed, not sent on as a referrer, not kept by a shared cache.
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def report_photo(request, report_id: int, filename: str):
    report = get_object_or_404(Report, pk=report_id)
    if not is_named_in_url(report.photo, filename) or not can(request.user, "reports.view_photo", report):
        raise Http404
    return protected_file_response(report.photo, published=report.status != ReportStatus.REJECTED)


@login_required
@require_POST
def change_status(request, report_id: int):
    report = selectors.get_report(report_id)
    require(request.user, "reports.handle_report", report)
    form = StatusForm(request.POST)
    back = request.POST.get("next") or ""
    target = back if back.startswith("/") and not back.startswith("//") else reverse("reports:detail",
                                                                                     args=[report.pk])
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
        return redirect(target)
    original = None
    if form.cleaned_data.get("duplicate_of"):
        original = Report.objects.filter(pk=form.cleaned_data["duplicate_of"]).first()
        if original is None:
            messages.error(request, _("No report has this number."))
            return redirect(target)
    try:
        services.report_change_status(actor=request.user, report=report, status=form.cleaned_data["status"],
                                      note=form.cleaned_data["note"], duplicate_of=original,
                                      base_url=request.build_absolute_uri("/"))
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The report is now: %(status)s.") % {
            "status": ReportStatus(form.cleaned_data["status"]).label})
    return redirect(target)


@login_required
@require_POST
def reroute(request, report_id: int):
    """Send the report to another responsible organisation (those who handle it: the service says who)."""
    report = selectors.get_report(report_id)
    require(request.user, "reports.handle_report", report)
    form = RerouteForm(request.POST, report=report)
    target = reverse("reports:detail", args=[report.pk])
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
        return redirect(target)
    organization = form.cleaned_data["organization"]
    try:
        services.report_reroute(actor=request.user, report=report, organization=organization)
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The report was sent to %(organization)s.") % {
            "organization": localized(organization)})
    return redirect(target)


# ---------------------------------------------------------------- the organisation's queue


@login_required
def queue(request, org_id: int):
    organization = get_object_or_404(Organization, pk=org_id)
    require(request.user, "reports.view_queue", organization)
    filters = QueueFilterForm(request.GET or None, organization=organization)
    values = filters.values() if request.GET else {}
    rows = selectors.queue_rows(organization=organization, **values)
    page_obj = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    page_ids = [row["id"] for row in page_obj.object_list]
    # A prefix: the filters have their own "status" field on the same page.
    bulk = BulkStatusForm(request.POST or None, prefix="bulk", report_ids=page_ids if request.method != "POST" else
                          _queue_ids(organization, request.POST.getlist("bulk-reports")))
    if request.method == "POST":
        if bulk.is_valid():
            chosen = Report.objects.filter(pk__in=bulk.cleaned_data["reports"], organization=organization)
            try:
                count = services.reports_bulk_status(actor=request.user, reports=list(chosen),
                                                     status=bulk.cleaned_data["status"],
                                                     note=bulk.cleaned_data["note"],
                                                     base_url=request.build_absolute_uri("/"))
            except DomainError as error:
                message_error(request, error)
            else:
                messages.success(request, ngettext("%(count)d report changed.", "%(count)d reports changed.",
                                                   count) % {"count": count})
        else:
            messages.error(request, str(next(iter(bulk.errors.values()))[0]))
        return redirect(request.get_full_path())
    return render(request, "reports/queue.html", {
        "organization": organization, "filters": filters, "page_obj": page_obj, "bulk": bulk,
        "counts": selectors.status_counts(organization=organization), **_names()})


def _queue_ids(organization, values: list[str]) -> list[int]:
    ids = [int(value) for value in values if value.isdigit() and len(value) < 12][:services.BULK_MAX + 1]
    return list(Report.objects.filter(organization=organization, pk__in=ids).values_list("pk", flat=True))


# ---------------------------------------------------------------- routes


@login_required
def routes(request):
    require(request.user, "reports.view_routes")
    if request.GET.get("lookup"):
        return _place_lookup(request)
    staff = can(request.user, "reports.manage_routes", None)
    regions = None if staff else Region.objects.filter(pk__in=roles_of(request.user).coordinated_regions)
    form = RouteForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.route_save(actor=request.user, category=data["category"], organization=data["organization"],
                                region=data.get("region"), city=data.get("city"))
        except DomainError as error:
            if isinstance(error, NotPermitted):
                raise
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The route was saved."))
            return redirect("reports:routes")
    return render(request, "reports/routes.html", {"form": form, "rows": list(selectors.routes(user=request.user))})


@login_required
@require_POST
def route_delete(request, route_id: int):
    route = get_object_or_404(Route, pk=route_id)
    services.route_delete(actor=request.user, route=route)
    messages.success(request, _("The route was removed."))
    return redirect("reports:routes")
