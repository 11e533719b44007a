"""Attendance certificates (part 5): who gets one, the PDF read back (text and QR), verification, the organiser's tab."""

import datetime
import io
import subprocess
from functools import partial

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from musharaka.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from musharaka.events import certificates, checkin, services
from musharaka.events.models import CERTIFICATE_ALPHABET, AttendanceCertificate, Event

pytestmark = pytest.mark.django_db
NAME = "محمد بن عبدالله القحطاني"
WORKSHOP_TITLE = "ورشة إعداد الخطة المحلية للتنمية بالمدينة المنورة"


@pytest.fixture
def workshop(make_event):
    """A one-day workshop (09:00–15:00), as the city's local development plan workshop of the samples."""
    event = make_event(kind="workshop", title_ar=WORKSHOP_TITLE, title_en="Local Development Plan Workshop")
    Event.objects.filter(pk=event.pk).update(ends_at=event.starts_at + datetime.timedelta(hours=6))
    event.refresh_from_db()
    return event


def _attendee(event, make_user, organiser, *, name=NAME, check=True, session=None):
    first, _space, last = name.partition(" ")
    person = make_user(first_name=first, last_name=last)
    registration = services.registration_create(actor=person, event=event, category="public")
    if check:
        checkin.check_in(actor=organiser[1], event=event, code=registration.ticket.code, session=session)
    return person, registration


def _pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


# ---------------------------------------------------------------- codes


def test_code_is_random_grouped_base32_of_80_bits_and_typing_variants_normalise():
    codes = {AttendanceCertificate._meta.get_field("code").default() for _index in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 16 and set(code) <= set(CERTIFICATE_ALPHABET) for code in codes)
    code = "7K3M9QXR2VHD4TWA"
    printed = certificates.format_code(code)
    assert printed == "7K3M-9QXR-2VHD-4TWA"
    for typed in (printed, code.lower(), " 7k3m 9qxr 2vhd 4twa ", "7K3M-9QXR-2VHD-4TWA/",
                  f"https://example.org/events/certificates/verify/{printed}/"):
        assert certificates.normalize_code(typed) == code
    assert certificates.normalize_code("O0IL-0000-0000-0000") == "0011000000000000"  # look-alike letters
    for junk in ("", "ABC", "7K3M-9QXR-2VHD-4TWAX", "U" * 16, "٧" * 16, "x" * 10_000, None, 12, "\x00" * 16):
        assert certificates.normalize_code(junk) is None


# ---------------------------------------------------------------- who gets one


def test_workshop_attendee_checked_in_gets_one_certificate_with_the_printed_facts(workshop, make_user, organiser):
    person, registration = _attendee(workshop, make_user, organiser)
    certificate = certificates.certificate_issue(actor=person, registration=registration)
    again = certificates.certificate_issue(actor=person, registration=registration)
    assert again.pk == certificate.pk and AttendanceCertificate.objects.count() == 1
    assert certificate.name == registration.name == NAME
    assert certificate.event_title_ar == WORKSHOP_TITLE and certificate.session_title_ar == ""
    assert certificate.organization_name_ar == organiser[0].name_ar
    assert certificate.starts_on == certificate.ends_on == timezone.localtime(workshop.starts_at).date()
    assert certificate.hours == 6 and certificate.days == 1


def test_no_certificate_without_check_in_nor_for_someone_else(workshop, make_user, organiser):
    person, registration = _attendee(workshop, make_user, organiser, check=False)
    with pytest.raises(InvalidInput):
        certificates.certificate_issue(actor=person, registration=registration)
    _other, checked = _attendee(workshop, make_user, organiser)
    with pytest.raises(NotFound):
        certificates.certificate_issue(actor=person, registration=checked)
    assert not AttendanceCertificate.objects.exists()


def test_forum_certifies_its_workshop_and_training_sessions_not_the_door_nor_dialogues(make_event, make_user,
                                                                                        organiser):
    forum = make_event()  # kind forum
    editor = organiser[1]
    starts = forum.starts_at

    def session(kind, title, hours_from, hours):
        return services.session_create(actor=editor, event=forum, data={
            "kind": kind, "title_ar": title, "starts_at": starts + datetime.timedelta(hours=hours_from),
            "ends_at": starts + datetime.timedelta(hours=hours_from + hours)})

    workshop = session("workshop", "ورشة قياس الأثر الاجتماعي", 2, 2.5)
    training = session("training", "دورة إدارة المتطوعين", 5, 3)
    dialogue = session("dialogue", "جلسة حوارية عن التطوع", 0, 1)
    person, registration = _attendee(forum, make_user, organiser)  # at the door
    for place in (workshop, dialogue):
        checkin.check_in(actor=editor, event=forum, code=registration.ticket.code, session=place)
    places = certificates.places_for([registration])[registration.pk]
    assert [place.session_id for place in places] == [workshop.pk]  # not the door, the dialogue or the training
    with pytest.raises(InvalidInput):
        certificates.certificate_issue(actor=person, registration=registration)
    for place in (dialogue, training):
        with pytest.raises(InvalidInput):
            certificates.certificate_issue(actor=person, registration=registration, session=place)
    certificate = certificates.certificate_issue(actor=person, registration=registration, session=workshop)
    assert certificate.session_title_ar == "ورشة قياس الأثر الاجتماعي" and certificate.hours == 2.5
    assert certificate.event_title_ar == forum.title_ar


def test_multi_day_training_counts_its_agenda_hours_once_across_parallel_tracks(make_event, organiser):
    course = make_event(kind="training")  # two days
    starts = course.starts_at
    for day in range(2):
        for track in ("أ", "ب"):  # two parallel tracks: the same three hours
            services.session_create(actor=organiser[1], event=course, data={
                "kind": "training", "title_ar": f"اليوم {day + 1} المسار {track}", "track": track,
                "starts_at": starts + datetime.timedelta(days=day), "ends_at": starts + datetime.timedelta(days=day, hours=3)})
    assert certificates.event_duration(course) == (6, 2)


# ---------------------------------------------------------------- the PDF


def test_arabic_pdf_is_a4_landscape_with_name_and_title_in_logical_order_and_a_qr_that_decodes(
        workshop, make_user, organiser, client, tmp_path, zbarimg):
    person, registration = _attendee(workshop, make_user, organiser)
    client.force_login(person)
    response = client.get(reverse("events:certificate", args=[workshop.pk, registration.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    certificate = AttendanceCertificate.objects.get(registration=registration)
    printed = certificates.format_code(certificate.code)
    assert response["Content-Disposition"] == f'attachment; filename="certificate-{printed}.pdf"'
    assert "no-store" in response["Cache-Control"]
    pdf = b"".join(response.streaming_content)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape, in points
    text = _pdf_text(pdf)
    # Shaped Arabic extracts back to its letters in reading order (Pango shaped it, the PDF maps glyphs back).
    assert NAME in text and WORKSHOP_TITLE in text
    assert "شهادة حضور" in text and organiser[0].name_ar in text
    assert printed in text
    [hours] = [line for line in text.splitlines() if "عدد الساعات" in line]
    assert "6" in hours  # (extraction orders the digit and the colon visually; the letters stay logical)
    # The QR is the image the PDF embeds: decoded by a real decoder, it is the public verification URL.
    [image] = reader.pages[0].images
    png = tmp_path / "qr.png"
    image.image.save(png)
    decoded = subprocess.run([zbarimg, "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True)
    url = decoded.stdout.strip()
    assert url == f"http://testserver/events/certificates/verify/{printed}/"
    client.logout()
    page = client.get(url.removeprefix("http://testserver"))
    assert page.status_code == 200 and NAME in page.text and 'data-testid="certificate-valid"' in page.text


def test_english_pdf_for_an_english_speaker(workshop, make_user, organiser):
    person, registration = _attendee(workshop, make_user, organiser)
    certificate = certificates.certificate_issue(actor=person, registration=registration)
    html = certificates.certificate_html(certificate, language="en")
    assert '<html lang="en" dir="ltr">' in html
    text = _pdf_text(certificates.certificate_pdf(certificate, language="en"))
    assert "Certificate of attendance" in text and "Local Development Plan Workshop" in text and NAME in text
    assert 'dir="rtl"' in certificates.certificate_html(certificate, language="ar")


def test_download_is_a_404_to_others_open_to_the_organiser_and_410_once_revoked(workshop, make_user, organiser,
                                                                                  client):
    person, registration = _attendee(workshop, make_user, organiser)
    url = reverse("events:certificate", args=[workshop.pk, registration.pk])
    client.force_login(make_user())
    assert client.get(url).status_code == 404
    assert not AttendanceCertificate.objects.exists()
    client.force_login(organiser[1])
    assert client.get(url).status_code == 200
    certificate = AttendanceCertificate.objects.get()
    assert certificate.issued_by == organiser[1]
    certificates.certificate_revoke(actor=organiser[1], certificate=certificate, reason="سجل الحضور بالخطأ")
    client.force_login(person)
    assert client.get(url).status_code == 410
    _, unchecked = _attendee(workshop, make_user, organiser, check=False)
    client.force_login(unchecked.user)
    assert client.get(reverse("events:certificate", args=[workshop.pk, unchecked.pk])).status_code == 404


def test_my_registrations_and_ticket_show_the_download_link_once_checked_in(workshop, make_user, organiser, client):
    person, registration = _attendee(workshop, make_user, organiser, check=False)
    client.force_login(person)
    link = reverse("events:certificate", args=[workshop.pk, registration.pk])
    ticket = reverse("events:ticket", args=[workshop.pk, registration.pk])
    assert link not in client.get(reverse("events:my_registrations")).text
    assert link not in client.get(ticket).text
    checkin.check_in(actor=organiser[1], event=workshop, code=registration.ticket.code)
    page = client.get(reverse("events:my_registrations"))
    assert link in page.text and "تنزيل الشهادة" in page.text
    assert link in client.get(ticket).text
    client.logout()  # the e-mailed ticket link offers the link's own download URL, not the signed-in one
    token = checkin.ticket_token(registration)
    by_link = client.get(reverse("events:ticket_by_link", args=[token])).text
    assert link not in by_link and reverse("events:certificate_by_link", args=[token]) in by_link


def test_visitor_without_an_account_downloads_from_the_ticket_link_and_a_forged_link_is_404(workshop, organiser,
                                                                                          client):
    visitor = services.registration_create(actor=None, event=workshop, category="public", name="ريم الجهني",
                                           email="reem@example.org", phone="0551234567")
    registration = services.registration_confirm_email(token=services.confirmation_token(visitor))
    token = checkin.ticket_token(registration)
    url = reverse("events:certificate_by_link", args=[token])
    assert client.get(url).status_code == 404  # not checked in yet: no certificate
    checkin.check_in(actor=organiser[1], event=workshop, code=registration.ticket.code)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "ريم الجهني" in _pdf_text(b"".join(response.streaming_content))
    certificate = AttendanceCertificate.objects.get(registration=registration)
    assert certificate.issued_by is None
    assert client.get(reverse("events:certificate_by_link", args=[token[:-2] + "xx"])).status_code == 404


# ---------------------------------------------------------------- verification


def test_verification_shows_what_was_printed_even_after_the_event_changes(workshop, make_user, organiser, client):
    person, registration = _attendee(workshop, make_user, organiser)
    certificate = certificates.certificate_issue(actor=person, registration=registration)
    services.event_update(actor=organiser[1], event=workshop, data={"title_ar": "عنوان جديد بعد الإصدار"})
    page = client.get(reverse("events:certificate_verify_code", args=[certificates.format_code(certificate.code)]))
    assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex"
    assert WORKSHOP_TITLE in page.text and "عنوان جديد" not in page.text and NAME in page.text
    assert registration.email not in page.text  # only what the certificate prints
    typed = client.get(reverse("events:certificate_verify"), {"code": certificate.code.lower()})
    assert typed.status_code == 200 and 'data-testid="certificate-valid"' in typed.text
    api = client.get(f"/api/v1/events/certificates/{certificate.code.lower()}")
    assert api.status_code == 200
    body = api.json()
    assert body["valid"] is True and body["name"] == NAME and body["event_title_ar"] == WORKSHOP_TITLE
    assert body["code"] == certificates.format_code(certificate.code) and body["hours"] == 6 and body["days"] == 1
    assert set(body) == {"code", "valid", "name", "event_title", "event_title_ar", "event_title_en", "session_title",
                         "organization_name", "starts_on", "ends_on", "hours", "days", "issued_on", "revoked_on"}


def test_revoked_certificate_says_so_on_the_page_and_in_the_api(workshop, make_user, organiser, client):
    person, registration = _attendee(workshop, make_user, organiser)
    certificate = certificates.certificate_issue(actor=person, registration=registration)
    with pytest.raises(NotPermitted):
        certificates.certificate_revoke(actor=person, certificate=certificate, reason="لا")
    with pytest.raises(InvalidInput):
        certificates.certificate_revoke(actor=organiser[1], certificate=certificate, reason="   ")
    certificates.certificate_revoke(actor=organiser[1], certificate=certificate, reason="سجل الحضور بالخطأ")
    with pytest.raises(Conflict):
        certificates.certificate_revoke(actor=organiser[1], certificate=certificate, reason="مرة أخرى")
    page = client.get(reverse("events:certificate_verify_code", args=[certificate.code]))
    assert 'data-testid="certificate-revoked"' in page.text and 'data-testid="certificate-valid"' not in page.text
    assert "سجل الحضور بالخطأ" not in page.text  # the reason is the organiser's, not printed
    body = client.get(f"/api/v1/events/certificates/{certificate.code}").json()
    assert body["valid"] is False and body["revoked_on"] == timezone.localdate().isoformat()


@pytest.mark.parametrize("code", ["0000-0000-0000-0000", "abc", "%00", "' OR 1=1 --", "ا" * 16, "x" * 64,
                                  "<script>", "UUUU-UUUU-UUUU-UUUU"])
def test_unknown_or_malformed_codes_are_404_never_500(client, code):
    page = client.get(reverse("events:certificate_verify"), {"code": code})
    assert page.status_code == 404 and 'data-testid="certificate-unknown"' in page.text
    assert client.get(f"/events/certificates/verify/{code}/").status_code == 404
    assert client.get(f"/api/v1/events/certificates/{code}").status_code == 404
    assert client.get(reverse("events:certificate_verify"), {"code": "y" * 5000}).status_code == 404
    assert client.get(reverse("events:certificate_verify")).status_code == 200  # the empty form


def test_verification_page_is_rate_limited_per_address(client, settings):
    settings.CERTIFICATE_VERIFY_RATE_PER_IP = "3/m"
    url = reverse("events:certificate_verify")
    answers = [client.get(url, {"code": f"AAAA-AAAA-AAAA-AAA{digit}"}, REMOTE_ADDR="10.9.0.1").status_code
               for digit in range(5)]
    assert answers == [404, 404, 404, 429, 429]
    limited = client.get(url, {"code": "AAAA-AAAA-AAAA-AAAA"}, REMOTE_ADDR="10.9.0.1")
    assert int(limited["Retry-After"]) >= 1
    assert client.get(url, {"code": "AAAA-AAAA-AAAA-AAAA"}, REMOTE_ADDR="10.9.0.2").status_code == 404
    assert client.get(url, REMOTE_ADDR="10.9.0.1").status_code == 200  # the bare form counts nothing


# ---------------------------------------------------------------- the organiser


def test_issue_all_is_idempotent_and_keeps_a_downloaded_certificate(workshop, make_user, organiser, client):
    attendees = [_attendee(workshop, make_user, organiser, name=f"مشارك {index} الحربي") for index in range(5)]
    _attendee(workshop, make_user, organiser, check=False)
    downloaded = certificates.certificate_issue(actor=attendees[0][0], registration=attendees[0][1])
    with pytest.raises(NotPermitted):
        certificates.certificates_issue_all(actor=attendees[0][0], event=workshop)
    client.force_login(organiser[1])
    response = client.post(reverse("events:certificates_issue_all", args=[workshop.pk]))
    assert response.status_code == 302
    assert AttendanceCertificate.objects.filter(event=workshop).count() == 5
    assert AttendanceCertificate.objects.get(registration=attendees[0][1]).code == downloaded.code
    assert certificates.certificates_issue_all(actor=organiser[1], event=workshop) == 0
    names = set(AttendanceCertificate.objects.values_list("name", flat=True))
    assert names == {registration.name for _person, registration in attendees}


def test_manage_page_lists_revokes_and_keeps_its_query_count(workshop, make_user, organiser, client):
    client.force_login(organiser[1])
    url = reverse("events:manage_certificates", args=[workshop.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _attendee(workshop, make_user, organiser)
    certificates.certificates_issue_all(actor=organiser[1], event=workshop)
    few = queries()
    for index in range(12):
        _attendee(workshop, make_user, organiser, name=f"متدرب {index} العتيبي")
    certificates.certificates_issue_all(actor=organiser[1], event=workshop)
    assert queries() == few
    page = client.get(url)
    assert page.text.count('data-testid="certificate-row"') == 13
    certificate = AttendanceCertificate.objects.order_by("pk").first()
    revoke = reverse("events:certificate_revoke", args=[workshop.pk, certificate.pk])
    client.post(revoke, {"reason": ""})
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    client.post(revoke, {"reason": "سجل الحضور بالخطأ"})
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == organiser[1]
    client.force_login(make_user())
    assert client.get(url).status_code == 403
    assert client.post(revoke, {"reason": "x"}).status_code == 403


def test_certificate_strings_are_arabic_by_default(workshop, make_user, organiser):
    person, registration = _attendee(workshop, make_user, organiser)
    certificate = certificates.certificate_issue(actor=person, registration=registration)
    with translation.override("ar"):
        html = certificates.certificate_html(certificate, language="ar")
    assert "تُمنح هذه الشهادة إلى" in html and "رمز التحقق" in html and "هـ" in html  # Hijri date too


# ---------------------------------------------------------------- concurrency (PostgreSQL)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_downloads_and_bulk_issue_make_one_certificate(workshop, make_user, organiser):
    from musharaka.reliability.test_concurrency import POSTGRES, race

    if not POSTGRES:
        pytest.skip("SQLite serialises writes: the race runs in the PostgreSQL part")
    for _round in range(3):
        person, registration = _attendee(workshop, make_user, organiser)
        results = race(*[partial(certificates.certificate_issue, actor=person, registration=registration)
                         for _download in range(6)],
                       partial(certificates.certificates_issue_all, actor=organiser[1], event=workshop))
        codes = {result.code for result in results if isinstance(result, AttendanceCertificate)}
        assert len(codes) == 1
        assert AttendanceCertificate.objects.filter(registration=registration).count() == 1


def test_the_pdf_fetches_nothing_but_its_embedded_image(workshop, make_user, organiser, monkeypatch, caplog):
    """Defence in depth: even a template that named a file or an address would not have it read."""
    _person, registration = _attendee(workshop, make_user, organiser)
    certificate = certificates.certificate_issue(actor=organiser[1], registration=registration)
    monkeypatch.setattr(certificates, "certificate_html", lambda *args, **kwargs: (
        '<p>شهادة</p><img src="file:///etc/hostname"><img src="http://127.0.0.1:9/x.png">'))
    with caplog.at_level("WARNING", logger="weasyprint"):
        assert certificates.certificate_pdf(certificate).startswith(b"%PDF")
    refused = [record.getMessage() for record in caplog.records if "disallowed protocol" in record.getMessage()]
    assert len(refused) == 2
