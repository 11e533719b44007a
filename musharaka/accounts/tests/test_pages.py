import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from musharaka.accounts.models import User

PASSWORD = "a-Strong-pass-2026"


def url(name: str, language: str = "ar", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def signup_data(**overrides) -> dict:
    data = {
        "username": "sara",
        "first_name": "سارة",
        "last_name": "العتيبي",
        "email": "sara@example.org",
        "password": "Olive-branch-77",
        "password_confirm": "Olive-branch-77",
        "preferred_language": "en",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_signup_valid_form_creates_user_signs_in_and_redirects(client):
    response = client.post(url("accounts:signup"), signup_data())

    assert response.status_code == 302
    assert response["Location"] == "/en/"  # home, in the language just chosen
    user = User.objects.get(username="sara")
    assert user.get_full_name() == "سارة العتيبي"
    assert user.preferred_language == "en"
    assert user.check_password("Olive-branch-77")
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_signup_duplicate_email_any_case_shows_error_and_writes_nothing(client, make_user):
    make_user("existing", email="Sara@Example.org")

    response = client.post(url("accounts:signup", "en"), signup_data(email="sara@EXAMPLE.org"))

    assert response.status_code == 200
    assert "An account with this e-mail address already exists." in response.text
    assert 'role="alert"' in response.text
    assert 'aria-describedby="id_email_error"' in response.text
    assert not User.objects.filter(username="sara").exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signup_mismatched_passwords_shows_error_and_writes_nothing(client):
    response = client.post(url("accounts:signup", "en"), signup_data(password_confirm="Something-else-88"))

    assert response.status_code == 200
    assert "The two passwords do not match." in response.text
    assert 'id="id_password_confirm_error"' in response.text
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_signup_page_arabic_by_default(client):
    response = client.get(url("accounts:signup"))

    assert response.status_code == 200
    assert 'lang="ar"' in response.text


@pytest.mark.django_db
def test_login_right_password_signs_in(client, make_user):
    user = make_user("huda", password=PASSWORD)

    response = client.post(url("accounts:login"), {"username": "huda", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_login_wrong_password_shows_error(client, make_user):
    make_user("huda", password=PASSWORD)

    response = client.post(url("accounts:login", "en"), {"username": "huda", "password": "not-it"})

    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert "Please enter a correct" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_five_failures_locks_out_even_the_right_password(client, make_user):
    make_user("huda", password=PASSWORD)
    login_url = url("accounts:login", "en")

    responses = [client.post(login_url, {"username": "huda", "password": f"wrong-{n}"}) for n in range(5)]

    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == 429
    assert "paused for 15 minutes" in responses[4].text
    locked = client.post(login_url, {"username": "huda", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_lockout_page_in_arabic(client, make_user):
    make_user("huda", password=PASSWORD)
    for n in range(5):
        response = client.post(url("accounts:login"), {"username": "huda", "password": f"wrong-{n}"})

    assert response.status_code == 429
    assert "15 دقيقة" in response.text


@pytest.mark.django_db
def test_logout_by_post_signs_out(client_for, make_user):
    client = client_for(make_user())

    response = client.post(url("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_by_get_not_allowed(client_for, make_user):
    client = client_for(make_user())

    response = client.get(url("accounts:logout"))

    assert response.status_code == 405
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_password_reset_email_link_sets_new_password(client, make_user):
    user = make_user("huda", email="huda@example.org", preferred_language="en")

    response = client.post(url("accounts:password_reset"), {"email": "HUDA@example.org"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["huda@example.org"]
    assert message.subject == "Set a new Musharaka password"  # her preferred language
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    assert link.startswith("/en/accounts/password/reset/")

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": "Fresh-olive-93", "new_password2": "Fresh-olive-93"}
    )
    assert done.status_code == 302
    assert done["Location"] == url("accounts:password_reset_complete", "en")
    user.refresh_from_db()
    assert user.check_password("Fresh-olive-93")


@pytest.mark.django_db
def test_password_reset_email_arabic_for_arabic_speaker(client, make_user):
    make_user("huda", email="huda@example.org", preferred_language="ar")

    client.post(url("accounts:password_reset"), {"email": "huda@example.org"})

    assert "/en/" not in mail.outbox[0].body
    assert re.search(r"[\u0600-\u06FF]", mail.outbox[0].subject)


@pytest.mark.django_db
def test_password_reset_unknown_email_sends_nothing(client):
    response = client.post(url("accounts:password_reset"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_change_valid_redirects_to_profile(client_for, make_user):
    user = make_user(password=PASSWORD)
    client = client_for(user)

    response = client.post(
        url("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Fresh-olive-93", "new_password2": "Fresh-olive-93"},
    )

    assert response.status_code == 302
    assert response["Location"] == url("accounts:profile")
    user.refresh_from_db()
    assert user.check_password("Fresh-olive-93")


@pytest.mark.django_db
def test_profile_anonymous_redirects_to_login(client):
    response = client.get(url("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(url("accounts:login"))


@pytest.mark.django_db
def test_profile_language_change_redirects_to_english_profile(client_for, make_user):
    user = make_user(preferred_language="ar")
    client = client_for(user)

    response = client.post(
        url("accounts:profile"),
        {
            "first_name": "Huda",
            "last_name": "Salem",
            "email": user.email,
            "phone": "+966500000000",
            "preferred_language": "en",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/profile/"
    user.refresh_from_db()
    assert (user.preferred_language, user.first_name, user.phone) == ("en", "Huda", "+966500000000")
    page = client.get(response["Location"])
    assert "Your profile was saved." in page.text


@pytest.mark.django_db
def test_profile_email_of_another_account_shows_error(client_for, make_user):
    make_user("other", email="taken@example.org")
    user = make_user()
    client = client_for(user)

    response = client.post(
        url("accounts:profile", "en"),
        {"first_name": "A", "last_name": "B", "email": "TAKEN@example.org", "preferred_language": "en"},
    )

    assert response.status_code == 200
    assert "An account with this e-mail address already exists." in response.text
    user.refresh_from_db()
    assert user.email != "TAKEN@example.org"


@pytest.mark.django_db
def test_profile_shows_memberships_and_tokens(client_for, make_user, region):
    from musharaka.accounts.services import api_token_create
    from musharaka.orgs.models import Membership, Organization

    user = make_user()
    org = Organization.objects.create(name_ar="جمعية البر", sector="nonprofit", region=region)
    Membership.objects.create(organization=org, user=user, role="editor")
    api_token_create(user=user, name="نظام التقارير")

    response = client_for(user).get(url("accounts:profile"))

    assert response.status_code == 200
    assert "جمعية البر" in response.text
    assert "نظام التقارير" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    "name",
    ["accounts:signup", "accounts:login", "accounts:password_reset", "accounts:password_reset_done",
     "accounts:password_reset_complete"],
)
def test_public_page_renders_in_language(client, name, language):
    response = client.get(url(name, language))

    assert response.status_code == 200
    assert f'lang="{language}"' in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("name", ["accounts:profile", "accounts:tokens", "accounts:password_change"])
def test_signed_in_page_renders_in_language(client_for, make_user, name, language):
    response = client_for(make_user()).get(url(name, language))

    assert response.status_code == 200
    assert f'lang="{language}"' in response.text
