"""API rate limits per caller: per token for token calls, per person for the web session, per address otherwise.

Counts live in the default cache (Redis when REDIS_URL is set, so every app process shares them)
in fixed windows: one atomic increment per request, whatever the rate. Rates come from
settings.API_RATE_LIMITS ("count/period", period s, min, hour or day; None for no limit) and are
read on every request, so a deployment (or a test) changes them without a new NinjaAPI.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle

from musharaka.core.net import client_ip

from .auth import bearer_key, request_token

PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600, "d": 86400,
           "day": 86400}


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """(count, seconds) of "120/min"; None for no limit ("", "off", None)."""
    if not rate or rate.strip().lower() in {"off", "none", "0"}:
        return None
    count, _, period = rate.strip().partition("/")
    unit = period.lstrip("0123456789") or "s"
    multiple = period[: len(period) - len(unit)] or "1"
    if not (count.isdigit() and multiple.isdigit() and unit in PERIODS and int(count) > 0 and int(multiple) > 0):
        raise ValueError(f"Invalid rate {rate!r}: write it as count/period, such as 120/min")
    return int(count), int(multiple) * PERIODS[unit]


def caller(request) -> tuple[str, str]:
    """(scope, identity) the request is counted under."""
    if bearer_key(request) is not None:
        token = request_token(request)
        if token is not None:
            return "token", str(token.pk)
        # A wrong or revoked token counts as anonymous: making keys up buys no fresh allowance.
    else:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return "user", str(user.pk)
    return "anon", client_ip(request)


class CallerRateThrottle(BaseThrottle):
    _local = threading.local()  # the wait of this thread's refused request (ninja asks for it without the request)

    def allow_request(self, request) -> bool:
        scope, identity = caller(request)
        limit = parse_rate((getattr(settings, "API_RATE_LIMITS", None) or {}).get(scope))
        if limit is None:
            return True
        count, seconds = limit
        now = time.time()
        window = int(now // seconds)
        key = f"api-rate:{scope}:{identity}:{seconds}:{window}"
        cache.add(key, 0, timeout=seconds + 1)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=seconds + 1)
            used = 1
        if used <= count:
            return True
        self._local.wait = (window + 1) * seconds - now
        return False

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
