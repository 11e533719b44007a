"""The volunteering API: an opportunity built, published, applied to, decided, its hours logged, verified and
certified through it, the certificate verified by its code; who may do what (404 for what one may not see, 403 for
what one sees but may not do); what the state refuses (409); hostile numbers and dates refused with 422, never a
500, and nothing half-written; the statistics and the values of an hour."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from musharaka.volunteering import services
from musharaka.volunteering.models import (
    Application,
    ApplicationStatus,
    EntryStatus,
    HourEntry,
    HoursTally,
    HourValue,
    Opportunity,
    OpportunityStatus,
    Shift,
)

from .conftest import opportunity_data, shift_times

pytestmark = pytest.mark.django_db
URL = "/api/v1/volunteering"


def call(client_for, user, method, path, body=None):
    client = client_for(user)
    if method == "GET":
        return client.get(URL + path, headers={"Accept-Language": "en"})
    return client.generic(method, URL + path, json.dumps(body if body is not None else {}),
                          content_type="application/json", headers={"Accept-Language": "en"})


def ok(answer, status=200):
    assert answer.status_code == status, answer.content
    return answer.json() if answer.content else None


def refused(answer, status: int, code: str | None = None):
    assert answer.status_code == status, answer.content
    body = answer.json()
    assert set(body) == {"detail", "code"}
    if code:
        assert body["code"] == code, body
    return body


def _iso(moment: datetime.datetime) -> str:
    return moment.isoformat()


def test_an_opportunity_from_draft_to_certificate_through_the_api(volunteering_world, client_for, make_org, region):
    world = volunteering_world
    today = timezone.localdate()
    created = ok(call(client_for, world.editor, "POST", f"/organizations/{world.organization.pk}/opportunities", {
        "title_ar": "توزيع سلال رمضان على الأسر", "description_ar": "فرز المواد وتعبئة السلال وتوزيعها",
        "region_id": region.pk, "starts_on": str(today - datetime.timedelta(days=3)),
        "ends_on": str(today + datetime.timedelta(days=20)), "minimum_age": 18,
        "questions": [{"text_ar": "هل لديك سيارة؟", "required": True}]}), 201)
    opportunity_id = created["id"]
    assert (created["status"], created["may_change"], created["pending_count"]) == ("draft", True, 0)
    assert created["questions"][0]["required"] is True
    # A draft is the staff's: the public and the resident do not see it.
    refused(call(client_for, None, "GET", f"/opportunities/{opportunity_id}"), 404, "not_found")
    refused(call(client_for, world.volunteer, "GET", f"/opportunities/{opportunity_id}"), 404)
    refused(call(client_for, world.editor, "POST", f"/opportunities/{opportunity_id}/publish"), 409, "no_shifts")
    starts, ends = shift_times(2)
    shift = ok(call(client_for, world.editor, "POST", f"/opportunities/{opportunity_id}/shifts", {
        "title": "فرز وتعبئة", "starts_at": _iso(starts), "ends_at": _iso(ends), "capacity": 1}), 201)
    assert shift["seats_left"] == 1
    ok(call(client_for, world.editor, "POST", f"/opportunities/{opportunity_id}/publish"))
    public = ok(call(client_for, None, "GET", f"/opportunities/{opportunity_id}"))
    assert (public["status"], public["may_change"], public["pending_count"]) == ("published", False, None)
    question_id = public["questions"][0]["id"]
    # Applying: the required answer and the birth date are needed; then one live application per shift.
    apply = f"/shifts/{shift['id']}/applications"
    refused(call(client_for, world.volunteer, "POST", apply, {"birth_date": "1990-05-01"}), 422, "answer_required")
    refused(call(client_for, world.volunteer, "POST", apply, {"answers": [{"question_id": question_id, "text": "نعم"}]}),
            422, "birth_date_required")
    refused(call(client_for, world.volunteer, "POST", apply, {
        "answers": [{"question_id": question_id, "text": "نعم"}], "birth_date": str(today.replace(year=today.year - 15))}),
        422, "too_young")
    application = ok(call(client_for, world.volunteer, "POST", apply, {
        "message": "أرغب في المشاركة", "answers": [{"question_id": question_id, "text": "نعم، سيارة عائلية"}],
        "birth_date": "1990-05-01"}), 201)
    assert application["status"] == "pending" and application["answers"][0]["text"] == "نعم، سيارة عائلية"
    refused(call(client_for, world.volunteer, "POST", apply, {
        "answers": [{"question_id": question_id, "text": "نعم"}], "birth_date": "1990-05-01"}), 409, "already_applied")
    mine = ok(call(client_for, world.volunteer, "GET", "/applications/mine"))
    assert [row["id"] for row in mine["results"]] == [application["id"]]
    # The staff decide; the volunteer may not decide on their own application.
    refused(call(client_for, world.volunteer, "POST", f"/applications/{application['id']}/decide",
                 {"decision": "accept"}), 403, "permission_denied")
    listed = ok(call(client_for, world.admin, "GET", f"/opportunities/{opportunity_id}/applications"))
    assert listed["count"] == 1 and listed["results"][0]["volunteer"]["id"] == world.volunteer.pk
    accepted = ok(call(client_for, world.admin, "POST", f"/applications/{application['id']}/decide",
                       {"decision": "accept"}))
    assert accepted["status"] == "accepted"
    assert ok(call(client_for, None, "GET", f"/opportunities/{opportunity_id}"))["shifts"][0]["seats_left"] == 0
    # Hours: the accepted volunteer logs them (not in the future), the staff verify them.
    log = f"/opportunities/{opportunity_id}/hours"
    refused(call(client_for, world.volunteer, "POST", log, {
        "date": str(today + datetime.timedelta(days=1)), "hours": "3", "activity": "فرز"}), 422)
    entry = ok(call(client_for, world.volunteer, "POST", log, {"date": str(today), "hours": "3.5",
                                                                "activity": "فرز المواد الغذائية"}), 201)
    assert (entry["hours"], entry["status"]) == ("3.50", "pending")
    changed = ok(call(client_for, world.volunteer, "PATCH", f"/hours/{entry['id']}", {"hours": "4"}))
    assert changed["hours"] == "4.00"
    refused(call(client_for, world.volunteer, "POST", f"/hours/{entry['id']}/verify"), 403)
    queue = ok(call(client_for, world.editor, "GET", f"/organizations/{world.organization.pk}/hours-queue"))
    assert [row["id"] for row in queue["results"]] == [entry["id"]]
    verified = ok(call(client_for, world.editor, "POST", f"/hours/{entry['id']}/verify"))
    assert verified["status"] == "verified"
    refused(call(client_for, world.editor, "POST", f"/hours/{entry['id']}/verify"), 409, "not_pending")
    refused(call(client_for, world.volunteer, "PATCH", f"/hours/{entry['id']}", {"hours": "5"}), 409, "not_pending")
    profile = ok(call(client_for, world.volunteer, "GET", "/profile"))
    assert profile["verified"] == "4.00" and profile["organizations"][0]["years"] == [
        {"year": today.year, "hours": "4.00"}]
    # A certificate for oneself; its code verifies publicly, showing only the paper.
    certificate = ok(call(client_for, world.volunteer, "POST", "/certificates",
                          {"organization_id": world.organization.pk}), 201)
    assert certificate["hours"] == "4.00" and not certificate["revoked"]
    answer = ok(call(client_for, None, "GET", f"/certificates/code/{certificate['code']}"))
    assert answer["valid"] and answer["name"] == "نورة القحطاني" and "volunteer_id" not in answer
    refused(call(client_for, None, "GET", "/certificates/code/NOSUCHCODE2345678"), 404)
    refused(call(client_for, world.volunteer, "POST", f"/certificates/{certificate['id']}/revoke",
                 {"reason": "خطأ"}), 403)
    ok(call(client_for, world.admin, "POST", f"/certificates/{certificate['id']}/revoke",
            {"reason": "سجلت ساعات بالخطأ"}))
    answer = ok(call(client_for, None, "GET", f"/certificates/code/{certificate['code']}"))
    assert (answer["valid"], answer["revoked"]) == (False, True)
    assert ok(call(client_for, world.volunteer, "GET", "/certificates/mine"))["count"] == 1
    # Closing, then cancelling; a published opportunity is not deleted.
    refused(call(client_for, world.editor, "DELETE", f"/opportunities/{opportunity_id}"), 409, "not_draft")
    assert ok(call(client_for, world.editor, "POST", f"/opportunities/{opportunity_id}/close"))["status"] == "closed"
    ok(call(client_for, world.editor, "POST", f"/opportunities/{opportunity_id}/cancel"))
    refused(call(client_for, world.editor, "POST", f"/opportunities/{opportunity_id}/close"), 409, "bad_transition")
    assert HoursTally.objects.get(organization=world.organization).hours == Decimal(4)


def test_list_filters_search_and_reads_few_queries(volunteering_world, client_for, make_org, make_member, other_region,
                                                   django_assert_max_num_queries):
    world = volunteering_world
    other = make_org("جمعية الخير", region=other_region)
    other_editor = make_member(other, "editor")
    second = services.opportunity_create(actor=other_editor, organization=other, data=opportunity_data(
        other_region, title_ar="تعليم الأطفال القراءة في مركز الحي"))
    starts, ends = shift_times(3)
    services.shift_save(actor=other_editor, opportunity=second, data={"starts_at": starts, "ends_at": ends,
                                                                      "capacity": 5})
    services.opportunity_publish(actor=other_editor, opportunity=second)
    with django_assert_max_num_queries(4):
        everything = ok(call(client_for, None, "GET", "/opportunities"))
    assert everything["count"] == 2
    by_region = ok(call(client_for, None, "GET", f"/opportunities?region={other_region.pk}"))
    assert [row["id"] for row in by_region["results"]] == [second.pk]
    assert by_region["results"][0]["region"]["id"] == other_region.pk
    searched = ok(call(client_for, None, "GET", "/opportunities?q=" + "الاطفال"))
    assert [row["id"] for row in searched["results"]] == [second.pk]
    assert ok(call(client_for, None, "GET", f"/opportunities?organization={world.organization.pk}&open=true"))[
        "count"] == 1
    refused(call(client_for, None, "GET", "/opportunities?region=0"), 422)
    refused(call(client_for, None, "GET", "/opportunities?page_size=101"), 422)
    # The organisation's own list (drafts too) is its members'.
    draft = services.opportunity_create(actor=world.editor, organization=world.organization,
                                        data=opportunity_data(world.opportunity.region))
    own = ok(call(client_for, world.editor, "GET", f"/organizations/{world.organization.pk}/opportunities"))
    assert {row["id"] for row in own["results"]} == {world.opportunity.pk, draft.pk}
    refused(call(client_for, world.volunteer, "GET", f"/organizations/{world.organization.pk}/opportunities"), 403)
    refused(call(client_for, None, "GET", f"/organizations/{world.organization.pk}/opportunities"), 401)


def test_patch_questions_and_shifts_through_the_api(volunteering_world, client_for):
    world = volunteering_world
    path = f"/opportunities/{world.opportunity.pk}"
    changed = ok(call(client_for, world.editor, "PATCH", path, {"title_en": "Gardens", "minimum_age": 16}))
    assert (changed["title_en"], changed["minimum_age"]) == ("Gardens", 16)
    refused(call(client_for, world.editor, "PATCH", path, {"title_ar": None}), 422)
    refused(call(client_for, world.editor, "PATCH", path, {"ends_on": "2000-01-01"}), 422)
    refused(call(client_for, world.editor, "PATCH", path, {"unknown": 1}), 422)
    refused(call(client_for, world.volunteer, "PATCH", path, {"title_en": "Taken"}), 403)
    question = ok(call(client_for, world.editor, "POST", f"{path}/questions", {"text_ar": "ما خبرتك السابقة؟"}), 201)
    assert ok(call(client_for, world.editor, "PATCH", f"/questions/{question['id']}", {"required": True}))["required"]
    ok(call(client_for, world.editor, "DELETE", f"/questions/{question['id']}"), 204)
    refused(call(client_for, world.editor, "DELETE", f"/questions/{question['id']}"), 404)
    # The capacity never below the accepted; a shift with accepted volunteers is not deleted.
    application = services.application_create(actor=world.volunteer, shift=world.evening,
                                              birth_date=datetime.date(1995, 3, 1))
    services.application_decide(actor=world.admin, application=application, decision="accept")
    refused(call(client_for, world.editor, "PATCH", f"/shifts/{world.evening.pk}", {"capacity": 0}), 422)
    assert ok(call(client_for, world.editor, "PATCH", f"/shifts/{world.evening.pk}", {"capacity": 1}))[
        "seats_left"] == 0
    refused(call(client_for, world.editor, "DELETE", f"/shifts/{world.evening.pk}"), 409, "has_accepted")
    refused(call(client_for, world.admin, "POST", f"/applications/{application.pk}/decide", {"decision": "maybe"}), 422)
    ok(call(client_for, world.volunteer, "POST", f"/applications/{application.pk}/withdraw"))
    refused(call(client_for, world.volunteer, "POST", f"/applications/{application.pk}/withdraw"), 409, "not_live")
    ok(call(client_for, world.editor, "DELETE", f"/shifts/{world.evening.pk}"), 204)
    opportunity = Opportunity.objects.get(pk=world.opportunity.pk)
    assert opportunity.seats_left == Shift.objects.get(pk=world.morning.pk).seats_left == 3


def test_full_shift_accept_is_a_conflict_and_the_waitlist_holds(volunteering_world, client_for, make_user):
    world = volunteering_world
    first, second, third = (make_user() for _n in range(3))
    services.shift_save(actor=world.editor, opportunity=world.opportunity, shift=world.evening, data={"capacity": 1})
    one = services.application_create(actor=first, shift=world.evening)
    two = services.application_create(actor=second, shift=world.evening)
    ok(call(client_for, world.admin, "POST", f"/applications/{one.pk}/decide", {"decision": "accept"}))
    refused(call(client_for, world.admin, "POST", f"/applications/{two.pk}/decide", {"decision": "accept"}), 409, "full")
    declined = ok(call(client_for, world.admin, "POST", f"/applications/{two.pk}/decide",
                       {"decision": "decline", "reason": "اكتمل العدد"}))
    assert declined["decline_reason"] == "اكتمل العدد"
    # Someone else's application is not even seen.
    refused(call(client_for, third, "POST", f"/applications/{one.pk}/withdraw"), 404)
    assert Application.objects.filter(shift=world.evening, status=ApplicationStatus.ACCEPTED).count() == 1


def _verified_hours(world, hours: str = "3") -> HourEntry:
    application = services.application_create(actor=world.volunteer, shift=world.morning)
    services.application_decide(actor=world.admin, application=application, decision="accept")
    return services.hours_log(actor=world.volunteer, opportunity=world.opportunity, data={
        "date": timezone.localdate(), "hours": hours, "activity": "تشجير"})


@pytest.mark.parametrize("hours", ["0", "-1", "25", "1e400", "NaN", "1.3", "abc", 3, None, "24.25", "0.1"])
def test_hostile_hours_are_refused_with_422(volunteering_world, client_for, hours):
    world = volunteering_world
    _verified_hours(world)
    before = HourEntry.objects.count()
    answer = call(client_for, world.volunteer, "POST", f"/opportunities/{world.opportunity.pk}/hours",
                  {"date": str(timezone.localdate()), "hours": hours, "activity": "تشجير"})
    refused(answer, 422, "invalid")
    assert HourEntry.objects.count() == before


@pytest.mark.parametrize("body", [{"capacity": 0}, {"capacity": -3}, {"capacity": 10_001}, {"capacity": "5"},
                                  {"capacity": 1e400}, {"capacity": True}])
def test_hostile_capacities_are_refused_with_422(volunteering_world, client_for, body):
    world = volunteering_world
    starts, ends = shift_times(2)
    answer = call(client_for, world.editor, "POST", f"/opportunities/{world.opportunity.pk}/shifts",
                  {"starts_at": _iso(starts), "ends_at": _iso(ends), **body})
    assert answer.status_code == 422, answer.content
    assert Shift.objects.filter(opportunity=world.opportunity).count() == 2


@pytest.mark.parametrize("body", [{"minimum_age": 100}, {"minimum_age": -1}, {"starts_on": "2026-02-30"},
                                  {"starts_on": "26-01-01"}, {"ends_on": "1999-12-31"}, {"region_id": 0},
                                  {"starts_on": "2026-01-01T10:00:00"}])
def test_hostile_opportunity_fields_are_refused_with_422(volunteering_world, client_for, region, body):
    world = volunteering_world
    data = {key: str(value) if isinstance(value, datetime.date) else value
            for key, value in opportunity_data(region).items()}
    before = Opportunity.objects.count()
    refused(call(client_for, world.editor, "POST", f"/organizations/{world.organization.pk}/opportunities",
                 {**data, **body}), 422)
    assert Opportunity.objects.count() == before


def test_reject_and_bulk_verify_keep_the_tally(volunteering_world, client_for, make_user):
    world = volunteering_world
    entry = _verified_hours(world, "2")
    other = make_user()
    application = services.application_create(actor=other, shift=world.morning)
    services.application_decide(actor=world.admin, application=application, decision="accept")
    services.hours_log(actor=other, opportunity=world.opportunity, data={
        "date": timezone.localdate(), "hours": "1.5", "shift_id": world.morning.pk})
    services.hours_update(actor=world.volunteer, entry=entry, data={"shift_id": world.morning.pk})
    assert ok(call(client_for, world.editor, "POST", f"/shifts/{world.morning.pk}/verify-hours")) == {"verified": 2}
    assert HoursTally.objects.get().hours == Decimal("3.5")
    refused(call(client_for, world.editor, "POST", f"/hours/{entry.pk}/reject", {"reason": " "}), 422)
    rejected = ok(call(client_for, world.editor, "POST", f"/hours/{entry.pk}/reject", {"reason": "لم يحضر"}))
    assert (rejected["status"], rejected["reject_reason"]) == ("rejected", "لم يحضر")
    assert HoursTally.objects.get().hours == Decimal("1.5")
    assert ok(call(client_for, world.volunteer, "GET", "/hours/mine?status=rejected"))["count"] == 1
    refused(call(client_for, other, "DELETE", f"/hours/{entry.pk}"), 404)
    refused(call(client_for, world.volunteer, "DELETE", f"/hours/{entry.pk}"), 409, "not_pending")
    assert HourEntry.objects.filter(status=EntryStatus.VERIFIED).count() == 1


def test_certificate_without_verified_hours_is_a_conflict(volunteering_world, client_for):
    world = volunteering_world
    refused(call(client_for, world.volunteer, "POST", "/certificates", {"organization_id": world.organization.pk}),
            409, "no_hours")
    refused(call(client_for, world.volunteer, "POST", "/certificates", {
        "organization_id": world.organization.pk, "volunteer_id": world.admin.pk}), 403)
    _verified_hours(world)
    entry = HourEntry.objects.get()
    services.hours_verify(actor=world.editor, entry=entry)
    issued = ok(call(client_for, world.admin, "POST", "/certificates", {
        "organization_id": world.organization.pk, "volunteer_id": world.volunteer.pk,
        "opportunity_id": world.opportunity.pk}), 201)
    assert issued["volunteer_id"] == world.volunteer.pk and issued["hours"] == "3.00"


def test_statistics_and_hour_values_through_the_api(volunteering_world, client_for, platform_admin, region):
    world = volunteering_world
    entry = _verified_hours(world, "6")
    services.hours_verify(actor=world.editor, entry=entry)
    refused(call(client_for, world.admin, "POST", "/hour-values", {
        "amount": "50", "basis_ar": "متوسط الأجر", "effective_from": "2020-01-01"}), 403)
    refused(call(client_for, world.admin, "GET", "/hour-values"), 403)
    created = ok(call(client_for, platform_admin, "POST", "/hour-values", {
        "amount": "50", "basis_ar": "متوسط الأجر الوطني", "basis_en": "National average wage",
        "effective_from": "2020-01-01"}), 201)
    assert (created["amount"], created["region"], created["basis"]) == ("50.00", None, "National average wage")
    refused(call(client_for, platform_admin, "POST", "/hour-values", {
        "amount": "60", "basis_ar": "أساس آخر", "effective_from": "2020-01-01"}), 409, "exists")
    for amount in ("0", "-1", "1e400", "100001", "1.234", 50):
        refused(call(client_for, platform_admin, "POST", "/hour-values", {
            "amount": amount, "basis_ar": "أساس", "effective_from": "2021-01-01"}), 422)
    assert len(ok(call(client_for, platform_admin, "GET", "/hour-values"))) == 1
    statistics = ok(call(client_for, None, "GET", "/statistics?by=region"))
    assert statistics["rows"] == [{"key": region.pk, "label": region.name_en, "hours": "6.00", "entries": 1,
                                   "values": [{"currency": "SAR", "amount": "300.00"}], "basis": "national"}]
    assert statistics["total"]["hours"] == "6.00" and statistics["hour_values"][0]["id"] == created["id"]
    assert ok(call(client_for, None, "GET", "/statistics?by=organization"))["rows"][0]["key"] == world.organization.pk
    refused(call(client_for, None, "GET", "/statistics?by=planet"), 422)
    ok(call(client_for, platform_admin, "DELETE", f"/hour-values/{created['id']}"), 204)
    assert not HourValue.objects.exists()
    refused(call(client_for, platform_admin, "DELETE", f"/hour-values/{created['id']}"), 404)


def test_draft_delete_and_unknown_records(volunteering_world, client_for, region):
    world = volunteering_world
    draft = services.opportunity_create(actor=world.editor, organization=world.organization,
                                        data=opportunity_data(region))
    refused(call(client_for, world.volunteer, "DELETE", f"/opportunities/{draft.pk}"), 404)
    ok(call(client_for, world.editor, "DELETE", f"/opportunities/{draft.pk}"), 204)
    assert not Opportunity.objects.filter(pk=draft.pk).exists()
    for path in ("/opportunities/999999", "/opportunities/9223372036854775807"):
        refused(call(client_for, None, "GET", path), 404)
    refused(call(client_for, None, "GET", "/opportunities/9223372036854775808"), 422)
    assert Opportunity.objects.get(pk=world.opportunity.pk).status == OpportunityStatus.PUBLISHED
