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


@pytest.mark.parametrize("language", ["ar", "en"])
def test_needs_pages_have_no_serious_accessibility_violation(language, signed_in_page, make_user, make_member,
                                                             make_initiative, make_org, other_region,
                                                             consulted_plan):
    """axe-core on every needs page, as the plan's admin (who sees the moderation forms too)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from musharaka.browser_tests.test_accessibility import AXE, RUN_AXE
    from musharaka.plans import services

    plan, category = consulted_plan
    admin = plan.organization.memberships.get(role=Role.ADMIN).user
    needs = [services.need_submit(actor=make_user(), plan=plan, data={
        "title": title, "description": f"{title} ويحتاج الحي إلى معالجة", "category": category, "people_affected": 900})
        for title in ("نقص الإنارة في الشوارع الداخلية", "نقص الانارة في الشوارع الداخليه", "قلة الحدائق العامة")]
    services.need_vote(actor=make_user(), need=needs[0], group="youth")
    services.need_score(actor=admin, need=needs[0], scores={c.pk: 4 for c in plan.criteria.all()})
    services.evidence_add(actor=admin, need=needs[0], data={"kind": "study", "title": "دراسة الإنارة"},
                          upload=SimpleUploadedFile("study.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF"))
    services.goal_save(actor=admin, plan=plan, data={"title_ar": "تحسين جودة الحياة في الأحياء"})
    make_initiative(make_org(region=other_region), status="completed", title_ar="مبادرة إنارة الشوارع الداخلية",
                    summary_ar="إنارة الشوارع الداخلية بالطاقة الشمسية")
    page = signed_in_page(admin, bypass_csp=True)
    page.context.add_init_script(path=str(AXE))
    prefix = "" if language == "ar" else "/en"
    paths = [f"/plans/{plan.pk}/needs/", f"/plans/{plan.pk}/needs/submit/", f"/plans/{plan.pk}/needs/moderation/",
             f"/plans/{plan.pk}/matrix/", f"/plans/{plan.pk}/priorities/", f"/plans/needs/{needs[0].pk}/",
             f"/plans/needs/{needs[0].pk}/edit/", f"/plans/needs/{needs[0].pk}/evidence/",
             f"/plans/needs/{needs[0].pk}/suggestions/"]
    found = []
    for path in paths:
        response = page.goto(prefix + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("load")
        found += [f"{path} [{v['impact']}] {v['id']}: {v['help']} {v['nodes']}" for v in page.evaluate(RUN_AXE)]
    assert found == [], "\n".join(found)
