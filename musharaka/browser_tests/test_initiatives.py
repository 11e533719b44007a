"""Initiatives in the browser: an editor drafts and submits one through the pages, the region's
coordinator approves it, and it shows in the catalogue; a foreign editor is refused; replication."""

import re

import pytest
from playwright.sync_api import expect

from musharaka.initiatives import services
from musharaka.initiatives.models import Initiative, Status
from musharaka.orgs.models import Role, Sector

from .test_accessibility import AXE, RUN_AXE


@pytest.fixture
def lead_org(make_org):
    return make_org("جمعية التنمية الأهلية بحي النسيم", name_en="Al-Naseem Development Association")


@pytest.fixture
def editor(lead_org, make_member):
    return make_member(lead_org, Role.EDITOR, first_name="سارة", last_name="القحطاني")


@pytest.fixture
def coordinator(make_coordinator, region):
    return make_coordinator(region, first_name="فهد", last_name="العتيبي")


def published(editor, coordinator, organization, title: str) -> Initiative:
    initiative = services.initiative_create(
        actor=editor, organization=organization,
        data={"title_ar": title, "title_en": "Greening the neighbourhoods", "summary_ar": "زراعة الأشجار مع السكان"},
    )
    initiative = services.initiative_transition(actor=editor, initiative=initiative, action="submit")
    return services.initiative_transition(actor=coordinator, initiative=initiative, action="approve")


def test_editor_creates_and_submits_coordinator_approves_and_it_is_in_the_catalogue(
    signed_in_page, page, browser_problems, editor, coordinator, make_org, region, live_server
):
    university = make_org("جامعة الملك سعود", sector=Sector.ACADEMIC_EXPERT)

    # The editor drafts the initiative through the form, with a partner found by search and a city.
    drafting = signed_in_page(editor)
    drafting.goto("/initiatives/new/")
    expect(drafting.locator("html")).to_have_attribute("dir", "rtl")
    drafting.locator("#id_title_ar").fill("مبادرة الحي الأخضر")
    drafting.locator("#id_summary_ar").fill("تشجير الشوارع والحدائق بمشاركة سكان الحي")
    drafting.locator("input[name=axes]").first.check()
    drafting.locator("#partners-0-search").fill("جامعة الملك")
    partner = drafting.locator("#id_partners-0-organization")
    expect(partner.locator("option", has_text="جامعة الملك سعود")).to_have_count(1)
    partner.select_option(str(university.pk))
    drafting.locator("#id_partners-0-role").select_option("knowledge")
    drafting.locator("#id_places-0-region").select_option(str(region.pk))
    city = drafting.locator("#id_places-0-city")
    expect(city.locator("option", has_text="الرياض")).to_have_count(1)
    city.select_option(label="الرياض")
    drafting.get_by_test_id("save").click()

    expect(drafting.get_by_test_id("initiative-title")).to_have_text("مبادرة الحي الأخضر")
    expect(drafting.get_by_test_id("partners")).to_contain_text("جامعة الملك سعود")
    initiative = Initiative.objects.get(title_ar="مبادرة الحي الأخضر")
    assert [place.city.name_ar for place in initiative.places.all()] == ["الرياض"]
    drafting.get_by_test_id("action-submit").click()
    expect(drafting.get_by_test_id("status-badge")).to_have_class(re.compile("status-submitted"))

    # Not published yet: the public catalogue does not list it.
    page.goto("/initiatives/")
    expect(page.get_by_test_id("initiative-results")).not_to_contain_text("مبادرة الحي الأخضر")

    # The region's coordinator approves it.
    approving = signed_in_page(coordinator)
    approving.goto(f"/initiatives/{initiative.pk}/")
    approving.get_by_test_id("action-approve").click()
    expect(approving.get_by_test_id("status-badge")).to_have_class(re.compile("status-approved"))
    expect(approving.get_by_test_id("timeline").locator("li")).to_have_count(2)

    # Now anyone finds it in the (Arabic) catalogue; the search updates the results in place.
    page.goto("/initiatives/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.locator("#id_q").fill("الاخضر")  # without hamza: the search normalises Arabic
    expect(page).to_have_url(re.compile(r"q=%D8%A7%D9%84%D8%A7%D8%AE%D8%B6%D8%B1"))
    results = page.get_by_test_id("initiative-results")
    expect(results.locator("article")).to_have_count(1)
    expect(results).to_contain_text("مبادرة الحي الأخضر")
    expect(results).to_contain_text("جمعية التنمية الأهلية بحي النسيم")
    page.locator("#id_region").select_option(str(region.pk))  # a facet: the city facet appears
    expect(page.locator("#id_city")).to_be_visible()
    expect(results.locator("article")).to_have_count(1)
    assert browser_problems == []


def test_foreign_editor_is_refused_editing(signed_in_page, editor, coordinator, lead_org, make_org, make_member):
    initiative = published(editor, coordinator, lead_org, "مبادرة تشجير الأحياء")
    foreign = make_member(make_org("جمعية أخرى"), Role.EDITOR)
    page = signed_in_page(foreign)

    page.goto(f"/initiatives/{initiative.pk}/")
    expect(page.get_by_test_id("initiative-title")).to_have_text("مبادرة تشجير الأحياء")
    expect(page.get_by_test_id("edit-initiative")).to_have_count(0)

    response = page.goto(f"/initiatives/{initiative.pk}/edit/")
    assert response is not None and response.status == 403
    expect(page.get_by_test_id("initiative-form")).to_have_count(0)


def test_replicate_creates_a_linked_draft_in_english(signed_in_page, editor, coordinator, lead_org, make_org,
                                                     make_member, other_region):
    source = published(editor, coordinator, lead_org, "مبادرة تشجير الأحياء")
    far_org = make_org("جمعية جدة للبيئة", region=other_region, name_en="Jeddah Environment Society")
    far_editor = make_member(far_org, Role.EDITOR)
    page = signed_in_page(far_editor)

    page.goto(f"/en/initiatives/{source.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_test_id("initiative-title")).to_have_text("Greening the neighbourhoods")
    page.get_by_test_id("replicate").click()

    replica = Initiative.objects.get(replicated_from=source)
    expect(page).to_have_url(re.compile(rf"/en/initiatives/{replica.pk}/edit/$"))
    expect(page.get_by_test_id("initiative-form")).to_be_visible()
    assert (replica.lead_organization, replica.region, replica.status) == (far_org, other_region, Status.DRAFT)

    page.goto(f"/en/initiatives/{replica.pk}/")
    link = page.get_by_test_id("replicated-from").get_by_role("link")
    expect(link).to_have_attribute("href", f"/en/initiatives/{source.pk}/")
    link.click()
    expect(page.get_by_test_id("replicas")).to_contain_text("Jeddah Environment Society")


def test_platform_admin_replicates_into_an_organisation_found_by_name(signed_in_page, editor, coordinator, lead_org,
                                                                     make_org, platform_admin, other_region):
    """One rule with the API: a platform admin belongs to no organisation and may replicate into any,
    found by name on the page (before, the page offered nothing, or redirected without acting)."""
    source = published(editor, coordinator, lead_org, "مبادرة تشجير الأحياء")
    amanah = make_org("أمانة محافظة جدة", region=other_region, sector=Sector.AUTHORITY)
    page = signed_in_page(platform_admin, bypass_csp=True)  # bypass_csp: axe is injected (see test_accessibility)
    page.context.add_init_script(path=str(AXE))

    page.goto(f"/initiatives/{source.pk}/")
    assert page.evaluate(RUN_AXE) == []  # the search and the select are labelled
    page.get_by_label("ابحث عن الجهة التي ستكرر التجربة").fill("جدة")
    choice = page.get_by_test_id("replicate-organization")
    expect(choice.locator(f'option[value="{amanah.pk}"]')).to_have_count(1)
    choice.select_option(str(amanah.pk))
    page.get_by_test_id("replicate").click()

    expect(page).to_have_url(re.compile(r"/initiatives/\d+/edit/$"))
    replica = Initiative.objects.get(replicated_from=source)
    assert (replica.lead_organization, replica.region, replica.created_by) == (amanah, other_region, platform_admin)
