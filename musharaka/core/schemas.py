"""Schemas every API router shares: references to other records, and the one error shape.

Ninja names a schema in the OpenAPI document by its class name alone, so two routers must not
define different classes with the same name (the document would describe both with one of them);
shared shapes live here, once.
"""

from ninja import Field, Schema

from .i18n import localized


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
