"""The one place that answers "may this person do this?".

Each app declares its permissions as django-rules predicates in its `rules.py` (fed by
memberships and coordinator roles from `orgs`); pages and API endpoints only call `can` or
`require` with the permission's name.
"""

from typing import Any

import rules

from .errors import NotPermitted


def can(user: Any, permission: str, obj: Any = None) -> bool:
    return rules.has_perm(permission, user, obj)


def require(user: Any, permission: str, obj: Any = None) -> None:
    if not can(user, permission, obj):
        raise NotPermitted()


@rules.predicate
def is_platform_admin(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.is_staff))


is_signed_in = rules.is_authenticated
