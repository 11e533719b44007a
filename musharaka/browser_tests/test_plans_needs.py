"""The needs assessment of a plan in a browser (issue #14, needs): a resident typing a need is shown the similar
needs already submitted (htmx), then votes for one as a woman on the public list."""

import re

import pytest
from playwright.sync_api import expect

from musharaka.orgs.models import Role, Sector


@pytest.fixture
def consulted_plan(make_org, make_member, region):
    from musharaka.plans import services
    from musharaka.plans.models import NeedCategory

    authority = make_org("أمانة منطقة الرياض", sector=Sector.AUTHORITY)
    admin = make_member(authority, Role.ADMIN)
    plan = services.plan_create(actor=admin, organization=authority, data={
        "title_ar": "خطة التنمية المحلية لمدينة الدرعية 2026–2030", "region": region, "start_year": 2026,
        "end_year": 2030})
    return services.plan_move(actor=admin, plan=plan, target="consultation"), NeedCategory.objects.first()


def test_resident_sees_similar_needs_while_typing_and_votes(signed_in_page, make_user, consulted_plan,
                                                            browser_problems):
    from musharaka.plans import services

    plan, category = consulted_plan
    neighbour = make_user()
    lighting = services.need_submit(actor=neighbour, plan=plan, data={
        "title": "نقص الإنارة في الشوارع الداخلية", "description": "الشوارع الداخلية مظلمة ليلا", "category": category})
    page = signed_in_page(make_user(first_name="هيا"))

    page.goto(f"/plans/{plan.pk}/needs/submit/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # Written without hamza and with ha for ta marbuta: the same need.
    page.locator("#id_title").press_sequentially("انارة الشوارع الداخليه", delay=20)
    expect(page.get_by_test_id("similar-need")).to_have_text("نقص الإنارة في الشوارع الداخلية")

    page.goto(f"/plans/{plan.pk}/needs/")
    page.locator(f"#group-{lighting.pk}").select_option("women")
    page.get_by_test_id("vote").click()
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/needs/"))
    expect(page.get_by_test_id("need-votes")).to_have_text(re.compile("صوت واحد"))
    expect(page.get_by_test_id("unvote")).to_be_visible()
    lighting.refresh_from_db()
    assert (lighting.vote_count, lighting.votes_women) == (1, 1)
    assert browser_problems == []
