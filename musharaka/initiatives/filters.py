"""The catalogue's filters read from a query string: the API list and every export (CSV, XLSX, IATI).

`parse_filters(request.GET)` takes the parameters of GET /api/v1/initiatives: q, region, city,
axis, sdg, sector, status, year, organization, success, sort.
Ids are numbers; `region` may also be a region code (SA-01). A value that cannot be read is an
InvalidInput naming the parameter, never a silently wider export.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from musharaka.core.errors import InvalidInput
from musharaka.geo.models import Region
from musharaka.orgs.models import Sector

from .models import Status
from .selectors import SORTS, InitiativeFilters

INTEGER_FILTERS = ("region", "city", "axis", "sdg", "year", "organization")
MAX_QUERY_LENGTH = 200
MIN_YEAR, MAX_YEAR = 1900, 2200
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def parse_filters(params: Mapping[str, Any]) -> InitiativeFilters:
    """InitiativeFilters from a QueryDict or dict; empty values mean "no filter"."""
    values: dict[str, Any] = {}

    def raw(name: str) -> str:
        value = params.get(name)
        return "" if value is None else str(value).strip()

    values["q"] = raw("q")[:MAX_QUERY_LENGTH]
    region = raw("region")
    if region and not region.isdigit():
        region_id = Region.objects.filter(code__iexact=region).values_list("pk", flat=True).first()
        if region_id is None:
            raise InvalidInput(_("Unknown region code: %(value)s.") % {"value": region}, code="invalid_filter",
                               field="region")
        region = str(region_id)
    for name in INTEGER_FILTERS:
        text = region if name == "region" else raw(name)
        if not text:
            continue
        if not text.isdigit() or len(text) > 12:
            raise InvalidInput(_("The filter “%(name)s” must be a whole number.") % {"name": name},
                               code="invalid_filter", field=name)
        values[name] = int(text)
    if "year" in values and not MIN_YEAR <= values["year"] <= MAX_YEAR:
        raise InvalidInput(_("The year must be between %(low)s and %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR},
                           code="invalid_filter", field="year")
    for name, allowed in (("sector", Sector.values), ("status", Status.values)):
        text = raw(name)
        if text and text not in allowed:
            raise InvalidInput(_("Unknown value for the filter “%(name)s”: %(value)s.") % {"name": name, "value": text},
                               code="invalid_filter", field=name)
        values[name] = text
    success = raw("success").lower()
    if success in TRUE_WORDS:
        values["success"] = True
    elif success in FALSE_WORDS:
        values["success"] = False
    elif success:
        raise InvalidInput(_("The filter “success” must be true or false."), code="invalid_filter", field="success")
    sort = raw("sort")
    if sort and sort != "relevance" and sort not in SORTS:
        raise InvalidInput(_("Unknown value for the filter “%(name)s”: %(value)s.") % {"name": "sort", "value": sort},
                           code="invalid_filter", field="sort")
    values["sort"] = sort
    return InitiativeFilters(**values)
