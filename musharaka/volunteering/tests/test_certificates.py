"""The certificate PDF: drawn (not blank), its Arabic read back, its QR code naming the public verification page;
the English one left to right; the code as typed or scanned."""

import os
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from musharaka.core.arabic import normalize
from musharaka.volunteering import certificates, services

pytestmark = pytest.mark.django_db


def _needs(*tools: str):
    if not all(shutil.which(tool) for tool in tools):
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(f"{', '.join(tools)} missing (poppler-utils, zbar-tools); under CI=true the PDF is checked")
        pytest.skip(f"{', '.join(tools)} missing")


def _certificate(world, hours="6.5"):
    application = services.application_create(actor=world.volunteer, shift=world.morning)
    services.application_decide(actor=world.editor, application=application, decision="accept")
    entry = services.hours_log(actor=world.volunteer, opportunity=world.opportunity,
                               data={"date": timezone.localdate(), "hours": hours, "shift_id": world.morning.pk})
    services.hours_verify(actor=world.editor, entry=entry)
    return services.certificate_issue(actor=world.volunteer, volunteer=world.volunteer,
                                      organization=world.organization, opportunity=world.opportunity)


def _words(text: str) -> set[str]:
    # pdftotext gives right-to-left runs in visual order: compare normalised words both ways round.
    words = normalize(text).split()
    return set(words) | {word[::-1] for word in words}


def _pdf(client, certificate, tmp_path, prefix=""):
    response = client.get(prefix + reverse("volunteering:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    path = tmp_path / "certificate.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    return path


def test_certificate_pdf_is_drawn_its_arabic_reads_back_and_its_qr_names_the_verification(
        volunteering_world, client_for, tmp_path):
    from PIL import Image

    _needs("pdftoppm", "pdftotext", "zbarimg")
    certificate = _certificate(volunteering_world)
    pdf = _pdf(client_for(volunteering_world.volunteer), certificate, tmp_path)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    [png] = list(tmp_path.glob("page*.png"))
    image = Image.open(png).convert("L")
    assert sum(image.histogram()[:128]) > image.width * image.height * 0.003  # text was drawn: not blank
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = _words(text)
    assert {normalize(word) for word in ("شهادة", "تطوع", "نورة", "القحطاني", "أصدقاء", "البيئة")} <= words
    assert certificates.format_code(certificate.code) in text and "6.5" in text
    scanned = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True,
                             check=True).stdout.strip()
    assert scanned.endswith(reverse("volunteering:certificate_verify_code",
                                    args=[certificates.format_code(certificate.code)]))


def test_certificate_pdf_in_english_is_left_to_right(volunteering_world, client_for):
    certificate = _certificate(volunteering_world)
    html = certificates.certificate_html(certificate, language="en")
    assert 'dir="ltr"' in html and "Certificate of volunteering" in html and "Friends of the Environment" in html


def test_certificate_code_as_typed_or_scanned(volunteering_world):
    certificate = _certificate(volunteering_world)
    printed = certificates.format_code(certificate.code)
    assert certificates.certificate_by_code(printed.lower().replace("-", " ")) == certificate
    assert certificates.certificate_by_code(certificates.verify_url(certificate.code, "https://x.example")) == certificate
    assert certificates.certificate_by_code("0" * 16) is None  # 0 is not in the alphabet
    assert certificates.certificate_by_code(None) is None


def test_certificate_of_a_revoked_is_not_downloaded(volunteering_world, client_for):
    certificate = _certificate(volunteering_world)
    services.certificate_revoke(actor=volunteering_world.admin, certificate=certificate, reason="ساعات مكررة")
    response = client_for(volunteering_world.volunteer).get(
        reverse("volunteering:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 404
