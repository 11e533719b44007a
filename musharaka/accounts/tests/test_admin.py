import pytest
from django.urls import reverse

from musharaka.accounts.services import api_token_create


@pytest.mark.django_db
def test_admin_user_and_token_pages_render(client_for, make_user, platform_admin):
    user = make_user(phone="+966500000001")
    token, _key = api_token_create(user=user, name="script")
    client = client_for(platform_admin)

    pages = [
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[user.pk]),
        reverse("admin:accounts_user_history", args=[user.pk]),
        reverse("admin:accounts_user_add"),
        reverse("admin:accounts_apitoken_changelist"),
        reverse("admin:accounts_apitoken_change", args=[token.pk]),
    ]

    for page in pages:
        assert client.get(page).status_code == 200, page
    change = client.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).text
    assert 'name="key_hash"' not in change  # shown, never editable
    assert 'name="preferred_language"' in client.get(pages[1]).text
