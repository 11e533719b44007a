"""Who may do what with initiatives, status by status. Built on the organisation predicates."""

import rules

from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.roles import roles_of
from musharaka.orgs.rules import is_org_editor, is_org_member, is_region_coordinator

from .models import PUBLISHED_STATUSES, Status


def _status_in(*statuses):
    @rules.predicate(name=f"status_in_{'_'.join(statuses)}")
    def check(user, initiative) -> bool:
        return initiative is not None and initiative.status in statuses

    return check


is_published = _status_in(*PUBLISHED_STATUSES)
is_draft = _status_in(Status.DRAFT)
is_submitted = _status_in(Status.SUBMITTED)
is_approved = _status_in(Status.APPROVED)
is_active = _status_in(Status.ACTIVE)
is_completed = _status_in(Status.COMPLETED)
is_editable_by_lead = _status_in(Status.DRAFT, Status.APPROVED, Status.ACTIVE, Status.COMPLETED)
is_cancellable = _status_in(Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.ACTIVE)


@rules.predicate
def has_results(user, initiative) -> bool:
    return bool(initiative and (initiative.results_ar or initiative.results_en))


@rules.predicate
def edits_for_some_organization(user) -> bool:
    return any(role in ("admin", "editor") for role in roles_of(user).by_organization.values())


is_moderator = is_region_coordinator | is_platform_admin
is_insider = is_org_member | is_moderator

rules.add_perm("initiatives.view_initiative", is_published | is_insider)
# With the organisation as the object: may this person start an initiative led by it?
rules.add_perm("initiatives.create_for_organization", is_org_editor | is_platform_admin)
rules.add_perm("initiatives.add_initiative", edits_for_some_organization | is_platform_admin)
rules.add_perm("initiatives.change_initiative", (is_org_editor & is_editable_by_lead) | is_moderator)
rules.add_perm("initiatives.submit_initiative", is_org_editor & is_draft)
rules.add_perm("initiatives.approve_initiative", is_moderator & is_submitted)
rules.add_perm("initiatives.reject_initiative", is_moderator & is_submitted)
rules.add_perm("initiatives.activate_initiative", (is_org_editor | is_moderator) & is_approved)
rules.add_perm("initiatives.complete_initiative", (is_org_editor | is_moderator) & is_active)
rules.add_perm("initiatives.cancel_initiative", (is_org_editor | is_moderator) & is_cancellable)
rules.add_perm("initiatives.mark_success", is_moderator & is_completed & has_results)
rules.add_perm("initiatives.replicate_initiative", is_published & (edits_for_some_organization | is_platform_admin))
rules.add_perm("initiatives.view_history", is_insider)
rules.add_perm("initiatives.import_initiatives", edits_for_some_organization | is_platform_admin)
rules.add_perm("initiatives.delete_initiative", is_platform_admin)
