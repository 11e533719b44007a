"""Local development plans (خطط التنمية المحلية): an authority's plan for an area and a period, from the needs
assessment with residents, through the weighted prioritisation, to the vision, goals and actions measured by
indicators of the shared results framework, the periodic reviews and the risk register.

Versions: approving a plan stores a frozen snapshot of it (PlanVersion); a revision edits the plan and a later
approval stores the next version, so an approved version is never overwritten and stays readable. What lists read
is kept on write: the needs' vote counts per participant group and matrix scores, each action's, goal's and the
plan's progress (services.refresh_progress, by the rule stated there).
"""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from musharaka.core.files import private_storage
from musharaka.core.models import TimeStampedModel

if TYPE_CHECKING:
    from musharaka.accounts.models import User

WEIGHT_TOTAL = 100
MAX_CRITERION_SCORE = 5
RISK_SCALE = 5


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan", "Draft")
    CONSULTATION = "consultation", _("Public consultation")
    APPROVED = "approved", pgettext_lazy("plan", "Approved")
    IN_REVIEW = "in_review", _("In periodic review")
    REVISED = "revised", _("Being revised")
    CLOSED = "closed", pgettext_lazy("plan", "Closed")


# Where a plan may go from each status (services.plan_move checks what each move needs).
PLAN_MOVES: dict[str, tuple[str, ...]] = {
    PlanStatus.DRAFT: (PlanStatus.CONSULTATION,),
    PlanStatus.CONSULTATION: (PlanStatus.DRAFT, PlanStatus.APPROVED),
    PlanStatus.APPROVED: (PlanStatus.IN_REVIEW, PlanStatus.REVISED, PlanStatus.CLOSED),
    PlanStatus.IN_REVIEW: (PlanStatus.APPROVED, PlanStatus.REVISED, PlanStatus.CLOSED),
    PlanStatus.REVISED: (PlanStatus.APPROVED,),
    PlanStatus.CLOSED: (),
}
# The public reads a plan from its consultation on; drafts are the authority's.
PUBLIC_STATUSES = (PlanStatus.CONSULTATION, PlanStatus.APPROVED, PlanStatus.IN_REVIEW, PlanStatus.REVISED,
                   PlanStatus.CLOSED)
# The authority edits the plan's content while it is prepared or revised; an approved plan changes by revision.
EDITABLE_STATUSES = (PlanStatus.DRAFT, PlanStatus.CONSULTATION, PlanStatus.REVISED)


class Plan(TimeStampedModel):
    # Named `organization` so that the organisation predicates (orgs.rules) read it as they are.
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="plans",
                                     verbose_name=_("owning authority"))
    title_ar = models.CharField(_("title (Arabic)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True, max_length=4000)
    summary_en = models.TextField(_("summary (English)"), blank=True, max_length=4000)
    region = models.ForeignKey("geo.Region", on_delete=models.PROTECT, related_name="plans", verbose_name=_("region"))
    city = models.ForeignKey("geo.City", on_delete=models.PROTECT, null=True, blank=True, related_name="plans",
                             verbose_name=_("city or governorate"))
    neighbourhoods = models.ManyToManyField("geo.Neighbourhood", blank=True, related_name="plans",
                                            verbose_name=_("neighbourhoods"))
    start_year = models.PositiveSmallIntegerField(_("first year"),
                                                  validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    end_year = models.PositiveSmallIntegerField(_("last year"),
                                                validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    vision_ar = models.TextField(_("vision (Arabic)"), blank=True, max_length=4000)
    vision_en = models.TextField(_("vision (English)"), blank=True, max_length=4000)
    partners = models.ManyToManyField("orgs.Organization", blank=True, related_name="partner_plans",
                                      verbose_name=_("partner organisations"))
    consultation_closes_on = models.DateField(_("consultation closes on"), null=True, blank=True)
    # How much the weighted matrix counts in the combined priority (the residents' votes count the rest), in %.
    matrix_share = models.PositiveSmallIntegerField(_("weight of the scoring matrix in the priority (%)"), default=70,
                                                    validators=[MaxValueValidator(100)])
    # The version being prepared: 1 until the first approval, then each revision prepares the next.
    version = models.PositiveSmallIntegerField(pgettext_lazy("plan", "version"), default=1)
    approved_at = models.DateTimeField(null=True, blank=True)

    # Kept on write by the services.
    need_count = models.PositiveIntegerField(default=0)
    vote_count = models.PositiveIntegerField(default=0)
    progress = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at", "need_count", "vote_count", "progress"])
    _history_user: "User | None"
    _change_reason: str

    class Meta:
        ordering = ["-start_year", "-pk"]
        verbose_name = _("local development plan")
        verbose_name_plural = _("local development plans")
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="plans_plan_years"),
        ]
        indexes = [
            models.Index(fields=["status", "region", "-start_year"], name="plans_plan_status_region"),
            models.Index(fields=["organization", "status"], name="plans_plan_owner_status"),
        ]

    def __str__(self) -> str:
        return self.title_ar

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class PlanVersion(models.Model):
    """A frozen snapshot of the plan as approved (services.plan_snapshot), never changed afterwards."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(pgettext_lazy("plan", "version"))
    snapshot = models.JSONField()
    note = models.TextField(_("what changed"), blank=True, max_length=4000)
    approved_at = models.DateTimeField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plans_version_unique")]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"


class NeedCategory(models.Model):
    """What a need is about (a list staff edit in the admin)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    axis = models.ForeignKey("taxonomy.Axis", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("development axis"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("need category")
        verbose_name_plural = _("need categories")

    def __str__(self) -> str:
        return self.name_ar


class ParticipantGroup(models.TextChoices):
    """The groups whose voices the prioritisation shows apart (the voter says which one is theirs)."""

    YOUTH = "youth", _("Youth")
    WOMEN = "women", _("Women")
    ELDERS = "elders", _("Elders")
    ORGANISATIONS = "organisations", _("Organisations")
    OTHER = "other", _("Other residents")


class NeedStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("need", "Open")
    MERGED = "merged", _("Merged into another")
    REJECTED = "rejected", pgettext_lazy("need", "Not retained")


class NeedSource(models.TextChoices):
    RESIDENT = "resident", _("A resident")
    STUDY = "study", _("A study")
    COORDINATOR = "coordinator", _("The plan's team")


class Need(TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="needs")
    category = models.ForeignKey(NeedCategory, on_delete=models.PROTECT, related_name="needs",
                                 verbose_name=_("category"))
    neighbourhood = models.ForeignKey("geo.Neighbourhood", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("neighbourhood"))
    title = models.CharField(_("need"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    people_affected = models.PositiveIntegerField(_("people affected"), null=True, blank=True,
                                                  validators=[MaxValueValidator(100_000_000)])
    source = models.CharField(_("source"), max_length=12, choices=NeedSource.choices, default=NeedSource.RESIDENT)
    group = models.CharField(_("participant group"), max_length=14, choices=ParticipantGroup.choices,
                             default=ParticipantGroup.OTHER)
    status = models.CharField(_("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="merged_needs", verbose_name=_("merged into"))
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="plan_needs")

    # Kept on write: votes (all and per group; a merged need's votes move to the need it joined) and the matrix.
    vote_count = models.PositiveIntegerField(default=0)
    votes_youth = models.PositiveIntegerField(default=0)
    votes_women = models.PositiveIntegerField(default=0)
    votes_elders = models.PositiveIntegerField(default=0)
    votes_organisations = models.PositiveIntegerField(default=0)
    votes_other = models.PositiveIntegerField(default=0)
    matrix_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "vote_count", "votes_youth", "votes_women",
                                                 "votes_elders", "votes_organisations", "votes_other",
                                                 "matrix_score"])
    _history_user: "User | None"

    class Meta:
        ordering = ["-vote_count", "pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [
            models.Index(fields=["plan", "status", "-vote_count"], name="plans_need_votes"),
            models.Index(fields=["plan", "category"], name="plans_need_category"),
            models.Index(fields=["plan", "neighbourhood"], name="plans_need_neighbourhood"),
        ]

    def __str__(self) -> str:
        return self.title

    def votes_of(self, group: str) -> int:
        return getattr(self, f"votes_{group}")


class EvidenceKind(models.TextChoices):
    STUDY = "study", _("Study")
    STATISTIC = "statistic", _("Statistic")
    REPORTS = "reports", _("Residents' reports")
    OTHER = "other", pgettext_lazy("evidence", "Other")


class NeedEvidence(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices, default=EvidenceKind.STUDY)
    title = models.CharField(_("title"), max_length=250)
    detail = models.TextField(_("details"), blank=True, max_length=4000)
    figure = models.DecimalField(_("figure"), max_digits=18, decimal_places=4, null=True, blank=True)
    source_url = models.URLField(_("source link"), blank=True, max_length=500)
    file = models.FileField(_("file"), upload_to="plans/evidence/%Y/", storage=private_storage, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    url: str  # set only by the pages that list the evidence (its protected file's address)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("evidence of a need")
        verbose_name_plural = _("evidence of needs")

    def __str__(self) -> str:
        return self.title


class NeedVote(models.Model):
    """One resident's vote for one need (one per person per need, by the unique constraint)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_need_votes")
    group = models.CharField(_("participant group"), max_length=14, choices=ParticipantGroup.choices,
                             default=ParticipantGroup.OTHER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote for a need")
        verbose_name_plural = _("votes for needs")
        constraints = [models.UniqueConstraint(fields=["need", "voter"], name="plans_one_vote_per_need")]
        indexes = [models.Index(fields=["voter", "need"], name="plans_vote_voter")]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.need_id}"


class PriorityCriterion(models.Model):
    """One column of the plan's scoring matrix (e.g. severity, weight 30). The weights of a plan sum to 100."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="criteria")
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    guidance_ar = models.CharField(_("how to score (Arabic)"), max_length=500, blank=True)
    guidance_en = models.CharField(_("how to score (English)"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("prioritisation criterion")
        verbose_name_plural = _("prioritisation criteria")

    def __str__(self) -> str:
        return self.name_ar


class NeedScore(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(PriorityCriterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(MAX_CRITERION_SCORE)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["need", "criterion"], name="plans_one_score_per_need_criterion"),
            models.CheckConstraint(condition=Q(score__lte=MAX_CRITERION_SCORE), name="plans_need_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.need_id}/{self.criterion_id}: {self.score}"


class Alignment(models.Model):
    """An objective a goal can align with: an SDG target, a national vision's objective… (staff edit the list)."""

    class Framework(models.TextChoices):
        SDG = "sdg", _("Sustainable Development Goals")
        NATIONAL = "national", _("National objectives")
        REGIONAL = "regional", _("Regional strategy")

    framework = models.CharField(_("framework"), max_length=10, choices=Framework.choices)
    code = models.CharField(_("code"), max_length=30)
    name_ar = models.CharField(_("name (Arabic)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "position", "pk"]
        verbose_name = _("alignment objective")
        verbose_name_plural = _("alignment objectives")
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="plans_alignment_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name_ar}"


class Goal(TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    title_ar = models.CharField(_("title (Arabic)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True, max_length=4000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=4000)
    needs = models.ManyToManyField(Need, blank=True, related_name="goals", verbose_name=_("needs it answers"))
    alignments = models.ManyToManyField(Alignment, blank=True, related_name="goals", verbose_name=_("aligned with"))
    position = models.PositiveSmallIntegerField(default=0)
    progress = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)  # kept on write
    history = HistoricalRecords(excluded_fields=["updated_at", "progress"])
    _history_user: "User | None"

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title_ar

    @property
    def organization_id(self) -> int:
        return self.plan.organization_id


class FundingSource(models.TextChoices):
    GOVERNMENT = "government", _("Government budget")
    MUNICIPAL = "municipal", _("Municipal budget")
    PRIVATE = "private", _("Private sector")
    NONPROFIT = "nonprofit", _("Non-profit sector")
    DONOR = "donor", _("Donor or grant")
    MIXED = "mixed", _("Mixed")
    UNFUNDED = "unfunded", _("Not yet funded")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", pgettext_lazy("action", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("action", "Cancelled")


class Action(TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions", verbose_name=_("goal"))
    title_ar = models.CharField(_("title (Arabic)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description_ar = models.TextField(_("how it will be carried out (Arabic)"), blank=True, max_length=8000)
    description_en = models.TextField(_("how it will be carried out (English)"), blank=True, max_length=8000)
    lead_organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="plan_actions",
                                          verbose_name=_("lead organisation"))
    partners = models.ManyToManyField("orgs.Organization", blank=True, related_name="partner_plan_actions",
                                      verbose_name=_("partner organisations"))
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, default="SAR")
    funding_source = models.CharField(_("funding source"), max_length=10, choices=FundingSource.choices,
                                      default=FundingSource.UNFUNDED)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    initiatives = models.ManyToManyField("initiatives.Initiative", blank=True, related_name="plan_actions",
                                         verbose_name=_("linked initiatives"))
    # When the action replicates a successful experience from elsewhere (services.replicate_into_plan).
    replicated_from = models.ForeignKey("initiatives.Initiative", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("replicates"))
    need = models.ForeignKey(Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions",
                             verbose_name=_("need it answers"))
    position = models.PositiveSmallIntegerField(default=0)
    progress = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)  # kept on write
    history = HistoricalRecords(excluded_fields=["updated_at", "progress"])
    _history_user: "User | None"

    class Meta:
        ordering = ["goal", "position", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="plans_action_end_after_start"),
        ]
        indexes = [models.Index(fields=["lead_organization", "status"], name="plans_action_lead")]

    def __str__(self) -> str:
        return self.title_ar


class ReviewKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly review")
    ANNUAL = "annual", _("Annual review")
    MIDTERM = "midterm", _("Mid-term review")
    FINAL = "final", _("Final evaluation")


class Review(TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=10, choices=ReviewKind.choices)
    held_on = models.DateField(_("held on"))
    event = models.ForeignKey("events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("workshop (event)"))
    findings_ar = models.TextField(_("findings"), max_length=8000)
    decisions_ar = models.TextField(_("decisions"), blank=True, max_length=8000)
    opens_revision = models.BooleanField(_("opens a revision of the plan"), default=False)
    plan_version = models.PositiveSmallIntegerField(pgettext_lazy("plan", "version"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])
    _history_user: "User | None"

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("periodic review")
        verbose_name_plural = _("periodic reviews")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class GoalRating(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    ACHIEVED = "achieved", _("Achieved")


class ReviewRating(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="ratings")
    rating = models.CharField(_("rating"), max_length=10, choices=GoalRating.choices)
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "goal"], name="plans_one_rating_per_goal")]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.rating}"


class RiskCategory(models.TextChoices):
    FINANCIAL = "financial", _("Financial")
    OPERATIONAL = "operational", _("Operational")
    INSTITUTIONAL = "institutional", _("Institutional")
    SOCIAL = "social", _("Social")
    ENVIRONMENTAL = "environmental", _("Environmental")
    LEGAL = "legal", _("Legal and regulatory")
    SECURITY = "security", _("Security")
    OTHER = "other", pgettext_lazy("risk", "Other")


class RiskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("risk", "Open")
    MITIGATING = "mitigating", _("Being mitigated")
    OCCURRED = "occurred", _("Occurred")
    CLOSED = "closed", pgettext_lazy("risk", "Closed")


class Risk(TimeStampedModel):
    """A risk of the plan, of one of its actions, or of an initiative linked to the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risks")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True, related_name="risks",
                               verbose_name=_("action"))
    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="plan_risks", verbose_name=_("initiative"))
    title = models.CharField(_("risk"), max_length=250)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    category = models.CharField(_("category"), max_length=14, choices=RiskCategory.choices)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"),
                                                  validators=[MinValueValidator(1), MaxValueValidator(RISK_SCALE)])
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"),
                                              validators=[MinValueValidator(1), MaxValueValidator(RISK_SCALE)])
    score = models.PositiveSmallIntegerField(_("score"), default=1, editable=False)  # likelihood × impact
    owner = models.CharField(_("risk owner"), max_length=200)
    mitigation = models.TextField(_("mitigation"), blank=True, max_length=4000)
    contingency = models.TextField(_("contingency"), blank=True, max_length=4000)
    status = models.CharField(_("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    review_date = models.DateField(_("next review"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])
    _history_user: "User | None"

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.CheckConstraint(condition=Q(likelihood__gte=1, likelihood__lte=RISK_SCALE, impact__gte=1,
                                               impact__lte=RISK_SCALE), name="plans_risk_scale"),
        ]
        indexes = [models.Index(fields=["plan", "status"], name="plans_risk_plan_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def level(self) -> str:
        """low (1–4), medium (5–9), high (10–16), critical (17–25): the heat map's colours."""
        if self.score >= 17:
            return "critical"
        if self.score >= 10:
            return "high"
        if self.score >= 5:
            return "medium"
        return "low"

    @property
    def is_overdue(self) -> bool:
        return bool(self.review_date and self.review_date < datetime.date.today()
                    and self.status in (RiskStatus.OPEN, RiskStatus.MITIGATING))
