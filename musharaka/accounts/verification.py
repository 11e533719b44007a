"""The second factor in the session: when it was passed, what may be done while it is pending, lockout.

django-otp's OTPMiddleware gives `request.user.is_verified()` (the session names a device of the
person's). On top of it the session keeps the moment the second factor was last passed, so that
sensitive actions (creating an API token, new recovery codes, turning two-factor off) can ask for a
fresh code when the last one is older than RECENT_SECONDS.
"""

import time

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import IntegrityError, transaction
from django.dispatch import receiver

from . import selectors

VERIFIED_AT_KEY = "accounts_2fa_verified_at"
RECENT_SECONDS = 15 * 60


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)  # installed by OTPMiddleware
    return bool(check and check())


def pending(user) -> str | None:
    """What a signed-in person must still do before anything else: "verify", "setup" or None."""
    if not user.is_authenticated or is_verified(user):
        return None
    status = selectors.second_factor(user)
    if status.enabled:
        return "verify"
    if status.required:
        return "setup"
    return None


def mark_verified(request, device) -> None:
    """The person just passed the second factor with `device`: a new session key, the device, the time."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[VERIFIED_AT_KEY] = int(time.time())
    clear_failures(request, request.user.get_username())


def recently_verified(request) -> bool:
    verified_at = request.session.get(VERIFIED_AT_KEY)
    return (
        is_verified(request.user)
        and isinstance(verified_at, int)
        and 0 <= time.time() - verified_at <= RECENT_SECONDS
    )


# ---------------------------------------------------------------- sign-in lockout (django-axes)


def count_failure(request, username: str) -> bool:
    """A wrong second-factor code counts as a failed sign-in (django-axes). True when that locked the
    account: the person is then signed out, and AxesMiddleware answers with the lockout page."""
    for attempt in range(2):
        try:
            with transaction.atomic():
                user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
            break
        except IntegrityError:
            # django-axes makes the attempts row with get_or_create: two first failures at the same moment
            # collide on its unique key (seen on PostgreSQL). Again, the row exists and the failure is added.
            if attempt:
                raise
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return True
    return False


def locked_out(request, username: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def clear_failures(request, username: str) -> None:
    """Failed attempts are forgotten only once the whole sign-in succeeded (AXES_RESET_ON_SUCCESS is
    off): otherwise each correct password would give a fresh allowance of guesses at the code."""
    AxesProxyHandler.reset_attempts(ip_address=get_client_ip_address(request), username=username)


@receiver(user_logged_in, dispatch_uid="accounts.verification.signed_in")
def _signed_in(sender, request, user, **kwargs):
    if request is not None and pending(user) is None:
        clear_failures(request, user.get_username())
