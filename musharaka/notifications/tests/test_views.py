"""My notifications page, marking read, and the unread count in the navigation bar."""

import pytest
from django.utils import timezone

from musharaka.notifications.models import Notification
from musharaka.notifications.services import notify

PROCESSOR = "musharaka.notifications.context_processors.notifications"


@pytest.fixture
def with_unread_count(settings):
    """The context processor, as settings.TEMPLATES should list it."""
    templates = [dict(backend, OPTIONS=dict(backend["OPTIONS"])) for backend in settings.TEMPLATES]
    processors = templates[0]["OPTIONS"]["context_processors"]
    if PROCESSOR not in processors:
        templates[0]["OPTIONS"]["context_processors"] = [*processors, PROCESSOR]
    settings.TEMPLATES = templates


@pytest.fixture
def person(make_user):
    return make_user("huda", first_name="هدى")


def send(user, title, *, url="/initiatives/", read=False):
    notify(users=[user], title_for=lambda: title, url=url)
    notification = Notification.objects.filter(user=user).latest("pk")
    if read:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    return notification


def test_list_shows_mine_unread_first(client_for, person, make_user):
    old_unread = send(person, "مبادرة بانتظار الاعتماد")
    read = send(person, "تم اعتماد المبادرة", read=True)
    new_unread = send(person, "مبادرة أعيدت للمسودة")
    send(make_user(), "ليست لك")
    response = client_for(person).get("/notifications/")
    assert response.status_code == 200
    assert [row.pk for row in response.context["page_obj"]] == [new_unread.pk, old_unread.pk, read.pk]
    assert "ليست لك" not in response.text
    assert response.text.count('data-testid="mark-read"') == 2


def test_list_in_english_and_needs_sign_in(client, client_for, person):
    assert '<html lang="en" dir="ltr">' in client_for(person).get("/en/notifications/").text
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_mark_one_read(client_for, person, make_user):
    mine = send(person, "واحد")
    other = send(person, "اثنان")
    response = client_for(person).post(f"/notifications/{mine.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at is not None and other.read_at is None


def test_open_marks_read_and_goes_to_the_page(client_for, person):
    notification = send(person, "واحد", url="/initiatives/5/")
    response = client_for(person).post(f"/notifications/{notification.pk}/read/", {"open": "1"})
    assert response["Location"] == "/initiatives/5/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_open_never_redirects_off_site(client_for, person):
    notification = send(person, "واحد", url="https://evil.example/")
    response = client_for(person).post(f"/notifications/{notification.pk}/read/", {"open": "1"})
    assert response["Location"] == "/notifications/"


def test_someone_elses_notification_is_untouched(client_for, person, make_user):
    theirs = send(make_user(), "ليست لك")
    client_for(person).post(f"/notifications/{theirs.pk}/read/")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(client_for, person, make_user):
    send(person, "واحد")
    send(person, "اثنان")
    theirs = send(make_user(), "ليست لك")
    client_for(person).post("/notifications/read/")
    assert not Notification.objects.filter(user=person, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_needs_post(client_for, person):
    notification = send(person, "واحد")
    assert client_for(person).get(f"/notifications/{notification.pk}/read/").status_code == 405
    assert client_for(person).get("/notifications/read/").status_code == 405


def test_nav_shows_the_unread_count(client_for, person, with_unread_count):
    send(person, "واحد")
    send(person, "اثنان")
    send(person, "قديم", read=True)
    text = client_for(person).get("/").text
    assert 'data-testid="notifications-link"' in text
    assert 'text-bg-warning">2<span class="visually-hidden">' in text


def test_nav_count_is_one_query_and_only_for_signed_in(client, client_for, person, with_unread_count,
                                                        django_assert_num_queries):
    send(person, "واحد")
    signed_in = client_for(person)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        signed_in.get("/organizations/")
    counts = [q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT" in counts[0]
    with CaptureQueriesContext(connection) as queries:
        client.get("/organizations/")
    assert not [q for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert 'data-testid="notifications-link"' not in client.get("/").text


def test_no_badge_without_unread(client_for, person, with_unread_count):
    send(person, "قديم", read=True)
    text = client_for(person).get("/").text
    assert 'data-testid="notifications-link"' in text
    assert "text-bg-warning" not in text
