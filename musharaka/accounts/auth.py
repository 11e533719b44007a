"""API authentication: a personal token (`Authorization: Bearer msk_…`) or the web session.

Endpoints that change data declare `auth=api_auth`; reads that anyone may make call
`request_user(request)` to learn who is asking (to show them their own drafts, say).
"""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from .models import ApiToken

TOKEN_TOUCH_SECONDS = 300  # write last_used_at at most every five minutes, not on every call


def user_for_token(key: str):
    if not key or not key.startswith("msk_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOKEN_TOUCH_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in web session, with Django's CSRF check for unsafe methods."""

    param_name = "sessionid"

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


api_auth = [TokenAuth(), SessionAuth(csrf=True)]


def request_user(request):
    """The person behind a request, by token or session, or AnonymousUser."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(header.split(" ", 1)[1].strip())
        if user is not None:
            request.user = user
            return user
        return AnonymousUser()
    return getattr(request, "user", AnonymousUser())
