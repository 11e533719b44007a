import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.notifications.models import Notification
from musharaka.orgs.models import Role, Sector
from musharaka.reports import selectors, services
from musharaka.reports.models import Report, ReportStatus, ReportUpdate, Route, ServiceCategory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    """A phone photo: camera make and model, the shot's GPS position (Riyadh), an orientation."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Model X 12"
    exif[0x0112] = 1
    exif[GPS_IFD] = {1: "N", 2: (24.0, 42.0, 50.0), 3: "E", 4: (46.0, 43.0, 5.0)}
    output = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 40, 160)).save(output, "JPEG", exif=exif.tobytes())
    return output.getvalue()


# ---------------------------------------------------------------- the categories' migration


def test_categories_six_with_codes_and_other_not_anonymous(db):
    codes = list(ServiceCategory.objects.values_list("code", flat=True))
    assert codes == ["visual-distortion", "lighting", "roads", "cleanliness", "parks", "other"]
    assert not ServiceCategory.objects.get(code="other").allows_anonymous
    lighting = ServiceCategory.objects.get(code="lighting")
    assert lighting.attributes.filter(code="pole-number", datatype="string").exists()
    hazard = ServiceCategory.objects.get(code="roads").attributes.get(code="hazard")
    assert hazard.datatype == "singlevaluelist" and hazard.required
    assert [value["key"] for value in hazard.values] == ["low", "medium", "high"]


# ---------------------------------------------------------------- the Done-when test: no GPS EXIF stored


def test_report_photo_with_gps_exif_is_stored_without_it(reports_world):
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as image:  # the upload does carry them
        assert dict(image.getexif().get_ifd(GPS_IFD)) and image.getexif()[0x010F] == "PhoneMaker"
    upload = SimpleUploadedFile("IMG_2026_my_street.jpg", original, content_type="image/jpeg")

    report = reports_world.report(photo=upload)

    report.refresh_from_db()
    assert "IMG_2026" not in report.photo.name  # the person's own file name is not kept either
    with report.photo.open("rb") as handle:
        stored = handle.read()
    assert b"PhoneMaker" not in stored and b"Model X 12" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (64, 48)
        assert dict(image.getexif().get_ifd(GPS_IFD)) == {}
        assert len(image.getexif()) == 0
        assert "exif" not in image.info


@pytest.mark.parametrize("content", [
    b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64,  # a Windows program named .jpg
    b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    b"\xff\xd8\xff\xe0" + b"\x00" * 20,  # a JPEG's first bytes and nothing of an image
])
def test_report_photo_not_an_image_refused_nothing_written(reports_world, content):
    with pytest.raises(InvalidInput) as refused:
        reports_world.report(photo=SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg"))
    assert refused.value.field == "photo"
    assert Report.objects.count() == 0


# ---------------------------------------------------------------- submission: place, routing, attributes


def test_report_create_routes_to_the_city_route_and_notifies_its_staff(reports_world):
    report = reports_world.report()
    assert report.organization == reports_world.municipality
    assert (report.region, report.city, report.neighbourhood) == (
        reports_world.region, reports_world.city, reports_world.neighbourhood)
    assert report.reporter == reports_world.resident and report.status == ReportStatus.SUBMITTED
    assert list(report.updates.values_list("status_from", "status_to")) == [("", "submitted")]
    told = set(Notification.objects.values_list("user_id", flat=True))
    assert told == {reports_world.admin.pk, reports_world.editor.pk}
    assert len(report.token) >= 30


def test_route_for_city_before_region_before_default(reports_world, make_org, other_region):
    staff = reports_world.municipality.memberships.first().user
    staff.is_staff = True
    staff.save()
    regional = make_org("أمانة المنطقة", sector=Sector.AUTHORITY)
    national = make_org("الجهة الوطنية", sector=Sector.GOVERNMENT)
    lighting = reports_world.lighting
    services.route_save(actor=staff, category=lighting, organization=regional, region=reports_world.region)
    services.route_save(actor=staff, category=lighting, organization=national)
    assert services.route_for(category=lighting, region=reports_world.region, city=reports_world.city) \
        == reports_world.municipality
    other_city = reports_world.region.cities.exclude(pk=reports_world.city.pk).first()
    assert services.route_for(category=lighting, region=reports_world.region, city=other_city) == regional
    assert services.route_for(category=lighting, region=other_region) == national
    assert services.route_for(category=reports_world.roads, region=other_region) is None


def test_route_save_coordinator_only_in_their_region(reports_world, other_region):
    services.route_save(actor=reports_world.coordinator, category=reports_world.roads,
                        organization=reports_world.municipality, region=reports_world.region)
    with pytest.raises(NotPermitted):
        services.route_save(actor=reports_world.coordinator, category=reports_world.roads,
                            organization=reports_world.municipality, region=other_region)
    with pytest.raises(NotPermitted):  # the national default is the platform staff's
        services.route_save(actor=reports_world.coordinator, category=reports_world.roads,
                            organization=reports_world.municipality)
    with pytest.raises(NotPermitted):
        services.route_save(actor=reports_world.editor, category=reports_world.roads,
                            organization=reports_world.municipality, region=reports_world.region)


def test_route_save_same_place_changes_its_organisation(reports_world, make_org):
    other = make_org("بلدية أخرى", sector=Sector.AUTHORITY)
    route = services.route_save(actor=reports_world.coordinator, category=reports_world.lighting,
                                organization=other, city=reports_world.city)
    assert Route.objects.filter(category=reports_world.lighting).count() == 1
    assert route.organization == other
    services.route_delete(actor=reports_world.coordinator, route=route)
    assert not Route.objects.filter(category=reports_world.lighting).exists()


def test_report_create_coordinates_alone_find_the_nearest_neighbourhood(reports_world):
    report = reports_world.report(neighbourhood_id=None, latitude="24.6960", longitude="46.6860")
    assert report.neighbourhood == reports_world.neighbourhood
    assert report.city == reports_world.city and report.organization == reports_world.municipality
    assert report.latitude == Decimal("24.696000")


def test_report_create_coordinates_far_from_neighbourhoods_take_the_nearest_city(reports_world):
    # Near Diriyah/Riyadh's outskirts: no neighbourhood with coordinates within 3 km, the city within 30 km.
    report = reports_world.report(neighbourhood_id=None, latitude="24.7600", longitude="46.6000")
    assert report.neighbourhood is None and report.region == reports_world.region
    assert report.city is not None


def test_report_create_without_any_place_refused(reports_world):
    with pytest.raises(InvalidInput) as refused:
        reports_world.report(neighbourhood_id=None, latitude="0", longitude="-30")  # the open Atlantic
    assert refused.value.field == "region_id"
    with pytest.raises(InvalidInput) as refused:
        reports_world.report(neighbourhood_id=None)
    assert refused.value.field == "region_id"


@pytest.mark.parametrize(("data", "field"), [
    ({"latitude": "91", "longitude": "46"}, "latitude"),
    ({"latitude": "24", "longitude": "-181"}, "longitude"),
    ({"latitude": "24"}, "longitude"),
    ({"latitude": "NaN", "longitude": "46"}, "latitude"),
    ({"latitude": "1e400", "longitude": "46"}, "latitude"),
    ({"neighbourhood_id": "abc"}, "neighbourhood_id"),
    ({"neighbourhood_id": 999_999_999}, "neighbourhood_id"),
    ({"description": "قصير"}, "description"),
    ({"description": "و" * 4_001}, "description"),
    ({"media_url": "javascript:alert(1)"}, "media_url"),
    ({"contact_email": "not-an-address"}, "contact_email"),
    ({"contact_phone": "call me maybe"}, "contact_phone"),
    ({"address": "سطر\nآخر"}, "address"),
])
def test_report_create_bad_input_refused_with_its_field(reports_world, data, field):
    with pytest.raises(InvalidInput) as refused:
        reports_world.report(**data)
    assert refused.value.field == field
    assert Report.objects.count() == 0


def test_report_create_neighbourhood_of_another_city_refused(reports_world):
    other_city = reports_world.region.cities.exclude(pk=reports_world.city.pk).first()
    with pytest.raises(InvalidInput) as refused:
        reports_world.report(city_id=other_city.pk)
    assert refused.value.field == "neighbourhood_id"


def test_report_create_attributes_checked_by_type_and_values(reports_world):
    roads = reports_world.roads
    with pytest.raises(InvalidInput) as refused:  # hazard level is required
        reports_world.report(category=roads)
    assert refused.value.field == "attributes.hazard"
    with pytest.raises(InvalidInput):
        reports_world.report(category=roads, attributes={"hazard": "catastrophic"})
    with pytest.raises(InvalidInput) as refused:
        reports_world.report(category=roads, attributes={"hazard": "high", "injected": "x"})
    assert refused.value.field == "attributes"
    report = reports_world.report(category=roads, attributes={"hazard": "high"})
    assert report.attributes == {"hazard": "high"}
    lighting = reports_world.report(attributes={"pole-number": " R-1207 ", "lights-out": "3"})
    assert lighting.attributes == {"pole-number": "R-1207", "lights-out": "3"}
    with pytest.raises(InvalidInput) as refused:
        reports_world.report(attributes={"lights-out": "many"})
    assert refused.value.field == "attributes.lights-out"
    cleanliness = ServiceCategory.objects.get(code="cleanliness")
    report = reports_world.report(category=cleanliness, attributes={"waste": ["household", "bulky", "household"]})
    assert report.attributes == {"waste": ["household", "bulky"]}


def test_report_create_anonymous_clears_contact_and_reporter(reports_world):
    report = reports_world.report(anonymous=True, contact_name="سالم", contact_email="salem@example.org")
    assert report.anonymous and report.reporter is None
    assert (report.contact_name, report.contact_email) == ("", "")


def test_report_create_other_category_needs_who_reports(reports_world):
    with pytest.raises(InvalidInput) as refused:
        services.report_create(actor=None, category=reports_world.other, data={
            "description": "ملاحظة على المشهد الحضري في الحي", "neighbourhood_id": reports_world.neighbourhood.pk})
    assert refused.value.field == "contact_name"
    with pytest.raises(InvalidInput):
        reports_world.report(category=reports_world.other, anonymous=True)
    report = services.report_create(actor=None, category=reports_world.other, data={
        "description": "ملاحظة على المشهد الحضري في الحي", "neighbourhood_id": reports_world.neighbourhood.pk,
        "contact_name": "سالم", "contact_phone": "+966 50 123 4567"})
    assert not report.anonymous and report.organization is None  # no route for "other" yet: staff route it


def test_report_create_visitor_without_contact_is_anonymous(reports_world):
    report = reports_world.report(actor=None)
    assert report.anonymous and report.reporter is None


# ---------------------------------------------------------------- the workflow


def test_report_change_status_walks_the_workflow_with_notes(reports_world):
    report = reports_world.report()
    report = reports_world.move(report, "acknowledged", "in_progress", note="فريق الصيانة في الطريق")
    assert report.acknowledged_at is not None and report.closed_at is None
    report = services.report_change_status(actor=reports_world.editor, report=report, status="resolved",
                                           note="استُبدل المصباح وعادت الإنارة")
    assert report.status == "resolved" and report.closed_at is not None
    assert report.resolution_seconds is not None and report.resolution_seconds >= 0
    assert report.status_note == "استُبدل المصباح وعادت الإنارة"
    assert list(report.updates.values_list("status_from", "status_to")) == [
        ("", "submitted"), ("submitted", "acknowledged"), ("acknowledged", "in_progress"),
        ("in_progress", "resolved")]
    told = Notification.objects.filter(user=reports_world.resident).order_by("pk")
    assert told.count() == 3 and str(report.pk) in told.last().title
    assert told.last().url.endswith(f"/reports/{report.pk}/")


def test_report_change_status_bad_transition_is_409(reports_world):
    report = reports_world.move(reports_world.report(), "resolved")
    with pytest.raises(Conflict) as refused:
        services.report_change_status(actor=reports_world.editor, report=report, status="in_progress")
    assert refused.value.code == "bad_transition"
    assert report.updates.count() == 2


def test_report_change_status_reject_needs_a_reason(reports_world):
    report = reports_world.report()
    with pytest.raises(InvalidInput) as refused:
        services.report_change_status(actor=reports_world.editor, report=report, status="rejected", note="  ")
    assert refused.value.field == "note"
    report = services.report_change_status(actor=reports_world.editor, report=report, status="rejected",
                                           note="الموقع خارج نطاق الأمانة")
    assert report.status == "rejected" and report.resolution_seconds is None and report.closed_at


def test_report_change_status_duplicate_names_an_original_of_the_same_category(reports_world):
    original = reports_world.report()
    copy = reports_world.report()
    other = reports_world.report(category=reports_world.roads, attributes={"hazard": "low"})
    with pytest.raises(InvalidInput) as refused:
        services.report_change_status(actor=reports_world.editor, report=copy, status="duplicate", note="مكرر")
    assert refused.value.field == "duplicate_of"
    with pytest.raises(InvalidInput):
        services.report_change_status(actor=reports_world.editor, report=copy, status="duplicate", note="مكرر",
                                      duplicate_of=other)
    with pytest.raises(InvalidInput):
        services.report_change_status(actor=reports_world.editor, report=copy, status="duplicate", note="مكرر",
                                      duplicate_of=copy)
    copy = services.report_change_status(actor=reports_world.editor, report=copy, status="duplicate",
                                         note="بلاغ مكرر", duplicate_of=original)
    assert copy.duplicate_of == original and copy.status == "duplicate"


def test_report_change_status_who_may(reports_world, make_org, make_member, make_user):
    report = reports_world.report()
    outsider_org = make_org()
    for actor in (reports_world.resident, make_member(reports_world.municipality, Role.VIEWER),
                  make_member(outsider_org, Role.ADMIN)):
        with pytest.raises(NotPermitted):
            services.report_change_status(actor=actor, report=report, status="acknowledged")
    services.report_change_status(actor=reports_world.coordinator, report=report, status="acknowledged")
    services.report_change_status(actor=make_user(is_staff=True), report=report, status="in_progress")
    assert Report.objects.get(pk=report.pk).status == "in_progress"


def test_report_change_status_emails_a_reporter_without_account(reports_world, mailoutbox, django_capture_on_commit_callbacks):
    report = reports_world.report(actor=None, contact_name="سالم", contact_email="salem@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_change_status(actor=reports_world.editor, report=report, status="resolved",
                                      note="تم إصلاح العمود", base_url="https://musharaka.example")
    sent = [mail for mail in mailoutbox if mail.to == ["salem@example.org"]]
    assert len(sent) == 1 and "تم إصلاح العمود" in sent[0].body


def test_reports_bulk_status_all_or_nothing(reports_world):
    first, second = reports_world.report(), reports_world.report()
    closed = reports_world.move(reports_world.report(), "resolved")
    with pytest.raises(Conflict):
        services.reports_bulk_status(actor=reports_world.editor, reports=[first, second, closed],
                                     status="acknowledged", note="")
    assert set(Report.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) == {"submitted"}
    assert ReportUpdate.objects.filter(report__in=[first, second]).count() == 2
    changed = services.reports_bulk_status(actor=reports_world.editor, reports=[first, second],
                                           status="acknowledged", note="وصل البلاغ إلى فريق الإنارة")
    assert changed == 2
    assert set(Report.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) \
        == {"acknowledged"}


def test_reports_bulk_status_one_not_handled_changes_none(reports_world, make_org):
    other_org = make_org("بلدية أخرى", sector=Sector.AUTHORITY)
    mine = reports_world.report()
    theirs = reports_world.report(category=reports_world.roads, attributes={"hazard": "low"})
    services.report_reroute(actor=reports_world.coordinator, report=theirs, organization=other_org)
    with pytest.raises(NotPermitted):
        services.reports_bulk_status(actor=reports_world.editor, reports=[mine, theirs], status="acknowledged")
    assert Report.objects.get(pk=mine.pk).status == "submitted"


def test_report_reroute_writes_the_timeline_and_tells_the_new_staff(reports_world, make_org, make_member):
    other_org = make_org("شركة الكهرباء", sector=Sector.PRIVATE)
    other_editor = make_member(other_org, Role.EDITOR)
    report = services.report_reroute(actor=reports_world.editor, report=reports_world.report(),
                                     organization=other_org)
    assert report.organization == other_org
    assert report.updates.last().note.endswith("شركة الكهرباء.")
    assert Notification.objects.filter(user=other_editor).count() == 1
    with pytest.raises(NotPermitted):  # no longer theirs
        services.report_change_status(actor=reports_world.editor, report=report, status="acknowledged")


# ---------------------------------------------------------------- selectors


def test_nearby_duplicates_same_category_within_150_m_or_same_neighbourhood(reports_world):
    near = reports_world.report(neighbourhood_id=None, latitude="24.700000", longitude="46.690000")
    reports_world.report(neighbourhood_id=None, latitude="24.700000", longitude="46.700000",
                         category=reports_world.roads, attributes={"hazard": "low"})
    far_other_place = reports_world.report(neighbourhood_id=None, latitude="24.760000", longitude="46.600000")
    closed = reports_world.move(reports_world.report(neighbourhood_id=None, latitude="24.700100",
                                                     longitude="46.690100"), "resolved")
    found = selectors.nearby_duplicates(reports_world.lighting, Decimal("24.700500"), Decimal("46.690500"), None)
    assert [row["id"] for row in found] == [near.pk]
    assert 50 < found[0]["distance_m"] < 100
    by_place = selectors.nearby_duplicates(reports_world.lighting, None, None, reports_world.neighbourhood)
    assert near.pk in [row["id"] for row in by_place]
    assert far_other_place.pk not in [row["id"] for row in by_place] and closed.pk not in [r["id"] for r in by_place]


def test_report_rows_filter_by_place_category_status(reports_world):
    first = reports_world.report()
    second = reports_world.move(reports_world.report(), "acknowledged")
    road = reports_world.report(category=reports_world.roads, attributes={"hazard": "low"})
    rows = list(selectors.report_rows(neighbourhood_id=reports_world.neighbourhood.pk))
    assert [row["id"] for row in rows] == [road.pk, second.pk, first.pk]
    assert "contact_email" not in rows[0] and "reporter_id" not in rows[0]
    assert [r["id"] for r in selectors.report_rows(category_id=reports_world.lighting.pk, status="acknowledged")] \
        == [second.pk]
    assert [r["id"] for r in selectors.report_rows(city_id=reports_world.city.pk, status="open")] \
        == [road.pk, second.pk, first.pk]


def test_queue_rows_of_the_organisation_open_by_default(reports_world):
    open_one = reports_world.report()
    resolved = reports_world.move(reports_world.report(), "resolved")
    reports_world.report(category=reports_world.roads, attributes={"hazard": "low"})  # no route: no organisation
    assert [row["id"] for row in selectors.queue_rows(organization=reports_world.municipality)] == [open_one.pk]
    assert [row["id"] for row in selectors.queue_rows(organization=reports_world.municipality,
                                                      status="resolved")] == [resolved.pk]


def test_resolution_medians_by_category_and_region(reports_world):
    seconds = {}
    for value in (100, 400, 300, 1000):
        report = reports_world.move(reports_world.report(), "resolved")
        Report.objects.filter(pk=report.pk).update(resolution_seconds=value)
        seconds[report.pk] = value
    road = reports_world.move(reports_world.report(category=reports_world.roads, attributes={"hazard": "low"}),
                              "resolved", actor=reports_world.coordinator)
    Report.objects.filter(pk=road.pk).update(resolution_seconds=50)
    reports_world.report()  # open: not counted
    medians = selectors.resolution_medians()
    by_code = {row["code"]: (row["median_seconds"], row["resolved"]) for row in medians["by_category"]}
    assert by_code == {"lighting": (350, 4), "roads": (50, 1)}  # (300 + 400) / 2; the single value
    assert [(row["region_id"], row["median_seconds"], row["resolved"]) for row in medians["by_region"]] == [
        (reports_world.region.pk, 300, 5)]  # 50 100 [300] 400 1000


def test_report_page_contact_only_for_handlers_and_the_reporter(reports_world, make_user):
    report = reports_world.report(contact_phone="0501234567")
    assert selectors.report_page(report, user=reports_world.editor)["show_contact"]
    assert selectors.report_page(report, user=reports_world.resident)["show_contact"]
    assert not selectors.report_page(report, user=make_user())["show_contact"]
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.report_page(report, user=AnonymousUser())["show_contact"]


def test_report_by_token_finds_only_the_exact_token(reports_world):
    from musharaka.core.errors import NotFound

    report = reports_world.report()
    assert selectors.report_by_token(report.token) == report
    with pytest.raises(NotFound):
        selectors.report_by_token(report.token[:-1])
    with pytest.raises(NotFound):
        selectors.report_by_token("")
