"""Signing in through the form, an organisation's admin editing it, and a viewer refused."""

import re

import pytest
from playwright.sync_api import expect

from musharaka.orgs.models import Role, Sector


@pytest.fixture
def organization(make_org):
    return make_org("أمانة منطقة الرياض", sector=Sector.AUTHORITY, name_en="Riyadh Region Municipality")


def test_sign_in_with_the_form(page, make_user, browser_problems):
    make_user("noura", password="Riyadh-2026-secure", first_name="نورة", last_name="القحطاني")
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("input[name=username]").fill("noura")
    page.locator("input[name=password]").fill("Riyadh-2026-secure")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("link", name="نورة القحطاني")).to_be_visible()
    assert browser_problems == []


def test_wrong_password_is_refused_with_a_message(page, make_user):
    make_user("noura", password="Riyadh-2026-secure")
    page.goto("/en/accounts/login/")
    page.locator("input[name=username]").fill("noura")
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/en/accounts/login/"))


def test_organisation_admin_edits_their_organisation(signed_in_page, organization, make_member, browser_problems):
    admin = make_member(organization, Role.ADMIN, first_name="فهد")
    page = signed_in_page(admin)
    page.goto(f"/organizations/{organization.pk}/")
    page.get_by_test_id("edit-organization").click()
    page.locator("#id_name_en").fill("Riyadh Municipality")
    page.locator("#id_phone").fill("+966 11 411 2222")
    page.get_by_test_id("save").click()
    expect(page).to_have_url(re.compile(rf"/organizations/{organization.pk}/$"))
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("+966 11 411 2222")
    # The history shows who changed what.
    expect(page.locator("#history-heading")).to_be_visible()
    expect(page.locator(".history-table")).to_contain_text("Riyadh Municipality")
    organization.refresh_from_db()
    assert organization.name_en == "Riyadh Municipality"
    assert browser_problems == []


def test_viewer_is_refused(signed_in_page, organization, make_member):
    viewer = make_member(organization, Role.VIEWER)
    page = signed_in_page(viewer)
    page.goto(f"/organizations/{organization.pk}/")
    expect(page.get_by_test_id("edit-organization")).to_have_count(0)
    response = page.goto(f"/organizations/{organization.pk}/edit/")
    assert response.status == 403
    expect(page.locator("main h1")).to_be_visible()
    organization.refresh_from_db()
    assert organization.name_en == "Riyadh Region Municipality"
