import datetime

import pytest
from django.core import mail, signing
from django.utils import timezone

from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.events import services
from musharaka.events.models import Event, EventAudience, Registration, RegistrationStatus, Session
from musharaka.events.services import AudienceSpec
from musharaka.orgs.models import Role

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def _register(event, user, category="public"):
    return services.registration_create(actor=user, event=event, category=category)


def _counts(event):
    event.refresh_from_db()
    return event.confirmed_count, event.waiting_count


def test_event_create_keeps_edition_patron_guests_and_audiences(make_event, organiser):
    org, editor = organiser
    series = services.series_get_or_create(actor=editor, organization=org, name_ar="ملتقى المبادرات والتجارب التنموية")
    event = make_event(series=series, edition=5)
    assert (event.series, event.edition, event.patron_name) == (series, 5, "صاحب السمو الملكي الأمير سلمان بن سلطان")
    assert event.axes.count() == 6
    assert sorted(event.audiences.values_list("category", flat=True)) == sorted(
        ["authority", "government", "nonprofit", "private", "academic_expert", "public"])
    assert [guest.title for guest in event.guests.all()] == ["المهندس عبد الله بن محمد البدير"]
    assert event.history.count() == 1
    with pytest.raises(InvalidInput) as error:
        make_event(series=series, edition=5)
    assert error.value.code == "edition_taken"


def test_event_create_for_another_organisation_is_refused(make_org, make_member, make_event, organiser):
    stranger = make_member(make_org(), Role.EDITOR)
    with pytest.raises(NotPermitted):
        services.event_create(actor=stranger, organization=organiser[0], data={})


def test_event_end_before_start_is_refused(make_event):
    start = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(InvalidInput) as error:
        make_event(starts_at=start, ends_at=start - datetime.timedelta(hours=1))
    assert error.value.code == "end_before_start"


def test_event_city_outside_its_region_is_refused_on_create_and_update(make_event, organiser, other_region):
    from musharaka.geo.models import City

    riyadh, makkah_city = City.objects.filter(region=organiser[0].region).first(), City.objects.filter(
        region=other_region).first()
    with pytest.raises(InvalidInput) as refused:
        make_event(city=makkah_city)
    assert refused.value.code == "city_not_in_region" and not Event.objects.exists()
    event = make_event(city=riyadh)
    with pytest.raises(InvalidInput):
        services.event_update(actor=organiser[1], event=event, data={"city": makkah_city})
    event.refresh_from_db()
    assert event.city == riyadh


def test_registration_over_capacity_joins_the_waiting_list_in_order(make_event, make_user):
    event = make_event(capacity=2)
    people = [make_user() for _ in range(4)]
    statuses = [_register(event, person).status for person in people]
    assert statuses == [S.CONFIRMED, S.CONFIRMED, S.WAITING, S.WAITING]
    assert _counts(event) == (2, 2)


def test_cancelling_promotes_the_first_waiter(make_event, make_user):
    event = make_event(capacity=1)
    first, second, third = (_register(event, make_user()) for _ in range(3))
    services.registration_cancel(actor=first.user, registration=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (S.CONFIRMED, S.WAITING)
    assert _counts(event) == (1, 1)
    audience = EventAudience.objects.get(event=event, category="public")
    assert (audience.confirmed_count, audience.waiting_count) == (1, 1)


def test_cancelling_a_waiter_promotes_nobody(make_event, make_user):
    event = make_event(capacity=1)
    _first, second, third = (_register(event, make_user()) for _ in range(3))
    services.registration_cancel(actor=second.user, registration=second)
    third.refresh_from_db()
    assert third.status == S.WAITING
    assert _counts(event) == (1, 1)


def test_quota_per_category_queues_that_category_only(make_event, make_user):
    event = make_event(capacity=10, audiences=[AudienceSpec("nonprofit", 1), AudienceSpec("public")])
    assert _register(event, make_user(), "nonprofit").status == S.CONFIRMED
    assert _register(event, make_user(), "nonprofit").status == S.WAITING
    assert _register(event, make_user(), "public").status == S.CONFIRMED


def test_promotion_skips_a_waiter_whose_category_is_full(make_event, make_user):
    event = make_event(capacity=2, audiences=[AudienceSpec("nonprofit", 1), AudienceSpec("public")])
    nonprofit = _register(event, make_user(), "nonprofit")
    public = _register(event, make_user(), "public")
    waiting_nonprofit = _register(event, make_user(), "nonprofit")
    waiting_public = _register(event, make_user(), "public")
    services.registration_cancel(actor=public.user, registration=public)
    waiting_nonprofit.refresh_from_db()
    waiting_public.refresh_from_db()
    assert (waiting_nonprofit.status, waiting_public.status) == (S.WAITING, S.CONFIRMED)
    assert nonprofit.status == S.CONFIRMED


def test_an_unknown_category_is_refused(make_event, make_user):
    event = make_event(audiences=[AudienceSpec("public")])
    with pytest.raises(InvalidInput) as error:
        _register(event, make_user(), "private")
    assert error.value.code == "audience_closed"


def test_registering_twice_is_a_conflict(make_event, make_user):
    event, person = make_event(), make_user()
    _register(event, person)
    with pytest.raises(Conflict):
        _register(event, person)
    assert Registration.objects.filter(event=event).count() == 1


def test_unpublished_or_past_events_take_no_registrations(make_event, make_user):
    with pytest.raises(NotPermitted):
        _register(make_event(published=False), make_user())
    past = make_event(days_ahead=-10)
    with pytest.raises(Conflict) as error:
        _register(past, make_user())
    assert error.value.code == "registration_closed"


def test_approval_holds_the_seat_until_the_organiser_decides(make_event, make_user, organiser):
    event = make_event(capacity=1, requires_approval=True)
    held, waiter = _register(event, make_user()), _register(event, make_user())
    assert (held.status, waiter.status) == (S.PENDING, S.WAITING)
    services.registration_decide(actor=organiser[1], registration=held, approve=False)
    waiter.refresh_from_db()
    assert waiter.status == S.PENDING  # promoted, and still to be approved
    services.registration_decide(actor=organiser[1], registration=waiter, approve=True)
    waiter.refresh_from_db()
    assert waiter.status == S.CONFIRMED
    assert _counts(event) == (1, 0)


def test_only_the_organiser_decides(make_event, make_user):
    event = make_event(requires_approval=True)
    registration = _register(event, make_user())
    with pytest.raises(NotPermitted):
        services.registration_decide(actor=make_user(), registration=registration, approve=True)


def test_someone_else_cannot_cancel_a_registration(make_event, make_user):
    registration = _register(make_event(), make_user())
    with pytest.raises(NotPermitted):
        services.registration_cancel(actor=make_user(), registration=registration)


def test_registration_with_a_phone_that_is_not_a_number_is_refused(make_event, make_user):
    event = make_event()
    with pytest.raises(InvalidInput) as error:
        services.registration_create(actor=make_user(), event=event, category="public", phone="اتصل بي")
    assert (error.value.code, error.value.field) == ("invalid_phone", "phone")
    assert not Registration.objects.filter(event=event).exists()
    written = services.registration_create(actor=make_user(), event=event, category="public", phone="+966 (٠٥٥) ۱۲۳-4567")
    assert written.phone == "+966 (٠٥٥) ۱۲۳-4567"


def test_visitor_takes_a_seat_only_after_confirming_by_e_mail(make_event, django_capture_on_commit_callbacks):
    event = make_event(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(actor=None, event=event, category="public", name="ليلى الحربي",
                                                    email="Laila@Example.org", phone="+966 55 123 4567",
                                                    base_url="https://musharaka.example")
    assert registration.status == S.UNVERIFIED
    assert _counts(event) == (0, 0)
    [message] = mail.outbox
    assert message.to == ["laila@example.org"]
    prefix = "https://musharaka.example/events/registrations/confirm/"
    [link] = [line for line in message.body.splitlines() if line.startswith(prefix)]
    token = link.removeprefix(prefix).rstrip("/")
    confirmed = services.registration_confirm_email(token=token)
    assert confirmed.status == S.CONFIRMED
    assert services.registration_confirm_email(token=token).status == S.CONFIRMED  # a second click: nothing more
    assert _counts(event) == (1, 0)
    services.registration_cancel(actor=None, registration=services.registration_from_cancel_token(
        token=services.cancellation_token(confirmed)), by_token=True)
    assert _counts(event) == (0, 0)


def test_a_confirmation_link_expires_and_cannot_be_forged(make_event, monkeypatch):
    event = make_event()
    registration = services.registration_create(actor=None, event=event, category="public", name="سعد", email="s@x.org")
    token = services.confirmation_token(registration)
    with pytest.raises(InvalidInput) as forged:
        services.registration_confirm_email(token=token[:-2] + "xx")
    assert forged.value.code == "link_invalid"
    later = timezone.now().timestamp() + services.CONFIRM_MAX_AGE.total_seconds() + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(InvalidInput) as expired:
        services.registration_confirm_email(token=token)
    assert expired.value.code == "link_expired"
    # A cancellation link is no confirmation link.
    with pytest.raises(InvalidInput):
        services.registration_from_cancel_token(token=token)


def test_an_unconfirmed_visitor_may_register_again_once_the_link_expired(make_event):
    event = make_event()
    first = services.registration_create(actor=None, event=event, category="public", name="سعد", email="s@x.org")
    with pytest.raises(Conflict):
        services.registration_create(actor=None, event=event, category="public", name="سعد", email="s@x.org")
    Registration.objects.filter(pk=first.pk).update(created_at=timezone.now() - services.CONFIRM_MAX_AGE
                                                    - datetime.timedelta(minutes=1))
    again = services.registration_create(actor=None, event=event, category="public", name="سعد", email="s@x.org")
    first.refresh_from_db()
    assert (first.status, again.status) == (S.CANCELLED, S.UNVERIFIED)


def test_session_seats_have_their_own_capacity_and_waiting_list(make_event, make_user, organiser):
    event = make_event()
    workshop = services.session_create(actor=organiser[1], event=event, data={
        "kind": "workshop", "title_ar": "ورشة قياس الأثر الاجتماعي", "starts_at": event.starts_at,
        "ends_at": event.starts_at + datetime.timedelta(hours=2), "capacity": 1})
    first, second = _register(event, make_user()), _register(event, make_user())
    seats = [services.session_seat_take(actor=r.user, registration=r, session=workshop) for r in (first, second)]
    assert [seat.status for seat in seats] == [S.CONFIRMED, S.WAITING]
    services.registration_cancel(actor=first.user, registration=first)  # leaving the event frees the workshop seat
    seats[1].refresh_from_db()
    workshop.refresh_from_db()
    assert seats[1].status == S.CONFIRMED
    assert (workshop.confirmed_count, workshop.waiting_count) == (1, 0)


def test_sessions_keep_their_day_and_stay_within_the_event(make_event, organiser):
    event = make_event()
    second_day = event.starts_at + datetime.timedelta(days=1)
    session = services.session_create(actor=organiser[1], event=event, data={
        "kind": "dialogue", "title_ar": "جلسة حوارية", "starts_at": second_day,
        "ends_at": second_day + datetime.timedelta(hours=1), "track": "القاعة الرئيسية"})
    assert session.day == timezone.localtime(second_day).date()
    with pytest.raises(InvalidInput) as error:
        services.session_create(actor=organiser[1], event=event, data={
            "title_ar": "جلسة", "starts_at": event.starts_at + datetime.timedelta(days=30),
            "ends_at": event.starts_at + datetime.timedelta(days=30, hours=1)})
    assert error.value.code == "session_outside_event"
    assert Session.objects.filter(event=event).count() == 1


def test_capacity_cannot_drop_below_seats_taken(make_event, make_user, organiser):
    event = make_event(capacity=3)
    _register(event, make_user())
    _register(event, make_user())
    with pytest.raises(InvalidInput) as error:
        services.event_update(actor=organiser[1], event=event, data={"capacity": 1})
    assert error.value.code == "capacity_below_taken"
    assert Event.objects.get(pk=event.pk).capacity == 3


def test_session_update_keeps_a_booking_made_while_the_form_was_open(make_event, organiser, make_user):
    event = make_event()
    editor = organiser[1]
    stale = services.session_create(actor=editor, event=event, data={
        "kind": "workshop", "title_ar": "ورشة قياس الأثر", "starts_at": event.starts_at,
        "ends_at": event.starts_at + datetime.timedelta(hours=2), "capacity": 20})
    person = make_user()
    registration = _register(event, person)
    services.session_seat_take(actor=person, registration=registration, session=stale)  # after the form loaded
    services.session_update(actor=editor, session=stale, data={"title_ar": "ورشة قياس الأثر الاجتماعي"})
    saved = Session.objects.get(pk=stale.pk)
    assert (saved.title_ar, saved.confirmed_count) == ("ورشة قياس الأثر الاجتماعي", 1)

