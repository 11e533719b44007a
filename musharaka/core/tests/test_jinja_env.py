"""The Jinja2 environment of the pages: translations, escaping, url/static/querystring, dates, numbers."""

import datetime
import zoneinfo

from django.template import engines
from django.test import RequestFactory
from django.utils import translation

jinja = engines["jinja2"]


def render(source: str, context: dict | None = None, request=None) -> str:
    return jinja.from_string(source).render(context or {}, request)


def test_number_groups_digits_in_both_languages():
    source = "{{ 125000|number }} {{ 1250.5|number(2) }} {{ 7|number }} [{{ none|number }}]"
    assert render(source, {"none": None}) == "125,000 1,250.50 7 []"
    with translation.override("en"):
        assert render(source, {"none": None}) == "125,000 1,250.50 7 []"


def test_translations_escape_their_values_and_know_context_and_plural():
    source = '{{ _("Initiatives of %(name)s", name=name) }}'
    assert render(source, {"name": "<i>x</i>"}) == "مبادرات &lt;i&gt;x&lt;/i&gt;"
    assert render('{{ pgettext("filters", "Filter") }}') == "تصفية"
    plural = '{{ ngettext("%(counter)s initiative", "%(counter)s initiatives", n, counter=n) }}'
    assert [render(plural, {"n": n}) for n in (1, 2, 11)] == ["مبادرة واحدة", "مبادرتان", "11 مبادرة"]
    with translation.override("en"):
        assert render(plural, {"n": 2}) == "2 initiatives"


def test_html_is_escaped_and_plain_text_emails_are_not():
    assert jinja.get_template("accounts/email/password_reset_subject.txt").template.environment.autoescape(
        "accounts/email/password_reset_subject.txt"
    ) is False
    assert render("{{ value }}", {"value": "<script>"}) == "&lt;script&gt;"


def test_url_static_and_querystring():
    request = RequestFactory().get("/initiatives/", {"q": "مياه", "page": "3"})
    source = "{{ url('initiatives:detail', 5) }} {{ static('css/musharaka.css') }} {{ querystring(page=4) }}"
    expected = "/initiatives/5/ /static/css/musharaka.css ?q=%D9%85%D9%8A%D8%A7%D9%87&amp;page=4"
    assert render(source, {"request": request}) == expected


def test_dates_are_local_times_and_dual_dates(settings):
    moment = datetime.datetime(2026, 3, 1, 21, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert render("{{ moment|date('Y-m-d H:i') }} {{ moment|time('H:i') }}", {"moment": moment}) == "2026-03-02 00:30 00:30"
    assert render("{{ day|dual_date }}", {"day": datetime.date(2026, 3, 1)}) == "12 رمضان 1447 هـ — 1 مارس 2026"


def test_a_page_rendered_with_its_request_gets_the_csrf_input_and_the_csp_nonce(rf, db):
    from django.contrib.auth.models import AnonymousUser
    from django.middleware.csp import ContentSecurityPolicyMiddleware  # noqa: F401 (the nonce's origin)
    from django.middleware.csrf import get_token
    from django.utils.csp import LazyNonce

    request = rf.get("/")
    request.user = AnonymousUser()
    request._csp_nonce = LazyNonce()
    get_token(request)
    page = render("{{ csrf_input }}|{{ csp_nonce }}|{{ LANGUAGE }}|{{ rtl }}", request=request)
    hidden, nonce, language, rtl = page.split("|")
    assert hidden.startswith('<input type="hidden" name="csrfmiddlewaretoken" value="')
    assert len(nonce) > 10
    assert (language, rtl) == ("ar", "True")
