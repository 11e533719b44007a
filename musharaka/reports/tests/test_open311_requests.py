"""Open311 GeoReport v2 service requests: reading them (requests.json, requests/{id}) and posting them with a key."""

import datetime
from decimal import Decimal

import defusedxml.ElementTree as SafeET
import pytest
from django.utils import timezone

from musharaka.reports import keys
from musharaka.reports.models import ApiKey, Report, ReportUpdate, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_key(reports_world, make_user):
    staff = make_user(is_staff=True)
    key, raw = keys.api_key_issue(actor=staff, organization=reports_world.municipality, label="تطبيق بلدي")
    key.raw = raw
    return key


def _post(client, **data):
    return client.post("/open311/v2/requests.json", data)


def test_post_creates_a_report_through_the_services(client, reports_world, api_key):
    response = _post(client, api_key=api_key.raw, service_code="lighting", lat="24.695", long="46.685",
                     description="عمود الإنارة مطفأ أمام المدرسة", **{"attribute[pole-number]": "R-1207"},
                     email="resident@example.org", first_name="سارة", last_name="العتيبي")
    assert response.status_code == 200, response.content
    [answer] = response.json()
    report = Report.objects.get(pk=int(answer["service_request_id"]))
    assert answer["account_id"] is None
    assert (report.source, report.api_key, report.organization) == (Source.OPEN311, api_key,
                                                                    reports_world.municipality)
    assert report.neighbourhood == reports_world.neighbourhood
    assert report.attributes == {"pole-number": "R-1207"}
    assert (report.contact_name, report.contact_email) == ("سارة العتيبي", "resident@example.org")
    assert ReportUpdate.objects.filter(report=report).count() == 1
    assert answer["service_notice"]


def test_post_without_coordinates_is_placed_in_the_keys_region(client, reports_world, api_key):
    response = _post(client, api_key=api_key.raw, service_code="lighting", address_string="شارع التحلية، الرياض",
                     description="إنارة الشارع مطفأة بالكامل")
    assert response.status_code == 200, response.content
    report = Report.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert report.region == reports_world.municipality.region
    assert report.address == "شارع التحلية، الرياض"


@pytest.mark.parametrize(("key", "status"), [(None, 403), ("o311_not-a-key", 403), ("", 403)])
def test_post_without_a_valid_key_is_refused(client, reports_world, key, status):
    data = {"service_code": "lighting", "lat": "24.695", "long": "46.685", "description": "إنارة مطفأة"}
    if key is not None:
        data["api_key"] = key
    response = _post(client, **data)
    assert response.status_code == status
    assert response.json()[0]["code"] == status
    assert Report.objects.count() == 0


def test_post_with_a_revoked_key_is_a_403_in_xml_too(client, reports_world, api_key, make_user):
    keys.api_key_revoke(actor=make_user(is_staff=True), key=api_key)
    response = client.post("/open311/v2/requests.xml", {"api_key": api_key.raw, "service_code": "lighting",
                                                        "lat": "24.695", "long": "46.685", "description": "مطفأة"})
    assert response.status_code == 403
    root = SafeET.fromstring(response.content)
    assert (root.tag, root.find("error").findtext("code")) == ("errors", "403")


@pytest.mark.parametrize(("data", "fragment"), [
    ({"service_code": "lighting", "description": "إنارة مطفأة"}, "lat"),
    ({"service_code": "lighting", "lat": "95", "long": "46", "description": "إنارة مطفأة"}, "-90"),
    ({"service_code": "lighting", "lat": "NaN", "long": "46", "description": "إنارة مطفأة"}, "lat"),
    ({"service_code": "lighting", "lat": "24.7", "description": "إنارة مطفأة"}, "long"),
    ({"service_code": "no-such", "lat": "24.7", "long": "46.6", "description": "إنارة مطفأة"}, "service_code"),
    ({"lat": "24.7", "long": "46.6", "description": "إنارة مطفأة"}, "service_code"),
    ({"service_code": "lighting", "lat": "24.7", "long": "46.6", "description": "x" * 4001}, "4000"),
    ({"service_code": "lighting", "lat": "24.7", "long": "46.6", "description": "مطفأة",
      "attribute[<script>]": "1"}, "attribute"),
    ({"service_code": "roads", "lat": "24.7", "long": "46.6", "description": "حفرة كبيرة",
      "attribute[hazard]": "catastrophic"}, ""),
    ({"service_code": "lighting", "lat": "24.7", "long": "46.6", "description": "مطفأة",
      "email": "not-an-address"}, ""),
])
def test_post_bad_input_is_a_400_error_list(client, reports_world, api_key, data, fragment):
    response = _post(client, api_key=api_key.raw, **data)
    assert response.status_code == 400, response.content
    [error] = response.json()
    assert error["code"] == 400
    assert fragment in error["description"]
    assert Report.objects.count() == 0


def test_post_with_control_characters_in_the_description_is_refused(client, reports_world, api_key):
    response = _post(client, api_key=api_key.raw, service_code="lighting", lat="24.695", long="46.685",
                     description="إنارة\x00مطفأة")
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_post_is_rate_limited_per_key(client, reports_world, api_key, settings):
    settings.OPEN311_POST_RATE_PER_KEY = "2/m"
    for _ in range(2):
        assert _post(client, api_key=api_key.raw, service_code="lighting", lat="24.695", long="46.685",
                     description="إنارة مطفأة أمام المدرسة").status_code == 200
    refused = _post(client, api_key=api_key.raw, service_code="lighting", lat="24.695", long="46.685",
                    description="إنارة مطفأة أمام المدرسة")
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert Report.objects.count() == 2


def test_post_needs_no_csrf_token(reports_world, api_key):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/open311/v2/requests.json", {
        "api_key": api_key.raw, "service_code": "lighting", "lat": "24.695", "long": "46.685",
        "description": "إنارة مطفأة أمام المدرسة"})
    assert response.status_code == 200


def test_request_by_id_gives_the_specifications_fields_and_no_contact(client, reports_world):
    report = reports_world.report(contact_email="hidden@example.org", latitude="24.695", longitude="46.685")
    reports_world.move(report, "acknowledged", note="وصل البلاغ إلى فرقة الصيانة")
    [row] = client.get(f"/open311/v2/requests/{report.pk}.json").json()
    assert set(row) == {"service_request_id", "status", "status_notes", "service_name", "service_code",
                        "description", "agency_responsible", "service_notice", "requested_datetime",
                        "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long",
                        "media_url"}
    assert (row["service_request_id"], row["status"], row["service_code"]) == (str(report.pk), "open", "lighting")
    assert row["status_notes"] == "وصل البلاغ إلى فرقة الصيانة"
    assert (row["lat"], row["long"]) == (24.695, 46.685)
    assert row["service_name"] == "Lighting"
    assert "hidden@example.org" not in str(row)


def test_request_closed_once_resolved(client, reports_world):
    report = reports_world.move(reports_world.report(), "acknowledged", "in_progress", "resolved",
                                note="استُبدل المصباح")
    [row] = client.get(f"/open311/v2/requests/{report.pk}.json").json()
    assert (row["status"], row["status_notes"]) == ("closed", "استُبدل المصباح")


def test_unknown_request_is_a_404(client, reports_world):
    assert client.get("/open311/v2/requests/999999999.json").status_code == 404
    assert client.get("/open311/v2/requests/99999999999999999999999.xml").status_code == 404


def test_requests_filter_by_status_service_code_and_ids(client, reports_world):
    first, second = reports_world.report(), reports_world.report(category=reports_world.roads,
                                                                 attributes={"hazard": "high"})
    closed = reports_world.move(reports_world.report(), "acknowledged", "resolved")

    def ids(**params):
        return [int(row["service_request_id"]) for row in client.get("/open311/v2/requests.json", params).json()]

    assert ids() == [closed.pk, second.pk, first.pk]
    assert ids(status="open") == [second.pk, first.pk]
    assert ids(status="closed") == [closed.pk]
    assert ids(service_code="roads") == [second.pk]
    assert ids(service_code="roads,lighting", status="open") == [second.pk, first.pk]
    assert ids(service_request_id=f"{first.pk},{closed.pk}", status="open") == [closed.pk, first.pk]


def test_requests_filter_by_dates(client, reports_world):
    old = reports_world.report()
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=120))
    recent = reports_world.report()

    def ids(**params):
        response = client.get("/open311/v2/requests.json", params)
        assert response.status_code == 200, response.content
        return [int(row["service_request_id"]) for row in response.json()]

    assert ids() == [recent.pk]  # the last 90 days by default
    start = (timezone.now() - datetime.timedelta(days=130)).replace(microsecond=0)
    assert ids(start_date=start.isoformat(), end_date=(start + datetime.timedelta(days=30)).isoformat()) == [old.pk]
    assert ids(start_date=timezone.localdate().isoformat()) == [recent.pk]


@pytest.mark.parametrize("params", [
    {"start_date": "yesterday"}, {"end_date": "2026-13-45"}, {"status": "pending"},
    {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
    {"start_date": "2026-06-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
    {"service_request_id": "1,abc"}, {"service_code": "x" * 2000},
])
def test_requests_bad_parameters_are_400(client, reports_world, params):
    response = client.get("/open311/v2/requests.xml", params)
    assert response.status_code == 400
    assert SafeET.fromstring(response.content).find("error").findtext("code") == "400"


def test_requests_xml_carries_the_same_values(client, reports_world):
    report = reports_world.report(latitude="24.695", longitude="46.685")
    json_row = client.get(f"/open311/v2/requests/{report.pk}.json").json()[0]
    root = SafeET.fromstring(client.get(f"/open311/v2/requests/{report.pk}.xml").content)
    assert root.tag == "service_requests"
    node = root.find("request")
    for name, value in json_row.items():
        expected = "" if value is None else str(value)
        assert (node.findtext(name) or "") == expected, name


def test_requests_list_reads_a_fixed_number_of_queries(client, reports_world, django_assert_max_num_queries):
    for _ in range(5):
        reports_world.report()
    with django_assert_max_num_queries(1):
        assert len(client.get("/open311/v2/requests.json").json()) == 5


def test_post_keeps_six_places_of_the_coordinates(client, reports_world, api_key):
    response = _post(client, api_key=api_key.raw, service_code="lighting", lat="24.6950004", long="46.685",
                     description="إنارة مطفأة أمام المدرسة")
    report = Report.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert report.latitude == Decimal("24.695000")
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at is not None
