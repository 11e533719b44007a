"""Who may do what with awards: the five roles of the issue (applicant, assigned judge, recused judge, organiser,
the public) and another organisation's admin, against each action, through the rules and the services.

The table below is the whole contract: each cell is asserted both ways (allowed where True, refused where False),
by every check the action has (the rule, and the service or selector that acts on it). A service refused for the
cycle's phase (a deadline, say) after its permission check passed counts as permitted: what is checked here is who
may, not when.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from musharaka.awards import services
from musharaka.awards.models import Cycle, CycleStage, Recusal, RecusalSource, Scoresheet
from musharaka.awards.rules import forget_recusals
from musharaka.awards.selectors import judge_sheets, own_applications
from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.core.permissions import can
from musharaka.orgs.models import Role

pytestmark = pytest.mark.django_db

ROLES = ("applicant", "judge", "recused_judge", "organiser", "public", "other_admin")
T, F = True, False
# action: allowed for (applicant, judge, recused judge, organiser, public, other organisation's admin)
TABLE = {
    "view_application": (T, T, F, T, F, F),
    "edit_draft": (T, F, F, F, F, F),
    "submit": (T, F, F, F, F, F),
    "view_and_score_sheet": (F, T, F, F, F, F),
    "manage_cycle": (F, F, F, T, F, F),
    "check_eligibility": (F, F, F, T, F, F),
    "view_results_before_publication": (F, F, F, T, F, F),
    "view_results_after_publication": (T, T, T, T, T, T),
    "view_feedback_after_publication": (T, F, F, F, F, F),
    "vote": (T, T, T, T, F, T),
}


@pytest.fixture
def roles(make_cycle, make_org, make_member, make_user):
    """A cycle in judging with the people of each role: the applicant organisation's editor, the judge assigned
    to its application, a judge from the applicant organisation (recused automatically), the organiser's admin,
    an anonymous visitor and another organisation's admin. The applicant also has a draft in the category."""
    world = make_cycle(judges_per_application=1, people_choice=True)
    applicant_org = make_org("جمعية البر بالمدينة المنورة")
    applicant = make_member(applicant_org, Role.EDITOR)
    insider = make_member(applicant_org, Role.VIEWER)
    application = world.apply(applicant_org, editor=applicant)
    draft = world.apply(applicant_org, editor=applicant, submit=False)
    judge_user = make_user()
    world.invite_judges(2, users=[insider, judge_user])
    world.start_judging()
    sheet = Scoresheet.objects.select_related("judge").get(application=application)
    assert sheet.judge.user_id == judge_user.pk  # the insider is never assigned: the only other judge is
    assert Recusal.objects.filter(judge__user=insider, application=application,
                                  source=RecusalSource.APPLICANT).exists()
    application.refresh_from_db()
    people = {"applicant": applicant, "judge": judge_user, "recused_judge": insider,
              "organiser": world.organiser_admin, "public": AnonymousUser(),
              "other_admin": make_member(make_org(), Role.ADMIN)}
    return {"world": world, "application": application, "draft": draft, "sheet": sheet, "people": people}


def _passes_permission(call) -> bool:
    """True when the service let the person past its permission check (done, or refused for another reason)."""
    try:
        call()
    except NotPermitted:
        return False
    except (Conflict, InvalidInput):
        return True
    return True


def _publish(state) -> Cycle:
    Cycle.objects.filter(pk=state["world"].cycle.pk).update(stage=CycleStage.PUBLISHED)
    return Cycle.objects.get(pk=state["world"].cycle.pk)


def _checks(action: str, state, user) -> dict[str, bool]:
    """Every way the action is decided, by name: each must agree with the table."""
    world, application, draft, sheet = state["world"], state["application"], state["draft"], state["sheet"]
    cycle = world.cycle
    if action == "view_application":
        return {"rule": can(user, "awards.view_application", application)}
    if action == "edit_draft":
        return {"rule": can(user, "awards.edit_application", draft),
                "service": _passes_permission(lambda: services.application_update(
                    actor=user, application=draft, data={"title_ar": "عنوان معدل للمبادرة"}))}
    if action == "submit":
        return {"rule": can(user, "awards.edit_application", draft),
                "service": _passes_permission(lambda: services.application_submit(actor=user, application=draft))}
    if action == "view_and_score_sheet":
        criterion = world.criteria[0]
        return {"judge_sheets": judge_sheets(user).filter(pk=sheet.pk).exists(),
                "rule": can(user, "awards.score", sheet),
                "service": _passes_permission(lambda: services.sheet_save(
                    actor=user, sheet=sheet, scores={criterion.pk: (7, "أثر واضح")}))}
    if action == "manage_cycle":
        return {"rule": can(user, "awards.manage", cycle),
                "service": _passes_permission(lambda: services.cycle_update(
                    actor=user, cycle=cycle, data={"title_ar": "الدورة الخامسة المعدلة"}))}
    if action == "check_eligibility":
        return {"rule": can(user, "awards.manage", application),
                "service": _passes_permission(lambda: services.application_check_eligibility(
                    actor=user, application=application, eligible=False, reason="لا تنطبق الشروط"))}
    if action == "view_results_before_publication":
        return {"rule": can(user, "awards.view_results", cycle)}
    if action == "view_results_after_publication":
        return {"rule": can(user, "awards.view_results", _publish(state))}
    if action == "view_feedback_after_publication":
        published = _publish(state)
        application.cycle = published
        return {"rule": can(user, "awards.view_feedback", application)}
    if action == "vote":
        services.cycle_set_people_choice(actor=world.organiser_admin, cycle=cycle, is_open=True)
        category = application.category
        category.cycle.refresh_from_db()
        return {"rule": can(user, "awards.vote", category),
                "service": _passes_permission(lambda: services.vote_cast(actor=user, application=application))}
    raise AssertionError(action)


@pytest.mark.parametrize("action", list(TABLE))
def test_each_role_may_do_exactly_what_the_table_says(roles, action):
    refused_wrongly, allowed_wrongly = [], []
    for role, expected in zip(ROLES, TABLE[action], strict=True):
        user = roles["people"][role]
        for check, allowed in _checks(action, roles, user).items():
            if allowed and not expected:
                allowed_wrongly.append(f"{role} ({check})")
            elif expected and not allowed:
                refused_wrongly.append(f"{role} ({check})")
    assert not allowed_wrongly, f"{action}: allowed for {allowed_wrongly}"
    assert not refused_wrongly, f"{action}: refused for {refused_wrongly}"


def test_the_table_names_every_role_for_every_action():
    assert all(len(row) == len(ROLES) for row in TABLE.values())
    # Each role is allowed something and refused something (a column of one value would test nothing).
    for index, role in enumerate(ROLES):
        assert {row[index] for row in TABLE.values()} == {True, False}, role


# ---------------------------------------------------------------- Done when: the applicant's own judge


def test_a_judge_from_the_applicant_organisation_never_opens_the_application(roles):
    """Never assigned (the fixture checks it), and even given a sheet for it by some other route, neither the
    rules nor the judge's list let them open it."""
    insider, application = roles["people"]["recused_judge"], roles["application"]
    judge = roles["world"].judges[0]
    assert judge.user_id == insider.pk
    assert not judge_sheets(insider).filter(application=application).exists()
    assert not can(insider, "awards.view_application", application)
    # A sheet written past the services (as a bug or a direct insert would): still closed to them.
    smuggled = Scoresheet.objects.create(round=roles["sheet"].round, entry=roles["sheet"].entry,
                                         application=application, judge=judge)
    forget_recusals(insider)
    assert not judge_sheets(insider).filter(pk=smuggled.pk).exists()
    assert not can(insider, "awards.score", smuggled)
    assert not can(insider, "awards.view_application", application)
    with pytest.raises(NotPermitted):
        services.sheet_save(actor=insider, sheet=smuggled, scores={roles["world"].criteria[0].pk: (10, "")})


def test_an_editor_of_the_applicant_organisation_who_judges_is_recused_from_its_application(
        make_cycle, make_org, make_member):
    """Staff of the applicant organisation are its applicants too; once recused as judges they lose even that
    view of the application (a recused judge never opens it, by any route)."""
    world = make_cycle(judges_per_application=1)
    applicant_org = make_org("جمعية التنمية الأهلية بالعوالي")
    editor_judge = make_member(applicant_org, Role.EDITOR)
    application = world.apply(applicant_org)
    world.apply()
    world.invite_judges(2, users=[editor_judge, world.make_user()])
    world.start_judging()
    application.refresh_from_db()
    assert not Scoresheet.objects.filter(application=application, judge__user=editor_judge).exists()
    assert not judge_sheets(editor_judge).filter(application=application).exists()
    assert not can(editor_judge, "awards.view_application", application)
    assert not can(editor_judge, "awards.withdraw_application", application)
    # Their organisation's list still names it (they are staff), but opening it is refused.
    assert own_applications(editor_judge).filter(pk=application.pk).exists()
