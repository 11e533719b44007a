import re

import pytest
from django.urls import reverse
from django.utils import translation

from musharaka.accounts.models import ApiToken
from musharaka.accounts.services import api_token_create
from musharaka.accounts.testing import give_second_factor

ME = "/api/v1/accounts/me"


def url(name: str, language: str = "ar", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def with_two_factor(user):
    """Creating a token needs two-factor sign-in (and force_login then gives a verified session)."""
    give_second_factor(user)
    return user


def create_on_page(client, name="Reporting script") -> str:
    response = client.post(url("accounts:tokens"), {"name": name})
    assert response.status_code == 302
    assert response["Location"] == url("accounts:token_created")
    page = client.get(response["Location"])
    assert page.status_code == 200
    return re.search(r'value="(msk_[^"]+)"', page.text).group(1)


@pytest.mark.django_db
def test_token_create_shows_key_once_and_stores_only_hash(client_for, make_user):
    user = with_two_factor(make_user())
    client = client_for(user)

    key = create_on_page(client)

    token = ApiToken.objects.get(user=user)
    assert token.key_hash == ApiToken.hash_key(key)
    assert key.startswith(token.prefix)
    again = client.get(url("accounts:token_created"))
    assert again.status_code == 302  # shown once only
    listing = client.get(url("accounts:tokens"))
    assert key not in listing.text
    assert token.prefix in listing.text


@pytest.mark.django_db
def test_token_create_empty_name_shows_error(client_for, make_user):
    client = client_for(with_two_factor(make_user()))

    response = client.post(url("accounts:tokens"), {"name": "   "})

    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_token_key_authenticates_me_then_revoked_key_gets_401(client_for, make_user, client):
    user = with_two_factor(make_user("huda", first_name="Huda", last_name="Salem", preferred_language="en"))
    owner = client_for(user)
    key = create_on_page(owner)

    response = client.get(ME, headers={"authorization": f"Bearer {key}"})

    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "username": "huda",
        "full_name": "Huda Salem",
        "email": user.email,
        "preferred_language": "en",
        "memberships": [],
    }
    token = ApiToken.objects.get(user=user)
    assert token.last_used_at is not None

    revoke = owner.post(url("accounts:token_revoke", token_id=token.pk))
    assert revoke.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None

    response = client.get(ME, headers={"authorization": f"Bearer {key}"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert set(response.json()) == {"detail", "code"}


@pytest.mark.django_db
def test_token_revoke_by_another_user_not_found(client_for, make_user):
    owner = make_user()
    token, key = api_token_create(user=owner, name="mine")

    stranger = client_for(make_user())
    response = stranger.post(url("accounts:token_revoke", token_id=token.pk))

    # The same answer as for an id nobody holds: no telling which token ids exist.
    assert response.status_code == 404
    assert stranger.post(url("accounts:token_revoke", token_id=token.pk + 1000)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client_for().get(ME, headers={"authorization": f"Bearer {key}"}).status_code == 200


@pytest.mark.django_db
def test_token_revoke_by_get_not_allowed(client_for, make_user):
    user = make_user()
    token, _key = api_token_create(user=user, name="mine")

    response = client_for(user).get(url("accounts:token_revoke", token_id=token.pk))

    assert response.status_code == 405


@pytest.mark.django_db
def test_token_revoke_service_other_user_raises(make_user):
    from musharaka.accounts.services import api_token_revoke
    from musharaka.core.errors import NotFound

    token, _key = api_token_create(user=make_user(), name="mine")

    with pytest.raises(NotFound):
        api_token_revoke(actor=make_user(), token_id=token.pk)


@pytest.mark.django_db
def test_me_without_auth_401(client):
    response = client.get(ME)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert "detail" in response.json()


@pytest.mark.django_db
def test_me_unknown_token_401(client):
    response = client.get(ME, headers={"authorization": "Bearer msk_not-a-real-key"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.django_db
def test_me_session_lists_memberships_without_n_plus_1(client_for, make_user, region, django_assert_num_queries):
    from musharaka.orgs.models import Membership, Organization

    user = make_user()
    for n in range(3):
        org = Organization.objects.create(name_ar=f"جمعية {n}", sector="nonprofit", region=region)
        Membership.objects.create(organization=org, user=user, role="viewer")
    client = client_for(user)

    # session, user, the second-factor check (one query), memberships with their organisations
    with django_assert_num_queries(4):
        response = client.get(ME)

    assert response.status_code == 200
    memberships = response.json()["memberships"]
    assert [m["organization_name"] for m in memberships] == ["جمعية 0", "جمعية 1", "جمعية 2"]
    assert {m["role"] for m in memberships} == {"viewer"}
    assert all(isinstance(m["organization_id"], int) for m in memberships)
