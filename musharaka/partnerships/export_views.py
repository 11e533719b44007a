"""The register's export page URL (partnerships:export): the register's GET filters and `format=csv|xlsx`.

The page's filter names are read as the API's (`expiring` is the page's name for `expiring_within`); a value
that does not validate is a plain 400 saying which, as the initiatives exports answer.
"""

from django.http import HttpResponseBadRequest
from django.views.decorators.http import require_safe
from pydantic import ValidationError

from musharaka.core.errors import InvalidInput

from . import exports
from .api import filters_of
from .schemas import AgreementFilters

FILTER_NAMES = frozenset(AgreementFilters.model_fields)


def _bad(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def parse_filters(query) -> AgreementFilters:
    values = {}
    for name, value in query.items():
        name = "expiring_within" if name == "expiring" else name
        if name in FILTER_NAMES and value.strip():  # an empty field of the filter form is no filter
            values[name] = value.strip()
    return AgreementFilters.model_validate(values)


@require_safe
def export(request):
    from django.utils.translation import gettext as _

    file_format = request.GET.get("format", "csv")
    if file_format not in ("csv", "xlsx"):
        return _bad(_("Choose the format: csv or xlsx."))
    try:
        filters = filters_of(parse_filters(request.GET))
    except ValidationError as error:
        names = ", ".join(sorted({str(problem["loc"][0]) for problem in error.errors() if problem["loc"]}))
        return _bad(_("These filters are not valid: %(names)s.") % {"names": names})
    respond = exports.csv_response if file_format == "csv" else exports.xlsx_response
    try:
        return respond(user=request.user, filters=filters, request=request)
    except InvalidInput as error:
        return _bad(str(error.message))
