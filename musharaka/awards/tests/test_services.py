import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from musharaka.awards import services
from musharaka.awards.models import (
    ApplicationStatus,
    CycleStage,
    Recusal,
    RecusalSource,
    RoundStatus,
    Scoresheet,
    SheetStatus,
)
from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.core.permissions import can
from musharaka.initiatives.models import InitiativePartner, PartnerRole
from musharaka.orgs.models import Role

pytestmark = pytest.mark.django_db


def test_a_whole_cycle_through_the_services_ranks_and_publishes(make_cycle):
    world = make_cycle(judges_per_application=2)
    applications = [world.apply() for _ in range(3)]
    judges = world.invite_judges(2)
    world.start_judging()
    assert world.cycle.stage == CycleStage.JUDGING
    sheets = Scoresheet.objects.filter(round__category=world.category).select_related("judge")
    assert sheets.count() == 6
    marks = {applications[0].pk: [9, 8, 7], applications[1].pk: [6, 6, 6], applications[2].pk: [8, 9, 10]}
    for sheet in sheets:
        world.score(sheet, marks[sheet.application_id])
    first = world.category.rounds.get(number=1)
    services.round_close(actor=world.organiser_admin, round=first)
    entries = {entry.application_id: entry for entry in first.entries.all()}
    # 50×9 + 30×8 + 20×7 = 830 → 83.00; 50×8 + 30×9 + 20×10 = 870 → 87.00; 60.00
    assert entries[applications[2].pk].raw_score == Decimal("87.00")
    assert entries[applications[0].pk].raw_score == Decimal("83.00")
    assert [entries[app.pk].rank for app in applications] == [2, 3, 1]
    world.cycle = services.cycle_advance(actor=world.organiser_admin, cycle=world.cycle)
    assert world.cycle.stage == CycleStage.DELIBERATION
    services.winners_confirm(actor=world.organiser_admin, category=world.category, placements=[
        (applications[2], 1, "مبادرة رائدة", ""), (applications[0], 2, "", ""), (applications[1], 3, "", "")])
    world.cycle = services.cycle_advance(actor=world.organiser_admin, cycle=world.cycle)
    assert world.cycle.stage == CycleStage.PUBLISHED
    winner = world.category.winners.get(place=1)
    assert winner.printed["title_ar"] == applications[2].title_ar
    assert winner.printed["programme_ar"] == "جائزة التنمية المحلية"
    assert len(judges) == 2


def test_the_judges_loads_differ_by_at_most_one(make_cycle):
    world = make_cycle(judges_per_application=3)
    for _ in range(7):
        world.apply()
    world.invite_judges(5)
    world.start_judging()
    loads = [judge.sheets.count() for judge in world.judges]
    assert sum(loads) == 21
    assert max(loads) - min(loads) <= 1
    per_application = Scoresheet.objects.values_list("application_id", flat=True)
    assert all(list(per_application).count(pk) == 3 for pk in set(per_application))


def test_a_judge_from_the_applicant_organisation_is_never_assigned(make_cycle, make_org, make_member):
    world = make_cycle(judges_per_application=2)
    applicant_org = make_org("جمعية البر بالمدينة")
    insider = make_member(applicant_org, Role.VIEWER)
    application = world.apply(applicant_org)
    others = [world.apply() for _ in range(2)]
    world.invite_judges(3, users=[insider, world.make_user(), world.make_user()])
    world.start_judging()
    insider_judge = world.judges[0]
    assert not Scoresheet.objects.filter(judge=insider_judge, application=application).exists()
    assert Recusal.objects.get(judge=insider_judge, application=application).source == RecusalSource.APPLICANT
    assert Scoresheet.objects.filter(application=application).count() == 2
    assert not can(insider, "awards.view_application", application)
    assert all(Scoresheet.objects.filter(application=other).count() == 2 for other in others)


def test_a_partner_of_the_initiative_is_recused_too(make_cycle, make_org, make_member):
    world = make_cycle(judges_per_application=1)
    partner = make_org("جامعة طيبة")
    partner_member = make_member(partner, Role.EDITOR)
    application = world.apply(submit=False)
    InitiativePartner.objects.create(initiative=application.initiative, organization=partner,
                                     role=PartnerRole.IMPLEMENTER)
    services.application_submit(actor=application.editor, application=application)
    world.invite_judges(2, users=[partner_member, world.make_user()])
    world.start_judging()
    assert Recusal.objects.get(application=application).source == RecusalSource.PARTNER
    assert Scoresheet.objects.get(application=application).judge.user != partner_member


def test_a_declared_conflict_removes_the_sheet_and_reassigns(make_cycle):
    world = make_cycle(judges_per_application=1)
    application = world.apply()
    world.invite_judges(2)
    world.start_judging()
    sheet = Scoresheet.objects.select_related("judge").get(application=application)
    with pytest.raises(InvalidInput):
        services.conflict_declare(actor=sheet.judge.user, judge=sheet.judge, application=application, reason="")
    services.conflict_declare(actor=sheet.judge.user, judge=sheet.judge, application=application,
                              reason="عملت مستشارًا للمبادرة العام الماضي")
    replacement = Scoresheet.objects.get(application=application)
    assert replacement.judge_id != sheet.judge_id
    assert not can(sheet.judge.user, "awards.view_application", application)


def test_submission_after_the_deadline_is_refused_with_the_moment(make_cycle):
    world = make_cycle()
    application = world.apply(submit=False)
    from musharaka.awards.models import Cycle

    Cycle.objects.filter(pk=world.cycle.pk).update(nominations_close_at=timezone.now() - datetime.timedelta(seconds=1))
    application.refresh_from_db()
    with pytest.raises(Conflict) as refused:
        services.application_submit(actor=application.editor, application=application)
    assert refused.value.code == "deadline_passed"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_the_deadline_holds_to_the_second(make_cycle):
    world = make_cycle()
    deadline = world.cycle.nominations_close_at
    assert deadline.microsecond == 0
    assert services.nominations_open(world.cycle, now=deadline)
    assert services.nominations_open(world.cycle, now=deadline + datetime.timedelta(microseconds=999_999))
    assert not services.nominations_open(world.cycle, now=deadline + datetime.timedelta(seconds=1))


def test_a_submitted_sheet_refuses_a_second_submission(make_cycle):
    world = make_cycle(judges_per_application=1)
    world.apply()
    world.invite_judges(1)
    world.start_judging()
    sheet = Scoresheet.objects.select_related("judge").get()
    world.score(sheet, [5, 5, 5])
    with pytest.raises(Conflict):
        world.score(sheet, [6, 6, 6])
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED and sheet.total == Decimal("50.00")


def test_scores_outside_the_scale_are_refused(make_cycle):
    world = make_cycle(judges_per_application=1)
    world.apply()
    world.invite_judges(1)
    world.start_judging()
    sheet = Scoresheet.objects.select_related("judge").get()
    for bad in (11, -1, True, "5"):
        with pytest.raises(InvalidInput):
            services.sheet_save(actor=sheet.judge.user, sheet=sheet, scores={world.criteria[0].pk: (bad, "")})
    with pytest.raises(InvalidInput) as incomplete:  # two criteria left unscored
        services.sheet_save(actor=sheet.judge.user, sheet=sheet, scores={world.criteria[0].pk: (5, "")}, submit=True)
    assert incomplete.value.code == "incomplete"


def test_another_judge_cannot_score_a_sheet(make_cycle):
    world = make_cycle(judges_per_application=1)
    world.apply()
    world.invite_judges(2)
    world.start_judging()
    sheet = Scoresheet.objects.select_related("judge").first()
    other = next(judge for judge in world.judges if judge.pk != sheet.judge_id)
    with pytest.raises(NotPermitted):
        services.sheet_save(actor=other.user, sheet=sheet, scores={world.criteria[0].pk: (5, "")})


def test_weights_must_sum_to_100_before_nominations_open(make_cycle):
    world = make_cycle(stage="draft", weights=(50, 30))
    with pytest.raises(Conflict) as refused:
        services.cycle_advance(actor=world.organiser_admin, cycle=world.cycle)
    assert "80" in refused.value.message


def test_top_k_go_to_a_second_round_with_a_new_panel(make_cycle):
    world = make_cycle(judges_per_application=1)
    applications = [world.apply() for _ in range(4)]
    world.invite_judges(1)
    world.start_judging()
    for sheet in Scoresheet.objects.select_related("judge"):
        world.score(sheet, [applications.index(sheet.application) + 3] * 3)
    first = world.category.rounds.get(number=1)
    services.round_close(actor=world.organiser_admin, round=first)
    second = services.round_advance(actor=world.organiser_admin, round=first, count=2)
    assert set(second.entries.values_list("application_id", flat=True)) == {applications[3].pk, applications[2].pk}
    assert second.members.count() == 0
    first.refresh_from_db()
    assert first.status == RoundStatus.CLOSED
    new_judge = world.make_user()
    judge = services.judge_invite(actor=world.organiser_admin, cycle=world.cycle, user=new_judge)
    judge = services.judge_respond(actor=new_judge, judge=judge, accept=True)
    services.panel_add(actor=world.organiser_admin, round=second, judge=judge)
    assert services.round_assign(actor=world.organiser_admin, round=second) == 2


def test_only_the_organiser_manages(make_cycle, make_org, make_member):
    world = make_cycle()
    stranger = make_member(make_org(), Role.ADMIN)
    with pytest.raises(NotPermitted):
        services.cycle_update(actor=stranger, cycle=world.cycle, data={"title_ar": "تعديل"})
    with pytest.raises(NotPermitted):
        services.judge_invite(actor=stranger, cycle=world.cycle, user=stranger)


def test_applicants_hear_of_the_eligibility_decision_and_the_results(make_cycle, mailoutbox):
    from musharaka.notifications.models import Notification

    world = make_cycle(judges_per_application=1)
    kept = world.apply()
    refused = world.apply()
    world.invite_judges(1)
    world.close_nominations()
    services.application_check_eligibility(actor=world.organiser_admin, application=kept, eligible=True)
    services.application_check_eligibility(actor=world.organiser_admin, application=refused, eligible=False,
                                           reason="المبادرة خارج نطاق الفئة")
    note = Notification.objects.get(user=refused.editor, title__contains="غير مستوف")
    assert note.body == "المبادرة خارج نطاق الفئة"
    assert Notification.objects.filter(user=kept.editor, title__contains="لجنة التحكيم").count() == 1
    world.start_judging([])
    sheet = Scoresheet.objects.select_related("judge").get()
    world.score(sheet, [7, 7, 7])
    services.round_close(actor=world.organiser_admin, round=world.category.rounds.get())
    world.cycle = services.cycle_advance(actor=world.organiser_admin, cycle=world.cycle)
    services.winners_confirm(actor=world.organiser_admin, category=world.category, placements=[(kept, 1, "", "")])
    services.cycle_advance(actor=world.organiser_admin, cycle=world.cycle)
    told = set(Notification.objects.filter(title__startswith="أُعلنت نتائج").values_list("user", flat=True))
    assert {kept.editor.pk, refused.editor.pk} <= told


def test_a_conflict_cannot_be_declared_in_a_closed_round(make_cycle):
    world = make_cycle(judges_per_application=1)
    scored, waiting = world.apply(), world.apply()
    world.invite_judges(1)
    world.start_judging()
    world.score(Scoresheet.objects.select_related("judge").get(application=scored), [5, 5, 5])
    services.round_close(actor=world.organiser_admin, round=world.category.rounds.get())
    sheet = Scoresheet.objects.select_related("judge").get(application=waiting)
    with pytest.raises(Conflict) as refused:
        services.conflict_declare(actor=sheet.judge.user, judge=sheet.judge, application=waiting,
                                  reason="قريب لأحد أعضاء الفريق")
    assert refused.value.code == "round_closed"
    assert Scoresheet.objects.filter(application=waiting).count() == 1 and not Recusal.objects.exists()
