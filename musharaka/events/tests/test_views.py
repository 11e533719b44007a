import datetime
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from musharaka.events import services
from musharaka.events.models import Event, Registration, RegistrationStatus, Speaker
from musharaka.orgs.models import Role
from musharaka.taxonomy.models import Axis

pytestmark = pytest.mark.django_db


def png(name="cover.png", size=(16, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 90)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


@pytest.fixture
def agenda_event(make_event, organiser):
    editor = organiser[1]
    event = make_event(capacity=100)
    speaker = services.speaker_create(actor=editor, event=event, data={
        "name_ar": "رعد أحمد الخليوي", "name_en": "Raad Al-Khulaiwi",
        "title_ar": "مدير عام مصادر التوفير", "organization_name": "وزارة الشؤون البلدية والقروية والإسكان"})
    moderator = services.speaker_create(actor=editor, event=event, data={"name_ar": "سمير المغامسي"})
    for day in (0, 1):
        for track, (kind, title) in enumerate([("dialogue", "الشراكة المجتمعية مع مراكز الأحياء"),
                                               ("workshop", "قياس الأثر الاجتماعي")]):
            start = event.starts_at + datetime.timedelta(days=day, hours=track)
            services.session_create(actor=editor, event=event, speakers=[speaker], moderators=[moderator], data={
                "kind": kind, "title_ar": f"{title} {day}", "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=1), "track": f"المسار {track + 1}", "capacity": 30})
    return event


def test_event_page_shows_patron_guests_themes_and_seats(client, agenda_event):
    page = client.get(reverse("events:detail", args=[agenda_event.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "صاحب السمو الملكي الأمير سلمان بن سلطان" in text
    assert "المهندس عبد الله بن محمد البدير" in text
    assert "الابتكار التنموي" in text
    assert "القطاع الخاص" in text
    assert "100 مقعد متبقٍ" in text or "100" in text
    assert 'dir="rtl"' in text


def test_event_page_in_english(client, agenda_event):
    page = client.get("/en" + reverse("events:detail", args=[agenda_event.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Fifth Forum of Development Initiatives and Experiences" in text
    assert "Development innovation" in text
    assert 'dir="ltr"' in text
    assert "AH" in text  # the Hijri date beside the Gregorian one


def test_agenda_shows_days_and_parallel_tracks(client, agenda_event):
    page = client.get(reverse("events:agenda", args=[agenda_event.pk]))
    days = page.context["days"]
    assert [len(day["tracks"]) for day in days] == [2, 2]
    assert [track["name"] for track in days[0]["tracks"]] == ["المسار 1", "المسار 2"]
    assert "رعد أحمد الخليوي" in page.content.decode()


def test_speaker_page_lists_the_sessions(client, agenda_event):
    speaker = Speaker.objects.get(event=agenda_event, name_ar="رعد أحمد الخليوي")
    page = client.get(reverse("events:speaker", args=[agenda_event.pk, speaker.pk]))
    assert page.status_code == 200
    assert len(page.context["appearances"]) == 4


def test_event_list_filters(client, make_event, region, other_region):
    forum = make_event()
    workshop = make_event(kind="workshop", title_ar="ورشة عمل إعداد خطة التنمية المحلية لمدينة الخبر", edition=None)
    past = make_event(days_ahead=-30, title_ar="ملتقى سابق للمشاركة المجتمعية")
    url = reverse("events:list")
    ids = lambda **query: {row["id"] for row in client.get(url, query).context["rows"]}  # noqa: E731
    assert ids() == {forum.pk, workshop.pk, past.pk}
    assert ids(kind="workshop") == {workshop.pk}
    assert ids(when="upcoming") == {forum.pk, workshop.pk}
    assert ids(when="past") == {past.pk}
    assert ids(region=other_region.pk) == set()
    assert ids(axis=Axis.objects.first().code) == {forum.pk, workshop.pk, past.pk}
    assert ids(q="خطه التنميه") == {workshop.pk}  # Arabic normalised: ة/ه
    assert ids(kind="nonsense", region="x") == {forum.pk, workshop.pk, past.pk}  # bad filters dropped


def test_unpublished_event_is_hidden_from_outsiders(client_for, make_event, make_user, organiser):
    draft = make_event(published=False)
    url = reverse("events:detail", args=[draft.pk])
    assert client_for(None).get(url).status_code == 404
    assert client_for(make_user()).get(url).status_code == 404
    assert client_for(organiser[1]).get(url).status_code == 200
    assert draft.pk not in {row["id"] for row in client_for(None).get(reverse("events:list")).context["rows"]}


def test_cover_is_private_until_published(client_for, make_event, organiser, django_assert_num_queries):
    event = make_event(published=False, cover_image=png("cover.gif"))  # PNG bytes under another name
    url = event.cover_url
    assert url == reverse("events:cover", args=[event.pk, os.path.basename(event.cover_image.name)])
    assert client_for(None).get(url).status_code == 404
    draft_answer = client_for(organiser[1]).get(url)
    assert (draft_answer.status_code, draft_answer["Cache-Control"]) == (200, "private, no-store")
    services.event_update(actor=organiser[1], event=event, data={"is_published": True})
    with django_assert_num_queries(1):  # a published cover: the event's row, no roles read
        answer = client_for(None).get(url)
    assert (answer.status_code, answer["Content-Type"], answer["X-Content-Type-Options"]) == (200, "image/png", "nosniff")
    assert answer["Cache-Control"] == "public, max-age=86400"
    # A new cover is a new address; the old one answers 404 (a cache may keep a published cover for a day).
    event = services.event_update(actor=organiser[1], event=event, data={"cover_image": png("new.png")})
    assert (event.cover_url != url, client_for(None).get(url).status_code) == (True, 404)
    assert client_for(None).get(reverse("events:cover", args=[event.pk, "new.png"])).status_code == 200


def test_speaker_photo_follows_the_event(client_for, make_event, make_user, organiser, django_assert_num_queries):
    event = make_event(published=False)
    speaker = services.speaker_create(actor=organiser[1], event=event, data={"name_ar": "سمير", "photo": png()})
    other = make_event(title_ar="ملتقى منشور")
    elsewhere = reverse("events:speaker_photo", args=[other.pk, speaker.pk, os.path.basename(speaker.photo.name)])
    assert [client_for(who).get(speaker.photo_url).status_code for who in (None, make_user(), organiser[1])] == [
        404, 404, 200]
    assert client_for(organiser[1]).get(elsewhere).status_code == 404
    services.event_update(actor=organiser[1], event=event, data={"is_published": True})
    with django_assert_num_queries(1):
        assert client_for(None).get(speaker.photo_url)["Cache-Control"] == "public, max-age=86400"


@pytest.mark.parametrize("upload", [
    SimpleUploadedFile("cover.png", b"<svg onload=alert(1)></svg>", "image/png"),
    SimpleUploadedFile("cover.png", b"%PDF-1.4 not an image", "image/png"),
    SimpleUploadedFile("cover.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "image/png"),
])
def test_hostile_cover_and_photo_are_refused(make_event, organiser, upload):
    from musharaka.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        make_event(cover_image=upload)
    event = make_event(title_ar="ملتقى آخر")
    upload.seek(0)
    with pytest.raises(InvalidInput):
        services.speaker_create(actor=organiser[1], event=event, data={"name_ar": "متحدث", "photo": upload})


def test_cover_loses_its_camera_metadata(make_event):
    buffer = io.BytesIO()
    image = Image.new("RGB", (16, 8))
    exif = image.getexif()
    exif[0x010F] = "PhoneMaker"
    image.save(buffer, "JPEG", exif=exif)
    event = make_event(cover_image=SimpleUploadedFile("c.jpg", buffer.getvalue(), "image/jpeg"))
    with event.cover_image.open("rb") as handle, Image.open(handle) as stored:
        assert len(stored.getexif()) == 0


def test_register_page_signed_in_and_cancel(client_for, make_event, make_user):
    event = make_event(capacity=1)
    person = make_user(first_name="نورة", last_name="القحطاني")
    client = client_for(person)
    answer = client.post(reverse("events:register", args=[event.pk]), {"category": "nonprofit", "phone": "0551234567"})
    assert answer.status_code == 302
    registration = Registration.objects.get(event=event, user=person)
    assert (registration.status, registration.name) == (RegistrationStatus.CONFIRMED, "نورة القحطاني")
    mine = client.get(reverse("events:my_registrations"))
    assert "الملتقى الخامس" in mine.content.decode()
    client.post(reverse("events:cancel", args=[event.pk, registration.pk]))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_register_page_and_api_refuse_the_same_phone_and_the_unpublished_event(client_for, make_event, make_user,
                                                                             organiser):
    event, person = make_event(), make_user()
    page = client_for(person).post(reverse("events:register", args=[event.pk]), {"category": "public", "phone": "x1"})
    api = client_for(person).post(f"/api/v1/events/{event.pk}/registrations", {"category": "public", "phone": "x1"},
                                  content_type="application/json")
    assert (page.status_code, api.status_code) == (200, 422)
    assert page.context["form"].errors["phone"] == ["أدخل رقم هاتف صحيحًا."]
    draft = make_event(published=False)
    insider = client_for(organiser[1])
    assert insider.post(reverse("events:register", args=[draft.pk]), {"category": "public"}).status_code == 403
    assert not Registration.objects.exists()


def test_visitor_registers_and_confirms_by_link(client, make_event, mailoutbox, django_capture_on_commit_callbacks):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("events:register", args=[event.pk]), {
            "category": "public", "name": "فهد العتيبي", "email": "fahad@example.org", "phone": "+966 55 000 1111"})
    assert answer.status_code == 302
    [message] = mailoutbox
    link = next(line for line in message.body.splitlines() if "/confirm/" in line)
    page = client.get(link.replace("http://testserver", ""))
    assert page.status_code == 200
    assert Registration.objects.get(email="fahad@example.org").status == RegistrationStatus.CONFIRMED
    assert client.get(reverse("events:confirm", args=["forged"])).status_code == 400


def test_organiser_creates_an_event_through_the_page(client_for, organiser, region):
    org, editor = organiser
    client = client_for(editor)
    data = {
        "organization": org.pk, "title_ar": "ورشة عمل خطة التنمية المحلية", "kind": "workshop", "region": region.pk,
        "starts_at": "2027-03-10T09:00", "ends_at": "2027-03-11T15:00", "series_name": "ملتقى التنمية",
        "edition": "5", "patron_name": "أمير المنطقة", "guests": "معالي الوزير | وزير البلديات",
        "audience_authority": "on", "quota_authority": "20", "audience_public": "on",
        "axes": [axis.pk for axis in Axis.objects.all()[:2]], "capacity": "120", "is_published": "on",
        "registration_open": "on", "co_organizers": org.name_ar,
    }
    answer = client.post(reverse("events:create"), data)
    assert answer.status_code == 302 if answer.context else answer
    event = Event.objects.get(title_ar="ورشة عمل خطة التنمية المحلية")
    assert (event.edition, event.series.name_ar, event.capacity) == (5, "ملتقى التنمية", 120)
    assert event.audiences.get(category="authority").quota == 20
    assert event.co_organizers.count() == 0  # the organiser is not its own co-organiser
    session = client.post(reverse("events:manage_sessions", args=[event.pk]), {
        "kind": "opening", "title_ar": "الافتتاح", "starts_at": "2027-03-10T09:00", "ends_at": "2027-03-10T10:00"})
    assert session.status_code == 302
    assert event.sessions.count() == 1
    csv_answer = client.get(reverse("events:registrations_csv", args=[event.pk]))
    assert csv_answer.status_code == 200


def test_event_form_names_unknown_co_organisers(client_for, organiser, region):
    client = client_for(organiser[1])
    answer = client.post(reverse("events:create"), {
        "organization": organiser[0].pk, "title_ar": "لقاء تنسيقي", "kind": "meeting", "region": region.pk,
        "starts_at": "2027-03-10T09:00", "ends_at": "2027-03-10T12:00", "audience_public": "on",
        "co_organizers": "جمعية غير مسجلة"})
    assert answer.status_code == 200
    assert "جمعية غير مسجلة" in str(answer.context["form"].errors["co_organizers"])


def test_organiser_approves_and_exports(client_for, make_event, make_user, organiser):
    event = make_event(requires_approval=True)
    registration = services.registration_create(actor=make_user(first_name="=cmd|calc"), event=event, category="public")
    client = client_for(organiser[1])
    client.post(reverse("events:decide", args=[event.pk, registration.pk, "approve"]))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    body = client.get(reverse("events:registrations_csv", args=[event.pk])).content.decode("utf-8-sig")
    assert "'=cmd|calc" in body  # a formula is written as text
    assert client.post(reverse("events:decide", args=[event.pk, registration.pk, "nonsense"])).status_code == 404


def test_another_organisation_cannot_manage(client_for, make_event, make_org, make_member):
    event = make_event()
    outsider = make_member(make_org(), Role.ADMIN)
    assert client_for(outsider).get(reverse("events:manage_registrations", args=[event.pk])).status_code == 403


# ---------------------------------------------------------------- query counts on the hot pages


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_queries_do_not_grow_with_rows(client, make_event):
    make_event(title_ar="ملتقى")
    url = reverse("events:list")
    client.get(url)  # the filters' regions, cities and axes, kept until one of them changes
    for number in range(3):
        make_event(title_ar=f"ملتقى {number}")
    few = _queries(client, url)  # after a write: the count, the rows and the new cards' axes again
    for number in range(10):
        make_event(title_ar=f"ملتقى إضافي {number}")
    assert _queries(client, url) == few <= 5
    assert _queries(client, url) == 1  # the versions: the count, the rows and the cards from the cache


def test_event_and_agenda_queries_are_bounded(client, agenda_event, organiser):
    detail, agenda = reverse("events:detail", args=[agenda_event.pk]), reverse("events:agenda", args=[agenda_event.pk])
    client.get(detail)
    before = (_queries(client, detail), _queries(client, agenda))
    extra = services.speaker_create(actor=organiser[1], event=agenda_event, data={"name_ar": "مبارك العنزي"})
    for hour in range(4):
        start = agenda_event.starts_at + datetime.timedelta(hours=hour)
        services.session_create(actor=organiser[1], event=agenda_event, speakers=[extra], data={
            "title_ar": f"ورقة عمل {hour}", "kind": "paper", "starts_at": start,
            "ends_at": start + datetime.timedelta(minutes=30), "track": "المسار 3"})
    assert (_queries(client, detail), _queries(client, agenda)) == before
    assert before[0] <= 10 and before[1] <= 6


def test_edit_pages_link_private_images_to_the_checking_views(client_for, make_event, organiser):
    """Regression: the file widget asked the private storage for a URL it has not (a 500)."""
    event = make_event(cover_image=png())
    speaker = services.speaker_create(actor=organiser[1], event=event, data={"name_ar": "سمير", "photo": png()})
    client = client_for(organiser[1])
    edit = client.get(reverse("events:edit", args=[event.pk]))
    assert f'href="{event.cover_url}"' in edit.content.decode()
    speaker_edit = client.get(reverse("events:speaker_edit", args=[event.pk, speaker.pk]))
    assert f'href="{speaker.photo_url}"' in speaker_edit.content.decode()
    assert client.get(event.cover_url).status_code == client.get(speaker.photo_url).status_code == 200


def test_list_cards_show_the_seats_left(client, make_event, make_user):
    event = make_event(capacity=3)
    services.registration_create(actor=make_user(), event=event, category="public")
    page = client.get("/en" + reverse("events:list"))
    assert "2 seats left" in page.content.decode()
    api = client.get("/api/v1/events").json()["results"]
    assert [(item["seats_left"], item["confirmed_count"]) for item in api] == [(2, 1)]


def test_a_registrant_books_and_releases_a_workshop_seat_on_the_agenda(client_for, agenda_event, make_user):
    workshop = agenda_event.sessions.filter(kind="workshop").first()
    person = make_user()
    client = client_for(person)
    agenda = reverse("events:agenda", args=[agenda_event.pk])
    assert 'data-testid="book-session"' not in client.get(agenda).content.decode()  # not registered yet
    services.registration_create(actor=person, event=agenda_event, category="public")
    assert 'data-testid="book-session"' in client.get(agenda).content.decode()
    client.post(reverse("events:book_session", args=[agenda_event.pk, workshop.pk]))
    workshop.refresh_from_db()
    assert workshop.confirmed_count == 1
    assert "لك مقعد" in client.get(agenda).content.decode()
    client.post(reverse("events:unbook_session", args=[agenda_event.pk, workshop.pk]))
    workshop.refresh_from_db()
    assert workshop.confirmed_count == 0
