"""Who may do what with organisations. Other apps build on these predicates."""

import rules

from musharaka.core.permissions import is_platform_admin

from .models import Organization, Role
from .roles import roles_of


def _organization_id(obj) -> int | None:
    """The organisation a record belongs to: itself, or its `organization`/`lead_organization`."""
    if obj is None:
        return None
    for attribute in ("organization_id", "lead_organization_id"):
        value = getattr(obj, attribute, None)
        if value is not None:
            return value
    return obj.pk if isinstance(obj, Organization) else None


def _region_id(obj) -> int | None:
    if obj is None:
        return None
    if hasattr(obj, "region_id"):
        return obj.region_id
    organization = getattr(obj, "organization", None) or getattr(obj, "lead_organization", None)
    return getattr(organization, "region_id", None)


@rules.predicate
def is_org_admin(user, obj) -> bool:
    return roles_of(user).role_in(_organization_id(obj)) == Role.ADMIN


@rules.predicate
def is_org_editor(user, obj) -> bool:
    """Admin or editor of the record's organisation."""
    return roles_of(user).role_in(_organization_id(obj)) in (Role.ADMIN, Role.EDITOR)


@rules.predicate
def is_org_member(user, obj) -> bool:
    return roles_of(user).role_in(_organization_id(obj)) is not None


@rules.predicate
def is_region_coordinator(user, obj) -> bool:
    """Coordinator of the region the record belongs to."""
    region_id = _region_id(obj)
    return region_id is not None and region_id in roles_of(user).coordinated_regions


@rules.predicate
def is_any_coordinator(user) -> bool:
    return bool(roles_of(user).coordinated_regions)


rules.add_perm("orgs.view_organization", rules.always_allow)
rules.add_perm("orgs.add_organization", rules.is_authenticated)
rules.add_perm("orgs.change_organization", is_org_admin | is_platform_admin)
rules.add_perm("orgs.manage_members", is_org_admin | is_platform_admin)
rules.add_perm("orgs.view_members", is_org_member | is_region_coordinator | is_platform_admin)
rules.add_perm("orgs.verify_organization", is_region_coordinator | is_platform_admin)
rules.add_perm("orgs.view_history", is_org_admin | is_region_coordinator | is_platform_admin)
rules.add_perm("orgs.delete_organization", is_platform_admin)
rules.add_perm("orgs.assign_coordinator", is_platform_admin)
