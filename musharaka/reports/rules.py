"""Who may do what with residents' reports.

- Anyone (signed in or not) reports a problem and reads every report's public part: category, place, description,
  photo (unless the report was rejected), status and timeline.
- Handlers — the admins and editors of the organisation a report is routed to, the coordinators of its region, and
  platform staff — change its status, re-route it, and see who sent it (contact, reporter). The reporter sees
  their own.
- Routes: platform staff everywhere (and the national default); a region's coordinators for their region.
"""

import rules

from musharaka.core.permissions import is_platform_admin
from musharaka.geo.models import Region
from musharaka.orgs.roles import roles_of
from musharaka.orgs.rules import is_any_coordinator, is_org_editor, is_region_coordinator

from .models import Report, ReportStatus, Route


@rules.predicate
def is_reporter(user, report) -> bool:
    return bool(user and user.is_authenticated and isinstance(report, Report) and report.reporter_id == user.pk)


@rules.predicate
def is_coordinator_of_route_region(user, obj) -> bool:
    """Coordinator of the region a route (or a region itself) names; the national default has none."""
    if isinstance(obj, Route):
        region_id = obj.region_id
    elif isinstance(obj, Region):
        region_id = obj.pk
    else:
        region_id = None
    return region_id is not None and region_id in roles_of(user).coordinated_regions


@rules.predicate
def is_region_coordinator_of_org(user, organization) -> bool:
    return getattr(organization, "region_id", None) in roles_of(user).coordinated_regions


@rules.predicate
def photo_is_public(user, report) -> bool:
    return isinstance(report, Report) and report.status != ReportStatus.REJECTED


is_handler = is_org_editor | is_region_coordinator | is_platform_admin

rules.add_perm("reports.add_report", rules.always_allow)
rules.add_perm("reports.view_report", rules.always_allow)
rules.add_perm("reports.handle_report", is_handler)
rules.add_perm("reports.view_contact", is_handler | is_reporter)
rules.add_perm("reports.view_photo", photo_is_public | is_handler | is_reporter)
# The queue of an organisation (obj: the organisation): its admins and editors, its region's coordinators, staff.
rules.add_perm("reports.view_queue", is_org_editor | is_region_coordinator_of_org | is_platform_admin)
rules.add_perm("reports.view_routes", is_any_coordinator | is_platform_admin)
rules.add_perm("reports.manage_routes", is_coordinator_of_route_region | is_platform_admin)


# ---- o31116: a photo added after the report (the API takes the report as JSON, then its photo): by the reporter
# within an hour of sending it, or by those who handle it.
PHOTO_LATER_SECONDS = 3600


@rules.predicate
def is_recent_reporter(user, report) -> bool:
    from django.utils import timezone

    return bool(is_reporter(user, report) and report.created_at
                and (timezone.now() - report.created_at).total_seconds() <= PHOTO_LATER_SECONDS)


rules.add_perm("reports.add_photo", is_recent_reporter | is_handler)
