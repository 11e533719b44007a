"""The partnerships API: who may read and write what, drafts and private documents, errors, query counts."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from musharaka.orgs.models import Role, Sector
from musharaka.partnerships import services
from musharaka.partnerships.models import Agreement, AgreementComment, Commitment, CommitmentUpdate, Stage

pytestmark = pytest.mark.django_db

URL = "/api/v1/partnerships"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def world(make_agreement, make_org, make_member, make_user, make_coordinator, platform_admin, region, other_region):
    """The keeper (a non-profit) and a municipality signed `signed` (published, with a public and a private
    document and a commitment each, the municipality's overdue); the keeper has a `draft` with it too."""
    keeper = make_org("جمعية الاستدامة", sector=Sector.NONPROFIT)
    partner = make_org("أمانة المنطقة الشرقية", sector=Sector.AUTHORITY, region=other_region)
    outsider = make_org("جمعية البر بجدة", region=other_region)
    people = {
        "anonymous": None,
        "resident": make_user(),
        "viewer": make_member(keeper, Role.VIEWER),
        "editor": make_member(keeper, Role.EDITOR),
        "admin": make_member(keeper, Role.ADMIN),
        "partner_admin": make_member(partner, Role.ADMIN),
        "outsider_admin": make_member(outsider, Role.ADMIN),
        "coordinator": make_coordinator(region),
        "platform_admin": platform_admin,
    }
    admin = people["admin"]
    signed = make_agreement(keeper=keeper, partner=partner, actor=admin, is_published=True,
                            title_ar="مذكرة تفاهم مع شركة الوقف لدعم الاستدامة", kind="mou")
    parties = {party.organization_id: party for party in signed.parties.all()}
    own = services.commitment_create(actor=admin, agreement=signed, party=parties[keeper.pk], data={
        "title_ar": "تنظيم حملات التوعية", "due_on": datetime.date(2099, 1, 1)})
    theirs = services.commitment_create(actor=admin, agreement=signed, party=parties[partner.pk], data={
        "title_ar": "توفير المواقع للحملات", "due_on": datetime.date(2026, 1, 1)})
    public = services.document_add(actor=admin, agreement=signed, title="نص المذكرة",
                                   upload=SimpleUploadedFile("mou.pdf", PDF), is_public=True)
    private = services.document_add(actor=admin, agreement=signed, title="محضر داخلي",
                                    upload=SimpleUploadedFile("minutes.pdf", PDF))
    draft = make_agreement(keeper=keeper, partner=partner, actor=admin, stage=Stage.DRAFT,
                           title_ar="اتفاقية تعاون قيد الإعداد", kind="cooperation")
    return {"people": people, "keeper": keeper, "partner": partner, "outsider": outsider, "signed": signed,
            "draft": draft, "own": own, "theirs": theirs, "public": public, "private": private}


def call(client_for, user, method: str, path: str, body=None):
    client = client_for(user)
    if method == "GET":
        return client.get(URL + path)
    return client.generic(method, URL + path, json.dumps(body if body is not None else {}),
                          content_type="application/json")


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize(("who", "sees_draft"), [
    ("anonymous", False), ("resident", False), ("viewer", True), ("editor", True), ("admin", True),
    ("partner_admin", True), ("outsider_admin", False), ("coordinator", False), ("platform_admin", True),
])
def test_list_shows_drafts_to_the_parties_only(world, client_for, who, sees_draft):
    answer = call(client_for, world["people"][who], "GET", "")
    listed = {item["id"] for item in answer.json()["results"]}
    assert answer.status_code == 200
    assert listed == {world["signed"].pk} | ({world["draft"].pk} if sees_draft else set())
    detail = call(client_for, world["people"][who], "GET", f"/{world['draft'].pk}")
    assert detail.status_code == (200 if sees_draft else 404)


def test_list_items_carry_status_parties_and_counters(world, client_for):
    [item] = call(client_for, None, "GET", "").json()["results"]
    assert item["status"] == "active" and item["kind"] == "mou"
    assert [party["name"] for party in item["parties"]] == ["جمعية الاستدامة", "أمانة المنطقة الشرقية"]
    assert item["sectors"] == ["authority", "nonprofit"]
    assert (item["party_count"], item["commitment_count"], item["commitments_done"]) == (2, 2, 0)


@pytest.mark.parametrize(("query", "found"), [
    ("status=active", {"signed"}), ("status=draft", {"draft"}), ("kind=cooperation", {"draft"}),
    ("sector=authority", {"signed", "draft"}), ("sector=private", set()),
    ("q=شركه الوقف", {"signed"}),  # another spelling of شركة finds it
    ("expiring_within=100", set()), ("expiring_within=3650", {"signed"}),
])
def test_list_filters(world, client_for, query, found):
    answer = client_for(world["people"]["admin"]).get(f"{URL}?{query}")
    assert answer.status_code == 200, answer.content
    assert {item["id"] for item in answer.json()["results"]} == {world[name].pk for name in found}


def test_list_filter_by_organization_and_event(world, client_for, make_org):
    other = make_org()
    admin = world["people"]["admin"]
    by_partner = client_for(admin).get(URL, {"organization": world["partner"].pk}).json()["results"]
    by_other = client_for(admin).get(URL, {"organization": other.pk}).json()["results"]
    assert len(by_partner) == 2 and by_other == []
    assert client_for(admin).get(URL, {"event": 999999}).json()["results"] == []


def test_list_refuses_bad_filters_with_422_in_arabic(client_for, db):
    answer = client_for(None).get(URL, {"status": "lost", "expiring_within": "-1"})
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid"
    assert any("\u0600" <= char <= "\u06ff" for char in json.dumps(answer.json(), ensure_ascii=False))


@pytest.mark.parametrize("page_size", [1, 50])
def test_list_answers_with_a_fixed_number_of_queries(make_agreement, make_org, make_member, client_for,
                                                     django_assert_num_queries, page_size):
    keeper = make_org()
    actor = make_member(keeper, Role.ADMIN)
    partner = make_org(sector=Sector.AUTHORITY)
    for number in range(50):
        make_agreement(keeper=keeper, partner=partner, actor=actor, is_published=True, title_ar=f"مذكرة رقم {number}")
    client = client_for(actor)
    client.get(URL)  # the session is loaded once before counting
    # The session, the person, their memberships and coordinated regions, the count, the rows, the parties (and
    # the API token lookup the throttle makes): the same whatever the page size.
    with django_assert_num_queries(8):
        answer = client.get(URL, {"page_size": page_size})
    assert len(answer.json()["results"]) == page_size


def test_detail_lists_parties_commitments_and_overdue(world, client_for):
    body = call(client_for, None, "GET", f"/{world['signed'].pk}").json()
    parties = {party["name"]: party for party in body["parties_detail"]}
    [theirs] = parties["أمانة المنطقة الشرقية"]["commitments"]
    [own] = parties["جمعية الاستدامة"]["commitments"]
    assert theirs["overdue"] is True and own["overdue"] is False
    assert body["overdue_count"] == 1
    assert body["status"] == "active"
    assert body["may"] == {"edit": False, "comment": False, "view_private": False}


@pytest.mark.parametrize(("who", "private"), [
    ("anonymous", False), ("resident", False), ("viewer", True), ("partner_admin", True),
    ("outsider_admin", False), ("coordinator", False), ("platform_admin", True),
])
def test_private_documents_only_for_the_parties(world, client_for, who, private):
    body = call(client_for, world["people"][who], "GET", f"/{world['signed'].pk}").json()
    titles = {document["title"] for document in body["documents"]}
    assert titles == ({"نص المذكرة", "محضر داخلي"} if private else {"نص المذكرة"})


def test_no_document_is_public_once_the_agreement_is_unpublished(world, client_for, platform_admin):
    services.agreement_unpublish(actor=platform_admin, agreement=world["signed"])
    coordinator = world["people"]["coordinator"]  # still sees the agreement (past the draft stage, their region)
    body = call(client_for, coordinator, "GET", f"/{world['signed'].pk}").json()
    assert body["documents"] == []
    assert call(client_for, None, "GET", f"/{world['signed'].pk}").status_code == 404


def test_unknown_agreement_is_404_and_a_huge_id_is_not_a_500(client_for, db):
    assert call(client_for, None, "GET", "/999999").status_code == 404
    assert call(client_for, None, "GET", f"/{2**70}").status_code in (404, 422)


# ---------------------------------------------------------------- writing the agreement


def new_agreement(world, **extra):
    return {"organization_id": world["keeper"].pk, "title_ar": "مذكرة تفاهم مع شركة خاصة", "stage": "signed",
            "signed_on": "2026-06-01", "starts_on": "2026-06-01", "ends_on": "2027-05-31", "kind": "contract",
            "signed_before": "معالي نائب الوزير", "parties": [
                {"organization_id": world["partner"].pk, "role": "first_party", "signatory_name": "أمين المنطقة"},
                {"name_ar": "شركة معارف", "role": "implementer"}], "axes": [], **extra}


@pytest.mark.parametrize(("who", "status"), [
    ("anonymous", 401), ("resident", 403), ("viewer", 403), ("editor", 201), ("admin", 201),
    ("partner_admin", 403), ("outsider_admin", 403), ("coordinator", 403), ("platform_admin", 201),
])
def test_create_for_the_keeper(world, client_for, who, status):
    answer = call(client_for, world["people"][who], "POST", "", new_agreement(world))
    assert answer.status_code == status, answer.content
    if status == 201:
        body = answer.json()
        # The recording organisation was not listed: it is added as a partner.
        assert [(p["name"], p["role"]) for p in body["parties_detail"]] == [
            ("أمانة المنطقة الشرقية", "first_party"), ("شركة معارف", "implementer"), ("جمعية الاستدامة", "partner")]
        assert body["signed_before"] == "معالي نائب الوزير" and body["status"] == "active"


def test_create_validation_errors_are_422(world, client_for):
    editor = world["people"]["editor"]
    backwards = call(client_for, editor, "POST", "", new_agreement(world, ends_on="2026-01-01"))
    assert (backwards.status_code, backwards.json()["code"]) == (422, "end_before_start")
    unknown = call(client_for, editor, "POST", "", new_agreement(world, organization_id=999999))
    assert unknown.status_code == 422 and unknown.json()["detail"] == "الجهة غير معروفة."
    axis = call(client_for, editor, "POST", "", new_agreement(world, axes=["nothing"]))
    assert (axis.status_code, axis.json()["code"]) == (422, "unknown_reference")
    lonely = call(client_for, editor, "POST", "", new_agreement(world, parties=[]))
    assert (lonely.status_code, lonely.json()["code"]) == (422, "too_few_parties")
    schema = call(client_for, editor, "POST", "", new_agreement(world, title_ar=" ", notice_days=1000, extra=1))
    assert schema.status_code == 422
    assert {tuple(problem["loc"]) for problem in schema.json()["detail"]} >= {
        ("body", "payload", "title_ar"), ("body", "payload", "notice_days")}
    cleared = call(client_for, editor, "PATCH", f"/{world['draft'].pk}", {"axes": None, "title_ar": None})
    assert cleared.status_code == 422
    assert {tuple(problem["loc"]) for problem in cleared.json()["detail"]} == {
        ("body", "payload", "axes"), ("body", "payload", "title_ar")}
    assert Agreement.objects.count() == 2


def test_update_and_delete_by_the_keepers_staff(world, client_for):
    draft, editor = world["draft"], world["people"]["editor"]
    assert call(client_for, world["people"]["partner_admin"], "PATCH", f"/{draft.pk}",
                {"title_ar": "عنوان آخر"}).status_code == 403
    assert call(client_for, world["people"]["outsider_admin"], "PATCH", f"/{draft.pk}",
                {"title_ar": "عنوان آخر"}).status_code == 404
    changed = call(client_for, editor, "PATCH", f"/{draft.pk}", {"title_ar": "اتفاقية تعاون معدلة",
                                                                  "regions": [world["keeper"].region_id]})
    assert changed.status_code == 200
    assert changed.json()["title_ar"] == "اتفاقية تعاون معدلة" and len(changed.json()["regions"]) == 1
    assert call(client_for, editor, "DELETE", f"/{world['signed'].pk}").status_code == 409
    assert call(client_for, editor, "DELETE", f"/{draft.pk}").status_code == 204
    assert not Agreement.objects.filter(pk=draft.pk).exists()


def test_removing_a_party_with_commitments_is_a_conflict(world, client_for):
    answer = call(client_for, world["people"]["admin"], "PATCH", f"/{world['signed'].pk}", {"parties": []})
    assert (answer.status_code, answer.json()["code"]) == (409, "party_has_commitments")


def test_terminate_and_renew(world, client_for):
    admin, signed = world["people"]["admin"], world["signed"]
    assert call(client_for, world["people"]["partner_admin"], "POST", f"/{signed.pk}/terminate",
                {"terminated_on": "2026-09-01", "reason": "تعذر التنفيذ"}).status_code == 403
    renewed = call(client_for, admin, "POST", f"/{signed.pk}/renew", {"signed_on": "2028-01-15",
                                                                      "ends_on": "2030-02-28"})
    assert renewed.status_code == 201
    body = renewed.json()
    assert body["renews"]["id"] == signed.pk and body["starts_on"] == "2028-02-29"
    assert body["commitment_count"] == 2  # both open commitments carried over
    again = call(client_for, admin, "POST", f"/{signed.pk}/terminate",
                 {"terminated_on": "2026-09-01", "reason": "تعذر التنفيذ"})
    assert (again.status_code, again.json()["code"]) == (409, "not_terminable")
    ended = call(client_for, admin, "POST", f"/{body['id']}/terminate",
                 {"terminated_on": "2028-03-01", "reason": "تعذر التنفيذ"})
    assert ended.status_code == 200 and ended.json()["status"] == "terminated"


def test_a_renewal_title_too_short_is_refused_by_the_document(world, client_for):
    answer = call(client_for, world["people"]["admin"], "POST", f"/{world['signed'].pk}/renew",
                  {"signed_on": "2028-01-15", "ends_on": "2030-02-28", "title_ar": "ē"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "payload", "title_ar"]


# ---------------------------------------------------------------- commitments, follow-up, comments


def test_commitments_are_entered_by_the_keepers_staff(world, client_for):
    signed = world["signed"]
    partner_party = signed.parties.get(organization=world["partner"])
    body = {"party_id": partner_party.pk, "title_ar": "صيانة الحدائق", "due_on": "2027-01-01"}
    assert call(client_for, world["people"]["partner_admin"], "POST", f"/{signed.pk}/commitments",
                body).status_code == 403
    created = call(client_for, world["people"]["editor"], "POST", f"/{signed.pk}/commitments", body)
    assert created.status_code == 201 and created.json()["party_id"] == partner_party.pk
    foreign = call(client_for, world["people"]["editor"], "POST", f"/{signed.pk}/commitments",
                   {**body, "party_id": world["draft"].parties.first().pk})
    assert (foreign.status_code, foreign.json()["code"]) == (409, "party_not_in_agreement")
    listed = call(client_for, None, "GET", f"/{signed.pk}/commitments").json()
    assert len(listed) == 3 and [c["overdue"] for c in listed].count(True) == 1
    commitment_id = created.json()["id"]
    changed = call(client_for, world["people"]["editor"], "PATCH", f"/{signed.pk}/commitments/{commitment_id}",
                   {"owner_name": "إدارة الحدائق"})
    assert changed.status_code == 200 and changed.json()["owner_name"] == "إدارة الحدائق"
    assert call(client_for, world["people"]["editor"], "DELETE",
                f"/{signed.pk}/commitments/{commitment_id}").status_code == 204
    assert call(client_for, world["people"]["editor"], "GET",
                f"/{world['draft'].pk}/commitments/{world['own'].pk}/updates").status_code == 404


@pytest.mark.parametrize(("who", "own", "theirs"), [
    ("anonymous", 401, 401), ("resident", 403, 403), ("viewer", 403, 403), ("editor", 201, 403),
    ("admin", 201, 403), ("partner_admin", 403, 201), ("outsider_admin", 403, 403), ("coordinator", 403, 403),
    ("platform_admin", 201, 201),
])
def test_each_party_follows_up_its_own_commitments(world, client_for, who, own, theirs):
    signed = world["signed"]
    update = {"happened_on": "2026-05-01", "note": "أنجزت المرحلة الأولى", "status": "in_progress", "progress": 40}
    for name, expected in (("own", own), ("theirs", theirs)):
        answer = call(client_for, world["people"][who], "POST",
                      f"/{signed.pk}/commitments/{world[name].pk}/updates", update)
        assert answer.status_code == expected, (name, answer.content)
    done = sum(expected == 201 for expected in (own, theirs))
    assert CommitmentUpdate.objects.count() == done
    if theirs == 201:
        commitment = Commitment.objects.get(pk=world["theirs"].pk)
        assert (commitment.status, commitment.progress) == ("in_progress", 40)
        listed = call(client_for, None, "GET", f"/{signed.pk}/commitments/{commitment.pk}/updates").json()
        assert [item["note"] for item in listed] == ["أنجزت المرحلة الأولى"]


def test_follow_up_errors(world, client_for):
    admin, signed = world["people"]["admin"], world["signed"]
    path = f"/{signed.pk}/commitments/{world['own'].pk}/updates"
    future = call(client_for, admin, "POST", path, {"happened_on": "2999-01-01", "note": "تم", "status": "done"})
    assert future.status_code == 422
    services.commitment_create(actor=admin, agreement=world["draft"], party=world["draft"].parties.first(),
                               data={"title_ar": "التزام في مسودة"})
    on_draft = world["draft"].commitments.get()
    answer = call(client_for, admin, "POST", f"/{world['draft'].pk}/commitments/{on_draft.pk}/updates",
                  {"happened_on": "2026-05-01", "note": "بدأ العمل", "status": "in_progress"})
    assert (answer.status_code, answer.json()["code"]) == (409, "agreement_draft")


@pytest.mark.parametrize(("who", "read", "write"), [
    ("anonymous", 401, 401), ("resident", 403, 403), ("viewer", 200, 403), ("editor", 200, 201),
    ("admin", 200, 201), ("partner_admin", 200, 201), ("outsider_admin", 403, 403), ("coordinator", 403, 403),
    ("platform_admin", 200, 201),
])
def test_comments_are_the_parties(world, client_for, who, read, write):
    signed, person = world["signed"], world["people"][who]
    assert call(client_for, person, "GET", f"/{signed.pk}/comments").status_code == read
    answer = call(client_for, person, "POST", f"/{signed.pk}/comments", {"body": "نقترح اجتماعا للمتابعة"})
    assert answer.status_code == write
    assert AgreementComment.objects.count() == (1 if write == 201 else 0)
    if who == "partner_admin":
        assert answer.json()["organization"]["id"] == world["partner"].pk


def test_comments_of_a_draft_are_hidden_from_outsiders(world, client_for):
    answer = call(client_for, world["people"]["outsider_admin"], "GET", f"/{world['draft'].pk}/comments")
    assert answer.status_code == 404


def test_english_answers_when_asked(world, client_for):
    answer = client_for(None).get(f"{URL}/{world['signed'].pk}", headers={"accept-language": "en"})
    assert answer.status_code == 200
    missing = client_for(None).get(f"{URL}/999999", headers={"accept-language": "en"})
    assert missing.json()["detail"] == "Not found."
