"""Volunteering in the browser, in Arabic (issue #16's Done-when): a resident applies to a shift, the organisation
accepts, the resident logs hours, the organisation verifies them, the resident downloads the certificate PDF and its
code verifies on the public verification page."""

import io

import pypdf
from django.utils import timezone
from playwright.sync_api import expect

from musharaka.orgs.models import Role
from musharaka.volunteering import certificates, services
from musharaka.volunteering.models import Application, Certificate, HourEntry
from musharaka.volunteering.tests.conftest import opportunity_data, shift_times


def _watch(page, problems: list[str]):
    """Console errors, uncaught errors and CSP violations of a signed-in page (browser_problems watches `page`)."""
    page.on("console", lambda message: problems.append(f"console: {message.text}")
            if message.type == "error" or message.text.startswith("Refused to") else None)
    page.on("pageerror", lambda error: problems.append(f"uncaught error: {error}"))
    return page


def test_resident_volunteers_and_the_certificate_verifies(signed_in_page, page, browser_problems, make_org,
                                                          make_member, make_user, region):
    organization = make_org("جمعية أصدقاء البيئة", name_en="Friends of the Environment")
    editor = make_member(organization, Role.EDITOR, first_name="خالد", last_name="الحربي")
    resident = make_user("resident", first_name="نورة", last_name="القحطاني")
    opportunity = services.opportunity_create(actor=editor, organization=organization, data=opportunity_data(region))
    starts, ends = shift_times(1)
    shift = services.shift_save(actor=editor, opportunity=opportunity,
                                data={"title": "الفترة الصباحية", "starts_at": starts, "ends_at": ends, "capacity": 3})
    services.opportunity_publish(actor=editor, opportunity=opportunity)
    problems: list[str] = []

    # The resident applies to the morning shift.
    mine = _watch(signed_in_page(resident), problems)
    mine.goto(f"/volunteering/{opportunity.pk}/")
    expect(mine.locator("html")).to_have_attribute("dir", "rtl")
    expect(mine.get_by_test_id(f"apply-{shift.pk}")).to_have_text("التقديم على هذه الفترة")
    mine.locator(f"#id_shift{shift.pk}-message").fill("أحب الزراعة وتحسين حيّنا")
    mine.get_by_test_id(f"apply-{shift.pk}").click()
    expect(mine.get_by_test_id("application-status")).to_have_text("بانتظار القرار")
    application = Application.objects.get(volunteer=resident)

    # The organisation accepts.
    staff = _watch(signed_in_page(editor), problems)
    staff.goto(f"/volunteering/{opportunity.pk}/applications/")
    expect(staff.get_by_test_id(f"application-{application.pk}")).to_contain_text("أحب الزراعة")
    staff.get_by_test_id(f"accept-{application.pk}").click()
    expect(staff.get_by_test_id(f"application-{application.pk}")).to_contain_text("مقبول")

    # The resident logs three hours of the shift.
    mine.goto(f"/volunteering/{opportunity.pk}/")
    expect(mine.get_by_test_id("application-status")).to_have_text("مقبول")
    form = mine.get_by_test_id("hours-form")
    form.locator("#id_date").fill(timezone.localdate().isoformat())
    form.locator("#id_hours").fill("3")
    form.locator("#id_shift").select_option(str(shift.pk))
    form.locator("#id_activity").fill("زراعة الشتلات في الحديقة العامة")
    mine.get_by_test_id("log-hours").click()
    expect(mine.get_by_test_id("my-entries")).to_contain_text("بانتظار التوثيق")
    entry = HourEntry.objects.get(volunteer=resident)

    # The organisation verifies them from its queue.
    staff.goto(f"/volunteering/organisations/{organization.pk}/hours/")
    staff.get_by_test_id(f"verify-{entry.pk}").click()
    expect(staff.get_by_test_id("hours-queue-empty")).to_be_visible()

    # The resident gets the certificate and downloads its PDF.
    mine.goto("/volunteering/me/")
    expect(mine.get_by_test_id("profile-totals")).to_contain_text("3")
    mine.get_by_test_id(f"get-certificate-{organization.pk}").click()
    certificate = Certificate.objects.get(volunteer=resident)
    printed = certificates.format_code(certificate.code)
    with mine.expect_download() as caught:
        mine.get_by_test_id(f"certificate-pdf-{certificate.pk}").click()
    download = caught.value
    assert download.suggested_filename == f"volunteering-certificate-{printed}.pdf"
    text = pypdf.PdfReader(io.BytesIO(download.path().read_bytes())).pages[0].extract_text()
    assert "نورة القحطاني" in text and "جمعية أصدقاء البيئة" in text and "شهادة تطوع" in text and printed in text

    # Anyone, not signed in, checks the code as printed.
    page.goto("/volunteering/verify/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#certificate-code").fill(printed.lower())
    page.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("certificate-valid")).to_be_visible()
    expect(page.get_by_test_id("certificate-name")).to_have_text("نورة القحطاني")
    expect(page.get_by_test_id("certificate-hours")).to_have_text("3")
    expect(page.get_by_test_id("certificate-code")).to_have_text(printed)
    assert browser_problems == [] and problems == []
