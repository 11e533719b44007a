"""The permission matrix for organisations: every role × every action."""

import pytest

from musharaka.core.permissions import can
from musharaka.orgs.models import Role

ACTIONS = [
    "orgs.view_organization",
    "orgs.change_organization",
    "orgs.manage_members",
    "orgs.view_members",
    "orgs.verify_organization",
    "orgs.view_history",
    "orgs.delete_organization",
]

# role → the actions it may take on the organisation; every other action is refused.
MATRIX = {
    "anonymous": {"orgs.view_organization"},
    "resident": {"orgs.view_organization"},
    "viewer": {"orgs.view_organization", "orgs.view_members"},
    "editor": {"orgs.view_organization", "orgs.view_members"},
    "admin": {
        "orgs.view_organization",
        "orgs.change_organization",
        "orgs.manage_members",
        "orgs.view_members",
        "orgs.view_history",
    },
    "admin_of_other_org": {"orgs.view_organization"},
    "coordinator_same_region": {
        "orgs.view_organization",
        "orgs.view_members",
        "orgs.verify_organization",
        "orgs.view_history",
    },
    "coordinator_other_region": {"orgs.view_organization"},
    "platform_admin": set(ACTIONS),
}


@pytest.fixture
def actors(make_org, make_member, make_user, make_coordinator, platform_admin, region, other_region):
    from django.contrib.auth.models import AnonymousUser

    organization = make_org("أمانة منطقة الرياض")
    other = make_org("جمعية البر بجدة", region=other_region)
    return organization, {
        "anonymous": AnonymousUser(),
        "resident": make_user(),
        "viewer": make_member(organization, Role.VIEWER),
        "editor": make_member(organization, Role.EDITOR),
        "admin": make_member(organization, Role.ADMIN),
        "admin_of_other_org": make_member(other, Role.ADMIN),
        "coordinator_same_region": make_coordinator(region),
        "coordinator_other_region": make_coordinator(other_region),
        "platform_admin": platform_admin,
    }


def test_permission_matrix_for_organizations(actors):
    organization, users = actors
    answers = {
        role: {action for action in ACTIONS if can(user, action, organization)} for role, user in users.items()
    }
    assert answers == MATRIX


def test_creating_an_organization_needs_an_account(actors):
    _organization, users = actors
    assert not can(users["anonymous"], "orgs.add_organization")
    assert can(users["resident"], "orgs.add_organization")


def test_role_lookups_are_loaded_once_per_user(actors, django_assert_num_queries, make_org):
    organization, users = actors
    coordinator = users["coordinator_same_region"]
    more = [make_org() for _ in range(5)]
    with django_assert_num_queries(2):  # memberships and coordinated regions, once
        for org in [organization, *more]:
            can(coordinator, "orgs.verify_organization", org)
            can(coordinator, "orgs.change_organization", org)
