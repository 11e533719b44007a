import pytest


@pytest.mark.parametrize(("start", "language", "expected"), [("/", "en", "/en/"), ("/en/", "ar", "/"),
                                                             ("/en/organizations/", "ar", "/organizations/"),
                                                             ("/organizations/?q=x", "en", "/en/organizations/?q=x")])
def test_language_switch_goes_to_the_same_page(client, db, start, language, expected):
    page = client.get(start)
    assert f'name="next" value="{expected}"' in page.text.replace("&amp;", "&")
    response = client.post("/i18n/setlang/", {"language": language, "next": expected})
    assert response["Location"] == expected


def test_home_in_arabic_and_english(client, db):
    arabic = client.get("/")
    english = client.get("/en/")
    assert '<html lang="ar" dir="rtl">' in arabic.text
    assert "bootstrap.rtl.min.css" in arabic.text
    assert '<html lang="en" dir="ltr">' in english.text
    assert "bootstrap.min.css" in english.text


def test_health(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_unknown_api_url_is_json_404(client, db):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404


def test_pages_send_a_content_security_policy_without_unsafe_inline(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_server_error_and_unavailable_pages_render_without_a_request():
    """The 500 handler and the 503 answer do not touch the session, the user or the database."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from musharaka.core.views import server_error

    response = server_error(RequestFactory().get("/initiatives/"))
    assert response.status_code == 500
    assert "حدث خطأ غير متوقع" in response.content.decode()
    page = render_to_string("503.html", {"message": "<b>قاعدة البيانات</b>"})
    assert "&lt;b&gt;قاعدة البيانات&lt;/b&gt;" in page  # escaped


def test_every_post_form_of_the_templates_sends_the_csrf_token():
    import re

    from musharaka.core.template_messages import template_files

    forms = []
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", text, flags=re.S | re.I):
            forms.append((path.name, "{{ csrf_input }}" in match.group(1)))
    assert len(forms) > 15
    assert [name for name, protected in forms if not protected] == []
