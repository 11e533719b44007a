import datetime

import pytest

from musharaka.initiatives.models import Initiative, Status, Transition
from musharaka.orgs.models import Role
from musharaka.taxonomy.models import SDG, Axis


def post(client, url, payload=None):
    return client.post(url, payload or {}, content_type="application/json")


def patch(client, url, payload):
    return client.patch(url, payload, content_type="application/json")


@pytest.fixture
def editor_and_org(make_org, make_member):
    organization = make_org("جمعية أصدقاء البيئة بالرياض")
    return make_member(organization, Role.EDITOR), organization


def test_create_through_the_api(client_for, editor_and_org, region):
    editor, organization = editor_and_org
    city = region.cities.first()
    payload = {
        "lead_organization_id": organization.pk,
        "title_ar": "مبادرة أحياء خضراء",
        "summary_ar": "تشجير الأحياء السكنية بمشاركة السكان",
        "axes": ["sustainability", "quality-of-life"],
        "sdgs": [11, 13],
        "target_groups": ["residents"],
        "places": [{"region_id": region.pk, "city_id": city.pk}],
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "budget": "150000.00",
        "currency": "SAR",
        "planned_beneficiaries": 5000,
    }
    response = post(client_for(editor), "/api/v1/initiatives", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["axes"] == ["sustainability", "quality-of-life"]
    assert body["sdgs"] == [11, 13]
    assert body["places"][0]["city"]["id"] == city.pk
    assert body["version"] == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"axes": ["no-such-axis"]}, "unknown_reference"),
        ({"sdgs": [18]}, "invalid"),  # the document says 1–17: refused by the schema
        ({"end_date": "2025-01-01"}, "end_before_start"),
        ({"budget": "-5"}, "invalid"),
        ({"budget": 1.1066413942212248e308}, "invalid"),  # the fuzzing's: too many digits to round, was a 500
        ({"budget": 1e13}, "invalid"),
        ({"title_ar": ""}, "invalid"),
        ({"currency": "XXX"}, "invalid"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(client_for, editor_and_org, change, code):
    editor, organization = editor_and_org
    payload = {"lead_organization_id": organization.pk, "title_ar": "مبادرة", "summary_ar": "ملخص المبادرة",
               "start_date": "2026-01-01", **change}
    response = post(client_for(editor), "/api/v1/initiatives", payload)
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert not Initiative.objects.exists()


def test_create_for_another_organization_is_refused(client_for, editor_and_org, make_org):
    editor, _organization = editor_and_org
    other = make_org()
    response = post(client_for(editor), "/api/v1/initiatives",
                    {"lead_organization_id": other.pk, "title_ar": "مبادرة", "summary_ar": "ملخص المبادرة"})
    assert response.status_code == 403
    assert not Initiative.objects.exists()


def test_create_needs_authentication(client, editor_and_org):
    _editor, organization = editor_and_org
    response = post(client, "/api/v1/initiatives",
                    {"lead_organization_id": organization.pk, "title_ar": "مبادرة", "summary_ar": "ملخص"})
    assert response.status_code == 401


def test_workflow_through_the_api(client_for, make_initiative, make_coordinator, region, other_region):
    initiative = make_initiative()
    lead_editor = initiative.created_by
    url = f"/api/v1/initiatives/{initiative.pk}"
    assert post(client_for(lead_editor), f"{url}/approve").status_code == 403
    assert post(client_for(lead_editor), f"{url}/submit").json()["status"] == "submitted"
    # A coordinator of another region cannot even see it.
    assert post(client_for(make_coordinator(other_region)), f"{url}/approve").status_code == 404
    coordinator = make_coordinator(region)
    rejected = post(client_for(coordinator), f"{url}/reject")
    assert rejected.status_code == 422
    assert rejected.json()["code"] == "reason_required"
    body = post(client_for(coordinator), f"{url}/reject", {"reason": "أضيفوا مؤشرات قياس واضحة"}).json()
    assert body["status"] == "draft"
    assert body["rejection_reason"] == "أضيفوا مؤشرات قياس واضحة"
    post(client_for(lead_editor), f"{url}/submit")
    assert post(client_for(coordinator), f"{url}/approve").json()["status"] == "approved"
    assert post(client_for(lead_editor), f"{url}/activate").json()["status"] == "active"
    assert post(client_for(lead_editor), f"{url}/complete").json()["status"] == "completed"
    steps = list(Transition.objects.filter(initiative=initiative).values_list("action", "actor"))
    assert steps == [
        ("submit", lead_editor.pk), ("reject", coordinator.pk), ("submit", lead_editor.pk),
        ("approve", coordinator.pk), ("activate", lead_editor.pk), ("complete", lead_editor.pk),
    ]


def test_workflow_notifies_the_people_concerned(client_for, make_initiative, make_coordinator, region, mailoutbox):
    from musharaka.notifications.models import Notification

    coordinator = make_coordinator(region)
    initiative = make_initiative()
    post(client_for(initiative.created_by), f"/api/v1/initiatives/{initiative.pk}/submit")
    assert Notification.objects.filter(user=coordinator).count() == 1


def test_a_wrong_step_is_refused(client_for, make_initiative):
    initiative = make_initiative(status="approved")
    response = post(client_for(initiative.created_by), f"/api/v1/initiatives/{initiative.pk}/complete")
    assert response.status_code == 403
    assert post(client_for(initiative.created_by), f"/api/v1/initiatives/{initiative.pk}/fly").status_code == 422


def test_update_with_a_stale_version_is_a_conflict(client_for, make_initiative):
    initiative = make_initiative()
    client = client_for(initiative.created_by)
    url = f"/api/v1/initiatives/{initiative.pk}"
    first = patch(client, url, {"title_en": "Green districts", "version": 1})
    assert first.status_code == 200
    assert first.json()["version"] == 2
    second = patch(client, url, {"title_en": "Overwritten", "version": 1})
    assert second.status_code == 409
    assert second.json()["code"] == "stale_version"
    initiative.refresh_from_db()
    assert initiative.title_en == "Green districts"


def test_update_refused_to_foreign_editors_and_viewers(client_for, make_initiative, make_member, make_org):
    initiative = make_initiative()
    viewer = make_member(initiative.lead_organization, Role.VIEWER)
    foreign = make_member(make_org(), Role.EDITOR)
    url = f"/api/v1/initiatives/{initiative.pk}"
    assert patch(client_for(viewer), url, {"title_en": "x"}).status_code == 403
    assert patch(client_for(foreign), url, {"title_en": "x"}).status_code == 404  # its draft is invisible to them


def test_drafts_are_invisible_to_others(client, client_for, make_initiative, make_user):
    draft = make_initiative()
    assert client.get(f"/api/v1/initiatives/{draft.pk}").status_code == 404
    assert client_for(make_user()).get(f"/api/v1/initiatives/{draft.pk}").status_code == 404
    assert client_for(draft.created_by).get(f"/api/v1/initiatives/{draft.pk}").status_code == 200
    assert client.get("/api/v1/initiatives").json()["count"] == 0


def test_list_filters_and_search(client, make_initiative, make_org, region, other_region):
    sustainability = Axis.objects.get(code="sustainability")
    innovation = Axis.objects.get(code="innovation")
    make_initiative(status="approved", title_ar="مبادرة الأحياء الخضراء", axes=[sustainability],
                    start_date=datetime.date(2025, 3, 1))
    make_initiative(status="active", title_ar="حاضنة الابتكار الاجتماعي", axes=[innovation],
                    start_date=datetime.date(2026, 3, 1))
    make_initiative(make_org(region=other_region), status="completed", title_ar="تدوير النفايات في جدة",
                    axes=[sustainability], sdgs=[SDG.objects.get(number=12)])
    make_initiative(status="draft", title_ar="مسودة لا تظهر")

    def titles(**params):
        return sorted(item["title_ar"] for item in client.get("/api/v1/initiatives", params).json()["results"])

    assert titles(region=region.pk) == ["حاضنة الابتكار الاجتماعي", "مبادرة الأحياء الخضراء"]
    assert titles(axis=sustainability.pk) == ["تدوير النفايات في جدة", "مبادرة الأحياء الخضراء"]
    assert titles(status="active") == ["حاضنة الابتكار الاجتماعي"]
    assert titles(year=2025) == ["مبادرة الأحياء الخضراء"]
    assert titles(sdg=12) == ["تدوير النفايات في جدة"]
    assert titles(region=region.pk, axis=sustainability.pk, status="approved") == ["مبادرة الأحياء الخضراء"]
    for query in ["الاحياء الخضراء", "أحياء خضراء", "الأَحْيَاءُ", "الخضراء", "خضراء"]:
        assert titles(q=query) == ["مبادرة الأحياء الخضراء"], query
    assert titles(q="النفايات جدة") == ["تدوير النفايات في جدة"]


def test_list_pages_with_a_fixed_number_of_queries(client, make_initiative, django_assert_max_num_queries):
    axes = list(Axis.objects.all()[:3])
    for _ in range(12):
        make_initiative(status="approved", axes=axes, sdgs=list(SDG.objects.all()[:2]))
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/initiatives", {"page_size": 12}).json()
    assert len(body["results"]) == 12
    with django_assert_max_num_queries(6):
        client.get("/api/v1/initiatives", {"page_size": 3, "q": "مبادرة"})


def test_detail_runs_a_fixed_number_of_queries(client, make_initiative, make_org, django_assert_max_num_queries):
    from musharaka.initiatives.models import InitiativePartner

    initiative = make_initiative(status="approved")
    for _ in range(4):
        InitiativePartner.objects.create(initiative=initiative, organization=make_org(), role="funder")
    with django_assert_max_num_queries(12):
        body = client.get(f"/api/v1/initiatives/{initiative.pk}").json()
    assert len(body["partners"]) == 4
    assert [step["action"] for step in body["transitions"]] == ["submit", "approve"]


def test_replicate_creates_a_linked_draft(client_for, make_initiative, make_member, make_org, other_region):
    source = make_initiative(status="completed", results_ar="زرع ٥٠٠ شجرة")
    organization = make_org("بلدية جدة", region=other_region)
    editor = make_member(organization, Role.ADMIN)
    response = post(client_for(editor), f"/api/v1/initiatives/{source.pk}/replicate", {"organization_id": organization.pk})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft"
    assert body["region"]["code"] == other_region.code
    assert body["replicated_from"]["id"] == source.pk
    source.refresh_from_db()
    assert source.replication_count == 1
    replicas = client_for(editor).get(f"/api/v1/initiatives/{source.pk}/replications").json()
    assert [item["id"] for item in replicas] == [body["id"]]


def test_replicating_a_draft_or_into_a_foreign_org_is_refused(client_for, make_initiative, make_member, make_org):
    draft = make_initiative()
    editor = make_member(draft.lead_organization, Role.EDITOR)
    foreign = make_org()
    published = make_initiative(status="approved")
    assert post(client_for(editor), f"/api/v1/initiatives/{published.pk}/replicate",
                {"organization_id": foreign.pk}).status_code == 403


def test_mark_success_by_the_coordinator(client_for, make_initiative, make_coordinator, region):
    initiative = make_initiative(status="completed")
    coordinator = make_coordinator(region)
    url = f"/api/v1/initiatives/{initiative.pk}/mark-success"
    assert post(client_for(coordinator), url).status_code == 403  # no results yet
    Initiative.objects.filter(pk=initiative.pk).update(results_ar="خفض الهدر بنسبة ٣٠٪")
    assert post(client_for(initiative.created_by), url).status_code == 403
    assert post(client_for(coordinator), url).json()["is_success_story"] is True


def test_similar_initiatives_come_from_other_regions(client, make_initiative, make_org, other_region,
                                                     django_capture_on_commit_callbacks):
    sustainability = Axis.objects.get(code="sustainability")
    source = make_initiative(status="approved", title_ar="تشجير الأحياء السكنية", summary_ar="زراعة الأشجار في الأحياء",
                             axes=[sustainability])
    make_initiative(status="approved", title_ar="تشجير الحدائق العامة", summary_ar="أشجار")  # same region: not shown
    twin = make_initiative(make_org(region=other_region), status="approved", title_ar="مبادرة تشجير الأحياء",
                           summary_ar="غرس الأشجار مع السكان", axes=[sustainability])
    make_initiative(make_org(region=other_region), status="approved", title_ar="حاضنة أعمال للشباب",
                    summary_ar="دعم رواد الأعمال")
    # Not computed yet: an empty list, and the computation is asked of the worker.
    with django_capture_on_commit_callbacks(execute=True) as asked:
        assert client.get(f"/api/v1/initiatives/{source.pk}/similar").json() == []
    assert len(asked) == 1
    body = client.get(f"/api/v1/initiatives/{source.pk}/similar").json()
    assert [item["id"] for item in body] == [twin.pk]


def test_status_values_are_the_workflow(client):
    assert set(Status.values) == {"draft", "submitted", "approved", "active", "completed", "cancelled"}


def test_attachments_are_served_only_to_those_who_see_the_initiative(client, client_for, make_initiative, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from musharaka.initiatives import services

    draft = make_initiative()
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf")
    attachment = services.attachment_add(actor=draft.created_by, initiative=draft, title="الخطة", upload=pdf)
    url = f"/initiatives/{draft.pk}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 404
    response = client_for(draft.created_by).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert attachment.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))  # not under /media/, which the proxy serves
