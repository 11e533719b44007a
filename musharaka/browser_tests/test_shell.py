"""The page shell every screen shares: language and direction, the Bootstrap stylesheet, the language
switch, accessibility landmarks, and a clean console under the Content Security Policy."""

import re

from django.urls import reverse
from playwright.sync_api import expect

ARABIC = re.compile(r"[\u0600-\u06ff]")


def _bootstrap_sheet(page) -> dict:
    """The Bootstrap stylesheet the page loaded: its file name and how many rules the browser parsed."""
    return page.evaluate(
        """() => [...document.styleSheets]
              .filter(sheet => sheet.href && sheet.href.includes('/bootstrap/'))
              .map(sheet => ({name: sheet.href.split('/').pop(), rules: sheet.cssRules.length}))[0] || null"""
    )


def _nav_layout(page) -> dict:
    return page.evaluate(
        """() => {
            const brand = document.querySelector('.navbar-brand').getBoundingClientRect();
            const toggle = document.querySelector('[data-testid="switch-language"]').getBoundingClientRect();
            const menu = getComputedStyle(document.querySelector('.navbar-nav.me-auto'));
            return {
                direction: getComputedStyle(document.body).direction,
                brandCentre: brand.left + brand.width / 2,
                switchCentre: toggle.left + toggle.width / 2,
                menuMarginLeft: parseFloat(menu.marginLeft),
                menuMarginRight: parseFloat(menu.marginRight),
            };
        }"""
    )


def test_home_page_is_arabic_and_right_to_left(page):
    page.goto("/")

    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    heading = page.locator("main h1")
    expect(heading).to_be_visible()
    assert ARABIC.search(heading.inner_text()), f"the heading is not Arabic: {heading.inner_text()!r}"
    assert ARABIC.search(page.title())

    sheet = _bootstrap_sheet(page)
    assert sheet is not None and sheet["name"] == "bootstrap.rtl.min.css", sheet
    assert sheet["rules"] > 100, "the RTL stylesheet did not load"

    layout = _nav_layout(page)
    assert layout["direction"] == "rtl"
    # Right to left: the brand sits at the right-hand end, the language switch further left, and the
    # menu's "margin-end: auto" (Bootstrap's me-auto) is a left margin.
    assert layout["brandCentre"] > layout["switchCentre"], layout
    assert layout["menuMarginLeft"] > 0 and layout["menuMarginRight"] == 0, layout


def test_english_pages_are_left_to_right(page):
    page.goto("/en/")

    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en")
    expect(html).to_have_attribute("dir", "ltr")
    heading = page.locator("main h1")
    expect(heading).to_be_visible()
    assert not ARABIC.search(heading.inner_text()), f"the heading is not English: {heading.inner_text()!r}"

    sheet = _bootstrap_sheet(page)
    assert sheet is not None and sheet["name"] == "bootstrap.min.css", sheet

    layout = _nav_layout(page)
    assert layout["direction"] == "ltr"
    assert layout["brandCentre"] < layout["switchCentre"], layout
    assert layout["menuMarginRight"] > 0 and layout["menuMarginLeft"] == 0, layout


def test_language_switch_goes_to_english_and_back(page, live_server):
    page.goto("/")
    switch = page.get_by_test_id("switch-language")
    expect(switch).to_have_text("English")

    switch.click()
    expect(page).to_have_url(f"{live_server.url}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    switch = page.get_by_test_id("switch-language")
    expect(switch).to_have_text("العربية")
    switch.click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_home_page_has_no_console_errors_or_csp_violations(page, browser_problems):
    for path in ("/", "/en/"):
        page.goto(path, wait_until="networkidle")
        # The scripts the policy allows (same-origin <script src>) did run.
        assert page.evaluate("typeof window.bootstrap") == "object", f"Bootstrap's script did not run on {path}"
        assert page.evaluate("typeof window.htmx") == "object", f"htmx did not run on {path}"
    assert browser_problems == []


def test_main_landmark_and_skip_link(page):
    page.goto("/")

    expect(page.get_by_role("main")).to_have_count(1)
    skip = page.locator("a.skip-link")
    expect(skip).to_have_attribute("href", "#main")
    assert ARABIC.search(skip.inner_text())

    # The skip link is the first thing the keyboard reaches, and shows itself when focused.
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["width"] > 10 and box["height"] > 10, f"the focused skip link is hidden: {box}"

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_signed_in_page_shows_the_person_and_sign_out(signed_in_page, make_user):
    user = make_user("amal", first_name="أمل", last_name="الحربي")
    page = signed_in_page(user)

    page.goto("/")
    nav = page.get_by_role("navigation")
    expect(nav.get_by_text("أمل الحربي")).to_be_visible()
    expect(nav.locator(f"form[action='{reverse('accounts:logout')}'] [type=submit]")).to_be_visible()
    expect(nav.locator(f"a[href='{reverse('accounts:login')}']")).to_have_count(0)
