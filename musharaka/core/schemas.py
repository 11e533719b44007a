"""Schemas every API router shares: references to other records, and the one error shape.

Ninja names a schema in the OpenAPI document by its class name alone, so two routers must not
define different classes with the same name (the document would describe both with one of them);
shared shapes live here, once.
"""

import re
from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import BeforeValidator, ConfigDict, Strict, model_validator
from pydantic_core import PydanticCustomError

from .i18n import localized

# The input types every request schema uses, so that the document states what the server enforces.
# Text of a body: no NUL (code 0), which no database column holds (core.api_parser refuses it with its
# own message first). Lone surrogates need no pattern: they are not Unicode scalar values, so no JSON
# Schema string can hold one (and core.api_parser refuses them as well).
TEXT_PATTERN = r"^[^\x00]*$"
Text = Annotated[str, Field(pattern=TEXT_PATTERN)]
# Text that must not be blank once trimmed (the server strips it): some character that str.isspace() does
# not count, each written out so that every regex engine reading the document agrees.
_SPACES = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NON_BLANK_PATTERN = rf"^[^\x00]*[^\x00{_SPACES}][^\x00]*$"
NonBlankText = Annotated[str, Field(pattern=NON_BLANK_PATTERN)]


def not_null(schema: dict) -> None:
    """json_schema_extra of an optional field that refuses null: leave it out, or give a value."""
    options = [option for option in schema.pop("anyOf", []) if option.get("type") != "null"]
    schema.pop("default", None)
    if len(options) == 1:
        schema.update(options[0])
# A record's id: a positive whole number a database key can hold (beyond it: 422, not a 500 or a 404).
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
def json_number(value):
    """A whole number of a JSON body: 5 or 5.0, not "5" or true (pydantic's lax mode takes those)."""
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "Enter a whole number.")
    return value


# A whole number of a JSON body is written Annotated[int, Field(ge=…, le=…), BeforeValidator(json_number)]:
# the bounds before the validator, or the document loses them.
BodyId = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(json_number)]


def json_date(value):
    """A date of a JSON body: "YYYY-MM-DD" (format: date), not a timestamp or a date with a time."""
    if not (isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)):
        raise PydanticCustomError("date_type", "Enter a valid date (YYYY-MM-DD).")
    return value


BodyDate = Annotated[date, BeforeValidator(json_date)]


def json_datetime(value):
    """A date and time of a JSON body: an ISO 8601 string (format: date-time), not a number of seconds."""
    if not isinstance(value, str):
        raise PydanticCustomError("datetime_type", "Enter a date and time (2026-05-01T09:00:00+03:00).")
    return value


BodyDateTime = Annotated[datetime, BeforeValidator(json_datetime)]
BodyBool = Annotated[bool, Strict()]


def upload_formats(field: str, *media_types: str) -> dict:
    """openapi_extra for a multipart upload: the formats its file `field` may be (encoding.contentType)."""
    return {"requestBody": {"content": {"multipart/form-data": {"encoding": {
        field: {"contentType": ", ".join(media_types)}}}}}}


class BodySchema(Schema):
    """A JSON request body: a field the document does not name is refused (422), never silently dropped."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data):
        # ninja reads any other value through its attributes (so [] or "x" passed as "no fields"). With
        # extra="forbid" ninja validates the raw value first, then again wrapped in a DjangoGetter.
        if not isinstance(data, dict | Schema | DjangoGetter):
            raise PydanticCustomError("model_type", "Enter an object.")
        return data


class NamedOut(Schema):
    """A reference row with a stable code and its name in Arabic, English and the asked language."""

    id: int
    code: str
    name_ar: str
    name_en: str
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return localized(obj)


class Ref(Schema):
    """Another record, by id and its name in the asked language."""

    id: int
    name: str


class CodeRef(Ref):
    """Another record that also has a stable code (a region: SA-01)."""

    code: str


class FieldProblem(Schema):
    """One problem with the input: where (`loc`, such as ["query", "page"]), what, and its kind."""

    loc: list[str | int]
    msg: str
    type: str


class ErrorOut(Schema):
    """Every error answer of the API: {"detail", "code"}, in the language asked for."""

    detail: str | list[FieldProblem | str] | dict[str, list[str]] = Field(
        description="A message, or for invalid input the list of problems (or the problems by field)"
    )
    code: str = Field(
        description="Stable code: not_authenticated, permission_denied, csrf_failed, not_found, conflict, "
        "stale_version, invalid, malformed_json, too_large, rate_limited …"
    )


def error_responses(
    *, auth: bool = False, body: bool = False, lookup: bool = False, conflict: bool = False
) -> dict[int, type[ErrorOut]]:
    """The error answers a route can give, declared beside its success: `{200: X, **error_responses(auth=True)}`.

    Every route can answer 422 (a parameter that does not validate) and 429 (the caller's rate limit).
    `auth`: 401 (no or unknown credentials) and 403 (not allowed, or a session call without its CSRF
    token). `body` (JSON or multipart): 400 (it does not parse) and 413 (larger than the server
    accepts). `lookup`: 404 (the record in the path does not exist or is not visible). `conflict`: 409.
    """
    statuses = {422, 429}
    if auth:
        statuses |= {401, 403}
    if body:
        statuses |= {400, 413}
    if lookup:
        statuses.add(404)
    if conflict:
        statuses.add(409)
    return dict.fromkeys(sorted(statuses), ErrorOut)
