"""Recommendations (توصيات): transitions and who may make them, the history of every status change, the tracker's
filters (overdue above all) with constant queries, evidence uploads, and the API."""

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from musharaka.accounts.services import api_token_create
from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.events import recommendations as recs
from musharaka.events import services
from musharaka.events.models import Recommendation, RecommendationEvidence, RecommendationStatus
from musharaka.orgs.models import Role, Sector
from musharaka.taxonomy.models import Axis

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


@pytest.fixture
def municipality(make_org, region):
    return make_org("أمانة منطقة المدينة المنورة", sector=Sector.GOVERNMENT, region=region,
                    name_en="Madinah Municipality")


@pytest.fixture
def follower(municipality, make_member):
    return make_member(municipality, Role.EDITOR)


@pytest.fixture
def forum(make_event):
    return make_event(days_ahead=-3)


@pytest.fixture
def record(forum, organiser, municipality):
    def make(text="إشراك السكان في تصميم المشهد الحضري للأحياء", *, event=None, due=None, organization=None,
             axis="sustainability"):
        return recs.recommendation_create(actor=organiser[1], event=event or forum, data={
            "text_ar": text, "organization": organization or municipality, "due_date": due,
            "axis": Axis.objects.filter(code=axis).first()})

    return make


def test_recommendation_create_numbers_them_and_starts_proposed(record, forum):
    first, second = record(), record("تفعيل منصة للتطوع في مبادرات الأحياء")
    assert (first.number, second.number) == (1, 2)
    assert first.status == RecommendationStatus.PROPOSED
    assert (first.region_id, first.event_published) == (forum.region_id, True)


def test_recommendation_create_refused_to_the_responsible_organisation_and_outsiders(forum, follower, make_user,
                                                                                      municipality):
    for actor in (follower, make_user("resident")):
        with pytest.raises(NotPermitted):
            recs.recommendation_create(actor=actor, event=forum, data={"text_ar": "نص", "organization": municipality})


def test_recommendation_create_needs_arabic_text(forum, organiser, municipality):
    with pytest.raises(InvalidInput) as error:
        recs.recommendation_create(actor=organiser[1], event=forum, data={"text_ar": "  ", "organization": municipality})
    assert error.value.field == "text_ar"


@pytest.mark.parametrize(("path", "allowed"), [
    (["adopted", "in_progress", "done"], True),
    (["adopted", "done"], True),
    (["in_progress", "done"], True),
    (["done"], False),
    (["adopted", "in_progress", "done", "in_progress"], False),
    (["dropped", "adopted"], False),
])
def test_recommendation_transitions_follow_the_allowed_moves(record, follower, path, allowed):
    recommendation = record()
    try:
        for status in path:
            recs.recommendation_post_update(actor=follower, recommendation=recommendation, text=f"انتقال إلى {status}",
                                            status=status)
    except Conflict as error:
        assert not allowed and error.code == "transition_not_allowed"
    else:
        assert allowed and recommendation.status == path[-1]


def test_recommendation_dropped_needs_a_reason_recorded_in_the_history(record, follower):
    recommendation = record()
    with pytest.raises(InvalidInput):
        recs.recommendation_post_update(actor=follower, recommendation=recommendation, text=" ", status="dropped")
    recs.recommendation_post_update(actor=follower, recommendation=recommendation, status="dropped",
                                    text="تعذر التنفيذ لعدم توفر الأرض المخصصة")
    last = recs.status_history(recommendation)[-1]
    assert (last["old"], last["new"], last["reason"]) == ("proposed", "dropped", "تعذر التنفيذ لعدم توفر الأرض المخصصة")


def test_recommendation_every_status_change_is_in_the_history_with_who_and_why(record, follower, make_coordinator,
                                                                             region):
    coordinator = make_coordinator(region)
    recommendation = record()
    recs.recommendation_post_update(actor=follower, recommendation=recommendation, text="اعتمدتها الأمانة", status="adopted")
    recs.recommendation_post_update(actor=follower, recommendation=recommendation, text="زيارة ميدانية للحي")  # no move
    recs.recommendation_post_update(actor=coordinator, recommendation=recommendation, text="بدأ التنفيذ",
                                    status="in_progress")
    history = recs.status_history(recommendation)
    assert [(row["old"], row["new"], row["reason"]) for row in history] == [
        (None, "proposed", "سُجلت" if False else history[0]["reason"]),
        ("proposed", "adopted", "اعتمدتها الأمانة"),
        ("adopted", "in_progress", "بدأ التنفيذ"),
    ]
    assert all(row["reason"] for row in history)
    assert history[2]["who"] in (coordinator.get_full_name(), coordinator.username)
    recommendation.refresh_from_db()
    assert recommendation.updates_count == 3
    assert recommendation.history.count() == 3  # the counter alone writes no history row


@pytest.mark.parametrize(("role", "allowed"), [
    ("responsible_editor", True), ("responsible_admin", True), ("responsible_viewer", False),
    ("organiser_editor", False), ("coordinator", True), ("other_coordinator", False), ("platform_admin", True),
    ("resident", False),
])
def test_recommendation_follow_up_by_role(record, municipality, make_member, make_coordinator, region, other_region,
                                          platform_admin, organiser, make_user, role, allowed):
    actors = {
        "responsible_editor": lambda: make_member(municipality, Role.EDITOR),
        "responsible_admin": lambda: make_member(municipality, Role.ADMIN),
        "responsible_viewer": lambda: make_member(municipality, Role.VIEWER),
        "organiser_editor": lambda: organiser[1],
        "coordinator": lambda: make_coordinator(region),
        "other_coordinator": lambda: make_coordinator(other_region),
        "platform_admin": lambda: platform_admin,
        "resident": lambda: make_user("resident"),
    }
    recommendation = record()
    try:
        recs.recommendation_post_update(actor=actors[role](), recommendation=recommendation, text="اعتماد",
                                        status="adopted")
    except NotPermitted:
        assert not allowed
    else:
        assert allowed
    recommendation.refresh_from_db()
    assert recommendation.status == ("adopted" if allowed else "proposed")


def test_recommendation_update_cannot_be_dated_in_the_future(record, follower):
    with pytest.raises(InvalidInput):
        recs.recommendation_post_update(actor=follower, recommendation=record(), text="غداً",
                                        date=timezone.localdate() + datetime.timedelta(days=1))


# ---------------------------------------------------------------- the tracker


def _ids(filters, **kwargs):
    return {row["id"] for row in recs.tracker_rows(recs.with_status(recs.tracker(filters, **kwargs), filters.status))}


def test_tracker_overdue_is_due_before_today_and_still_open(record, follower):
    today = timezone.localdate()
    late = record(due=today - datetime.timedelta(days=1))
    done_late = record("تطوير الحدائق العامة", due=today - datetime.timedelta(days=1))
    for status in ("adopted", "done"):
        recs.recommendation_post_update(actor=follower, recommendation=done_late, text="أنجزت", status=status)
    due_today = record("خطة التنمية المحلية", due=today)
    undated = record("قياس الأثر الاجتماعي", due=None)
    assert _ids(recs.RecommendationFilters(overdue=True)) == {late.pk}
    rows = {row["id"]: row["overdue"] for row in recs.tracker_rows(recs.tracker(recs.RecommendationFilters()))}
    assert rows == {late.pk: True, done_late.pk: False, due_today.pk: False, undated.pk: False}


def test_tracker_filters_combine(record, follower, make_org, other_region, make_event, organiser, municipality):
    today = timezone.localdate()
    other_org = make_org("جمعية التنمية الأهلية", name_en="Development Association")
    a = record(due=today - datetime.timedelta(days=2), axis="sustainability")
    b = record("تفعيل التطوع", due=today - datetime.timedelta(days=2), axis="quality-of-life", organization=other_org)
    c = record("تحسين المشهد الحضري", due=today + datetime.timedelta(days=30), axis="sustainability")
    recs.recommendation_post_update(actor=follower, recommendation=c, text="اعتماد", status="adopted")
    axis = Axis.objects.get(code="sustainability")
    assert _ids(recs.RecommendationFilters(axis=axis.code)) == {a.pk, c.pk}
    assert _ids(recs.RecommendationFilters(axis=axis.code, status="adopted")) == {c.pk}
    assert _ids(recs.RecommendationFilters(axis=axis.code, overdue=True)) == {a.pk}
    assert _ids(recs.RecommendationFilters(organization=other_org.pk, overdue=True)) == {b.pk}
    assert _ids(recs.RecommendationFilters(region=other_region.pk)) == set()
    assert _ids(recs.RecommendationFilters(region=municipality.region_id, status="proposed")) == {a.pk, b.pk}
    counts = recs.status_counts(recs.tracker(recs.RecommendationFilters(axis=axis.code)))
    assert (counts["proposed"], counts["adopted"], counts["done"]) == (1, 1, 0)


def test_tracker_across_events_shows_only_published_events(record, make_event, organiser):
    draft = make_event(published=False, title_ar="ورشة خطة التنمية المحلية")
    public, hidden = record(), record(event=draft)
    assert _ids(recs.RecommendationFilters()) == {public.pk}
    services.event_update(actor=organiser[1], event=draft, data={"is_published": True})
    assert _ids(recs.RecommendationFilters()) == {public.pk, hidden.pk}


def test_tracker_page_filters_by_status_and_overdue_in_constant_queries(client, record, follower, django_assert_max_num_queries):
    today = timezone.localdate()
    for number in range(3):
        record(f"توصية رقم {number}", due=today - datetime.timedelta(days=1))
    url = reverse("events:recommendations")
    client.get(url)  # the filters' regions and axes, kept until one of them changes
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"status": "proposed", "overdue": "on"}).status_code == 200
    for number in range(12):
        recommendation = record(f"توصية إضافية {number}", due=today - datetime.timedelta(days=1))
        recs.recommendation_post_update(actor=follower, recommendation=recommendation, text="اعتماد", status="adopted")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"status": "adopted", "overdue": "on"})
    assert len(many) == len(few) <= 4  # the versions, the counts, the page's rows
    body = response.content.decode()
    assert body.count('data-testid="recommendation-row"') == 12
    assert body.count('data-testid="overdue"') == 12
    with CaptureQueriesContext(connection) as again:
        assert client.get(url, {"status": "adopted", "overdue": "on"}).content.decode().count('data-testid="overdue"') == 12
    assert len(again) == 1  # the versions: counts, rows and their HTML from the cache


def test_event_page_links_its_tracker_and_the_event_tracker_lists_them(client, record, forum):
    record()
    assert reverse("events:event_recommendations", args=[forum.pk]) in client.get(
        reverse("events:detail", args=[forum.pk])).content.decode()
    response = client.get(reverse("events:event_recommendations", args=[forum.pk]))
    assert response.content.decode().count('data-testid="recommendation-row"') == 1


def test_draft_event_recommendations_are_hidden_from_outsiders(client, record, make_event, make_user):
    draft = make_event(published=False, title_ar="اجتماع تنسيقي")
    recommendation = record(event=draft)
    assert client.get(reverse("events:recommendation", args=[recommendation.pk])).status_code == 404
    assert client.get(reverse("events:event_recommendations", args=[draft.pk])).status_code == 404


def test_organiser_records_through_the_page(client_for, forum, organiser, municipality):
    response = client_for(organiser[1]).post(reverse("events:event_recommendations", args=[forum.pk]), {
        "text_ar": "إعداد خطة تنمية محلية بمشاركة السكان", "organization": municipality.pk,
        "due_date": "2027-06-30"})
    assert response.status_code == 302
    assert Recommendation.objects.get().due_date == datetime.date(2027, 6, 30)


def test_recommendation_form_offers_the_chosen_organisation_and_a_search_not_every_organisation(
        client_for, forum, organiser, municipality, make_org):
    for number in range(30):
        make_org(f"جمعية البر الخيرية {number}")
    client = client_for(organiser[1])
    form = client.get(reverse("events:event_recommendations", args=[forum.pk])).context["form"]
    assert [value for value, _label in form.fields["organization"].widget.choices] == [""]
    body = client.get(reverse("events:event_recommendations", args=[forum.pk])).content.decode()
    assert reverse("orgs:options") in body and "جمعية البر الخيرية 7" not in body
    # A refused form keeps the organisation that was chosen.
    refused = client.post(reverse("events:event_recommendations", args=[forum.pk]),
                          {"text_ar": "", "organization": municipality.pk})
    chosen = refused.context["form"].fields["organization"].widget.choices
    assert [value for value, _label in chosen] == ["", municipality.pk]
    # The search answers with options whatever the alef, ta marbuta and diacritics typed.
    options = client.get(reverse("orgs:options"), {"organization_search": "امانه منطقة المدينه"}).content.decode()
    assert f'value="{municipality.pk}"' in options and "جمعية البر" not in options


def test_responsible_org_posts_update_with_evidence_through_the_page(client_for, record, follower):
    recommendation = record()
    response = client_for(follower).post(reverse("events:recommendation", args=[recommendation.pk]), {
        "text": "اعتمد المجلس البلدي التوصية", "status": "adopted",
        "evidence": [SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
                                        "application/pdf")]})
    assert response.status_code == 302
    evidence = RecommendationEvidence.objects.get()
    page = client_for(None).get(reverse("events:recommendation", args=[recommendation.pk])).content.decode()
    assert evidence.url in page and "اعتمد المجلس البلدي التوصية" in page
    file_response = client_for(None).get(evidence.url)
    assert file_response.status_code == 200 and file_response["Cache-Control"].startswith("public")


def _png_with_gps() -> bytes:
    image = Image.new("RGB", (8, 8), (1, 2, 3))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (24.0, 28.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.parametrize(("name", "content"), [
    ("report.pdf", b"<script>alert(1)</script>"),
    ("photo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("run.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
    ("page.html", b"<!doctype html><html><body>x</body></html>"),
    ("fake.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
])
def test_evidence_upload_refuses_hostile_files(client_for, record, follower, name, content):
    recommendation = record()
    response = client_for(follower).post(reverse("events:recommendation", args=[recommendation.pk]), {
        "text": "محضر الاجتماع", "evidence": [SimpleUploadedFile(name, content)]})
    assert response.status_code == 200
    assert not RecommendationEvidence.objects.exists()
    recommendation.refresh_from_db()
    assert recommendation.updates_count == 0


def test_evidence_upload_refuses_an_oversize_file(record, follower, settings):
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(InvalidInput):
        recs.recommendation_post_update(actor=follower, recommendation=record(), text="ملف كبير", evidence=[big])


def test_evidence_photo_loses_its_gps_position(record, follower):
    update = recs.recommendation_post_update(actor=follower, recommendation=record(), text="صورة من الموقع",
                                             evidence=[SimpleUploadedFile("site.jpg", _png_with_gps())])
    with Image.open(update.evidence.get().file) as image:
        assert not image.getexif().get(0x8825)


def test_evidence_of_a_draft_event_is_private(client_for, record, make_event, follower):
    draft = make_event(published=False, title_ar="ورشة مغلقة")
    update = recs.recommendation_post_update(
        actor=follower, recommendation=record(event=draft), text="محضر",
        evidence=[SimpleUploadedFile("m.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")])
    url = update.evidence.get().url
    assert client_for(None).get(url).status_code == 404
    response = client_for(follower).get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


# ---------------------------------------------------------------- API


def _api(user):
    from django.test import Client

    return Client(headers={"Authorization": f"Bearer {api_token_create(user=user, name='t')[1]}"})


def test_api_records_and_follows_up(forum, organiser, municipality, follower):
    response = _api(organiser[1]).post(f"/api/v1/events/{forum.pk}/recommendations", json.dumps({
        "text_ar": "تعزيز المشاركة المجتمعية في تطوير الأحياء", "organization": municipality.pk, "axis": "sustainability",
        "due_date": "2027-01-31"}), content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["status"], created["axis"]["code"], created["overdue"]) == ("proposed", "sustainability", False)
    answer = _api(follower).post(f"/api/v1/events/recommendations/{created['id']}/updates",
                                 json.dumps({"text": "اعتمدت الأمانة التوصية", "status": "adopted"}),
                                 content_type="application/json")
    assert answer.status_code == 201 and answer.json()["status"] == "adopted"
    refused = _api(organiser[1]).post(f"/api/v1/events/recommendations/{created['id']}/updates",
                                      json.dumps({"text": "تم", "status": "done"}), content_type="application/json")
    assert refused.status_code == 403
    wrong = _api(follower).post(f"/api/v1/events/recommendations/{created['id']}/updates",
                                json.dumps({"text": "رجوع", "status": "proposed"}), content_type="application/json")
    assert wrong.status_code == 409


def test_api_lists_with_filters(client, record, follower, forum):
    today = timezone.localdate()
    late = record(due=today - datetime.timedelta(days=1))
    record("توصية أخرى", due=today + datetime.timedelta(days=5))
    answer = client.get("/api/v1/events/recommendations", {"overdue": "true", "status": "proposed"}).json()
    assert (answer["count"], answer["results"][0]["id"], answer["results"][0]["overdue"]) == (1, late.pk, True)
    assert client.get(f"/api/v1/events/{forum.pk}/recommendations").json()["count"] == 2
