"""Who may do what with local development plans.

- The owning authority's admins and editors prepare and change the plan (area, vision, goals, actions, the matrix,
  reviews, risks), move it through its statuses and approve it. Platform admins too.
- The plan's team moderates the needs (merge duplicates, attach evidence, score, retain or not): the authority's
  staff and the coordinator of the plan's region.
- Residents (anyone signed in) submit needs and vote while the plan is in consultation.
- An action's lead organisation reports the action's status and, through the results framework, its indicators'
  updates; the authority approves them.
- The public reads a plan from its consultation on; a draft is read by the authority's members, the region's
  coordinator and platform admins.
"""

import rules

from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.models import Role, Sector
from musharaka.orgs.roles import roles_of
from musharaka.orgs.rules import is_org_member, is_region_coordinator

from .models import PUBLIC_STATUSES, PlanStatus

STAFF_ROLES = (Role.ADMIN, Role.EDITOR)


def plan_of(obj):
    """The plan of a plan, need, goal, action, review or risk."""
    if obj is None:
        return None
    if type(obj).__name__ == "Plan":
        return obj
    return getattr(obj, "plan", None)


def is_staff_of(user, organization_id: int | None) -> bool:
    return organization_id is not None and roles_of(user).role_in(organization_id) in STAFF_ROLES


@rules.predicate
def is_plan_staff(user, obj) -> bool:
    plan = plan_of(obj)
    return plan is not None and is_staff_of(user, plan.organization_id)


@rules.predicate
def is_plan_member(user, obj) -> bool:
    plan = plan_of(obj)
    return plan is not None and is_org_member(user, plan)


@rules.predicate
def is_plan_region_coordinator(user, obj) -> bool:
    plan = plan_of(obj)
    return plan is not None and is_region_coordinator(user, plan)


@rules.predicate
def is_public_plan(user, obj) -> bool:
    plan = plan_of(obj)
    return plan is not None and plan.status in PUBLIC_STATUSES


@rules.predicate
def is_in_consultation(user, obj) -> bool:
    plan = plan_of(obj)
    return plan is not None and plan.status == PlanStatus.CONSULTATION


@rules.predicate
def is_action_lead_staff(user, action) -> bool:
    return is_staff_of(user, getattr(action, "lead_organization_id", None))


@rules.predicate
def is_authority_staff(user, organization) -> bool:
    """Admin or editor of an authority (the organisation a new plan would belong to)."""
    return (organization is not None and getattr(organization, "sector", None) == Sector.AUTHORITY
            and is_staff_of(user, organization.pk))


owns = is_plan_staff | is_platform_admin

rules.add_perm("plans.view_plan", is_public_plan | is_plan_member | is_plan_region_coordinator | is_platform_admin)
rules.add_perm("plans.add_plan", is_authority_staff | is_platform_admin)
rules.add_perm("plans.change_plan", owns)
rules.add_perm("plans.view_history", owns | is_plan_region_coordinator)
rules.add_perm("plans.moderate_needs", owns | is_plan_region_coordinator)
rules.add_perm("plans.submit_need", rules.is_authenticated & is_in_consultation)
rules.add_perm("plans.vote", rules.is_authenticated & is_in_consultation)
rules.add_perm("plans.report_action", owns | is_action_lead_staff)
