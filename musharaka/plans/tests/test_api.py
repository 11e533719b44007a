"""The plans API: a plan through its cycle, who may do what (the authority edits, the team moderates, residents submit
and vote only during the consultation, the public reads from the consultation on, drafts are not found by outsiders),
the state refusals (409) and bad input (422), versions and their differences, risks and the heat map."""

import json

import pytest

from musharaka.plans import services
from musharaka.plans.models import Need, NeedCategory, NeedVote, Plan

pytestmark = pytest.mark.django_db

URL = "/api/v1/plans"


def call(client_for, user, method: str, path: str, body=None, language: str = "en"):
    client = client_for(user)
    headers = {"Accept-Language": language}
    if method == "GET":
        return client.get(URL + path, headers=headers)
    return client.generic(method, URL + path, json.dumps(body if body is not None else {}),
                          content_type="application/json", headers=headers)


def category_id(code="infrastructure"):
    return NeedCategory.objects.get(code=code).pk


def test_a_plan_goes_through_its_cycle_by_the_api(make_plan, make_user, client_for, region):
    world = make_plan()
    admin = world.admin
    answer = call(client_for, admin, "POST", "", {
        "organization_id": world.authority.pk, "title_ar": "خطة تنمية حي الروضة", "region_id": region.pk,
        "city_id": world.city.pk, "start_year": 2026, "end_year": 2029,
        "neighbourhood_ids": [world.neighbourhoods[0].pk]})
    assert answer.status_code == 201, answer.content
    plan = answer.json()
    assert plan["status"] == "draft" and plan["may_change"] and [n["id"] for n in plan["neighbourhoods"]] == [
        world.neighbourhoods[0].pk]
    plan_id = plan["id"]
    criteria = call(client_for, admin, "GET", f"/{plan_id}/criteria").json()
    assert sum(c["weight"] for c in criteria["results"]) == 100

    answer = call(client_for, admin, "PATCH", f"/{plan_id}", {
        "vision_ar": "حي آمن نابض بالحياة يشارك سكانه في قراره", "partner_ids": [world.partner.pk]})
    assert answer.status_code == 200 and answer.json()["partners"][0]["id"] == world.partner.pk
    assert call(client_for, admin, "POST", f"/{plan_id}/move", {"target": "consultation"}).status_code == 200

    resident, neighbour = make_user(), make_user()
    answer = call(client_for, resident, "POST", f"/{plan_id}/needs", {
        "category_id": category_id(), "title": "إنارة الشوارع الداخلية", "description": "الشوارع مظلمة ليلا وخطرة",
        "people_affected": 800, "group": "youth", "neighbourhood_id": world.neighbourhoods[0].pk})
    assert answer.status_code == 201, answer.content
    need_id = answer.json()["id"]
    assert answer.json()["source"] == "resident"
    assert call(client_for, resident, "POST", f"/needs/{need_id}/vote", {"group": "youth"}).status_code == 201
    again = call(client_for, resident, "POST", f"/needs/{need_id}/vote", {"group": "youth"})
    assert again.status_code == 409 and again.json()["code"] == "already_voted"
    answer = call(client_for, neighbour, "POST", f"/needs/{need_id}/vote", {"group": "women"})
    assert answer.json() == {"need_id": need_id, "voted": True, "group": "women", "vote_count": 2}
    listed = call(client_for, resident, "GET", f"/{plan_id}/needs").json()
    assert listed["results"][0]["votes"]["youth"] == 1 and listed["results"][0]["voted"] is True

    criteria_ids = [c["id"] for c in criteria["results"]]
    answer = call(client_for, world.coordinator, "PUT", f"/needs/{need_id}/scores",
                  {"scores": [{"criterion_id": pk, "score": 5} for pk in criteria_ids]})
    assert answer.status_code == 200 and answer.json()["matrix_score"] == 100.0
    ranked = call(client_for, None, "GET", f"/{plan_id}/priorities").json()["results"]
    assert ranked[0] == {"rank": 1, "need_id": need_id, "title": "إنارة الشوارع الداخلية", "matrix_score": 100.0,
                         "votes": 2, "vote_score": 100.0, "priority": 100.0, "fully_scored": True}
    assert call(client_for, None, "GET", f"/{plan_id}/priorities?group=elders").json()["results"][0]["votes"] == 0

    refused = call(client_for, admin, "POST", f"/{plan_id}/move", {"target": "approved"})
    assert refused.status_code == 409 and "goal" in refused.json()["detail"]
    goal = call(client_for, admin, "POST", f"/{plan_id}/goals", {"title_ar": "شوارع آمنة ومضاءة",
                                                                  "need_ids": [need_id]})
    assert goal.status_code == 201 and goal.json()["need_ids"] == [need_id]
    action = call(client_for, admin, "POST", f"/goals/{goal.json()['id']}/actions", {
        "title_ar": "تركيب إنارة موفرة للطاقة", "lead_organization_id": world.partner.pk, "budget": "150000.50",
        "funding_source": "municipal", "start_date": "2026-02-01", "end_date": "2026-10-31"})
    assert action.status_code == 201, action.content
    assert action.json()["budget"] == "150000.50" and action.json()["may_report"] is True
    assert call(client_for, admin, "POST", f"/{plan_id}/move", {"target": "approved", "note": "الإصدار الأول"}
                ).status_code == 200

    # The partner leading the action reports it; the public reads the approved plan and its first version.
    answer = call(client_for, world.partner_editor, "POST", f"/actions/{action.json()['id']}/report",
                  {"status": "in_progress"})
    assert answer.status_code == 200 and answer.json()["status"] == "in_progress"
    assert call(client_for, None, "GET", f"/{plan_id}").json()["status"] == "approved"
    assert call(client_for, None, "GET", f"/{plan_id}/versions").json()["count"] == 1

    # A review opens a revision: version 2 is prepared, version 1 stays readable, the differences are listed.
    review = call(client_for, admin, "POST", f"/{plan_id}/reviews", {
        "kind": "annual", "held_on": "2026-12-01", "findings_ar": "تأخر التنفيذ في حيين بسبب التمويل",
        "opens_revision": True, "ratings": [{"goal_id": goal.json()["id"], "rating": "at_risk"}]})
    assert review.status_code == 201, review.content
    assert review.json()["ratings"] == [{"goal_id": goal.json()["id"], "rating": "at_risk", "comment": ""}]
    plan = call(client_for, admin, "GET", f"/{plan_id}").json()
    assert plan["status"] == "revised" and plan["version"] == 2
    call(client_for, admin, "PATCH", f"/goals/{goal.json()['id']}", {"title_ar": "شوارع آمنة ومضاءة للجميع"})
    diff = call(client_for, None, "GET", f"/{plan_id}/diff?a=1").json()
    assert diff["b"] == "current"
    assert {"path": f"goals[{goal.json()['id']}].title_ar", "kind": "changed", "before": "شوارع آمنة ومضاءة",
            "after": "شوارع آمنة ومضاءة للجميع"} in diff["changes"]
    version = call(client_for, None, "GET", f"/{plan_id}/versions/1").json()
    assert version["snapshot"]["goals"][0]["title_ar"] == "شوارع آمنة ومضاءة"
    assert call(client_for, None, "GET", f"/{plan_id}/versions/2").status_code == 404


def test_a_draft_is_not_found_by_outsiders_and_read_by_its_team(make_plan, make_user, client_for):
    world = make_plan()
    goal = world.goal()
    plan_id = world.plan.pk
    for user in (None, make_user(), world.partner_editor):
        assert call(client_for, user, "GET", f"/{plan_id}").status_code == 404
        assert call(client_for, user, "GET", f"/goals/{goal.pk}").status_code == 404
        assert call(client_for, user, "GET", f"/{plan_id}/heat-map").status_code == 404
        assert plan_id not in [row["id"] for row in call(client_for, user, "GET", "").json()["results"]]
    for user in (world.admin, world.editor, world.coordinator):
        assert call(client_for, user, "GET", f"/{plan_id}").status_code == 200
    assert plan_id in [row["id"] for row in call(client_for, world.admin, "GET", "").json()["results"]]


def test_residents_submit_and_vote_only_during_the_consultation(make_plan, make_user, client_for):
    world = make_plan(status="approved")
    need = Need.objects.get(plan=world.plan)
    resident = make_user()
    body = {"category_id": category_id(), "title": "حديقة للأطفال", "description": "لا توجد مساحة لعب آمنة في الحي"}
    assert call(client_for, resident, "POST", f"/{world.plan.pk}/needs", body).status_code == 403
    assert call(client_for, resident, "POST", f"/needs/{need.pk}/vote", {}).status_code == 403
    assert call(client_for, None, "POST", f"/needs/{need.pk}/vote", {}).status_code == 401
    assert call(client_for, resident, "PATCH", f"/{world.plan.pk}", {"title_en": "Mine"}).status_code == 403
    assert call(client_for, resident, "PATCH", f"/needs/{need.pk}", {"title": "عنوان آخر للاحتياج"}
                ).status_code == 403
    assert not NeedVote.objects.filter(voter=resident).exists()


def test_the_coordinator_moderates_needs_and_a_resident_may_not(make_plan, make_user, client_for):
    world = make_plan(status="consultation")
    first, second = world.need(), world.need(title="انقطاع الإنارة في الشوارع الداخلية")
    voter = make_user()
    services.need_vote(actor=voter, need=first, group="elders")
    services.need_vote(actor=voter, need=second, group="elders")
    world.vote(second, 2, "women")
    assert call(client_for, make_user(), "POST", f"/needs/{second.pk}/merge", {"into_id": first.pk}
                ).status_code == 403
    answer = call(client_for, world.coordinator, "POST", f"/needs/{second.pk}/merge", {"into_id": first.pk})
    assert answer.status_code == 200, answer.content
    assert answer.json()["vote_count"] == 3 and answer.json()["votes"] == {
        "youth": 0, "women": 2, "elders": 1, "organisations": 0, "other": 0}
    again = call(client_for, world.coordinator, "POST", f"/needs/{second.pk}/merge", {"into_id": first.pk})
    assert again.status_code == 409
    # A need of another plan exists, so merging into it is a conflict of two records' state; an unknown id is bad input.
    elsewhere = make_plan(status="consultation").need(title="نقص الحدائق العامة")
    third = world.need(title="نقص مواقف السيارات")
    across = call(client_for, world.coordinator, "POST", f"/needs/{third.pk}/merge", {"into_id": elsewhere.pk})
    assert across.status_code == 409 and across.json()["code"] == "other_plan"
    assert call(client_for, world.coordinator, "POST", f"/needs/{third.pk}/merge", {"into_id": 10**9}
                ).status_code == 422
    answer = call(client_for, world.coordinator, "POST", f"/needs/{first.pk}/status",
                  {"status": "rejected", "reason": "خارج نطاق الخطة"})
    assert answer.status_code == 200 and answer.json()["status"] == "rejected"
    assert call(client_for, world.coordinator, "GET", f"/{world.plan.pk}/needs?status=merged"
                ).json()["results"][0]["merged_into_id"] == first.pk


def test_the_needs_list_searches_arabic_normalised_and_filters(make_plan, client_for):
    world = make_plan(status="consultation")
    lamp = world.need(title="إنارة الشوارع في حي الروضة")
    world.need(title="ازدحام المرور عند المدارس", category="transport" if NeedCategory.objects.filter(
        code="transport").exists() else "infrastructure", neighbourhood=world.neighbourhoods[1])
    found = call(client_for, None, "GET", f"/{world.plan.pk}/needs?q=اناره").json()
    assert [row["id"] for row in found["results"]] == [lamp.pk]
    by_area = call(client_for, None, "GET", f"/{world.plan.pk}/needs?neighbourhood={world.neighbourhoods[1].pk}")
    assert by_area.json()["count"] == 1
    assert call(client_for, None, "GET", f"/{world.plan.pk}/needs?sort=nonsense").status_code == 422


def test_risks_and_the_heat_map(make_plan, client_for):
    world = make_plan(status="approved")
    body = {"title": "تأخر صرف الميزانية", "category": "financial", "likelihood": 4, "impact": 5,
            "owner": "إدارة المالية", "action_id": world.actions[0].pk}
    answer = call(client_for, world.admin, "POST", f"/{world.plan.pk}/risks", body)
    assert answer.status_code == 201, answer.content
    assert answer.json()["score"] == 20 and answer.json()["level"] == "critical"
    assert call(client_for, world.partner_editor, "POST", f"/{world.plan.pk}/risks", body).status_code == 403
    bad = call(client_for, world.admin, "POST", f"/{world.plan.pk}/risks", {**body, "likelihood": 6})
    assert bad.status_code == 422
    heat = call(client_for, None, "GET", f"/{world.plan.pk}/heat-map").json()
    assert heat["open_risks"] == 1 and heat["rows"][0][3] == 1
    risk_id = answer.json()["id"]
    assert call(client_for, world.admin, "PATCH", f"/risks/{risk_id}", {"status": "closed"}).status_code == 200
    assert call(client_for, None, "GET", f"/{world.plan.pk}/heat-map").json()["open_risks"] == 0
    assert call(client_for, world.admin, "DELETE", f"/risks/{risk_id}").status_code == 204


def test_only_a_draft_is_deleted_and_errors_are_translated(make_plan, client_for):
    world = make_plan(status="approved")
    refused = call(client_for, world.admin, "DELETE", f"/{world.plan.pk}", language="ar")
    assert refused.status_code == 409 and refused.json()["code"] == "not_draft"
    assert any("\u0600" <= char <= "\u06ff" for char in refused.json()["detail"])
    draft = services.plan_create(actor=world.admin, organization=world.authority, data={
        "title_ar": "خطة تجريبية للحذف", "region": world.plan.region, "start_year": 2027, "end_year": 2028})
    assert call(client_for, world.partner_editor, "DELETE", f"/{draft.pk}").status_code == 404
    assert call(client_for, world.coordinator, "DELETE", f"/{draft.pk}").status_code == 403
    assert call(client_for, world.admin, "DELETE", f"/{draft.pk}").status_code == 204
    assert not Plan.objects.filter(pk=draft.pk).exists()


def test_replicating_a_published_initiative_adds_an_action(make_plan, make_org, make_initiative, client_for):
    world = make_plan(status="consultation")
    need = world.need()
    goal = world.goal(needs=[need])
    source = make_initiative(make_org("جمعية تنموية في منطقة أخرى"), status="approved")
    answer = call(client_for, world.admin, "POST", f"/needs/{need.pk}/replicate",
                  {"initiative_id": source.pk, "goal_id": goal.pk})
    assert answer.status_code == 201, answer.content
    assert answer.json()["replicated_from_id"] == source.pk and answer.json()["need_id"] == need.pk
    assert len(answer.json()["initiatives"]) == 1
    assert call(client_for, world.coordinator, "POST", f"/needs/{need.pk}/replicate",
                {"initiative_id": source.pk, "goal_id": goal.pk}).status_code == 403
    # A goal or an initiative that is not there is the state the request meets (409, as a goal of another plan).
    for body, code in (({"initiative_id": source.pk, "goal_id": 10**9}, "other_plan"),
                       ({"initiative_id": 10**9, "goal_id": goal.pk}, "not_published")):
        answer = call(client_for, world.admin, "POST", f"/needs/{need.pk}/replicate", body)
        assert answer.status_code == 409 and answer.json()["code"] == code, answer.content


def test_the_lists_run_a_fixed_number_of_queries(make_plan, client_for, django_assert_max_num_queries):
    world = make_plan(status="consultation")
    for index in range(12):
        world.need(title=f"احتياج رقم {index} في الحي")
    goal = world.goal()
    for index in range(8):
        world.action(goal, title=f"إجراء رقم {index} للحي")
    client = client_for(world.admin)
    for path in (f"/{world.plan.pk}/needs", f"/{world.plan.pk}/actions", f"/{world.plan.pk}/goals",
                 f"/{world.plan.pk}/priorities", ""):
        with django_assert_max_num_queries(14):
            assert client.get(URL + path).status_code == 200


def test_the_documented_codes_are_the_models_choices():
    from typing import get_args

    from musharaka.plans import models, schemas

    pairs = [
        (schemas.PlanStatusCode, models.PlanStatus), (schemas.NeedStatusCode, models.NeedStatus),
        (schemas.NeedSourceCode, models.NeedSource), (schemas.GroupCode, models.ParticipantGroup),
        (schemas.FundingCode, models.FundingSource), (schemas.ActionStatusCode, models.ActionStatus),
        (schemas.ReviewKindCode, models.ReviewKind), (schemas.RatingCode, models.GoalRating),
        (schemas.RiskCategoryCode, models.RiskCategory), (schemas.RiskStatusCode, models.RiskStatus),
        (schemas.FrameworkCode, models.Alignment.Framework),
    ]
    for literal, choices in pairs:
        assert list(get_args(literal)) == list(choices.values), choices.__name__


def test_a_long_approval_note_is_kept_whole_in_the_version(make_plan, client_for):
    # The history's change reason holds 100 characters: a 4000-character note was a DataError on PostgreSQL.
    world = make_plan(status="consultation")
    world.need()
    world.prepare()
    note = "ملاحظة " * 571
    answer = call(client_for, world.admin, "POST", f"/{world.plan.pk}/move", {"target": "approved", "note": note})
    assert answer.status_code == 200, answer.content
    assert world.plan.versions.get().note == note.strip()
