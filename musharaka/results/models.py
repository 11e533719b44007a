"""The shared results framework: a result (output, outcome or impact) of something that is carried out — an
initiative, a plan's goal or action, later an impact analysis — measured by indicators, each over periods with a
target, reported by updates that are reviewed before they count.

The result names its owner generically (content type and id) so that this app imports none of the apps that use
it; it also names two organisations, copied from the owner when the result is made: the one whose staff report
updates and the one whose staff approve them. The period's and the indicator's actual values and the indicator's
progress are kept on write (`services._refresh_indicator`) by the rules of `rollup.py`.
"""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
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

VALUE_DIGITS = 18
VALUE_PLACES = 4
MAX_VALUE = Decimal("1e13")  # the largest figure a value, target or baseline may hold


class ResultLevel(models.TextChoices):
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")
    IMPACT = "impact", _("Impact")


class Result(TimeStampedModel):
    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    # Whose staff report updates, and whose staff approve them (copied from the owner; see module docstring).
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="results",
                                     verbose_name=_("reporting organisation"))
    approver_organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+",
                                              verbose_name=_("approving organisation"))
    level = models.CharField(_("level"), max_length=8, choices=ResultLevel.choices, default=ResultLevel.OUTPUT)
    title_ar = models.CharField(_("title (Arabic)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True, max_length=4000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=4000)
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords(excluded_fields=["updated_at"])
    _history_user: "User | None"

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        indexes = [models.Index(fields=["owner_type", "owner_id", "position"], name="results_result_owner")]

    def __str__(self) -> str:
        return self.title_ar


class Measure(models.TextChoices):
    UNIT = "unit", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    QUALITATIVE = "qualitative", _("Qualitative")


class CodeList(models.TextChoices):
    NONE = "", pgettext_lazy("indicator code list", "None")
    SDG = "sdg", _("SDG indicator")
    OWN = "own", _("The organisation's own list")


class Dimension(models.Model):
    """A way to break a figure down (sex, age group…): a list staff edit, shared by every indicator."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")

    def __str__(self) -> str:
        return self.name_ar


class DimensionValue(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="values")
    code = models.SlugField(_("code"), max_length=40)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dimension", "position", "pk"]
        verbose_name = _("disaggregation value")
        verbose_name_plural = _("disaggregation values")
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="results_dimension_value_code")]

    def __str__(self) -> str:
        return self.name_ar


def _value_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, **kwargs)


class Indicator(TimeStampedModel):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    title_ar = models.CharField(_("title (Arabic)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description_ar = models.TextField(_("definition (Arabic)"), blank=True, max_length=4000)
    description_en = models.TextField(_("definition (English)"), blank=True, max_length=4000)
    measure = models.CharField(_("measure"), max_length=12, choices=Measure.choices, default=Measure.UNIT)
    unit_ar = models.CharField(_("unit (Arabic)"), max_length=60, blank=True, help_text=_("E.g. beneficiaries."))
    unit_en = models.CharField(_("unit (English)"), max_length=60, blank=True)
    ascending = models.BooleanField(_("higher is better"), default=True)
    cumulative = models.BooleanField(
        _("cumulative"), default=False,
        help_text=_("Each update states the total reached so far, rather than what was added since the last one."))
    baseline_value = _value_field(_("baseline value"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True,
                                                     validators=[MinValueValidator(1950), MaxValueValidator(2100)])
    code_list = models.CharField(_("code list"), max_length=4, choices=CodeList.choices, default="", blank=True)
    code = models.CharField(_("code"), max_length=30, blank=True, help_text=_("E.g. 11.6.1 for an SDG indicator."))
    dimensions = models.ManyToManyField(Dimension, blank=True, related_name="indicators",
                                        verbose_name=_("disaggregations"))
    position = models.PositiveSmallIntegerField(default=0)
    # Kept on write from the approved updates (rollup.indicator_actual / rollup.progress).
    actual_value = _value_field(_("actual value"), null=True, blank=True, editable=False)
    progress = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "actual_value", "progress"])
    _history_user: "User | None"

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.title_ar

    @property
    def is_percentage(self) -> bool:
        return self.measure == Measure.PERCENTAGE

    @property
    def is_qualitative(self) -> bool:
        return self.measure == Measure.QUALITATIVE


class Period(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    target_value = _value_field(_("target"), null=True, blank=True)
    target_comment = models.CharField(_("target comment"), max_length=500, blank=True)
    locked = models.BooleanField(_("locked"), default=False,
                                 help_text=_("A locked period takes no new updates."))
    # Kept on write from the period's approved updates.
    actual_value = _value_field(_("actual value"), null=True, blank=True, editable=False)
    approved_count = models.PositiveIntegerField(default=0, editable=False)
    pending_count = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["actual_value", "approved_count", "pending_count"])
    _history_user: "User | None"

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="results_period_end_after_start"),
        ]
        indexes = [models.Index(fields=["indicator", "start"], name="results_period_indicator")]

    def __str__(self) -> str:
        return f"{self.start} – {self.end}"


class UpdateStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("indicator update", "Draft")
    PENDING = "pending", _("Awaiting approval")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", pgettext_lazy("indicator update", "Approved")


class Update(TimeStampedModel):
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=10, choices=UpdateStatus.choices, default=UpdateStatus.DRAFT)
    value = _value_field(_("value"), null=True, blank=True)
    numerator = _value_field(_("numerator"), null=True, blank=True)
    denominator = _value_field(_("denominator"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True, max_length=8000)
    review_comment = models.TextField(_("reviewer's comment"), blank=True, max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                               verbose_name=_("reported by"))
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])
    _history_user: "User | None"

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("indicator update")
        verbose_name_plural = _("indicator updates")
        indexes = [models.Index(fields=["period", "status"], name="results_update_period_status")]

    def __str__(self) -> str:
        return f"{self.period_id}: {self.value}"


class UpdateDisaggregation(models.Model):
    """One disaggregated figure of an update (e.g. women: 40). Missing values make an incomplete breakdown."""

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="disaggregations")
    dimension_value = models.ForeignKey(DimensionValue, on_delete=models.PROTECT, related_name="+")
    value = _value_field(_("value"), null=True, blank=True)
    numerator = _value_field(_("numerator"), null=True, blank=True)
    denominator = _value_field(_("denominator"), null=True, blank=True)

    class Meta:
        verbose_name = _("disaggregated value")
        verbose_name_plural = _("disaggregated values")
        constraints = [models.UniqueConstraint(fields=["update", "dimension_value"],
                                               name="results_update_dimension_value")]

    def __str__(self) -> str:
        return f"{self.dimension_value_id}: {self.value}"


class UpdateEvidence(models.Model):
    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="results/evidence/%Y/", storage=private_storage)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name
