"""Residents' reports of problems in their neighbourhood (visual distortion, lighting, roads, cleanliness, parks…).

A report is routed on submission to the organisation responsible for its category where it lies (a city's route
before its region's, a region's before the national default) and follows one workflow: submitted → acknowledged →
in progress → resolved, or rejected / duplicate with a reason; every change carries a public note. The same records
answer the Open311 GeoReport v2 API (`open311.py`): a category is a service (its `code` is the service_code), a
report a service request whose status is `open` until it is resolved, rejected or marked a duplicate.

A reporter without an account follows their report through a private link (`token`); photos are stored on the
private storage with their EXIF location and camera data stripped.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from musharaka.core.files import private_storage
from musharaka.core.models import TimeStampedModel

DESCRIPTION_MAX_LENGTH = 4_000
NOTE_MAX_LENGTH = 2_000
ADDRESS_MAX_LENGTH = 300
TOKEN_BYTES = 24


class ServiceCategory(models.Model):
    """A kind of problem residents report (an Open311 service). Staff keep the list."""

    code = models.SlugField(_("service code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description_ar = models.CharField(_("description (Arabic)"), max_length=500, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=500, blank=True)
    group_ar = models.CharField(_("group (Arabic)"), max_length=100, blank=True)
    group_en = models.CharField(_("group (English)"), max_length=100, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)  # Open311's comma-separated keywords
    allows_anonymous = models.BooleanField(_("anonymous reports allowed"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")

    def __str__(self) -> str:
        return self.name_ar

    @property
    def has_attributes(self) -> bool:
        return self.attributes.exists()


class AttributeType(models.TextChoices):
    """Open311's attribute datatypes."""

    STRING = "string", _("Short text")
    NUMBER = "number", _("Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Long text")
    SINGLE = "singlevaluelist", _("One choice")
    MULTI = "multivaluelist", _("Several choices")


class CategoryAttribute(models.Model):
    """A question a category asks with each report (Open311's service definition attribute)."""

    category = models.ForeignKey(ServiceCategory, on_delete=models.CASCADE, related_name="attributes")
    code = models.SlugField(_("code"), max_length=40)
    datatype = models.CharField(_("type"), max_length=16, choices=AttributeType.choices, default=AttributeType.STRING)
    required = models.BooleanField(_("required"), default=False)
    description_ar = models.CharField(_("question (Arabic)"), max_length=300)
    description_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    # For the list types: [{"key": "...", "name_ar": "...", "name_en": "..."}]
    values = models.JSONField(_("choices"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "pk"]
        verbose_name = _("category attribute")
        verbose_name_plural = _("category attributes")
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="attribute_code_once")]

    def __str__(self) -> str:
        return f"{self.category_id}:{self.code}"


class Route(models.Model):
    """Which organisation receives a category's reports in a city, a region, or (neither) everywhere else."""

    category = models.ForeignKey(ServiceCategory, on_delete=models.CASCADE, related_name="routes",
                                 verbose_name=_("category"))
    region = models.ForeignKey("geo.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                               verbose_name=_("region"))
    city = models.ForeignKey("geo.City", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("city"))
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="report_routes",
                                     verbose_name=_("responsible organisation"))

    class Meta:
        ordering = ["category", "pk"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        constraints = [
            # One route per place and category (partial constraints rather than nulls_distinct, which SQLite lacks).
            models.UniqueConstraint(fields=["category", "city"], name="route_city_once",
                                    condition=models.Q(city__isnull=False)),
            models.UniqueConstraint(fields=["category", "region"], name="route_region_once",
                                    condition=models.Q(city__isnull=True, region__isnull=False)),
            models.UniqueConstraint(fields=["category"], name="route_default_once",
                                    condition=models.Q(city__isnull=True, region__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.category_id} → {self.organization_id}"


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Duplicate")


OPEN_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACKNOWLEDGED, ReportStatus.IN_PROGRESS)
CLOSED_STATUSES = (ReportStatus.RESOLVED, ReportStatus.REJECTED, ReportStatus.DUPLICATE)


class Source(models.TextChoices):
    WEB = "web", _("Web page")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")


def new_report_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class Report(TimeStampedModel):
    category = models.ForeignKey(ServiceCategory, on_delete=models.PROTECT, related_name="reports",
                                 verbose_name=_("category"))
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="received_reports", verbose_name=_("responsible organisation"))
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    address = models.CharField(_("address"), max_length=ADDRESS_MAX_LENGTH, blank=True)
    region = models.ForeignKey("geo.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    city = models.ForeignKey("geo.City", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("city"))
    neighbourhood = models.ForeignKey("geo.Neighbourhood", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("neighbourhood"))
    photo = models.ImageField(_("photo"), upload_to="reports/photos/%Y/%m/", storage=private_storage, blank=True)
    media_url = models.URLField(_("media URL"), max_length=500, blank=True)  # Open311 clients send a link
    attributes = models.JSONField(default=dict, blank=True)  # the category's attribute answers, by code
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices,
                              default=ReportStatus.SUBMITTED)
    status_note = models.CharField(_("public note"), max_length=NOTE_MAX_LENGTH, blank=True)  # the latest
    duplicate_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="duplicates")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="reports_made")
    # Contact given with the report (never shown publicly); none for an anonymous report.
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=32, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    token = models.CharField(max_length=64, unique=True, default=new_report_token)  # the reporter's private link
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.WEB)
    api_key = models.ForeignKey("reports.ApiKey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Kept when resolved: seconds from submission to resolution (the medians read it).
    resolution_seconds = models.PositiveBigIntegerField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "token"])

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["neighbourhood", "-id"], name="report_neighbourhood"),
            models.Index(fields=["city", "-id"], name="report_city"),
            models.Index(fields=["region", "-id"], name="report_region"),
            models.Index(fields=["organization", "status", "-id"], name="report_queue"),
            models.Index(fields=["category", "status", "-id"], name="report_category_status"),
            models.Index(fields=["status", "-id"], name="report_status"),
            models.Index(fields=["created_at"], name="report_created"),
            models.Index(fields=["category", "latitude", "longitude"], name="report_nearby"),
            models.Index(fields=["category", "region", "resolution_seconds"], name="report_resolution"),
            models.Index(fields=["reporter", "-id"], name="report_reporter"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReportUpdate(models.Model):
    """A change of a report's status with its public note (the report's public timeline)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    status_from = models.CharField(max_length=12, choices=ReportStatus.choices, blank=True)
    status_to = models.CharField(max_length=12, choices=ReportStatus.choices)
    note = models.CharField(_("public note"), max_length=NOTE_MAX_LENGTH, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("report update")
        verbose_name_plural = _("report updates")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.status_from} → {self.status_to}"


KEY_PREFIX_LENGTH = 8


class ApiKey(models.Model):
    """An Open311 API key that platform staff issue to an organisation (its apps post requests with it).

    Only a hash of the key is stored; the key itself is shown once, when issued.
    """

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="open311_keys",
                                      verbose_name=_("organisation"))
    label = models.CharField(_("label"), max_length=100)
    prefix = models.CharField(max_length=KEY_PREFIX_LENGTH, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)  # SHA-256 of the whole key
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.organization_id})"
