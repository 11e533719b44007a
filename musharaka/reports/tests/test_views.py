import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from musharaka.reports.models import Report, ReportStatus

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "ar", **kwargs) -> str:
    with translation.override(language):
        return reverse(f"reports:{name}", kwargs=kwargs)


def png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 120, 60)).save(output, "PNG")
    return output.getvalue()


def form_data(world, **extra) -> dict:
    data = {"category": world.lighting.pk, "description": "عمود الإنارة في شارع الورود مطفأ منذ ثلاثة أيام",
            "region": world.region.pk, "city": world.city.pk, "neighbourhood": world.neighbourhood.pk,
            "latitude": "", "longitude": "", "address": "شارع الورود قرب المدرسة",
            "attr-lighting-pole-number": "R-1207", "contact_name": "", "contact_email": "", "contact_phone": ""}
    data.update(extra)
    return data


# ---------------------------------------------------------------- the public form


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_report_new_page_in_both_languages(client, reports_world, language, direction):
    answer = client.get(url("new", language))
    assert answer.status_code == 200
    text = answer.text
    assert f'dir="{direction}"' in text
    heading = "أبلغ عن مشكلة في حيّك" if language == "ar" else "Report a problem in your neighbourhood"
    assert heading in text
    assert f'data-attributes-for="{reports_world.lighting.pk}"' in text
    assert "leaflet" not in text  # no tile server configured: no map, nothing from outside


def test_report_new_map_only_with_a_tile_server(client, reports_world, settings):
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    text = client.get(url("new")).text
    assert "vendor/leaflet/leaflet.js" in text and 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in text


def test_report_new_posts_and_shows_the_private_link(client, reports_world):
    answer = client.post(url("new"), form_data(reports_world, photo=SimpleUploadedFile("p.png", png())))
    report = Report.objects.get()
    assert answer.status_code == 302 and answer["Location"] == url("track", token=report.token)
    assert report.attributes == {"pole-number": "R-1207"} and report.anonymous
    assert report.organization == reports_world.municipality and report.photo
    page = client.get(answer["Location"])
    assert page.status_code == 200 and report.token in page.text
    assert page["X-Robots-Tag"] == "noindex" and page["Referrer-Policy"] == "no-referrer"
    assert 'data-testid="report-photo"' in page.text


def test_report_new_signed_in_is_theirs(client_for, reports_world):
    client = client_for(reports_world.resident)
    client.post(url("new"), form_data(reports_world))
    assert Report.objects.get().reporter == reports_world.resident


def test_report_new_refusal_under_its_field(client, reports_world):
    answer = client.post(url("new"), form_data(reports_world, neighbourhood="", city="", region="",
                                               latitude="95", longitude="46"))
    assert answer.status_code == 200 and not Report.objects.exists()
    assert re.search(r'id="id_latitude_errors"', answer.text)


def test_report_new_required_question_error_under_it(client, reports_world):
    answer = client.post(url("new"), form_data(reports_world, category=reports_world.roads.pk))
    assert answer.status_code == 200 and not Report.objects.exists()
    assert 'id_attr-roads-hazard_errors' in answer.text


def test_report_new_place_lookup_lists_the_cities_of_a_region(client, reports_world):
    answer = client.get(url("new"), {"lookup": "cities", "region": reports_world.region.pk})
    assert answer.status_code == 200 and reports_world.city.name_ar in answer.text
    assert client.get(url("new"), {"lookup": "other"}).status_code == 404


def test_report_new_rate_limited_per_address(client, reports_world, settings):
    settings.REPORT_CREATE_RATE_PER_IP = "2/h"
    codes = [client.post(url("new"), form_data(reports_world), REMOTE_ADDR="10.9.0.1").status_code
             for _ in range(3)]
    assert codes == [302, 302, 429] and Report.objects.count() == 2


def test_nearby_fragment_suggests_open_reports_of_the_category(client, reports_world):
    report = reports_world.report()
    answer = client.get(url("nearby"), {"category": reports_world.lighting.pk,
                                        "neighbourhood": reports_world.neighbourhood.pk})
    assert answer.status_code == 200 and f"#{report.pk}" in answer.text
    other = client.get(url("nearby"), {"category": reports_world.roads.pk,
                                       "neighbourhood": reports_world.neighbourhood.pk})
    assert f"#{report.pk}" not in other.text
    assert client.get(url("nearby"), {"category": "x", "latitude": "abc"}).status_code == 200


# ---------------------------------------------------------------- list, page, photo


@pytest.mark.parametrize("language", ["ar", "en"])
def test_report_list_by_neighbourhood_with_medians(client, reports_world, language):
    shown = reports_world.move(reports_world.report(), "resolved")
    answer = client.get(url("list", language), {"region": reports_world.region.pk, "city": reports_world.city.pk,
                                                "neighbourhood": reports_world.neighbourhood.pk})
    assert answer.status_code == 200
    assert url("detail", language, report_id=shown.pk) in answer.text
    assert 'data-testid="resolution-medians"' in answer.text
    name = reports_world.lighting.name_ar if language == "ar" else reports_world.lighting.name_en
    assert name in answer.text


def test_report_list_query_count_does_not_grow_with_rows(client, reports_world, django_assert_max_num_queries):
    for _ in range(30):
        reports_world.report()
    place = {"neighbourhood": reports_world.neighbourhood.pk, "city": reports_world.city.pk,
             "region": reports_world.region.pk}
    client.get(url("list"), place)  # the medians computed once, then kept a few minutes
    # The filters' choices, the options of the chosen region and city, the count and the page's rows: 9 however
    # many reports the neighbourhood has.
    with django_assert_max_num_queries(9):
        answer = client.get(url("list"), place)
    assert answer.status_code == 200 and answer.text.count('data-status="submitted"') == 25


@pytest.mark.parametrize("language", ["ar", "en"])
def test_report_detail_public_without_contact(client, reports_world, language):
    report = reports_world.report(contact_phone="0501234567")
    answer = client.get(url("detail", language, report_id=report.pk))
    assert answer.status_code == 200 and report.description in answer.text
    assert "0501234567" not in answer.text and 'data-testid="status-form"' not in answer.text


def test_report_detail_handler_sees_contact_and_the_status_form(client_for, reports_world):
    report = reports_world.report(contact_phone="0501234567")
    answer = client_for(reports_world.editor).get(url("detail", report_id=report.pk))
    assert "0501234567" in answer.text and 'data-testid="status-form"' in answer.text


def test_change_status_page_moves_the_report(client_for, reports_world):
    report = reports_world.report()
    client = client_for(reports_world.editor)
    answer = client.post(url("change_status", report_id=report.pk), {"status": "resolved", "note": "تم الإصلاح"})
    assert answer.status_code == 302
    report.refresh_from_db()
    assert report.status == "resolved" and report.status_note == "تم الإصلاح"
    again = client.post(url("change_status", report_id=report.pk), {"status": "in_progress"}, follow=True)
    assert Report.objects.get(pk=report.pk).status == "resolved"
    assert 'alert-danger' in again.text


def test_change_status_refused_to_a_resident(client_for, reports_world):
    report = reports_world.report()
    answer = client_for(reports_world.resident).post(url("change_status", report_id=report.pk),
                                                     {"status": "acknowledged"})
    assert answer.status_code == 403
    assert Report.objects.get(pk=report.pk).status == "submitted"


def test_report_photo_public_unless_rejected(client, client_for, reports_world):
    report = reports_world.report(photo=SimpleUploadedFile("p.png", png()))
    photo = url("photo", report_id=report.pk, filename=report.photo.name.rsplit("/", 1)[1])
    answer = client.get(photo)
    assert answer.status_code == 200 and answer["Content-Type"] == "image/png"
    assert client.get(url("photo", report_id=report.pk, filename="other.png")).status_code == 404
    reports_world.move(report, "rejected", note="ليس في نطاق الأمانة")
    assert client.get(photo).status_code == 404
    handler = client_for(reports_world.editor).get(photo)
    assert handler.status_code == 200 and handler["Cache-Control"] == "private, no-store"


# ---------------------------------------------------------------- one's own reports (rep17)


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_mine_lists_only_ones_own_reports(client_for, reports_world, make_user, language, direction):
    own = reports_world.move(reports_world.report(), "in_progress")
    someone_elses = reports_world.report(actor=make_user())
    sent_anonymously = reports_world.report(anonymous=True)
    answer = client_for(reports_world.resident).get(url("mine", language))
    assert answer.status_code == 200 and f'dir="{direction}"' in answer.text
    assert [row["id"] for row in answer.context["page_obj"]] == [own.pk]
    assert url("detail", language, report_id=own.pk) in answer.text
    for other in (someone_elses, sent_anonymously):
        assert url("detail", language, report_id=other.pk) not in answer.text
    status = "قيد التنفيذ" if language == "ar" else "In progress"
    category = reports_world.lighting.name_ar if language == "ar" else reports_world.lighting.name_en
    place = reports_world.neighbourhood.name_ar if language == "ar" else reports_world.neighbourhood.name_en
    assert status in answer.text and category in answer.text and place in answer.text
    with translation.override(language):
        from musharaka.core.dates import dual_date, hijri_date

        shown, hijri = dual_date(own.created_at), hijri_date(own.created_at)
    assert hijri and hijri in shown and shown in answer.text  # the Hijri date beside the Gregorian one
    assert 'data-testid="my-reports-empty"' not in answer.text


@pytest.mark.parametrize("language", ["ar", "en"])
def test_mine_empty_state(client_for, reports_world, make_user, language):
    reports_world.report()
    answer = client_for(make_user()).get(url("mine", language))
    assert answer.status_code == 200 and 'data-testid="my-reports-empty"' in answer.text
    assert 'data-testid="my-reports"' not in answer.text
    empty = "لم ترسل أي بلاغ" if language == "ar" else "You have not sent a report yet"
    assert empty in answer.text


def test_mine_needs_sign_in(client):
    answer = client.get(url("mine"))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("accounts:login"))


def test_mine_is_linked_from_the_list_when_signed_in(client, client_for, reports_world):
    assert url("mine") in client_for(reports_world.resident).get(url("list")).text
    assert 'data-testid="my-reports-link"' not in client.get(url("list")).text


def test_mine_reads_a_fixed_number_of_queries(client_for, reports_world, django_assert_num_queries):
    for _ in range(30):
        reports_world.report()
    client = client_for(reports_world.resident)
    client.get(url("mine"))  # session and roles warmed
    # The session, the user, their second factor, the unread notifications, the count and the page's rows, however
    # many reports.
    with django_assert_num_queries(MINE_QUERIES):
        answer = client.get(url("mine"))
    assert answer.text.count('data-report="') == 25
    with django_assert_num_queries(MINE_QUERIES):
        assert client.get(url("mine"), {"page": 2}).text.count('data-report="') == 5


MINE_QUERIES = 6


# ---------------------------------------------------------------- re-routing (rep17)


@pytest.fixture
def utility(make_org):
    from musharaka.orgs.models import Sector

    return make_org("المديرية العامة للمياه", sector=Sector.GOVERNMENT)


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_reroute_form_on_the_report_page_for_its_handlers(client, client_for, reports_world, utility, make_org,
                                                          language, direction):
    nonprofit = make_org("جمعية البر الخيرية")
    report = reports_world.report()
    answer = client_for(reports_world.editor).get(url("detail", language, report_id=report.pk))
    assert f'dir="{direction}"' in answer.text and 'data-testid="reroute-form"' in answer.text
    choices = [pk for pk, _label in answer.context["reroute_form"].fields["organization"].choices if pk]
    # The organisations a route may name (authorities and government bodies), less the one that has it.
    assert utility.pk in {int(str(pk)) for pk in choices}
    assert {reports_world.municipality.pk, nonprofit.pk}.isdisjoint({int(str(pk)) for pk in choices})
    heading = "حوّل البلاغ إلى جهة أخرى" if language == "ar" else "Send it to another organisation"
    assert heading in answer.text
    for viewer in (None, reports_world.resident):
        page = (client_for(viewer) if viewer else client).get(url("detail", language, report_id=report.pk))
        assert 'data-testid="reroute-form"' not in page.text
    closed = reports_world.move(reports_world.report(), "resolved")
    page = client_for(reports_world.editor).get(url("detail", language, report_id=closed.pk))
    assert 'data-testid="reroute-form"' not in page.text


@pytest.mark.parametrize("who", ["editor", "admin", "coordinator"])
def test_reroute_moves_the_report(client_for, reports_world, utility, who):
    report = reports_world.report()
    client = client_for(getattr(reports_world, who))
    answer = client.post(url("reroute", report_id=report.pk), {"organization": utility.pk})
    assert answer.status_code == 302 and answer["Location"] == url("detail", report_id=report.pk)
    report.refresh_from_db()
    assert report.organization == utility
    assert utility.name_ar in report.updates.order_by("pk").last().note  # the timeline says where it went
    page = client.get(answer["Location"])
    assert "alert-success" in page.text and utility.name_ar in page.text


def test_reroute_by_staff(client_for, reports_world, utility, make_user):
    report = reports_world.report()
    answer = client_for(make_user(is_staff=True)).post(url("reroute", report_id=report.pk),
                                                       {"organization": utility.pk})
    assert answer.status_code == 302 and Report.objects.get(pk=report.pk).organization == utility


def test_reroute_refused_to_others(client, client_for, reports_world, utility, make_org, make_member,
                                   make_user):
    from musharaka.orgs.models import Role

    report = reports_world.report()
    path = url("reroute", report_id=report.pk)
    anonymous = client.post(path, {"organization": utility.pk})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    others = (reports_world.resident, make_member(make_org("بلدية أخرى"), Role.ADMIN),
              make_member(reports_world.municipality, Role.VIEWER))
    for person in others:
        assert client_for(person).post(path, {"organization": utility.pk}).status_code == 403
    assert Report.objects.get(pk=report.pk).organization == reports_world.municipality
    assert client_for(reports_world.editor).get(path).status_code == 405  # POST only


@pytest.mark.parametrize(("language", "organization", "message"), [
    ("en", "999999", "Choose one of the listed organisations"),
    ("ar", "999999", "اختر إحدى الجهات المدرجة"),
    ("en", "not-a-number", "Choose one of the listed organisations"),
    ("en", "", "Choose the organisation to send the report to."),
])
def test_reroute_bad_organisation_changes_nothing(client_for, reports_world, language, organization, message):
    report = reports_world.report()
    updates = report.updates.count()
    answer = client_for(reports_world.editor).post(url("reroute", language, report_id=report.pk),
                                                   {"organization": organization}, follow=True)
    assert answer.status_code == 200 and "alert-danger" in answer.text and message in answer.text
    report.refresh_from_db()
    assert report.organization == reports_world.municipality and report.updates.count() == updates


def test_reroute_to_an_organisation_not_offered_changes_nothing(client_for, reports_world, make_org, make_user,
                                                                other_region):
    from musharaka.orgs.models import Sector
    from musharaka.reports import services

    nonprofit = make_org("جمعية البر الخيرية")
    elsewhere = make_org("أمانة محافظة جدة", sector=Sector.AUTHORITY, region=other_region)
    report = reports_world.report()
    client = client_for(reports_world.editor)
    for organization in (nonprofit, elsewhere, reports_world.municipality):
        answer = client.post(url("reroute", "en", report_id=report.pk), {"organization": organization.pk},
                             follow=True)
        assert "Choose one of the listed organisations" in answer.text
    assert Report.objects.get(pk=report.pk).organization == reports_world.municipality
    assert report.updates.count() == 1
    # Another region's body that a route names (a national one, say) is offered.
    services.route_save(actor=make_user(is_staff=True), category=reports_world.roads, organization=elsewhere)
    answer = client.post(url("reroute", "en", report_id=report.pk), {"organization": elsewhere.pk})
    assert answer.status_code == 302 and Report.objects.get(pk=report.pk).organization == elsewhere


def test_reroute_of_a_closed_report_is_refused_with_the_services_message(client_for, reports_world, utility):
    report = reports_world.move(reports_world.report(), "resolved")
    answer = client_for(reports_world.editor).post(url("reroute", "en", report_id=report.pk),
                                                   {"organization": utility.pk}, follow=True)
    assert "alert-danger" in answer.text and "A closed report is not sent elsewhere." in answer.text
    assert Report.objects.get(pk=report.pk).organization == reports_world.municipality


# ---------------------------------------------------------------- the queue


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_queue_page_for_the_organisation_staff(client_for, reports_world, language, direction):
    report = reports_world.report()
    answer = client_for(reports_world.editor).get(url("queue", language, org_id=reports_world.municipality.pk))
    assert answer.status_code == 200 and f'dir="{direction}"' in answer.text
    assert f'value="{report.pk}"' in answer.text


def test_queue_page_refused_to_others(client_for, reports_world, make_user):
    path = url("queue", org_id=reports_world.municipality.pk)
    assert client_for(make_user()).get(path).status_code == 403
    assert client_for(reports_world.coordinator).get(path).status_code == 200


def test_queue_bulk_change_with_a_note(client_for, reports_world):
    first, second, third = (reports_world.report() for _ in range(3))
    client = client_for(reports_world.editor)
    path = url("queue", org_id=reports_world.municipality.pk)
    answer = client.post(path, {"bulk-reports": [first.pk, second.pk], "bulk-status": "acknowledged",
                                "bulk-note": "وصلت البلاغات إلى فريق الإنارة"})
    assert answer.status_code == 302
    statuses = dict(Report.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[second.pk], statuses[third.pk]) == ("acknowledged", "acknowledged",
                                                                             "submitted")
    refused = client.post(path, {"bulk-reports": [first.pk, third.pk], "bulk-status": "rejected", "bulk-note": ""}, follow=True)
    assert "alert-danger" in refused.text
    assert Report.objects.get(pk=third.pk).status == ReportStatus.SUBMITTED


def test_queue_bulk_ignores_reports_of_another_organisation(client_for, reports_world, make_org):
    from musharaka.reports import services

    other = make_org("بلدية أخرى")
    theirs = services.report_reroute(actor=reports_world.coordinator, report=reports_world.report(),
                                     organization=other)
    answer = client_for(reports_world.editor).post(url("queue", org_id=reports_world.municipality.pk),
                                                   {"bulk-reports": [theirs.pk], "bulk-status": "acknowledged"}, follow=True)
    assert "alert-danger" in answer.text and Report.objects.get(pk=theirs.pk).status == "submitted"


def test_queue_query_count_does_not_grow_with_rows(client_for, reports_world, django_assert_max_num_queries):
    for _ in range(30):
        reports_world.report()
    client = client_for(reports_world.editor)
    client.get(url("queue", org_id=reports_world.municipality.pk))  # session and roles warmed
    with django_assert_max_num_queries(14):
        answer = client.get(url("queue", org_id=reports_world.municipality.pk))
    assert answer.text.count('name="bulk-reports"') == 30


# ---------------------------------------------------------------- routes


def test_routes_page_coordinator_adds_and_removes_in_their_region(client_for, reports_world):
    client = client_for(reports_world.coordinator)
    assert client.get(url("routes")).status_code == 200
    answer = client.post(url("routes"), {"category": reports_world.roads.pk, "region": reports_world.region.pk,
                                         "city": "", "organization": reports_world.municipality.pk})
    assert answer.status_code == 302
    from musharaka.reports.models import Route

    route = Route.objects.get(category=reports_world.roads)
    assert route.region == reports_world.region
    assert client.post(url("route_delete", route_id=route.pk)).status_code == 302
    assert not Route.objects.filter(category=reports_world.roads).exists()


def test_routes_page_refused_to_a_resident(client_for, reports_world):
    assert client_for(reports_world.resident).get(url("routes")).status_code == 403


def test_duration_reads_in_days_and_hours_in_both_languages():
    from musharaka.reports.views import duration

    with translation.override("en"):
        assert duration(2 * 86_400 + 3 * 3600) == "2 days and 3 hours"
        assert duration(7200) == "2 hours" and duration(5400) == "1 hour"
        assert duration(30) == "1 minute"
    with translation.override("ar"):
        assert duration(86_400 + 14 * 3600) == "يوم واحد و14 ساعة"
    assert duration(None) == ""
