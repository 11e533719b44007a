"""The API's request parser: JSON and form bodies are checked for text the database cannot hold.

PostgreSQL refuses NUL (\\x00) in text and neither database can store a lone UTF-16 surrogate
(JSON allows "\\ud800"): such text would fail deep in a save as a 500, so it is refused here with a
422 naming the field. Bidi embedding/override/isolate controls are dropped from every string, as
the page forms do (see core.arabic.strip_bidi_controls). In query strings NULs and bidi controls
become spaces silently: they are never stored.
"""

import json
import re
from typing import Any

from ninja.parser import Parser

from .arabic import strip_bidi_controls


class UnsafeText(ValueError):
    """Text in a request body that no database column can hold."""

    def __init__(self, location: list[str | int], reason: str):
        self.location = location
        self.reason = reason
        super().__init__(f"{'.'.join(map(str, location))}: {reason}")


def _unsafe(text: str) -> str | None:
    if "\x00" in text:
        return "nul"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "surrogate"
    return None


def clean_tree(value: Any, location: list[str | int]) -> Any:
    """`value` with its strings checked and freed of bidi controls, dict keys included."""
    if isinstance(value, str):
        reason = _unsafe(value)
        if reason:
            raise UnsafeText(location, reason)
        return strip_bidi_controls(value)
    if isinstance(value, dict):
        cleaned = {}
        for key, item in value.items():
            clean_tree(key, [*location, "(key)"])
            cleaned[key] = clean_tree(item, [*location, key])
        return cleaned
    if isinstance(value, list):
        return [clean_tree(item, [*location, index]) for index, item in enumerate(value)]
    return value


class SafeParser(Parser):
    def parse_body(self, request):
        return clean_tree(json.loads(request.body), ["body"])

    def parse_querydict(self, data, list_fields, request):
        parsed = super().parse_querydict(data, list_fields, request)
        if data is request.GET:
            return {key: _quiet(value) for key, value in parsed.items()}
        if data is request.FILES:
            return parsed
        return {key: clean_tree(value, ["form", key]) for key, value in parsed.items()}


# NUL and the bidi controls of core.arabic.strip_bidi_controls.
_QUIET = re.compile("[\x00\u202a-\u202e\u2066-\u2069]")


def _quiet(value: Any) -> Any:
    if isinstance(value, list):
        return [_quiet(item) for item in value]
    if isinstance(value, str):
        # Each becomes a space (a lone surrogate a "?"): the length stays what was sent, so a parameter's
        # limits (maxLength in the document) count the same characters the client counted.
        return _QUIET.sub(" ", value).encode("utf-8", "replace").decode("utf-8")
    return value
