"""Events in the browser, the issue's first Done-when: the emirate of Madinah enters the first sample
(shared/samples/forum-development-initiatives.ar.txt) completely through the pages in Arabic (the fifth
edition of a yearly forum under the governor's patronage, two days, the six themes, the five target
groups, dialogue sessions, workshops and the regions' development awards); a resident registers, the
organiser's staff check the ticket in at the door and at a workshop, the resident downloads the workshop's
attendance certificate in Arabic and its code verifies, and the event page shows right in English."""

import io

import pypdf
import pytest
from playwright.sync_api import expect

from musharaka.events import certificates
from musharaka.events.models import AttendanceCertificate, CheckIn, Event, Registration, RegistrationStatus
from musharaka.geo.models import Region
from musharaka.orgs.models import Role, Sector
from musharaka.taxonomy.models import Axis

# The sample's five target groups, in its order; the public is not one of them.
FIVE = ["authority", "government", "nonprofit", "private", "academic_expert"]
SIX_THEMES = ["الاستدامة والتنمية المحلية", "الابتكار التنموي", "تمكين القطاع غير الربحي",
              "تعزيز المحتوى المحلي", "الإعلام التنموي", "جودة الحياة وتنمية الجهات"]
TITLE = "الملتقى الخامس للمبادرات والتجارب التنموية في إمارات المناطق"
WORKSHOP = "ورشة الابتكار التنموي ونقل التجارب الناجحة"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def madinah(db):
    return Region.objects.get(code="SA-03")


@pytest.fixture
def organiser(make_org, make_member, madinah):
    emirate = make_org("إمارة منطقة المدينة المنورة", region=madinah, sector=Sector.AUTHORITY,
                       name_en="Madinah Region Emirate")
    return make_member(emirate, Role.EDITOR, first_name="العنود", last_name="العنزي")


def _add_speaker(page, name: str, title: str) -> None:
    page.locator("#id_name_ar").fill(name)
    page.locator("#id_title_ar").fill(title)
    page.get_by_test_id("add-speaker").click()
    expect(page.get_by_test_id("speaker-list")).to_contain_text(name)


def test_emirate_enters_the_first_sample_resident_registers_checked_in_gets_certificate_and_english_page(
    signed_in_page, page, browser_problems, organiser, make_user, madinah
):
    assert sorted(Axis.objects.values_list("name_ar", flat=True)) == sorted(SIX_THEMES)
    editing = signed_in_page(organiser)
    editing.goto("/events/new/")
    expect(editing.locator("html")).to_have_attribute("dir", "rtl")
    editing.locator("#id_title_ar").fill(TITLE)
    editing.locator("#id_title_en").fill("Fifth Forum of Development Initiatives and Experiences in the Regions' Emirates")
    editing.locator("#id_kind").select_option("forum")
    editing.locator("#id_series_name").fill("الملتقى السنوي للمبادرات والتجارب التنموية في إمارات المناطق")
    editing.locator("#id_edition").fill("5")
    editing.locator("#id_patron_name").fill("صاحب السمو الملكي الأمير سلمان بن سلطان")
    editing.locator("#id_patron_title").fill("أمير منطقة المدينة المنورة")
    editing.locator("#id_region").select_option(str(madinah.pk))
    editing.locator("#id_city").select_option(label="المدينة المنورة — المدينة المنورة")
    editing.locator("#id_venue").fill("مركز الملك سلمان الدولي للمؤتمرات")
    # Wednesday and Thursday, as the sample says.
    editing.locator("#id_starts_at").fill("2030-10-30T09:00")
    editing.locator("#id_ends_at").fill("2030-10-31T17:00")
    for theme in SIX_THEMES:
        editing.get_by_label(theme, exact=True).check()
    for code in FIVE:
        editing.locator(f"#id_audience_{code}").check()
        editing.locator(f"#id_quota_{code}").fill("120")
    editing.locator("#id_audience_public").uncheck()
    editing.locator("#id_capacity").fill("600")
    editing.locator("#id_is_published").check()
    editing.get_by_test_id("save").click()
    expect(editing.get_by_test_id("tab-sessions")).to_be_visible()

    event = Event.objects.get(title_ar=TITLE)
    assert (event.edition, event.series.name_ar, event.axes.count(), event.audiences.count()) == (
        5, "الملتقى السنوي للمبادرات والتجارب التنموية في إمارات المناطق", 6, 5)
    assert sorted(event.audiences.values_list("category", flat=True)) == sorted(FIVE)

    editing.get_by_test_id("tab-speakers").click()
    _add_speaker(editing, "د. سلطان الحربي", "وكيل إمارة منطقة المدينة المنورة للتنمية")
    _add_speaker(editing, "م. ريم الجهني", "مديرة الشراكات في جمعية تنمية الأحياء")
    editing.get_by_test_id("tab-sessions").click()
    day1, day2 = "2030-10-30", "2030-10-31"
    for kind, title, start, end, track in [
        ("opening", "حفل افتتاح الملتقى", f"{day1}T09:00", f"{day1}T10:00", ""),
        ("dialogue", "الاستدامة والتنمية المحلية: تجارب الإمارات", f"{day1}T10:00", f"{day1}T11:30", ""),
        ("dialogue", "تمكين القطاع غير الربحي شريكًا في التنمية", f"{day1}T12:00", f"{day1}T13:30", ""),
        ("workshop", WORKSHOP, f"{day2}T09:00", f"{day2}T11:00", "قاعة الورش"),
        ("dialogue", "الإعلام التنموي وتعزيز المحتوى المحلي", f"{day2}T09:00", f"{day2}T10:30", "القاعة الرئيسية"),
        ("workshop", "ورشة جودة الحياة وتنمية الجهات", f"{day2}T11:30", f"{day2}T13:30", "قاعة الورش"),
        ("award_ceremony", "تسليم جوائز المناطق التنموية", f"{day2}T15:00", f"{day2}T16:00", "القاعة الرئيسية"),
    ]:
        editing.locator("#id_kind").select_option(kind)
        editing.locator("#id_title_ar").fill(title)
        editing.locator("#id_starts_at").fill(start)
        editing.locator("#id_ends_at").fill(end)
        editing.locator("#id_track").fill(track)
        if kind == "dialogue":
            editing.get_by_label("م. ريم الجهني").first.check()  # a speaker
            editing.get_by_label("د. سلطان الحربي").last.check()  # the moderator
        editing.get_by_test_id("add-session").click()
        expect(editing.get_by_test_id("session").filter(has_text=title)).to_have_count(1)
    expect(editing.get_by_test_id("agenda-day")).to_have_count(2)
    expect(editing.get_by_test_id("agenda-day").nth(1).get_by_test_id("agenda-track")).to_have_count(2)
    assert sorted(event.sessions.values_list("kind", flat=True)) == sorted(
        ["opening", "dialogue", "dialogue", "workshop", "dialogue", "workshop", "award_ceremony"])

    # A resident registers as a non-profit and opens the ticket.
    resident = make_user(first_name="فهد", last_name="العتيبي")
    visiting = signed_in_page(resident)
    visiting.goto(f"/events/{event.pk}/")
    expect(visiting.get_by_test_id("event-patron")).to_contain_text("صاحب السمو الملكي الأمير سلمان بن سلطان")
    expect(visiting.get_by_test_id("seats-left")).to_contain_text("600")
    visiting.get_by_test_id("register").click()
    visiting.locator("#id_category").select_option("nonprofit")
    visiting.get_by_test_id("register-submit").click()
    expect(visiting.get_by_test_id("my-registration")).to_contain_text("مؤكد")
    registration = Registration.objects.get(event=event, user=resident)
    assert registration.status == RegistrationStatus.CONFIRMED
    visiting.goto("/events/registrations/")
    visiting.get_by_test_id("ticket-link").click()
    code = visiting.get_by_test_id("ticket-code").inner_text()
    assert code == registration.ticket.code

    # The organiser's staff check the ticket in at the door on a phone, typing its code, then at the door of the
    # first workshop (a forum certifies its workshops and training courses, not the door).
    door = signed_in_page(organiser, viewport=PHONE)
    door.goto(f"/events/{event.pk}/check-in/")
    door.get_by_test_id("checkin-code").fill(code)
    door.get_by_test_id("checkin-submit").click()
    expect(door.get_by_test_id("checkin-result")).to_have_attribute("data-outcome", "checked_in")
    expect(door.get_by_test_id("checkin-result")).to_contain_text("فهد")
    door.locator("#checkin-session").select_option(label=WORKSHOP)
    door.get_by_test_id("checkin-code").fill(code)
    door.get_by_test_id("checkin-submit").click()
    expect(door.get_by_test_id("checkin-result")).to_have_attribute("data-outcome", "checked_in")
    assert CheckIn.objects.filter(registration=registration).count() == 2

    # The resident downloads the workshop's attendance certificate in Arabic; its code verifies.
    visiting.goto("/events/registrations/")
    link = visiting.get_by_test_id("certificate-link")
    expect(link).to_have_count(1)
    expect(link).to_contain_text(WORKSHOP)
    with visiting.expect_download() as caught:
        link.click()
    text = pypdf.PdfReader(io.BytesIO(caught.value.path().read_bytes())).pages[0].extract_text()
    certificate = AttendanceCertificate.objects.get(registration=registration)
    printed = certificates.format_code(certificate.code)
    assert "فهد العتيبي" in text and WORKSHOP in text and TITLE in text and printed in text
    assert "إمارة منطقة المدينة المنورة" in text
    page.goto(f"/events/certificates/verify/{printed}/")
    expect(page.get_by_test_id("certificate-valid")).to_be_visible()
    expect(page.get_by_test_id("certificate-name")).to_have_text("فهد العتيبي")

    # The same event in English, left to right, with both calendars.
    page.goto(f"/en/events/{event.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_test_id("event-title")).to_have_text(
        "Fifth Forum of Development Initiatives and Experiences in the Regions' Emirates")
    expect(page.get_by_test_id("event-edition")).to_have_text("Edition 5")
    expect(page.get_by_test_id("event-patron")).to_contain_text("Under the patronage of")
    expect(page.get_by_test_id("event-dates")).to_contain_text("AH")
    expect(page.get_by_test_id("event-dates")).to_contain_text("October 2030")
    expect(page.get_by_test_id("themes").locator("li")).to_have_count(6)
    expect(page.get_by_test_id("themes")).to_contain_text("Development media")
    expect(page.get_by_test_id("audiences").locator("li")).to_have_count(5)
    expect(page.get_by_test_id("audiences")).to_contain_text("Private sector")
    expect(page.get_by_test_id("seats-left")).to_contain_text("599 seats left")
    page.get_by_test_id("agenda-link").click()
    expect(page.get_by_test_id("agenda-day")).to_have_count(2)
    assert browser_problems == []
