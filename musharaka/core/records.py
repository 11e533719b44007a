"""Steps every module's services take before saving a record from what a page or the API sent."""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import InvalidInput


def assign_fields(instance, data: dict[str, Any], fields: Iterable[str]) -> None:
    """Copy onto the record the fields the request named (a field left out keeps its value)."""
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def clean_record(instance, *, exclude: Iterable[str] = ()) -> None:
    """The model's own validation (choices, validators), as InvalidInput naming the first field at fault.

    Uniqueness and constraints are left to the database, inside the service's transaction."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise InvalidInput(messages[0], field=None if name == "__all__" else name) from error


def parse_decimal(value: Any, *, field: str) -> Decimal:
    """A figure a page or the API sent, as a finite Decimal: text that is no number, NaN, infinities and booleans
    are refused as InvalidInput naming the field (each service then checks its own range and places)."""
    if isinstance(value, bool):
        raise InvalidInput(_("Enter a number."), field=field)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Enter a number."), field=field) from None
    if not number.is_finite():
        raise InvalidInput(_("Enter a number."), field=field)
    return number


def parse_moment(value: Any, *, field: str) -> datetime.datetime:
    """A date and time a page or the API sent (ISO text, a datetime, or a date meaning its midnight), as an aware
    datetime in UTC: PostgreSQL refuses offsets beyond ±15:59 that Python and RFC 3339 allow (+16:55), and a naive
    one is the platform's time zone. Anything else, or a moment past the calendar's end, is InvalidInput."""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(_("Enter a valid date and time."), field=field) from None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min)
    if not isinstance(value, datetime.datetime):
        raise InvalidInput(_("Enter a valid date and time."), field=field)
    try:
        return (timezone.make_aware(value) if timezone.is_naive(value) else value).astimezone(datetime.UTC)
    except OverflowError:
        raise InvalidInput(_("Enter a valid date and time."), field=field) from None
