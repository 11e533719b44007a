"""Two-factor sign-in in the browser: a coordinator is led to set it up and signs in again with a code
computed here, a recovery code works once, the admin site refuses a session without the second factor."""

import base64
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from musharaka.accounts import selectors
from musharaka.accounts.testing import give_second_factor, totp_code

from .test_accessibility import AXE, RUN_AXE

PASSWORD = "Riyadh-2026-secure"


@pytest.fixture
def coordinator(make_coordinator, region):
    return make_coordinator(region, username="rakan", password=PASSWORD, first_name="راكان", last_name="الشمري")


@pytest.fixture
def pending_page(new_context, _browser_db):
    """pending_page(user) -> a page signed in with the password only: the second factor is still due."""

    def make(user, **context_options):
        client = Client()
        client.force_login(user, verified=False)
        context = new_context(**context_options)
        context.add_cookies([{
            "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": _browser_db.url, "httpOnly": True, "sameSite": "Lax",
        }])
        return context.new_page()

    return make


def sign_in(page, username: str, *, prefix: str = "") -> None:
    page.goto(f"{prefix}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def sign_out(page) -> None:
    page.locator("header form[action$='/accounts/logout/'] button").click()


def test_a_coordinator_is_led_to_set_up_two_factor_then_signs_in_with_a_code(page, coordinator, browser_problems):
    sign_in(page, "rakan")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_test_id("two-factor-required")).to_be_visible()
    # Nothing else is reachable until it is done.
    page.goto("/accounts/tokens/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/\?next=%2Faccounts%2Ftokens%2F"))

    expect(page.get_by_test_id("totp-qr").locator("svg")).to_be_visible()
    key_text = page.get_by_test_id("totp-key")
    expect(key_text).to_have_attribute("dir", "ltr")
    key = base64.b32decode(key_text.inner_text().replace(" ", "")).hex()
    page.locator("#id_code").fill("000000")
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    page.locator("#id_code").fill(totp_code(key))
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/accounts/two-factor/recovery-codes/"))
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="حفظتها").click()
    expect(page).to_have_url(re.compile(r"/accounts/tokens/$"))
    expect(page.locator("#id_name")).to_be_visible()  # the second factor was just passed: a token may be made

    sign_out(page)
    sign_in(page, "rakan")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/verify/"))
    code_field = page.locator("#id_code")
    expect(code_field).to_have_attribute("autocomplete", "one-time-code")
    expect(code_field).to_have_attribute("inputmode", "numeric")
    code_field.fill(totp_code(key, steps_ahead=1))  # the set-up code's period is used up
    page.get_by_test_id("totp-form").locator("button[type=submit]").click()
    expect(page.get_by_role("link", name="راكان الشمري")).to_be_visible()
    page.goto("/notifications/")
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    assert browser_problems == []


def test_a_recovery_code_works_once(page, coordinator, browser_problems):
    _device, codes = give_second_factor(coordinator)

    sign_in(page, "rakan", prefix="/en")
    expect(page).to_have_url(re.compile(r"/en/accounts/two-factor/verify/"))
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.get_by_text("No access to your app? Use a recovery code").click()
    page.locator("#id_recovery_code").fill(codes[0])
    page.get_by_test_id("recovery-form").locator("button[type=submit]").click()
    expect(page.get_by_role("alert").filter(has_text="9 codes are left")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/en/$"))

    sign_out(page)
    sign_in(page, "rakan", prefix="/en")
    page.get_by_text("No access to your app? Use a recovery code").click()
    page.locator("#id_recovery_code").fill(codes[0])
    page.get_by_test_id("recovery-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("already used")
    expect(page).to_have_url(re.compile(r"/en/accounts/two-factor/verify/"))
    assert selectors.recovery_codes_left(user=coordinator) == 9
    assert browser_problems == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_admin_site_refuses_a_session_without_the_second_factor(prefix, pending_page, platform_admin):
    device, _codes = give_second_factor(platform_admin)
    page = pending_page(platform_admin)

    page.goto(f"{prefix}/admin/accounts/user/")
    expect(page).to_have_url(re.compile(rf"{prefix}/accounts/two-factor/verify/\?next="))
    expect(page.locator("#site-name")).to_have_count(0)
    page.locator("#id_code").fill(totp_code(device.key))
    page.get_by_test_id("totp-form").locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"{prefix}/admin/accounts/user/$"))
    expect(page.locator("#site-name")).to_be_visible()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_second_factor_pages_have_no_serious_accessibility_violation(language, pending_page, make_coordinator,
                                                                       region, make_user):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/copy-assets (make assets)")
    prefix = "" if language == "ar" else "/en"
    without = pending_page(make_coordinator(region), bypass_csp=True)
    holder = make_user()
    give_second_factor(holder)
    with_device = pending_page(holder, bypass_csp=True)
    found = []
    for page, path in ((without, "/accounts/two-factor/setup/"), (with_device, "/accounts/two-factor/verify/")):
        page.context.add_init_script(path=str(Path(AXE)))
        response = page.goto(prefix + path)
        assert response is not None and response.status == 200
        found += [f"{path} [{v['impact']}] {v['id']}: {v['help']}" for v in page.evaluate(RUN_AXE)]
    assert found == []
