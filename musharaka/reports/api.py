"""The residents' reports API (/api/v1/reports); Open311 GeoReport v2 is served by `open311.py`.

Categories (public, with their attribute questions); reports: the public list with its filters, one report (public
fields; who handles it, and its reporter, also see the contact given), its timeline, create (JSON; a photo goes to
`POST /{id}/photo`, multipart), the status workflow one by one or in bulk, re-routing to another organisation, the
caller's own, an organisation's queue, a report by its private token, near duplicates, the median times to resolve;
routes and Open311 API keys for staff. What one may not see answers 404; what one sees but may not do, 403; a status
the workflow does not allow from the report's present one (or re-routing a closed report), 409; bad input, 422.
"""

from django.db.models import Prefetch
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from ninja import File, Path, Query, Router, Status, UploadedFile

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import InvalidInput, NotFound
from musharaka.core.i18n import localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.permissions import can, require
from musharaka.core.schemas import RecordId, error_responses, upload_formats
from musharaka.geo.models import City, Region
from musharaka.orgs.models import Organization

from . import keys, selectors, services
from .models import ApiKey, CategoryAttribute, Report, Route, ServiceCategory, Source
from .open311 import photo_path
from .schemas import (
    ReportApiKeyIn,
    ReportApiKeyIssuedOut,
    ReportApiKeyOut,
    ReportBulkStatusIn,
    ReportBulkStatusOut,
    ReportCategoryOut,
    ReportCreatedOut,
    ReportCreateIn,
    ReportFilters,
    ReportMediansOut,
    ReportNearbyOut,
    ReportNearbyParams,
    ReportOut,
    ReportQueueFilters,
    ReportRerouteIn,
    ReportRouteIn,
    ReportRouteOut,
    ReportRow,
    ReportStatusIn,
    ReportUpdateOut,
)

router = Router(tags=["reports"])

READ = error_responses(lookup=True)
AUTH_READ = error_responses(auth=True, lookup=True)
WRITE = error_responses(auth=True, body=True, lookup=True, conflict=True)
ACTION = error_responses(auth=True, lookup=True, conflict=True)


def _ref(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": localized(obj)}


# ---------------------------------------------------------------- categories


def _value_out(value: dict) -> dict:
    return {"key": str(value.get("key", "")), "name": localized(value, "name") or str(value.get("key", ""))}


def category_out(category: ServiceCategory) -> dict:
    return {
        "id": category.pk, "code": category.code, "name": localized(category), "name_ar": category.name_ar,
        "name_en": category.name_en, "description": localized(category, "description"),
        "group": localized(category, "group"), "allows_anonymous": category.allows_anonymous,
        "attributes": [{"code": a.code, "datatype": a.datatype, "required": a.required,
                        "description": localized(a, "description"), "description_ar": a.description_ar,
                        "description_en": a.description_en, "values": [_value_out(v) for v in (a.values or [])]}
                       for a in category.attributes.all()],
    }


@router.get("/categories", response={200: list[ReportCategoryOut], **error_responses()})
def list_categories(request):
    """The active categories (Open311 services) with the questions each asks."""
    categories = ServiceCategory.objects.filter(active=True).prefetch_related(
        Prefetch("attributes", queryset=CategoryAttribute.objects.order_by("position", "pk")))
    return [category_out(category) for category in categories]


# ---------------------------------------------------------------- Open311 API keys (platform staff)


def api_key_out(key: ApiKey) -> dict:
    return {"id": key.pk, "organization": _ref(key.organization), "label": key.label, "prefix": key.prefix,
            "created_at": key.created_at, "last_used_at": key.last_used_at, "revoked_at": key.revoked_at}


@router.get("/api-keys", auth=api_auth, response={200: list[ReportApiKeyOut], **error_responses(auth=True)})
def list_api_keys(request):
    """The Open311 API keys issued (their first characters only; the platform's staff)."""
    require(request_user(request), "reports.manage_api_keys")
    return [api_key_out(key) for key in ApiKey.objects.select_related("organization")[:500]]


@router.post("/api-keys", auth=api_auth, response={201: ReportApiKeyIssuedOut, **WRITE})
def issue_api_key(request, payload: ReportApiKeyIn):
    """Issue a key to an organisation: the answer carries the key itself, once."""
    user = request_user(request)
    require(user, "reports.manage_api_keys")
    organization = Organization.objects.filter(pk=payload.organization_id).first()
    if organization is None:
        raise InvalidInput(_("There is no such organisation."), code="unknown_reference", field="organization_id")
    key, raw = keys.api_key_issue(actor=user, organization=organization, label=payload.label)
    return Status(201, {**api_key_out(key), "key": raw})


@router.post("/api-keys/{key_id}/revoke", auth=api_auth, response={200: ReportApiKeyOut, **ACTION})
def revoke_api_key(request, key_id: Path[RecordId]):
    """Revoke a key (409 `already_revoked` when it is)."""
    user = request_user(request)
    require(user, "reports.manage_api_keys")
    key = ApiKey.objects.select_related("organization").filter(pk=key_id).first()
    if key is None:
        raise NotFound()
    key = keys.api_key_revoke(actor=user, key=key)
    return api_key_out(key)


# ---------------------------------------------------------------- reports: rows


ROW_FIELDS = ("id", "status", "created_at", "updated_at", "category_id", "category__code", "category__name_ar",
              "category__name_en", "region_id", "region__name_ar", "region__name_en", "city_id", "city__name_ar",
              "city__name_en", "neighbourhood_id", "neighbourhood__name_ar", "neighbourhood__name_en",
              "organization_id", "organization__name_ar", "organization__name_en", "latitude", "longitude",
              "address", "photo")


def _named(row: dict, prefix: str) -> dict | None:
    if row[f"{prefix}_id"] is None:
        return None
    return {"id": row[f"{prefix}_id"], "name": localized({"name_ar": row[f"{prefix}__name_ar"],
                                                          "name_en": row[f"{prefix}__name_en"]})}


def _float(value) -> float | None:
    return None if value is None else float(value)


def report_row(row: dict) -> dict:
    return {
        "id": row["id"], "status": row["status"], "description": row["text_start"],
        "category": {"id": row["category_id"], "code": row["category__code"],
                     "name": localized({"name_ar": row["category__name_ar"], "name_en": row["category__name_en"]})},
        "region": _named(row, "region"), "city": _named(row, "city"), "neighbourhood": _named(row, "neighbourhood"),
        "organization": _named(row, "organization"), "latitude": _float(row["latitude"]),
        "longitude": _float(row["longitude"]), "address": row["address"], "has_photo": bool(row["photo"]),
        "created_at": row["created_at"], "updated_at": row["updated_at"],
    }


def _rows(queryset):
    """A selector's rows (newest first) with the columns the API's rows show."""
    return queryset.values(*ROW_FIELDS, text_start=Substr("description", 1, selectors.EXCERPT_LENGTH))


def _page(rows, paging: PageParams):
    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size,
                                transform=lambda page: [report_row(row) for row in page]))


def _category_id(code: str | None) -> int | None:
    """The id of the category a filter names; an unknown code matches nothing (-1), it is no error."""
    if not code:
        return None
    return ServiceCategory.objects.filter(code=code).values_list("pk", flat=True).first() or -1


# ---------------------------------------------------------------- reports: one


def _report(report_id: int) -> Report:
    return selectors.get_report(report_id)


def report_out(report: Report, user, *, contact: bool | None = None) -> dict:
    show_contact = can(user, "reports.view_contact", report) if contact is None else contact
    photo_url = photo_path(report) if report.photo and can(user, "reports.view_photo", report) else ""
    return {
        "id": report.pk, "status": report.status, "description": report.description,
        "category": {"id": report.category_id, "code": report.category.code, "name": localized(report.category)},
        "region": _ref(report.region), "city": _ref(report.city), "neighbourhood": _ref(report.neighbourhood),
        "organization": _ref(report.organization), "latitude": _float(report.latitude),
        "longitude": _float(report.longitude), "address": report.address, "has_photo": bool(report.photo),
        "created_at": report.created_at, "updated_at": report.updated_at, "status_note": report.status_note,
        "attributes": report.attributes or {}, "media_url": report.media_url, "photo_url": photo_url or None,
        "anonymous": report.anonymous, "source": report.source, "duplicate_of_id": report.duplicate_of_id,
        "acknowledged_at": report.acknowledged_at, "closed_at": report.closed_at,
        "resolution_seconds": report.resolution_seconds,
        "contact": {"name": report.contact_name, "email": report.contact_email, "phone": report.contact_phone,
                    "reporter_id": report.reporter_id} if show_contact else None,
        "may_handle": can(user, "reports.handle_report", report),
        "timeline": [update_out(update) for update in selectors.timeline(report)],
    }


def update_out(update) -> dict:
    return {"id": update.pk, "status_from": update.status_from, "status_to": update.status_to, "note": update.note,
            "created_at": update.created_at}


# ---------------------------------------------------------------- reports: lists (fixed paths before /{report_id})


@router.get("", response={200: Page[ReportRow], **error_responses()})
def list_reports(request, paging: Query[PageParams], filters: Query[ReportFilters]):
    """The public list, newest first: by region, city or neighbourhood (the narrowest given), category, status."""
    rows = selectors.report_rows(region_id=filters.region, city_id=filters.city,
                                 neighbourhood_id=filters.neighbourhood, category_id=_category_id(filters.category),
                                 status=filters.status)
    return _page(_rows(rows), paging)


@router.post("", auth=api_auth, response={201: ReportCreatedOut, **WRITE})
def create_report(request, payload: ReportCreateIn):
    """Report a problem (the photo goes to `POST /{id}/photo` afterwards). The answer carries the private link's
    token, once: keep it to follow the report."""
    user = request_user(request)
    category = ServiceCategory.objects.filter(code=payload.category, active=True).first()
    if category is None:
        raise InvalidInput(_("There is no such category."), code="unknown_reference", field="category")
    data = payload.model_dump(exclude={"category", "attributes"})
    report = services.report_create(actor=user, category=category, data=data, source=Source.API,
                                    attributes=payload.attributes)
    report = _report(report.pk)
    link = services.track_url(report)
    return Status(201, {**report_out(report, user, contact=True), "token": report.token,
                        "track_url": request.build_absolute_uri(link) if link else ""})


@router.get("/mine", auth=api_auth, response={200: Page[ReportRow], **error_responses(auth=True)})
def my_reports(request, paging: Query[PageParams]):
    """The caller's own reports (those not sent anonymously), newest first."""
    user = request_user(request)
    return _page(_rows(Report.objects.filter(reporter=user).order_by("-id")), paging)


@router.get("/medians", response={200: ReportMediansOut, **error_responses()})
def resolution_medians(request):
    """The median time to resolve (seconds) per category and per region, with the number of resolved reports."""
    found = selectors.resolution_medians()
    return {
        "by_category": [{"category": {"id": row["category_id"], "code": row["code"], "name": localized(row)},
                         "median_seconds": round(row["median_seconds"]), "resolved": row["resolved"]}
                        for row in found["by_category"]],
        "by_region": [{"region": {"id": row["region_id"], "name": localized(row)},
                       "median_seconds": round(row["median_seconds"]), "resolved": row["resolved"]}
                      for row in found["by_region"]],
    }


@router.get("/nearby", response={200: list[ReportNearbyOut], **error_responses()})
def nearby(request, params: Query[ReportNearbyParams]):
    """Open reports of the category within 150 m of the point or in the neighbourhood (before sending the same
    problem again): nearest first."""
    category_id = _category_id(params.category)
    if category_id is None or category_id < 0 or (params.latitude is None) != (params.longitude is None):
        return []
    rows = selectors.nearby_duplicates(category_id, params.latitude, params.longitude, params.neighbourhood)
    return [{"id": row["id"], "status": row["status"], "description": row["excerpt"],
             "created_at": row["created_at"], "latitude": _float(row["latitude"]),
             "longitude": _float(row["longitude"]),
             "neighbourhood": _named(row, "neighbourhood") if row["neighbourhood_id"] else None,
             "distance_m": row["distance_m"]} for row in rows]


@router.get("/queue/{organization_id}", auth=api_auth, response={200: Page[ReportRow], **AUTH_READ})
def organization_queue(request, organization_id: Path[RecordId], paging: Query[PageParams],
                       filters: Query[ReportQueueFilters]):
    """An organisation's reports for its staff (its admins and editors, its region's coordinators, platform staff):
    open ones unless a status is asked, newest first."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise NotFound()
    require(request_user(request), "reports.view_queue", organization)
    rows = selectors.queue_rows(organization=organization, status=filters.status,
                                category_id=_category_id(filters.category), neighbourhood_id=filters.neighbourhood,
                                date_from=filters.since, date_to=filters.until)
    return _page(_rows(rows), paging)


@router.get("/track/{token}", response={200: ReportOut, **READ})
def track(request, token: Path[str]):
    """The report its private link names (no account needed): what its public page shows, with the timeline."""
    found = selectors.report_by_token(token)
    return report_out(_report(found.pk), request_user(request))


@router.post("/bulk-status", auth=api_auth, response={200: ReportBulkStatusOut, **WRITE})
def bulk_status(request, payload: ReportBulkStatusIn):
    """The same status and note on several reports, all or nothing (one refused changes none)."""
    user = request_user(request)
    ids = sorted(set(payload.report_ids))
    reports = list(Report.objects.filter(pk__in=ids))
    if len(reports) != len(ids):
        raise NotFound()
    changed = services.reports_bulk_status(actor=user, reports=reports, status=payload.status, note=payload.note,
                                           base_url=request.build_absolute_uri("/"))
    return {"changed": changed}


# ---------------------------------------------------------------- routes (staff, coordinators)


def route_out(route: Route) -> dict:
    category = route.category
    return {"id": route.pk, "category": {"id": category.pk, "code": category.code, "name": localized(category)},
            "region": _ref(route.region), "city": _ref(route.city), "organization": _ref(route.organization)}


@router.get("/routes", auth=api_auth, response={200: list[ReportRouteOut], **error_responses(auth=True)})
def list_routes(request):
    """The routes the caller may change: all for platform staff, their regions' for coordinators."""
    user = request_user(request)
    require(user, "reports.view_routes")
    return [route_out(route) for route in selectors.routes(user=user)[:1000]]


@router.post("/routes", auth=api_auth, response={201: ReportRouteOut, **WRITE})
def save_route(request, payload: ReportRouteIn):
    """Route a category at a place (a city, a region, or neither: the national default) to an organisation; a
    place that has a route gets the new organisation."""
    user = request_user(request)
    require(user, "reports.view_routes")
    category = ServiceCategory.objects.filter(code=payload.category).first()
    if category is None:
        raise InvalidInput(_("There is no such category."), code="unknown_reference", field="category")
    organization = Organization.objects.filter(pk=payload.organization_id).first()
    if organization is None:
        raise InvalidInput(_("There is no such organisation."), code="unknown_reference", field="organization_id")
    region = city = None
    if payload.region_id is not None:
        region = Region.objects.filter(pk=payload.region_id).first()
        if region is None:
            raise InvalidInput(_("There is no such region."), code="unknown_reference", field="region_id")
    if payload.city_id is not None:
        city = City.objects.select_related("region").filter(pk=payload.city_id).first()
        if city is None:
            raise InvalidInput(_("There is no such city."), code="unknown_reference", field="city_id")
    route = services.route_save(actor=user, category=category, organization=organization, region=region, city=city)
    route = Route.objects.select_related("category", "region", "city", "organization").get(pk=route.pk)
    return Status(201, route_out(route))


@router.delete("/routes/{route_id}", auth=api_auth, response={204: None, **ACTION})
def delete_route(request, route_id: Path[RecordId]):
    user = request_user(request)
    route = Route.objects.filter(pk=route_id).first()
    if route is None:
        raise NotFound()
    services.route_delete(actor=user, route=route)
    return Status(204, None)


# ---------------------------------------------------------------- one report


@router.get("/{report_id}", response={200: ReportOut, **READ})
def get_report(request, report_id: Path[RecordId]):
    """The report's public part and timeline; those who handle it (and its reporter) also see the contact given."""
    return report_out(_report(report_id), request_user(request))


@router.get("/{report_id}/timeline", response={200: list[ReportUpdateOut], **READ})
def get_timeline(request, report_id: Path[RecordId]):
    """Every status change with its public note, oldest first."""
    report = _report(report_id)
    return [update_out(update) for update in selectors.timeline(report)]


@router.post("/{report_id}/status", auth=api_auth, response={200: ReportOut, **WRITE})
def change_status(request, report_id: Path[RecordId], payload: ReportStatusIn):
    """Move the report along its workflow with a public note (a rejection or a duplicate needs one; a duplicate
    names the original of the same category). A move its status does not allow: 409 `bad_transition`."""
    user = request_user(request)
    report = _report(report_id)
    original = None
    if payload.duplicate_of is not None:
        original = Report.objects.filter(pk=payload.duplicate_of).first()
        if original is None:
            raise InvalidInput(_("There is no such report."), code="unknown_reference", field="duplicate_of")
    services.report_change_status(actor=user, report=report, status=payload.status, note=payload.note,
                                  duplicate_of=original, base_url=request.build_absolute_uri("/"))
    return report_out(_report(report_id), user)


@router.post("/{report_id}/reroute", auth=api_auth, response={200: ReportOut, **WRITE})
def reroute(request, report_id: Path[RecordId], payload: ReportRerouteIn):
    """Send the report to another responsible organisation (a wrong route, a shared responsibility): those who
    handle it; the timeline says so and the organisation's staff are told. A closed report: 409 `closed`."""
    user = request_user(request)
    report = _report(report_id)
    require(user, "reports.handle_report", report)
    organization = Organization.objects.filter(pk=payload.organization_id).first()
    if organization is None:
        raise InvalidInput(_("There is no such organisation."), code="unknown_reference", field="organization_id")
    services.report_reroute(actor=user, report=report, organization=organization)
    return report_out(_report(report_id), user)


@router.post("/{report_id}/photo", auth=api_auth, response={200: ReportOut, **WRITE},
             openapi_extra=upload_formats("photo", "image/jpeg", "image/png", "image/webp", "image/gif"))
def upload_photo(request, report_id: Path[RecordId], photo: File[UploadedFile]):
    """The report's photo (JPEG, PNG, WebP or GIF, checked by its content, stored without its EXIF): the reporter
    within an hour of sending the report, or those who handle it."""
    user = request_user(request)
    services.report_photo_set(actor=user, report=_report(report_id), photo=photo)
    return report_out(_report(report_id), user)
