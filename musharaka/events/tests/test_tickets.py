"""Tickets, the confirmation e-mail's calendar file, check-in at the door and attendance, the feeds (part 4)."""

import json
import subprocess
from functools import partial

import icalendar
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from musharaka.events import checkin, services
from musharaka.events.models import AttendanceCount, CheckIn, RegistrationStatus, Ticket

pytestmark = pytest.mark.django_db


def _register(event, user, category="public"):
    return services.registration_create(actor=user, event=event, category=category)


def test_confirmed_registration_has_a_unique_ticket_and_an_email_with_calendar_and_qr(make_event, make_user,
                                                                                        django_capture_on_commit_callbacks):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(event, make_user())
    other = _register(event, make_user())
    assert registration.ticket.code != other.ticket.code and len(registration.ticket.code) >= 16
    message = mail.outbox[-1]
    assert message.to == [registration.email]
    names = {name: (content, kind) for name, content, kind in message.attachments}
    ics, kind = names[f"event-{event.pk}.ics"]
    assert kind.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(ics)
    [item] = calendar.walk("VEVENT")
    assert str(item["uid"]) == f"event-{event.pk}@musharaka"
    assert str(item["summary"]) == event.title_ar  # the registrant's language: Arabic by default
    assert item["dtstart"].dt == event.starts_at and item["dtstart"].dt.tzinfo is not None
    assert item["dtstart"].params["TZID"] == "Asia/Riyadh"
    assert item["dtend"].dt == event.ends_at
    assert event.venue in str(item["location"]) and f"/events/{event.pk}/" in str(item["url"])
    assert names[f"ticket-{event.pk}.png"][0].startswith(b"\x89PNG")
    assert "/events/tickets/" in message.body and registration.ticket.code in message.body


def test_email_summary_follows_the_registrants_language(make_event, make_user, django_capture_on_commit_callbacks):
    event = make_event()
    person = make_user()
    person.preferred_language = "en"
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        _register(event, person)
    [item] = icalendar.Calendar.from_ical(mail.outbox[-1].attachments[0][1]).walk("VEVENT")
    assert str(item["summary"]) == event.title_en


def test_waiting_registration_gets_no_ticket_email(make_event, make_user, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    _register(event, make_user())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        waiting = _register(event, make_user())
    assert waiting.status == RegistrationStatus.WAITING and not mail.outbox


def test_ticket_qr_decodes_with_zbarimg_to_the_ticket_code(make_event, make_user, client, tmp_path, zbarimg):
    event = make_event()
    person = make_user()
    registration = _register(event, person)
    client.force_login(person)
    page = client.get(reverse("events:ticket", args=[event.pk, registration.pk]))
    assert page.status_code == 200 and b"<svg" in page.content
    assert registration.ticket.code.encode() in page.content
    png = tmp_path / "qr.png"
    png.write_bytes(checkin.qr_png(registration.ticket.code))
    decoded = subprocess.run([zbarimg, "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True)
    assert decoded.stdout.strip() == registration.ticket.code


def test_ticket_page_is_a_404_for_others_and_open_to_the_organisers_staff(make_event, make_user, organiser, client):
    event = make_event()
    registration = _register(event, make_user())
    url = reverse("events:ticket", args=[event.pk, registration.pk])
    client.force_login(make_user())
    assert client.get(url).status_code == 404
    client.force_login(organiser[1])
    assert client.get(url).status_code == 200
    assert client.get(reverse("events:ticket_by_link", args=["forged"])).status_code == 404
    client.logout()
    assert client.get(reverse("events:ticket_by_link", args=[checkin.ticket_token(registration)])).status_code == 200


def test_check_in_states_and_idempotence(make_event, make_user, organiser):
    event = make_event(capacity=2)
    staff = organiser[1]
    first = _register(event, make_user(), "nonprofit")
    second = _register(event, make_user())
    waiting = _register(event, make_user())
    services.registration_cancel(actor=second.user, registration=second)  # `waiting` takes its seat
    waiting.refresh_from_db()
    late = _register(event, make_user())

    now = checkin.check_in(actor=staff, event=event, code=first.ticket.code)
    again = checkin.check_in(actor=staff, event=event, code=f"  {first.ticket.code} ")
    assert (now.outcome, again.outcome) == ("checked_in", "already_checked_in")
    assert again.checked_in_at == now.checked_in_at and again.message.endswith(
        f"{now.checked_in_at.astimezone(__import__('zoneinfo').ZoneInfo('Asia/Riyadh')):%H:%M}.")
    assert checkin.check_in(actor=staff, event=event, code=late.ticket.code).outcome == "waiting"
    assert checkin.check_in(actor=staff, event=event, code=second.ticket.code).outcome == "cancelled"
    assert checkin.check_in(actor=staff, event=event, code="no-such-code").outcome == "not_registered"
    scanned_url = "https://musharaka.example/events/tickets/" + waiting.ticket.code
    assert checkin.check_in(actor=staff, event=event, code=scanned_url).outcome == "checked_in"
    other_event = make_event()
    assert checkin.check_in(actor=staff, event=other_event, code=first.ticket.code).outcome == "not_registered"
    assert CheckIn.objects.filter(event=event).count() == 2
    counts = dict(AttendanceCount.objects.filter(event=event, session_key=0).values_list("category", "count"))
    assert counts == {"nonprofit": 1, "public": 1}


def test_check_in_is_refused_to_a_registrant(make_event, make_user):
    from musharaka.core.errors import NotPermitted

    event = make_event()
    person = make_user()
    registration = _register(event, person)
    with pytest.raises(NotPermitted):
        checkin.check_in(actor=person, event=event, code=registration.ticket.code)


def test_session_check_in_counts_per_session_and_needs_a_seat_where_seats_are_booked(make_event, make_user, organiser):
    event = make_event()
    staff = organiser[1]
    workshop = services.session_create(actor=staff, event=event, data={
        "title_ar": "ورشة عمل: خطة التنمية المحلية", "kind": "workshop", "day": event.starts_at.date(),
        "starts_at": event.starts_at, "ends_at": event.starts_at + __import__("datetime").timedelta(hours=2),
        "capacity": 5})
    booked = _register(event, make_user())
    services.session_seat_take(actor=booked.user, registration=booked, session=workshop)
    unbooked = _register(event, make_user())
    assert checkin.check_in(actor=staff, event=event, code=booked.ticket.code, session=workshop).outcome == "checked_in"
    assert checkin.check_in(actor=staff, event=event, code=unbooked.ticket.code,
                            session=workshop).outcome == "no_session_seat"
    table = checkin.attendance(event)
    assert table["total"] == 0 and table["sessions"][0]["total"] == 1


def test_page_check_in_answers_in_arabic(make_event, make_user, organiser, client):
    event = make_event()
    registration = _register(event, make_user())
    client.force_login(organiser[1])
    url = reverse("events:check_in", args=[event.pk])
    assert client.get(url).status_code == 200
    answer = client.post(url, {"code": registration.ticket.code}, follow=True).content.decode()
    assert 'data-outcome="checked_in"' in answer and "تم تسجيل الحضور الآن" in answer
    assert 'data-outcome' not in client.get(url).content.decode()  # shown once: a reload scans nothing
    answer = client.post(url, {"code": registration.ticket.code}, follow=True).content.decode()
    assert 'data-outcome="already_checked_in"' in answer and "سبق تسجيل حضوره" in answer


def test_api_check_in_and_attendance(make_event, make_user, organiser, client):
    event = make_event()
    registration = _register(event, make_user(), "private")
    client.force_login(organiser[1])
    url = f"/api/v1/events/{event.pk}/check-in"
    body = json.dumps({"code": registration.ticket.code})
    answer = client.post(url, body, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["outcome"] == "checked_in"
    assert client.post(url, body, content_type="application/json").json()["outcome"] == "already_checked_in"
    data = client.get(f"/api/v1/events/{event.pk}/attendance").json()
    assert data["checked_in"] == 1 and data["by_category"] == {"private": 1}
    client.force_login(registration.user)
    assert client.post(url, body, content_type="application/json").status_code == 403


def test_attendance_page_query_count_does_not_grow_with_sessions_and_check_ins(make_event, make_user, organiser,
                                                                               client):
    import datetime

    event = make_event()
    staff = organiser[1]
    client.force_login(staff)
    url = reverse("events:attendance", args=[event.pk])
    client.get(url)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = measure()
    for n in range(4):
        session = services.session_create(actor=staff, event=event, data={
            "title_ar": f"جلسة حوارية {n}", "kind": "dialogue", "day": event.starts_at.date(),
            "starts_at": event.starts_at, "ends_at": event.starts_at + datetime.timedelta(hours=1)})
        registration = _register(event, make_user())
        checkin.check_in(actor=staff, event=event, code=registration.ticket.code)
        checkin.check_in(actor=staff, event=event, code=registration.ticket.code, session=session)
    after = measure()
    assert after == before <= 12


def test_event_calendar_parses_with_sessions_and_time_zone(make_event, organiser, client):
    import datetime

    event = make_event()
    services.session_create(actor=organiser[1], event=event, data={
        "title_ar": "الجلسة الافتتاحية", "kind": "opening", "day": event.starts_at.date(), "room": "القاعة الكبرى",
        "starts_at": event.starts_at, "ends_at": event.starts_at + datetime.timedelta(hours=1)})
    answer = client.get(reverse("events:calendar", args=[event.pk]))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")
    assert "public" in answer["Cache-Control"] and answer["ETag"]
    calendar = icalendar.Calendar.from_ical(answer.content)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Riyadh"]
    items = calendar.walk("VEVENT")
    assert [str(item["summary"]) for item in items] == [event.title_ar, "الجلسة الافتتاحية"]
    assert items[1]["dtstart"].dt == event.starts_at and "القاعة الكبرى" in str(items[1]["location"])
    assert client.get(reverse("events:calendar", args=[event.pk]),
                      headers={"if-none-match": answer["ETag"]}).status_code == 304


def test_unpublished_event_has_no_calendar_and_is_not_in_the_feeds(make_event, organiser, client):
    draft = make_event(published=False, title_ar="مسودة لقاء تنسيقي")
    published = make_event()
    assert client.get(reverse("events:calendar", args=[draft.pk])).status_code == 404
    org_ics = client.get(reverse("events:organization_calendar", args=[organiser[0].pk]))
    summaries = [str(item["summary"]) for item in icalendar.Calendar.from_ical(org_ics.content).walk("VEVENT")]
    assert summaries == [published.title_ar]
    feed = client.get(reverse("events:feed"))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert "public" in feed["Cache-Control"]
    text = feed.content.decode()
    assert published.title_ar in text and "مسودة لقاء تنسيقي" not in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_scanners_at_once_make_one_check_in(make_event, make_user, organiser):
    from musharaka.reliability.test_concurrency import POSTGRES, race

    if not POSTGRES:
        pytest.skip("SQLite serialises writes: the race runs in the PostgreSQL part")
    event = make_event()
    staff = organiser[1]
    for _round in range(3):
        registration = _register(event, make_user())
        results = race(*[partial(checkin.check_in, actor=staff, event=event, code=registration.ticket.code)
                         for _scanner in range(4)])
        outcomes = sorted(result.outcome for result in results)
        assert outcomes == ["already_checked_in"] * 3 + ["checked_in"]
        assert len({result.checked_in_at for result in results}) == 1
        assert CheckIn.objects.filter(registration=registration).count() == 1
    assert AttendanceCount.objects.get(event=event, session_key=0).count == 3
    assert Ticket.objects.filter(registration__event=event).count() == 3


def test_event_calendar_bytes_do_not_depend_on_the_clock(make_event, monkeypatch):
    """The feed's ETag is a hash of its body: a poll a second later must give the same bytes."""
    import datetime

    from django.utils import timezone

    from musharaka.events import checkin

    event = make_event()
    first = checkin.event_calendar(event)
    later = timezone.now() + datetime.timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert checkin.event_calendar(event) == first
