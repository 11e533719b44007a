"""Who may do what in volunteering.

The organisation's admins and editors run its opportunities (shifts, questions, decisions, hours); a signed-in
resident applies; an accepted volunteer logs hours; nobody decides on their own application or verifies their own
hours. Platform admins may do everything staff may. The objects may be an opportunity, a shift, an application, an
hours entry, a certificate or the organisation itself: `_organization_id` finds the organisation of each.
"""

import rules

from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.models import Organization, Role
from musharaka.orgs.roles import roles_of

PUBLIC_STATUSES = ("published", "closed")


def _organization_id(obj) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, Organization):
        return obj.pk
    value = getattr(obj, "organization_id", None)
    if value is not None:
        return value
    for attribute in ("opportunity", "shift"):
        related = getattr(obj, attribute, None)
        if related is not None:
            return _organization_id(related)
    return None


def _opportunity(obj):
    if obj is None or hasattr(obj, "auto_accept"):
        return obj
    return getattr(obj, "opportunity", None)


@rules.predicate
def is_staff_editor(user, obj) -> bool:
    """Admin or editor of the record's organisation."""
    return roles_of(user).role_in(_organization_id(obj)) in (Role.ADMIN, Role.EDITOR)


@rules.predicate
def is_staff_member(user, obj) -> bool:
    return roles_of(user).role_in(_organization_id(obj)) is not None


@rules.predicate
def is_public(user, obj) -> bool:
    opportunity = _opportunity(obj)
    return bool(opportunity is not None and opportunity.status in PUBLIC_STATUSES)


@rules.predicate
def is_own(user, obj) -> bool:
    """The record is the person's own (an application, an hours entry, a certificate)."""
    volunteer_id = getattr(obj, "volunteer_id", None)
    return bool(user and user.is_authenticated and volunteer_id is not None and volunteer_id == user.pk)


@rules.predicate
def is_accepted_volunteer(user, obj) -> bool:
    from .models import Application, ApplicationStatus

    opportunity = _opportunity(obj)
    if opportunity is None or not (user and user.is_authenticated):
        return False
    return Application.objects.filter(opportunity=opportunity, volunteer=user,
                                      status=ApplicationStatus.ACCEPTED).exists()


is_manager = is_staff_editor | is_platform_admin

# With the organisation as the object: may this person publish opportunities for it?
rules.add_perm("volunteering.create_for_organization", is_manager)
rules.add_perm("volunteering.change_opportunity", is_manager)
rules.add_perm("volunteering.view_opportunity", is_public | is_staff_member | is_platform_admin)
rules.add_perm("volunteering.apply", rules.is_authenticated & is_public)
# With an application or an hours entry as the object: never on one's own.
rules.add_perm("volunteering.decide_application", is_manager & ~is_own)
rules.add_perm("volunteering.verify_hours", is_manager & ~is_own)
# With the opportunity as the object: only its accepted volunteers log hours.
rules.add_perm("volunteering.log_hours", is_accepted_volunteer)
rules.add_perm("volunteering.view_certificate", is_own | is_staff_member | is_platform_admin)
rules.add_perm("volunteering.revoke_certificate", is_manager)
# With the organisation as the object: its hours queue.
rules.add_perm("volunteering.view_hours_queue", is_manager)

# ---- volapi16: the values of an hour are kept by the platform's staff

rules.add_perm("volunteering.manage_hour_values", is_platform_admin)
# Every opportunity of an organisation, drafts too, through the API: its members.
rules.add_perm("volunteering.view_organization_opportunities", is_staff_member | is_platform_admin)
