"""The address a request came from, the same for every rate limit (sign-in, password reset, API)."""

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the address the nearest of them saw.

    X-Forwarded-For is written by the client first and by each proxy after, so only its last
    TRUSTED_PROXY_COUNT entries can be believed: a client that sends its own header cannot pick
    the address it is counted under.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    return forwarded[-min(proxies, len(forwarded))]
