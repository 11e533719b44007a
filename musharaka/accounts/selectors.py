"""Reads for accounts: each shaped so that a page or an endpoint makes a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, QuerySet

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


@dataclass(frozen=True)
class SecondFactor:
    """Where a person stands with two-factor sign-in."""

    required: bool  # their roles require it: platform admin, region coordinator, organisation administrator
    enabled: bool  # they have a confirmed authenticator app

    @property
    def applies(self) -> bool:
        """Sign-in asks for the second factor (required, or turned on by the person)."""
        return self.required or self.enabled


_SECOND_FACTOR_ATTR = "_musharaka_second_factor"


def second_factor(user: User) -> SecondFactor:
    """One query (three EXISTS), kept on the user object for the rest of the request."""
    cached = getattr(user, _SECOND_FACTOR_ATTR, None)
    if cached is not None:
        return cached
    from django.apps import apps
    from django_otp.plugins.otp_totp.models import TOTPDevice

    checks = {"enabled": Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))}
    if not (user.is_staff or user.is_superuser) and apps.is_installed("musharaka.orgs"):
        # Looked up by name: accounts sits below orgs, which may come later in a new installation.
        RegionCoordinator = apps.get_model("orgs", "RegionCoordinator")
        Membership = apps.get_model("orgs", "Membership")
        checks["coordinator"] = Exists(RegionCoordinator.objects.filter(user=OuterRef("pk")))
        checks["org_admin"] = Exists(Membership.objects.filter(user=OuterRef("pk"), role="admin"))
    row = User.objects.filter(pk=user.pk).values(**checks).first() or {}
    found = SecondFactor(
        required=bool(user.is_staff or user.is_superuser or row.get("coordinator") or row.get("org_admin")),
        enabled=bool(row.get("enabled")),
    )
    setattr(user, _SECOND_FACTOR_ATTR, found)
    return found


def second_factor_required(user: User) -> bool:
    """Whether the person's roles oblige them to sign in with a second factor."""
    return user.is_authenticated and second_factor(user).required


def forget_second_factor(user: User) -> None:
    if hasattr(user, _SECOND_FACTOR_ATTR):
        delattr(user, _SECOND_FACTOR_ATTR)


def totp_device(*, user: User):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(*, user: User) -> int:
    from .models import RecoveryCode

    return RecoveryCode.objects.filter(device__user=user, used_at__isnull=True).count()
