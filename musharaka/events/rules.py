"""Who may do what with events. An organisation's admins and editors manage its own events; the
coordinators of the event's region and platform admins moderate them (orgs predicates)."""

import rules

from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.roles import roles_of
from musharaka.orgs.rules import is_org_editor, is_org_member, is_region_coordinator


@rules.predicate
def is_published(user, event) -> bool:
    return bool(event is not None and event.is_published)


@rules.predicate
def edits_for_some_organization(user) -> bool:
    return any(role in ("admin", "editor") for role in roles_of(user).by_organization.values())


is_moderator = is_region_coordinator | is_platform_admin
is_manager = is_org_editor | is_moderator

rules.add_perm("events.view_event", is_published | is_org_member | is_moderator)
rules.add_perm("events.add_event", edits_for_some_organization | is_platform_admin)
# With the organisation as the object: may this person organise an event for it?
rules.add_perm("events.create_for_organization", is_org_editor | is_platform_admin)
rules.add_perm("events.change_event", is_manager)
rules.add_perm("events.manage_registrations", is_manager)
rules.add_perm("events.view_history", is_org_member | is_moderator)
rules.add_perm("events.register", is_published & rules.is_authenticated)

# Tickets and check-in: the organiser's staff (its admins and editors), the region's coordinators, platform admins.
rules.add_perm("events.check_in", is_manager)

# ---------------------------------------------------------------- recommendations (deliverable 8)
# On a Recommendation, `organization` is the responsible organisation and `region` the event's: the orgs
# predicates read them as they are. The event's organiser is reached through the event.


@rules.predicate
def edits_for_event_organizer(user, recommendation) -> bool:
    return roles_of(user).role_in(recommendation.event.organization_id) in ("admin", "editor")


# With the event as the object: its organiser records its recommendations.
rules.add_perm("events.add_recommendation", is_manager)
rules.add_perm("events.change_recommendation", edits_for_event_organizer | is_moderator)
# The responsible organisation follows up (updates, status) on what is assigned to it.
rules.add_perm("events.follow_up_recommendation", is_org_editor | is_moderator)

# ---------------------------------------------------------------- exhibition of initiatives (part 7, events/exhibition.py)
# Whoever manages the event sets up its booths, picks the initiatives and moderates the visitors' comments.
rules.add_perm("events.manage_exhibition", is_manager)
# ---------------------------------------------------------------- development media: news, photos
# With the event as the object: its managers write its news and upload its photos.
rules.add_perm("events.manage_media", is_manager)
# ---------------------------------------------------------------- attendance certificates (part 5)
# The organiser's staff issue and revoke them (the registrant downloads their own: certificates._may_see).
rules.add_perm("events.manage_certificates", is_manager)
