"""Pages of initiatives: catalogue, initiative page and workflow buttons, forms, portfolio."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from musharaka.geo.models import City, Neighbourhood
from musharaka.initiatives import counts, services, tasks
from musharaka.initiatives.models import Initiative, InitiativeAttachment, PartnerRole, Status, Transition
from musharaka.initiatives.tests.payloads import initiative_form_data
from musharaka.notifications.models import Notification
from musharaka.orgs.models import Role, Sector
from musharaka.taxonomy.models import SDG, Axis, TargetGroup


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 75)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def lead_org(make_org):
    return make_org("جمعية التنمية الأهلية بحي النسيم", name_en="Al-Naseem Development Association")


@pytest.fixture
def editor(lead_org, make_member):
    return make_member(lead_org, Role.EDITOR)


@pytest.fixture
def coordinator(make_coordinator, region):
    return make_coordinator(region)


@pytest.fixture
def make_initiative(editor, lead_org, coordinator):
    def make(title="مبادرة تشجير الأحياء", *, status=Status.DRAFT, organization=None, actor=None, **data):
        actor = actor or editor
        organization = organization or lead_org
        data.setdefault("summary_ar", "زراعة الأشجار في الأحياء السكنية بمشاركة السكان")
        initiative = services.initiative_create(actor=actor, organization=organization, data={"title_ar": title, **data})
        order = [Status.SUBMITTED, Status.APPROVED, Status.ACTIVE, Status.COMPLETED]
        steps = {Status.SUBMITTED: ("submit", actor), Status.APPROVED: ("approve", coordinator),
                 Status.ACTIVE: ("activate", actor), Status.COMPLETED: ("complete", actor)}
        if status in order:
            for step in order[: order.index(status) + 1]:
                action, who = steps[step]
                initiative = services.initiative_transition(actor=who, initiative=initiative, action=action)
        return initiative

    return make


def publish_many(make_initiative, count, **data):
    return [make_initiative(f"مبادرة رقم {number}", status=Status.APPROVED, **data) for number in range(count)]


# ---------------------------------------------------------------- catalogue


def test_catalogue_in_arabic_and_english_shows_published_only(client, make_initiative):
    make_initiative("مبادرة تشجير الأحياء", status=Status.APPROVED, title_en="Greening the neighbourhoods")
    make_initiative("مسودة لم تنشر بعد")
    arabic = client.get("/initiatives/")
    english = client.get("/en/initiatives/")
    assert arabic.status_code == english.status_code == 200
    assert '<html lang="ar" dir="rtl">' in arabic.text
    assert "مبادرة تشجير الأحياء" in arabic.text
    assert "مسودة لم تنشر بعد" not in arabic.text
    assert '<html lang="en" dir="ltr">' in english.text
    assert "Greening the neighbourhoods" in english.text


def test_catalogue_card_shows_lead_region_axes_status_dates_and_replications(client, make_initiative):
    axis = Axis.objects.first()
    initiative = make_initiative(status=Status.APPROVED, axes=[axis], start_date=datetime.date(2025, 3, 1))
    Initiative.objects.filter(pk=initiative.pk).update(replication_count=3, is_success_story=True)
    response = client.get("/initiatives/")
    text = response.text
    assert initiative.lead_organization.name_ar in text
    assert initiative.region.name_ar in text
    assert axis.name_ar in text
    assert 'data-testid="status-badge"' in text
    assert 'data-testid="success-badge"' in text
    assert 'data-testid="replication-count"' in text
    from django.utils import translation

    from musharaka.core.dates import dual_date

    with translation.override("ar"):
        assert dual_date(datetime.date(2025, 3, 1)) in text


def test_catalogue_filters_and_facet_counts(client, make_initiative, make_org, make_member, other_region, coordinator,
                                             make_coordinator):
    axis_a, axis_b = Axis.objects.all()[:2]
    make_initiative("مبادرة أولى", status=Status.APPROVED, axes=[axis_a])
    make_initiative("مبادرة ثانية", status=Status.APPROVED, axes=[axis_b])
    far_org = make_org("جمعية جدة", region=other_region, sector=Sector.PRIVATE)
    far_editor = make_member(far_org, Role.EDITOR)
    far = services.initiative_create(actor=far_editor, organization=far_org, data={"title_ar": "مبادرة جدة", "summary_ar": "س"})
    far = services.initiative_transition(actor=far_editor, initiative=far, action="submit")
    services.initiative_transition(actor=make_coordinator(other_region), initiative=far, action="approve")

    response = client.get("/initiatives/", {"region": other_region.pk})
    assert [row.title_ar for row in response.context["page_obj"]] == ["مبادرة جدة"]
    regions = {item["value"]: item["count"] for item in response.context["facets"]["region"]}
    assert regions[other_region.pk] == 1 and sum(regions.values()) == 3  # each facet ignores its own filter

    response = client.get("/initiatives/", {"axis": axis_a.pk})
    assert [row.title_ar for row in response.context["page_obj"]] == ["مبادرة أولى"]
    response = client.get("/initiatives/", {"sector": Sector.PRIVATE})
    assert [row.title_ar for row in response.context["page_obj"]] == ["مبادرة جدة"]
    sectors = {item["value"]: item["count"] for item in response.context["facets"]["sector"]}
    assert sectors[Sector.NONPROFIT] == 2 and sectors[Sector.PRIVATE] == 1


def test_catalogue_city_facet_appears_with_a_region(client, make_initiative, region):
    riyadh = City.objects.get(region=region, name_ar="الرياض")
    from musharaka.initiatives.services import PlaceSpec

    make_initiative("في مدينة الرياض", status=Status.APPROVED, places=[PlaceSpec(region=region, city=riyadh)])
    make_initiative("في المنطقة كلها", status=Status.APPROVED)
    assert "city" not in client.get("/initiatives/").context["facets"]
    response = client.get("/initiatives/", {"region": region.pk, "city": riyadh.pk})
    assert [row.title_ar for row in response.context["page_obj"]] == ["في مدينة الرياض"]
    cities = {item["value"]: item for item in response.context["facets"]["city"]}
    assert cities[riyadh.pk]["count"] == 1 and cities[riyadh.pk]["selected"]
    assert 'name="city"' in response.text


def test_catalogue_drops_a_city_of_another_region(client, make_initiative, region, other_region):
    make_initiative(status=Status.APPROVED)
    jeddah = City.objects.get(region=other_region, name_ar="جدة")
    response = client.get("/initiatives/", {"region": region.pk, "city": jeddah.pk})
    assert response.context["filters"].city is None
    assert len(response.context["page_obj"]) == 1


def test_catalogue_sdg_filter_uses_the_goal_number(client, make_initiative):
    goal = SDG.objects.get(number=11)
    make_initiative("مدن مستدامة", status=Status.APPROVED, sdgs=[goal])
    make_initiative("بدون هدف", status=Status.APPROVED)
    response = client.get("/initiatives/", {"sdg": 11})
    assert [row.title_ar for row in response.context["page_obj"]] == ["مدن مستدامة"]


@pytest.mark.parametrize("query", ["تشجير", "التشجير", "تَشْجِير", "الاحياء"])
def test_catalogue_arabic_search_whatever_the_spelling(client, make_initiative, query):
    make_initiative("مبادرة تشجير الأحياء", status=Status.APPROVED)
    make_initiative("برنامج محو الأمية", status=Status.APPROVED, summary_ar="تعليم الكبار القراءة")
    response = client.get("/initiatives/", {"q": query})
    assert [row.title_ar for row in response.context["page_obj"]] == ["مبادرة تشجير الأحياء"]
    assert response.context["searching"] is True
    assert "<option value=\"\">" in response.text  # relevance is offered while searching


def test_catalogue_sorts_and_toggles_successful_experiences(client, make_initiative):
    small = make_initiative("ميزانية صغيرة", status=Status.APPROVED, budget=1000)
    large = make_initiative("ميزانية كبيرة", status=Status.APPROVED, budget=900000)
    Initiative.objects.filter(pk=small.pk).update(is_success_story=True)
    counts.rebuild()  # a change outside the services: the counts are rebuilt, as the command does
    by_budget = client.get("/initiatives/", {"sort": "budget"})
    assert [row.pk for row in by_budget.context["page_obj"]] == [large.pk, small.pk]
    by_title = client.get("/initiatives/", {"sort": "title"})
    assert [row.pk for row in by_title.context["page_obj"]] == [small.pk, large.pk]
    success = client.get("/initiatives/", {"success": "1"})
    assert [row.pk for row in success.context["page_obj"]] == [small.pk]


def test_catalogue_htmx_returns_results_and_out_of_band_facets(client, make_initiative):
    make_initiative("مبادرة تشجير الأحياء", status=Status.APPROVED)
    response = client.get("/initiatives/", {"q": "تشجير"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "مبادرة تشجير الأحياء" in response.text
    assert 'id="catalogue-facets" hx-swap-oob="true"' in response.text
    assert 'id="catalogue-count" hx-swap-oob="innerHTML"' in response.text
    assert "HX-Request" in response["Vary"]
    # A history restore needs the whole page.
    restore = client.get("/initiatives/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restore.text


def test_catalogue_page_works_without_javascript(client, db):
    text = client.get("/initiatives/").text
    assert '<noscript><button class="btn btn-secondary w-100" type="submit">' in text
    assert 'hx-get="/initiatives/"' in text and 'hx-target="#catalogue-results"' in text and 'hx-push-url="true"' in text
    assert 'aria-live="polite"' in text


@pytest.mark.parametrize(
    "params",
    [
        {"region": "abc"}, {"region": "-3"}, {"region": "99999999999999999999999"}, {"year": "99999"},
        {"year": "x"}, {"sdg": "99"}, {"sort": "'; drop table"}, {"page": "abc"}, {"page": "9999"},
        {"status": "martian"}, {"sector": "aliens"}, {"city": "5"}, {"success": "maybe"}, {"axis": "1.5"},
        {"q": "x" * 500},
    ],
)
def test_catalogue_bad_params_are_ignored(client, make_initiative, params):
    make_initiative(status=Status.APPROVED)
    response = client.get("/initiatives/", params)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1


def test_catalogue_bad_param_does_not_drop_the_good_ones(client, make_initiative, other_region):
    make_initiative(status=Status.APPROVED)
    response = client.get("/initiatives/", {"region": other_region.pk, "year": "nope"})
    assert response.context["filters"].region == other_region.pk
    assert response.context["page_obj"].paginator.count == 0


def test_catalogue_paginates_by_twenty(client, make_initiative):
    publish_many(make_initiative, 21)
    first = client.get("/initiatives/")
    assert len(first.context["page_obj"]) == 20
    assert len(client.get("/initiatives/", {"page": 2}).context["page_obj"]) == 1


def test_catalogue_query_count_does_not_grow_with_rows(client, client_for, editor, make_initiative,
                                                       django_assert_max_num_queries):
    axes = list(Axis.objects.all()[:3])
    publish_many(make_initiative, 3, axes=axes)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/initiatives/")
    publish_many(make_initiative, 22, axes=axes)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/initiatives/")
    assert len(response.context["page_obj"]) == 20
    signed_in = client_for(editor)
    region_id = editor.memberships.get().organization.region_id
    with django_assert_max_num_queries(20):  # session, user, roles, count, facets, cities, rows, axes
        signed_in.get("/initiatives/", {"region": region_id})


# ---------------------------------------------------------------- the initiative page


def test_detail_shows_everything(client, make_initiative, make_org, region, editor):
    partner = make_org("جامعة الملك سعود", sector=Sector.ACADEMIC_EXPERT)
    riyadh = City.objects.get(region=region, name_ar="الرياض")
    naseem = Neighbourhood.objects.get(city=riyadh, name_ar="النسيم")
    from musharaka.initiatives.services import PartnerSpec, PlaceSpec

    axis, goal, group = Axis.objects.first(), SDG.objects.get(number=11), TargetGroup.objects.first()
    initiative = make_initiative(
        "مبادرة تشجير الأحياء", status=Status.APPROVED, description_ar="وصف تفصيلي للمبادرة",
        results_ar="زراعة ألف شجرة", lessons_ar="إشراك المدارس مبكرا", budget=125000, currency="SAR",
        planned_beneficiaries=5000, actual_beneficiaries=4200, start_date=datetime.date(2025, 1, 5),
        end_date=datetime.date(2025, 12, 30), axes=[axis], sdgs=[goal], target_groups=[group],
        partners=[PartnerSpec(organization=partner, role=PartnerRole.KNOWLEDGE)],
        places=[PlaceSpec(region=region, city=riyadh, neighbourhood=naseem)],
    )
    services.attachment_add(actor=editor, initiative=initiative, title="تقرير الإنجاز",
                            upload=SimpleUploadedFile("report.png", png_bytes(), content_type="image/png"))
    response = client.get(f"/initiatives/{initiative.pk}/")
    assert response.status_code == 200
    text = response.text
    for expected in ["وصف تفصيلي للمبادرة", "زراعة ألف شجرة", "إشراك المدارس مبكرا", "جامعة الملك سعود",
                     axis.name_ar, goal.name_ar, group.name_ar, "النسيم", "تقرير الإنجاز", "125,000", "5,000", "4,200",
                     f"/initiatives/{initiative.pk}/attachments/"]:
        assert expected in text, expected
    from django.utils import translation

    from musharaka.core.dates import dual_date

    with translation.override("ar"):
        assert dual_date(datetime.date(2025, 12, 30)) in text
        assert str(PartnerRole.KNOWLEDGE.label) in text
        assert "ريال" in text or str(initiative.get_currency_display()) in text
    assert 'data-testid="timeline"' in text
    assert response.context["history"] is None  # the public does not see the audit trail
    assert response.context["actions"] == [] and response.context["can_edit"] is False


def test_detail_of_a_draft_is_hidden_from_outsiders(client, client_for, make_initiative, make_org, make_member,
                                                    make_coordinator, other_region):
    draft = make_initiative()
    assert client.get(f"/initiatives/{draft.pk}/").status_code == 404
    foreign_editor = make_member(make_org(), Role.EDITOR)
    assert client_for(foreign_editor).get(f"/initiatives/{draft.pk}/").status_code == 404
    assert client_for(make_coordinator(other_region)).get(f"/initiatives/{draft.pk}/").status_code == 404
    assert client.get("/initiatives/999999/").status_code == 404


def test_detail_query_count_does_not_grow(client_for, make_initiative, make_org, editor, coordinator,
                                          django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from musharaka.initiatives.services import PartnerSpec

    initiative = make_initiative(status=Status.ACTIVE, axes=list(Axis.objects.all()[:2]))
    client = client_for(coordinator)
    with CaptureQueriesContext(connection) as before:
        client.get(f"/initiatives/{initiative.pk}/")
    partners = [PartnerSpec(organization=make_org(), role=PartnerRole.FUNDER) for _ in range(8)]
    initiative = services.initiative_update(actor=editor, initiative=initiative, expected_version=None,
                                            data={"partners": partners, "axes": list(Axis.objects.all())})
    for number in range(5):
        services.attachment_add(actor=editor, initiative=initiative, title=f"ملف {number}",
                                upload=SimpleUploadedFile("a.png", png_bytes(), content_type="image/png"))
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(f"/initiatives/{initiative.pk}/")
    assert len(response.context["partners"]) == 8
    assert len(before.captured_queries) <= 30


def test_detail_buttons_follow_permissions(client_for, make_initiative, editor, coordinator, make_org, make_member):
    draft = make_initiative()
    page = client_for(editor).get(f"/initiatives/{draft.pk}/")
    assert [action["name"] for action in page.context["actions"]] == ["submit", "cancel"]
    assert page.context["can_edit"] and page.context["history"] is not None
    services.initiative_transition(actor=editor, initiative=draft, action="submit")
    page = client_for(coordinator).get(f"/initiatives/{draft.pk}/")
    assert [action["name"] for action in page.context["actions"]] == ["approve", "cancel"]
    assert page.context["can_reject"] is True
    assert 'data-testid="reject-form"' in page.text and "required" in page.text
    page = client_for(editor).get(f"/initiatives/{draft.pk}/")
    assert [action["name"] for action in page.context["actions"]] == ["cancel"]
    assert page.context["can_edit"] is False and page.context["can_reject"] is False


def test_detail_shows_similar_replicas_and_replicated_from(client, client_for, make_initiative, make_org, make_member,
                                                           other_region):
    source = make_initiative("مبادرة تشجير الأحياء السكنية", status=Status.APPROVED)
    far_org = make_org("جمعية البيئة بجدة", region=other_region)
    far_editor = make_member(far_org, Role.EDITOR)
    replica = services.initiative_replicate(actor=far_editor, source=source, organization=far_org)
    # The replica is still a draft: its organisation sees it listed, the public only counts it.
    page = client_for(far_editor).get(f"/initiatives/{source.pk}/")
    assert [row.pk for row in page.context["replicas"]] == [replica.pk]
    assert "جمعية البيئة بجدة" in page.text and other_region.name_ar in page.text
    public_page = client.get(f"/initiatives/{source.pk}/")
    assert public_page.context["replicas"] == []
    assert "جمعية البيئة بجدة" not in public_page.text
    Initiative.objects.filter(pk=replica.pk).update(status=Status.APPROVED)
    assert [row.pk for row in client.get(f"/initiatives/{source.pk}/").context["replicas"]] == [replica.pk]
    replica_page = client_for(far_editor).get(f"/initiatives/{replica.pk}/")
    assert 'data-testid="replicated-from"' in replica_page.text
    assert f'href="/initiatives/{source.pk}/"' in replica_page.text


def test_similar_initiatives_come_from_other_regions(client, make_initiative, make_org, make_member, other_region,
                                                     make_coordinator, django_capture_on_commit_callbacks):
    source = make_initiative("مبادرة تشجير الأحياء السكنية", status=Status.APPROVED)
    far_org = make_org("جمعية جدة", region=other_region)
    far_editor = make_member(far_org, Role.EDITOR)
    similar = services.initiative_create(actor=far_editor, organization=far_org,
                                         data={"title_ar": "تشجير الأحياء في جدة", "summary_ar": "زراعة الأشجار في الأحياء"})
    similar = services.initiative_transition(actor=far_editor, initiative=similar, action="submit")
    services.initiative_transition(actor=make_coordinator(other_region), initiative=similar, action="approve")
    tasks.compute_similar.call(initiative_id=source.pk)  # what the worker does (the list is older than the twin)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/initiatives/{source.pk}/")
    assert [row.pk for row in page.context["similar"]] == [similar.pk]
    assert not any("search" in query["sql"].lower() for query in queries.captured_queries)  # read, not computed
    assert "تشجير الأحياء في جدة" in page.text


# ---------------------------------------------------------------- workflow


def test_editor_submits_and_coordinator_approves(client_for, make_initiative, editor, coordinator):
    draft = make_initiative()
    response = client_for(editor).post(f"/initiatives/{draft.pk}/actions/submit/")
    assert response.status_code == 302 and response["Location"] == f"/initiatives/{draft.pk}/"
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert Notification.objects.filter(user=coordinator).exists()
    client_for(coordinator).post(f"/initiatives/{draft.pk}/actions/approve/")
    draft.refresh_from_db()
    assert draft.status == Status.APPROVED and draft.published_at is not None
    assert Notification.objects.filter(user=editor).exists()
    page = client_for(editor).get(f"/initiatives/{draft.pk}/")
    steps = page.context["transitions"]
    assert [(step.action, step.actor) for step in steps] == [("submit", editor), ("approve", coordinator)]


def test_coordinator_rejects_with_a_reason(client_for, make_initiative, editor, coordinator):
    draft = make_initiative(status=Status.SUBMITTED)
    client_for(coordinator).post(f"/initiatives/{draft.pk}/actions/reject/", {"reason": "أكملوا بيانات الميزانية"})
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.rejection_reason == "أكملوا بيانات الميزانية"
    page = client_for(editor).get(f"/initiatives/{draft.pk}/")
    assert "أكملوا بيانات الميزانية" in page.text


def test_reject_without_a_reason_is_a_message_not_an_error(client_for, make_initiative, coordinator):
    draft = make_initiative(status=Status.SUBMITTED)
    client = client_for(coordinator)
    response = client.post(f"/initiatives/{draft.pk}/actions/reject/", {"reason": "  "}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(f"/initiatives/{draft.pk}/", 302)]
    assert len(list(response.context["messages"])) == 1
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_coordinator_of_another_region_is_refused(client_for, make_initiative, make_coordinator, other_region):
    submitted = make_initiative(status=Status.SUBMITTED)
    outsider = client_for(make_coordinator(other_region))
    assert outsider.post(f"/initiatives/{submitted.pk}/actions/approve/").status_code == 404
    published = make_initiative("منشورة", status=Status.APPROVED)
    assert outsider.post(f"/initiatives/{published.pk}/actions/activate/").status_code == 403
    submitted.refresh_from_db()
    published.refresh_from_db()
    assert (submitted.status, published.status) == (Status.SUBMITTED, Status.APPROVED)


def test_editor_may_not_approve_their_own(client_for, make_initiative, editor):
    submitted = make_initiative(status=Status.SUBMITTED)
    assert client_for(editor).post(f"/initiatives/{submitted.pk}/actions/approve/").status_code == 403


def test_actions_need_post_sign_in_and_a_known_name(client, client_for, make_initiative, editor):
    draft = make_initiative()
    assert client_for(editor).get(f"/initiatives/{draft.pk}/actions/submit/").status_code == 405
    assert client_for(editor).post(f"/initiatives/{draft.pk}/actions/explode/").status_code == 404
    response = client.post(f"/initiatives/{draft.pk}/actions/submit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_status_changed_meanwhile_is_a_message(client_for, make_initiative, coordinator, make_coordinator, region,
                                                 monkeypatch):
    submitted = make_initiative(status=Status.SUBMITTED)
    from musharaka.core.errors import Conflict

    def conflict(**kwargs):
        raise Conflict(code="status_changed")

    monkeypatch.setattr(services, "initiative_transition", conflict)
    response = client_for(coordinator).post(f"/initiatives/{submitted.pk}/actions/approve/", follow=True)
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1


def test_coordinator_marks_a_successful_experience(client, client_for, make_initiative, coordinator, editor):
    done = make_initiative(status=Status.COMPLETED, results_ar="انخفاض الحرارة في الحي")
    page = client_for(coordinator).get(f"/initiatives/{done.pk}/")
    assert page.context["can_mark_success"]
    assert client_for(editor).post(f"/initiatives/{done.pk}/success/").status_code == 403
    client_for(coordinator).post(f"/initiatives/{done.pk}/success/", {"successful": "1"})
    done.refresh_from_db()
    assert done.is_success_story
    assert 'data-testid="success-badge"' in client.get(f"/initiatives/{done.pk}/").text
    assert [row.pk for row in client.get("/initiatives/", {"success": "1"}).context["page_obj"]] == [done.pk]


def test_replicate_creates_a_linked_draft(client_for, make_initiative, make_org, make_member, other_region):
    source = make_initiative(status=Status.APPROVED)
    far_org = make_org("جمعية جدة", region=other_region)
    far_editor = make_member(far_org, Role.EDITOR)
    client = client_for(far_editor)
    page = client.get(f"/initiatives/{source.pk}/")
    assert [org.pk for org in page.context["replicate_organizations"]] == [far_org.pk]
    response = client.post(f"/initiatives/{source.pk}/replicate/", {"organization": far_org.pk})
    replica = Initiative.objects.get(replicated_from=source)
    assert response["Location"] == f"/initiatives/{replica.pk}/edit/"
    assert (replica.lead_organization, replica.region, replica.status) == (far_org, other_region, Status.DRAFT)
    source.refresh_from_db()
    assert source.replication_count == 1


def test_replicate_asks_which_organisation_when_several(client_for, make_initiative, make_org, make_member,
                                                         other_region):
    from musharaka.orgs.models import Membership

    source = make_initiative(status=Status.APPROVED)
    first, second = make_org("جمعية أ", region=other_region), make_org("جمعية ب", region=other_region)
    person = make_member(first, Role.ADMIN)
    Membership.objects.create(organization=second, user=person, role=Role.EDITOR)
    client = client_for(person)
    page = client.get(f"/initiatives/{source.pk}/")
    assert 'id="id_replicate_organization"' in page.text
    foreign = make_org("جمعية لست فيها")
    # Not one of theirs: refused by the service, as the API refuses it (403), not quietly redirected.
    response = client.post(f"/initiatives/{source.pk}/replicate/", {"organization": foreign.pk})
    assert response.status_code == 403
    assert not Initiative.objects.filter(replicated_from=source).exists()
    response = client.post(f"/initiatives/{source.pk}/replicate/", {"organization": ""}, follow=True)
    assert len(list(response.context["messages"])) == 1
    client.post(f"/initiatives/{source.pk}/replicate/", {"organization": second.pk})
    assert Initiative.objects.get(replicated_from=source).lead_organization == second


def test_replicate_refused_for_drafts_and_outsiders(client_for, make_initiative, make_user, editor):
    published = make_initiative(status=Status.APPROVED)
    resident = make_user()
    assert client_for(resident).post(f"/initiatives/{published.pk}/replicate/").status_code == 403
    draft = make_initiative("مسودة")
    assert client_for(editor).post(f"/initiatives/{draft.pk}/replicate/").status_code == 403


# ---------------------------------------------------------------- create and edit


def test_create_page_offers_only_the_organisations_one_edits(client_for, lead_org, editor, make_org, make_member):
    from musharaka.orgs.models import Membership

    viewer_org = make_org("جمعية أشاهدها فقط")
    Membership.objects.create(organization=viewer_org, user=editor, role=Role.VIEWER)
    page = client_for(editor).get("/initiatives/new/")
    assert page.status_code == 200
    assert list(page.context["org_form"].fields["organization"].queryset) == [lead_org]
    assert page.context["org_form"]["organization"].value() == lead_org.pk  # the only one is preselected
    assert client_for(editor).get(f"/initiatives/new/?organization={viewer_org.pk}").status_code == 403


def test_create_refused_to_viewers_and_anonymous(client, client_for, lead_org, make_member):
    viewer = make_member(lead_org, Role.VIEWER)
    assert client_for(viewer).get("/initiatives/new/").status_code == 403
    response = client.get("/initiatives/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_editor_creates_an_initiative_with_everything(client_for, lead_org, editor, region, make_org):
    partner = make_org("شركة الرياض للتقنية", sector=Sector.PRIVATE)
    riyadh = City.objects.get(region=region, name_ar="الرياض")
    naseem = Neighbourhood.objects.get(city=riyadh, name_ar="النسيم")
    axes = list(Axis.objects.all()[:2])
    data = initiative_form_data(
        region=region,
        organization=lead_org.pk,
        axes=[axis.pk for axis in axes],
        sdgs=[SDG.objects.get(number=11).pk],
        target_groups=[TargetGroup.objects.first().pk],
        start_date="2026-01-10", end_date="2026-06-30", budget="50000", currency="SAR", planned_beneficiaries="300",
        **{"partners-0-organization": partner.pk, "partners-0-role": PartnerRole.FUNDER,
           "places-0-region": region.pk, "places-0-city": riyadh.pk, "places-0-neighbourhood": naseem.pk},
    )
    data["cover_image"] = SimpleUploadedFile("cover.png", png_bytes(), content_type="image/png")
    data["attachments"] = [SimpleUploadedFile("plan.png", png_bytes(), content_type="image/png"),
                           SimpleUploadedFile("budget.png", png_bytes(), content_type="image/png")]
    response = client_for(editor).post("/initiatives/new/", data)
    initiative = Initiative.objects.get(title_ar="مبادرة الحي النظيف")
    assert response.status_code == 302 and response["Location"] == f"/initiatives/{initiative.pk}/"
    assert initiative.status == Status.DRAFT and initiative.lead_organization == lead_org
    assert set(initiative.axes.all()) == set(axes)
    assert [(p.organization, p.role) for p in initiative.partners.all()] == [(partner, PartnerRole.FUNDER)]
    assert [(p.city, p.neighbourhood) for p in initiative.places.all()] == [(riyadh, naseem)]
    assert initiative.cover_image
    assert sorted(a.title for a in initiative.attachments.all()) == ["budget.png", "plan.png"]
    assert initiative.start_date == datetime.date(2026, 1, 10)


def test_create_with_errors_keeps_the_input(client_for, lead_org, editor, region):
    data = initiative_form_data(region=region, organization=lead_org.pk, start_date="2026-05-01", end_date="2026-01-01",
                     **{"places-0-city": City.objects.exclude(region=region).first().pk, "places-0-region": region.pk})
    response = client_for(editor).post("/initiatives/new/", data)
    assert response.status_code == 200
    assert "مبادرة الحي النظيف" in response.text
    assert 'aria-invalid="true"' in response.text
    assert response.context["form"].errors["end_date"]
    assert response.context["places"].forms[0].errors["city"]
    assert not Initiative.objects.exists()


def test_create_refuses_a_fake_image_and_a_bad_attachment(client_for, lead_org, editor, region):
    data = initiative_form_data(region=region, organization=lead_org.pk)
    data["cover_image"] = SimpleUploadedFile("cover.png", b"not an image", content_type="image/png")
    data["attachments"] = [SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 50, content_type="application/pdf")]
    response = client_for(editor).post("/initiatives/new/", data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"cover_image", "attachments"}
    assert not Initiative.objects.exists()


def test_create_for_a_foreign_organisation_is_refused(client_for, editor, make_org, region):
    foreign = make_org("جمعية أخرى")
    response = client_for(editor).post("/initiatives/new/", initiative_form_data(region=region, organization=foreign.pk))
    assert response.status_code == 403
    assert not Initiative.objects.exists()


def test_editor_edits_with_the_current_version(client_for, make_initiative, editor, region):
    initiative = make_initiative()
    client = client_for(editor)
    page = client.get(f"/initiatives/{initiative.pk}/edit/")
    assert page.status_code == 200
    assert f'name="version" value="{initiative.version}"' in page.text
    data = initiative_form_data(region=region, version=initiative.version, title_ar="عنوان جديد")
    response = client.post(f"/initiatives/{initiative.pk}/edit/", data)
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title_ar == "عنوان جديد" and initiative.version == 2


def test_edit_on_a_stale_version_is_a_conflict_that_keeps_the_form(client_for, make_initiative, editor, region,
                                                                   make_member, lead_org):
    initiative = make_initiative()
    stale = initiative.version
    colleague = make_member(lead_org, Role.EDITOR)
    services.initiative_update(actor=colleague, initiative=initiative, data={"title_ar": "عنوان الزميل"},
                               expected_version=stale)
    response = client_for(editor).post(f"/initiatives/{initiative.pk}/edit/",
                                       initiative_form_data(region=region, version=stale, title_ar="عنواني أنا"))
    assert response.status_code == 200
    assert response.context["conflict"] is True
    assert "عنواني أنا" in response.text  # the person's input is kept
    assert 'data-testid="form-errors"' in response.text
    initiative.refresh_from_db()
    assert initiative.title_ar == "عنوان الزميل"
    # Saving again, knowingly, replaces the colleague's version.
    assert f'name="version" value="{initiative.version}"' in response.text
    client_for(editor).post(f"/initiatives/{initiative.pk}/edit/",
                            initiative_form_data(region=region, version=initiative.version, title_ar="عنواني أنا"))
    initiative.refresh_from_db()
    assert initiative.title_ar == "عنواني أنا"


def test_edit_keeps_partners_and_places_shown(client_for, make_initiative, editor, make_org, region):
    from musharaka.initiatives.services import PartnerSpec

    partner = make_org("جامعة الأميرة نورة")
    initiative = make_initiative(partners=[PartnerSpec(organization=partner, role=PartnerRole.IMPLEMENTER)])
    page = client_for(editor).get(f"/initiatives/{initiative.pk}/edit/")
    assert f'<option value="{partner.pk}" selected>جامعة الأميرة نورة</option>' in page.text
    assert f'<option value="{region.pk}" selected>' in page.text


def test_foreign_editor_is_refused_editing(client_for, make_initiative, make_org, make_member, region):
    published = make_initiative(status=Status.APPROVED)
    foreign_editor = make_member(make_org("جمعية أخرى"), Role.EDITOR)
    client = client_for(foreign_editor)
    assert client.get(f"/initiatives/{published.pk}/edit/").status_code == 403
    hijack = initiative_form_data(region=region, title_ar="مختطف")
    assert client.post(f"/initiatives/{published.pk}/edit/", hijack).status_code == 403
    published.refresh_from_db()
    assert published.title_ar != "مختطف"
    draft = make_initiative("مسودة")
    assert client.get(f"/initiatives/{draft.pk}/edit/").status_code == 404


def test_lead_editor_may_not_edit_while_submitted(client_for, make_initiative, editor):
    submitted = make_initiative(status=Status.SUBMITTED)
    assert client_for(editor).get(f"/initiatives/{submitted.pk}/edit/").status_code == 403


def test_form_lookups_fill_the_selects(client_for, editor, make_org, region):
    make_org("جمعية الأيتام الخيرية")
    client = client_for(editor)
    found = client.get("/initiatives/new/", {"lookup": "organizations", "organization_search": "الايتام"},
                       HTTP_HX_REQUEST="true")
    assert "جمعية الأيتام الخيرية" in found.text and "<html" not in found.text
    nothing = client.get("/initiatives/new/", {"lookup": "organizations", "organization_search": "لا يوجد"})
    assert 'value=""' in nothing.text
    riyadh = City.objects.get(region=region, name_ar="الرياض")
    cities = client.get("/initiatives/new/", {"lookup": "cities", "places-0-region": region.pk})
    assert f'<option value="{riyadh.pk}">الرياض</option>' in cities.text
    quarters = client.get("/initiatives/new/", {"lookup": "neighbourhoods", "places-3-city": riyadh.pk})
    assert "النسيم" in quarters.text
    assert client.get("/initiatives/new/", {"lookup": "cities", "places-0-region": "x"}).status_code == 200
    assert client.get("/initiatives/new/", {"lookup": "passwords"}).status_code == 404


def test_place_selects_reload_with_htmx(client_for, editor):
    page = client_for(editor).get("/initiatives/new/")
    assert 'hx-target="#id_places-0-city"' in page.text
    assert 'hx-target="#id_partners-0-organization"' in page.text
    assert '<script src="/static/initiatives/initiatives.js"></script>' in page.text


# ---------------------------------------------------------------- portfolio and most replicated


def test_portfolio_lists_lead_and_partner_initiatives_with_counts(client, client_for, make_initiative, lead_org,
                                                                  make_org, make_member, editor):
    from musharaka.initiatives.services import PartnerSpec

    make_initiative("نقودها", status=Status.APPROVED)
    make_initiative("مسودتنا")
    other = make_org("جمعية شريكة")
    other_editor = make_member(other, Role.EDITOR)
    partnered = services.initiative_create(
        actor=other_editor, organization=other,
        data={"title_ar": "نشارك فيها", "summary_ar": "س",
              "partners": [PartnerSpec(organization=lead_org, role=PartnerRole.SUPPORTER)]},
    )
    make_initiative("أخرى", status=Status.APPROVED, organization=other, actor=other_editor)
    services.initiative_transition(actor=other_editor, initiative=partnered, action="submit")

    public = client.get(f"/initiatives/organizations/{lead_org.pk}/")
    assert public.status_code == 200
    assert {row.title_ar for row in public.context["page_obj"]} == {"نقودها"}
    insider = client_for(editor).get(f"/initiatives/organizations/{lead_org.pk}/")
    assert {row.title_ar for row in insider.context["page_obj"]} == {"نقودها", "مسودتنا"}
    assert {item["value"]: item["count"] for item in insider.context["status_counts"]} == {"draft": 1, "approved": 1}
    assert client.get("/initiatives/organizations/999999/").status_code == 404


def test_portfolio_shows_partner_role(client, make_initiative, lead_org, make_org, make_member, make_coordinator, region):
    from musharaka.initiatives.services import PartnerSpec

    other = make_org("جمعية شريكة")
    other_editor = make_member(other, Role.EDITOR)
    make_initiative("نشارك فيها", status=Status.APPROVED, organization=other, actor=other_editor,
                    partners=[PartnerSpec(organization=lead_org, role=PartnerRole.SUPPORTER)])
    page = client.get(f"/initiatives/organizations/{lead_org.pk}/")
    assert [row.title_ar for row in page.context["page_obj"]] == ["نشارك فيها"]


def test_organisation_page_links_its_portfolio(client, lead_org):
    text = client.get(f"/organizations/{lead_org.pk}/").text
    assert f'href="/initiatives/organizations/{lead_org.pk}/"' in text


def test_most_replicated_lists_experiences_by_replications(client, make_initiative):
    once = make_initiative("تكررت مرة", status=Status.APPROVED)
    thrice = make_initiative("تكررت ثلاثا", status=Status.APPROVED)
    make_initiative("لم تتكرر", status=Status.APPROVED)
    Initiative.objects.filter(pk=once.pk).update(replication_count=1)
    Initiative.objects.filter(pk=thrice.pk).update(replication_count=3)
    response = client.get("/initiatives/experiences/")
    assert [row.pk for row in response.context["initiatives"]] == [thrice.pk, once.pk]
    assert client.get("/en/initiatives/experiences/").status_code == 200


def test_forms_carry_csrf_protection(make_initiative, editor):
    from django.test import Client

    draft = make_initiative()
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(f"/initiatives/{draft.pk}/actions/submit/").status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert Transition.objects.count() == 0
    assert InitiativeAttachment.objects.count() == 0


def test_platform_admin_replicates_into_any_organisation_on_the_page_as_in_the_api(
    client_for, make_initiative, make_org, make_user, other_region
):
    """One rule (services.initiative_replicate): a platform admin, member of no organisation, is offered
    a search for any organisation and the replica is made; before, the page redirected and did nothing."""
    source = make_initiative(status=Status.APPROVED)
    target = make_org("أمانة محافظة جدة", region=other_region)
    admin = make_user(is_staff=True, is_superuser=True)
    client = client_for(admin)
    page = client.get(f"/initiatives/{source.pk}/")
    assert page.context["replicate_organizations"] == [] and page.context["replicate_any"] is True
    assert 'data-testid="replicate-organization"' in page.text and 'id="id_replicate_search"' in page.text
    found = client.get("/initiatives/new/", {"lookup": "organizations", "organization_search": "جدة"})
    assert f'value="{target.pk}"' in found.text

    response = client.post(f"/initiatives/{source.pk}/replicate/", {"organization": target.pk})

    replica = Initiative.objects.get(replicated_from=source)
    assert response.status_code == 302 and response["Location"] == f"/initiatives/{replica.pk}/edit/"
    assert (replica.lead_organization, replica.region, replica.created_by) == (target, other_region, admin)
