"""The plan's cycle through the services: statuses and versions, needs and votes, the matrix, goals and actions,
progress kept on write, reviews and risks."""

import datetime
from decimal import Decimal

import pytest

from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.plans import selectors, services
from musharaka.plans.models import Need, NeedStatus, PlanStatus
from musharaka.results import services as results

pytestmark = pytest.mark.django_db


def test_a_plan_goes_through_consultation_approval_and_a_revision_that_keeps_version_1(make_plan):
    world = make_plan(status="consultation")
    need = world.need()
    world.vote(need, 3, group="youth")
    goal = world.prepare()
    plan = world.approve(note="اعتمدت في ورشة العمل الأولى")
    assert plan.status == PlanStatus.APPROVED and plan.version == 1
    first = plan.versions.get(number=1)
    assert first.snapshot["goals"][0]["title_ar"] == goal.title_ar
    plan = services.plan_move(actor=world.admin, plan=plan, target="revised")
    assert plan.version == 2
    services.goal_save(actor=world.admin, plan=plan, goal=goal, data={"title_ar": "أحياء آمنة ومضاءة"})
    plan = services.plan_move(actor=world.admin, plan=plan, target="approved")
    assert [v.number for v in plan.versions.all()] == [1, 2]
    first.refresh_from_db()
    assert first.snapshot["goals"][0]["title_ar"] == "تحسين جودة الحياة في الأحياء"
    assert plan.versions.get(number=2).snapshot["goals"][0]["title_ar"] == "أحياء آمنة ومضاءة"


def test_approval_lists_what_is_missing(make_plan):
    world = make_plan(status="consultation")
    with pytest.raises(Conflict) as error:
        services.plan_move(actor=world.admin, plan=world.plan, target="approved")
    assert error.value.code == "cannot_move"
    assert "رؤية" in str(error.value.message) or "vision" in str(error.value.message).lower()


def test_an_approved_plan_changes_only_by_revision(make_plan):
    world = make_plan(status="approved")
    with pytest.raises(Conflict):
        services.goal_save(actor=world.admin, plan=world.plan, data={"title_ar": "هدف جديد للخطة"})


def test_one_vote_per_person_per_need_and_counts_per_group(make_plan, make_user):
    world = make_plan(status="consultation")
    need = world.need()
    resident = make_user()
    services.need_vote(actor=resident, need=need, group="women")
    with pytest.raises(Conflict) as error:
        services.need_vote(actor=resident, need=need, group="women")
    assert error.value.code == "already_voted"
    world.vote(need, 2, group="youth")
    need.refresh_from_db()
    assert (need.vote_count, need.votes_women, need.votes_youth) == (3, 1, 2)
    services.need_unvote(actor=resident, need=need)
    need.refresh_from_db()
    assert (need.vote_count, need.votes_women) == (2, 0)
    world.refresh()
    assert world.plan.vote_count == 2


def test_residents_submit_and_vote_only_during_consultation(make_plan, make_user):
    world = make_plan()
    with pytest.raises(NotPermitted):
        world.need()


def test_merging_moves_votes_without_counting_a_person_twice(make_plan, make_user):
    world = make_plan(status="consultation")
    first = world.need(title="انقطاع الإنارة في حي الروضة")
    duplicate = world.need(title="الإنارة منقطعة في شوارع الروضة")
    both = make_user()
    services.need_vote(actor=both, need=first, group="elders")
    services.need_vote(actor=both, need=duplicate, group="elders")
    world.vote(duplicate, 2, group="women")
    merged = services.need_merge(actor=world.coordinator, duplicate=duplicate, into=first)
    duplicate.refresh_from_db()
    assert duplicate.status == NeedStatus.MERGED and duplicate.merged_into_id == first.pk
    assert (merged.vote_count, merged.votes_elders, merged.votes_women) == (3, 1, 2)
    assert duplicate.vote_count == 0


def test_the_matrix_score_and_the_combined_priority(make_plan):
    world = make_plan(status="consultation")
    criteria = list(world.plan.criteria.all())  # weights 30, 20, 15, 15, 10, 10
    loud, severe = world.need(title="ازدحام مروري عند المدارس"), world.need(title="تسرب مياه الصرف في الحي")
    world.vote(loud, 4)
    services.need_score(actor=world.admin, need=severe, scores={c.pk: 5 for c in criteria})
    services.need_score(actor=world.admin, need=loud, scores={criteria[0].pk: 2, criteria[1].pk: 5})
    # loud: matrix (30×2 + 20×5) ÷ 5 = 32.00, votes 100.00 → 0.7×32 + 0.3×100 = 52.40
    # severe: matrix 100.00, votes 0 → 70.00
    ranking = selectors.prioritisation(world.plan).combined
    assert [(r.need_id, r.matrix, r.vote_score, r.priority) for r in ranking] == [
        (severe.pk, Decimal("100.00"), Decimal("0"), Decimal("70.00")),
        (loud.pk, Decimal("32.00"), Decimal("100.00"), Decimal("52.40")),
    ]
    with pytest.raises(InvalidInput):
        services.need_score(actor=world.admin, need=loud, scores={criteria[0].pk: 6})


def test_progress_rolls_up_from_approved_updates_only(make_plan):
    world = make_plan(status="consultation")
    world.need()
    goal = world.prepare()
    action = world.actions[0]
    indicator = world.indicator(action, target="100")
    period = indicator.periods.get()
    update = results.update_create(actor=world.partner_editor, period=period, data={"value": "40"}, submit=True)
    action.refresh_from_db()
    assert action.progress == 0  # pending updates do not count
    results.update_approve(actor=world.admin, update=update)
    action.refresh_from_db()
    goal.refresh_from_db()
    world.refresh()
    assert action.progress == Decimal("0.4") and goal.progress == Decimal("0.4") and world.plan.progress == Decimal("0.4")
    other = world.action(goal, title="حملة توعية بترشيد استهلاك الكهرباء", status="completed")
    goal.refresh_from_db()
    other.refresh_from_db()
    assert other.progress == 1 and goal.progress == Decimal("0.7")


def test_the_author_never_approves_their_own_update(make_plan):
    world = make_plan(status="consultation")
    world.need()
    world.prepare()
    goal = world.goals[0]
    indicator = world.indicator(goal)
    update = results.update_create(actor=world.admin, period=indicator.periods.get(), data={"value": "5"},
                                   submit=True)
    with pytest.raises(NotPermitted):
        results.update_approve(actor=world.admin, update=update)
    results.update_approve(actor=world.editor, update=update)


def test_a_review_that_opens_a_revision(make_plan):
    world = make_plan(status="approved")
    goal = world.goals[0]
    review = services.review_save(actor=world.admin, plan=world.plan, data={
        "kind": "annual", "held_on": datetime.date(2026, 12, 20), "opens_revision": True,
        "findings_ar": "تأخر تنفيذ مشروعات الإنارة بسبب إجراءات الترسية"}, ratings={goal.pk: ("at_risk", "")})
    world.refresh()
    assert review.ratings.get().rating == "at_risk"
    assert world.plan.status == PlanStatus.REVISED and world.plan.version == 2
    assert world.plan.versions.get(number=1)


def test_risks_score_and_heat_map(make_plan):
    world = make_plan(status="approved")
    risk = services.risk_save(actor=world.admin, plan=world.plan, data={
        "title": "تأخر صرف الاعتمادات المالية", "category": "financial", "likelihood": 4, "impact": 5,
        "owner": "الإدارة المالية بالأمانة"})
    assert risk.score == 20 and risk.level == "critical"
    cells = selectors.heat_map(world.plan)
    assert cells[0][3] == 1  # impact 5 is the top row, likelihood 4 the fourth column
    with pytest.raises(InvalidInput):
        services.risk_save(actor=world.admin, plan=world.plan, data={
            "title": "خطر", "category": "financial", "likelihood": 6, "impact": 1, "owner": "الأمانة"})


def test_replicating_a_proven_initiative_into_the_plan(make_plan, make_initiative, other_region, make_org):
    world = make_plan(status="consultation")
    need = world.need()
    goal = world.prepare()
    elsewhere = make_initiative(make_org(region=other_region), status="completed",
                                title_ar="إنارة الأحياء بالطاقة الشمسية")
    action = services.replicate_into_plan(actor=world.admin, need=need, initiative=elsewhere, goal=goal)
    draft = action.initiatives.get()
    assert draft.replicated_from_id == elsewhere.pk and draft.status == "draft"
    assert draft.lead_organization_id == world.authority.pk
    assert action.need_id == need.pk and action.replicated_from_id == elsewhere.pk


def test_the_plan_page_reads_in_a_fixed_number_of_queries(make_plan, django_assert_max_num_queries):
    world = make_plan(status="consultation")
    for index in range(6):
        world.vote(world.need(title=f"حاجة الحي رقم {index} إلى حديقة"), index)
    world.prepare()
    for goal in world.goals:
        world.indicator(goal)
    world.indicator(world.actions[0])
    plan = world.plan
    with django_assert_max_num_queries(21) as first:
        page = selectors.plan_page(plan)
    for index in range(4):
        goal = world.goal(title=f"هدف إضافي رقم {index} للخطة")
        world.indicator(world.action(goal, title=f"إجراء إضافي رقم {index} للهدف"))
        world.need(title=f"حاجة إضافية رقم {index} للحي")
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = selectors.plan_page(plan)
    assert len(page.goals) == 5 and len(page.prioritisation.combined) == 10
    assert Need.objects.filter(plan=plan).count() == 10
