"""Who may do what in participatory processes, and when.

- The public reads published processes, their visible ideas and comments, open surveys, published budget results
  and topic summaries. Drafts only their editors see.
- **Editors** of a process — the admins and editors of its organisation, and platform staff — change it, its
  phases, surveys and budgets, answer ideas officially, review project feasibility and compute results.
- **Moderators** — its editors and the coordinators of its region — approve, hide and restore content, handle
  abuse reports, block people from the process and merge duplicate ideas.
- **Residents** (any signed-in person not blocked from the process) act according to the phase in force
  (`models.PHASE_ALLOWS`): post and support ideas in the ideas phase; comment in the ideas and consultation
  phases; answer open surveys in the consultation phase; vote in the voting phase (changing their ballot until it
  closes). The author of an idea edits it while the ideas phase runs and it has no official answer.

Every object-level predicate takes a process or anything that belongs to one (idea, comment, survey, question,
budget, project, ballot, abuse report): `process_of` finds it.
"""

import rules

from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.roles import roles_of

from .models import (
    PHASE_ALLOWS,
    AbuseReport,
    Ballot,
    Budget,
    BudgetProject,
    Comment,
    Idea,
    IdeaState,
    Process,
    ProcessStatus,
    Survey,
    SurveyQuestion,
    SurveyStatus,
    Visibility,
)

_BLOCKS_ATTR = "_participation_blocked_in"


def process_of(obj) -> Process | None:
    """The process an object belongs to (following foreign keys the caller usually selected)."""
    if isinstance(obj, Process):
        return obj
    if isinstance(obj, (Idea, Survey, Budget, AbuseReport)):
        return obj.process
    if isinstance(obj, Comment):
        return obj.idea.process
    if isinstance(obj, SurveyQuestion):
        return obj.survey.process
    if isinstance(obj, (BudgetProject, Ballot)):
        return obj.budget.process
    return None


def blocked_process_ids(user) -> frozenset[int]:
    """The processes a person is blocked from (one query, kept on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _BLOCKS_ATTR, None)
    if cached is None:
        from .models import Block

        cached = frozenset(Block.objects.filter(user=user).values_list("process_id", flat=True))
        setattr(user, _BLOCKS_ATTR, cached)
    return cached


def forget_blocks(user) -> None:
    if user is not None and hasattr(user, _BLOCKS_ATTR):
        delattr(user, _BLOCKS_ATTR)


@rules.predicate
def is_process_editor(user, obj) -> bool:
    process = process_of(obj)
    return process is not None and roles_of(user).role_in(process.organization_id) in ("admin", "editor")


@rules.predicate
def is_process_coordinator(user, obj) -> bool:
    process = process_of(obj)
    return process is not None and process.region_id in roles_of(user).coordinated_regions


@rules.predicate
def is_published(user, obj) -> bool:
    process = process_of(obj)
    return process is not None and process.status == ProcessStatus.PUBLISHED


@rules.predicate
def is_not_blocked(user, obj) -> bool:
    process = process_of(obj)
    return process is not None and process.pk not in blocked_process_ids(user)


def _phase_allows(action: str):
    @rules.predicate(name=f"phase_allows_{action}")
    def predicate(user, obj) -> bool:
        process = process_of(obj)
        if process is None:
            return False
        phase = process.phase_at()
        return phase is not None and phase.kind in PHASE_ALLOWS[action]

    return predicate


@rules.predicate
def is_visible_idea(user, obj) -> bool:
    idea = obj.idea if isinstance(obj, Comment) else obj
    return isinstance(idea, Idea) and idea.visibility == Visibility.VISIBLE and idea.merged_into_id is None


@rules.predicate
def is_idea_author(user, obj) -> bool:
    return bool(user and user.is_authenticated and isinstance(obj, Idea) and obj.author_id == user.pk)


@rules.predicate
def is_unanswered(user, obj) -> bool:
    return isinstance(obj, Idea) and obj.state == IdeaState.OPEN


@rules.predicate
def is_open_survey(user, obj) -> bool:
    return isinstance(obj, Survey) and obj.status == SurveyStatus.OPEN


@rules.predicate
def is_closed_survey(user, obj) -> bool:
    return isinstance(obj, Survey) and obj.status == SurveyStatus.CLOSED


@rules.predicate
def is_published_result(user, obj) -> bool:
    return isinstance(obj, Budget) and obj.result_published


@rules.predicate
def is_any_org_editor(user) -> bool:
    return any(role in ("admin", "editor") for role in roles_of(user).by_organization.values())


is_editor = is_process_editor | is_platform_admin
is_moderator = is_process_editor | is_process_coordinator | is_platform_admin
is_resident = rules.is_authenticated & is_published & is_not_blocked

rules.add_perm("participation.view_process", is_published | is_moderator)
rules.add_perm("participation.add_process", is_any_org_editor | is_platform_admin)  # obj: the organisation or None
rules.add_perm("participation.change_process", is_editor)
rules.add_perm("participation.moderate", is_moderator)

rules.add_perm("participation.post_idea", is_resident & _phase_allows("post_idea"))
rules.add_perm("participation.edit_idea", is_idea_author & is_unanswered & is_resident & _phase_allows("post_idea"))
rules.add_perm("participation.support_idea", is_resident & is_visible_idea & _phase_allows("support_idea"))
rules.add_perm("participation.comment", is_resident & is_visible_idea & _phase_allows("comment"))
rules.add_perm("participation.answer_idea", is_editor)
rules.add_perm("participation.report_abuse", rules.is_authenticated & is_published)
rules.add_perm("participation.follow", rules.is_authenticated & is_published)

rules.add_perm("participation.answer_survey", is_resident & is_open_survey & _phase_allows("answer_survey"))
rules.add_perm("participation.view_survey_results", is_editor | is_moderator | (is_published & is_closed_survey))
rules.add_perm("participation.export_survey", is_editor)

rules.add_perm("participation.vote_budget", is_resident & _phase_allows("vote_budget"))
rules.add_perm("participation.view_budget_result", is_editor | (is_published & is_published_result))
rules.add_perm("participation.view_topics", is_published | is_moderator)
