from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from musharaka.core.models import TimeStampedModel

if TYPE_CHECKING:
    from musharaka.accounts.models import User


class Sector(models.TextChoices):
    """The five kinds of participants named by the first forum sample."""

    AUTHORITY = "authority", _("Regional authority / municipality")
    GOVERNMENT = "government", _("Government body")
    NONPROFIT = "nonprofit", _("Non-profit / civil association")
    PRIVATE = "private", _("Private sector")
    ACADEMIC_EXPERT = "academic_expert", _("Academia and experts")


class Organization(TimeStampedModel):
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    region = models.ForeignKey(
        "geo.Region", on_delete=models.PROTECT, related_name="organizations", verbose_name=_("region")
    )
    city = models.ForeignKey(
        "geo.City", on_delete=models.PROTECT, related_name="organizations", null=True, blank=True,
        verbose_name=_("city"),
    )
    logo = models.ImageField(_("logo"), upload_to="logos/%Y/", blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])
    _history_user: "User | None"  # set before saving: django-simple-history records it as the author
    _change_reason: str  # set before a save that needs one: django-simple-history records it as the reason

    class Meta:
        ordering = ["name_ar"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["region", "sector"], name="org_region_sector"),
            models.Index(fields=["sector"], name="org_sector"),
            models.Index(fields=["name_ar"], name="org_name_ar"),
        ]

    def __str__(self) -> str:
        return self.name_ar


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


class Membership(TimeStampedModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    history = HistoricalRecords(excluded_fields=["updated_at"])
    _history_user: "User | None"  # set before saving: django-simple-history records it as the author

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="membership_unique")]
        indexes = [models.Index(fields=["user", "role"], name="membership_user_role")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"


class RegionCoordinator(TimeStampedModel):
    """Staff of the regional authority who approve and moderate everything in one region."""

    region = models.ForeignKey("geo.Region", on_delete=models.CASCADE, related_name="coordinators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinated_regions"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("region coordinator")
        verbose_name_plural = _("region coordinators")
        constraints = [models.UniqueConstraint(fields=["region", "user"], name="coordinator_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.region}"
