"""Reads of residents' reports: the public list by place, the near duplicates the form suggests, an organisation's
queue, a report's page with its timeline, the private link, counts and median times to resolve.

Hot lists answer rows (values, joined names) ordered by `-id` on the place/queue indexes of the model, so a page
costs one query for its rows and one for its count whatever the table's size.
"""

import datetime
import math
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, Substr
from django.utils import timezone

from musharaka.core.errors import NotFound
from musharaka.core.permissions import can

from .models import CLOSED_STATUSES, OPEN_STATUSES, Report, ReportStatus, ReportUpdate, ServiceCategory

DUPLICATE_RADIUS_M = 150
DUPLICATE_LIMIT = 5
EXCERPT_LENGTH = 200
MEDIANS_CACHE_KEY = "reports:resolution-medians"
MEDIANS_CACHE_SECONDS = 300  # the medians move slowly; the public list shows them on every page

LIST_FIELDS = ("id", "status", "created_at", "category_id", "category__code", "category__name_ar",
               "category__name_en", "region__name_ar", "region__name_en", "city__name_ar", "city__name_en",
               "neighbourhood_id", "neighbourhood__name_ar", "neighbourhood__name_en")


def categories() -> QuerySet[ServiceCategory]:
    return ServiceCategory.objects.filter(active=True).prefetch_related("attributes")


def _status_filter(reports: QuerySet, status: str | None) -> QuerySet:
    if status == "open":
        return reports.filter(status__in=OPEN_STATUSES)
    if status == "closed":
        return reports.filter(status__in=CLOSED_STATUSES)
    if status:
        return reports.filter(status=status)
    return reports


def report_rows(*, region_id: int | None = None, city_id: int | None = None, neighbourhood_id: int | None = None,
                category_id: int | None = None, status: str | None = None) -> QuerySet:
    """The public list: rows (no contact, no reporter), newest first. `status` is a status or "open"/"closed"."""
    reports = Report.objects.all()
    if neighbourhood_id:
        reports = reports.filter(neighbourhood_id=neighbourhood_id)
    elif city_id:
        reports = reports.filter(city_id=city_id)
    elif region_id:
        reports = reports.filter(region_id=region_id)
    if category_id:
        reports = reports.filter(category_id=category_id)
    reports = _status_filter(reports, status)
    return reports.order_by("-id").values(*LIST_FIELDS, excerpt=Substr("description", 1, EXCERPT_LENGTH))


def queue_rows(*, organization, status: str | None = None, category_id: int | None = None,
               neighbourhood_id: int | None = None, date_from: datetime.date | None = None,
               date_to: datetime.date | None = None) -> QuerySet:
    """An organisation's reports for its staff: rows newest first, open ones unless a status is asked."""
    reports = _status_filter(Report.objects.filter(organization=organization), status or "open")
    if category_id:
        reports = reports.filter(category_id=category_id)
    if neighbourhood_id:
        reports = reports.filter(neighbourhood_id=neighbourhood_id)
    if date_from:
        reports = reports.filter(created_at__gte=_start_of(date_from))
    if date_to:
        reports = reports.filter(created_at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    return reports.order_by("-id").values(*LIST_FIELDS, "anonymous", "source", "acknowledged_at",
                                          excerpt=Substr("description", 1, EXCERPT_LENGTH))


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def status_counts(*, organization=None, region_id: int | None = None, city_id: int | None = None,
                  neighbourhood_id: int | None = None, category_id: int | None = None) -> dict[str, int]:
    reports = Report.objects.all()
    if organization is not None:
        reports = reports.filter(organization=organization)
    if neighbourhood_id:
        reports = reports.filter(neighbourhood_id=neighbourhood_id)
    elif city_id:
        reports = reports.filter(city_id=city_id)
    elif region_id:
        reports = reports.filter(region_id=region_id)
    if category_id:
        reports = reports.filter(category_id=category_id)
    counts = {status: 0 for status in ReportStatus.values}
    for row in reports.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def get_report(report_id: int) -> Report:
    report = (Report.objects.select_related("category", "organization", "region", "city", "neighbourhood",
                                            "duplicate_of", "reporter")
              .filter(pk=report_id).first())
    if report is None:
        raise NotFound()
    return report


def report_by_token(token: str) -> Report:
    """The reporter's private page: the long random token is the only key (no account needed)."""
    if not token or len(token) > 64:
        raise NotFound()
    report = (Report.objects.select_related("category", "organization", "region", "city", "neighbourhood")
              .filter(token=token).first())
    if report is None:
        raise NotFound()
    return report


def timeline(report: Report) -> list[ReportUpdate]:
    """The public timeline, oldest first (authors are not shown publicly: only the change and its note)."""
    return list(ReportUpdate.objects.filter(report=report).order_by("pk"))


def report_page(report: Report, *, user) -> dict[str, Any]:
    """What a report's page shows the viewer: the public part, the timeline, and for handlers and the reporter the
    contact given with it."""
    return {
        "report": report,
        "updates": timeline(report),
        "show_contact": can(user, "reports.view_contact", report),
        "can_handle": can(user, "reports.handle_report", report),
        "show_photo": bool(report.photo) and can(user, "reports.view_photo", report),
        "attributes": attribute_answers(report),
    }


def attribute_answers(report: Report) -> list[dict[str, Any]]:
    """The answers to the category's questions, in the questions' order, with list keys named."""
    answers = report.attributes or {}
    rows = []
    for attribute in report.category.attributes.all():
        if attribute.code not in answers:
            continue
        value = answers[attribute.code]
        names = {str(item.get("key")): item for item in attribute.values if isinstance(item, dict)}
        keys = value if isinstance(value, list) else [value]
        shown = [names.get(str(key), {"name_ar": str(key), "name_en": str(key)}) for key in keys] \
            if names else [{"name_ar": str(value), "name_en": str(value)}]
        rows.append({"attribute": attribute, "values": shown})
    return rows


def _distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(a)))


def nearby_duplicates(category, latitude: Decimal | float | None = None, longitude: Decimal | float | None = None,
                      neighbourhood=None, *, exclude_id: int | None = None,
                      limit: int = DUPLICATE_LIMIT) -> list[dict[str, Any]]:
    """Open reports of the same category within DUPLICATE_RADIUS_M of the point, or in the same neighbourhood:
    the form suggests them before a resident sends the same problem again. Nearest first, then newest."""
    category_id = getattr(category, "pk", category)
    neighbourhood_id = getattr(neighbourhood, "pk", neighbourhood)
    near = Q()
    has_point = latitude is not None and longitude is not None
    if has_point:
        lat, lon = float(latitude), float(longitude)  # type: ignore[arg-type]
        dlat = DUPLICATE_RADIUS_M / 111_000
        dlon = DUPLICATE_RADIUS_M / (111_000 * max(0.01, math.cos(math.radians(lat))))
        near |= Q(latitude__gte=lat - dlat, latitude__lte=lat + dlat, longitude__gte=lon - dlon,
                  longitude__lte=lon + dlon)
    if neighbourhood_id:
        near |= Q(neighbourhood_id=neighbourhood_id)
    if not near:
        return []
    reports = Report.objects.filter(near, category_id=category_id, status__in=OPEN_STATUSES)
    if exclude_id:
        reports = reports.exclude(pk=exclude_id)
    rows: list[dict[str, Any]] = [dict(row) for row in reports.order_by("-id").values(
        "id", "status", "created_at", "latitude", "longitude", "neighbourhood_id", "neighbourhood__name_ar",
        "neighbourhood__name_en", excerpt=Substr("description", 1, EXCERPT_LENGTH))[:50]]
    found = []
    for row in rows:
        distance = None
        if has_point and row["latitude"] is not None and row["longitude"] is not None:
            distance = _distance_m(lat, lon, float(row["latitude"]), float(row["longitude"]))
            # Farther than the radius, it still counts when it lies in the same neighbourhood.
            if distance > DUPLICATE_RADIUS_M and not (neighbourhood_id and row["neighbourhood_id"] == neighbourhood_id):
                continue
        row["distance_m"] = None if distance is None else round(distance)
        found.append(row)
    found.sort(key=lambda row: (row["distance_m"] is None, row["distance_m"] or 0, -row["id"]))
    return found[:limit]


def _medians(group: str) -> dict[int, float]:
    """The median of resolution_seconds per value of `group`, computed in the database on both engines by ordered
    offset: each resolved report numbered within its group by its time (ROW_NUMBER) beside the group's size; the
    middle one or two rows are kept and averaged here. One query, no PERCENTILE (SQLite has none)."""
    numbered = (Report.objects.filter(status=ReportStatus.RESOLVED, resolution_seconds__isnull=False)
                .annotate(position=Window(RowNumber(), partition_by=[F(group)],
                                          order_by=[F("resolution_seconds").asc(), F("id").asc()]),
                          size=Window(Count("id"), partition_by=[F(group)]))
                .values_list(group, "position", "size", "resolution_seconds"))
    middle: dict[int, list[int]] = {}
    rows = numbered.filter(Q(position=(F("size") + 1) / 2) | Q(position=(F("size") + 2) / 2))
    for key, _position, _size, seconds in rows:
        middle.setdefault(key, []).append(seconds)
    return {key: sum(values) / len(values) for key, values in middle.items()}


def _resolved_counts(group: str) -> dict[int, int]:
    rows = (Report.objects.filter(status=ReportStatus.RESOLVED, resolution_seconds__isnull=False)
            .order_by().values(group).annotate(n=Count("id")))
    return {row[group]: row["n"] for row in rows}


def resolution_medians() -> dict[str, list[dict[str, Any]]]:
    """Median time to resolve per category and per region (seconds, with the number of resolved reports), from
    the kept resolution_seconds. Cached a few minutes: the public list shows it on every page."""
    cached = cache.get(MEDIANS_CACHE_KEY)
    if cached is not None:
        return cached
    from musharaka.geo.models import Region

    by_category = _medians("category_id")
    category_counts = _resolved_counts("category_id")
    by_region = _medians("region_id")
    region_counts = _resolved_counts("region_id")
    category_rows = [
        {"category_id": category.pk, "code": category.code, "name_ar": category.name_ar, "name_en": category.name_en,
         "median_seconds": by_category[category.pk], "resolved": category_counts.get(category.pk, 0)}
        for category in ServiceCategory.objects.filter(pk__in=by_category).order_by("position", "pk")
    ]
    region_rows = [
        {"region_id": region.pk, "name_ar": region.name_ar, "name_en": region.name_en,
         "median_seconds": by_region[region.pk], "resolved": region_counts.get(region.pk, 0)}
        for region in Region.objects.filter(pk__in=by_region).order_by("code")
    ]
    result = {"by_category": category_rows, "by_region": region_rows}
    cache.set(MEDIANS_CACHE_KEY, result, MEDIANS_CACHE_SECONDS)
    return result


def reports_of(user) -> QuerySet:
    """The signed-in person's own reports (rows)."""
    if not user or not user.is_authenticated:
        return Report.objects.none().values(*LIST_FIELDS)
    return Report.objects.filter(reporter=user).order_by("-id").values(
        *LIST_FIELDS, "token", excerpt=Substr("description", 1, EXCERPT_LENGTH))


def route_organizations() -> QuerySet:
    """The organisations a route may name, and a report be sent to: authorities and government bodies
    (municipalities, utilities)."""
    from musharaka.orgs.models import Organization, Sector

    return Organization.objects.filter(sector__in=(Sector.AUTHORITY, Sector.GOVERNMENT))


def reroute_organizations(report: Report) -> QuerySet:
    """Where its handlers may send a report from its page: the organisations a route may name that are of the
    report's region or that a route names already (a national body), less the one that has it. A region's few
    dozen, not the whole country's list on every handler's view of a report."""
    from .models import Route

    named = Route.objects.order_by().values("organization_id")
    rows = route_organizations().filter(Q(region_id=report.region_id) | Q(pk__in=named))
    return rows.exclude(pk=report.organization_id) if report.organization_id else rows


def routes(*, user) -> QuerySet:
    """The routes a person may see and change: all for platform staff, their regions' for coordinators."""
    from musharaka.core.permissions import is_platform_admin
    from musharaka.orgs.roles import roles_of

    from .models import Route

    rows = Route.objects.select_related("category", "region", "city", "organization").order_by(
        "category__position", "region__code", "city__name_ar", "pk")
    if is_platform_admin(user):
        return rows
    return rows.filter(region_id__in=roles_of(user).coordinated_regions)
