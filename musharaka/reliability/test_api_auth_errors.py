"""401 and 403 across the API, from the OpenAPI document: every operation that needs sign-in answers
an anonymous call, and a call with an unknown token, 401 {"detail", "code": "not_authenticated"};
a signed-in person with no role answers 403 {"detail", "code": "permission_denied"} wherever the
operation is about someone else's records. A new secured operation must be added to FORBIDDEN
(test_every_secured_operation_is_in_the_table), so none is left out.

The API fuzz (test_api_fuzz) sends anonymous calls too; this table says exactly which answer each
operation owes, in both languages.
"""

import datetime
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from musharaka.accounts.services import api_token_create
from musharaka.api import api
from musharaka.events.services import event_create
from musharaka.orgs.models import Membership, Role

NOT_AUTHENTICATED = {
    "en": "Authentication required: send a token or sign in.",
    "ar": "المصادقة مطلوبة: أرسل رمز الواجهة البرمجية أو سجّل الدخول.",
}
NOT_PERMITTED = {"en": "You do not have permission to do this.", "ar": "ليست لديك صلاحية للقيام بذلك."}


def secured_operations() -> list[tuple[str, str]]:
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    return sorted(
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if operation.get("security")
    )


SECURED = secured_operations()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (11, 93, 75)).save(buffer, format="PNG")
    return buffer.getvalue()


# (method, path) -> how a person with no role calls it on others' records: the path's values and the
# body ("json" or "multipart"), or None when any signed-in person may (with the reason).
FORBIDDEN: dict[tuple[str, str], dict[str, Any] | None] = {
    ("POST", "/api/v1/organizations"): None,  # anyone may register an organisation
    ("PATCH", "/api/v1/organizations/{organization_id}"): {"json": {"name_en": "Taken over"}},
    ("POST", "/api/v1/organizations/{organization_id}/logo"): {"multipart": "logo"},
    ("POST", "/api/v1/organizations/{organization_id}/verify"): {},
    ("GET", "/api/v1/organizations/{organization_id}/members"): {},
    ("POST", "/api/v1/organizations/{organization_id}/members"): {"json": {"user": "{resident}", "role": "admin"}},
    ("DELETE", "/api/v1/organizations/{organization_id}/members/{membership_id}"): {},
    ("GET", "/api/v1/accounts/me"): None,  # one's own profile
    ("GET", "/api/v1/notifications"): None,  # one's own notifications
    ("POST", "/api/v1/notifications/read"): None,
    ("POST", "/api/v1/initiatives"): {"json": {"lead_organization_id": "{organization_id}", "title_ar": "مبادرة دخيلة",
                                               "summary_ar": "محاولة باسم جهة أخرى"}},
    ("POST", "/api/v1/initiatives/import"): {"multipart": "file"},
    ("PATCH", "/api/v1/initiatives/{initiative_id}"): {"json": {"title_en": "Taken over"}},
    ("POST", "/api/v1/initiatives/{initiative_id}/mark-success"): {"initiative": "completed"},
    ("POST", "/api/v1/initiatives/{initiative_id}/replicate"): {"json": {"organization_id": "{organization_id}"}},
    ("POST", "/api/v1/initiatives/{initiative_id}/{action}"): {"action": "activate"},
    ("POST", "/api/v1/initiatives/exports"): None,  # one's own export, of the rows one may see
    # One's own export job: anyone else's answers 404, like an id nobody holds (the permission matrix).
    ("GET", "/api/v1/initiatives/exports/{job_id}"): None,
    ("GET", "/api/v1/initiatives/exports/{job_id}/file"): None,
    ("POST", "/api/v1/events/{event_id}/registrations"): None,  # registers oneself, at a published event
    # One's own registration: anyone else's answers 404 (the permission matrix).
    ("POST", "/api/v1/events/{event_id}/registrations/{registration_id}/cancel"): None,
    # Audience questions: who may ask and vote is decided by attendance (a confirmed registration) and who may
    # moderate by the session's moderator role, not by an organisation role; the permission matrix holds their 403s.
    ("POST", "/api/v1/events/{event_id}/sessions/{session_id}/questions"): None,
    ("POST", "/api/v1/events/{event_id}/sessions/{session_id}/questions/{question_id}/vote"): None,
    ("DELETE", "/api/v1/events/{event_id}/sessions/{session_id}/questions/{question_id}/vote"): None,
    ("POST", "/api/v1/events/{event_id}/sessions/{session_id}/questions/{question_id}/moderate"): None,
    # The exhibition: any signed-in person likes and comments on a published initiative shown at a published event;
    # the moderation's 403s (the event's managers only) are in the permission matrix.
    ("POST", "/api/v1/events/{event_id}/exhibition/{showcase_id}/like"): None,
    ("DELETE", "/api/v1/events/{event_id}/exhibition/{showcase_id}/like"): None,
    ("POST", "/api/v1/events/{event_id}/exhibition/{showcase_id}/comments"): None,
    ("POST", "/api/v1/events/{event_id}/exhibition/{showcase_id}/comments/{comment_id}/moderate"): None,
    # Check-in and attendance: the organiser's staff only (a published event, so the resident sees it: 403).
    ("POST", "/api/v1/events/{event_id}/check-in"): {"json": {"code": "a-ticket-code"}},
    ("GET", "/api/v1/events/{event_id}/attendance"): {},
    # Recommendations: recorded by the event's organiser, followed up by the responsible organisation.
    ("POST", "/api/v1/events/{event_id}/recommendations"): {"json": {"text_ar": "توصية دخيلة",
                                                                     "organization": "{organization_id}"}},
    ("POST", "/api/v1/events/recommendations/{recommendation_id}/updates"): {"json": {"text": "أُنجزت",
                                                                                      "status": "adopted"}},
    # Partnerships (issue #12): a published agreement of the organisation with another one; the resident sees it
    # but is no party to it.
    ("POST", "/api/v1/partnerships"): {"json": {"organization_id": "{organization_id}", "title_ar": "مذكرة دخيلة"}},
    ("PATCH", "/api/v1/partnerships/{agreement_id}"): {"json": {"title_en": "Taken over"}},
    ("DELETE", "/api/v1/partnerships/{agreement_id}"): {},
    ("POST", "/api/v1/partnerships/{agreement_id}/terminate"): {"json": {"terminated_on": "2026-06-01",
                                                                          "reason": "إنهاء دخيل"}},
    ("POST", "/api/v1/partnerships/{agreement_id}/renew"): {"json": {"signed_on": "2028-01-15",
                                                                      "ends_on": "2030-02-28"}},
    ("POST", "/api/v1/partnerships/{agreement_id}/commitments"): {"json": {"party_id": "{party_id}",
                                                                            "title_ar": "التزام دخيل"}},
    ("PATCH", "/api/v1/partnerships/{agreement_id}/commitments/{commitment_id}"): {"json": {"title_en": "Taken"}},
    ("DELETE", "/api/v1/partnerships/{agreement_id}/commitments/{commitment_id}"): {},
    ("POST", "/api/v1/partnerships/{agreement_id}/commitments/{commitment_id}/updates"): {"json": {
        "happened_on": "2026-05-01", "note": "إنجاز دخيل", "status": "done"}},
    # Comments are the parties' own: an outsider may neither read nor write them.
    ("GET", "/api/v1/partnerships/{agreement_id}/comments"): {},
    ("POST", "/api/v1/partnerships/{agreement_id}/comments"): {"json": {"body": "تعليق دخيل"}},
}

# ---- awards (issue #13, api): the organisation organises a programme whose cycle takes nominations (public, so the
# resident sees it and gets 403 on the organiser's operations); applications, sheets and invitations are their
# owners' alone, so that anyone else's answer 404 like an id nobody holds (the permission matrix holds those).
FORBIDDEN.update({
    ("POST", "/api/v1/awards/programmes"): {"json": {"organization_id": "{organization_id}",
                                                     "name_ar": "جائزة دخيلة"}},
    ("PATCH", "/api/v1/awards/programmes/{programme_id}"): {"json": {"name_en": "Taken over"}},
    ("POST", "/api/v1/awards/programmes/{programme_id}/cycles"): {"json": {
        "year": "2030", "nominations_open_at": "2030-01-01T00:00:00+03:00",
        "nominations_close_at": "2030-02-01T00:00:00+03:00"}},
    ("PATCH", "/api/v1/awards/cycles/{cycle_id}"): {"json": {"title_en": "Taken over"}},
    ("POST", "/api/v1/awards/cycles/{cycle_id}/advance"): {},
    ("POST", "/api/v1/awards/cycles/{cycle_id}/categories"): {"json": {"name_ar": "فئة دخيلة"}},
    ("PATCH", "/api/v1/awards/categories/{category_id}"): {"json": {"name_en": "Taken over"}},
    ("DELETE", "/api/v1/awards/categories/{category_id}"): {},
    ("POST", "/api/v1/awards/categories/{category_id}/criteria"): {"json": {"name_ar": "معيار", "weight": "10"}},
    ("PATCH", "/api/v1/awards/criteria/{criterion_id}"): {"json": {"name_en": "Taken over"}},
    ("DELETE", "/api/v1/awards/criteria/{criterion_id}"): {},
    ("POST", "/api/v1/awards/categories/{category_id}/questions"): {"json": {"text_ar": "سؤال دخيل"}},
    ("PATCH", "/api/v1/awards/questions/{question_id}"): {"json": {"text_en": "Taken over"}},
    ("DELETE", "/api/v1/awards/questions/{question_id}"): {},
    ("GET", "/api/v1/awards/cycles/{cycle_id}/applications"): {},
    ("GET", "/api/v1/awards/cycles/{cycle_id}/judges"): {},
    ("POST", "/api/v1/awards/cycles/{cycle_id}/judges"): {"json": {"user": "{resident}"}},
    ("GET", "/api/v1/awards/rounds/{round_id}"): {},
    ("PATCH", "/api/v1/awards/rounds/{round_id}"): {"json": {}},
    ("POST", "/api/v1/awards/rounds/{round_id}/close"): {},
    ("POST", "/api/v1/awards/rounds/{round_id}/advance"): {"json": {"count": "1"}},
    ("POST", "/api/v1/awards/rounds/{round_id}/panel"): {"json": {"judge_id": "{judge_id}"}},
    ("DELETE", "/api/v1/awards/rounds/{round_id}/panel/{judge_id}"): {},
    ("POST", "/api/v1/awards/rounds/{round_id}/assign"): {},
    # Anyone signed in applies (alone where allowed, or for an organisation they edit: the 403 for another
    # organisation says so in its own words, tested in awards/tests/test_api.py).
    ("POST", "/api/v1/awards/applications"): None,
    ("GET", "/api/v1/awards/applications/mine"): None,  # one's own applications
    ("GET", "/api/v1/awards/applications/{application_id}"): None,  # others': 404 (the permission matrix)
    ("PATCH", "/api/v1/awards/applications/{application_id}"): None,
    ("DELETE", "/api/v1/awards/applications/{application_id}"): None,
    ("POST", "/api/v1/awards/applications/{application_id}/submit"): None,
    ("POST", "/api/v1/awards/applications/{application_id}/withdraw"): None,
    ("POST", "/api/v1/awards/applications/{application_id}/eligibility"): None,
    ("POST", "/api/v1/awards/applications/{application_id}/vote"): None,  # any signed-in person, once
    ("GET", "/api/v1/awards/invitations"): None,  # one's own invitations
    ("POST", "/api/v1/awards/invitations/{judge_id}/respond"): None,  # one's own: others' are 404
    ("GET", "/api/v1/awards/sheets"): None,  # one's own queue
    ("GET", "/api/v1/awards/sheets/{sheet_id}"): None,  # a judge's own sheets: others' are 404
    ("PUT", "/api/v1/awards/sheets/{sheet_id}"): None,
    ("POST", "/api/v1/awards/sheets/{sheet_id}/submit"): None,
    ("POST", "/api/v1/awards/sheets/{sheet_id}/conflict"): None,
})
AWARD_PATH_NAMES = ("programme_id", "cycle_id", "category_id", "criterion_id", "question_id", "application_id",
                    "judge_id", "round_id", "sheet_id")

# ---- results (issue #14, results): results of the organisation's approved (public) initiative: the resident reads
# them and their approved update, and may change none of it (another's draft would be 404: the permission matrix).
FORBIDDEN.update({
    ("GET", "/api/v1/results/queue"): None,  # one's own queue
    ("POST", "/api/v1/results/owners/{owner_kind}/{owner_id}"): {"json": {"title_ar": "نتيجة دخيلة"}},
    ("PATCH", "/api/v1/results/{result_id}"): {"json": {"title_en": "Taken over"}},
    ("DELETE", "/api/v1/results/{result_id}"): {},
    ("POST", "/api/v1/results/{result_id}/indicators"): {"json": {"title_ar": "مؤشر دخيل"}},
    ("PATCH", "/api/v1/results/indicators/{indicator_id}"): {"json": {"title_en": "Taken over"}},
    ("DELETE", "/api/v1/results/indicators/{indicator_id}"): {},
    ("POST", "/api/v1/results/indicators/{indicator_id}/periods"): {"json": {"start": "2027-01-01",
                                                                              "end": "2027-06-30"}},
    ("PATCH", "/api/v1/results/periods/{period_id}"): {"json": {"target_value": "1"}},
    ("POST", "/api/v1/results/periods/{period_id}/lock"): {"json": {"locked": True}},
    ("DELETE", "/api/v1/results/periods/{period_id}"): {},
    ("POST", "/api/v1/results/periods/{period_id}/updates"): {"json": {"value": "1"}},
    ("PATCH", "/api/v1/results/updates/{update_id}"): {"json": {"value": "1"}},
    ("DELETE", "/api/v1/results/updates/{update_id}"): {},
    ("POST", "/api/v1/results/updates/{update_id}/submit"): {},
    ("POST", "/api/v1/results/updates/{update_id}/approve"): {"json": {}},
    ("POST", "/api/v1/results/updates/{update_id}/return"): {"json": {"comment": "إعادة دخيلة"}},
    ("POST", "/api/v1/results/updates/{update_id}/evidence"): {"multipart": "file"},
    ("DELETE", "/api/v1/results/evidence/{evidence_id}"): {},
})
RESULTS_PATH_NAMES = ("result_id", "indicator_id", "period_id", "update_id", "evidence_id", "owner_id")


def _results_values(world) -> dict[str, str]:
    """A result of the approved initiative with an indicator, a period and an approved update with evidence."""
    import io as _io

    from musharaka.results import services as results

    admin, initiative = world["membership"].user, world["approved"]
    editor_membership = Membership.objects.filter(organization=world["organization"], role=Role.EDITOR).first()
    assert editor_membership is not None  # the world's organisation has an editor
    editor = editor_membership.user
    result = results.result_create(actor=admin, owner=initiative, data={"title_ar": "نتيجة الجهة"})
    indicator = results.indicator_create(actor=admin, result=result, data={"title_ar": "مؤشر الجهة"})
    period = results.period_create(actor=admin, indicator=indicator, data={
        "start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31), "target_value": "10"})
    update = results.update_create(actor=editor, period=period, data={"value": "4"})
    buffer = _io.BytesIO(_png())
    evidence = results.evidence_add(actor=editor, update=update, upload=SimpleUploadedFile(
        "photo.png", buffer.getvalue(), content_type="image/png"))
    results.update_submit(actor=editor, update=update)
    results.update_approve(actor=admin, update=update)
    return {"owner_kind": "initiative", "owner_id": str(initiative.pk), "result_id": str(result.pk),
            "indicator_id": str(indicator.pk), "period_id": str(period.pk), "update_id": str(update.pk),
            "evidence_id": str(evidence.pk)}
# ---- plans (issue #14, api14): an approved plan of an authority the resident has nothing to do with (public, so the
# resident reads it and gets 403 on the authority's and the team's operations; submitting and voting are closed once
# the consultation ends: 403 too). Bodies with numbers or lists are built by "typed_json" from the path's values.
FORBIDDEN.update({
    ("POST", "/api/v1/plans"): {"typed_json": lambda v: {
        "organization_id": int(v["plan_authority"]), "title_ar": "خطة دخيلة للمنطقة", "region_id": int(v["plan_region"]),
        "start_year": 2026, "end_year": 2027}},
    ("PATCH", "/api/v1/plans/{plan_id}"): {"json": {"title_en": "Taken over"}},
    ("DELETE", "/api/v1/plans/{plan_id}"): {},
    ("POST", "/api/v1/plans/{plan_id}/move"): {"json": {"target": "closed"}},
    ("POST", "/api/v1/plans/{plan_id}/needs"): {"typed_json": lambda v: {
        "category_id": int(v["plan_category"]), "title": "حديقة للأطفال", "description": "لا توجد مساحة لعب آمنة"}},
    ("PATCH", "/api/v1/plans/needs/{need_id}"): {"json": {"title": "عنوان دخيل للاحتياج"}},
    ("POST", "/api/v1/plans/needs/{need_id}/status"): {"json": {"status": "open"}},
    ("POST", "/api/v1/plans/needs/{need_id}/merge"): {"typed_json": lambda v: {"into_id": int(v["need_id"])}},
    ("POST", "/api/v1/plans/needs/{need_id}/vote"): {"json": {"group": "youth"}},
    ("DELETE", "/api/v1/plans/needs/{need_id}/vote"): {},
    ("PUT", "/api/v1/plans/needs/{need_id}/scores"): {"typed_json": lambda v: {
        "scores": [{"criterion_id": int(v["criterion_id"]), "score": 5}]}},
    ("POST", "/api/v1/plans/needs/{need_id}/replicate"): {"typed_json": lambda v: {
        "initiative_id": int(v["initiative_id"]), "goal_id": int(v["goal_id"])}},
    ("POST", "/api/v1/plans/{plan_id}/criteria"): {"json": {"name_ar": "معيار دخيل", "weight": "10"}},
    ("PATCH", "/api/v1/plans/criteria/{criterion_id}"): {"json": {"name_en": "Taken over"}},
    ("DELETE", "/api/v1/plans/criteria/{criterion_id}"): {},
    ("POST", "/api/v1/plans/{plan_id}/goals"): {"json": {"title_ar": "هدف دخيل للخطة"}},
    ("PATCH", "/api/v1/plans/goals/{goal_id}"): {"json": {"title_en": "Taken over"}},
    ("DELETE", "/api/v1/plans/goals/{goal_id}"): {},
    ("POST", "/api/v1/plans/goals/{goal_id}/actions"): {"typed_json": lambda v: {
        "title_ar": "إجراء دخيل على الخطة", "lead_organization_id": int(v["plan_authority"])}},
    ("PATCH", "/api/v1/plans/actions/{action_id}"): {"json": {"title_en": "Taken over"}},
    ("DELETE", "/api/v1/plans/actions/{action_id}"): {},
    ("POST", "/api/v1/plans/actions/{action_id}/report"): {"json": {"status": "completed"}},
    ("POST", "/api/v1/plans/{plan_id}/reviews"): {"json": {
        "kind": "annual", "held_on": "2026-12-01", "findings_ar": "مراجعة دخيلة على الخطة"}},
    ("PATCH", "/api/v1/plans/reviews/{review_id}"): {"json": {"decisions_ar": "قرار دخيل"}},
    ("DELETE", "/api/v1/plans/reviews/{review_id}"): {},
    ("POST", "/api/v1/plans/{plan_id}/risks"): {"typed_json": lambda v: {
        "title": "خطر دخيل", "category": "other", "likelihood": 2, "impact": 2, "owner": "أنا"}},
    ("PATCH", "/api/v1/plans/risks/{risk_id}"): {"json": {"owner": "غيري"}},
    ("DELETE", "/api/v1/plans/risks/{risk_id}"): {},
})
PLAN_PATH_NAMES = ("plan_id", "need_id", "criterion_id", "goal_id", "action_id", "review_id", "risk_id")


def _plans(make_org, make_member, make_user, region) -> dict:
    """An approved plan of an authority with a need, a goal, an action, a review and a risk (issue #14)."""
    from musharaka.orgs.models import Sector
    from musharaka.plans import services as plans
    from musharaka.plans.models import NeedCategory

    authority = make_org(sector=Sector.AUTHORITY, region=region)
    admin = make_member(authority, Role.ADMIN)
    plan = plans.plan_create(actor=admin, organization=authority, data={
        "title_ar": "خطة التنمية المحلية", "region": region, "start_year": 2026, "end_year": 2030})
    plan = plans.plan_move(actor=admin, plan=plan, target="consultation")
    category = NeedCategory.objects.order_by("pk")[0]
    need = plans.need_submit(actor=make_user(), plan=plan, data={
        "title": "إنارة الشوارع الداخلية", "description": "الشوارع مظلمة ليلا وخطرة", "category": category})
    plans.plan_set_vision(actor=admin, plan=plan, data={"vision_ar": "حي آمن نابض بالحياة"})
    goal = plans.goal_save(actor=admin, plan=plan, data={"title_ar": "شوارع آمنة ومضاءة"})
    action = plans.action_save(actor=admin, goal=goal, data={"title_ar": "تركيب إنارة موفرة", "lead_organization":
                                                             authority})
    plan = plans.plan_move(actor=admin, plan=plan, target="approved")
    review = plans.review_save(actor=admin, plan=plan, data={
        "kind": "quarterly", "held_on": datetime.date(2026, 4, 1), "findings_ar": "التنفيذ يسير وفق الخطة"})
    risk = plans.risk_save(actor=admin, plan=plan, data={
        "title": "تأخر التمويل", "category": "financial", "likelihood": 3, "impact": 3, "owner": "المالية"})
    return {"plan_id": plan.pk, "need_id": need.pk, "criterion_id": plan.criteria.order_by("pk")[0].pk,
            "goal_id": goal.pk, "action_id": action.pk, "review_id": review.pk, "risk_id": risk.pk,
            "plan_authority": authority.pk, "plan_region": region.pk, "plan_category": category.pk}


# ---- impact (issue #15, api15): a published analysis of the world's approved initiative (with a group, an
# investment, an outcome and a comment), its logic model with an item, and an impact reviewer; the resident reads
# them (public) and gets 403 on every write, the comments and the reviewers' list. Bodies with ids: "typed_json".
FORBIDDEN.update({
    ("PUT", "/api/v1/impact/owners/{owner_kind}/{owner_id}/logic-model"): {"json": {"assumptions_ar": "دخيل"}},
    ("POST", "/api/v1/impact/owners/{owner_kind}/{owner_id}/logic-model/items"): {"json": {
        "stage": "input", "text_ar": "عنصر دخيل"}},
    ("PATCH", "/api/v1/impact/logic-items/{item_id}"): {"json": {"text_en": "Taken over"}},
    ("DELETE", "/api/v1/impact/logic-items/{item_id}"): {},
    ("POST", "/api/v1/impact/owners/{owner_kind}/{owner_id}/analyses"): {"json": {"title_ar": "تحليل دخيل"}},
    ("GET", "/api/v1/impact/queue"): None,  # one's own queue: empty for anyone who reviews nothing
    ("PATCH", "/api/v1/impact/analyses/{analysis_id}"): {"json": {"title_en": "Taken over"}},
    ("DELETE", "/api/v1/impact/analyses/{analysis_id}"): {},
    ("POST", "/api/v1/impact/analyses/{analysis_id}/submit"): {},
    ("POST", "/api/v1/impact/analyses/{analysis_id}/return"): {"json": {"comment": "إعادة دخيلة"}},
    ("POST", "/api/v1/impact/analyses/{analysis_id}/publish"): {},
    ("POST", "/api/v1/impact/analyses/{analysis_id}/revise"): {},
    ("GET", "/api/v1/impact/analyses/{analysis_id}/comments"): {},
    ("POST", "/api/v1/impact/analyses/{analysis_id}/comments"): {"json": {"body": "تعليق دخيل"}},
    ("POST", "/api/v1/impact/comments/{comment_id}/resolve"): {"json": {"resolved": True}},
    ("POST", "/api/v1/impact/analyses/{analysis_id}/stakeholders"): {"json": {"name_ar": "فئة دخيلة"}},
    ("PATCH", "/api/v1/impact/stakeholders/{stakeholder_id}"): {"json": {"name_en": "Taken over"}},
    ("DELETE", "/api/v1/impact/stakeholders/{stakeholder_id}"): {},
    ("POST", "/api/v1/impact/analyses/{analysis_id}/investments"): {"json": {
        "kind": "cash", "description_ar": "منحة دخيلة", "amount": "1"}},
    ("PUT", "/api/v1/impact/investments/{investment_id}"): {"json": {
        "kind": "cash", "description_ar": "منحة دخيلة", "amount": "1"}},
    ("DELETE", "/api/v1/impact/investments/{investment_id}"): {},
    ("POST", "/api/v1/impact/analyses/{analysis_id}/outcomes"): {"typed_json": lambda v: {
        "stakeholder_id": int(v["stakeholder_id"]), "title_ar": "نتيجة دخيلة", "quantity_source": "typed",
        "quantity": "1", "proxy": "1"}},
    ("PUT", "/api/v1/impact/outcomes/{outcome_id}"): {"typed_json": lambda v: {
        "stakeholder_id": int(v["stakeholder_id"]), "title_ar": "نتيجة دخيلة", "quantity_source": "typed",
        "quantity": "1", "proxy": "1"}},
    ("DELETE", "/api/v1/impact/outcomes/{outcome_id}"): {},
    ("GET", "/api/v1/impact/reviewers"): {},
    ("POST", "/api/v1/impact/reviewers"): {"typed_json": lambda v: {"user_id": int(v["reviewer_user"])}},
    ("DELETE", "/api/v1/impact/reviewers/{reviewer_id}"): {},
})
IMPACT_PATH_NAMES = ("analysis_id", "item_id", "comment_id", "stakeholder_id", "investment_id", "outcome_id",
                     "reviewer_id")


def _impact_values(world) -> dict[str, str]:
    from musharaka.accounts.models import User
    from musharaka.impact import services as impact
    from musharaka.impact.models import Reviewer

    admin, initiative = world["membership"].user, world["approved"]
    model = impact.logic_model_save(actor=admin, owner=initiative, data={})
    item = impact.logic_item_save(actor=admin, logic_model=model,
                                  data={"stage": "input", "text_ar": "منحة البرنامج"})
    analysis = impact.analysis_create(actor=admin, owner=initiative, data={"title_ar": "العائد الاجتماعي للجهة"})
    group = impact.stakeholder_save(actor=admin, analysis=analysis, data={"name_ar": "سكان الحي"})
    investment = impact.investment_save(actor=admin, analysis=analysis, data={
        "kind": "cash", "description_ar": "منحة", "amount": "1000"})
    outcome = impact.outcome_save(actor=admin, analysis=analysis, stakeholder=group, data={
        "title_ar": "تحسن الحي", "quantity": "10", "proxy": "200", "proxy_source": "مسح"})
    comment = impact.comment_add(actor=admin, analysis=analysis, body="راجعوا البديل")
    analysis = impact.analysis_submit(actor=admin, analysis=analysis)
    person = User.objects.create_user(username="impact-reviewer", email="impact-reviewer@example.org")
    reviewer = Reviewer.objects.create(user=person)
    impact.analysis_publish(actor=person, analysis=analysis)
    return {"owner_kind": "initiative", "owner_id": str(initiative.pk), "item_id": str(item.pk),
            "analysis_id": str(analysis.pk), "stakeholder_id": str(group.pk), "investment_id": str(investment.pk),
            "outcome_id": str(outcome.pk), "comment_id": str(comment.pk), "reviewer_id": str(reviewer.pk),
            "reviewer_user": str(person.pk)}


# ---- reports (issue #16, o31116): a report in the organisation's region (the resident is neither its reporter nor
# one who handles it), an Open311 API key of the organisation's and a route. Reporting and one's own reports are any
# signed-in person's.
FORBIDDEN.update({
    ("POST", "/api/v1/reports"): None,  # anyone signed in reports a problem
    ("GET", "/api/v1/reports/mine"): None,  # one's own reports
    ("GET", "/api/v1/reports/queue/{organization_id}"): {},
    ("POST", "/api/v1/reports/bulk-status"): {"typed_json": lambda v: {"report_ids": [int(v["report_id"])],
                                                                       "status": "acknowledged"}},
    ("GET", "/api/v1/reports/routes"): {},
    ("POST", "/api/v1/reports/routes"): {"typed_json": lambda v: {"category": "lighting",
                                                                  "organization_id": int(v["organization_id"])}},
    ("DELETE", "/api/v1/reports/routes/{route_id}"): {},
    ("POST", "/api/v1/reports/{report_id}/status"): {"json": {"status": "acknowledged", "note": "دخيل"}},
    ("POST", "/api/v1/reports/{report_id}/photo"): {"multipart": "photo"},
    ("POST", "/api/v1/reports/{report_id}/reroute"): {"typed_json": lambda v: {
        "organization_id": int(v["organization_id"])}},
    ("GET", "/api/v1/reports/api-keys"): {},
    ("POST", "/api/v1/reports/api-keys"): {"typed_json": lambda v: {"organization_id": int(v["organization_id"]),
                                                                    "label": "تطبيق دخيل"}},
    ("POST", "/api/v1/reports/api-keys/{key_id}/revoke"): {},
})
REPORT_PATH_NAMES = ("report_id", "route_id", "key_id")


def _reports_values(world) -> dict[str, str]:
    from musharaka.accounts.models import User
    from musharaka.reports import keys
    from musharaka.reports import services as reports
    from musharaka.reports.models import ServiceCategory

    organization = world["organization"]
    staff = User.objects.create_user(username="reports-staff", email="reports-staff@example.org", is_staff=True)
    lighting = ServiceCategory.objects.get(code="lighting")
    route = reports.route_save(actor=staff, category=lighting, organization=organization,
                               region=organization.region)
    report = reports.report_create(actor=None, category=lighting, data={
        "description": "عمود إنارة مطفأ في الشارع العام", "region_id": organization.region_id})
    key, _raw = keys.api_key_issue(actor=staff, organization=organization, label="تطبيق البلاغات")
    return {"report_id": str(report.pk), "route_id": str(route.pk), "key_id": str(key.pk)}


# ---- volunteering (issue #16, volapi16): a published opportunity of the organisation (a shift, a question) and a
# value of an hour; the resident sees them (public) and gets 403 on every staff operation. Someone else's
# application, hours entry or certificate answers 404 like an id nobody holds (the permission matrix holds them).
FORBIDDEN.update({
    ("GET", "/api/v1/volunteering/organizations/{organization_id}/opportunities"): {},
    ("POST", "/api/v1/volunteering/organizations/{organization_id}/opportunities"): {"json": {
        "title_ar": "فرصة دخيلة", "description_ar": "محاولة باسم جهة أخرى", "starts_on": "2026-06-01",
        "ends_on": "2026-06-30"}},
    ("PATCH", "/api/v1/volunteering/opportunities/{opportunity_id}"): {"json": {"title_en": "Taken over"}},
    ("DELETE", "/api/v1/volunteering/opportunities/{opportunity_id}"): {},
    ("POST", "/api/v1/volunteering/opportunities/{opportunity_id}/publish"): {},
    ("POST", "/api/v1/volunteering/opportunities/{opportunity_id}/close"): {},
    ("POST", "/api/v1/volunteering/opportunities/{opportunity_id}/cancel"): {},
    ("POST", "/api/v1/volunteering/opportunities/{opportunity_id}/questions"): {"json": {"text_ar": "سؤال دخيل"}},
    ("PATCH", "/api/v1/volunteering/questions/{question_id}"): {"json": {"text_en": "Taken over"}},
    ("DELETE", "/api/v1/volunteering/questions/{question_id}"): {},
    ("POST", "/api/v1/volunteering/opportunities/{opportunity_id}/shifts"): {"json": {
        "starts_at": "2026-06-02T08:00:00+03:00", "ends_at": "2026-06-02T11:00:00+03:00", "capacity": 5}},
    ("PATCH", "/api/v1/volunteering/shifts/{shift_id}"): {"json": {"capacity": 9}},
    ("DELETE", "/api/v1/volunteering/shifts/{shift_id}"): {},
    ("POST", "/api/v1/volunteering/shifts/{shift_id}/applications"): None,  # anyone signed in applies for themself
    ("GET", "/api/v1/volunteering/applications/mine"): None,  # one's own
    ("GET", "/api/v1/volunteering/opportunities/{opportunity_id}/applications"): {},
    ("POST", "/api/v1/volunteering/applications/{application_id}/decide"): None,  # someone else's: 404 (matrix)
    ("POST", "/api/v1/volunteering/applications/{application_id}/withdraw"): None,  # one's own; others' 404
    ("POST", "/api/v1/volunteering/opportunities/{opportunity_id}/hours"): {"json": {
        "date": "2026-06-01", "hours": "2", "activity": "نشاط دخيل"}},  # only its accepted volunteers
    ("GET", "/api/v1/volunteering/hours/mine"): None,  # one's own
    ("GET", "/api/v1/volunteering/organizations/{organization_id}/hours-queue"): {},
    ("PATCH", "/api/v1/volunteering/hours/{entry_id}"): None,  # one's own entry; someone else's: 404 (matrix)
    ("DELETE", "/api/v1/volunteering/hours/{entry_id}"): None,
    ("POST", "/api/v1/volunteering/hours/{entry_id}/verify"): None,
    ("POST", "/api/v1/volunteering/hours/{entry_id}/reject"): None,
    ("POST", "/api/v1/volunteering/shifts/{shift_id}/verify-hours"): {},
    ("GET", "/api/v1/volunteering/profile"): None,  # one's own
    ("POST", "/api/v1/volunteering/certificates"): {"typed_json": lambda v: {
        "organization_id": int(v["organization_id"]), "volunteer_id": int(v["volapi16_other_person"])}},
    ("GET", "/api/v1/volunteering/certificates/mine"): None,  # one's own
    ("POST", "/api/v1/volunteering/certificates/{certificate_id}/revoke"): None,  # someone else's: 404 (matrix)
    ("GET", "/api/v1/volunteering/hour-values"): {},
    ("POST", "/api/v1/volunteering/hour-values"): {"json": {"amount": "50", "basis_ar": "أساس دخيل",
                                                            "effective_from": "2019-01-01"}},
    ("DELETE", "/api/v1/volunteering/hour-values/{hour_value_id}"): {},
    ("POST", "/api/v1/impact/analyses/{analysis_id}/volunteer-hours"): {},  # a published analysis it does not prepare
})
# ---- surveys17 (issue #17): every secured surveys operation; the 403s by role and phase are the permission matrix's
# rows (matrix._surveys17_world), so none is repeated here.
FORBIDDEN.update({(method, "/api/v1/participation" + path): None for method, path in (
    ("POST", "/processes/{process_id}/surveys"), ("PATCH", "/surveys/{survey_id}"),
    ("POST", "/surveys/{survey_id}/status"), ("POST", "/surveys/{survey_id}/questions"),
    ("POST", "/surveys/{survey_id}/questions/reorder"), ("PATCH", "/surveys/{survey_id}/questions/{question_id}"),
    ("DELETE", "/surveys/{survey_id}/questions/{question_id}"), ("POST", "/surveys/{survey_id}/responses"),
    ("GET", "/surveys/{survey_id}/responses"), ("POST", "/surveys/{survey_id}/exports"),
    ("GET", "/surveys/{survey_id}/exports"), ("GET", "/exports/{export_id}"))})
SURVEYS17_PATH_NAMES = ("process_id", "survey_id", "question_id", "export_id")
# ---- end surveys17
# ---- participation (issue #17): every other secured operation of processes, ideas, moderation, follows, budgets and
# topics; the 403s and 404s by role and phase are the permission matrix's rows, so none is repeated here.
FORBIDDEN.update({(method, "/api/v1/participation" + path): None for method, path in (
    ("POST", "/processes"), ("PATCH", "/processes/{process_id}"), ("POST", "/processes/{process_id}/status"),
    ("POST", "/processes/{process_id}/phases"), ("PATCH", "/phases/{phase_id}"), ("DELETE", "/phases/{phase_id}"),
    ("POST", "/processes/{process_id}/ideas"), ("PATCH", "/ideas/{idea_id}"), ("PUT", "/ideas/{idea_id}/support"),
    ("DELETE", "/ideas/{idea_id}/support"), ("POST", "/ideas/{idea_id}/answer"), ("POST", "/ideas/{idea_id}/comments"),
    ("GET", "/moderation/processes/{process_id}/queue"), ("GET", "/moderation/processes/{process_id}/log"),
    ("POST", "/ideas/{idea_id}/moderate"), ("POST", "/comments/{comment_id}/moderate"),
    ("POST", "/ideas/{idea_id}/abuse-reports"), ("POST", "/comments/{comment_id}/abuse-reports"),
    ("POST", "/abuse-reports/{report_id}/dismiss"), ("GET", "/processes/{process_id}/blocks"),
    ("POST", "/processes/{process_id}/blocks"), ("DELETE", "/blocks/{block_id}"), ("POST", "/ideas/{idea_id}/merge"),
    ("GET", "/follows"), ("POST", "/follows"), ("DELETE", "/follows/{follow_id}"),
    ("POST", "/processes/{process_id}/budgets"), ("PATCH", "/budgets/{budget_id}"),
    ("POST", "/budgets/{budget_id}/projects"), ("PATCH", "/projects/{project_id}"),
    ("POST", "/projects/{project_id}/feasibility"), ("GET", "/budgets/{budget_id}/ballot"),
    ("PUT", "/budgets/{budget_id}/ballot"), ("DELETE", "/budgets/{budget_id}/ballot"),
    ("POST", "/budgets/{budget_id}/compute"), ("POST", "/budgets/{budget_id}/publish"),
    ("POST", "/processes/{process_id}/topics/refresh"))})
PARTICIPATION_PATH_NAMES = ("phase_id", "idea_id", "comment_id", "report_id", "block_id", "follow_id", "budget_id",
                            "project_id")
VOLUNTEERING_PATH_NAMES = ("opportunity_id", "question_id", "shift_id", "application_id", "entry_id",
                           "certificate_id", "hour_value_id")


def _volapi16_values(world) -> dict[str, str]:
    import datetime

    from musharaka.accounts.models import User
    from musharaka.volunteering import services as volunteering

    admin = world["membership"].user
    opportunity = volunteering.opportunity_create(actor=admin, organization=world["organization"], data={
        "title_ar": "حملة تشجير الحي", "description_ar": "زراعة الشتلات مع السكان",
        "region_id": world["organization"].region_id, "starts_on": timezone.localdate(),
        "ends_on": timezone.localdate() + datetime.timedelta(days=20)},
        questions=[{"text_ar": "ما خبرتك؟"}])
    starts = timezone.now() + datetime.timedelta(days=2)
    shift = volunteering.shift_save(actor=admin, opportunity=opportunity, data={
        "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3), "capacity": 5})
    volunteering.opportunity_publish(actor=admin, opportunity=opportunity)
    staff = User.objects.create_user(username="volapi16-staff", email="volapi16-staff@example.org", is_staff=True)
    value = volunteering.hour_value_create(actor=staff, data={
        "amount": "40", "basis_ar": "متوسط أجر الساعة", "effective_from": datetime.date(2020, 1, 1)})
    return {"opportunity_id": str(opportunity.pk), "question_id": str(opportunity.questions.get().pk),
            "shift_id": str(shift.pk), "hour_value_id": str(value.pk), "volapi16_other_person": str(admin.pk)}


def test_every_secured_operation_is_in_the_table():
    assert len(SECURED) >= 15
    assert sorted(FORBIDDEN) == SECURED


def _assert_error(response, status: int, code: str, message: dict, language: str):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": message[language], "code": code}


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), SECURED, ids=[f"{m} {p}" for m, p in SECURED])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_without_credentials_the_answer_is_401(method, path, language):
    url = path.replace("{action}", "submit")
    for name in ("organization_id", "membership_id", "initiative_id", "event_id", "registration_id",
                 "recommendation_id", "agreement_id", "commitment_id"):
        url = url.replace("{" + name + "}", "1")
    for name in AWARD_PATH_NAMES:
        url = url.replace("{" + name + "}", "1")
    for name in RESULTS_PATH_NAMES:  # results (issue #14)
        url = url.replace("{" + name + "}", "1")
    url = url.replace("{owner_kind}", "initiative")
    for name in PLAN_PATH_NAMES:
        url = url.replace("{" + name + "}", "1")
    url = url.replace("{job_id}", "6f1c2b7e-0d4a-4c3e-9b8f-1a2b3c4d5e6f")
    for name in IMPACT_PATH_NAMES:  # impact (issue #15)
        url = url.replace("{" + name + "}", "1")
    for name in REPORT_PATH_NAMES:  # reports (issue #16)
        url = url.replace("{" + name + "}", "1")
    for name in (*VOLUNTEERING_PATH_NAMES, "code"):  # volunteering (issue #16, volapi16)
        url = url.replace("{" + name + "}", "1")
    for name in SURVEYS17_PATH_NAMES:  # surveys17 (issue #17)
        url = url.replace("{" + name + "}", "1")
    for name in PARTICIPATION_PATH_NAMES:  # participation (issue #17)
        url = url.replace("{" + name + "}", "1")
    client = Client(headers={"Accept-Language": language})
    body = {"data": b"{}", "content_type": "application/json"} if method != "GET" else {}
    _assert_error(client.generic(method, url, **body), 401, "not_authenticated", NOT_AUTHENTICATED, language)
    unknown = Client(headers={"Accept-Language": language, "Authorization": "Bearer msk_not-a-real-token"})
    _assert_error(unknown.generic(method, url, **body), 401, "not_authenticated", NOT_AUTHENTICATED, language)


@pytest.fixture
def world(make_org, make_member, make_user, make_initiative, other_region):
    """Records of an organisation the resident has nothing to do with; the resident calls by token."""
    organization = make_org(region=other_region)
    admin = make_member(organization, Role.ADMIN)
    resident = make_user()
    _token, key = api_token_create(user=resident, name="auth errors")
    editor = make_member(organization, Role.EDITOR)
    starts = timezone.now() + datetime.timedelta(days=3)
    event = event_create(actor=editor, organization=organization, data={
        "title_ar": "لقاء تنسيقي", "region": organization.region, "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2), "is_published": True})
    # A past forum with a recommendation (the check-in above needs an event still to come).
    _past_event, recommendation = _event_with_a_recommendation(editor, organization)
    agreement, commitment = _partnership(editor, organization, make_org)
    awards = _awards(editor, organization)
    return {
        "awards": awards,
        "plans": _plans(make_org, make_member, make_user, other_region),  # issue #14 (api14)
        "event": event,
        "recommendation": recommendation,
        "agreement": agreement,
        "commitment": commitment,
        "organization": organization,
        "membership": Membership.objects.get(organization=organization, user=admin),
        "approved": make_initiative(organization, status="approved", editor=editor),
        "completed": make_initiative(organization, status="completed", editor=editor),
        "resident": resident,
        "key": key,
    }


def _partnership(editor, organization, make_org):
    """A signed, published MoU of the organisation with a municipality, and a commitment of the organisation's."""
    from musharaka.orgs.models import Sector
    from musharaka.partnerships import services as partnerships

    municipality = make_org(sector=Sector.AUTHORITY, region=organization.region)
    agreement = partnerships.agreement_create(actor=editor, organization=organization, data={
        "title_ar": "مذكرة تفاهم للتعاون المشترك", "stage": "signed", "signed_on": datetime.date(2026, 3, 1),
        "starts_on": datetime.date(2026, 3, 1), "ends_on": datetime.date(2028, 2, 28), "renewal": "by_decision",
        "is_published": True}, parties=[partnerships.PartySpec(organization=organization),
                                        partnerships.PartySpec(organization=municipality)])
    commitment = partnerships.commitment_create(actor=editor, agreement=agreement,
                                                party=agreement.parties.get(organization=organization),
                                                data={"title_ar": "تجميل الميادين العامة"})
    return agreement, commitment


def _awards(editor, organization) -> dict:
    """A programme of the organisation with a cycle taking nominations, a category with a criterion and a question,
    its first round, and an accepted judge (issue #13)."""
    from musharaka.accounts.models import User
    from musharaka.awards import services as awards

    programme = awards.programme_create(actor=editor, organization=organization, data={"name_ar": "جائزة التنمية"})
    now = timezone.now()
    cycle = awards.cycle_create(actor=editor, programme=programme, data={
        "year": 2026, "nominations_open_at": now - datetime.timedelta(days=1),
        "nominations_close_at": now + datetime.timedelta(days=10)})
    category = awards.category_create(actor=editor, cycle=cycle, data={"name_ar": "أفضل مبادرة"})
    criterion = awards.criterion_create(actor=editor, category=category, data={"name_ar": "الأثر", "weight": 100})
    question = awards.question_create(actor=editor, category=category, data={"text_ar": "ما أثر المبادرة؟"})
    awards.cycle_advance(actor=editor, cycle=cycle)
    person = User.objects.create_user(username="award-judge", email="award-judge@example.org")
    judge = awards.judge_invite(actor=editor, cycle=cycle, user=person)
    awards.judge_respond(actor=person, judge=judge, accept=True)
    return {"programme_id": programme.pk, "cycle_id": cycle.pk, "category_id": category.pk,
            "criterion_id": criterion.pk, "question_id": question.pk, "judge_id": judge.pk,
            "round_id": category.rounds.get(number=1).pk}


def _event_with_a_recommendation(editor, organization):
    import datetime

    from django.utils import timezone

    from musharaka.events import recommendations as recs
    from musharaka.events import services as events

    starts = timezone.now() - datetime.timedelta(days=10)
    event = events.event_create(actor=editor, organization=organization, data={
        "title_ar": "ملتقى المشاركة المجتمعية", "region": organization.region, "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=6), "is_published": True})
    recommendation = recs.recommendation_create(actor=editor, event=event, data={
        "text_ar": "تفعيل التطوع في الأحياء", "organization": organization})
    return event, recommendation


FORBIDDEN_CALLS = sorted(key for key, how in FORBIDDEN.items() if how is not None)


@pytest.mark.parametrize(("method", "path"), FORBIDDEN_CALLS, ids=[f"{m} {p}" for m, p in FORBIDDEN_CALLS])
def test_a_person_without_the_role_gets_403(world, method, path):
    how = FORBIDDEN[(method, path)]
    initiative = world[how.get("initiative", "approved")]
    values = {
        "organization_id": str(world["organization"].pk),
        "membership_id": str(world["membership"].pk),
        "initiative_id": str(initiative.pk),
        "event_id": str(world["event"].pk),
        "action": how.get("action", "submit"),
        "resident": world["resident"].username,
        "recommendation_id": str(world["recommendation"].pk),
        "agreement_id": str(world["agreement"].pk),
        "commitment_id": str(world["commitment"].pk),
        "party_id": str(world["commitment"].party_id),
        **{name: str(value) for name, value in world["awards"].items()},
        **(_results_values(world) if "/results/" in path else {}),  # results (issue #14)
        # The plans' ids only on their own paths: `criterion_id` names an awards criterion elsewhere.
        **({name: str(value) for name, value in world["plans"].items()} if path.startswith("/api/v1/plans") else {}),
        **(_impact_values(world) if path.startswith("/api/v1/impact") else {}),  # impact (issue #15)
        **(_volapi16_values(world) if path.startswith("/api/v1/volunteering") else {}),  # issue #16 (volapi16)
        **(_reports_values(world) if path.startswith("/api/v1/reports") else {}),  # reports (issue #16)
    }
    url = path
    for name, value in values.items():
        url = url.replace("{" + name + "}", value)
    client = Client(headers={"Authorization": f"Bearer {world['key']}", "Accept-Language": "en"})
    if "typed_json" in how:  # ---- plans (issue #14, api14)
        response = client.generic(method, url, data=json.dumps(how["typed_json"](values)),
                                  content_type="application/json")
    elif "json" in how:
        payload = {key: value.format(**values) if isinstance(value, str) else value
                   for key, value in how["json"].items()}
        for key in ("organization_id", "lead_organization_id", "organization", "party_id", "year", "weight",
                    "count", "judge_id", "category_id"):
            if key in payload:
                payload[key] = int(payload[key])
        response = client.generic(method, url, data=json.dumps(payload), content_type="application/json")
    elif "multipart" in how:
        upload = SimpleUploadedFile("upload.png", _png(), content_type="image/png")
        if how["multipart"] == "file":
            upload = SimpleUploadedFile("rows.csv", "عنوان المبادرة\nمبادرة\n".encode(), content_type="text/csv")
        response = client.post(url, {how["multipart"]: upload})
    else:
        response = client.generic(method, url)
    _assert_error(response, 403, "permission_denied", NOT_PERMITTED, "en")
