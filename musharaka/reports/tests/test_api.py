"""/api/v1/reports: the public list, one report, the workflow, the caller's own, the queue, the private link, near
duplicates, medians, routes and photos."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from musharaka.reports.models import Report, ReportStatus, Route, Source

pytestmark = pytest.mark.django_db
API = "/api/v1/reports"


def _json(client, method, url, body=None):
    return client.generic(method, url, __import__("json").dumps(body or {}), content_type="application/json")


def jpeg(name="photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "EOS 90D"  # camera make and model
    exif.get_ifd(0x8825).update({1: "N", 2: (24.0, 41.0, 42.0), 3: "E", 4: (46.0, 41.0, 6.0)})  # GPS
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_list_filters_by_neighbourhood_category_and_status(client, reports_world):
    first = reports_world.report()
    road = reports_world.report(category=reports_world.roads, attributes={"hazard": "high"})
    resolved = reports_world.move(reports_world.report(), "acknowledged", "resolved")

    def ids(**params):
        return [row["id"] for row in client.get(API, params).json()["results"]]

    assert ids(neighbourhood=reports_world.neighbourhood.pk) == [resolved.pk, road.pk, first.pk]
    assert ids(category="roads") == [road.pk]
    assert ids(status="resolved") == [resolved.pk]
    assert ids(category="no-such-code") == []


def test_list_rows_carry_no_contact(client, reports_world):
    reports_world.report(contact_email="hidden@example.org", contact_name="سارة")
    body = client.get(API).content.decode()
    assert "hidden@example.org" not in body
    assert "سارة" not in body


def test_list_reads_a_fixed_number_of_queries(client, reports_world, django_assert_max_num_queries):
    for _ in range(6):
        reports_world.report()
    with django_assert_max_num_queries(3):
        assert client.get(API, {"page_size": 50}).json()["count"] == 6


def test_create_as_a_signed_in_resident_answers_the_token_once(client_for, reports_world):
    client = client_for(reports_world.resident)
    response = _json(client, "POST", API, {"category": "lighting", "description": "عمود الإنارة مطفأ أمام المسجد",
                                           "neighbourhood_id": reports_world.neighbourhood.pk,
                                           "attributes": {"pole-number": "R-77"}})
    assert response.status_code == 201, response.content
    data = response.json()
    report = Report.objects.get(pk=data["id"])
    assert (report.source, report.reporter, report.organization) == (Source.API, reports_world.resident,
                                                                     reports_world.municipality)
    assert data["token"] == report.token
    assert data["attributes"] == {"pole-number": "R-77"}
    assert "token" not in client.get(f"{API}/{report.pk}").json()
    assert client.get(f"{API}/track/{report.token}").json()["id"] == report.pk


def test_create_needs_sign_in(client, reports_world):
    response = _json(client, "POST", API, {"category": "lighting", "description": "إنارة مطفأة",
                                           "neighbourhood_id": reports_world.neighbourhood.pk})
    assert response.status_code == 401


@pytest.mark.parametrize(("body", "field"), [
    ({"category": "lighting", "description": "إنارة مطفأة"}, "region_id"),
    ({"category": "roads", "description": "حفرة في الطريق", "attributes": {"hazard": "extreme"}}, "attributes.hazard"),
    ({"category": "lighting", "description": "إنارة مطفأة", "latitude": 24.7}, "longitude"),
])
def test_create_bad_input_is_a_422(client_for, reports_world, body, field):
    if "hazard" in str(body) or "latitude" in body:
        body["neighbourhood_id"] = reports_world.neighbourhood.pk
    response = _json(client_for(reports_world.resident), "POST", API, body)
    assert response.status_code == 422, response.content
    assert Report.objects.count() == 0


@pytest.mark.parametrize("body", [
    {"category": "lighting", "description": "إنارة", "latitude": 91, "longitude": 46},
    {"category": "lighting", "description": "إنارة", "latitude": "24.7", "longitude": 46},
    {"category": "lighting", "description": "x" * 4001},
    {"category": "lighting", "description": "إنارة مطفأة", "unknown": 1},
    {"category": "<script>", "description": "إنارة مطفأة"},
])
def test_create_refused_by_the_schema(client_for, reports_world, body):
    response = _json(client_for(reports_world.resident), "POST", API, body)
    assert response.status_code == 422
    assert Report.objects.count() == 0


def test_unknown_category_is_a_422(client_for, reports_world):
    response = _json(client_for(reports_world.resident), "POST", API, {"category": "nothing",
                                                                        "description": "إنارة مطفأة"})
    assert (response.status_code, response.json()["code"]) == (422, "unknown_reference")


def test_detail_shows_contact_to_handlers_and_the_reporter_only(client_for, client, reports_world):
    report = reports_world.report(contact_phone="0501234567")
    assert client.get(f"{API}/{report.pk}").json()["contact"] is None
    assert client_for(reports_world.editor).get(f"{API}/{report.pk}").json()["contact"]["phone"] == "0501234567"
    assert client_for(reports_world.resident).get(f"{API}/{report.pk}").json()["contact"] is not None


def test_status_change_by_the_municipality_and_its_timeline(client_for, client, reports_world):
    report = reports_world.report()
    editor = client_for(reports_world.editor)
    response = _json(editor, "POST", f"{API}/{report.pk}/status", {"status": "acknowledged", "note": "وصل"})
    assert response.status_code == 200
    assert response.json()["status"] == "acknowledged"
    timeline = client.get(f"{API}/{report.pk}/timeline").json()
    assert [(u["status_from"], u["status_to"], u["note"]) for u in timeline] == [
        ("", "submitted", ""), ("submitted", "acknowledged", "وصل")]


def test_status_change_refusals(client_for, reports_world):
    report = reports_world.move(reports_world.report(), "acknowledged", "resolved")
    editor = client_for(reports_world.editor)
    assert _json(editor, "POST", f"{API}/{report.pk}/status", {"status": "in_progress"}).json()["code"] == \
        "bad_transition"
    fresh = reports_world.report()
    assert _json(editor, "POST", f"{API}/{fresh.pk}/status", {"status": "rejected"}).status_code == 422
    assert _json(client_for(reports_world.resident), "POST", f"{API}/{fresh.pk}/status",
                 {"status": "acknowledged"}).status_code == 403
    assert _json(editor, "POST", f"{API}/{fresh.pk}/status", {"status": "duplicate", "note": "مكرر",
                                                             "duplicate_of": 10**12}).status_code == 422


def test_bulk_status_is_all_or_nothing(client_for, reports_world):
    open_one, other = reports_world.report(), reports_world.report()
    closed = reports_world.move(reports_world.report(), "acknowledged", "resolved")
    editor = client_for(reports_world.editor)
    refused = _json(editor, "POST", f"{API}/bulk-status", {"report_ids": [open_one.pk, closed.pk],
                                                          "status": "acknowledged"})
    assert refused.status_code == 409
    assert Report.objects.get(pk=open_one.pk).status == ReportStatus.SUBMITTED
    done = _json(editor, "POST", f"{API}/bulk-status", {"report_ids": [open_one.pk, other.pk],
                                                       "status": "acknowledged", "note": "قيد المراجعة"})
    assert done.json() == {"changed": 2}
    assert _json(editor, "POST", f"{API}/bulk-status", {"report_ids": [10**12], "status": "resolved"}
                 ).status_code == 404


def test_reroute_by_a_handler_and_its_refusals(client_for, reports_world, make_org, make_user):
    other = make_org("بلدية أخرى")
    report = reports_world.report()
    editor = client_for(reports_world.editor)
    for person in (reports_world.resident, make_user()):
        refused = _json(client_for(person), "POST", f"{API}/{report.pk}/reroute", {"organization_id": other.pk})
        assert refused.status_code == 403
    unknown = _json(editor, "POST", f"{API}/{report.pk}/reroute", {"organization_id": 10**12})
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_reference"
    assert Report.objects.get(pk=report.pk).organization == reports_world.municipality
    done = _json(editor, "POST", f"{API}/{report.pk}/reroute", {"organization_id": other.pk})
    assert done.status_code == 200 and done.json()["organization"]["id"] == other.pk
    assert other.name_ar in done.json()["timeline"][-1]["note"]
    closed = reports_world.move(reports_world.report(), "resolved")
    conflict = _json(editor, "POST", f"{API}/{closed.pk}/reroute", {"organization_id": other.pk})
    assert conflict.status_code == 409 and conflict.json()["code"] == "closed"


def test_mine_lists_the_callers_own_reports(client_for, reports_world, make_user):
    mine = reports_world.report()
    reports_world.report(actor=make_user())
    assert [row["id"] for row in client_for(reports_world.resident).get(f"{API}/mine").json()["results"]] == [
        mine.pk]


def test_queue_for_staff_only(client_for, reports_world, make_user):
    report = reports_world.report()
    url = f"{API}/queue/{reports_world.municipality.pk}"
    assert [row["id"] for row in client_for(reports_world.editor).get(url).json()["results"]] == [report.pk]
    assert [row["id"] for row in client_for(reports_world.coordinator).get(url).json()["results"]] == [report.pk]
    assert client_for(reports_world.resident).get(url).status_code == 403
    assert client_for(reports_world.editor).get(f"{API}/queue/999999999").status_code == 404
    assert client_for(reports_world.editor).get(url, {"status": "resolved"}).json()["count"] == 0


def test_track_unknown_token_is_a_404(client, reports_world):
    assert client.get(f"{API}/track/not-a-token").status_code == 404


def test_nearby_finds_open_reports_of_the_category(client, reports_world):
    report = reports_world.report(latitude="24.695", longitude="46.685")
    rows = client.get(f"{API}/nearby", {"category": "lighting", "latitude": 24.6951, "longitude": 46.6851}).json()
    assert [row["id"] for row in rows] == [report.pk]
    assert rows[0]["distance_m"] < 150
    assert client.get(f"{API}/nearby", {"category": "roads", "latitude": 24.6951, "longitude": 46.6851}).json() == []


def test_medians_per_category_and_region(client, reports_world):
    reports_world.move(reports_world.report(), "acknowledged", "resolved")
    data = client.get(f"{API}/medians").json()
    assert [(row["category"]["code"], row["resolved"]) for row in data["by_category"]] == [("lighting", 1)]
    assert data["by_region"][0]["region"]["id"] == reports_world.region.pk


def test_photo_by_the_reporter_is_stored_without_exif(client_for, reports_world):
    report = reports_world.report()
    response = client_for(reports_world.resident).post(f"{API}/{report.pk}/photo", {"photo": jpeg()})
    assert response.status_code == 200, response.content
    stored = Report.objects.get(pk=report.pk)
    assert Image.open(jpeg()).getexif()[0x010F] == "Canon"  # the upload carries it
    assert stored.photo
    kept = Image.open(stored.photo).getexif()
    assert dict(kept) == {}
    assert kept.get_ifd(0x8825) == {}


def test_photo_refused_to_others_and_when_not_an_image(client_for, reports_world, make_user):
    report = reports_world.report()
    assert client_for(make_user()).post(f"{API}/{report.pk}/photo", {"photo": jpeg()}).status_code == 403
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    assert client_for(reports_world.resident).post(f"{API}/{report.pk}/photo", {"photo": fake}).status_code == 422
    assert not Report.objects.get(pk=report.pk).photo


def test_routes_for_staff(client_for, reports_world, make_user):
    staff = client_for(make_user(is_staff=True))
    response = _json(staff, "POST", f"{API}/routes", {"category": "roads", "city_id": reports_world.city.pk,
                                                      "organization_id": reports_world.municipality.pk})
    assert response.status_code == 201, response.content
    route_id = response.json()["id"]
    assert route_id in [row["id"] for row in staff.get(f"{API}/routes").json()]
    assert client_for(reports_world.resident).get(f"{API}/routes").status_code == 403
    assert staff.delete(f"{API}/routes/{route_id}").status_code == 204
    assert not Route.objects.filter(pk=route_id).exists()


@pytest.mark.parametrize("since", ["0", "1700000000", "2026-1-1", "yesterday"])
def test_queue_dates_are_calendar_days_only(client_for, reports_world, since):
    url = f"{API}/queue/{reports_world.municipality.pk}"
    assert client_for(reports_world.editor).get(url, {"since": since}).status_code == 422
    assert client_for(reports_world.editor).get(url, {"since": "2026-01-01"}).status_code == 200
