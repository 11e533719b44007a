"""Winners' certificates (issue #13, results): the PDF, its verification code and QR, and public verification.

The code, its printed form and its normalisation are the events' attendance certificates' (the same alphabet,
length and grouping, so that one habit reads both); the PDF is rendered by core.pdf like theirs. What a certificate
prints is Winner.printed, copied when the results were published; before that the organiser previews the same
fields computed from the records as they are.
"""

import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from musharaka.core.pdf import html_to_pdf, qr_data_uri
from musharaka.core.verification import format_code
from musharaka.events.certificates import normalize_code

from .models import CycleStage, Winner

LANGUAGES = ("ar", "en")


def place_name(place: int) -> str:
    names = {1: _("First place"), 2: _("Second place"), 3: _("Third place")}
    return names.get(place, str(place))


def verify_path(code: str) -> str:
    return reverse("awards:verify", args=[format_code(code)])


def verify_url(code: str, base_url: str = "") -> str:
    site = (base_url or getattr(settings, "SITE_URL", "")).rstrip("/")
    return site + verify_path(code)


def _winners():
    return Winner.objects.select_related("category__cycle__programme__organization", "application__organization",
                                         "application__applicant", "application__initiative")


def winner_by_code(raw: object) -> Winner | None:
    """The published winner whose certificate bears this code (as typed, scanned or printed); None otherwise:
    a winner of a cycle not yet published has no certificate to verify."""
    code = normalize_code(raw)
    if code is None:
        return None
    return _winners().filter(code=code, category__cycle__stage=CycleStage.PUBLISHED).first()


def printed(winner: Winner) -> dict[str, Any]:
    """What the certificate prints: the copy kept at publication, or (a preview) the records as they are now."""
    if winner.printed:
        return winner.printed
    from .services import certificate_fields

    return certificate_fields(winner, cycle=winner.category.cycle)


def _published_on(fields: dict[str, Any]) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(fields.get("published_on") or "")
    except ValueError:
        return None


def public_fields(winner: Winner) -> dict[str, Any]:
    """What verification shows: only what the certificate prints, and its code as printed."""
    fields = printed(winner)
    keys = ("winner", "title", "category", "programme", "cycle", "organiser")
    shown = {f"{key}_{language}": fields.get(f"{key}_{language}", "") for key in keys for language in LANGUAGES}
    return {**shown, "code": format_code(winner.code), "year": fields.get("year"), "place": fields.get("place"),
            "published_on": _published_on(fields)}


def certificate_html(winner: Winner, *, language: str, base_url: str = "") -> str:
    language = language if language in LANGUAGES else "ar"
    url = verify_url(winner.code, base_url)
    with translation.override(language):
        return render_to_string("awards/certificate_pdf.html", {
            "fields": printed(winner), "code": format_code(winner.code), "verify_url": url,
            "place_name": place_name(winner.place), "published_on": _published_on(printed(winner)),
            "qr_data_uri": qr_data_uri(url),
            "language": language, "rtl": language == "ar",
        })


def certificate_pdf(winner: Winner, *, language: str = "ar", base_url: str = "") -> bytes:
    """A4 landscape, Arabic shaped right to left (left to right in English); about a second: one per request."""
    return html_to_pdf(certificate_html(winner, language=language, base_url=base_url), base_url=base_url)


def pdf_filename(winner: Winner) -> str:
    return f"award-certificate-{format_code(winner.code)}.pdf"
