"""Who may do what with awards.

- The organiser (the programme's organisation) runs its programmes and cycles through its admins and editors:
  categories, criteria, judges, eligibility, panels, deliberation, winners and results. Platform admins too.
- Applicants are the applicant organisation's admins and editors, or the resident who applied alone; they see
  their own applications and, once results are out, their feedback.
- Judges see and score only the applications assigned to them from which they are not recused. A recused judge
  never opens the application by any route, not even as a member of the applicant organisation.
- The public sees cycles past preparation and the results once published; never applications or scores.
"""

import rules

from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.models import Role
from musharaka.orgs.roles import roles_of
from musharaka.orgs.rules import is_org_editor

from .models import ApplicationStatus, CycleStage, JudgeStatus

STAFF_ROLES = (Role.ADMIN, Role.EDITOR)


def organiser_id(obj) -> int | None:
    """The organising organisation of a programme, cycle, category, round, application or scoresheet."""
    if obj is None:
        return None
    model = type(obj).__name__
    if model == "Programme":
        return obj.organization_id
    if model == "Cycle":
        return obj.programme.organization_id
    if model in ("Category", "Application"):
        return obj.cycle.programme.organization_id
    if model == "Round":
        return obj.category.cycle.programme.organization_id
    if model == "Scoresheet":
        return obj.round.category.cycle.programme.organization_id
    if model == "Judge":
        return obj.cycle.programme.organization_id
    return None


def cycle_of(obj):
    model = type(obj).__name__
    if model == "Cycle":
        return obj
    if model in ("Category", "Application", "Judge"):
        return obj.cycle
    if model == "Round":
        return obj.category.cycle
    return None


def is_staff_of(user, organization_id: int | None) -> bool:
    return roles_of(user).role_in(organization_id) in STAFF_ROLES


def recused_application_ids(user, cycle_id: int) -> frozenset[int]:
    """The applications of the cycle this person is recused from as a judge (read once per user and cycle)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_awards_recusals", {})
    if cycle_id not in cache:
        from .models import Recusal

        cache[cycle_id] = frozenset(Recusal.objects.filter(judge__cycle_id=cycle_id, judge__user=user)
                                    .values_list("application_id", flat=True))
    return cache[cycle_id]


def forget_recusals(user) -> None:
    if user is not None:
        user.__dict__.pop("_awards_recusals", None)


@rules.predicate
def is_organiser(user, obj) -> bool:
    return is_staff_of(user, organiser_id(obj))


@rules.predicate
def is_public_cycle(user, obj) -> bool:
    cycle = cycle_of(obj)
    return cycle is not None and cycle.stage != CycleStage.DRAFT


@rules.predicate
def results_published(user, obj) -> bool:
    cycle = cycle_of(obj)
    return cycle is not None and cycle.stage == CycleStage.PUBLISHED


@rules.predicate
def is_applicant(user, application) -> bool:
    if application is None or not user.is_authenticated:
        return False
    if application.organization_id is not None:
        return is_staff_of(user, application.organization_id)
    return application.applicant_id == user.pk


@rules.predicate
def is_recused(user, application) -> bool:
    return application is not None and application.pk in recused_application_ids(user, application.cycle_id)


@rules.predicate
def is_assigned_judge(user, application) -> bool:
    """Holds an unrecused scoresheet for the application, in any round."""
    if application is None or not user.is_authenticated or is_recused(user, application):
        return False
    from .models import Scoresheet

    return Scoresheet.objects.filter(application=application, judge__user=user,
                                     judge__status=JudgeStatus.ACCEPTED).exists()


@rules.predicate
def is_sheet_judge(user, sheet) -> bool:
    return (sheet is not None and user.is_authenticated and sheet.judge.user_id == user.pk
            and sheet.judge.status == JudgeStatus.ACCEPTED
            and sheet.application_id not in recused_application_ids(user, sheet.judge.cycle_id))


@rules.predicate
def is_invited_judge(user, judge) -> bool:
    return judge is not None and user.is_authenticated and judge.user_id == user.pk


@rules.predicate
def is_draft_application(user, application) -> bool:
    return application is not None and application.status == ApplicationStatus.DRAFT


@rules.predicate
def staff_somewhere(user) -> bool:
    return any(role in STAFF_ROLES for role in roles_of(user).by_organization.values())


@rules.predicate
def is_voting_open(user, category) -> bool:
    return category is not None and category.cycle.people_choice and category.cycle.people_choice_open


is_manager = is_organiser | is_platform_admin

rules.add_perm("awards.add_programme", staff_somewhere | is_platform_admin)
# With the organisation as the object: may this person run a programme for it?
rules.add_perm("awards.organise_for", is_org_editor | is_platform_admin)
rules.add_perm("awards.manage", is_manager)  # programme, cycle, category, round or application
rules.add_perm("awards.view_cycle", is_public_cycle | is_manager)
rules.add_perm("awards.view_results", results_published | is_manager)
rules.add_perm("awards.view_application", (is_applicant & ~is_recused) | is_manager | is_assigned_judge)
rules.add_perm("awards.edit_application", is_applicant & is_draft_application & ~is_recused)
rules.add_perm("awards.withdraw_application", is_applicant & ~is_recused)
rules.add_perm("awards.view_feedback", is_applicant & results_published)
rules.add_perm("awards.score", is_sheet_judge)  # with a Scoresheet
rules.add_perm("awards.respond_invitation", is_invited_judge)  # with a Judge
rules.add_perm("awards.vote", rules.is_authenticated & is_voting_open)  # with a Category
