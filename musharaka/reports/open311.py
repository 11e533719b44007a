"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the reports' records, at /open311/v2/.

A category is a service (its `code` is the service_code), a report a service request, `open` until it is resolved,
rejected or marked a duplicate (`closed`). Every resource answers JSON or XML by its suffix (`services.json`,
`services.xml`), with the specification's names and element trees; errors are a list `[{"code", "description"}]`
(`<errors><error>…` in XML) with the HTTP status the code names: 400 a bad request, 403 a missing, unknown or
revoked api_key, 404 an unknown service or request, 429 too many posts.

Descriptions and names are in the language the client asks for with the `locale` parameter or Accept-Language,
English when it asks for none (Open311 clients are rarely Arabic-first). Nothing a reporter gave as contact ever
leaves through this API. Requests are posted form-encoded with an organisation's API key (reports/keys.py), through
`services.report_create(source=Source.OPEN311)`, so a posted request is routed, checked and notified exactly like
one from the page; the post is CSRF-exempt (no browser session is read) and rate limited per key and per address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage
from lxml import etree

from musharaka.core import jsonout
from musharaka.core.errors import DomainError, InvalidInput
from musharaka.core.files import protected_file_url
from musharaka.core.i18n import localized

from . import keys
from .models import (
    CLOSED_STATUSES,
    DESCRIPTION_MAX_LENGTH,
    OPEN_STATUSES,
    AttributeType,
    CategoryAttribute,
    Report,
    ReportStatus,
    ServiceCategory,
    Source,
)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# The day this API's shape last changed (discovery's changeset).
CHANGESET = "2026-12-02T00:00:00+03:00"
FORMATS = {"json": "application/json", "xml": "text/xml"}
MAX_RESULTS = 1000  # the specification's ceiling for requests.json
DEFAULT_WINDOW = dt.timedelta(days=90)  # and its default (and longest) date range
MAX_IDS = 200
MAX_PARAM_LENGTH = 1000


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        self.status = status
        self.description = description
        super().__init__(description)


# ---------------------------------------------------------------- language, answers


def client_language(request: HttpRequest) -> str:
    """`locale` (en, ar, en_US, ar-SA…), else Accept-Language, else English."""
    supported = {code for code, _name in settings.LANGUAGES}
    asked = (request.GET.get("locale") or request.POST.get("locale") or "").strip().lower()[:20]
    if asked and asked.replace("_", "-").split("-")[0] in supported:
        return asked.replace("_", "-").split("-")[0]
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:500]
    for code, _quality in parse_accept_lang_header(header):
        base = code.split("-")[0].lower()
        if base in supported:
            return base
    return "en"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _xml_node(parent, name: str, value: Any, item_names: dict[str, str]) -> None:
    node = etree.SubElement(parent, name)
    if isinstance(value, dict):
        for key, inner in value.items():
            _xml_node(node, key, inner, item_names)
    elif isinstance(value, list):
        for inner in value:
            _xml_node(node, item_names.get(name, "item"), inner, item_names)
    else:
        node.text = _clean_xml_text(_text(value))


def _clean_xml_text(text: str) -> str:
    # XML 1.0 cannot carry control characters other than tab and line ends (the text is kept, without them).
    return "".join(ch for ch in text if ch in "\t\n\r" or (ord(ch) >= 0x20 and ch not in "\ufffe\uffff"))


# The element each list's items take (the specification's examples).
ITEM_NAMES = {
    "services": "service", "service_requests": "request", "attributes": "attribute", "values": "value",
    "endpoints": "endpoint", "formats": "format", "errors": "error",
}


def to_xml(root: str, data: Any) -> bytes:
    tree = etree.Element(root)
    if isinstance(data, list):
        for item in data:
            _xml_node(tree, ITEM_NAMES[root], item, ITEM_NAMES)
    else:
        for key, value in data.items():
            _xml_node(tree, key, value, ITEM_NAMES)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def answer(data: Any, *, fmt: str, root: str, status: int = 200) -> HttpResponse:
    body = to_xml(root, data) if fmt == "xml" else jsonout.dumps(data)
    response = HttpResponse(body, status=status, content_type=f"{FORMATS[fmt]}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # public, key-authenticated: browsers' apps may call it
    return response


def error_answer(status: int, description: str, *, fmt: str) -> HttpResponse:
    return answer([{"code": status, "description": description}], fmt=fmt, root="errors", status=status)


# The services' field names as an Open311 client sent them.
PARAMETER_OF = {"latitude": "lat", "longitude": "long", "address": "address_string", "contact_email": "email",
                "contact_phone": "phone", "contact_name": "first_name", "region_id": "lat/long",
                "city_id": "lat/long", "neighbourhood_id": "lat/long", "category": "service_code"}


def _named(error: DomainError) -> str:
    """The refusal's message, after the parameter it is about (attribute[hazard]: …)."""
    field = error.field or ""
    if field.startswith("attributes."):
        name = f"attribute[{field.removeprefix('attributes.')}]"
    else:
        name = PARAMETER_OF.get(field, field)
    return f"{name}: {error.message}" if name else str(error.message)


def open311_view(view: Callable) -> Callable:
    """The client's language, the format from the suffix, and Open311's error list for every refusal."""

    def wrapped(request: HttpRequest, *args, fmt: str = "json", **kwargs) -> HttpResponse:
        fmt = fmt if fmt in FORMATS else "json"
        with translation.override(client_language(request)):
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                return error_answer(error.status, error.description, fmt=fmt)
            except DomainError as error:
                status = {403: 403, 404: 404}.get(error.status, 400)
                return error_answer(status, _named(error), fmt=fmt)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _param(request: HttpRequest, name: str, source=None) -> str:
    value = (source if source is not None else request.GET).get(name, "")
    if len(value) > MAX_PARAM_LENGTH:
        raise Open311Error(400, _("The parameter %(name)s is too long.") % {"name": name})
    if "\x00" in value:
        raise Open311Error(400, _("The parameter %(name)s holds a character that is not allowed.") % {"name": name})
    return value.strip()


def w3c_datetime(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


# ---------------------------------------------------------------- discovery


@require_http_methods(["GET", "HEAD"])
@open311_view
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    """Where the endpoint is and what it speaks."""
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt})).rsplit("/", 1)[0]
    data = {
        "changeset": CHANGESET,
        "contact": _("Write to the platform's administrators through its contact page."),
        "key_service": _("API keys are issued to organisations by the platform's staff."),
        "endpoints": [{
            "specification": SPECIFICATION, "url": base, "changeset": CHANGESET, "type": "production",
            "formats": list(FORMATS.values()),
        }],
    }
    return answer(data, fmt=fmt, root="discovery")


# ---------------------------------------------------------------- services and their definitions


def _categories():
    return ServiceCategory.objects.filter(active=True).prefetch_related(
        Prefetch("attributes", queryset=CategoryAttribute.objects.order_by("position", "pk")))


def service_out(category: ServiceCategory) -> dict:
    return {
        "service_code": category.code, "service_name": localized(category),
        "description": localized(category, "description"),
        "metadata": bool(category.attributes.all()),  # prefetched
        "type": "realtime", "keywords": category.keywords, "group": localized(category, "group"),
    }


def _value_name(value: dict) -> str:
    return localized(value, "name") or str(value.get("key", ""))


DATATYPE_DESCRIPTIONS = {
    AttributeType.NUMBER: lambda: _("A number."),
    AttributeType.DATETIME: lambda: _("A date and time (W3C format, such as 2026-12-02T10:30:00+03:00)."),
    AttributeType.SINGLE: lambda: _("One of the values' keys."),
    AttributeType.MULTI: lambda: _("One or more of the values' keys (repeat the parameter)."),
}


def attribute_out(attribute: CategoryAttribute, order: int) -> dict:
    lists = attribute.datatype in (AttributeType.SINGLE, AttributeType.MULTI)
    describe = DATATYPE_DESCRIPTIONS.get(attribute.datatype)  # type: ignore[call-overload]
    return {
        "variable": True, "code": attribute.code, "datatype": attribute.datatype, "required": attribute.required,
        "datatype_description": describe() if describe else None, "order": order,
        "description": localized(attribute, "description"),
        "values": [{"key": str(value.get("key", "")), "name": _value_name(value)}
                   for value in (attribute.values or [])] if lists else [],
    }


@require_http_methods(["GET", "HEAD"])
@open311_view
def services(request: HttpRequest, *, fmt: str) -> HttpResponse:
    """Every active category as a service."""
    return answer([service_out(category) for category in _categories()], fmt=fmt, root="services")


@require_http_methods(["GET", "HEAD"])
@open311_view
def service_definition(request: HttpRequest, service_code: str, *, fmt: str) -> HttpResponse:
    """A category's attributes (the questions a request of it answers)."""
    category = _categories().filter(code=service_code).first()
    if category is None:
        raise Open311Error(404, _("There is no service with this service_code."))
    attributes = [attribute_out(attribute, order) for order, attribute in enumerate(category.attributes.all(), 1)]
    return answer({"service_code": category.code, "attributes": attributes}, fmt=fmt, root="service_definition")


# ---------------------------------------------------------------- service requests: reading


def photo_path(report: Report) -> str:
    """The address of the page that serves the report's photo ("" when none, or when the page is not mounted)."""
    if not report.photo:
        return ""
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return protected_file_url("reports:photo", report.photo, report_id=report.pk)
    except NoReverseMatch:
        return ""


def _photo_url(request: HttpRequest, report: Report) -> str | None:
    if report.photo and report.status != ReportStatus.REJECTED:
        path = photo_path(report)
        return request.build_absolute_uri(path) if path else None
    return report.media_url or None


def _coordinate(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def request_out(request: HttpRequest, report: Report) -> dict:
    """A report as a service request: the specification's fields, never the reporter's contact."""
    category = report.category
    return {
        "service_request_id": str(report.pk),
        "status": "open" if report.status in OPEN_STATUSES else "closed",
        "status_notes": report.status_note or None,
        "service_name": localized(category),
        "service_code": category.code,
        "description": report.description,
        "agency_responsible": localized(report.organization) if report.organization_id else None,
        "service_notice": None,
        "requested_datetime": w3c_datetime(report.created_at),
        "updated_datetime": w3c_datetime(report.updated_at),
        "expected_datetime": None,
        "address": report.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": _coordinate(report.latitude),
        "long": _coordinate(report.longitude),
        "media_url": _photo_url(request, report),
    }


def _reports():
    return Report.objects.select_related("category", "organization").only(
        "id", "category__code", "category__name_ar", "category__name_en", "organization__name_ar",
        "organization__name_en", "organization_id", "description", "status", "status_note", "created_at",
        "updated_at", "address", "latitude", "longitude", "photo", "media_url")


def parse_w3c(value: str, name: str, *, end: bool = False) -> dt.datetime:
    """A W3C datetime (2026-12-02T10:30:00+03:00, …Z, or a date alone: its first — or for an end, last — moment)."""
    if "T" in value and " " in value:
        value = value.replace(" ", "+")  # a "+03:00" offset sent unencoded arrives as a space
    try:
        moment = parse_datetime(value)
        day = None if moment else parse_date(value)
    except ValueError:
        moment = day = None
    if moment is None and day is not None:
        moment = dt.datetime.combine(day, dt.time.max if end else dt.time.min)
    if moment is None:
        raise Open311Error(400, _("%(name)s is not a W3C date and time (such as 2026-12-02T10:30:00+03:00).")
                           % {"name": name})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _ids(value: str) -> list[int]:
    ids = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or len(part) > 18:
            raise Open311Error(400, _("service_request_id holds an id that is not a number."))
        ids.append(int(part))
    if len(ids) > MAX_IDS:
        raise Open311Error(400, _("Ask for at most %(count)s service_request_id at once.") % {"count": MAX_IDS})
    return ids


def requests_query(request: HttpRequest, *, now: dt.datetime | None = None) -> Iterable[Report]:
    """The requests the GET parameters ask for, newest first, at most MAX_RESULTS."""
    ids_text = _param(request, "service_request_id")
    if ids_text:  # the specification: it overrides every other parameter
        ids = _ids(ids_text)
        return list(_reports().filter(pk__in=ids).order_by("-pk")) if ids else []
    query = _reports()
    codes = [code.strip() for code in _param(request, "service_code").split(",") if code.strip()]
    if codes:
        query = query.filter(category__code__in=codes)
    statuses = {status.strip().lower() for status in _param(request, "status").split(",") if status.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status is open or closed."))
    if statuses == {"open"}:
        query = query.filter(status__in=OPEN_STATUSES)
    elif statuses == {"closed"}:
        query = query.filter(status__in=CLOSED_STATUSES)
    start_text, end_text = _param(request, "start_date"), _param(request, "end_date")
    start = parse_w3c(start_text, "start_date") if start_text else None
    end = parse_w3c(end_text, "end_date", end=True) if end_text else None
    if start is None:
        end = end or now or timezone.now()
        start = end - DEFAULT_WINDOW
    elif end is None:
        end = start + DEFAULT_WINDOW
    if end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    if end - start > DEFAULT_WINDOW + dt.timedelta(days=1):
        raise Open311Error(400, _("start_date and end_date may not span more than 90 days."))
    query = query.filter(created_at__gte=start, created_at__lte=end)
    # Newest first by id: ids grow with created_at, and the indexes are on (…, -id).
    return list(query.order_by("-pk")[:MAX_RESULTS])


def _requests_get(request: HttpRequest, *, fmt: str) -> HttpResponse:
    rows = [request_out(request, report) for report in requests_query(request)]
    return answer(rows, fmt=fmt, root="service_requests")


@require_http_methods(["GET", "HEAD"])
@open311_view
def service_request(request: HttpRequest, request_id: str, *, fmt: str) -> HttpResponse:
    """One request (a list of one, as the specification answers)."""
    report = _reports().filter(pk=int(request_id)).first() if len(request_id) < 19 else None
    if report is None:
        raise Open311Error(404, _("There is no service request with this id."))
    return answer([request_out(request, report)], fmt=fmt, root="service_requests")


# ---------------------------------------------------------------- service requests: posting


def _rate_wait(request: HttpRequest, key_id: int | None) -> int | None:
    """Seconds to wait when this address, or this key, posted too many requests; None when it may post now."""
    checks: list[tuple[Any, str]] = [("ip", settings.OPEN311_POST_RATE_PER_IP)]
    if key_id is not None:
        checks.append((lambda group, req: f"open311-key-{key_id}", settings.OPEN311_POST_RATE_PER_KEY))
    for key, rate in checks:
        if not rate:
            continue
        usage = get_usage(request, group="open311-post", key=key, rate=rate, increment=True)
        if usage is not None and usage["should_limit"]:
            return max(1, usage["time_left"])
    return None


def _coordinates(request: HttpRequest) -> tuple[Decimal | None, Decimal | None]:
    lat_text, long_text = _param(request, "lat", request.POST), _param(request, "long", request.POST)
    if not lat_text and not long_text:
        return None, None
    if not (lat_text and long_text):
        raise Open311Error(400, _("Send both lat and long, or address_string."))
    try:
        lat, lon = Decimal(lat_text), Decimal(long_text)
    except InvalidOperation:
        raise Open311Error(400, _("lat and long are decimal degrees (WGS84).")) from None
    if not (lat.is_finite() and lon.is_finite()) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise Open311Error(400, _("lat is between -90 and 90 and long between -180 and 180."))
    return lat.quantize(Decimal("0.000001")), lon.quantize(Decimal("0.000001"))


def posted_attributes(request: HttpRequest, category: ServiceCategory) -> dict:
    """attribute[code]=value (a multivaluelist's values repeated), by the category's codes; unknown codes refused."""
    kinds = {attribute.code: attribute.datatype for attribute in category.attributes.all()}
    answers: dict[str, Any] = {}
    for name in request.POST:
        if not name.startswith("attribute["):
            continue
        if not name.endswith("]") or len(name) > 60:
            raise Open311Error(400, _("An attribute is sent as attribute[code]=value."))
        code = name[len("attribute["):-1].removesuffix("][")  # attribute[code] or attribute[code][]
        if code not in kinds:
            raise Open311Error(400, _("This service has no attribute %(code)s.") % {"code": code[:40]})
        values = [value.strip() for value in request.POST.getlist(name)]
        if any(len(value) > DESCRIPTION_MAX_LENGTH or "\x00" in value for value in values):
            raise Open311Error(400, _("An attribute's value is too long or holds a character that is not allowed."))
        if kinds[code] == AttributeType.MULTI:
            answers.setdefault(code, []).extend(value for value in values if value)
        elif values:
            answers[code] = values[-1]
    return answers


def _post(request: HttpRequest, *, fmt: str) -> HttpResponse:
    from . import services as report_services  # the reports' core (rep16)

    raw_key = _param(request, "api_key", request.POST) or _param(request, "api_key")
    key = keys.api_key_check(raw_key) if raw_key else None
    wait = _rate_wait(request, key.pk if key else None)
    if wait is not None:
        response = error_answer(429, _("Too many requests were posted. Wait %(seconds)s seconds and try again.")
                                % {"seconds": wait}, fmt=fmt)
        response["Retry-After"] = str(wait)
        return response
    if not raw_key:
        raise Open311Error(403, _("api_key is required to post a service request."))
    if key is None:
        raise Open311Error(403, _("The api_key is not valid or has been revoked."))
    code = _param(request, "service_code", request.POST)
    if not code:
        raise Open311Error(400, _("service_code is required."))
    category = _categories().filter(code=code).first()
    if category is None:
        raise Open311Error(400, _("There is no service with this service_code."))
    lat, lon = _coordinates(request)
    address = _param(request, "address_string", request.POST)
    if lat is None and not address:
        raise Open311Error(400, _("Send the place: lat and long, or address_string."))
    description = request.POST.get("description", "")
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise Open311Error(400, _("description is at most %(count)s characters.") % {"count": DESCRIPTION_MAX_LENGTH})
    name = " ".join(part for part in (_param(request, "first_name", request.POST),
                                      _param(request, "last_name", request.POST)) if part)
    data = {
        "description": description.strip(), "latitude": lat, "longitude": lon, "address": address,
        "media_url": _param(request, "media_url", request.POST), "contact_name": name,
        "contact_email": _param(request, "email", request.POST),
        "contact_phone": _param(request, "phone", request.POST),
    }
    attributes = posted_attributes(request, category)

    def create(place: dict) -> Report:
        return report_services.report_create(actor=None, category=category, data={**data, **place},
                                             source=Source.OPEN311, api_key=key, attributes=attributes)

    # The key's organisation stands for the place when the request gives none the platform can find (an address
    # alone, or coordinates beyond any known city): its apps report what lies in its region.
    home = {"region_id": key.organization.region_id}
    if lat is None:
        report = create(home)
    else:
        try:
            report = create({})
        except InvalidInput as error:
            if error.field != "region_id":
                raise
            report = create(home)
    notice = _("Your request was received and sent to %(organization)s.") % {
        "organization": localized(report.organization)} if report.organization_id else ""
    return answer([{"service_request_id": str(report.pk), "service_notice": notice or None, "account_id": None}],
                  fmt=fmt, root="service_requests")


@csrf_exempt  # authenticated by api_key, never by a browser's session
@require_http_methods(["GET", "HEAD", "POST"])
@open311_view
def service_requests(request: HttpRequest, *, fmt: str) -> HttpResponse:
    """GET: the requests matching the parameters. POST: a new request (form-encoded, with an api_key)."""
    if request.method == "POST":
        return _post(request, fmt=fmt)
    return _requests_get(request, fmt=fmt)


@open311_view
def not_found(request: HttpRequest, *, fmt: str, rest: str = "") -> HttpResponse:
    """Anything else under /open311/v2/: Open311's 404, in XML when the path ends in .xml."""
    raise Open311Error(404, _("There is no such Open311 resource."))
