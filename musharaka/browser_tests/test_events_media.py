"""Development media in the browser: an organiser publishes a news post and uploads a photo on the event's manage
tabs, in Arabic; the public event page shows both (RTL), and in English it is left to right with the English
caption as the photo's alternative text."""

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from musharaka.events import services
from musharaka.orgs.models import Role, Sector


@pytest.fixture
def forum(make_org, make_member, region):
    municipality = make_org("أمانة المنطقة الشرقية", sector=Sector.AUTHORITY, name_en="Eastern Province Municipality")
    editor = make_member(municipality, Role.EDITOR, first_name="سعد", last_name="المالكي")
    start = timezone.now() - datetime.timedelta(days=2)
    event = services.event_create(actor=editor, organization=municipality, data={
        "title_ar": "الملتقى الأول للمشاركة المجتمعية", "title_en": "First Community Participation Forum",
        "kind": "forum", "region": region, "starts_at": start, "ends_at": start + datetime.timedelta(days=1),
        "is_published": True})
    return event, editor


def test_organiser_publishes_a_post_and_a_photo_the_public_sees_both(signed_in_page, page, browser_problems, forum,
                                                                     tmp_path):
    event, editor = forum
    photo = tmp_path / "signing.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (20, 110, 90)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())

    organising = signed_in_page(editor)
    organising.goto(f"/events/{event.pk}/manage/sessions/")
    organising.get_by_test_id("tab-news").click()
    form = organising.get_by_test_id("news-form")
    form.locator("#id_title_ar").fill("أمانة الشرقية توقع مذكرة تفاهم في ختام اليوم الثاني")
    form.locator("#id_body_ar").fill("أبرمت الأمانة مذكرة تفاهم مع شركة شباب مجتمعي الوقفية.\n\n"
                                     "كما وقعت اتفاقية مع شركة معارف.")
    form.locator("#id_is_published").check()
    form.get_by_test_id("save-post").click()
    expect(organising.get_by_test_id("manage-news")).to_contain_text("أمانة الشرقية توقع مذكرة تفاهم")
    organising.get_by_test_id("tab-photos").click()
    upload = organising.get_by_test_id("photo-form")
    upload.locator("#id_images").set_input_files(str(photo))
    upload.locator("#id_caption_ar").fill("توقيع مذكرة التفاهم")
    upload.locator("#id_caption_en").fill("The signing of the MoU")
    upload.get_by_test_id("upload-photos").click()
    expect(organising.get_by_test_id("manage-photos").locator("img")).to_have_count(1)

    page.goto(f"/events/{event.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_test_id("event-news")).to_contain_text("أمانة الشرقية توقع مذكرة تفاهم")
    thumbnail = page.get_by_test_id("event-photos").locator("img")
    expect(thumbnail).to_have_attribute("alt", "توقيع مذكرة التفاهم")
    assert page.evaluate("img => img.complete && img.naturalWidth", thumbnail.element_handle()) == 480
    page.get_by_test_id("event-news").get_by_role("link").first.click()
    expect(page.get_by_test_id("post-body").locator("p")).to_have_count(2)
    page.goto(f"/events/{event.pk}/photos/")
    expect(page.get_by_test_id("gallery").locator("figure")).to_have_count(1)

    page.goto(f"/en/events/{event.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_test_id("event-photos").locator("img")).to_have_attribute("alt", "The signing of the MoU")
    expect(page.get_by_test_id("news-link")).to_have_text("News")
    assert browser_problems == []
