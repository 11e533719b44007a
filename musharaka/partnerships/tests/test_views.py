"""The partnership pages: the register, an agreement, recording and editing, commitments and their follow-up,
documents, comments, the decisions, the portfolio; both languages, every role, errors shown and never a 500."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from musharaka.orgs.models import Role, Sector
from musharaka.partnerships import services
from musharaka.partnerships.models import (
    Agreement,
    AgreementComment,
    AgreementDocument,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    PartyRole,
    Stage,
)
from musharaka.partnerships.timeline import agreement_timeline

pytestmark = pytest.mark.django_db
D = datetime.date
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def pdf(name="mou.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


@pytest.fixture
def world(make_org, make_member, make_user, make_coordinator, region, other_region, platform_admin):
    """A non-profit (the keeper) and the Eastern Province municipality signed a published MoU with a commitment
    each (the municipality's overdue); the keeper also has a draft with the municipality. An outsider organisation
    in another region, and a person per role."""
    keeper = make_org("جمعية استدامة للتنمية المستدامة", sector=Sector.NONPROFIT)
    partner = make_org("أمانة المنطقة الشرقية", sector=Sector.AUTHORITY)
    outsider = make_org("جمعية البر بجدة", region=other_region)
    people = {
        "anonymous": None, "resident": make_user(),
        "keeper_admin": make_member(keeper, Role.ADMIN), "keeper_editor": make_member(keeper, Role.EDITOR),
        "keeper_viewer": make_member(keeper, Role.VIEWER), "partner_admin": make_member(partner, Role.ADMIN),
        "outsider_admin": make_member(outsider, Role.ADMIN), "coordinator": make_coordinator(region),
        "other_coordinator": make_coordinator(other_region), "platform_admin": platform_admin,
    }
    admin = people["keeper_admin"]
    agreement = services.agreement_create(actor=admin, organization=keeper, data={
        "title_ar": "مذكرة تفاهم لنشر ثقافة التنمية المستدامة", "stage": Stage.SIGNED, "signed_on": D(2026, 3, 1),
        "signed_place": "فندق حياة جراند بمحافظة الخبر", "starts_on": D(2026, 3, 1), "ends_on": D(2028, 2, 28),
        "objectives_ar": "تعزيز الشراكة المجتمعية", "is_published": True},
        parties=[services.PartySpec(organization=partner, role=PartyRole.FIRST_PARTY, signatory_name="م. فهد الجبير"),
                 services.PartySpec(organization=keeper, role=PartyRole.SECOND_PARTY)], regions=[region])
    mine = services.commitment_create(actor=admin, agreement=agreement, party=agreement.parties.get(organization=keeper),
                                      data={"title_ar": "إطلاق المبادرات النوعية", "due_on": D(2030, 1, 1)})
    theirs = services.commitment_create(actor=admin, agreement=agreement,
                                        party=agreement.parties.get(organization=partner),
                                        data={"title_ar": "تهيئة المواقع العامة", "due_on": D(2026, 4, 1)})
    draft = services.agreement_create(actor=admin, organization=keeper, data={"title_ar": "مسودة اتفاقية تعاون"},
                                      parties=[services.PartySpec(organization=keeper),
                                               services.PartySpec(organization=partner)])
    return {"keeper": keeper, "partner": partner, "outsider": outsider, "people": people, "agreement": agreement,
            "mine": mine, "theirs": theirs, "draft": draft}


def _errors(response) -> str:
    """What a page answered instead of redirecting: its error messages."""
    import re

    body = response.content.decode()
    found = re.findall(r'(?s)<div class="alert alert-danger.*?</div>|invalid-feedback[^>]*>[^<]*', body)
    return f"{response.status_code}: " + " | ".join(re.sub(r"<[^>]+>|\s+", " ", item) for item in found)


def client(client_for, world, role):
    return client_for(world["people"][role])


# ---------------------------------------------------------------- the register


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_register_lists_what_the_person_may_see_in_both_languages(client_for, world, prefix):
    url = prefix + reverse("partnerships:list")
    body = client_for(None).get(url).content.decode()
    assert "مذكرة تفاهم لنشر ثقافة التنمية المستدامة" in body and "مسودة اتفاقية تعاون" not in body
    assert ("Partnerships and agreements" if prefix else "الشراكات والاتفاقيات") in body
    party = client(client_for, world, "partner_admin").get(url).content.decode()
    assert "مسودة اتفاقية تعاون" in party


def test_register_filters(client_for, world, make_agreement, region):
    agreement = world["agreement"]
    other = make_agreement(title_ar="عقد تشغيل مراكز الأحياء", kind="contract", is_published=True,
                           ends_on=timezone.localdate() + datetime.timedelta(days=20), starts_on=D(2026, 1, 1))
    anonymous = client_for(None)

    def titles(**params):
        body = anonymous.get(reverse("partnerships:list"), params).content.decode()
        return {title for title in (agreement.title_ar, other.title_ar) if title in body}

    assert titles() == {agreement.title_ar, other.title_ar}
    assert titles(kind="contract") == {other.title_ar}
    assert titles(status="expiring") == {other.title_ar}
    assert titles(expiring="30") == {other.title_ar}
    assert titles(region=region.pk) == {agreement.title_ar}
    assert titles(organization=world["keeper"].pk) == {agreement.title_ar}
    assert titles(sector="authority") == {agreement.title_ar, other.title_ar}
    assert titles(sector="academic_expert") == set()
    assert titles(q="الثقافة التنمية") == {agreement.title_ar}
    # A bad parameter is dropped, never an error page.
    assert anonymous.get(reverse("partnerships:list"), {"status": "x", "region": "abc", "expiring": "-4",
                                                        "page": "zz", "event": "9" * 30}).status_code == 200


def test_register_links_the_network_statistics_and_its_export_with_the_filters(client_for, world):
    from django.utils.html import escape

    body = client_for(None).get(reverse("partnerships:list"), {"kind": "mou", "page": "2"}).content.decode()
    assert f'href="{reverse("partnerships:network")}"' in body
    assert f'href="{reverse("partnerships:statistics")}"' in body
    for file_format in ("csv", "xlsx"):  # the filters travel, the page number does not
        assert f'href="{escape(reverse("partnerships:export") + "?kind=mou&format=" + file_format)}"' in body
    export = client_for(None).get(reverse("partnerships:export") + "?kind=mou&format=csv")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")


def test_register_query_count_does_not_grow_with_rows(client_for, world, make_agreement):
    viewer = client(client_for, world, "keeper_admin")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert viewer.get(reverse("partnerships:list")).status_code == 200
        return len(queries)

    few = count()
    for number in range(6):
        make_agreement(keeper=world["keeper"], actor=world["people"]["keeper_admin"], title_ar=f"مذكرة تفاهم {number}",
                       is_published=True)
    assert count() == few
    assert few <= 12


# ---------------------------------------------------------------- an agreement


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_agreement_page_shows_parties_commitments_and_timeline(client_for, world, prefix):
    agreement = world["agreement"]
    response = client_for(None).get(prefix + reverse("partnerships:detail", args=[agreement.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("أمانة المنطقة الشرقية", "م. فهد الجبير", "إطلاق المبادرات النوعية", "تهيئة المواقع العامة",
                 "فندق حياة جراند بمحافظة الخبر", "1447"):  # the Hijri year of the signing
        assert text in body
    assert body.count('data-testid="overdue"') == 1  # the municipality's, due in April 2026
    assert 'data-testid="comment-form"' not in body and 'data-testid="follow-up"' not in body


def test_agreement_page_query_count_does_not_grow_with_commitments(client_for, world):
    agreement, people = world["agreement"], world["people"]
    viewer = client(client_for, world, "partner_admin")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert viewer.get(reverse("partnerships:detail", args=[agreement.pk])).status_code == 200
        return len(queries)

    few = count()
    party = agreement.parties.get(organization=world["partner"])
    for number in range(5):
        commitment = services.commitment_create(actor=people["keeper_admin"], agreement=agreement, party=party,
                                                data={"title_ar": f"التزام رقم {number}"})
        services.commitment_update_add(actor=people["partner_admin"], commitment=commitment,
                                       happened_on=D(2026, 5, 1), note="بدأ التنفيذ", status="in_progress",
                                       evidence=pdf())
    services.comment_add(actor=people["partner_admin"], agreement=agreement, body="تم الاجتماع الأول")
    assert count() == few
    assert few <= 20


def test_timeline_reads_signed_commitments_updates_then_the_end(world):
    agreement, people = world["agreement"], world["people"]
    services.commitment_update_add(actor=people["keeper_admin"], commitment=world["mine"], happened_on=D(2026, 3, 5),
                                   note="أطلقت أول مبادرة", status="in_progress", progress=30)
    agreement.refresh_from_db()
    entries = agreement_timeline(agreement, D(2026, 6, 1))
    assert [entry.kind for entry in entries] == ["signed", "in_force", "commitment", "commitment", "update",
                                                 "notice", "ends"]
    assert [entry.title for entry in entries if entry.kind == "commitment"] == ["تهيئة المواقع العامة",
                                                                                 "إطلاق المبادرات النوعية"]
    assert [entry.overdue for entry in entries if entry.kind == "commitment"] == [True, False]
    assert agreement_timeline(agreement, D(2028, 6, 1))[-1].kind == "expired"


DRAFT_SEEN = {"keeper_admin", "keeper_editor", "keeper_viewer", "partner_admin", "platform_admin"}


@pytest.mark.parametrize("role", ["anonymous", "resident", "keeper_admin", "keeper_editor", "keeper_viewer",
                                  "partner_admin", "outsider_admin", "coordinator", "other_coordinator",
                                  "platform_admin"])
def test_draft_is_seen_by_the_parties_only(client_for, world, role):
    response = client(client_for, world, role).get(reverse("partnerships:detail", args=[world["draft"].pk]))
    assert response.status_code == (200 if role in DRAFT_SEEN else 404)


# Who may do what: (route, record, data) × role → status. 302 is done; login a redirect to the sign-in page.
ROLES = ("anonymous", "resident", "keeper_viewer", "keeper_editor", "keeper_admin", "partner_admin",
         "outsider_admin", "coordinator", "other_coordinator", "platform_admin")
ACTIONS = {
    #                         anon   res  view edit adm  padm oadm crd  ocrd  plat
    "edit":                 "login 403 403 200 200 403 403 403 403 200",
    "draft_edit":           "login 404 403 200 200 403 404 404 404 200",
    "commitment_create":    "login 403 403 302 302 403 403 403 403 302",
    "follow_up_theirs":     "login 403 403 403 403 302 403 403 403 302",
    "follow_up_mine":       "login 403 403 302 302 403 403 403 403 302",
    "comment":              "login 403 403 302 302 302 403 403 403 302",
    "unpublish":            "login 403 403 403 403 403 403 302 403 302",
    "terminate":            "login 403 403 302 302 403 403 403 403 302",
    "delete_draft":         "login 404 403 302 302 403 404 404 404 302",
    "document_upload":      "login 403 403 302 302 403 403 403 403 302",
}


def _request(world, action, http):
    agreement, draft = world["agreement"], world["draft"]
    today = timezone.localdate().isoformat()
    follow = {"happened_on": today, "note": "أنجزت المرحلة الأولى", "status": "in_progress", "progress": "40"}
    if action == "edit":
        return http.get(reverse("partnerships:edit", args=[agreement.pk]))
    if action == "draft_edit":
        return http.get(reverse("partnerships:edit", args=[draft.pk]))
    if action == "commitment_create":
        party = agreement.parties.get(organization=world["partner"])
        return http.post(reverse("partnerships:commitment_create", args=[agreement.pk]),
                         {"party": party.pk, "title_ar": "تجميل الميادين العامة", "due_on": "2027-01-01"})
    if action == "follow_up_theirs":
        return http.post(reverse("partnerships:follow_up", args=[agreement.pk, world["theirs"].pk]), follow)
    if action == "follow_up_mine":
        return http.post(reverse("partnerships:follow_up", args=[agreement.pk, world["mine"].pk]), follow)
    if action == "comment":
        return http.post(reverse("partnerships:comment_add", args=[agreement.pk]), {"body": "نقترح اجتماعا شهريا"})
    if action == "unpublish":
        return http.post(reverse("partnerships:unpublish", args=[agreement.pk]))
    if action == "terminate":
        return http.post(reverse("partnerships:terminate", args=[agreement.pk]),
                         {"terminated_on": today, "reason": "اتفق الطرفان على الإنهاء"})
    if action == "delete_draft":
        return http.post(reverse("partnerships:delete", args=[draft.pk]))
    if action == "document_upload":
        return http.post(reverse("partnerships:documents", args=[agreement.pk]),
                         {"title": "نص المذكرة", "file": pdf(), "is_public": "on"})
    raise AssertionError(action)


def _state():
    return (list(Agreement.objects.values_list("pk", "stage", "is_published").order_by("pk")),
            Commitment.objects.count(), CommitmentUpdate.objects.count(), AgreementComment.objects.count(),
            AgreementDocument.objects.count())


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_permissions_by_role_and_action(client_for, world, action, role):
    expected = dict(zip(ROLES, ACTIONS[action].split(), strict=True))[role]
    before = _state()
    response = _request(world, action, client(client_for, world, role))
    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == int(expected), _errors(response)
    if expected == "302":
        assert "/accounts/login/" not in response["Location"] and _state() != before
    else:
        assert _state() == before


# ---------------------------------------------------------------- recording through the form


def agreement_post(world, *, event=None, **changes) -> dict:
    data = {
        "organization": world["keeper"].pk, "kind": "mou", "title_ar": "مذكرة تفاهم مع شركة شباب مجتمعي الوقفية",
        "objectives_ar": "إطلاق المبادرات النوعية والتوعية", "stage": "signed", "signed_on": "2026-03-01",
        "signed_place": "الخبر", "signed_before": "معالي نائب الوزير", "renewal": "none", "notice_days": "90",
        "starts_on": "2026-03-01", "ends_on": "2028-02-28", "is_published": "on",
        "parties-TOTAL_FORMS": "3", "parties-INITIAL_FORMS": "3", "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "30",
        "parties-0-organization": world["keeper"].pk, "parties-0-role": "first_party",
        "parties-1-name_ar": "شركة شباب مجتمعي الوقفية", "parties-1-role": "second_party",
        "parties-1-signatory_name": "أ. خالد", "parties-2-role": "partner",
    }
    if event is not None:
        data["event"] = event.pk
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_create_page_prefills_from_the_event_and_records(client_for, world, prefix):
    from musharaka.events import services as events

    admin = world["people"]["keeper_admin"]
    starts = timezone.now() - datetime.timedelta(days=3)
    event = events.event_create(actor=admin, organization=world["keeper"], data={
        "title_ar": "الملتقى الأول للمشاركة المجتمعية", "kind": "forum", "region": world["keeper"].region,
        "venue": "فندق حياة جراند", "starts_at": starts, "ends_at": starts + datetime.timedelta(days=1),
        "is_published": True})
    http = client_for(admin)
    create, listing = reverse("partnerships:create"), reverse("partnerships:list")
    page = http.get(prefix + create, {"event": event.pk}).content.decode()
    assert "الملتقى الأول للمشاركة المجتمعية" in page and 'value="فندق حياة جراند"' in page
    assert reverse("orgs:options") in page
    response = http.post(prefix + create + f"?event={event.pk}",
                         agreement_post(world, event=event))
    assert response.status_code == 302, _errors(response)
    agreement = Agreement.objects.get(title_ar="مذكرة تفاهم مع شركة شباب مجتمعي الوقفية")
    assert agreement.event_id == event.pk and agreement.party_count == 2 and agreement.is_published
    assert [party.name_ar for party in agreement.parties.all()] == ["", "شركة شباب مجتمعي الوقفية"]
    listed = client_for(None).get(listing, {"event": event.pk}).content.decode()
    assert agreement.title_ar in listed and world["agreement"].title_ar not in listed


@pytest.mark.parametrize(("changes", "message"), [
    ({"title_ar": ""}, "This field is required"),
    ({"ends_on": "2026-01-01"}, "The end must not be before the start"),
    ({"stage": "draft"}, "A draft cannot be published"),
    ({"parties-0-organization": None, "parties-0-name_ar": "جهة أخرى"}, "must be one of its parties"),
    ({"parties-1-name_ar": "", "parties-1-signatory_name": ""}, "at least two parties"),
    ({"notice_days": "5000"}, "less than or equal to 730"),
    ({"parties-TOTAL_FORMS": None}, "ManagementForm data is missing"),
    ({"organization": "999999"}, "Select a valid choice"),
])
def test_create_page_shows_errors_and_writes_nothing(client_for, world, changes, message):
    http = client_for(world["people"]["keeper_admin"])
    response = http.post("/en" + reverse("partnerships:create"), agreement_post(world, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Agreement.objects.filter(title_ar="مذكرة تفاهم مع شركة شباب مجتمعي الوقفية").exists()


def test_create_page_for_an_organisation_one_may_not_record_for_is_forbidden(client_for, world):
    """One rule with POST /partnerships (found by the page/API parity test): another organisation's admin naming
    the keeper is refused with a 403, not shown the form again; nothing is written."""
    http = client_for(world["people"]["outsider_admin"])
    response = http.post(reverse("partnerships:create"), agreement_post(world))
    assert response.status_code == 403
    assert not Agreement.objects.filter(title_ar="مذكرة تفاهم مع شركة شباب مجتمعي الوقفية").exists()


def test_edit_page_keeps_parties_and_their_commitments(client_for, world):
    agreement = world["agreement"]
    http = client_for(world["people"]["keeper_editor"])
    page = http.get(reverse("partnerships:edit", args=[agreement.pk])).content.decode()
    assert "أمانة المنطقة الشرقية" in page
    data = agreement_post(world, **{"parties-0-organization": world["partner"].pk, "parties-0-role": "first_party",
                                    "parties-1-organization": world["keeper"].pk, "parties-1-name_ar": "",
                                    "parties-1-role": "second_party", "title_ar": "مذكرة تفاهم معدلة"})
    data["organization"] = ""
    response = http.post(reverse("partnerships:edit", args=[agreement.pk]), data)
    assert response.status_code == 302, _errors(response)
    agreement.refresh_from_db()
    assert agreement.title_ar == "مذكرة تفاهم معدلة" and agreement.commitment_count == 2


# ---------------------------------------------------------------- commitments and follow-up


def test_follow_up_with_evidence_then_the_evidence_is_the_parties_only(client_for, world):
    agreement, theirs = world["agreement"], world["theirs"]
    http = client_for(world["people"]["partner_admin"])
    page = http.get(reverse("partnerships:follow_up", args=[agreement.pk, theirs.pk]))
    assert page.status_code == 200 and 'data-testid="overdue"' in page.content.decode()
    response = http.post(reverse("partnerships:follow_up", args=[agreement.pk, theirs.pk]), {
        "happened_on": timezone.localdate().isoformat(), "note": "اكتملت تهيئة الموقع الأول", "status": "done",
        "evidence": pdf("report.pdf")})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == CommitmentStatus.DONE and theirs.progress == 100
    update = theirs.updates.get()
    url = update.evidence_url
    assert http.get(url).status_code == 200
    assert client_for(world["people"]["keeper_viewer"]).get(url).status_code == 200
    for role in ("anonymous", "resident", "coordinator", "outsider_admin"):
        assert client(client_for, world, role).get(url).status_code == 404, role
    assert http.get(url.rsplit("/", 1)[0] + "/other.pdf").status_code == 404


def test_follow_up_refuses_a_hostile_file_and_a_future_date(client_for, world):
    agreement, theirs = world["agreement"], world["theirs"]
    http = client_for(world["people"]["partner_admin"])
    url = reverse("partnerships:follow_up", args=[agreement.pk, theirs.pk])
    script = SimpleUploadedFile("report.pdf", b"<script>alert(1)</script>", "application/pdf")
    response = http.post(url, {"happened_on": timezone.localdate().isoformat(), "note": "تقرير", "status": "done",
                               "evidence": script})
    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = http.post(url, {"happened_on": future, "note": "تقرير", "status": "done"})
    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()
    assert CommitmentUpdate.objects.count() == 0
    theirs.refresh_from_db()
    assert theirs.status == CommitmentStatus.PLANNED


def test_commitment_edit_and_delete(client_for, world):
    agreement, mine = world["agreement"], world["mine"]
    http = client_for(world["people"]["keeper_admin"])
    response = http.post(reverse("partnerships:commitment_edit", args=[agreement.pk, mine.pk]), {
        "party": mine.party_id, "title_ar": "إطلاق ثلاث مبادرات نوعية", "due_on": "2029-12-31",
        "owner_name": "إدارة البرامج"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.title_ar == "إطلاق ثلاث مبادرات نوعية" and mine.owner_name == "إدارة البرامج"
    assert http.post(reverse("partnerships:commitment_delete", args=[agreement.pk, mine.pk])).status_code == 302
    agreement.refresh_from_db()
    assert agreement.commitment_count == 1
    # Another agreement's commitment through this agreement's URL does not exist there.
    other = world["theirs"]
    assert http.post(reverse("partnerships:commitment_delete", args=[world["draft"].pk, other.pk])).status_code == 404


# ---------------------------------------------------------------- documents and comments


def test_documents_private_unless_public_on_a_published_agreement(client_for, world):
    agreement, admin = world["agreement"], world["people"]["keeper_admin"]
    private = services.document_add(actor=admin, agreement=agreement, title="محضر التوقيع", upload=pdf("minutes.pdf"))
    public = services.document_add(actor=admin, agreement=agreement, title="نص المذكرة", upload=pdf("mou.pdf"),
                                   is_public=True)
    anonymous, partner = client_for(None), client_for(world["people"]["partner_admin"])
    assert anonymous.get(public.url).status_code == 200
    assert anonymous.get(public.url)["Cache-Control"].startswith("public")
    assert anonymous.get(private.url).status_code == 404
    assert partner.get(private.url).status_code == 200
    page = anonymous.get(reverse("partnerships:detail", args=[agreement.pk])).content.decode()
    assert "نص المذكرة" in page and "محضر التوقيع" not in page
    services.agreement_unpublish(actor=world["people"]["platform_admin"], agreement=agreement)
    assert anonymous.get(public.url).status_code == 404
    assert partner.get(public.url).status_code == 200


def test_document_upload_refuses_a_hostile_file(client_for, world):
    http = client_for(world["people"]["keeper_admin"])
    fake = SimpleUploadedFile("mou.pdf", b"MZ\x90\x00" + b"\x00" * 64, "application/pdf")
    response = http.post(reverse("partnerships:documents", args=[world["agreement"].pk]),
                         {"title": "نص المذكرة", "file": fake})
    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()
    assert AgreementDocument.objects.count() == 0


def test_comments_are_the_parties_and_deleted_by_their_author(client_for, world):
    agreement = world["agreement"]
    partner = client_for(world["people"]["partner_admin"])
    assert partner.post(reverse("partnerships:comment_add", args=[agreement.pk]), {"body": "x"}).status_code == 302
    assert AgreementComment.objects.count() == 0  # too short: the reason is shown as a message
    partner.post(reverse("partnerships:comment_add", args=[agreement.pk]), {"body": "نقترح اجتماعا شهريا"})
    comment = AgreementComment.objects.get()
    assert comment.organization_id == world["partner"].pk
    assert "نقترح اجتماعا شهريا" in partner.get(reverse("partnerships:detail", args=[agreement.pk])).content.decode()
    assert "نقترح اجتماعا شهريا" not in client_for(None).get(
        reverse("partnerships:detail", args=[agreement.pk])).content.decode()
    keeper = client_for(world["people"]["keeper_admin"])
    assert keeper.post(reverse("partnerships:comment_delete", args=[agreement.pk, comment.pk])).status_code == 403
    assert partner.post(reverse("partnerships:comment_delete", args=[agreement.pk, comment.pk])).status_code == 302
    assert AgreementComment.objects.count() == 0


# ---------------------------------------------------------------- decisions


def test_renewal_by_decision_links_both_ways(client_for, world):
    agreement = world["agreement"]
    http = client_for(world["people"]["keeper_admin"])
    assert http.get(reverse("partnerships:renew", args=[agreement.pk])).status_code == 200
    response = http.post(reverse("partnerships:renew", args=[agreement.pk]),
                         {"signed_on": "2028-02-01", "ends_on": "2030-02-28"})
    assert response.status_code == 302
    renewal = Agreement.objects.get(renews=agreement)
    assert response["Location"].endswith(reverse("partnerships:detail", args=[renewal.pk]))
    assert 'data-testid="renews"' in http.get(response["Location"]).content.decode()
    old = http.get(reverse("partnerships:detail", args=[agreement.pk])).content.decode()
    assert 'data-testid="renewed-by"' in old and 'data-testid="timeline-renewed"' in old
    # Renewed already: a second renewal is refused on the form, nothing written.
    response = http.post(reverse("partnerships:renew", args=[agreement.pk]),
                         {"signed_on": "2028-02-01", "ends_on": "2030-02-28"})
    assert response.status_code == 200 and Agreement.objects.filter(renews=agreement).count() == 1


def test_termination_and_delete_of_a_signed_agreement(client_for, world):
    agreement = world["agreement"]
    http = client_for(world["people"]["keeper_admin"])
    response = http.post("/en" + reverse("partnerships:terminate", args=[agreement.pk]),
                         {"terminated_on": "2020-01-01", "reason": "اتفق الطرفان"})
    assert response.status_code == 200 and "cannot be before the signing" in response.content.decode()
    assert Agreement.objects.get(pk=agreement.pk).stage == Stage.SIGNED
    response = http.post(reverse("partnerships:delete", args=[agreement.pk]))
    assert response.status_code == 302 and Agreement.objects.filter(pk=agreement.pk).exists()
    response = http.post(reverse("partnerships:terminate", args=[agreement.pk]),
                         {"terminated_on": "2026-06-01", "reason": "اتفق الطرفان"})
    assert response.status_code == 302
    page = http.get(reverse("partnerships:detail", args=[agreement.pk])).content.decode()
    assert 'data-testid="timeline-terminated"' in page and "اتفق الطرفان" in page


# ---------------------------------------------------------------- the portfolio


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_portfolio_counts_and_open_commitments(client_for, world, prefix):
    response = client_for(None).get(prefix + reverse("partnerships:portfolio", args=[world["partner"].pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert world["agreement"].title_ar in body and "مسودة اتفاقية تعاون" not in body
    assert "تهيئة المواقع العامة" in body and "إطلاق المبادرات النوعية" not in body  # the keeper's
    assert 'data-testid="portfolio-overdue"' in body
    party = client(client_for, world, "partner_admin").get(
        reverse("partnerships:portfolio", args=[world["partner"].pk])).content.decode()
    assert "مسودة اتفاقية تعاون" in party
    assert client_for(None).get(reverse("partnerships:portfolio", args=[999999])).status_code == 404


def test_organisation_page_links_to_the_portfolio(client_for, world):
    body = client_for(None).get(reverse("orgs:detail", args=[world["partner"].pk])).content.decode()
    assert reverse("partnerships:portfolio", args=[world["partner"].pk]) in body

