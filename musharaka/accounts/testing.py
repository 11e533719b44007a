"""Two-factor sign-in for tests and tooling: an authenticator for a person, its codes, a verified session.

Used by musharaka/conftest.py (Client.force_login), the browser tests and the benchmark set-up, so that
every signed-in session they make is one a real sign-in could have made.
"""

import time
from typing import Any

from django.core.exceptions import ValidationError
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from . import selectors, services
from .verification import VERIFIED_AT_KEY


def totp_code(key: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app with `key` (hex) shows now, or `steps_ahead` periods of 30 s later.

    A code is accepted once and only after the last accepted one, and the server allows one period of
    clock difference: a test that needs a second code within the same 30 s uses steps_ahead=1.
    """
    generator = TOTP(bytes.fromhex(key))
    generator.time = time.time() + generator.step * steps_ahead
    return f"{generator.token():0{generator.digits}d}"


def give_second_factor(user) -> tuple[Any, list[str]]:
    """Turn two-factor sign-in on for `user` through the service (if it is not on). Returns the
    authenticator device and the recovery codes ([] when it was already on)."""
    existing = selectors.totp_device(user=user)
    if existing is not None:
        return existing, []
    key = services.totp_new_key()
    # Confirmed with the previous period's code, so that the code shown now is still unused. On a loaded machine
    # a 30 s boundary can pass between making the code and checking it (two periods back: refused): once more.
    try:
        device, codes = services.two_factor_enable(user=user, key=key, code=totp_code(key, steps_ahead=-1))
    except ValidationError:
        device, codes = services.two_factor_enable(user=user, key=key, code=totp_code(key, steps_ahead=-1))
    selectors.forget_second_factor(user)
    return device, codes


def verify_session(session, user) -> None:
    """Mark a session as having passed the second factor just now, when sign-in would ask for it of
    `user` (roles that require it, or two-factor turned on). Gives them an authenticator if missing."""
    selectors.forget_second_factor(user)
    if not selectors.second_factor(user).applies:
        return
    device, _codes = give_second_factor(user)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[VERIFIED_AT_KEY] = int(time.time())
    session.save()
