"""Validation answers of the API in the caller's language.

pydantic writes its messages in English only. Each error keeps its machine-readable `type`, `loc`
and `ctx` (clients branch on those); its `msg` is rewritten from the type in the active language.
"""

from collections.abc import Callable, Iterable
from typing import Any, get_args

from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy, pgettext
from pydantic_core.core_schema import ErrorType

VALUE_ERROR_PREFIXES = ("Value error, ", "Assertion failed, ")
PYDANTIC_ERROR_TYPES = frozenset(get_args(ErrorType))


def _limit(ctx: dict, key: str) -> Any:
    return (ctx or {}).get(key, "")


def _counted(message, key: str) -> Callable[[dict], str]:
    """A message with a number from the error's context, in the plural form that number takes."""
    return lambda ctx: message % {"n": _limit(ctx, key) or 0}


MESSAGES: dict[str, Callable[[dict], str]] = {
    "missing": lambda ctx: _("This field is required."),
    "extra_forbidden": lambda ctx: _("This field is not accepted here."),
    "string_type": lambda ctx: _("Enter text."),
    "string_too_long": _counted(
        ngettext_lazy("Enter at most %(n)s character.", "Enter at most %(n)s characters.", "n"), "max_length"),
    "string_too_short": _counted(
        ngettext_lazy("Enter at least %(n)s character.", "Enter at least %(n)s characters.", "n"), "min_length"),
    "string_pattern_mismatch": lambda ctx: _("Enter a value in the expected format."),
    "too_long": _counted(ngettext_lazy("Give at most %(n)s item.", "Give at most %(n)s items.", "n"), "max_length"),
    "too_short": _counted(ngettext_lazy("Give at least %(n)s item.", "Give at least %(n)s items.", "n"), "min_length"),
    "int_type": lambda ctx: _("Enter a whole number."),
    "int_parsing": lambda ctx: _("Enter a whole number."),
    "int_parsing_size": lambda ctx: _("The number is too large."),
    "int_from_float": lambda ctx: _("Enter a whole number."),
    "float_type": lambda ctx: _("Enter a number."),
    "float_parsing": lambda ctx: _("Enter a number."),
    "finite_number": lambda ctx: _("Enter a finite number."),
    "decimal_type": lambda ctx: _("Enter a number."),
    "decimal_parsing": lambda ctx: _("Enter a number."),
    "decimal_max_digits": lambda ctx: _("Enter a number with at most %(n)s digits.") % {"n": _limit(ctx, "max_digits")},
    "decimal_max_places": lambda ctx: _("Enter a number with at most %(n)s decimal places.")
    % {"n": _limit(ctx, "decimal_places")},
    "decimal_whole_digits": lambda ctx: _("Enter a number with at most %(n)s digits before the decimal point.")
    % {"n": _limit(ctx, "whole_digits")},
    "greater_than": lambda ctx: _("Enter a value greater than %(limit)s.") % {"limit": _limit(ctx, "gt")},
    "greater_than_equal": lambda ctx: _("Enter a value of at least %(limit)s.") % {"limit": _limit(ctx, "ge")},
    "less_than": lambda ctx: _("Enter a value less than %(limit)s.") % {"limit": _limit(ctx, "lt")},
    "less_than_equal": lambda ctx: _("Enter a value of at most %(limit)s.") % {"limit": _limit(ctx, "le")},
    "bool_type": lambda ctx: _("Enter true or false."),
    "bool_parsing": lambda ctx: _("Enter true or false."),
    "literal_error": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": _limit(ctx, "expected")},
    "enum": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": _limit(ctx, "expected")},
    "date_type": lambda ctx: _("Enter a valid date (YYYY-MM-DD)."),
    "date_parsing": lambda ctx: _("Enter a valid date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": lambda ctx: _("Enter a valid date (YYYY-MM-DD)."),
    "date_from_datetime_inexact": lambda ctx: _("Enter a valid date (YYYY-MM-DD)."),
    "datetime_type": lambda ctx: _("Enter a valid date and time."),
    "datetime_parsing": lambda ctx: _("Enter a valid date and time."),
    "datetime_from_date_parsing": lambda ctx: _("Enter a valid date and time."),
    "timezone_aware": lambda ctx: _("Enter a date and time with its time zone."),
    "url_type": lambda ctx: _("Enter a valid web address."),
    "url_parsing": lambda ctx: _("Enter a valid web address."),
    "url_scheme": lambda ctx: _("Enter a valid web address."),
    "uuid_type": lambda ctx: _("Enter a valid identifier."),
    "uuid_parsing": lambda ctx: _("Enter a valid identifier."),
    "list_type": lambda ctx: _("Enter a list."),
    "tuple_type": lambda ctx: _("Enter a list."),
    "set_type": lambda ctx: _("Enter a list."),
    "dict_type": lambda ctx: _("Enter an object."),
    "model_type": lambda ctx: _("Enter an object."),
    "model_attributes_type": lambda ctx: _("Enter an object."),
    "json_invalid": lambda ctx: pgettext("api", "The request body is not valid JSON."),
    "json_type": lambda ctx: pgettext("api", "The request body is not valid JSON."),
    "union_tag_invalid": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": _limit(ctx, "expected_tags")},
}


def translate_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind in ("value_error", "assertion_error"):
        # Our own validators raise already-translated messages; pydantic only adds a prefix.
        message = str(error.get("msg", ""))
        for prefix in VALUE_ERROR_PREFIXES:
            message = message.removeprefix(prefix)
        return message
    build = MESSAGES.get(kind)
    if build:
        return build(error.get("ctx") or {})
    if kind not in PYDANTIC_ERROR_TYPES:
        # A PydanticCustomError of our own schemas: its message is already translated.
        return str(error.get("msg", ""))
    return _("Enter a valid value.")


def translated_errors(errors: Iterable[dict]) -> list[dict]:
    """The same errors with `msg` in the active language."""
    return [{**error, "msg": translate_message(error)} if isinstance(error, dict) and "type" in error else error
            for error in errors]
