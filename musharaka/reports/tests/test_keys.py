"""Open311 API keys: issued by platform staff, shown once, stored as a hash, revoked, checked."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.reports import keys
from musharaka.reports.models import ApiKey


@pytest.fixture
def organization(make_org):
    return make_org("أمانة منطقة الرياض")


def test_api_key_issue_stores_only_the_hash(platform_admin, organization):
    key, raw = keys.api_key_issue(actor=platform_admin, organization=organization, label="تطبيق بلدي")
    stored = ApiKey.objects.get(pk=key.pk)
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {stored.key_hash, stored.prefix, stored.label}
    assert raw.startswith(stored.prefix)
    assert stored.created_by == platform_admin


def test_api_key_issue_refused_to_an_organisation_admin(make_member, organization):
    admin = make_member(organization, "admin")
    with pytest.raises(NotPermitted):
        keys.api_key_issue(actor=admin, organization=organization, label="app")
    assert ApiKey.objects.count() == 0


def test_api_key_issue_without_label_is_invalid(platform_admin, organization):
    with pytest.raises(InvalidInput):
        keys.api_key_issue(actor=platform_admin, organization=organization, label="   ")


def test_api_key_check_finds_a_live_key_and_refuses_others(platform_admin, organization):
    key, raw = keys.api_key_issue(actor=platform_admin, organization=organization, label="app")
    assert keys.api_key_check(raw) == key
    assert keys.api_key_check(raw + "x") is None
    assert keys.api_key_check("") is None
    assert keys.api_key_check("o311_" + "a" * 500) is None
    keys.api_key_revoke(actor=platform_admin, key=key)
    assert keys.api_key_check(raw) is None


def test_api_key_revoke_twice_is_a_conflict(platform_admin, organization):
    key, _raw = keys.api_key_issue(actor=platform_admin, organization=organization, label="app")
    keys.api_key_revoke(actor=platform_admin, key=key)
    with pytest.raises(Conflict):
        keys.api_key_revoke(actor=platform_admin, key=key)


def test_api_key_check_touches_last_used_at_once_a_minute(platform_admin, organization, django_assert_num_queries):
    key, raw = keys.api_key_issue(actor=platform_admin, organization=organization, label="app")
    with django_assert_num_queries(2):  # the look-up and the first touch
        keys.api_key_check(raw)
    first = ApiKey.objects.get(pk=key.pk).last_used_at
    with django_assert_num_queries(1):  # within the minute: no write
        keys.api_key_check(raw)
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=first - timedelta(minutes=2))
    keys.api_key_check(raw)
    assert ApiKey.objects.get(pk=key.pk).last_used_at > first - timedelta(seconds=1)
    assert ApiKey.objects.get(pk=key.pk).last_used_at <= timezone.now()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_api_keys_page_issues_a_key_shown_once(client_for, platform_admin, organization, prefix):
    client = client_for(platform_admin)
    url = prefix + reverse("reports:api_keys").removeprefix("/en")
    response = client.post(url, {"organization": str(organization.pk), "label": "تطبيق الرصد"})
    assert response.status_code == 200
    issued = response.context["issued"]
    assert issued.startswith(keys.KEY_START)
    assert issued in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert keys.api_key_check(issued).organization == organization
    assert issued not in client.get(url).content.decode()


def test_api_keys_page_finds_the_organisation_by_its_name(client_for, platform_admin, organization):
    response = client_for(platform_admin).post(reverse("reports:api_keys"),
                                               {"organization": "أمانة منطقة الرياض", "label": "app"})
    assert response.context["issued"]
    assert ApiKey.objects.get().organization == organization


def test_api_keys_page_unknown_organisation_is_a_form_error(client_for, platform_admin):
    response = client_for(platform_admin).post(reverse("reports:api_keys"), {"organization": "99999999", "label": "a"})
    assert response.status_code == 200
    assert response.context["form"].errors["organization"]
    assert ApiKey.objects.count() == 0


def test_api_keys_page_refused_to_an_organisation_admin(client_for, make_member, organization):
    admin = make_member(organization, "admin")
    assert client_for(admin).get(reverse("reports:api_keys")).status_code == 403


def test_api_key_revoke_page_revokes(client_for, platform_admin, organization):
    key, raw = keys.api_key_issue(actor=platform_admin, organization=organization, label="app")
    response = client_for(platform_admin).post(reverse("reports:api_key_revoke", args=[key.pk]))
    assert response.status_code == 302
    assert keys.api_key_check(raw) is None
