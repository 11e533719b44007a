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
