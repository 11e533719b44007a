"""What a person is, organisation by organisation and region by region.

Loaded once per user object (two small queries) and kept on it, so that checking permissions
for every row of a list costs nothing more.
"""

from dataclasses import dataclass, field

_CACHE_ATTR = "_musharaka_roles"


@dataclass(frozen=True)
class Roles:
    by_organization: dict[int, str] = field(default_factory=dict)
    coordinated_regions: frozenset[int] = frozenset()

    def role_in(self, organization_id: int | None) -> str | None:
        return self.by_organization.get(organization_id) if organization_id else None


NO_ROLES = Roles()


def roles_of(user) -> Roles:
    if user is None or not user.is_authenticated:
        return NO_ROLES
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from .models import Membership, RegionCoordinator

        cached = Roles(
            by_organization=dict(Membership.objects.filter(user=user).values_list("organization_id", "role")),
            coordinated_regions=frozenset(
                RegionCoordinator.objects.filter(user=user).values_list("region_id", flat=True)
            ),
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles after memberships change (tests and services that change them)."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
