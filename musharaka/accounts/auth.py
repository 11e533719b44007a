"""API authentication: a personal token (`Authorization: Bearer msk_…`) or the web session.

Endpoints that change data declare `auth=api_auth`; reads that anyone may make call
`request_user(request)` to learn who is asking (to show them their own drafts, say).
A token call needs no CSRF token (no browser sends the header by itself); a session call that
changes data does, exactly as a form post would.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from musharaka.core.errors import NotPermitted

from .models import ApiToken

TOKEN_TOUCH_SECONDS = 300  # write last_used_at at most every five minutes, not on every call
_UNSET = object()


def token_for_key(key: str) -> ApiToken | None:
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
    return token


def user_for_token(key: str):
    token = token_for_key(key)
    return token.user if token is not None else None


def bearer_key(request) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header.split(" ", 1)[1].strip()
    return None


def request_token(request) -> ApiToken | None:
    """The valid token the request carries, looked up once per request (auth, throttle and view share it)."""
    token = getattr(request, "_musharaka_token", _UNSET)
    if token is _UNSET:
        key = bearer_key(request)
        token = token_for_key(key) if key else None
        request._musharaka_token = token
    return token  # type: ignore[return-value]


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = request_token(request)
        if found is not None:
            request.user = found.user
            return found.user
        return None


CSRF_FAILED = _("The security token of the form is missing or out of date: reload the page and try again.")


class SessionAuth(APIKeyCookie):
    """The signed-in web session, with Django's CSRF check for unsafe methods.

    The check comes after the session is known to be signed in, so a caller with neither token
    nor session hears 401 (authenticate), not a CSRF refusal.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise NotPermitted(CSRF_FAILED, code="csrf_failed")
        return user


api_auth = [TokenAuth(), SessionAuth(csrf=True)]


def request_user(request):
    """The person behind a request, by token or session, or AnonymousUser."""
    if bearer_key(request) is not None:
        token = request_token(request)
        if token is not None:
            request.user = token.user
            return token.user
        return AnonymousUser()
    return getattr(request, "user", AnonymousUser())
