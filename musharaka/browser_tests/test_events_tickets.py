"""Tickets and check-in in the browser, in Arabic: a registrant opens their ticket (QR and code); the organiser's
staff, on a phone-sized page, types the code and sees it checked in, then checked in already."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from musharaka.events import services
from musharaka.events.models import CheckIn
from musharaka.orgs.models import Role, Sector

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def forum(make_org, make_member, region):
    emirate = make_org("إمارة منطقة الرياض", sector=Sector.AUTHORITY, name_en="Riyadh Region Emirate")
    staff = make_member(emirate, Role.EDITOR, first_name="نورة", last_name="القحطاني")
    starts = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(hours=1)
    event = services.event_create(actor=staff, organization=emirate, data={
        "title_ar": "ورشة عمل إعداد خطة التنمية المحلية", "kind": "workshop", "region": region,
        "venue": "مركز الحي الاجتماعي", "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=6),
        "is_published": True}, audiences=[services.AudienceSpec("public")])
    return event, staff


def _errors(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" or message.text.startswith("Refused to") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_registrant_opens_ticket_and_staff_checks_in_by_code_on_a_phone(signed_in_page, forum, make_user):
    event, staff = forum
    resident = make_user(first_name="سارة", last_name="الشهري")
    registration = services.registration_create(actor=resident, event=event, category="public")
    code = registration.ticket.code

    mine = signed_in_page(resident)
    problems = _errors(mine)
    mine.goto("/events/registrations/")
    expect(mine.locator("html")).to_have_attribute("dir", "rtl")
    mine.get_by_test_id("ticket-link").click()
    expect(mine.get_by_test_id("ticket")).to_contain_text("ورشة عمل إعداد خطة التنمية المحلية")
    expect(mine.get_by_test_id("ticket-name")).to_contain_text("سارة")
    expect(mine.get_by_test_id("ticket-qr").locator("svg")).to_be_visible()
    expect(mine.get_by_test_id("ticket-code")).to_have_text(code)

    door = signed_in_page(staff, viewport=PHONE)
    problems += _errors(door)
    door.goto(f"/events/{event.pk}/check-in/")
    expect(door.locator("html")).to_have_attribute("dir", "rtl")
    door.get_by_test_id("checkin-code").fill(code)
    door.get_by_test_id("checkin-submit").click()
    result = door.get_by_test_id("checkin-result")
    expect(result).to_have_attribute("data-outcome", "checked_in")
    expect(result).to_contain_text("تم تسجيل الحضور الآن")
    expect(result).to_contain_text("سارة")
    # The page fits the phone: no sideways scrolling.
    assert door.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    door.get_by_test_id("checkin-code").fill(code)
    door.get_by_test_id("checkin-submit").click()
    expect(door.get_by_test_id("checkin-result")).to_have_attribute("data-outcome", "already_checked_in")
    expect(door.get_by_test_id("checkin-result")).to_contain_text("سبق تسجيل حضوره")
    assert CheckIn.objects.filter(registration=registration).count() == 1
    assert problems == []
