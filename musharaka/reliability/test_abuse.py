"""Abuse: rate limits (sign-in, password reset, the API), CSRF on every form, the Content-Security-Policy,
session rotation, and guessing other organisations' draft initiatives.

The API limits are high under tests (settings.py) so that no other test meets them; these tests lower
them with override_settings to prove the 429.
"""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

from musharaka.accounts import throttling
from musharaka.accounts.models import ApiToken, User
from musharaka.accounts.services import api_token_create
from musharaka.initiatives.models import Initiative, InitiativeAttachment, Transition
from musharaka.orgs.models import Membership, Organization, Role

PASSWORD = "a-Strong-pass-2026"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LOW_RATES = {"token": "3/min", "user": "2/min", "anon": "2/min"}


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


# ---------------------------------------------------------------- sign-in (django-axes)


def test_sign_in_lockout_answers_its_page_in_both_languages_and_only_for_that_address(client, make_user):
    make_user("huda", password=PASSWORD)
    for number in range(5):
        client.post("/accounts/login/", {"username": "huda", "password": f"wrong-{number}"}, REMOTE_ADDR="10.0.0.7")
    arabic = client.post("/accounts/login/", {"username": "huda", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    english = client.post("/en/accounts/login/", {"username": "huda", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    assert arabic.status_code == english.status_code == 429
    assert "تسجيل الدخول موقوف مؤقتًا" in arabic.text and 'data-testid="locked-out"' in arabic.text
    assert "Sign-in paused" in english.text and "paused for 15 minutes" in english.text
    assert "_auth_user_id" not in client.session
    # A forged X-Forwarded-For does not buy a fresh allowance (no proxy is trusted by default) …
    forged = Client().post("/accounts/login/", {"username": "huda", "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert forged.status_code == 429
    # … while the person herself, from another address, still signs in.
    elsewhere = Client().post("/accounts/login/", {"username": "huda", "password": PASSWORD}, REMOTE_ADDR="10.0.0.8")
    assert elsewhere.status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_is_the_one_counted(client, make_user):
    make_user("huda", password=PASSWORD)
    for number in range(5):
        client.post("/accounts/login/", {"username": "huda", "password": f"wrong-{number}"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}, 203.0.113.9")
    # Whatever the client wrote first, the proxy appended 203.0.113.9: that address is locked out.
    locked = Client().post("/accounts/login/", {"username": "huda", "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    other = Client().post("/accounts/login/", {"username": "huda", "password": PASSWORD},
                          REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert (locked.status_code, other.status_code) == (429, 302)


# ---------------------------------------------------------------- password reset (django-ratelimit)


def test_password_reset_is_limited_per_address_asked_for(client, make_user):
    make_user("huda", email="huda@example.org")
    answers = [
        client.post("/accounts/password/reset/", {"email": email}, REMOTE_ADDR=f"10.1.0.{number}")
        for number, email in enumerate(["huda@example.org", "HUDA@example.org", " huda@example.org", "huda@example.org"])
    ]
    assert [answer.status_code for answer in answers] == [302, 302, 302, 429]
    assert len(mail.outbox) == 3  # the fourth e-mail was never sent
    refused = answers[-1]
    assert int(refused["Retry-After"]) > 0
    assert "طُلبت رسائل كثيرة جدًا لإعادة تعيين كلمة المرور" in refused.text
    assert 'data-testid="rate-limited"' in refused.text
    english = client.post("/en/accounts/password/reset/", {"email": "huda@example.org"}, REMOTE_ADDR="10.1.0.99")
    assert english.status_code == 429
    assert "Too many password-reset e-mails were asked for" in english.text
    assert "<title>Too many requests" in english.text


def test_password_reset_is_limited_per_client_address_and_tells_nothing_about_accounts(client, make_user):
    make_user("huda", email="huda@example.org")
    # Ten addresses, most of them unknown: the answer is the same for all, and the eleventh is refused.
    answers = [
        client.post("/accounts/password/reset/", {"email": f"someone{number}@example.org"}, REMOTE_ADDR="10.2.0.1")
        for number in range(9)
    ] + [client.post("/accounts/password/reset/", {"email": "huda@example.org"}, REMOTE_ADDR="10.2.0.1")]
    assert {answer.status_code for answer in answers} == {302}
    assert {answer["Location"] for answer in answers} == {"/accounts/password/reset/sent/"}
    assert client.post("/accounts/password/reset/", {"email": "x@example.org"}, REMOTE_ADDR="10.2.0.1").status_code == 429
    # Another address is not held back, nor is the same one once the counters go (they live in the cache).
    assert Client().post("/accounts/password/reset/", {"email": "y@example.org"}, REMOTE_ADDR="10.2.0.2").status_code == 302
    cache.clear()
    assert client.post("/accounts/password/reset/", {"email": "x@example.org"}, REMOTE_ADDR="10.2.0.1").status_code == 302


def test_password_reset_counts_even_invalid_forms(client, db):
    for number in range(10):
        answer = client.post("/accounts/password/reset/", {"email": f"not an address {number}"}, REMOTE_ADDR="10.3.0.1")
        assert answer.status_code == 200
    assert client.post("/accounts/password/reset/", {"email": "a@example.org"}, REMOTE_ADDR="10.3.0.1").status_code == 429


def test_rate_limits_use_the_shared_cache(settings):
    """With REDIS_URL every process shares sessions and counters; here, that the counters are in that cache."""
    assert settings.RATELIMIT_IP_META_KEY == "musharaka.core.net.client_ip"
    assert getattr(settings, "RATELIMIT_USE_CACHE", "default") == "default"
    environment = {**os.environ, "REDIS_URL": "redis://cache.internal:6379/0", "DEBUG": "1"}
    code = "from musharaka import settings as s; print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)"
    output = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True,
                            cwd=django_settings.BASE_DIR).stdout.split()
    assert output == ["django.core.cache.backends.redis.RedisCache", "django.contrib.sessions.backends.cache"]


# ---------------------------------------------------------------- API rate limits


@pytest.fixture
def token_user(make_user):
    user = make_user()
    _, key = api_token_create(user=user, name="sync script")
    _, other_key = api_token_create(user=user, name="dashboard")
    return user, key, other_key


def assert_rate_limited(response, language="ar"):
    assert response.status_code == 429, response.content
    body = response.json()
    assert set(body) == {"detail", "code"} and body["code"] == "rate_limited"
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= 60
    expected = f"Too many requests. Wait {seconds} seconds" if language == "en" else f"طلبات كثيرة جدًا. انتظر {seconds} ثانية"
    assert body["detail"].startswith(expected)


@override_settings(API_RATE_LIMITS=LOW_RATES)
def test_api_limit_per_token(client, token_user):
    user, key, other_key = token_user
    answers = [client.get("/api/v1/accounts/me", **bearer(key)) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200] * 3
    assert_rate_limited(client.get("/api/v1/accounts/me", **bearer(key)))
    assert_rate_limited(client.get("/api/v1/initiatives", **bearer(key), **EN), "en")  # every endpoint, one allowance
    # The person's other token, and the person's web session, have their own allowances.
    assert client.get("/api/v1/accounts/me", **bearer(other_key)).status_code == 200
    session = Client()
    session.force_login(user)
    assert session.get("/api/v1/accounts/me").status_code == 200


@override_settings(API_RATE_LIMITS=LOW_RATES)
def test_api_limit_per_signed_in_person(make_user):
    first, second = Client(), Client()
    first.force_login(make_user())
    second.force_login(make_user())
    assert [first.get("/api/v1/notifications").status_code for _ in range(2)] == [200, 200]
    assert_rate_limited(first.get("/api/v1/notifications"))
    assert second.get("/api/v1/notifications").status_code == 200


@override_settings(API_RATE_LIMITS=LOW_RATES)
def test_api_limit_per_anonymous_address_and_made_up_tokens_do_not_escape_it(client, db):
    assert [client.get("/api/v1/geo/countries", REMOTE_ADDR="10.4.0.1").status_code for _ in range(2)] == [200, 200]
    assert_rate_limited(client.get("/api/v1/geo/countries", REMOTE_ADDR="10.4.0.1"))
    assert_rate_limited(client.get("/api/v1/geo/countries", REMOTE_ADDR="10.4.0.1", **bearer("msk_made-up")))
    assert_rate_limited(client.get("/api/v1/geo/countries", REMOTE_ADDR="10.4.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7"))
    assert client.get("/api/v1/geo/countries", REMOTE_ADDR="10.4.0.2").status_code == 200


@override_settings(API_RATE_LIMITS=LOW_RATES)
def test_api_limit_applies_to_writes_and_refuses_before_any_work(client, token_user, make_org, make_member):
    organization = make_org()
    _, key, _ = token_user
    Membership.objects.create(organization=organization, user=token_user[0], role=Role.EDITOR)
    payload = {"lead_organization_id": organization.pk, "title_ar": "مبادرة الحي", "summary_ar": "ملخص المبادرة"}
    created = [client.post("/api/v1/initiatives", payload, content_type="application/json", **bearer(key)) for _ in range(3)]
    assert [answer.status_code for answer in created] == [201] * 3
    assert_rate_limited(client.post("/api/v1/initiatives", payload, content_type="application/json", **bearer(key)))
    assert Initiative.objects.count() == 3


@override_settings(API_RATE_LIMITS=LOW_RATES)
def test_api_allowance_comes_back_with_the_next_window(client, db, monkeypatch):
    now = [1_800_000_000.0]  # the start of a minute
    monkeypatch.setattr(throttling.time, "time", lambda: now[0])
    for _ in range(2):
        assert client.get("/api/v1/geo/countries").status_code == 200
    refused = client.get("/api/v1/geo/countries")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    now[0] += 45
    assert client.get("/api/v1/geo/countries")["Retry-After"] == "15"
    now[0] += 15
    assert client.get("/api/v1/geo/countries").status_code == 200


@override_settings(API_RATE_LIMITS={"token": None, "user": None, "anon": None})
def test_api_limits_can_be_switched_off(client, db):
    assert {client.get("/api/v1/geo/countries").status_code for _ in range(30)} == {200}


def test_the_normal_test_suite_is_not_throttled(settings):
    assert settings.API_RATE_LIMITS == {"token": "100000/min", "user": "100000/min", "anon": "100000/min"}


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, {"token": "1200/min", "user": "600/min", "anon": "300/min"}),
        ({"API_RATE_LIMITS": "off"}, {"token": None, "user": None, "anon": None}),
        ({"API_RATE_ANON": "60/min", "API_RATE_TOKEN": "off"}, {"token": "off", "user": "600/min", "anon": "60/min"}),
    ],
)
def test_api_rates_come_from_the_environment(environment, expected):
    env = {key: value for key, value in os.environ.items() if not key.startswith("API_RATE")}
    env.update(environment, DEBUG="1")
    code = "from musharaka import settings as s; print(repr(s.API_RATE_LIMITS))"
    output = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                            cwd=django_settings.BASE_DIR).stdout
    assert eval(output) == expected  # noqa: S307 (our own repr of a dict of strings)


def test_the_benchmark_harness_runs_without_api_limits():
    source = (Path(django_settings.BASE_DIR) / "bench" / "run.py").read_text()
    environment = source[source.index("def django_env"):source.index("def manage")]
    assert 'API_RATE_LIMITS="off"' in environment


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [("1200/min", (1200, 60)), ("10/s", (10, 1)), ("5/15min", (5, 900)), ("100/hour", (100, 3600)),
     ("1000/day", (1000, 86400)), ("off", None), ("", None), (None, None)],
)
def test_rates_are_read_as_count_per_period(rate, parsed):
    assert throttling.parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["fast", "10/fortnight", "-1/min", "10/0min"])
def test_a_rate_that_cannot_be_read_is_an_error(rate):
    with pytest.raises(ValueError, match="count/period"):
        throttling.parse_rate(rate)


# ---------------------------------------------------------------- CSRF


class FormFinder(HTMLParser):
    """The POST forms of a page: their action and whether they carry the CSRF token."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "get").lower() == "post":
            self._open = {"action": attributes.get("action") or "", "csrf": False}
            self.forms.append(self._open)
        elif tag == "input" and self._open is not None and attributes.get("name") == "csrfmiddlewaretoken":
            self._open["csrf"] = True

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


@pytest.fixture
def world(make_org, make_member, make_coordinator, make_initiative, other_region, platform_admin):
    """Some of everything, so that every form appears on some page."""
    organization = make_org("جمعية الوفاء الأهلية")
    admin = make_member(organization, Role.ADMIN)
    editor = make_member(organization, Role.EDITOR)
    draft = make_initiative(organization, editor=editor)
    submitted = make_initiative(organization, editor=editor, status="submitted")
    completed = make_initiative(organization, editor=editor, status="completed", results_ar="نظفنا ثلاثين حديقة")
    coordinator = make_coordinator(organization.region)
    foreign = make_org("جمعية البر بمكة", region=other_region)
    foreign_editor = make_member(foreign, Role.EDITOR)
    api_token_create(user=admin, name="script")
    return {
        "organization": organization, "admin": admin, "editor": editor, "coordinator": coordinator,
        "draft": draft, "submitted": submitted, "completed": completed, "foreign": foreign,
        "foreign_editor": foreign_editor, "platform_admin": platform_admin,
    }


def pages_with_forms(world) -> dict[str, list[str]]:
    org, draft = world["organization"], world["draft"]
    everyone = ["/", "/initiatives/", "/organizations/", "/taxonomy/glossary/", "/geo/", "/taxonomy/"]
    return {
        "anonymous": [*everyone, "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"],
        "admin": [
            *everyone, "/accounts/profile/", "/accounts/tokens/", "/accounts/password/change/", "/notifications/",
            "/organizations/new/", f"/organizations/{org.pk}/", f"/organizations/{org.pk}/edit/",
            f"/organizations/{org.pk}/members/", "/initiatives/new/", f"/initiatives/{draft.pk}/",
            f"/initiatives/{draft.pk}/edit/", "/initiatives/import/", f"/initiatives/organizations/{org.pk}/",
        ],
        "coordinator": [f"/initiatives/{world['submitted'].pk}/", f"/initiatives/{world['completed'].pk}/",
                        f"/organizations/{org.pk}/", "/notifications/"],
        "foreign_editor": [f"/initiatives/{world['completed'].pk}/"],
        "platform_admin": ["/taxonomy/glossary/new/", f"/taxonomy/glossary/{glossary_code()}/edit/",
                           f"/organizations/{org.pk}/"],
    }


def glossary_code() -> str:
    from musharaka.taxonomy.models import GlossaryTerm

    return GlossaryTerm.objects.order_by("code").values_list("code", flat=True)[0]


def row_counts() -> dict:
    from musharaka.notifications.models import Notification
    from musharaka.taxonomy.models import GlossaryTerm

    models = (User, ApiToken, Organization, Membership, Initiative, InitiativeAttachment, Transition, GlossaryTerm,
              Notification)
    state: dict = {model.__name__: model.objects.count() for model in models}
    # and what a refused post would have changed in place: statuses, flags, read marks, names
    state["initiatives"] = sorted(Initiative.objects.values_list("pk", "status", "version", "is_success_story"))
    state["organizations"] = sorted(Organization.objects.values_list("pk", "name_ar", "verified"))
    state["unread"] = Notification.objects.filter(read_at__isnull=True).count()
    state["tokens"] = ApiToken.objects.filter(revoked_at__isnull=True).count()
    return state


def test_every_post_form_carries_the_token_and_is_refused_without_it(world):
    found: dict[tuple[str, str], str] = {}
    for who, urls in pages_with_forms(world).items():
        user = world.get(who)
        for url in urls:
            client = Client()
            if user is not None:
                client.force_login(user)
            response = client.get(url)
            assert response.status_code == 200, (who, url, response.status_code)
            finder = FormFinder()
            finder.feed(response.text)
            for form in finder.forms:
                assert form["csrf"], f"a POST form on {url} ({who}) has no CSRF token"
                found.setdefault((who, form["action"] or url), url)
    actions = {action for _, action in found}
    # The forms the pages are known to hold; a new one joins this list by appearing on a page above.
    assert {"/i18n/setlang/", "/accounts/logout/", "/accounts/login/", "/accounts/signup/",
            "/accounts/password/reset/", "/accounts/tokens/", "/initiatives/import/"} <= actions
    assert any("/actions/submit/" in action for action in actions)
    assert any("/actions/approve/" in action for action in actions)
    assert any("/replicate/" in action for action in actions)
    assert any(action.endswith("/success/") for action in actions)
    assert any(action.startswith("/taxonomy/glossary/") and action.endswith("/edit/") for action in actions) or any(
        page.endswith("/edit/") and page.startswith("/taxonomy/") for page in found.values()
    )
    before = row_counts()
    for (who, action), _page in sorted(found.items()):
        client = Client(enforce_csrf_checks=True)
        user = world.get(who)
        if user is not None:
            client.force_login(user)
        response = client.post(action, {"name": "x", "username": "x", "reason": "x", "organization": world["foreign"].pk})
        assert response.status_code == 403, (who, action, response.status_code)
        assert 'data-testid="csrf-failed"' in response.text, (who, action)
    assert row_counts() == before
    assert len(found) >= 35


def test_the_csrf_refusal_is_the_sites_page_in_both_languages(db):
    arabic = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "huda"})
    english = Client(enforce_csrf_checks=True).post("/en/accounts/login/", {"username": "huda"})
    assert arabic.status_code == english.status_code == 403
    assert 'dir="rtl"' in arabic.text and "انتهت صلاحية النموذج" in arabic.text
    assert "رمز الأمان في النموذج مفقود أو منتهي الصلاحية" in arabic.text
    assert "The form has expired" in english.text and "reload the page and try again" in english.text
    assert_strict_csp(arabic, "CSRF failure page")


def test_api_token_calls_need_no_csrf_token_but_session_writes_do(world):
    org, admin = world["organization"], world["admin"]
    _, key = api_token_create(user=admin, name="ci")
    payload = {"lead_organization_id": org.pk, "title_ar": "مبادرة الحي", "summary_ar": "ملخص المبادرة"}
    token_client = Client(enforce_csrf_checks=True)
    created = token_client.post("/api/v1/initiatives", payload, content_type="application/json", **bearer(key))
    assert created.status_code == 201

    session = Client(enforce_csrf_checks=True)
    session.force_login(admin)
    before = row_counts()
    for headers in ({}, EN):
        refused = session.post("/api/v1/initiatives", payload, content_type="application/json", **headers)
        assert refused.status_code == 403
        assert refused.json()["code"] == "csrf_failed"
    assert refused.json()["detail"].startswith("The security token of the form is missing")
    assert session.post("/api/v1/initiatives", payload, content_type="application/json").json()["detail"].startswith(
        "رمز الأمان في النموذج مفقود"
    )
    assert row_counts() == before
    # With the token of the page (cookie + header) the same write goes through.
    session.get("/initiatives/new/")
    csrf = session.cookies["csrftoken"].value
    accepted = session.post("/api/v1/initiatives", payload, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 201
    # Reads need no token; a caller with neither token nor session hears 401, not a CSRF refusal.
    assert session.get("/api/v1/accounts/me").status_code == 200
    anonymous = Client(enforce_csrf_checks=True).post("/api/v1/initiatives", payload, content_type="application/json")
    assert anonymous.status_code == 401


def fill_path(path: str, world) -> str:
    values = {
        "initiative_id": world["draft"].pk, "organization_id": world["organization"].pk, "membership_id": 1,
        "notification_id": 1, "token_id": 1, "action": "submit",
    }
    return re.sub(r"\{(\w+)\}", lambda match: str(values.get(match.group(1), 1)), path)


def test_every_api_write_refuses_a_session_without_csrf(world):
    from musharaka.api import api

    schema = api.get_openapi_schema()
    writes = [
        (method.upper(), fill_path(path, world))
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    ]
    assert len(writes) >= 10
    session = Client(enforce_csrf_checks=True)
    session.force_login(world["platform_admin"])
    before = row_counts()
    for method, path in writes:
        response = session.generic(method, path, b"{}", content_type="application/json")
        assert response.status_code == 403, (method, path, response.status_code, response.content[:200])
        assert response.json()["code"] == "csrf_failed", (method, path)
    assert row_counts() == before


# ---------------------------------------------------------------- Content-Security-Policy


class ScriptsAndStyles(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline_scripts: list[str | None] = []  # the nonce of each inline script
        self.style_attributes = 0
        self.style_elements = 0
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src") and attributes.get("type") != "application/json":
            self.inline_scripts.append(attributes.get("nonce"))
        if tag == "style":
            self.style_elements += 1
        if "style" in attributes:
            self.style_attributes += 1
        self.handlers += [name for name in attributes if name.startswith("on")]


def csp_pages(world) -> list[tuple[str | None, str, int]]:
    org, draft = world["organization"], world["draft"]
    return [
        (None, "/", 200), (None, "/en/", 200), (None, "/initiatives/", 200), (None, "/organizations/", 200),
        (None, f"/initiatives/{world['completed'].pk}/", 200), (None, f"/organizations/{org.pk}/", 200),
        (None, "/taxonomy/glossary/", 200), (None, "/geo/", 200), (None, "/accounts/login/", 200),
        (None, "/accounts/signup/", 200), (None, "/accounts/password/reset/", 200), (None, "/initiatives/experiences/", 200),
        (None, "/no/such/page/", 404), (None, f"/initiatives/{draft.pk}/", 404),
        ("admin", f"/initiatives/{draft.pk}/edit/", 200), ("admin", "/initiatives/new/", 200),
        ("admin", f"/organizations/{org.pk}/edit/", 200), ("admin", f"/organizations/{org.pk}/members/", 200),
        ("admin", "/accounts/profile/", 200), ("admin", "/accounts/tokens/", 200), ("admin", "/notifications/", 200),
        ("admin", "/initiatives/import/", 200), ("foreign_editor", f"/organizations/{org.pk}/edit/", 403),
        ("platform_admin", "/admin/", 200),
        (None, "/api/v1/initiatives", 200), (None, "/api/v1/openapi.json", 200), (None, "/api/v1/docs", 200),
    ]


def assert_strict_csp(response, where: str) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"{where}: no Content-Security-Policy"
    directives = {
        part.split()[0]: part.split()[1:] for part in (piece.strip() for piece in header.split(";")) if part
    }
    for name in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in directives.get(name, []), f"{where}: {name} allows unsafe-inline"
        assert "'unsafe-eval'" not in directives.get(name, []), f"{where}: {name} allows unsafe-eval"
    assert "script-src" in directives and "style-src" in directives
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    return directives


def test_every_page_type_has_a_strict_content_security_policy(world):
    for who, url, status in csp_pages(world):
        client = Client()
        if who is not None:
            client.force_login(world[who])
        response = client.get(url)
        assert response.status_code == status, (who, url, response.status_code)
        directives = assert_strict_csp(response, url)
        if response["Content-Type"].startswith("text/html") and not url.startswith("/admin/"):
            page = ScriptsAndStyles()
            page.feed(response.text)
            nonces = {value.removeprefix("'nonce-").rstrip("'") for value in directives["script-src"]
                      if value.startswith("'nonce-")}
            assert all(nonce in nonces for nonce in page.inline_scripts), f"{url}: an inline script without the nonce"
            assert (page.style_attributes, page.style_elements) == (0, 0), f"{url}: inline style"
            assert page.handlers == [], f"{url}: inline event handlers {page.handlers}"


def test_rate_limited_and_locked_out_pages_have_the_same_policy(client, make_user):
    make_user("huda", email="huda@example.org", password=PASSWORD)
    for number in range(5):
        locked = client.post("/accounts/login/", {"username": "huda", "password": f"wrong-{number}"})
    assert locked.status_code == 429
    assert_strict_csp(locked, "locked-out page")
    for _ in range(4):
        limited = client.post("/accounts/password/reset/", {"email": "huda@example.org"})
    assert limited.status_code == 429
    assert_strict_csp(limited, "429 page")


# ---------------------------------------------------------------- session rotation


def signed_in_as(session_key: str):
    store = SessionStore(session_key=session_key)
    return store.get("_auth_user_id") if store.exists(session_key) else None


def test_sign_in_rotates_the_session_and_a_fixated_key_is_worthless(make_user):
    user = make_user("huda", password=PASSWORD)
    planted = SessionStore()
    planted["planted_by"] = "attacker"
    planted.create()
    victim = Client()
    victim.cookies[django_settings.SESSION_COOKIE_NAME] = planted.session_key
    response = victim.post("/accounts/login/", {"username": "huda", "password": PASSWORD})
    assert response.status_code == 302
    new_key = victim.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert new_key != planted.session_key
    assert signed_in_as(new_key) == str(user.pk)
    assert not SessionStore().exists(planted.session_key)  # the planted key now points nowhere
    attacker = Client()
    attacker.cookies[django_settings.SESSION_COOKIE_NAME] = planted.session_key
    assert attacker.get("/accounts/profile/").status_code == 302  # sent to sign in
    assert attacker.get("/api/v1/accounts/me").status_code == 401


def test_sign_out_ends_the_session_on_the_server(make_user):
    make_user("huda", password=PASSWORD)
    client = Client()
    client.post("/accounts/login/", {"username": "huda", "password": PASSWORD})
    old_key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert client.get("/accounts/profile/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert not SessionStore().exists(old_key)
    replay = Client()
    replay.cookies[django_settings.SESSION_COOKIE_NAME] = old_key  # a copy of the cookie taken before sign-out
    assert replay.get("/accounts/profile/").status_code == 302
    assert replay.get("/api/v1/accounts/me").status_code == 401


def test_sign_out_needs_a_post(client_for, make_user):
    client = client_for(make_user())
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/accounts/profile/").status_code == 200


# ---------------------------------------------------------------- guessing other organisations' drafts


@pytest.fixture
def hidden_draft(world, make_initiative, make_org, make_member, other_region):
    """A draft of another organisation, with a title we can look for in every answer."""
    owner = make_org("جمعية سرية للتنمية", region=other_region)
    editor = make_member(owner, Role.EDITOR)
    return make_initiative(owner, editor=editor, title_ar="مسودة سرية لا تُنشر", title_en="Secret draft")


def missing_id() -> int:
    return Initiative.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000


API_PROBES = [
    ("get", "/api/v1/initiatives/{id}", None),
    ("get", "/api/v1/initiatives/{id}/similar", None),
    ("get", "/api/v1/initiatives/{id}/replications", None),
    ("patch", "/api/v1/initiatives/{id}", {"title_ar": "تغيير"}),
    ("post", "/api/v1/initiatives/{id}/submit", {}),
    ("post", "/api/v1/initiatives/{id}/approve", {}),
    ("post", "/api/v1/initiatives/{id}/cancel", {}),
    ("post", "/api/v1/initiatives/{id}/mark-success", {}),
    ("post", "/api/v1/initiatives/{id}/replicate", {"organization_id": 1}),
]
PAGE_PROBES = [
    ("get", "/initiatives/{id}/"), ("get", "/en/initiatives/{id}/"), ("get", "/initiatives/{id}/edit/"),
    ("post", "/initiatives/{id}/edit/"), ("post", "/initiatives/{id}/actions/submit/"),
    ("post", "/initiatives/{id}/actions/approve/"), ("post", "/initiatives/{id}/success/"),
    ("post", "/initiatives/{id}/replicate/"), ("get", "/initiatives/{id}/attachments/1/"),
]


@pytest.mark.parametrize("who", ["anonymous", "foreign_editor", "editor", "coordinator"])
def test_other_organisations_drafts_answer_exactly_like_missing_ones(world, hidden_draft, who):
    client = Client()
    if who != "anonymous":
        client.force_login(world[who])
    before = Initiative.objects.filter(pk=hidden_draft.pk).values().get()
    absent = missing_id()
    for method, template, body in API_PROBES:
        answers = []
        for pk in (hidden_draft.pk, absent):
            response = getattr(client, method)(template.format(id=pk), body, content_type="application/json")
            answers.append((response.status_code, response.json()))
        if answers[0][0] == 401:  # anonymous writes: refused before anything is looked up
            assert answers[1][0] == 401, (template, answers)
            continue
        assert answers[0] == answers[1] == (404, {"detail": "غير موجود.", "code": "not_found"}), (who, template, answers)
    for method, template in PAGE_PROBES:
        answers = []
        for pk in (hidden_draft.pk, absent):
            response = getattr(client, method)(template.format(id=pk))
            answers.append(response.status_code)
            assert "مسودة سرية" not in response.text and "Secret draft" not in response.text
        if who == "anonymous" and answers[0] == 302:  # sent to sign in, for both
            assert answers[1] == 302
            continue
        assert answers == [404, 404], (who, template, answers)
    assert Initiative.objects.filter(pk=hidden_draft.pk).values().get() == before


def test_guessing_every_id_in_a_range_finds_only_what_is_published(world, hidden_draft, client_for):
    client = client_for(world["foreign_editor"])
    visible = {
        pk for pk in range(1, missing_id() - 1000 + 20)
        if client.get(f"/api/v1/initiatives/{pk}").status_code == 200
    }
    published = set(Initiative.objects.exclude(status__in=["draft", "submitted", "cancelled"]).values_list("pk", flat=True))
    own = set(Initiative.objects.filter(lead_organization=world["foreign"]).values_list("pk", flat=True))
    assert visible == published | own
    assert hidden_draft.pk not in visible
    for url in ("/api/v1/initiatives?status=draft", f"/api/v1/initiatives?organization={hidden_draft.lead_organization_id}",
                "/api/v1/initiatives?q=سرية", "/api/v1/initiatives/export.csv", "/initiatives/?status=draft",
                f"/initiatives/organizations/{hidden_draft.lead_organization_id}/"):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, url
        assert "مسودة سرية".encode() not in body and b"Secret draft" not in body, url
