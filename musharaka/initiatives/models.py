from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from musharaka.core.files import private_storage, protected_file_url
from musharaka.core.models import TimeStampedModel

if TYPE_CHECKING:
    from musharaka.accounts.models import User


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    ACTIVE = "active", pgettext_lazy("initiative status", "Active")  # without a context: فعّال from Django
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# Seen by everyone; the other statuses only by the lead organisation, the coordinators and admins.
PUBLISHED_STATUSES = (Status.APPROVED, Status.ACTIVE, Status.COMPLETED)


class Currency(models.TextChoices):
    SAR = "SAR", _("Saudi riyal")
    SYP = "SYP", _("Syrian pound")
    USD = "USD", _("US dollar")
    EUR = "EUR", _("Euro")


class PartnerRole(models.TextChoices):
    IMPLEMENTER = "implementer", _("Implementing partner")
    FUNDER = "funder", _("Funder")
    SUPPORTER = "supporter", _("Supporter")
    KNOWLEDGE = "knowledge", _("Knowledge partner")


class Initiative(TimeStampedModel):
    title_ar = models.CharField(_("title (Arabic)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    summary_ar = models.TextField(_("summary (Arabic)"), max_length=2000)
    summary_en = models.TextField(_("summary (English)"), max_length=2000, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True, max_length=20000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=20000)

    lead_organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="led_initiatives",
        verbose_name=_("lead organisation"),
    )
    # The region whose coordinator approves it; places below may add cities and neighbourhoods.
    region = models.ForeignKey("geo.Region", on_delete=models.PROTECT, related_name="initiatives",
                               verbose_name=_("region"))
    axes = models.ManyToManyField("taxonomy.Axis", related_name="initiatives", blank=True,
                                  verbose_name=_("development axes"))
    sdgs = models.ManyToManyField("taxonomy.SDG", related_name="initiatives", blank=True,
                                  verbose_name=_("sustainable development goals"))
    target_groups = models.ManyToManyField("taxonomy.TargetGroup", related_name="initiatives", blank=True,
                                           verbose_name=_("target groups"))

    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.SAR)
    planned_beneficiaries = models.PositiveIntegerField(_("planned beneficiaries"), null=True, blank=True)
    actual_beneficiaries = models.PositiveIntegerField(_("actual beneficiaries"), null=True, blank=True)

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    results_ar = models.TextField(_("results (Arabic)"), blank=True, max_length=20000)
    results_en = models.TextField(_("results (English)"), blank=True, max_length=20000)
    lessons_ar = models.TextField(_("lessons learned (Arabic)"), blank=True, max_length=20000)
    lessons_en = models.TextField(_("lessons learned (English)"), blank=True, max_length=20000)
    # Private whatever the status: a draft's cover must have no public URL. It is served by
    # views.initiative_cover, which checks who asks and lets caches keep a published one (cover_url).
    cover_image = models.ImageField(_("cover image"), upload_to="initiatives/covers/%Y/", blank=True,
                                    storage=private_storage)

    is_success_story = models.BooleanField(_("successful experience"), default=False)
    success_marked_at = models.DateTimeField(_("marked successful"), null=True, blank=True)
    replicated_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replications",
        verbose_name=_("replicated from"),
    )
    # Kept exact under concurrency by F() updates; counted once per replication.
    replication_count = models.PositiveIntegerField(default=0)
    # Optimistic locking: a save names the version it started from and fails if it changed.
    version = models.PositiveIntegerField(pgettext_lazy("initiative", "version"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at", "replication_count"])
    _history_user: "User | None"  # set before saving: django-simple-history records it as the author
    similarity: float  # set only on the initiatives selectors.similar_initiatives returns
    shares_axis: bool  # set only on the initiatives plans.selectors.suggestions_for_need returns

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [
            models.Index(fields=["status", "region", "-published_at"], name="initiative_status_region"),
            models.Index(fields=["status", "-published_at"], name="initiative_status_published"),
            models.Index(fields=["status", "start_date"], name="initiative_status_start"),
            models.Index(fields=["lead_organization", "status"], name="initiative_lead_status"),
            models.Index(fields=["is_success_story", "-replication_count"], name="initiative_success"),
            models.Index(fields=["-replication_count"], name="initiative_replications"),
            models.Index(fields=["start_date"], name="initiative_start"),
            models.Index(fields=["region", "start_date"], name="initiative_region_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="initiative_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title_ar

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED_STATUSES

    @property
    def cover_url(self) -> str:
        """Where the cover is shown from (no query): the view that checks who asks, named by the file so that
        a new cover is a new URL (caches keep a published one) and an old one stops answering."""
        return protected_file_url("initiatives:cover", self.cover_image, initiative_id=self.pk)


class InitiativePartner(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT,
                                     related_name="partner_initiatives")
    role = models.CharField(_("role"), max_length=12, choices=PartnerRole.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "organization", "role"], name="initiative_partner_unique")
        ]
        indexes = [models.Index(fields=["organization", "initiative"], name="partner_org_initiative")]

    def __str__(self) -> str:
        return f"{self.organization} ({self.role})"


class InitiativePlace(models.Model):
    """Where an initiative happens: a region, optionally narrowed to a city and a neighbourhood."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="places")
    region = models.ForeignKey("geo.Region", on_delete=models.PROTECT, related_name="+")
    city = models.ForeignKey("geo.City", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    neighbourhood = models.ForeignKey("geo.Neighbourhood", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        indexes = [
            models.Index(fields=["city", "initiative"], name="place_city_initiative"),
            models.Index(fields=["region", "initiative"], name="place_region_initiative"),
        ]

    def __str__(self) -> str:
        return " / ".join(str(part) for part in (self.region, self.city, self.neighbourhood) if part)


class InitiativeAttachment(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="initiatives/attachments/%Y/", storage=private_storage)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    _history_user: "User | None"  # set before saving: django-simple-history records it as the author

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class Transition(models.Model):
    """One step of the workflow: who moved the initiative from which status to which, when and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("submitted")
        APPROVE = "approve", _("approved")
        REJECT = "reject", _("rejected")
        ACTIVATE = "activate", _("started")
        COMPLETE = "complete", _("completed")
        CANCEL = "cancel", _("cancelled")
        MARK_SUCCESS = "mark_success", _("marked as a successful experience")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=16, choices=Action.choices)
    from_status = models.CharField(max_length=12, choices=Status.choices)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_status} → {self.to_status}"


class InitiativeCount(models.Model):
    """How many initiatives share one combination of the catalogue's filterable values (see counts.py).

    Kept by the services in the same transaction as each change; rebuilt from scratch by
    `manage.py rebuild_initiative_counts`. Plain integers, not foreign keys: a count row must never
    block deleting what it counts, and it is only ever summed.
    """

    grain = models.PositiveSmallIntegerField()  # which multi-valued dimensions the row splits by
    axis = models.IntegerField(default=0)  # axis id, 0 when the grain does not split by axis
    sdg = models.PositiveSmallIntegerField(default=0)  # goal number
    city = models.IntegerField(default=0)  # city id
    region = models.IntegerField()
    sector = models.CharField(max_length=20)
    status = models.CharField(max_length=12)
    year = models.PositiveSmallIntegerField()  # of the start date, 0 when none
    success = models.BooleanField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("initiative count")
        verbose_name_plural = _("initiative counts")
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "axis", "sdg", "city", "region", "status", "sector", "year", "success"],
                name="initiative_count_cell",
            ),
        ]
        indexes = [models.Index(fields=["grain", "status", "region"], name="initiative_count_status")]

    def __str__(self) -> str:
        return f"{self.grain}:{self.axis}:{self.sdg}:{self.city}:{self.region}:{self.sector}:{self.status}:{self.year}"


class SimilarInitiatives(models.Model):
    """The similar initiatives of one initiative, computed in the background (tasks.py), read by its page."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, primary_key=True,
                                      related_name="similar_list")
    # [[initiative id, score], …], best first.
    items = models.JSONField(default=list)
    computed_at = models.DateTimeField()
    # The initiative's version the list was computed from.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("similar initiatives")
        verbose_name_plural = _("similar initiatives")

    def __str__(self) -> str:
        return f"{self.initiative_id}: {len(self.items)}"
