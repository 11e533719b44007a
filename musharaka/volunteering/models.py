"""Volunteering: opportunities that organisations publish, with shifts of limited capacity; residents apply and are
accepted, waitlisted or declined; volunteers log hours that the organisation verifies (only verified hours count);
certificates of verified hours that anyone can check by their code.

Seats are counted on the shift (`accepted_count`) under the shift's row lock, so concurrent applications and
acceptances never take more seats than the capacity. Verified hours are also kept, on write, in `HoursTally`
(per year, organisation, region and axis), so the statistics read a few hundred rows instead of a million entries.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from musharaka.core.models import TimeStampedModel
from musharaka.initiatives.models import Currency

MAX_SHIFT_CAPACITY = 10_000
MAX_ENTRY_HOURS = Decimal(24)  # hours one entry may claim (one day's work at most)
TITLE_MAX_LENGTH = 250
DESCRIPTION_MAX_LENGTH = 10_000
ANSWER_MAX_LENGTH = 2_000
REASON_MAX_LENGTH = 500


class Skill(models.Model):
    """A skill an opportunity asks for (a list staff keep: first aid, teaching, design…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        ordering = ["name_ar"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name_ar


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")  # no new applications; hours may still be logged and verified
    CANCELLED = "cancelled", _("Cancelled")


class Opportunity(TimeStampedModel):
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="opportunities",
                                     verbose_name=_("organisation"))
    title_ar = models.CharField(_("title (Arabic)"), max_length=TITLE_MAX_LENGTH)
    title_en = models.CharField(_("title (English)"), max_length=TITLE_MAX_LENGTH, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), max_length=DESCRIPTION_MAX_LENGTH)
    description_en = models.TextField(_("description (English)"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="opportunities", verbose_name=_("skills"))
    axis = models.ForeignKey("taxonomy.Axis", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("axis"))
    region = models.ForeignKey("geo.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    city = models.ForeignKey("geo.City", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("city"))
    neighbourhood = models.ForeignKey("geo.Neighbourhood", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("neighbourhood"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), default=0,
                                                   validators=[MaxValueValidator(99)])
    # Accepting is the organisation's decision unless it lets the first applicants take the free seats at once.
    auto_accept = models.BooleanField(_("accept applicants while seats are free"), default=False)
    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="volunteer_opportunities", verbose_name=_("initiative"))
    event = models.ForeignKey("events.Event", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="volunteer_opportunities", verbose_name=_("event"))
    status = models.CharField(_("status"), max_length=12, choices=OpportunityStatus.choices,
                              default=OpportunityStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    # Kept on write: the seats left over all shifts (for the public list) and applications awaiting a decision.
    seats_left = models.PositiveIntegerField(default=0)
    pending_count = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["updated_at", "seats_left", "pending_count"])

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("volunteer opportunity")
        verbose_name_plural = _("volunteer opportunities")
        indexes = [
            models.Index(fields=["status", "-starts_on", "-id"], name="opportunity_public"),
            models.Index(fields=["status", "region", "-starts_on"], name="opportunity_region"),
            models.Index(fields=["status", "city", "-starts_on"], name="opportunity_city"),
            models.Index(fields=["status", "axis", "-starts_on"], name="opportunity_axis"),
            models.Index(fields=["organization", "-starts_on"], name="opportunity_org"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="opportunity_dates_in_order"),
        ]

    def __str__(self) -> str:
        return self.title_ar


class Question(models.Model):
    """A question the organisation asks applicants (answered in the application)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text_ar = models.CharField(_("question (Arabic)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["opportunity", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text_ar


class Shift(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="shifts")
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"),
                                           validators=[MinValueValidator(1), MaxValueValidator(MAX_SHIFT_CAPACITY)])
    # Kept on write under this row's lock (services); never more accepted than the capacity.
    accepted_count = models.PositiveIntegerField(default=0)
    waitlist_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        indexes = [models.Index(fields=["opportunity", "starts_at"], name="shift_opportunity")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="shift_times_in_order"),
            models.CheckConstraint(condition=models.Q(accepted_count__lte=models.F("capacity")),
                                   name="shift_never_over_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id}: {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.accepted_count, 0)


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting a decision")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


LIVE_APPLICATION_STATUSES = (ApplicationStatus.PENDING, ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED)


class Application(TimeStampedModel):
    """A resident's application to one shift of an opportunity. Arrival order is the primary key (the waitlist's
    order)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="applications")
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="applications")
    volunteer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="volunteer_applications")
    status = models.CharField(_("status"), max_length=12, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.PENDING)
    message = models.TextField(_("message"), max_length=ANSWER_MAX_LENGTH, blank=True)
    # Asked only when the opportunity has a minimum age (checked against the shift's date); never shown publicly.
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decline_reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["shift", "status", "id"], name="application_shift_status"),
            models.Index(fields=["opportunity", "status", "id"], name="application_opportunity"),
            models.Index(fields=["volunteer", "status"], name="application_volunteer"),
        ]
        constraints = [
            # One live application per person and shift; a withdrawn or declined one may be made again.
            models.UniqueConstraint(fields=["shift", "volunteer"],
                                    condition=models.Q(status__in=LIVE_APPLICATION_STATUSES),
                                    name="application_live_once"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} @ {self.shift_id} ({self.status})"


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), max_length=ANSWER_MAX_LENGTH)

    class Meta:
        ordering = ["question__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="answer_once")]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.question_id}"


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class HourEntry(models.Model):
    """Hours a volunteer logged for a shift or an activity of an opportunity; they count once verified.

    The organisation, region and axis are copied from the opportunity so that statistics group a million entries
    without joins.
    """

    volunteer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_hours")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="hour_entries")
    shift = models.ForeignKey(Shift, on_delete=models.SET_NULL, null=True, blank=True, related_name="hour_entries")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("geo.Region", on_delete=models.PROTECT, related_name="+")
    axis = models.ForeignKey("taxonomy.Axis", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(MAX_ENTRY_HOURS)])
    activity = models.CharField(_("activity"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.PENDING)
    reject_reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("hours entry")
        verbose_name_plural = _("hours entries")
        indexes = [
            models.Index(fields=["volunteer", "status", "-date"], name="hours_volunteer"),
            models.Index(fields=["opportunity", "status", "-date"], name="hours_opportunity"),
            models.Index(fields=["shift", "status"], name="hours_shift"),
            models.Index(fields=["organization", "status", "-date"], name="hours_organization"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0) & models.Q(hours__lte=MAX_ENTRY_HOURS),
                                   name="hours_entry_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id}: {self.hours} h on {self.date}"


class HoursTally(models.Model):
    """Verified hours kept on write per year, organisation, region and axis (the statistics' source)."""

    year = models.PositiveSmallIntegerField()
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("geo.Region", on_delete=models.CASCADE, related_name="+")
    axis = models.ForeignKey("taxonomy.Axis", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    hours = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["year", "region"], name="tally_year_region"),
            models.Index(fields=["organization", "year"], name="tally_org_year"),
        ]
        constraints = [
            # Two partial constraints rather than nulls_distinct, which SQLite lacks.
            models.UniqueConstraint(fields=["year", "organization", "region", "axis"], name="tally_once",
                                    condition=models.Q(axis__isnull=False)),
            models.UniqueConstraint(fields=["year", "organization", "region"], name="tally_once_without_axis",
                                    condition=models.Q(axis__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.organization_id}/{self.region_id}/{self.axis_id}: {self.hours}"


class HourValue(models.Model):
    """The value of one volunteer hour on a stated basis, from a date (national, or for one region), kept by staff;
    statistics value verified hours with it and the impact module takes it for volunteer-time investments."""

    region = models.ForeignKey("geo.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                               verbose_name=_("region"))
    amount = models.DecimalField(_("value of an hour"), max_digits=10, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.SAR)
    basis_ar = models.CharField(_("basis (Arabic)"), max_length=300)
    basis_en = models.CharField(_("basis (English)"), max_length=300, blank=True)
    effective_from = models.DateField(_("effective from"))

    class Meta:
        ordering = ["-effective_from", "pk"]
        verbose_name = _("value of a volunteer hour")
        verbose_name_plural = _("values of a volunteer hour")
        constraints = [
            models.UniqueConstraint(fields=["region", "effective_from"], name="hour_value_once",
                                    condition=models.Q(region__isnull=False)),
            models.UniqueConstraint(fields=["effective_from"], name="hour_value_national_once",
                                    condition=models.Q(region__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


CERTIFICATE_CODE_LENGTH = 16
CERTIFICATE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper


def new_certificate_code() -> str:
    return "".join(secrets.choice(CERTIFICATE_ALPHABET) for _index in range(CERTIFICATE_CODE_LENGTH))


class Certificate(models.Model):
    """A certificate of a volunteer's verified hours with one organisation (over one opportunity, or all of them)
    for a period. What it prints is copied on issue, so the public verification shows exactly the paper."""

    code = models.CharField(max_length=CERTIFICATE_CODE_LENGTH, unique=True, default=new_certificate_code)
    volunteer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="volunteer_certificates")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    # As printed.
    name = models.CharField(_("name"), max_length=200)
    organization_name_ar = models.CharField(max_length=200)
    organization_name_en = models.CharField(max_length=200, blank=True)
    opportunity_title_ar = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    opportunity_title_en = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    first_date = models.DateField()
    last_date = models.DateField()
    hours = models.DecimalField(max_digits=8, decimal_places=2)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("volunteering certificate")
        verbose_name_plural = _("volunteering certificates")
        indexes = [models.Index(fields=["volunteer", "-id"], name="vcertificate_volunteer")]

    def __str__(self) -> str:
        return self.code

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
