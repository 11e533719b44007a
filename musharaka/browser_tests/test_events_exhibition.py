"""The exhibition of initiatives in the browser, in Arabic: a visitor likes a showcased initiative (htmx, no page load)
and comments on it, the organiser approves the comment, and it appears; the English page reads left to right."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from musharaka.events import exhibition, services
from musharaka.events.models import Showcase
from musharaka.geo.models import City, Neighbourhood
from musharaka.orgs.models import Role, Sector

COMMENT = "مبادرة ملهمة، نتمنى أن تصل إلى حي النخيل أيضًا"


@pytest.fixture
def fair(make_org, make_member, make_user, make_initiative):
    amanah = make_org("أمانة منطقة الرياض", sector=Sector.AUTHORITY, name_en="Riyadh Region Municipality")
    editor = make_member(amanah, Role.EDITOR)
    starts = timezone.now() + datetime.timedelta(days=5)
    event = services.event_create(actor=editor, organization=amanah, data={
        "title_ar": "ملتقى وجائزة عزوة للمشاركة المجتمعية", "title_en": "Azwa Community Participation Forum",
        "kind": "forum", "region": amanah.region, "starts_at": starts, "ends_at": starts + datetime.timedelta(days=1),
        "is_published": True})
    city, _new = City.objects.get_or_create(region=amanah.region, name_ar="الرياض", defaults={"name_en": "Riyadh"})
    neighbourhood, _new = Neighbourhood.objects.get_or_create(city=city, name_ar="حي الملقا",
                                                              defaults={"name_en": "Al Malqa"})
    booth = exhibition.booth_create(actor=editor, event=event, data={
        "name_ar": "جناح حي الملقا", "name_en": "Al Malqa booth", "number": "A1", "neighbourhood": neighbourhood})
    association = make_org("جمعية أصدقاء الحي", name_en="Friends of the Neighbourhood")
    initiative = make_initiative(association, status="active", title_ar="مبادرة الحديقة المجتمعية",
                                 title_en="Community Garden")
    showcase = exhibition.showcase_add(actor=editor, event=event, initiative=initiative, booth=booth)
    return {"event": event, "editor": editor, "showcase": showcase, "visitor": make_user(first_name="ريم")}


def test_visitor_likes_and_comments_organiser_approves_english_page(signed_in_page, page, browser_problems, fair):
    event, showcase = fair["event"], fair["showcase"]

    visiting = signed_in_page(fair["visitor"])
    visiting.goto(f"/events/{event.pk}/exhibition/")
    expect(visiting.locator("html")).to_have_attribute("dir", "rtl")
    expect(visiting.get_by_test_id("group")).to_contain_text("حي الملقا")
    card = visiting.get_by_test_id("showcase").filter(has_text="مبادرة الحديقة المجتمعية")
    expect(card.get_by_test_id("like-count")).to_contain_text("لا إعجابات")
    url_before = visiting.url
    card.get_by_test_id("like").click()
    expect(card.get_by_test_id("like-count")).to_contain_text("إعجاب واحد")
    expect(card.get_by_test_id("like")).to_have_attribute("aria-pressed", "true")
    assert visiting.url == url_before
    assert Showcase.objects.get(pk=showcase.pk).like_count == 1

    card.get_by_role("link", name="مبادرة الحديقة المجتمعية").click()
    visiting.locator("#id_text").fill(COMMENT)
    visiting.get_by_test_id("send-comment").click()
    expect(visiting.get_by_role("alert")).to_contain_text("سيظهر تعليقك")
    expect(visiting.get_by_test_id("my-pending")).to_contain_text(COMMENT)
    expect(visiting.get_by_test_id("comment")).to_have_count(0)

    organising = signed_in_page(fair["editor"])
    organising.goto(f"/events/{event.pk}/manage/exhibition/")
    organising.get_by_test_id("moderate-comments").click()
    expect(organising.get_by_test_id("moderated-comment")).to_contain_text(COMMENT)
    organising.get_by_test_id("approve").click()
    expect(organising.get_by_role("alert")).to_contain_text("حُدّث التعليق")

    visiting.reload()
    expect(visiting.get_by_test_id("comment")).to_contain_text(COMMENT)
    expect(visiting.get_by_test_id("comment")).to_contain_text("ريم")

    # The same exhibition in English, left to right, grouped by organisation on request.
    page.goto(f"/en/events/{event.pk}/exhibition/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exhibition of initiatives")
    expect(page.get_by_test_id("showcase")).to_contain_text("Community Garden")
    expect(page.get_by_test_id("showcase")).to_contain_text("1 like")
    expect(page.get_by_test_id("showcase")).to_contain_text("1 comment")
    page.get_by_test_id("by-organization").click()
    expect(page.get_by_test_id("group")).to_contain_text("Friends of the Neighbourhood")
    assert browser_problems == []
