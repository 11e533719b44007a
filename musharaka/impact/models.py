"""Social impact measurement: a logic model per initiative or plan action, and SROI analyses (social return on
investment) with their stakeholders, investments and outcomes, reviewed before they are published.

An analysis belongs to the same records that own results of the shared framework (`results.owners`: an initiative,
a plan's action), named generically so that this app imports none of them; it copies the owner's organisations
(the one that prepares it, and the one that approves the owner's results) when it is made. Its outcomes may take
their quantity from an indicator of that framework, so measured values feed the analysis.

Published analyses are frozen: a revision copies the published version into a new draft with the next version
number (`series` groups the versions of one analysis). The ratio and the totals are kept on write (by the rules
of `sroi.py`, in `services.refresh_analysis`), so lists and pages read them without recomputing.
"""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from musharaka.core.models import TimeStampedModel
from musharaka.initiatives.models import Currency

if TYPE_CHECKING:
    from musharaka.accounts.models import User

MAX_MONEY = Decimal("1e12")  # the largest amount, proxy or quantity an analysis takes
MAX_DURATION = 30  # years an outcome may last
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def _percent_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=2, default=Decimal(0), validators=PERCENT,
                               **kwargs)


def _money_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2, **kwargs)


def _figure_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=4, **kwargs)


class OwnedRecord(TimeStampedModel):
    """A record of an initiative or a plan's action (a results owner), with the organisations copied from it."""

    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"))
    approver_organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


# ---------------------------------------------------------------- logic models


class LogicModel(OwnedRecord):
    """Inputs → activities → outputs → outcomes → impact, with what must hold for the chain to work."""

    assumptions_ar = models.TextField(_("assumptions (Arabic)"), blank=True, max_length=4000)
    assumptions_en = models.TextField(_("assumptions (English)"), blank=True, max_length=4000)
    external_factors_ar = models.TextField(_("external factors (Arabic)"), blank=True, max_length=4000)
    external_factors_en = models.TextField(_("external factors (English)"), blank=True, max_length=4000)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])
    _history_user: "User | None"

    class Meta:
        verbose_name = _("logic model")
        verbose_name_plural = _("logic models")
        constraints = [models.UniqueConstraint(fields=["owner_type", "owner_id"], name="impact_logic_model_owner")]

    def __str__(self) -> str:
        return f"{self.owner_type_id}:{self.owner_id}"


class Stage(models.TextChoices):
    INPUT = "input", _("Inputs")
    ACTIVITY = "activity", _("Activities")
    OUTPUT = "output", _("Outputs")
    OUTCOME = "outcome", _("Outcomes")
    IMPACT = "impact", _("Impact")


# Outputs and outcomes are measured: they may name an indicator of the results framework.
MEASURED_STAGES = (Stage.OUTPUT, Stage.OUTCOME)


class LogicItem(models.Model):
    logic_model = models.ForeignKey(LogicModel, on_delete=models.CASCADE, related_name="items")
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices)
    text_ar = models.CharField(_("text (Arabic)"), max_length=500)
    text_en = models.CharField(_("text (English)"), max_length=500, blank=True)
    indicator = models.ForeignKey("results.Indicator", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("indicator"))
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()
    _history_user: "User | None"

    class Meta:
        ordering = ["logic_model", "position", "pk"]
        verbose_name = _("logic model item")
        verbose_name_plural = _("logic model items")

    def __str__(self) -> str:
        return self.text_ar


# ---------------------------------------------------------------- analyses


class AnalysisKind(models.TextChoices):
    FORECAST = "forecast", _("Forecast")
    EVALUATIVE = "evaluative", _("Evaluative")


class AnalysisStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("analysis", "Draft")
    REVIEW = "review", _("Under review")
    PUBLISHED = "published", pgettext_lazy("analysis", "Published")


class Analysis(OwnedRecord):
    title_ar = models.CharField(_("title (Arabic)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=AnalysisKind.choices, default=AnalysisKind.FORECAST)
    scope_ar = models.TextField(_("scope and purpose (Arabic)"), blank=True, max_length=4000)
    scope_en = models.TextField(_("scope and purpose (English)"), blank=True, max_length=4000)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.SAR)
    discount_rate = models.DecimalField(_("discount rate (%)"), max_digits=5, decimal_places=2,
                                        default=Decimal("3.50"), validators=PERCENT)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=[MinValueValidator(1990),
                                                                               MaxValueValidator(2100)])
    # The stated ranges of the sensitivity runs (sroi.Ranges).
    sensitivity_points = models.DecimalField(_("reductions vary by ± points"), max_digits=5, decimal_places=2,
                                             default=Decimal(10), validators=PERCENT)
    sensitivity_proxy_percent = models.DecimalField(_("proxies vary by ± %"), max_digits=5, decimal_places=2,
                                                    default=Decimal(20), validators=PERCENT)
    sensitivity_rate_low = models.DecimalField(_("lowest discount rate (%)"), max_digits=5, decimal_places=2,
                                               default=Decimal(0), validators=PERCENT)
    sensitivity_rate_high = models.DecimalField(_("highest discount rate (%)"), max_digits=5, decimal_places=2,
                                                default=Decimal(7), validators=PERCENT)
    status = models.CharField(_("status"), max_length=10, choices=AnalysisStatus.choices,
                              default=AnalysisStatus.DRAFT)
    # The versions of one analysis share a series (the first version's id); a revision is the next version.
    series = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 editable=False)
    is_current = models.BooleanField(default=True, editable=False,
                                     help_text="False once a later version of the series is published.")
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)
    # Kept on write by services.refresh_analysis (sroi.compute), in the analysis currency.
    total_investment = _money_field(_("total investment"), default=Decimal(0), editable=False)
    present_value = _money_field(_("present value of the impact"), default=Decimal(0), editable=False)
    net_present_value = _money_field(_("net present value"), default=Decimal(0), editable=False)
    ratio = models.DecimalField(_("SROI ratio"), max_digits=14, decimal_places=4, null=True, blank=True,
                                editable=False)
    net_ratio = models.DecimalField(_("net SROI ratio"), max_digits=14, decimal_places=4, null=True, blank=True,
                                    editable=False)
    payback_months = models.DecimalField(_("payback period (months)"), max_digits=8, decimal_places=1, null=True,
                                         blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "total_investment", "present_value",
                                                 "net_present_value", "ratio", "net_ratio", "payback_months"])
    _history_user: "User | None"

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("SROI analysis")
        verbose_name_plural = _("SROI analyses")
        indexes = [
            models.Index(fields=["owner_type", "owner_id", "status"], name="impact_analysis_owner"),
            models.Index(fields=["status", "is_current", "-published_at"], name="impact_analysis_public"),
            models.Index(fields=["organization", "status"], name="impact_analysis_org"),
            models.Index(fields=["series", "version"], name="impact_analysis_series"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="impact_analysis_series_version"),
        ]

    def __str__(self) -> str:
        return self.title_ar

    @property
    def is_frozen(self) -> bool:
        return self.status == AnalysisStatus.PUBLISHED


class Stakeholder(models.Model):
    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="stakeholders")
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_ar = models.TextField(_("how they are affected (Arabic)"), blank=True, max_length=2000)
    description_en = models.TextField(_("how they are affected (English)"), blank=True, max_length=2000)
    size = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["analysis", "position", "pk"]
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")

    def __str__(self) -> str:
        return self.name_ar


class EvidenceGrade(models.TextChoices):
    """How well a figure is supported, weakest first."""

    ASSUMED = "assumed", _("Assumption")
    ESTIMATED = "estimated", _("Estimate from comparable studies")
    MEASURED = "measured", _("Measured by the organisation")
    VERIFIED = "verified", _("Independently verified")


def _grade_field(verbose_name):
    return models.CharField(verbose_name, max_length=10, choices=EvidenceGrade.choices,
                            default=EvidenceGrade.ASSUMED)


class InvestmentKind(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")
    VOLUNTEER_TIME = "volunteer_time", _("Volunteer time")


class Investment(models.Model):
    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="investments")
    kind = models.CharField(_("kind"), max_length=14, choices=InvestmentKind.choices, default=InvestmentKind.CASH)
    description_ar = models.CharField(_("description (Arabic)"), max_length=300)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)
    contributor = models.CharField(_("contributed by"), max_length=200, blank=True)
    # Cash and in-kind: an amount. Volunteer time: hours × an hourly value on a stated basis.
    amount = _money_field(_("amount"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=12, decimal_places=2, null=True, blank=True)
    hourly_value = _money_field(_("value of an hour"), null=True, blank=True)
    valuation_basis = models.CharField(_("valuation basis"), max_length=300, blank=True,
                                       help_text=_("E.g. the average hourly wage in the region, and its source."))
    value = _money_field(_("value"), default=Decimal(0), editable=False)  # kept: the amount, or hours × value
    grade = _grade_field(_("evidence grade"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["analysis", "position", "pk"]
        verbose_name = _("investment")
        verbose_name_plural = _("investments")

    def __str__(self) -> str:
        return self.description_ar


class QuantitySource(models.TextChoices):
    TYPED = "typed", _("Entered")
    INDICATOR = "indicator", _("From an indicator's approved value")


class Outcome(models.Model):
    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="outcomes")
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.PROTECT, related_name="outcomes",
                                    verbose_name=_("stakeholder group"))
    title_ar = models.CharField(_("outcome (Arabic)"), max_length=300)
    title_en = models.CharField(_("outcome (English)"), max_length=300, blank=True)
    quantity_source = models.CharField(_("quantity from"), max_length=10, choices=QuantitySource.choices,
                                       default=QuantitySource.TYPED)
    indicator = models.ForeignKey("results.Indicator", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("indicator"))
    # The quantity used: typed, or the indicator's approved value copied while the analysis is a draft.
    quantity = _figure_field(_("quantity"), default=Decimal(0))
    unit_ar = models.CharField(_("unit (Arabic)"), max_length=60, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=60, blank=True)
    proxy = _figure_field(_("financial proxy"), default=Decimal(0),
                          help_text=_("The value of the outcome for one unit, in the analysis currency."))
    proxy_description_ar = models.CharField(_("proxy (Arabic)"), max_length=300, blank=True)
    proxy_description_en = models.CharField(_("proxy (English)"), max_length=300, blank=True)
    proxy_source = models.CharField(_("source of the proxy"), max_length=500, blank=True)
    duration = models.PositiveSmallIntegerField(_("duration (years)"), default=1,
                                                validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION)])
    deadweight = _percent_field(_("deadweight (%)"))
    displacement = _percent_field(_("displacement (%)"))
    attribution = _percent_field(_("attribution (%)"))
    drop_off = _percent_field(_("drop-off (%)"))
    quantity_grade = _grade_field(_("evidence of the quantity"))
    proxy_grade = _grade_field(_("evidence of the proxy"))
    deadweight_grade = _grade_field(_("evidence of the deadweight"))
    displacement_grade = _grade_field(_("evidence of the displacement"))
    attribution_grade = _grade_field(_("evidence of the attribution"))
    drop_off_grade = _grade_field(_("evidence of the drop-off"))
    # Kept by services.refresh_analysis: the unrounded figures rounded for lists (the page recomputes the years).
    value_year_one = _money_field(_("value in year 1"), default=Decimal(0), editable=False)
    present_value = _money_field(_("present value"), default=Decimal(0), editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["analysis", "position", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return self.title_ar


class Comment(models.Model):
    """A reviewer's (or a preparer's answering) comment on the analysis or on one of its figures."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="comments")
    # "" for the analysis as a whole, else "<record>:<id>:<field>" e.g. "outcome:12:proxy" (services.FIGURES).
    figure = models.CharField(_("figure"), max_length=60, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"), max_length=4000)
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        indexes = [models.Index(fields=["analysis", "figure"], name="impact_comment_figure")]

    def __str__(self) -> str:
        return self.body[:60]


class Reviewer(models.Model):
    """A person the platform's staff trust to review SROI analyses (never of their own organisation)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="impact_reviewer")
    note = models.CharField(_("qualification"), max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("impact reviewer")
        verbose_name_plural = _("impact reviewers")

    def __str__(self) -> str:
        return str(self.user)
