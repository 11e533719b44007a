"""Who may do what with results, indicators, periods and updates.

- The approving organisation (the owner's: an initiative's lead, a plan's authority) shapes the framework — results,
  indicators, periods, targets, locks — and approves or returns updates, through its admins and editors. Nobody
  approves an update they reported themselves (four eyes), except a platform admin.
- The reporting organisation's admins and editors (the same organisation, or the lead of a plan's action) write
  and submit updates, and attach their evidence.
- Who reads a result is the owner's business (results.owners): a published initiative's results are public, a
  draft's are not.
"""

import rules

from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.models import Role
from musharaka.orgs.roles import roles_of

from . import owners
from .models import Indicator, Period, Result, Update, UpdateStatus

STAFF_ROLES = (Role.ADMIN, Role.EDITOR)


def result_of(obj) -> Result | None:
    if isinstance(obj, Result):
        return obj
    if isinstance(obj, Indicator):
        return obj.result
    if isinstance(obj, Period):
        return obj.indicator.result
    if isinstance(obj, Update):
        return obj.period.indicator.result
    return None


def is_staff_of(user, organization_id: int | None) -> bool:
    return organization_id is not None and roles_of(user).role_in(organization_id) in STAFF_ROLES


@rules.predicate
def is_approver_staff(user, obj) -> bool:
    result = result_of(obj)
    return result is not None and is_staff_of(user, result.approver_organization_id)


@rules.predicate
def is_reporter_staff(user, obj) -> bool:
    result = result_of(obj)
    return result is not None and is_staff_of(user, result.organization_id)


@rules.predicate
def can_read_owner(user, obj) -> bool:
    result = result_of(obj)
    if result is None:
        return False
    owner = result.owner
    return owner is not None and owners.owner_of(type(owner)).can_view(user, owner)


@rules.predicate
def is_update_author(user, update) -> bool:
    return isinstance(update, Update) and user.is_authenticated and update.author_id == user.pk


@rules.predicate
def is_editable_update(user, update) -> bool:
    return isinstance(update, Update) and update.status in (UpdateStatus.DRAFT, UpdateStatus.RETURNED)


@rules.predicate
def is_pending_update(user, update) -> bool:
    return isinstance(update, Update) and update.status == UpdateStatus.PENDING


manages = is_approver_staff | is_platform_admin
reports = is_reporter_staff | is_approver_staff | is_platform_admin

rules.add_perm("results.view_result", can_read_owner | manages | reports)
rules.add_perm("results.manage_result", manages)
rules.add_perm("results.report_update", reports)
# Draft and pending updates are read by those who report or approve them only; approved ones with the result.
rules.add_perm("results.view_update", reports)
rules.add_perm("results.change_update", reports & is_editable_update)
rules.add_perm("results.review_update", is_pending_update & ((is_approver_staff & ~is_update_author)
                                                              | is_platform_admin))
