"""JSON answers written straight from rows with orjson, for the API's hot lists.

django-ninja validates what a view returns against its response schema with pydantic before
rendering it; for a list of plain dicts built from `values()` rows that validation is most of the
request's Python time. A view on a hot path builds the documented shape itself and returns
`json_answer(data)`: ninja hands an HttpResponse back untouched, the OpenAPI document still shows
the declared schema, and a test (musharaka/reliability/test_api_schema_answers.py) checks sample
answers against that schema so the two cannot drift apart.
"""

from decimal import Decimal

import orjson
from django.http import HttpResponse
from django.utils.functional import Promise

OPTIONS = orjson.OPT_NON_STR_KEYS


def json_default(value):
    # Decimals travel as strings so that money keeps its exact value; lazy translations as text.
    if isinstance(value, Decimal | Promise):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(data) -> bytes:
    return orjson.dumps(data, default=json_default, option=OPTIONS)


def json_answer(data, *, status: int = 200) -> HttpResponse:
    return HttpResponse(dumps(data), status=status, content_type="application/json")
