"""GET /api/v1/notifications and POST /api/v1/notifications/read."""

import pytest
from django.utils import timezone

from musharaka.accounts.models import ApiToken
from musharaka.notifications.models import Notification
from musharaka.notifications.services import notify


@pytest.fixture
def person(make_user):
    return make_user("huda")


@pytest.fixture
def token(person):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=person, name="test", prefix=key[:8], key_hash=ApiToken.hash_key(key))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def send(user, title, read=False):
    notify(users=[user], title_for=lambda: title, url="/initiatives/1/")
    notification = Notification.objects.filter(user=user).latest("pk")
    if read:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    return notification


def test_list_needs_authentication(client, db):
    response = client.get("/api/v1/notifications")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code"}


def test_list_is_mine_unread_first_in_the_envelope(client, person, token, make_user):
    read = send(person, "مقروء", read=True)
    unread = send(person, "جديد")
    send(make_user(), "ليست لك")
    body = client.get("/api/v1/notifications", **token).json()
    assert body["count"] == 2 and body["page"] == 1
    assert [item["id"] for item in body["results"]] == [unread.pk, read.pk]
    assert body["results"][0]["unread"] is True and body["results"][0]["title"] == "جديد"
    assert "جديد".encode() in client.get("/api/v1/notifications", **token).content


def test_list_pages_and_filters_unread(client, person, token):
    for number in range(3):
        send(person, f"رقم {number}")
    send(person, "مقروء", read=True)
    body = client.get("/api/v1/notifications?page_size=2&page=2", **token).json()
    assert body["count"] == 4 and len(body["results"]) == 2
    assert client.get("/api/v1/notifications?unread=true", **token).json()["count"] == 3
    assert client.get("/api/v1/notifications?page_size=101", **token).status_code == 422


def test_session_works_too(client_for, person):
    send(person, "جديد")
    assert client_for(person).get("/api/v1/notifications").json()["count"] == 1


def test_mark_some_read(client, person, token, make_user):
    first, second = send(person, "أ"), send(person, "ب")
    theirs = send(make_user(), "ليست لك")
    response = client.post("/api/v1/notifications/read", {"ids": [first.pk, theirs.pk]},
                           content_type="application/json", **token)
    assert response.status_code == 200
    assert response.json() == {"marked": 1, "unread": 1}
    theirs.refresh_from_db()
    second.refresh_from_db()
    assert theirs.read_at is None and second.read_at is None


def test_mark_all_read(client, person, token):
    send(person, "أ")
    send(person, "ب")
    response = client.post("/api/v1/notifications/read", {}, content_type="application/json", **token)
    assert response.json() == {"marked": 2, "unread": 0}
    response = client.generic("POST", "/api/v1/notifications/read", b"", **token)  # no body at all
    assert response.status_code == 200 and response.json() == {"marked": 0, "unread": 0}


def test_mark_read_validates_and_needs_authentication(client, person, token):
    response = client.post("/api/v1/notifications/read", {"ids": "all"}, content_type="application/json", **token)
    assert response.status_code == 422
    assert client.post("/api/v1/notifications/read", {}, content_type="application/json").status_code == 401


def test_endpoints_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/notifications"]
    assert "post" in paths["/api/v1/notifications/read"]
