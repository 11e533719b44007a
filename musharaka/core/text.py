"""Cleaning of the free text people type (titles, notes, comments), shared by every module's services."""

import unicodedata

from django.utils.translation import gettext as _

from .arabic import strip_bidi_controls
from .errors import InvalidInput


def clean_text(value: str, *, field: str, max_length: int, min_length: int = 0) -> str:
    """Trimmed text without bidi overrides; control characters other than line breaks and tabs refused."""
    text = strip_bidi_controls(value or "").strip()
    if any(unicodedata.category(char) == "Cc" and char not in "\n\r\t" for char in text):
        raise InvalidInput(_("The text contains control characters."), field=field)
    if len("".join(text.split())) < min_length:  # spaces do not count
        raise InvalidInput(_("Write at least %(count)s characters.") % {"count": min_length}, field=field)
    if len(text) > max_length:
        raise InvalidInput(_("Write at most %(count)s characters.") % {"count": max_length}, field=field)
    return text
