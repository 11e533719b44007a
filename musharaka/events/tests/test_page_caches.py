"""The events pages' caches (events.fragments): every change a page shows reaches it, through the services (and the
admin's saves for names), in each language; nothing unpublished reaches someone who may not see it; warm pages read
one version query whatever they show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from musharaka.events import recommendations as recs
from musharaka.events import services
from musharaka.events.models import Recommendation, Session, Speaker
from musharaka.geo.models import City
from musharaka.orgs import services as org_services
from musharaka.orgs.models import Role, Sector
from musharaka.taxonomy.models import Axis

pytestmark = pytest.mark.django_db


def _path(name: str, *args) -> str:
    """The Arabic (unprefixed) address: a request to an English page leaves English active in this thread."""
    with translation.override("ar"):
        return reverse(name, args=args)


def _page(client, path: str, **query) -> str:
    response = client.get(path, query)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, path: str, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, query).status_code == 200
    return len(captured)


# ---------------------------------------------------------------- event list


LIST_EN = "/en/events/"


def test_list_cards_show_every_change_of_their_event(client, make_event, organiser, make_member):
    event = make_event(capacity=50)
    editor = organiser[1]
    assert "Fifth Forum of Development Initiatives" in _page(client, LIST_EN)
    changes = [
        ({"title_en": "Sixth Forum of Local Development"}, "Sixth Forum of Local Development"),
        ({"patron_name": "Prince Faisal bin Salman"}, "Under the patronage of Prince Faisal bin Salman"),
        ({"kind": "workshop"}, ">Workshop<"),
        ({"capacity": 70}, "70 seats left"),
        ({"starts_at": event.starts_at + datetime.timedelta(days=40),
          "ends_at": event.starts_at + datetime.timedelta(days=41)},
         (timezone.localtime(event.starts_at) + datetime.timedelta(days=40)).strftime("%Y")),
    ]
    for data, shown in changes:
        services.event_update(actor=editor, event=event, data=data)
        assert shown in _page(client, LIST_EN), data
    city = City.objects.filter(region=event.region).exclude(name_en="").first()
    services.event_update(actor=editor, event=event, data={"city": city})
    assert city.name_en in _page(client, LIST_EN)
    axis = Axis.objects.exclude(name_en="").last()
    services.event_update(actor=editor, event=event, data={}, axes=[axis])
    page = _page(client, LIST_EN)
    badge = 'badge text-bg-info me-1">{}<'.format
    assert badge(axis.name_en) in page and badge(Axis.objects.first().name_en) not in page
    # The names of the axis, the organiser and the city, each changed where it is kept.
    axis.name_en = "Renamed axis"
    axis.save()
    assert badge("Renamed axis") in _page(client, LIST_EN)
    admin = make_member(organiser[0], Role.ADMIN)
    org_services.organization_update(actor=admin, organization=organiser[0], data={"name_en": "Madinah Emirate Office"})
    assert "Madinah Emirate Office" in _page(client, LIST_EN)
    city.name_en = "Old Town"
    city.save()
    assert "Old Town" in _page(client, LIST_EN)


def test_list_cards_show_the_seats_left_after_each_registration(client, make_event, make_user):
    event = make_event(capacity=3)
    assert "3 seats left" in _page(client, LIST_EN)
    first = services.registration_create(actor=make_user(), event=event, category="public")
    assert "2 seats left" in _page(client, LIST_EN)
    services.registration_create(actor=make_user(), event=event, category="public")
    assert "1 seat left" in _page(client, LIST_EN)
    services.registration_cancel(actor=first.user, registration=first)
    assert "2 seats left" in _page(client, LIST_EN)


def test_list_cards_in_each_language(client, make_event):
    make_event()
    arabic, english = _page(client, _path("events:list")), _page(client, LIST_EN)
    assert "الملتقى الخامس للمبادرات" in arabic and "Fifth Forum of Development Initiatives" not in arabic
    assert "Fifth Forum of Development Initiatives" in english and "AH" in english
    assert "هـ" in _page(client, _path("events:list")) and "AH" not in _page(client, _path("events:list"))


def test_list_never_shows_an_unpublished_event_from_the_cache(client_for, make_event, organiser):
    public = make_event(title_ar="ملتقى منشور للتنمية")
    draft = make_event(published=False, title_ar="ورشة لم تنشر بعد")
    organiser_page = _page(client_for(organiser[1]), _path("events:list"))
    assert "ورشة لم تنشر بعد" in organiser_page  # cached for the organiser's scope
    anonymous = client_for(None)
    page = _page(anonymous, _path("events:list"))
    assert "ورشة لم تنشر بعد" not in page and "ملتقى منشور للتنمية" in page
    assert draft.pk not in {row["id"] for row in anonymous.get(_path("events:list")).context["rows"]}
    services.event_update(actor=organiser[1], event=draft, data={"is_published": True})
    assert "ورشة لم تنشر بعد" in _page(anonymous, _path("events:list"))
    services.event_update(actor=organiser[1], event=public, data={"is_published": False})
    assert "ملتقى منشور للتنمية" not in _page(anonymous, _path("events:list"))
    assert "ملتقى منشور للتنمية" in _page(client_for(organiser[1]), _path("events:list"))


def test_list_upcoming_and_past_follow_the_clock(client, make_event, organiser, monkeypatch):
    soon = make_event(days_ahead=0, title_ar="لقاء ينتهي قريبا")
    soon = services.event_update(actor=organiser[1], event=soon, data={
        "starts_at": timezone.now() - datetime.timedelta(hours=1), "ends_at": timezone.now() + datetime.timedelta(hours=1)})
    make_event(days_ahead=5, title_ar="ملتقى قادم")
    url = _path("events:list")
    ids = lambda **query: {row["id"] for row in client.get(url, query).context["rows"]}  # noqa: E731
    assert soon.pk in ids(when="upcoming") and soon.pk not in ids(when="past")
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)  # no write: only time passed the event's end
    assert soon.pk not in ids(when="upcoming") and soon.pk in ids(when="past")
    assert client.get(url, {"when": "upcoming"}).context["page_obj"].paginator.count == 1


def test_list_reads_one_query_warm_whatever_it_shows(client, make_event):
    url = _path("events:list")
    make_event()
    client.get(url)
    assert _queries(client, url) == 1
    for number in range(6):
        make_event(title_ar=f"ملتقى رقم {number}", capacity=10)
    client.get(url)
    client.get(url, {"when": "upcoming"})
    assert _queries(client, url) == _queries(client, url, when="upcoming") == 1


# ---------------------------------------------------------------- agenda


@pytest.fixture
def agenda(make_event, organiser):
    editor = organiser[1]
    event = make_event(capacity=100)
    speaker = services.speaker_create(actor=editor, event=event, data={"name_ar": "رعد الخليوي", "name_en": "Raad Al-Khulaiwi"})
    start = event.starts_at
    dialogue = services.session_create(actor=editor, event=event, speakers=[speaker], data={
        "kind": "dialogue", "title_ar": "جلسة حوارية", "title_en": "Dialogue on neighbourhoods", "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=1), "track": "Track A", "room": "Hall 1"})
    workshop = services.session_create(actor=editor, event=event, data={
        "kind": "workshop", "title_ar": "ورشة قياس الأثر", "title_en": "Measuring impact", "capacity": 2,
        "starts_at": start + datetime.timedelta(hours=2), "ends_at": start + datetime.timedelta(hours=3)})
    return event, speaker, dialogue, workshop


def _agenda_url(event, english=True) -> str:
    return ("/en" if english else "") + _path("events:agenda", event.pk)


def test_agenda_shows_every_change_of_its_sessions_and_speakers(client, agenda, organiser):
    event, speaker, dialogue, _workshop = agenda
    editor = organiser[1]
    page = _page(client, _agenda_url(event))
    assert "Dialogue on neighbourhoods" in page and "Raad Al-Khulaiwi" in page and "Hall 1" in page
    for data, shown in [({"title_en": "Dialogue on public spaces"}, "Dialogue on public spaces"),
                        ({"room": "Hall 7"}, "Hall 7"), ({"track": "Track B"}, "Track B"),
                        ({"kind": "paper"}, "Working paper")]:
        dialogue = services.session_update(actor=editor, session=dialogue, data=data)
        assert shown in _page(client, _agenda_url(event)), data
    later = dialogue.starts_at + datetime.timedelta(minutes=45)
    services.session_update(actor=editor, session=dialogue, data={"starts_at": later,
                                                                 "ends_at": later + datetime.timedelta(hours=1)})
    assert timezone.localtime(later).strftime("%H:%M") in _page(client, _agenda_url(event))
    services.speaker_update(actor=editor, speaker=speaker, data={"name_en": "Dr Raad Al-Khulaiwi"})
    assert "Dr Raad Al-Khulaiwi" in _page(client, _agenda_url(event))
    moderator = services.speaker_create(actor=editor, event=event, data={"name_ar": "سمير", "name_en": "Samir Al-Mughamsi"})
    services.session_update(actor=editor, session=dialogue, data={}, speakers=[speaker], moderators=[moderator])
    assert "Moderator" in (page := _page(client, _agenda_url(event))) and "Samir Al-Mughamsi" in page
    services.session_create(actor=editor, event=event, data={
        "title_ar": "حفل الختام", "title_en": "Closing ceremony", "kind": "award_ceremony",
        "starts_at": event.starts_at + datetime.timedelta(hours=5), "ends_at": event.starts_at + datetime.timedelta(hours=6)})
    assert "Closing ceremony" in _page(client, _agenda_url(event))
    services.session_delete(actor=editor, session=Session.objects.get(title_en="Measuring impact"))
    assert "Measuring impact" not in _page(client, _agenda_url(event))
    # A speaker removed in the admin takes their appearances along.
    Speaker.objects.get(pk=moderator.pk).delete()
    assert "Samir Al-Mughamsi" not in _page(client, _agenda_url(event))


def test_agenda_seats_change_with_each_booking_and_buttons_follow_who_asks(client_for, agenda, make_user):
    event, _speaker, _dialogue, workshop = agenda
    anonymous = client_for(None)
    page = _page(anonymous, _agenda_url(event))
    assert "2 seats left" in page and "Book a seat" not in page
    people = [services.registration_create(actor=make_user(), event=event, category="public") for _ in range(2)]
    booker = client_for(people[0].user)
    assert 'data-testid="book-session"' in _page(booker, _agenda_url(event))
    services.session_seat_take(actor=people[0].user, registration=people[0], session=workshop)
    assert "1 seat left" in _page(anonymous, _agenda_url(event))
    mine = _page(booker, _agenda_url(event))
    assert "You have a seat" in mine and "Release my seat" in mine and "1 seat left" in mine
    other = _page(client_for(people[1].user), _agenda_url(event))
    assert "You have a seat" not in other and 'data-testid="book-session"' in other
    services.session_seat_take(actor=people[1].user, registration=people[1], session=workshop)
    assert "0 seats left" in _page(anonymous, _agenda_url(event))
    services.session_update(actor=event.created_by, session=workshop, data={"capacity": 5})
    assert "3 seats left" in _page(anonymous, _agenda_url(event))


def test_agenda_in_each_language(client, agenda):
    event = agenda[0]
    arabic, english = _page(client, _agenda_url(event, english=False)), _page(client, _agenda_url(event))
    assert "جلسة حوارية" in arabic and "Dialogue on neighbourhoods" not in arabic
    assert "Dialogue on neighbourhoods" in english and "Speaker" in english and "Speaker" not in arabic


def test_agenda_of_an_unpublished_event_is_not_served_from_the_cache(client_for, agenda, organiser):
    event = agenda[0]
    services.event_update(actor=organiser[1], event=event, data={"is_published": False})
    assert "Dialogue on neighbourhoods" in _page(client_for(organiser[1]), _agenda_url(event))
    assert client_for(None).get(_agenda_url(event)).status_code == 404


def test_agenda_reads_one_query_warm_and_one_more_for_seats(client, agenda, make_event, organiser):
    event = agenda[0]
    client.get(_agenda_url(event))
    assert _queries(client, _agenda_url(event)) == 2  # the event with its versions; the seats of the workshop
    plain = make_event(title_ar="ملتقى بلا ورش")
    for hour in range(5):
        start = plain.starts_at + datetime.timedelta(hours=hour)
        services.session_create(actor=organiser[1], event=plain, data={
            "title_ar": f"جلسة {hour}", "starts_at": start, "ends_at": start + datetime.timedelta(minutes=50)})
    client.get(_agenda_url(plain))
    assert _queries(client, _agenda_url(plain)) == 1


# ---------------------------------------------------------------- recommendations tracker


TRACKER_EN = "/en/events/recommendations/"


@pytest.fixture
def municipality(make_org, region):
    return make_org("أمانة منطقة المدينة المنورة", sector=Sector.GOVERNMENT, region=region, name_en="Madinah Municipality")


@pytest.fixture
def recommendation(make_event, organiser, municipality):
    forum = make_event(days_ahead=-3)
    return recs.recommendation_create(actor=organiser[1], event=forum, data={
        "text_ar": "إشراك السكان في تصميم الأحياء", "text_en": "Involve residents in designing neighbourhoods",
        "organization": municipality, "due_date": timezone.localdate(), "axis": Axis.objects.first()})


def _count_badge(page: str, status: str) -> str:
    start = page.index(f'data-status="{status}"')
    return page[page.index('badge text-bg-light">', start) + 21:page.index("</span>", start)]


def test_tracker_shows_every_change_of_its_rows_and_counts(client, recommendation, organiser, municipality,
                                                          make_member):
    follower = make_member(municipality, Role.EDITOR)
    page = _page(client, TRACKER_EN)
    assert "Involve residents" in page and (_count_badge(page, "proposed"), _count_badge(page, "adopted")) == ("1", "0")
    recs.recommendation_post_update(actor=follower, recommendation=recommendation, text="Adopted", status="adopted")
    page = _page(client, TRACKER_EN)
    assert (_count_badge(page, "proposed"), _count_badge(page, "adopted")) == ("0", "1") and "1 update" in page
    recs.recommendation_post_update(actor=follower, recommendation=recommendation, text="Meeting held")
    assert "2 updates" in _page(client, TRACKER_EN)
    recs.recommendation_edit(actor=organiser[1], recommendation=recommendation,
                             data={"text_en": "Involve residents and schools"})
    assert "Involve residents and schools" in _page(client, TRACKER_EN)
    event = recommendation.event
    services.event_update(actor=organiser[1], event=event, data={"title_en": "Forum of neighbourhoods"})
    assert "Forum of neighbourhoods" in _page(client, TRACKER_EN)
    admin = make_member(municipality, Role.ADMIN)
    org_services.organization_update(actor=admin, organization=municipality, data={"name_en": "Madinah City Council"})
    assert "Madinah City Council" in _page(client, TRACKER_EN)
    services.event_update(actor=organiser[1], event=event, data={"is_published": False})
    page = _page(client, TRACKER_EN)
    assert "Involve residents" not in page and _count_badge(page, "adopted") == "0"


def test_tracker_overdue_follows_the_date(client, recommendation, monkeypatch):
    page = _page(client, TRACKER_EN, overdue="on")
    assert "Involve residents" not in page  # due today: not overdue yet
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    page = _page(client, TRACKER_EN, overdue="on")
    assert "Involve residents" in page and 'data-testid="overdue"' in page


def test_tracker_rows_in_each_language_and_their_organisation_link_keeps_the_filters(client, recommendation):
    arabic = _page(client, _path("events:recommendations"), status="proposed")
    english = _page(client, TRACKER_EN, status="proposed")
    assert "إشراك السكان" in arabic and "Involve residents" not in arabic and "Involve residents" in english
    link = f'href="?status=proposed&amp;organization={recommendation.organization_id}"'
    assert link in english
    assert f'href="?organization={recommendation.organization_id}"' in _page(client, TRACKER_EN)


def test_tracker_reads_one_query_warm_whatever_it_shows(client, recommendation, organiser, municipality):
    client.get(TRACKER_EN)
    assert _queries(client, TRACKER_EN) == 1
    for number in range(8):
        recs.recommendation_create(actor=organiser[1], event=recommendation.event, data={
            "text_ar": f"توصية {number}", "organization": municipality})
    client.get(TRACKER_EN)
    assert _queries(client, TRACKER_EN) == 1
    assert Recommendation.objects.count() == 9
