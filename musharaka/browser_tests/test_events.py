"""Events in the browser: an organiser enters a two-day forum with its agenda through the pages in
Arabic, a resident registers, and the event page shows right in English."""

import pytest
from playwright.sync_api import expect

from musharaka.events.models import Event, Registration, RegistrationStatus
from musharaka.orgs.models import Role, Sector
from musharaka.taxonomy.models import Axis

FIVE = ["authority", "government", "nonprofit", "private", "academic_expert"]


@pytest.fixture
def organiser(make_org, make_member, region):
    emirate = make_org("إمارة منطقة الرياض", sector=Sector.AUTHORITY, name_en="Riyadh Region Emirate")
    return make_member(emirate, Role.EDITOR, first_name="نورة", last_name="القحطاني")


def test_organiser_enters_a_forum_resident_registers_and_english_page(
    signed_in_page, page, browser_problems, organiser, make_user, region
):
    editing = signed_in_page(organiser)
    editing.goto("/events/new/")
    expect(editing.locator("html")).to_have_attribute("dir", "rtl")
    editing.locator("#id_title_ar").fill("الملتقى الخامس للمبادرات والتجارب التنموية")
    editing.locator("#id_title_en").fill("Fifth Forum of Development Initiatives")
    editing.locator("#id_kind").select_option("forum")
    editing.locator("#id_series_name").fill("الملتقى السنوي للمبادرات والتجارب التنموية")
    editing.locator("#id_edition").fill("5")
    editing.locator("#id_patron_name").fill("صاحب السمو الملكي أمير منطقة الرياض")
    editing.locator("#id_guests").fill("معالي نائب وزير الشؤون البلدية والقروية والإسكان | المهندس عبد الله البدير")
    editing.locator("#id_region").select_option(str(region.pk))
    editing.locator("#id_city").select_option(label="الرياض — الرياض")
    editing.locator("#id_venue").fill("مركز الملك عبدالعزيز الدولي للمؤتمرات")
    editing.locator("#id_starts_at").fill("2030-10-28T09:00")
    editing.locator("#id_ends_at").fill("2030-10-29T17:00")
    for box in editing.locator("input[name=axes]").all():
        box.check()
    for code in FIVE:
        editing.locator(f"#id_audience_{code}").check()
        editing.locator(f"#id_quota_{code}").fill("40")
    editing.locator("#id_audience_public").uncheck()  # the sample's five target groups, without the public
    editing.locator("#id_capacity").fill("200")
    editing.locator("#id_is_published").check()
    editing.get_by_test_id("save").click()
    expect(editing.get_by_test_id("tab-sessions")).to_be_visible()

    event = Event.objects.get(title_ar="الملتقى الخامس للمبادرات والتجارب التنموية")
    assert (event.edition, event.axes.count(), event.audiences.count()) == (5, Axis.objects.count(), 5)

    # A speaker, then sessions on both days, in two parallel tracks on the second.
    editing.get_by_test_id("tab-speakers").click()
    editing.locator("#id_name_ar").fill("سمير المغامسي")
    editing.locator("#id_title_ar").fill("أمين عام مراكز الأحياء")
    editing.get_by_test_id("add-speaker").click()
    expect(editing.get_by_test_id("speaker-list")).to_contain_text("سمير المغامسي")
    editing.get_by_test_id("tab-sessions").click()
    for kind, title, start, end, track in [
        ("opening", "افتتاح الملتقى", "2030-10-28T09:00", "2030-10-28T10:00", ""),
        ("dialogue", "تمكين القطاع غير الربحي", "2030-10-28T10:00", "2030-10-28T11:30", ""),
        ("workshop", "ورشة قياس الأثر الاجتماعي", "2030-10-29T09:00", "2030-10-29T11:00", "قاعة الورش"),
        ("dialogue", "الإعلام التنموي", "2030-10-29T09:00", "2030-10-29T10:30", "القاعة الرئيسية"),
        ("award_ceremony", "تكريم الفائزين بجوائز المناطق التنموية", "2030-10-29T15:00", "2030-10-29T16:00", "القاعة الرئيسية"),
    ]:
        editing.locator("#id_kind").select_option(kind)
        editing.locator("#id_title_ar").fill(title)
        editing.locator("#id_starts_at").fill(start)
        editing.locator("#id_ends_at").fill(end)
        editing.locator("#id_track").fill(track)
        if kind == "dialogue":
            editing.get_by_label("سمير المغامسي").first.check()
        editing.get_by_test_id("add-session").click()
        expect(editing.get_by_test_id("session").filter(has_text=title)).to_have_count(1)
    expect(editing.get_by_test_id("agenda-day")).to_have_count(2)
    expect(editing.get_by_test_id("agenda-day").nth(1).get_by_test_id("agenda-track")).to_have_count(2)

    # A resident registers as a non-profit.
    resident = make_user(first_name="فهد", last_name="العتيبي")
    visiting = signed_in_page(resident)
    visiting.goto(f"/events/{event.pk}/")
    expect(visiting.get_by_test_id("seats-left")).to_contain_text("200")
    visiting.get_by_test_id("register").click()
    visiting.locator("#id_category").select_option("nonprofit")
    visiting.get_by_test_id("register-submit").click()
    expect(visiting.get_by_test_id("my-registration")).to_contain_text("مؤكد")
    assert Registration.objects.get(event=event, user=resident).status == RegistrationStatus.CONFIRMED

    # The same event in English, left to right, with both calendars.
    page.goto(f"/en/events/{event.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_test_id("event-title")).to_have_text("Fifth Forum of Development Initiatives")
    expect(page.get_by_test_id("event-edition")).to_have_text("Edition 5")
    expect(page.get_by_test_id("event-patron")).to_contain_text("Under the patronage of")
    expect(page.get_by_test_id("event-dates")).to_contain_text("AH")
    expect(page.get_by_test_id("event-dates")).to_contain_text("October 2030")
    expect(page.get_by_test_id("themes").locator("li")).to_have_count(Axis.objects.count())
    expect(page.get_by_test_id("audiences")).to_contain_text("Private sector")
    expect(page.get_by_test_id("seats-left")).to_contain_text("199 seats left")
    page.get_by_test_id("agenda-link").click()
    expect(page.get_by_test_id("agenda-day")).to_have_count(2)
    assert browser_problems == []
