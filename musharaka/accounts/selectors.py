"""Reads for accounts: each shaped so that a page or an endpoint makes a fixed number of queries."""

from django.db.models import F, QuerySet

from .models import ApiToken, User


def user_memberships(*, user: User) -> list:
    """The person's organisation memberships, organisation loaded, or [] before `orgs` provides them."""
    if not hasattr(User, "memberships"):
        return []
    return list(user.memberships.select_related("organization").order_by("organization__name_ar"))


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """The person's tokens, active ones first, newest first; revoked ones stay listed."""
    return ApiToken.objects.filter(user=user).order_by(F("revoked_at").asc(nulls_first=True), "-created_at")


def api_token_get(*, user: User, token_id: int) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, pk=token_id).first()
