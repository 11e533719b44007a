"""Browser tests: the real pages, served by pytest-django's live server, in Debian's headless Chromium.

Every test under this directory is marked `browser` (`pytest -m browser -n 2` runs them,
each xdist worker with its own live server, database and Chromium; the
other runs leave them out). Playwright drives the system's /usr/bin/chromium: never `playwright install`.

Fixtures
  browser          one Chromium for the session
  context, page    a fresh anonymous browser context and page per test; relative URLs such as
                   page.goto("/en/") go to the live server
  signed_in_page   signed_in_page(user) -> a page in its own context, already signed in as `user`
                   (the session cookie is set directly; only a sign-in test should type a password)
  browser_problems a list that collects console errors, uncaught page errors and CSP violations of
                   `page`; assert it is empty at the end of a test

Each test runs on a transactional database (the live server answers from another thread). The rows
the migrations create are restored before every test (serialized rollback), so reference data such
as regions is there in every test, whatever ran before. A failing test leaves a screenshot of each
of its pages in test-results/.
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "install it with: scripts/apt-install chromium fonts-noto-core fonts-hosny-amiri"
VIEWPORT = {"width": 1280, "height": 900}  # wide enough for the expanded navbar (Bootstrap lg)
DEFAULT_TIMEOUT_MS = 10_000

HERE = Path(__file__).resolve().parent
_reports = pytest.StashKey[dict]()


def _strict() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _unavailable(message: str):
    """Chromium cannot be used: a failure under CI=true, a skip elsewhere."""
    if _strict():
        pytest.fail(f"{message} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(message)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: the marker must be in place before `-m` selects the tests.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


def _failed(request) -> bool:
    reports = request.node.stash.get(_reports, {})
    return any(report.failed for report in reports.values())


def _screenshot_pages(request, context, label: str) -> None:
    if not _failed(request):
        return
    folder = Path(request.config.rootpath) / "test-results"
    folder.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.nodeid).strip("-")
    for number, page in enumerate(context.pages, start=1):
        path = folder / f"{stem}-{label}-{number}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception as error:  # the page may have crashed or closed: report, don't mask the failure
            print(f"could not save a screenshot to {path}: {error}")
        else:
            print(f"screenshot of the failing page {page.url}: {path}")


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} is missing: {INSTALL_HINT}")
    # Playwright's sync API keeps an event loop running in this thread; Django would otherwise refuse
    # ORM calls from the tests ("You cannot call this from an async context").
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # The migrated rows (regions, cities, lists…) each test's serialized rollback restores were serialized on the
    # connections as the database was set up. Once Playwright runs its event loop in this thread, Django's
    # connection handler (context-local) hands the tests other connection objects, without those rows: without
    # this, a test that came after one which wrote data found the regions gone.
    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    playwright = sync_playwright().start()
    for alias, contents in serialized.items():
        if contents is not None:
            connections[alias]._test_serialized_contents = contents
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        _unavailable(f"{CHROMIUM} did not start: {error}")
    yield chromium
    chromium.close()
    playwright.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def _browser_db(live_server, django_db_serialized_rollback):
    """A transactional database (live_server) whose migrated rows are restored for every test."""
    return live_server


@pytest.fixture
def new_context(browser, _browser_db, request):
    """new_context(**options) -> a browser context on the live server, closed after the test."""
    contexts = []

    def make(**options):
        options = {
            "base_url": _browser_db.url,
            "viewport": VIEWPORT,
            "locale": "ar-SA",
            "timezone_id": "Asia/Riyadh",
            **options,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for number, context in enumerate(contexts, start=1):
        _screenshot_pages(request, context, f"context{number}")
        context.close()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def browser_problems(page):
    """Console errors, uncaught exceptions and Content-Security-Policy violations seen by `page`."""
    problems: list[str] = []

    def on_console(message):
        if message.type == "error" or message.text.startswith("Refused to"):
            problems.append(f"console {message.type}: {message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught error: {error}"))
    # Violations are also reported as "Refused to …" console errors; the DOM event catches any that are not.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Refused to ' + e.violatedDirective + ': ' + (e.blockedURI || 'inline') + ' (securitypolicyviolation)'));"
    )
    return problems


@pytest.fixture
def signed_in_page(new_context, _browser_db):
    """signed_in_page(user) -> a new page whose browser context is signed in as `user`."""
    from django.conf import settings
    from django.test import Client

    def make(user, **context_options):
        client = Client()
        client.force_login(user)
        session_cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context = new_context(**context_options)
        base_url = context_options.get("base_url") or _browser_db.url
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session_cookie.value,
                    "url": base_url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )
        return context.new_page()

    return make
