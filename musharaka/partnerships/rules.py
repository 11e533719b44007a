"""Who may do what with partnership agreements.

The party that recorded an agreement (`Agreement.organization`) edits it through its admins and editors; every
party's admins and editors comment and follow up their own party's commitments; the parties' members see drafts,
private documents and comments; the public sees published agreements only. The coordinators of the recording
party's region moderate what is past the draft stage (they may unpublish), platform admins everything.
"""

import rules

from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.models import Role
from musharaka.orgs.roles import roles_of
from musharaka.orgs.rules import is_org_editor, is_region_coordinator

from .models import Stage

STAFF_ROLES = (Role.ADMIN, Role.EDITOR)


def party_organization_ids(agreement) -> frozenset[int]:
    """The agreement's parties on the platform, read once per agreement object (selectors may preload it)."""
    cached = getattr(agreement, "_party_org_ids", None)
    if cached is None:
        cached = frozenset(agreement.parties.exclude(organization=None).values_list("organization_id", flat=True))
        agreement._party_org_ids = cached
    return cached


@rules.predicate
def is_published(user, agreement) -> bool:
    return bool(agreement is not None and agreement.is_published and agreement.stage != Stage.DRAFT)


@rules.predicate
def is_past_draft(user, agreement) -> bool:
    return agreement is not None and agreement.stage != Stage.DRAFT


@rules.predicate
def is_party_member(user, agreement) -> bool:
    roles = roles_of(user).by_organization
    return bool(roles) and agreement is not None and any(org_id in roles for org_id in party_organization_ids(agreement))


@rules.predicate
def is_party_staff(user, agreement) -> bool:
    roles = roles_of(user).by_organization
    return bool(roles) and agreement is not None and any(
        roles.get(org_id) in STAFF_ROLES for org_id in party_organization_ids(agreement))


@rules.predicate
def edits_for_some_organization(user) -> bool:
    return any(role in STAFF_ROLES for role in roles_of(user).by_organization.values())


@rules.predicate
def follows_up_commitment(user, commitment) -> bool:
    """The commitment's own party's admins and editors; for a party not on the platform, the recording party's."""
    if commitment is None:
        return False
    organization_id = commitment.party.organization_id or commitment.agreement.organization_id
    return roles_of(user).role_in(organization_id) in STAFF_ROLES


is_moderator = (is_region_coordinator & is_past_draft) | is_platform_admin

rules.add_perm("partnerships.view_agreement", is_published | is_party_member | is_moderator)
rules.add_perm("partnerships.add_agreement", edits_for_some_organization | is_platform_admin)
# With the organisation as the object: may this person record an agreement for it?
rules.add_perm("partnerships.create_for_organization", is_org_editor | is_platform_admin)
rules.add_perm("partnerships.change_agreement", is_org_editor | is_platform_admin)
# Private documents, comments and evidence: the parties (and platform admins), never the public.
rules.add_perm("partnerships.view_private", is_party_member | is_platform_admin)
rules.add_perm("partnerships.comment_agreement", is_party_staff | is_platform_admin)
rules.add_perm("partnerships.moderate_agreement", is_moderator)
rules.add_perm("partnerships.view_history", is_party_member | is_moderator)
# With a Commitment as the object.
rules.add_perm("partnerships.follow_up_commitment", follows_up_commitment | is_platform_admin)
