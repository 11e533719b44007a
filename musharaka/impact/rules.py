"""Who may do what with logic models and SROI analyses.

- The owner's staff prepare: admins and editors of the organisation that reports the owner's results (an
  initiative's lead, a plan action's lead) or of the one that approves them (the plan's authority) write the logic
  model and draft analyses, and send them for review.
- Reviewers review: people the platform's staff list as impact reviewers (or platform admins), never for an
  organisation they belong to, and never an analysis they sent for review themselves. They comment on figures,
  return the analysis to its preparers, or publish it.
- The public reads published analyses of an owner they may read; drafts and analyses under review are read by
  their preparers and by reviewers (while under review). A logic model is read with its owner.
"""

import rules

from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.models import Role
from musharaka.orgs.roles import roles_of
from musharaka.results import owners

from .models import Analysis, AnalysisStatus, Comment, Investment, LogicItem, LogicModel, Outcome, Reviewer, Stakeholder

STAFF_ROLES = (Role.ADMIN, Role.EDITOR)


def record_of(obj) -> Analysis | LogicModel | None:
    """The analysis or logic model a record belongs to."""
    if isinstance(obj, (Analysis, LogicModel)):
        return obj
    if isinstance(obj, (Stakeholder, Investment, Outcome, Comment)):
        return obj.analysis
    if isinstance(obj, LogicItem):
        return obj.logic_model
    return None


def _organizations(obj) -> tuple[int | None, int | None]:
    """The preparing and approving organisations: of a record of this app, or of an owner (results.owners)."""
    record = record_of(obj)
    if record is not None:
        return record.organization_id, record.approver_organization_id
    try:
        return owners.owner_of(type(obj)).organizations(obj)
    except LookupError:
        return None, None


def is_reviewer(user) -> bool:
    if not user or not user.is_authenticated:
        return False
    cached = getattr(user, "_impact_reviewer", None)
    if cached is None:
        cached = Reviewer.objects.filter(user=user).exists()
        user._impact_reviewer = cached
    return cached


@rules.predicate
def is_preparer(user, obj) -> bool:
    roles = roles_of(user)
    return any(roles.role_in(organization_id) in STAFF_ROLES for organization_id in _organizations(obj))


@rules.predicate
def is_independent_reviewer(user, obj) -> bool:
    roles = roles_of(user)
    return is_reviewer(user) and all(roles.role_in(organization_id) is None
                                     for organization_id in _organizations(obj))


@rules.predicate
def can_read_owner(user, obj) -> bool:
    record = record_of(obj)
    owner = record.owner if record is not None else obj
    if owner is None:
        return False
    try:
        return owners.owner_of(type(owner)).can_view(user, owner)
    except LookupError:
        return False


def _status(obj) -> str | None:
    record = record_of(obj)
    return record.status if isinstance(record, Analysis) else None


@rules.predicate
def is_draft(user, obj) -> bool:
    return _status(obj) == AnalysisStatus.DRAFT


@rules.predicate
def is_under_review(user, obj) -> bool:
    return _status(obj) == AnalysisStatus.REVIEW


@rules.predicate
def is_published(user, obj) -> bool:
    return _status(obj) == AnalysisStatus.PUBLISHED


@rules.predicate
def is_current_version(user, obj) -> bool:
    record = record_of(obj)
    return isinstance(record, Analysis) and record.is_current


@rules.predicate
def sent_it_for_review(user, obj) -> bool:
    record = record_of(obj)
    return isinstance(record, Analysis) and user.is_authenticated and record.submitted_by_id == user.pk


prepares = is_preparer | is_platform_admin
reviews = is_independent_reviewer | is_platform_admin

rules.add_perm("impact.view_logic_model", can_read_owner | prepares)
rules.add_perm("impact.change_logic_model", prepares)
# On an owner (initiative, action): may this person start an analysis of it?
rules.add_perm("impact.add_analysis", prepares)
rules.add_perm("impact.view_analysis", (is_published & can_read_owner) | prepares | (is_under_review & reviews))
rules.add_perm("impact.change_analysis", is_draft & prepares)
rules.add_perm("impact.submit_analysis", is_draft & prepares)
rules.add_perm("impact.review_analysis", is_under_review & reviews & ~sent_it_for_review)
rules.add_perm("impact.comment_analysis", (is_under_review & (reviews | prepares)) | (is_draft & prepares))
rules.add_perm("impact.revise_analysis", is_published & is_current_version & prepares)
rules.add_perm("impact.delete_analysis", is_draft & prepares)
# The list of reviewers is the platform's staff's.
rules.add_perm("impact.manage_reviewers", is_platform_admin)
