"""The public page that confirms a certificate by its code (events' attendance certificates, awards' winners).

Looking codes up is rate-limited per address (django-ratelimit, in the shared cache, one counter per kind of
certificate) so that the codes cannot be guessed by trying; an unknown code answers 404, a known one shows only
what the certificate itself prints."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage


def lookup_wait(request, *, group: str) -> int | None:
    """Seconds to wait when this address looked up too many codes of this kind; None when it may look now."""
    usage = get_usage(request, group=group, key="ip", rate=settings.CERTIFICATE_VERIFY_RATE_PER_IP, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, usage["time_left"])


def verification_page(request, raw_code: str, *, group: str, template: str,
                      find: Callable[[str], Any], describe: Callable[[Any], dict]) -> HttpResponse:
    """The page for `raw_code` as typed ("" shows the empty form): `find` the certificate (None when unknown),
    `describe` what the template shows of it."""
    context: dict = {"code": raw_code[:200]}
    status = 200
    if raw_code:
        wait = lookup_wait(request, group=group)
        if wait is not None:
            response = render(request, "429.html", {"message": _(
                "Too many certificate codes were looked up from here. Wait a while and try again.")}, status=429)
            response["Retry-After"] = str(wait)
            return response
        found = find(raw_code)
        if found is None:
            status = 404
            context["not_found"] = True
        else:
            context.update(describe(found))
    response = render(request, template, context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


# ---------------------------------------------------------------- certificate codes, as printed and as typed


def format_code(code: str) -> str:
    """XXXX-XXXX-XXXX-XXXX, as printed."""
    return "-".join(code[index:index + 4] for index in range(0, len(code), 4))


def normalize_code(raw: object, *, alphabet: str, length: int, look_alikes: dict[int, str] | None = None) -> str | None:
    """A code as typed, scanned or read from a URL, in its stored form; None when it cannot be one (never raises).

    Each kind of certificate has its own alphabet; `look_alikes` maps what people type for a letter it leaves out."""
    if not isinstance(raw, str) or len(raw) > 200:  # room for a scanned URL
        return None
    # A scanned verification URL gives its last part; spaces and dashes are the printed grouping.
    text = raw.strip().rstrip("/").rsplit("/", 1)[-1]
    code = "".join(char for char in text if char not in " -\t").upper()
    if look_alikes:
        code = code.translate(look_alikes)
    if len(code) != length or any(char not in alphabet for char in code):
        return None
    return code
