"""The JSON API under /api/v1/: one NinjaAPI, one router per app, errors shaped {"detail", "code"}."""

import copy
import functools
import math

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import BaseRenderer

from musharaka.accounts.throttling import CallerRateThrottle
from musharaka.core import jsonout
from musharaka.core.api_parser import SafeParser, UnsafeText
from musharaka.core.errors import DomainError
from musharaka.core.validation import translated_errors


class ORJSONRenderer(BaseRenderer):
    # orjson keeps Arabic readable (no \uXXXX escapes) and is several times faster than json.
    media_type = "application/json"

    def render(self, request, data, *, response_status):
        return jsonout.dumps(data)


api = NinjaAPI(
    title="Musharaka API",
    version="1.0.0",
    description="Local development and community participation. Lists take ?page=&page_size= (max 100).",
    renderer=ORJSONRenderer(),
    urls_namespace="api-1.0.0",
    # NULs, lone surrogates and bidi overrides never reach a service (see core.api_parser).
    parser=SafeParser(),
    # One allowance per token, per signed-in person, per anonymous address (settings.API_RATE_LIMITS).
    throttle=[CallerRateThrottle()],
)


def error(request, status: int, detail, code: str):
    return api.create_response(request, {"detail": detail, "code": code}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    detail = str(exc.message)
    return error(request, exc.status, detail, exc.code)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    return error(request, 422, translated_errors(exc.errors), "invalid")


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request, exc: DjangoValidationError):
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return error(request, 422, detail, "invalid")


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def on_out_of_range(request, exc):
    # A number too large for the database (SQLite raises OverflowError, PostgreSQL a DataError).
    return error(request, 422, _("A value is out of range."), "out_of_range")


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return error(request, 401, _("Authentication required: send a token or sign in."), "not_authenticated")


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return error(request, 403, _("You do not have permission to do this."), "permission_denied")


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error(request, 404, _("Not found."), "not_found")


# Django raises these while reading a body; unhandled, they become its HTML 400 page.
@api.exception_handler(RequestDataTooBig)
def on_too_large(request, exc):
    return error(request, 413, _("The request is larger than the server accepts."), "too_large")


@api.exception_handler(MultiPartParserError)
@api.exception_handler(SuspiciousOperation)  # too many fields or files, a malformed upload
def on_unreadable_form(request, exc):
    return error(request, 400, _("The form data could not be read: send it as multipart/form-data."), "malformed_form")


@api.exception_handler(Throttled)
def on_throttled(request, exc: Throttled):
    seconds = max(1, math.ceil(exc.wait or 1))
    response = error(
        request, 429, _("Too many requests. Wait %(seconds)s seconds and try again.") % {"seconds": seconds},
        "rate_limited",
    )
    response["Retry-After"] = str(seconds)
    return response


@api.exception_handler(UnsafeText)
def on_unsafe_text(request, exc: UnsafeText):
    message = (
        _("Text may not contain the NUL character (code 0).")
        if exc.reason == "nul"
        else _("Text may not contain unpaired surrogate characters: it is not valid Unicode.")
    )
    return error(request, 422, [{"loc": exc.location, "msg": message, "type": f"text_{exc.reason}"}], "invalid")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    # ninja wraps whatever the parser raised on the body into a 400 "Cannot parse request body".
    if isinstance(exc.__cause__, UnsafeText):
        return on_unsafe_text(request, exc.__cause__)
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError | RecursionError):  # RecursionError: [[[[…
        detail = pgettext("api", "The request body is not valid JSON.")
        if settings.DEBUG:
            detail = f"{detail} ({exc.__cause__})"
        return error(request, 400, detail, "malformed_json")
    return error(request, exc.status_code, str(exc), "error")


api.add_router("/geo", "musharaka.geo.api.router")
api.add_router("/taxonomy", "musharaka.taxonomy.api.router")
api.add_router("/organizations", "musharaka.orgs.api.router")
api.add_router("/accounts", "musharaka.accounts.api.router")
# Exports (/iati.xml, /export.csv …) first, so that their fixed paths win over /{initiative_id}.
api.add_router("/initiatives", "musharaka.initiatives.exchange.api.router")
api.add_router("/initiatives", "musharaka.initiatives.api.router")
api.add_router("/notifications", "musharaka.notifications.api.router")
# Before the events router: its /{event_id} would take /recommendations.
api.add_router("/events", "musharaka.events.recommendations_api.router")
api.add_router("/events", "musharaka.events.certificates_api.router")  # its /certificates/{code}, likewise
api.add_router("/events", "musharaka.events.api.router")
api.add_router("/events", "musharaka.events.exhibition_api.router")  # the exhibition (part 7)
api.add_router("/events", "musharaka.events.media_api.router")  # news, photos, agreements
# Partnership network (issue #12, network part): before the partnerships router, whose /{agreement_id} would take
# /network.
api.add_router("/partnerships", "musharaka.partnerships.network_api.router")
# Partnerships (issue #12, part "api"): the register, agreements, commitments, follow-up, comments, exports.
api.add_router("/partnerships", "musharaka.partnerships.api.router")
# ---- awards (issue #13, results): its /certificates/{code}; keep it BEFORE any "/awards" router (whose
# /{…_id} paths would take /certificates).
api.add_router("/awards", "musharaka.awards.certificates_api.router")
# Awards (issue #13, part "api"): programmes, cycles, categories, applications, the jury, sheets, rounds, results,
# votes. The results part's /awards/certificates router is mounted before this block.
api.add_router("/awards", "musharaka.awards.api.router")
# ---- plans (issue #14, api14): plans, versions and their differences, needs, votes, the matrix, the
# prioritisation, goals, actions, reviews, risks and the heat map.
api.add_router("/plans", "musharaka.plans.api.router")


# ---- awards (issue #13, api): the OpenAPI document is the same for every request once the routers are mounted, and
# building it takes seconds (over 170 operations): built once per process, each caller given its own copy.
_build_openapi_schema = api.get_openapi_schema


@functools.cache
def _openapi_document(path_prefix: str):
    return _build_openapi_schema(path_prefix=path_prefix)


def _cached_openapi_schema(*, path_prefix: str | None = None, path_params: dict | None = None):
    if path_prefix is None:
        path_prefix = api.get_root_path(path_params or {})
    return copy.deepcopy(_openapi_document(path_prefix))


api.get_openapi_schema = _cached_openapi_schema  # type: ignore[method-assign]

# ---- results (issue #14, results): the shared results framework
api.add_router("/results", "musharaka.results.api.router")

# ---- impact (issue #15, api15): logic models, SROI analyses with their computed results and sensitivity,
# stakeholders, investments, outcomes, review comments, the review workflow, the queue and the reviewers.
api.add_router("/impact", "musharaka.impact.api.router")

# ---- volunteering and residents' reports (issue #16): opportunities, shifts, applications, hours, certificates,
# statistics; reports with their status workflow (Open311 GeoReport v2 is served apart, at /open311/v2/).
api.add_router("/volunteering", "musharaka.volunteering.api.router")
api.add_router("/reports", "musharaka.reports.api.router")

# ---- residents' participation (issue #17): processes and phases, ideas with supports, comments and official
# answers, moderation, follows, surveys with their exports, participatory budgets and their results, topics.
api.add_router("/participation", "musharaka.participation.api.router")
