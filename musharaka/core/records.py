"""Steps every module's services take before saving a record from what a page or the API sent."""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
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
