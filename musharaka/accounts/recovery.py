"""One-time recovery codes: made, hashed and used up here; services.py decides when.

Why a keyed fast hash (HMAC-SHA256 with the SECRET_KEY) and not the password hasher: each code is
about 59 random bits, not a word a person chose, so there is no dictionary to try and a slow hash buys
nothing; the key means a copy of the database alone cannot be used to test guesses offline. A fast,
deterministic hash also lets a code be found and spent in one conditional UPDATE (no row-by-row
checking). Codes made under a SECRET_KEY now in SECRET_KEY_FALLBACKS still work.
"""

import secrets

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

CODE_COUNT = 10
# Lower-case letters and digits without the look-alikes (0/o, 1/l/i): 31 symbols.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
GROUP, GROUPS = 4, 3  # shown as xxxx-xxxx-xxxx: 12 symbols, about 59 bits
_SALT = "musharaka.accounts.recovery-code"


def new_codes() -> list[str]:
    return ["-".join("".join(secrets.choice(ALPHABET) for _ in range(GROUP)) for _ in range(GROUPS))
            for _ in range(CODE_COUNT)]


def normalize(code: str) -> str:
    """What a person types, the way it is hashed: no spaces or dashes, lower case, Arabic-Indic digits folded."""
    folded = code.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789"))
    return "".join(ch for ch in folded.lower() if ch.isalnum())[:64]


def code_hashes(*, device_id: int, code: str) -> list[str]:
    """The hash of `code` under the current key, then under each fallback key (newest first)."""
    value = f"{device_id}:{normalize(code)}"
    secrets_ = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [salted_hmac(_SALT, value, secret=secret, algorithm="sha256").hexdigest() for secret in secrets_]


def use_recovery_code(*, device, code: str) -> bool:
    """Spend `code` if it is one of the device's unused codes. Safe under concurrency: of two requests
    with the same code, one UPDATE changes the row and the other finds it used."""
    from .models import RecoveryCode

    if not normalize(code):
        return False
    spent = RecoveryCode.objects.filter(
        device_id=device.pk, code_hash__in=code_hashes(device_id=device.pk, code=code), used_at__isnull=True
    ).update(used_at=timezone.now())
    return spent == 1
