"""Every write to accounts and API tokens, with its rules. Pages and the API call these."""

import enum
import time

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core.errors import NotFound, NotPermitted

from .models import ApiToken, User

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def _check_email_free(email: str, *, exclude_pk: int | None = None) -> None:
    others = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if email and others.exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})


def _check_language(language: str) -> None:
    if language not in LANGUAGE_CODES:
        raise ValidationError({"preferred_language": _("Choose one of the offered languages.")})


@transaction.atomic
def user_signup(
    *,
    username: str,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    preferred_language: str,
) -> User:
    """Open an account. The e-mail address and the user name are unique whatever their case."""
    username = User.normalize_username(username.strip())
    email = User.objects.normalize_email(email.strip())
    if not email:
        raise ValidationError({"email": _("Enter your e-mail address.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is taken. Choose another.")})
    _check_email_free(email)
    _check_language(preferred_language)
    user = User(
        username=username,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        preferred_language=preferred_language,
    )
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean(exclude=["password"])
    try:
        user.save()
    except IntegrityError as exc:  # someone took the name or the address a moment ago
        raise ValidationError(_("This user name or e-mail address was just taken. Try again.")) from exc
    return user


@transaction.atomic
def user_update_profile(
    *,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    preferred_language: str,
) -> User:
    """Change a person's own name, e-mail address, phone and preferred language."""
    email = User.objects.normalize_email(email.strip())
    if not email:
        raise ValidationError({"email": _("Enter your e-mail address.")})
    _check_email_free(email, exclude_pk=user.pk)
    _check_language(preferred_language)
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.email = email
    user.phone = phone.strip()
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
    try:
        user.save(update_fields=["first_name", "last_name", "email", "phone", "preferred_language"])
    except IntegrityError as exc:
        raise ValidationError({"email": _("An account with this e-mail address already exists.")}) from exc
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token. Returns it with its key, which is not stored and cannot be shown again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as the program that will use it.")})
    max_length = ApiToken._meta.get_field("name").max_length
    if max_length is not None and len(name) > max_length:
        message = _("The name is too long (at most %(max)d characters).") % {"max": max_length}
        raise ValidationError({"name": message})
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[: ApiToken.PREFIX_LENGTH], key_hash=ApiToken.hash_key(key)
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token_id: int) -> ApiToken:
    """Revoke a token; only its owner may. Revoking a revoked token changes nothing.

    Someone else's token is "not found", as a token id that does not exist: the answer must not tell
    which ids are taken.
    """
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user_id=actor.pk).first()
    if token is None:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# ---------------------------------------------------------------- two-factor sign-in


class SecondFactorResult(enum.Enum):
    PASSED = "passed"
    WRONG = "wrong"
    THROTTLED = "throttled"  # the authenticator's own back-off after wrong codes: wait a little


def totp_new_key() -> str:
    """A new authenticator key (hex, 20 random bytes), kept in the session until it is confirmed."""
    from django_otp.plugins.otp_totp.models import default_key

    return default_key()


def _recovery_codes_replace(*, user: User) -> list[str]:
    from . import recovery
    from .models import RecoveryCode, RecoveryCodeDevice

    device, _created = RecoveryCodeDevice.objects.get_or_create(user=user, defaults={"name": "recovery codes"})
    device.codes.all().delete()
    codes = recovery.new_codes()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, code_hash=recovery.code_hashes(device_id=device.pk, code=code)[0]) for code in codes
    )
    return codes


@transaction.atomic
def two_factor_enable(*, user: User, key: str, code: str):
    """Confirm a new authenticator app with a code it shows. Returns the device and ten new recovery codes
    (not stored: shown once), or raises ValidationError when the code is wrong or two-factor is already on."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice, key_validator

    from . import selectors

    User.objects.select_for_update().filter(pk=user.pk).first()  # one set-up at a time per person
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Two-factor sign-in is already on for your account."))
    key_validator(key)
    digits = "".join(ch for ch in code if ch.isdecimal())
    totp = TOTP(bytes.fromhex(key))
    totp.time = time.time()
    if len(digits) != totp.digits or not totp.verify(int(digits), tolerance=1):
        raise ValidationError({"code": _("That code is not right. Type the six digits your app shows now.")})
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user, name="authenticator", key=key, confirmed=True, last_t=totp.t(), last_used_at=timezone.now()
    )
    codes = _recovery_codes_replace(user=user)
    selectors.forget_second_factor(user)
    return device, codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working. Only for a person with two-factor on."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise NotPermitted(_("Turn on two-factor sign-in first."), code="second_factor_off")
    return _recovery_codes_replace(user=user)


@transaction.atomic
def two_factor_disable(*, actor: User) -> None:
    """Turn two-factor sign-in off: refused to those whose roles require it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from . import selectors
    from .models import RecoveryCodeDevice

    selectors.forget_second_factor(actor)
    if selectors.second_factor_required(actor):
        raise NotPermitted(
            _("Your roles on the platform require two-factor sign-in: it cannot be turned off."),
            code="second_factor_required",
        )
    TOTPDevice.objects.filter(user=actor).delete()
    RecoveryCodeDevice.objects.filter(user=actor).delete()
    selectors.forget_second_factor(actor)


def second_factor_check(*, user: User, code: str, recovery: bool = False):
    """Check a code from the authenticator app (or, with recovery=True, a recovery code, spent if right).

    Returns (result, device). An app code is accepted once: django-otp remembers the last time step used.
    """
    from django_otp import verify_token
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import RecoveryCodeDevice

    model = RecoveryCodeDevice if recovery else TOTPDevice
    device = model.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        return SecondFactorResult.WRONG, None
    if not recovery:
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            return SecondFactorResult.THROTTLED, None
        code = "".join(ch for ch in code if ch.isdecimal())[:10]
    verified = verify_token(user, device.persistent_id, code)
    return (SecondFactorResult.PASSED, verified) if verified else (SecondFactorResult.WRONG, None)
