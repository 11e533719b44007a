"""Recommendations in the browser, in Arabic: the organiser records one on the event's tracker, the responsible
organisation posts an update moving it to in progress, and the tracker filtered by status shows it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from musharaka.events import services
from musharaka.events.models import Recommendation
from musharaka.orgs.models import Role, Sector


@pytest.fixture
def forum(make_org, make_member, region):
    emirate = make_org("إمارة منطقة الرياض", sector=Sector.AUTHORITY, name_en="Riyadh Region Emirate")
    editor = make_member(emirate, Role.EDITOR, first_name="نورة", last_name="القحطاني")
    start = timezone.now() - datetime.timedelta(days=30)
    event = services.event_create(actor=editor, organization=emirate, data={
        "title_ar": "الملتقى الرابع للمبادرات والتجارب التنموية", "kind": "forum", "region": region,
        "starts_at": start, "ends_at": start + datetime.timedelta(days=1), "is_published": True})
    return event, editor


def test_organiser_records_responsible_org_moves_it_and_tracker_filters(signed_in_page, page, browser_problems,
                                                                         forum, make_org, make_member):
    event, editor = forum
    municipality = make_org("أمانة منطقة الرياض", sector=Sector.GOVERNMENT, name_en="Riyadh Municipality")
    follower = make_member(municipality, Role.EDITOR, first_name="سلمان", last_name="الدوسري")

    organising = signed_in_page(editor)
    organising.goto(f"/events/{event.pk}/")
    expect(organising.locator("html")).to_have_attribute("dir", "rtl")
    organising.get_by_test_id("recommendations-link").click()
    form = organising.get_by_test_id("recommendation-form")
    form.locator("#id_text_ar").fill("إشراك سكان الأحياء في تصميم مشاريع تحسين المشهد الحضري")
    # The organisation is found by typing part of its name (alef and ta marbuta as people type them).
    form.locator("#id_organization_search").fill("امانه منطقه")
    expect(form.locator(f"#id_organization option[value='{municipality.pk}']")).to_have_count(1)
    form.locator("#id_organization").select_option(str(municipality.pk))
    form.locator("#id_due_date").fill("2030-06-30")
    form.locator("button[type=submit]").click()
    expect(organising.get_by_test_id("recommendation-status")).to_have_text("مقترحة")
    recommendation = Recommendation.objects.get(event=event)

    following = signed_in_page(follower)
    following.goto(f"/events/recommendations/{recommendation.pk}/")
    update = following.get_by_test_id("update-form")
    update.locator("#id_text").fill("بدأ التنفيذ: شُكّل فريق عمل وحُددت الأحياء المستهدفة")
    update.locator("#id_status").select_option("in_progress")
    update.locator("button[type=submit]").click()
    expect(following.get_by_test_id("recommendation-status")).to_have_text("قيد التنفيذ")
    history = following.get_by_test_id("status-history")
    expect(history).to_contain_text("مقترحة → قيد التنفيذ")
    expect(history).to_contain_text("بدأ التنفيذ")

    page.goto("/events/recommendations/")
    page.locator("#id_status").select_option("in_progress")
    page.get_by_test_id("filter").click()
    expect(page.get_by_test_id("recommendation-row")).to_have_count(1)
    expect(page.get_by_test_id("row-status")).to_have_text("قيد التنفيذ")
    expect(page.get_by_test_id("status-counts").locator("[data-status=in_progress] .badge")).to_have_text("1")
    page.locator("#id_status").select_option("done")
    page.get_by_test_id("filter").click()
    expect(page.get_by_test_id("recommendation-row")).to_have_count(0)
    assert browser_problems == []
