"""Attendance certificates in the browser, in Arabic: a workshop attendee, once checked in, downloads the certificate
from "my registrations" (a PDF whose text carries the name and the workshop), then anyone verifies its code on the
public page."""

import datetime
import io

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from musharaka.events import certificates, checkin, services
from musharaka.events.models import AttendanceCertificate
from musharaka.orgs.models import Role, Sector

TITLE = "ورشة عمل إعداد خطة التنمية المحلية"


@pytest.fixture
def workshop(make_org, make_member, region):
    municipality = make_org("أمانة منطقة الرياض", sector=Sector.GOVERNMENT, name_en="Riyadh Municipality")
    staff = make_member(municipality, Role.EDITOR, first_name="نورة", last_name="القحطاني")
    starts = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(hours=1)
    event = services.event_create(actor=staff, organization=municipality, data={
        "title_ar": TITLE, "kind": "workshop", "region": region, "venue": "مركز الحي الاجتماعي",
        "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=6), "is_published": True},
        audiences=[services.AudienceSpec("public")])
    return event, staff


def test_checked_in_attendee_downloads_arabic_certificate_and_its_code_verifies(signed_in_page, page, workshop,
                                                                               make_user):
    event, staff = workshop
    resident = make_user(first_name="سارة", last_name="الشهري")
    registration = services.registration_create(actor=resident, event=event, category="public")
    checkin.check_in(actor=staff, event=event, code=registration.ticket.code)

    mine = signed_in_page(resident)
    mine.goto("/events/registrations/")
    expect(mine.locator("html")).to_have_attribute("dir", "rtl")
    link = mine.get_by_test_id("certificate-link")
    expect(link).to_contain_text("تنزيل الشهادة")
    with mine.expect_download() as caught:
        link.click()
    download = caught.value
    certificate = AttendanceCertificate.objects.get(registration=registration)
    printed = certificates.format_code(certificate.code)
    assert download.suggested_filename == f"certificate-{printed}.pdf"
    text = pypdf.PdfReader(io.BytesIO(download.path().read_bytes())).pages[0].extract_text()
    assert "سارة الشهري" in text and TITLE in text and "شهادة حضور" in text and printed in text

    # Anyone (not signed in) types the code as printed, in lower case with spaces.
    page.goto("/events/certificates/verify/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#certificate-code").fill(printed.lower().replace("-", " "))
    expect(page.get_by_test_id("verify-submit")).to_have_text("تحقّق من الرمز")
    page.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("certificate-valid")).to_be_visible()
    expect(page.get_by_test_id("certificate-name")).to_have_text("سارة الشهري")
    expect(page.get_by_test_id("certificate-event")).to_have_text(TITLE)
    expect(page.get_by_test_id("certificate-code")).to_have_text(printed)
