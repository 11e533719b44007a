"""Residents' reports in the browser, in Arabic: a resident without an account reports a broken street light with a
photo and typed coordinates and gets the private link; the municipality's editor, in another browser context,
acknowledges then resolves it from the queue with a note; the private link shows it resolved with the note. No
console error, no CSP violation.

Only the starting world is built through the services (the municipality routed for lighting in Riyadh, its staff);
every step after it is done on the pages."""

import io
import re

from PIL import Image
from playwright.sync_api import expect

from musharaka.reports.models import Report
from musharaka.reports.tests.conftest import reports_world  # noqa: F401  (the fixture, shared with the unit tests)

from .test_plans import watch

DESCRIPTION = "عمود الإنارة رقم ١٢٠٧ في شارع الورود مطفأ منذ أسبوع، والشارع مظلم تمامًا بعد المغرب"
RESOLVED_NOTE = "استُبدل مصباح العمود وعادت الإنارة إلى الشارع"


def photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (24.0, 41.0, 42.0), 3: "E", 4: (46.0, 41.0, 6.0)}
    output = io.BytesIO()
    Image.new("RGB", (120, 90), (30, 30, 60)).save(output, "JPEG", exif=exif.tobytes())
    return output.getvalue()


def _bulk(page, report_id: int, status: str, note: str):
    page.locator(f"#choose-{report_id}").check()
    page.locator("#id_bulk-status").select_option(status)
    page.locator("#id_bulk-note").fill(note)
    page.get_by_test_id("bulk-submit").click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_a_resident_reports_a_broken_light_and_follows_it_to_resolution(new_context, signed_in_page,
                                                                         reports_world):  # noqa: F811
    world = reports_world
    problems: list[str] = []

    # The resident, without an account, fills the public form.
    resident = watch(new_context().new_page(), problems)
    resident.goto("/reports/")
    expect(resident.locator("html")).to_have_attribute("dir", "rtl")
    resident.get_by_test_id("new-report").click()
    resident.locator("#id_category").select_option(str(world.lighting.pk))
    expect(resident.locator(f"[data-attributes-for='{world.lighting.pk}']")).to_be_visible()
    expect(resident.locator(f"[data-attributes-for='{world.roads.pk}']")).to_be_hidden()
    resident.locator("#id_description").fill(DESCRIPTION)
    resident.locator("#id_region").select_option(str(world.region.pk))
    expect(resident.locator(f"#id_city option[value='{world.city.pk}']")).to_be_attached()
    resident.locator("#id_city").select_option(str(world.city.pk))
    expect(resident.locator(f"#id_neighbourhood option[value='{world.neighbourhood.pk}']")).to_be_attached()
    resident.locator("#id_neighbourhood").select_option(str(world.neighbourhood.pk))
    resident.locator("#id_latitude").fill("24.695100")
    resident.locator("#id_longitude").fill("46.685100")
    resident.locator("#id_longitude").dispatch_event("change")
    resident.locator("#id_address").fill("شارع الورود، أمام مدرسة الحي")
    resident.locator("#id_attr-lighting-pole-number").fill("1207")
    resident.locator("#id_photo").set_input_files(
        files=[{"name": "IMG_0042.jpg", "mimeType": "image/jpeg", "buffer": photo_with_gps()}])
    resident.locator("#id_contact_email").fill("resident@example.org")
    resident.get_by_test_id("report-submit").click()

    # The private link.
    expect(resident.get_by_test_id("private-link")).to_be_visible()
    assert re.search(r"/reports/track/[A-Za-z0-9_-]{30,}/$", resident.url)
    private_link = resident.url
    expect(resident.get_by_test_id("private-link")).to_contain_text(private_link)
    expect(resident.get_by_test_id("report-status").locator("[data-status=submitted]")).to_be_visible()
    expect(resident.get_by_test_id("report-photo")).to_be_visible()
    report = Report.objects.get()
    assert report.organization == world.municipality and report.attributes == {"pole-number": "1207"}
    assert report.latitude is not None and str(report.latitude) == "24.695100"

    # The municipality's editor acknowledges it, then resolves it, from the queue.
    editor = watch(signed_in_page(world.editor), problems)
    editor.goto(f"/reports/queue/{world.municipality.pk}/")
    expect(editor.get_by_test_id("queue-list")).to_contain_text(str(report.pk))
    _bulk(editor, report.pk, "acknowledged", "وصل البلاغ إلى فريق صيانة الإنارة")
    _bulk(editor, report.pk, "resolved", RESOLVED_NOTE)
    expect(editor.get_by_test_id("queue-empty")).to_be_visible()  # the open queue no longer holds it

    # The private link shows it resolved, with the note and the timeline.
    resident.goto(private_link)
    expect(resident.get_by_test_id("report-status")).to_contain_text("تمت المعالجة")
    expect(resident.get_by_test_id("report-note")).to_have_text(RESOLVED_NOTE)
    expect(resident.get_by_test_id("report-timeline").locator("li")).to_have_count(3)
    assert problems == []
