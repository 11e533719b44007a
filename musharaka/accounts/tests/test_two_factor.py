"""Two-factor sign-in: who must, the pages that settle it, what a pending session may reach, lockout,
recovery codes, the admin site and the 15-minute rule for new API tokens."""

import re
import time
import uuid
from functools import partial

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import urlencode

from musharaka.accounts import selectors, services
from musharaka.accounts.middleware import PENDING_ALLOWED
from musharaka.accounts.models import ApiToken, RecoveryCode
from musharaka.accounts.testing import give_second_factor, totp_code
from musharaka.accounts.verification import VERIFIED_AT_KEY
from musharaka.orgs.models import Organization, Role
from musharaka.reliability.test_concurrency import parallel, race

PASSWORD = "a-Strong-pass-2026"
VERIFY = "/accounts/two-factor/verify/"
SETUP = "/accounts/two-factor/setup/"


def url(name: str, language: str = "ar", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def pending_client(user, **client_options) -> Client:
    """Signed in with the password only: the second factor is still due."""
    client = Client(**client_options)
    client.force_login(user, verified=False)
    return client


@pytest.fixture
def no_backoff(settings):
    """django-otp makes a person wait 1, 2, 4 … s after wrong codes; tests that type a right code after
    a wrong one turn that off (the sign-in lockout still counts every wrong code)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def coordinator(make_coordinator, region):
    return make_coordinator(region, username="rakan")


# ---------------------------------------------------------------- who must


def test_second_factor_required_for_staff_coordinators_and_organisation_admins(
    make_user, make_org, make_member, make_coordinator, region, platform_admin
):
    org = make_org()
    required = [platform_admin, make_user(is_staff=True), make_coordinator(region), make_member(org, Role.ADMIN)]
    offered = [make_user(), make_member(org, Role.EDITOR), make_member(org, Role.VIEWER)]

    assert [selectors.second_factor_required(user) for user in required] == [True] * 4
    assert [selectors.second_factor_required(user) for user in offered] == [False] * 3


def test_second_factor_status_is_one_query(coordinator, django_assert_num_queries):
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)
    with django_assert_num_queries(1):
        status = selectors.second_factor(coordinator)
        selectors.second_factor(coordinator)  # kept on the user object
    assert (status.required, status.enabled) == (True, False)


# ---------------------------------------------------------------- what a pending session may reach


def _url_of(route: str) -> str | None:
    """A concrete URL for a route of the URL configuration, or None for those that cannot be filled."""
    if "^" in route or "(?P" in route:
        return None  # regular-expression routes (the admin's): reached through their named neighbours

    def value(match):
        converter = match.group(1) or "str"
        return {"int": "1", "uuid": str(uuid.uuid4()), "slug": "x", "path": "x"}.get(converter, "x")

    path = "/" + re.sub(r"<(?:(\w+):)?\w+>", value, route)
    try:
        resolve(path)
    except Resolver404:
        return None
    return path


def test_a_pending_coordinator_reaches_only_the_pages_that_settle_it(coordinator):
    """Every route of the URL configuration, GET and POST, as a coordinator who typed the password only."""
    from musharaka.reliability.matrix import changes, snapshot, url_patterns

    give_second_factor(coordinator)
    client = pending_client(coordinator)
    walked = refused_pages = refused_api = 0
    before = snapshot()
    for name, route in url_patterns():
        path = _url_of(route)
        if path is None:
            continue
        walked += 1
        if name in PENDING_ALLOWED:
            response = client.get(path)
            assert response.get("Location") != VERIFY + "?" + urlencode({"next": path}), (name, path)
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if path.startswith("/api/"):
                assert response.status_code == 403, (method, name, path, response.status_code)
                assert response.json()["code"] == "second_factor_required", (method, name, path)
                refused_api += 1
            else:
                expected = VERIFY + "?" + urlencode({"next": path}) if method == "get" else VERIFY
                assert (response.status_code, response.get("Location")) == (302, expected), (method, name, path)
                refused_pages += 1
    assert changes(before, snapshot()) == []
    assert walked >= 60 and refused_pages >= 80 and refused_api >= 30, (walked, refused_pages, refused_api)


def test_a_pending_session_cannot_write_through_the_api_but_its_token_can(coordinator, region):
    _token, key = services.api_token_create(user=coordinator, name="script")
    give_second_factor(coordinator)
    client = pending_client(coordinator)
    body = {"name_ar": "جمعية جديدة", "sector": "nonprofit", "region_id": region.pk}

    refused = client.post("/api/v1/organizations", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    by_token = Client().post("/api/v1/organizations", body, content_type="application/json",
                             headers={"Authorization": f"Bearer {key}"})

    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "Finish signing in with your second factor (the code of your authenticator app) first.",
        "code": "second_factor_required",
    }
    assert by_token.status_code == 201
    assert Organization.objects.filter(name_ar="جمعية جديدة").count() == 1


def test_a_coordinator_without_a_second_factor_is_sent_to_set_it_up(coordinator):
    client = pending_client(coordinator)

    page = client.get(url("initiatives:catalogue", "en"))
    admin = client.get("/admin/")

    assert page.status_code == 302 and page["Location"] == "/en" + SETUP + "?next=%2Fen%2Finitiatives%2F"
    assert admin["Location"].startswith(SETUP)


def test_a_resident_without_two_factor_is_not_held_back(make_user):
    client = Client()
    client.force_login(make_user(), verified=False)

    assert client.get(url("accounts:profile")).status_code == 200
    assert client.get("/api/v1/accounts/me").status_code == 200


def test_htmx_requests_of_a_pending_session_load_the_whole_page(coordinator):
    give_second_factor(coordinator)
    response = pending_client(coordinator).get(url("initiatives:catalogue"), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(VERIFY)


# ---------------------------------------------------------------- signing in


def test_password_sign_in_goes_on_to_the_code_and_then_where_the_person_was_going(make_user, no_backoff):
    user = make_user("noura", password=PASSWORD)
    device, _codes = give_second_factor(user)
    client = Client()

    signed = client.post(url("accounts:login", "en") + "?next=/en/accounts/profile/",
                         {"username": "noura", "password": PASSWORD, "next": "/en/accounts/profile/"})
    assert signed.status_code == 302
    assert signed["Location"] == "/en" + VERIFY + "?next=%2Fen%2Faccounts%2Fprofile%2F"
    page = client.get(signed["Location"])
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.text and 'inputmode="numeric"' in page.text
    assert "Two-factor sign-in" in page.text

    wrong = client.post(url("accounts:two_factor_verify", "en"), {"method": "totp", "code": "000000",
                                                                  "next": "/en/accounts/profile/"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.text
    right = client.post(url("accounts:two_factor_verify", "en"), {"method": "totp", "code": totp_code(device.key),
                                                                  "next": "/en/accounts/profile/"})
    assert right.status_code == 302 and right["Location"] == "/en/accounts/profile/"
    assert client.get("/en/accounts/profile/").status_code == 200


def test_verify_refuses_an_unsafe_next(make_user):
    user = make_user()
    device, _codes = give_second_factor(user)
    client = pending_client(user)

    answer = client.post(url("accounts:two_factor_verify"), {"method": "totp", "code": totp_code(device.key),
                                                             "next": "https://evil.example/"})

    assert answer["Location"] == "/"


def test_a_code_is_accepted_once(coordinator):
    device, _codes = give_second_factor(coordinator)
    code = totp_code(device.key, steps_ahead=1)
    first, second = pending_client(coordinator), pending_client(coordinator)

    accepted = first.post(url("accounts:two_factor_verify"), {"method": "totp", "code": code})
    replayed = second.post(url("accounts:two_factor_verify"), {"method": "totp", "code": code})

    assert accepted.status_code == 302
    assert replayed.status_code == 200 and "الرمز غير صحيح" in replayed.text
    assert second.get(url("home"))["Location"].startswith(VERIFY)


def test_recovery_codes_are_stored_hashed_and_each_works_once(coordinator):
    _device, codes = give_second_factor(coordinator)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert not any(code in hashed or code.replace("-", "") in hashed for code in codes for hashed in stored)

    first = pending_client(coordinator)
    used = first.post(url("accounts:two_factor_verify"), {"method": "recovery", "recovery_code": codes[0].upper()})
    assert used.status_code == 302
    assert first.get(url("accounts:profile")).status_code == 200
    assert selectors.recovery_codes_left(user=coordinator) == 9

    again = pending_client(coordinator).post(url("accounts:two_factor_verify", "en"),
                                             {"method": "recovery", "recovery_code": codes[0]})
    assert again.status_code == 200 and "already used" in again.text
    other = pending_client(coordinator).post(url("accounts:two_factor_verify"),
                                             {"method": "recovery", "recovery_code": " ".join(codes[1].split("-"))})
    assert other.status_code == 302


def test_a_recovery_code_is_spent_by_one_of_two_concurrent_uses(coordinator):
    from musharaka.accounts.recovery import use_recovery_code

    _device, codes = give_second_factor(coordinator)
    device = coordinator.recoverycodedevice_set.get()

    assert [use_recovery_code(device=device, code=codes[3]), use_recovery_code(device=device, code=codes[3])] == [True, False]


# ---------------------------------------------------------------- lockout (django-axes)


def test_wrong_codes_count_towards_the_sign_in_lockout_and_sign_the_person_out(make_user):
    user = make_user("huda", password=PASSWORD)
    give_second_factor(user)
    client = Client(REMOTE_ADDR="10.9.0.1")
    assert client.post(url("accounts:login"), {"username": "huda", "password": PASSWORD})["Location"].startswith(VERIFY)

    answers = [client.post(url("accounts:two_factor_verify", "en"), {"method": "totp", "code": f"00000{n}"}).status_code
               for n in range(5)]

    assert answers == [200, 200, 200, 200, 429]
    assert AccessAttempt.objects.get(username="huda").failures_since_start == 5
    assert "_auth_user_id" not in client.session  # signed out
    again = client.post(url("accounts:login", "en"), {"username": "huda", "password": PASSWORD})
    assert again.status_code == 429 and "Sign-in paused" in again.text


def test_signing_in_again_with_the_password_does_not_forgive_wrong_codes(make_user):
    user = make_user("huda", password=PASSWORD)
    give_second_factor(user)
    client = Client(REMOTE_ADDR="10.9.0.2")
    for _round in range(2):
        client.post(url("accounts:login"), {"username": "huda", "password": PASSWORD})
        for n in range(2):
            client.post(url("accounts:two_factor_verify"), {"method": "recovery", "recovery_code": f"wrong-{n}"})

    client.post(url("accounts:login"), {"username": "huda", "password": PASSWORD})
    locked = client.post(url("accounts:two_factor_verify"), {"method": "totp", "code": "123456"})

    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_finished_sign_in_forgives_earlier_mistakes(make_user, no_backoff):
    user = make_user("huda", password=PASSWORD)
    device, _codes = give_second_factor(user)
    client = Client(REMOTE_ADDR="10.9.0.3")
    client.post(url("accounts:login"), {"username": "huda", "password": "wrong"})
    client.post(url("accounts:login"), {"username": "huda", "password": PASSWORD})
    client.post(url("accounts:two_factor_verify"), {"method": "totp", "code": "000000"})
    assert AccessAttempt.objects.get(username="huda").failures_since_start == 2

    client.post(url("accounts:two_factor_verify"), {"method": "totp", "code": totp_code(device.key)})

    assert not AccessAttempt.objects.filter(username="huda").exists()


def test_wrong_codes_are_not_written_to_the_lockout_log(make_user):
    user = make_user("huda")
    give_second_factor(user)
    pending_client(user).post(url("accounts:two_factor_verify"), {"method": "recovery", "recovery_code": "abcd-efgh-jkmn"})

    assert "abcd" not in AccessAttempt.objects.get(username="huda").post_data


# ---------------------------------------------------------------- set-up


def test_set_up_shows_the_key_and_turns_two_factor_on_with_a_code(coordinator):
    client = pending_client(coordinator)
    page = client.get(url("accounts:two_factor_setup", "en") + "?next=/en/initiatives/")
    assert page.status_code == 200
    assert "Set up two-factor sign-in" in page.text and 'data-testid="two-factor-required"' in page.text
    assert "<svg" in page.text and "data:" not in page.text
    key_text = re.search(r'data-testid="totp-key">([A-Z2-7 ]+)<', page.text).group(1)
    key = __import__("base64").b32decode(key_text.replace(" ", "")).hex()

    wrong = client.post(url("accounts:two_factor_setup", "en"), {"code": "000000", "next": "/en/initiatives/"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.text
    done = client.post(url("accounts:two_factor_setup", "en"), {"code": totp_code(key), "next": "/en/initiatives/"})

    assert done.status_code == 302 and done["Location"] == url("accounts:recovery_codes", "en")
    codes_page = client.get(done["Location"])
    codes = re.findall(r'<span dir="ltr">([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</span>', codes_page.text)
    assert len(codes) == 10 and 'href="/en/initiatives/"' in codes_page.text
    assert "no-store" in codes_page["Cache-Control"]
    assert client.get(url("accounts:recovery_codes")).status_code == 302  # shown once
    assert client.get("/en/initiatives/").status_code == 200
    assert selectors.totp_device(user=coordinator).key == key


def test_set_up_page_in_arabic_is_right_to_left_with_the_key_left_to_right(coordinator):
    page = pending_client(coordinator).get(url("accounts:two_factor_setup"))

    assert '<html lang="ar" dir="rtl">' in page.text
    assert "إعداد التحقق بخطوتين" in page.text
    assert '<span dir="ltr" data-testid="totp-key">' in page.text


# ---------------------------------------------------------------- the admin site


def test_the_admin_site_refuses_a_staff_session_without_the_second_factor(platform_admin, rf):
    from django.contrib import admin

    give_second_factor(platform_admin)
    pending = pending_client(platform_admin)
    verified = Client()
    verified.force_login(platform_admin)

    assert pending.get("/admin/")["Location"].startswith(VERIFY)
    assert pending.get("/admin/accounts/user/")["Location"].startswith(VERIFY)
    assert verified.get("/admin/").status_code == 200
    request = rf.get("/admin/")
    request.user = platform_admin  # no second factor in this request
    assert admin.site.has_permission(request) is False


# ---------------------------------------------------------------- API tokens: a fresh second factor


def test_creating_a_token_needs_the_second_factor_in_the_last_15_minutes(coordinator, no_backoff):
    device, _codes = give_second_factor(coordinator)
    client = Client()
    client.force_login(coordinator)
    session = client.session
    session[VERIFIED_AT_KEY] = int(time.time()) - 16 * 60
    session.save()

    page = client.get(url("accounts:tokens"))
    asked = client.post(url("accounts:tokens"), {"name": "script"})
    assert 'data-testid="token-needs-second-factor"' in page.text
    assert asked.status_code == 302 and asked["Location"] == VERIFY + "?next=%2Faccounts%2Ftokens%2F"
    assert not ApiToken.objects.exists()

    confirm = client.get(asked["Location"])
    assert "تأكيد هويتك" in confirm.text
    confirmed = client.post(VERIFY, {"method": "totp", "code": totp_code(device.key, steps_ahead=1),
                                     "next": "/accounts/tokens/"})
    assert confirmed["Location"] == "/accounts/tokens/"
    created = client.post(url("accounts:tokens"), {"name": "script"})
    assert created["Location"] == url("accounts:token_created")
    assert ApiToken.objects.filter(user=coordinator).count() == 1


def test_creating_a_token_without_two_factor_leads_to_setting_it_up(make_user):
    client = Client()
    client.force_login(make_user())

    asked = client.post(url("accounts:tokens"), {"name": "script"})

    assert asked["Location"] == SETUP + "?next=%2Faccounts%2Ftokens%2F"
    assert not ApiToken.objects.exists()


def test_revoking_a_token_needs_no_fresh_code(make_user):
    user = make_user()
    token, _key = services.api_token_create(user=user, name="old")
    client = Client()
    client.force_login(user)

    assert client.post(url("accounts:token_revoke", token_id=token.pk)).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


# ---------------------------------------------------------------- the security page


def test_turning_two_factor_off_is_refused_to_roles_that_require_it(coordinator, make_org, make_member):
    admin = make_member(make_org(), Role.ADMIN)
    for person in (coordinator, admin):
        client = Client()
        client.force_login(person)
        page = client.get(url("accounts:security"))
        assert 'data-testid="two-factor-off"' not in page.text
        assert client.post(url("accounts:two_factor_disable")).status_code == 403
        assert selectors.totp_device(user=person) is not None


def test_a_resident_turns_two_factor_off_after_a_fresh_code(make_user):
    user = make_user()
    give_second_factor(user)
    client = Client()
    client.force_login(user)

    off = client.post(url("accounts:two_factor_disable"))

    assert off["Location"] == url("accounts:security")
    assert selectors.totp_device(user=user) is None and not RecoveryCode.objects.exists()
    assert client.get(url("accounts:profile")).status_code == 200


def test_new_recovery_codes_replace_the_old_ones(coordinator):
    _device, old = give_second_factor(coordinator)
    client = Client()
    client.force_login(coordinator)

    made = client.post(url("accounts:recovery_codes_regenerate"))
    new = re.findall(r'<span dir="ltr">([a-z2-9-]{14})</span>', client.get(made["Location"]).text)

    assert len(new) == 10 and not set(new) & set(old)
    stale = pending_client(coordinator).post(url("accounts:two_factor_verify"), {"method": "recovery", "recovery_code": old[0]})
    fresh = pending_client(coordinator).post(url("accounts:two_factor_verify"), {"method": "recovery", "recovery_code": new[0]})
    assert (stale.status_code, fresh.status_code) == (200, 302)


def test_security_page_shows_the_status_in_both_languages(make_user):
    user = make_user()
    client = Client()
    client.force_login(user)
    off_en = client.get(url("accounts:security", "en"))
    assert "Two-factor sign-in" in off_en.text and "Turned off" in off_en.text
    give_second_factor(user)
    client.force_login(user)
    on_ar = client.get(url("accounts:security"))
    assert "مفعّل" in on_ar.text and "10 رموز استرداد" in on_ar.text.replace("\u200f", "")
    profile = client.get(url("accounts:profile"))
    assert url("accounts:security") in profile.text


def test_the_admin_lists_authenticators_and_recovery_codes_without_their_secrets(platform_admin, make_user):
    user = make_user()
    device, codes = give_second_factor(user)
    client = Client()
    client.force_login(platform_admin)

    pages = [
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
        reverse("admin:accounts_recoverycodedevice_changelist"),
        reverse("admin:accounts_recoverycodedevice_change", args=[user.recoverycodedevice_set.get().pk]),
    ]

    texts = [client.get(page) for page in pages]
    assert [answer.status_code for answer in texts] == [200] * 4
    assert not any(device.key in answer.text or codes[0] in answer.text for answer in texts)


# ---------------------------------------------------------------- races (PostgreSQL: real parallel connections)


def _racing_clients(user, count: int) -> list[Client]:
    return [pending_client(user) for _ in range(count)]


def _sign_in_with(client: Client, data: dict) -> int:
    return client.post(url("accounts:two_factor_verify"), data).status_code


@parallel
def test_one_recovery_code_sent_by_eight_sessions_at_once_signs_in_one(make_coordinator, region):
    coordinator = make_coordinator(region)
    _device, codes = give_second_factor(coordinator)
    clients = _racing_clients(coordinator, 8)

    answers = race(*(partial(_sign_in_with, client, {"method": "recovery", "recovery_code": codes[0]})
                     for client in clients))

    # One signs in; each of the others is a wrong code (and from the fifth on, the lockout's 429).
    assert answers.count(302) == 1 and set(answers) - {302} <= {200, 429}, answers
    assert selectors.recovery_codes_left(user=coordinator) == 9


@parallel
def test_one_app_code_sent_by_eight_sessions_at_once_signs_in_one(make_coordinator, region):
    coordinator = make_coordinator(region)
    device, _codes = give_second_factor(coordinator)
    clients = _racing_clients(coordinator, 8)
    code = totp_code(device.key, steps_ahead=1)

    answers = race(*(partial(_sign_in_with, client, {"method": "totp", "code": code}) for client in clients))

    # One signs in; each of the others is a wrong code (and from the fifth on, the lockout's 429).
    assert answers.count(302) == 1 and set(answers) - {302} <= {200, 429}, answers
