"""Volunteering certificates on paper and on the public verification page: the code as printed, what the page
shows (only what the paper prints, and whether it was revoked), the PDF with its QR code."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from musharaka.core import verification
from musharaka.core.pdf import qr_data_uri
from musharaka.core.verification import format_code

from .models import CERTIFICATE_ALPHABET, CERTIFICATE_CODE_LENGTH, Certificate


def normalize_code(raw: object) -> str | None:
    """A code as typed, scanned or read from a URL, in its stored form; None when it cannot be one (never raises)."""
    return verification.normalize_code(raw, alphabet=CERTIFICATE_ALPHABET, length=CERTIFICATE_CODE_LENGTH)


def verify_url(code: str, base_url: str = "") -> str:
    site = (base_url or getattr(settings, "SITE_URL", "")).rstrip("/")
    return site + reverse("volunteering:certificate_verify_code", args=[format_code(code)])


def certificate_by_code(raw: object) -> Certificate | None:
    code = normalize_code(raw)
    if code is None:
        return None
    return Certificate.objects.filter(code=code).first()


def public_fields(certificate: Certificate) -> dict:
    """What verification shows: only what the certificate prints, plus whether it was revoked."""
    return {
        "code": format_code(certificate.code), "name": certificate.name,
        "organization_name_ar": certificate.organization_name_ar,
        "organization_name_en": certificate.organization_name_en,
        "opportunity_title_ar": certificate.opportunity_title_ar,
        "opportunity_title_en": certificate.opportunity_title_en,
        "first_date": certificate.first_date, "last_date": certificate.last_date, "hours": certificate.hours,
        "issued_on": timezone.localtime(certificate.issued_at).date(),
        "revoked": certificate.is_revoked,
        "revoked_on": timezone.localtime(certificate.revoked_at).date() if certificate.revoked_at else None,
    }


def certificate_html(certificate: Certificate, *, language: str, base_url: str = "") -> str:
    url = verify_url(certificate.code, base_url)
    with translation.override(language):
        return render_to_string("volunteering/certificate_pdf.html", {
            "certificate": certificate, "code": format_code(certificate.code), "verify_url": url,
            "qr_data_uri": qr_data_uri(url),
            "language": language, "rtl": language.startswith("ar"),
        })


def certificate_pdf(certificate: Certificate, *, language: str = "ar", base_url: str = "") -> bytes:
    """A4 landscape; Arabic shaped right to left by Pango; the QR names the public verification URL."""
    from musharaka.core.pdf import html_to_pdf

    return html_to_pdf(certificate_html(certificate, language=language, base_url=base_url), base_url=base_url)


def pdf_filename(certificate: Certificate) -> str:
    return f"volunteering-certificate-{format_code(certificate.code)}.pdf"
