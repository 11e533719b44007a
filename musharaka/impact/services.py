"""Every write to logic models and SROI analyses, and the kept figures of an analysis.

Each change to a figure of a draft recomputes the analysis in the same transaction (`refresh_analysis`, by the
rules of sroi.py), so the kept ratio, totals and each outcome's values are always those of its figures. Status
moves lock the analysis row, so two reviewers cannot publish and return it at once, and an analysis that left the
draft status takes no more changes (published versions are frozen; a revision is a new version).
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from musharaka.core import search
from musharaka.core.errors import Conflict, InvalidInput, NotFound
from musharaka.core.permissions import require
from musharaka.core.records import assign_fields, clean_record, parse_decimal
from musharaka.core.text import clean_text
from musharaka.notifications.services import notify
from musharaka.results import owners

from . import sroi
from .models import (
    MAX_DURATION,
    MAX_MONEY,
    MEASURED_STAGES,
    Analysis,
    AnalysisStatus,
    Comment,
    Investment,
    InvestmentKind,
    LogicItem,
    LogicModel,
    Outcome,
    QuantitySource,
    Reviewer,
    Stakeholder,
)

if TYPE_CHECKING:
    from musharaka.accounts.models import User
    from musharaka.results.models import Indicator

MAX_ANALYSES = 30  # per owner, all versions
MAX_ITEMS = 60  # per logic model
MAX_STAKEHOLDERS = 20
MAX_INVESTMENTS = 50
MAX_OUTCOMES = 60
MAX_COMMENTS = 500
SEARCH_KIND = "impact_analysis"  # the published current versions, in the Arabic search index

ANALYSIS_FIELDS = ("title_ar", "title_en", "kind", "scope_ar", "scope_en", "currency", "discount_rate",
                   "start_year", "sensitivity_points", "sensitivity_proxy_percent", "sensitivity_rate_low",
                   "sensitivity_rate_high")
ANALYSIS_PERCENTS = ("discount_rate", "sensitivity_points", "sensitivity_proxy_percent", "sensitivity_rate_low",
                     "sensitivity_rate_high")
LOGIC_MODEL_FIELDS = ("assumptions_ar", "assumptions_en", "external_factors_ar", "external_factors_en")
ITEM_FIELDS = ("stage", "text_ar", "text_en", "position")
STAKEHOLDER_FIELDS = ("name_ar", "name_en", "description_ar", "description_en", "size", "position")
INVESTMENT_FIELDS = ("kind", "description_ar", "description_en", "contributor", "amount", "hours", "hourly_value",
                     "valuation_basis", "grade", "position")
OUTCOME_FIELDS = ("title_ar", "title_en", "quantity_source", "quantity", "unit_ar", "unit_en", "proxy",
                  "proxy_description_ar", "proxy_description_en", "proxy_source", "duration", "deadweight",
                  "displacement", "attribution", "drop_off", "quantity_grade", "proxy_grade", "deadweight_grade",
                  "displacement_grade", "attribution_grade", "drop_off_grade", "position")
OUTCOME_PERCENTS = ("deadweight", "displacement", "attribution", "drop_off")

# The figures a review comment may name: "<record>:<id>:<field>" (or "analysis:<field>" for the analysis's own).
FIGURES: dict[str, tuple[str, ...]] = {
    "analysis": ("discount_rate", "start_year", "kind", "scope_ar", "currency"),
    "stakeholder": ("name_ar", "size", "description_ar"),
    "investment": ("amount", "hours", "hourly_value", "valuation_basis", "grade"),
    "outcome": ("quantity", "proxy", "proxy_source", "duration", "deadweight", "displacement", "attribution",
                "drop_off", "title_ar"),
}
FIGURE_RECORDS: dict[str, type[Stakeholder] | type[Investment] | type[Outcome]] = {
    "stakeholder": Stakeholder, "investment": Investment, "outcome": Outcome}


# ---------------------------------------------------------------- input


def clean_number(value, *, field: str, places: int, maximum: Decimal = MAX_MONEY, required: bool = False,
                 minimum: Decimal = Decimal(0)) -> Decimal | None:
    """A figure as Decimal: text, NaN, infinities, negatives (below `minimum`), too many places refused."""
    if value is None or value == "":
        if required:
            raise InvalidInput(_("Enter a number."), field=field)
        return None
    number = parse_decimal(value, field=field)
    if number < minimum:
        raise InvalidInput(_("Enter a number of at least %(minimum)s.") % {"minimum": minimum}, field=field)
    if number > maximum:
        raise InvalidInput(_("Enter a number of at most %(maximum)s.") % {"maximum": maximum}, field=field)
    step = Decimal(1).scaleb(-places)
    if number.quantize(step) != number:
        raise InvalidInput(_("Use at most %(count)s decimal places.") % {"count": places}, field=field)
    return number.quantize(step)


def clean_percent(value, *, field: str) -> Decimal:
    number = clean_number(value, field=field, places=2, maximum=Decimal(100), required=True)
    assert number is not None
    return number


def _clean_texts(data: dict[str, Any], limits: dict[str, tuple[int, int]]) -> None:
    for name, (min_length, max_length) in limits.items():
        if name in data:
            data[name] = clean_text(data[name] or "", field=name, max_length=max_length, min_length=min_length)


def _clean_positive_int(data: dict[str, Any], name: str, *, maximum: int, minimum: int = 0,
                        required: bool = False) -> None:
    if name not in data:
        return
    value = data[name]
    if value in (None, "") and not required:
        data[name] = None
        return
    if isinstance(value, bool):
        raise InvalidInput(_("Enter a whole number."), field=name)
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise InvalidInput(_("Enter a whole number."), field=name) from None
    if not minimum <= number <= maximum:
        raise InvalidInput(_("Enter a whole number from %(minimum)s to %(maximum)s.")
                           % {"minimum": minimum, "maximum": maximum}, field=name)
    data[name] = number


# ---------------------------------------------------------------- owners


def owner_organizations(owner) -> tuple[int, int]:
    return owners.owner_of(type(owner)).organizations(owner)


def get_owner(kind: str, owner_id: int):
    """The initiative or action a URL names (`kind` is its model name), or NotFound."""
    model = owners.model_named(kind)
    if model is None or kind not in OWNER_KINDS:
        raise NotFound()
    owner = model._default_manager.filter(pk=owner_id).first()
    if owner is None:
        raise NotFound()
    return owner


OWNER_KINDS = ("initiative", "action")  # the results owners that have logic models and analyses
KEEP: Any = object()  # an indicator argument left out: the record keeps the one it has


def _content_type(owner):
    return owners.content_type(owner)


# ---------------------------------------------------------------- logic models


def logic_model_of(owner) -> LogicModel | None:
    return LogicModel.objects.filter(owner_type=_content_type(owner), owner_id=owner.pk).first()


def logic_model_save(*, actor: "User", owner, data: dict[str, Any]) -> LogicModel:
    """Create the owner's logic model, or change its assumptions and external factors."""
    require(actor, "impact.change_logic_model", owner)
    data = dict(data)
    _clean_texts(data, {name: (0, 4000) for name in LOGIC_MODEL_FIELDS})
    with transaction.atomic():
        model = LogicModel.objects.select_for_update().filter(owner_type=_content_type(owner),
                                                              owner_id=owner.pk).first()
        if model is None:
            reporting, approving = owner_organizations(owner)
            model = LogicModel(owner_type=_content_type(owner), owner_id=owner.pk, organization_id=reporting,
                               approver_organization_id=approving)
        assign_fields(model, data, LOGIC_MODEL_FIELDS)
        model.updated_by = actor
        model._history_user = actor
        model.save()
    return model


def _owner_indicator(owner_type_id: int, owner_id: int, indicator: "Indicator | None", *, field: str):
    """An indicator of the same owner's results (the measured values that feed the analysis), or None."""
    if indicator is None:
        return None
    result = indicator.result
    if result.owner_type_id != owner_type_id or result.owner_id != owner_id:
        raise InvalidInput(_("Choose an indicator of this record's results."), field=field)
    return indicator


def logic_item_save(*, actor: "User", logic_model: LogicModel, data: dict[str, Any], item: LogicItem | None = None,
                    indicator: "Indicator | None" = KEEP) -> LogicItem:
    require(actor, "impact.change_logic_model", logic_model)
    data = dict(data)
    _clean_texts(data, {"text_ar": (2, 500), "text_en": (0, 500)})
    _clean_positive_int(data, "position", maximum=999)
    if data.get("position") is None:
        data.pop("position", None)
    if item is None:
        item = LogicItem(logic_model=logic_model)
    elif item.logic_model_id != logic_model.pk:
        raise NotFound()
    assign_fields(item, data, ITEM_FIELDS)
    if indicator is not KEEP:
        item.indicator = _owner_indicator(logic_model.owner_type_id, logic_model.owner_id, indicator,
                                          field="indicator")
    if item.indicator is not None and item.stage not in MEASURED_STAGES:
        raise InvalidInput(_("Only outputs and outcomes are measured by indicators."), field="indicator")
    clean_record(item, exclude=["logic_model", "indicator"])
    with transaction.atomic():
        if item.pk is None and LogicItem.objects.filter(logic_model=logic_model).count() >= MAX_ITEMS:
            raise Conflict(_("A logic model has at most %(count)s items.") % {"count": MAX_ITEMS}, code="limit_reached")
        item._history_user = actor
        item.save()
    return item


def logic_item_delete(*, actor: "User", item: LogicItem) -> None:
    require(actor, "impact.change_logic_model", item)
    item._history_user = actor
    item.delete()


# ---------------------------------------------------------------- analyses


def _clean_analysis(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    _clean_texts(data, {"title_ar": (3, 250), "title_en": (0, 250), "scope_ar": (0, 4000), "scope_en": (0, 4000)})
    for name in ANALYSIS_PERCENTS:
        if name in data:
            data[name] = clean_percent(data[name], field=name)
    _clean_positive_int(data, "start_year", minimum=1990, maximum=2100, required="start_year" in data)
    return data


def _check_ranges(analysis: Analysis) -> None:
    if analysis.sensitivity_rate_low > analysis.sensitivity_rate_high:
        raise InvalidInput(_("The lowest discount rate must not exceed the highest."), field="sensitivity_rate_low")


def analysis_create(*, actor: "User", owner, data: dict[str, Any]) -> Analysis:
    """A draft analysis of an initiative or an action, prepared by its staff (version 1 of a new series)."""
    require(actor, "impact.add_analysis", owner)
    reporting, approving = owner_organizations(owner)
    analysis = Analysis(owner_type=_content_type(owner), owner_id=owner.pk, organization_id=reporting,
                        approver_organization_id=approving, created_by=actor,
                        start_year=timezone.localdate().year)
    assign_fields(analysis, _clean_analysis(data), ANALYSIS_FIELDS)
    _check_ranges(analysis)
    clean_record(analysis, exclude=["owner_type", "owner_id", "organization", "approver_organization"])
    with transaction.atomic():
        if Analysis.objects.filter(owner_type=analysis.owner_type, owner_id=owner.pk).count() >= MAX_ANALYSES:
            raise Conflict(_("A record has at most %(count)s analyses.") % {"count": MAX_ANALYSES}, code="limit_reached")
        analysis._history_user = actor
        analysis.save()
        Analysis.objects.filter(pk=analysis.pk).update(series=analysis.pk)
        analysis.series = analysis.pk
    return analysis


def _locked(analysis: Analysis, *, status: str = AnalysisStatus.DRAFT) -> Analysis:
    """The analysis row locked for this transaction, still in the status the caller checked it was in."""
    locked = Analysis.objects.select_for_update().filter(pk=analysis.pk).first()
    if locked is None:
        raise NotFound()
    if locked.status != status:
        raise Conflict(_("The analysis is no longer %(status)s: reload it.")
                       % {"status": AnalysisStatus(status).label}, code="status_changed")
    return locked


def analysis_update(*, actor: "User", analysis: Analysis, data: dict[str, Any]) -> Analysis:
    require(actor, "impact.change_analysis", analysis)
    data = _clean_analysis(data)
    with transaction.atomic():
        analysis = _locked(analysis)
        assign_fields(analysis, data, ANALYSIS_FIELDS)
        _check_ranges(analysis)
        clean_record(analysis, exclude=["owner_type", "owner_id", "organization", "approver_organization"])
        analysis._history_user = actor
        analysis.save()
        refresh_analysis(analysis)
    return analysis


def analysis_delete(*, actor: "User", analysis: Analysis) -> None:
    """A draft goes away with its figures (a revision's draft too; its published version stays)."""
    require(actor, "impact.delete_analysis", analysis)
    with transaction.atomic():
        analysis = _locked(analysis)
        analysis._history_user = actor
        # Outcomes first: they protect their stakeholder groups, which the analysis's deletion also takes.
        Outcome.objects.filter(analysis=analysis).delete()
        analysis.delete()


# ---------------------------------------------------------------- stakeholders, investments, outcomes


def _child(model, analysis: Analysis, record):
    if record is None:
        return model(analysis=analysis)
    if record.analysis_id != analysis.pk:
        raise NotFound()
    return record


def _save_child(actor, analysis: Analysis, record, *, limit: int, message) -> None:
    with transaction.atomic():
        _locked(analysis)
        if record.pk is None and type(record).objects.filter(analysis=analysis).count() >= limit:
            raise Conflict(message % {"count": limit}, code="limit_reached")
        record.save()
        refresh_analysis(analysis)


def stakeholder_save(*, actor: "User", analysis: Analysis, data: dict[str, Any],
                     stakeholder: Stakeholder | None = None) -> Stakeholder:
    require(actor, "impact.change_analysis", analysis)
    data = dict(data)
    _clean_texts(data, {"name_ar": (2, 200), "name_en": (0, 200), "description_ar": (0, 2000),
                        "description_en": (0, 2000)})
    _clean_positive_int(data, "size", maximum=100_000_000)
    _clean_positive_int(data, "position", maximum=999)
    if data.get("position") is None:
        data.pop("position", None)
    stakeholder = _child(Stakeholder, analysis, stakeholder)
    assign_fields(stakeholder, data, STAKEHOLDER_FIELDS)
    clean_record(stakeholder, exclude=["analysis"])
    _save_child(actor, analysis, stakeholder, limit=MAX_STAKEHOLDERS,
                message=gettext_lazy("An analysis has at most %(count)s stakeholder groups."))
    return stakeholder


def stakeholder_delete(*, actor: "User", stakeholder: Stakeholder) -> None:
    require(actor, "impact.change_analysis", stakeholder)
    with transaction.atomic():
        _locked(stakeholder.analysis)
        if Outcome.objects.filter(stakeholder=stakeholder).exists():
            raise Conflict(_("Remove or move this group's outcomes first."), code="has_outcomes")
        stakeholder.delete()


def investment_save(*, actor: "User", analysis: Analysis, data: dict[str, Any],
                    investment: Investment | None = None) -> Investment:
    """Cash and in-kind contributions state an amount; volunteer time states hours, the value of an hour and the
    basis of that value. The kept value is the amount, or hours × the value of an hour."""
    require(actor, "impact.change_analysis", analysis)
    data = dict(data)
    _clean_texts(data, {"description_ar": (2, 300), "description_en": (0, 300), "contributor": (0, 200),
                        "valuation_basis": (0, 300)})
    for name, places in (("amount", 2), ("hours", 2), ("hourly_value", 2)):
        if name in data:
            data[name] = clean_number(data[name], field=name, places=places,
                                      maximum=Decimal(10_000_000) if name == "hours" else MAX_MONEY)
    _clean_positive_int(data, "position", maximum=999)
    if data.get("position") is None:
        data.pop("position", None)
    investment = _child(Investment, analysis, investment)
    assign_fields(investment, data, INVESTMENT_FIELDS)
    if investment.kind == InvestmentKind.VOLUNTEER_TIME:
        if investment.hours is None:
            raise InvalidInput(_("Enter the hours given."), field="hours")
        if investment.hourly_value is None:
            raise InvalidInput(_("Enter the value of an hour."), field="hourly_value")
        if not investment.valuation_basis:
            raise InvalidInput(_("State the basis on which an hour is valued."), field="valuation_basis")
        investment.amount = None
        investment.value = sroi.money(investment.hours * investment.hourly_value)
        if investment.value > MAX_MONEY:
            raise InvalidInput(_("Enter a number of at most %(maximum)s.") % {"maximum": MAX_MONEY}, field="hours")
    else:
        if investment.amount is None:
            raise InvalidInput(_("Enter the amount."), field="amount")
        investment.hours = investment.hourly_value = None
        investment.value = investment.amount
    clean_record(investment, exclude=["analysis"])
    _save_child(actor, analysis, investment, limit=MAX_INVESTMENTS,
                message=gettext_lazy("An analysis has at most %(count)s investments."))
    return investment


def investment_delete(*, actor: "User", investment: Investment) -> None:
    require(actor, "impact.change_analysis", investment)
    with transaction.atomic():
        analysis = _locked(investment.analysis)
        investment.delete()
        refresh_analysis(analysis)


def outcome_save(*, actor: "User", analysis: Analysis, data: dict[str, Any], stakeholder: Stakeholder | None,
                 outcome: Outcome | None = None, indicator: "Indicator | None" = KEEP) -> Outcome:
    """An outcome for one stakeholder group: its quantity (entered, or the indicator's approved value), the
    financial proxy and its source, the duration, the four reductions in percent and the evidence of each."""
    require(actor, "impact.change_analysis", analysis)
    data = dict(data)
    _clean_texts(data, {"title_ar": (3, 300), "title_en": (0, 300), "unit_ar": (0, 60), "unit_en": (0, 60),
                        "proxy_description_ar": (0, 300), "proxy_description_en": (0, 300),
                        "proxy_source": (0, 500)})
    for name in ("quantity", "proxy"):
        if name in data:
            data[name] = clean_number(data[name], field=name, places=4, required=True)
    for name in OUTCOME_PERCENTS:
        if name in data:
            data[name] = clean_percent(data[name], field=name)
    _clean_positive_int(data, "duration", minimum=1, maximum=MAX_DURATION, required="duration" in data)
    _clean_positive_int(data, "position", maximum=999)
    if data.get("position") is None:
        data.pop("position", None)
    outcome = _child(Outcome, analysis, outcome)
    if stakeholder is None or stakeholder.analysis_id != analysis.pk:
        raise InvalidInput(_("Choose a stakeholder group of this analysis."), field="stakeholder")
    outcome.stakeholder = stakeholder
    assign_fields(outcome, data, OUTCOME_FIELDS)
    if indicator is not KEEP:
        outcome.indicator = _owner_indicator(analysis.owner_type_id, analysis.owner_id, indicator, field="indicator")
    source = outcome.indicator
    if outcome.quantity_source == QuantitySource.INDICATOR:
        if source is None:
            raise InvalidInput(_("Choose the indicator the quantity comes from."), field="indicator")
        outcome.quantity = indicator_quantity(source)
    clean_record(outcome, exclude=["analysis", "stakeholder", "indicator"])
    _save_child(actor, analysis, outcome, limit=MAX_OUTCOMES,
                message=gettext_lazy("An analysis has at most %(count)s outcomes."))
    return outcome


def outcome_delete(*, actor: "User", outcome: Outcome) -> None:
    require(actor, "impact.change_analysis", outcome)
    with transaction.atomic():
        analysis = _locked(outcome.analysis)
        outcome.delete()
        refresh_analysis(analysis)


def indicator_quantity(indicator: "Indicator") -> Decimal:
    """The indicator's approved value (kept by the results framework), 0 until an update is approved."""
    value = indicator.actual_value
    return min(max(value, Decimal(0)), MAX_MONEY) if value is not None else Decimal(0)


# ---------------------------------------------------------------- the kept figures


def figures_of(analysis: Analysis, outcomes: Iterable[Outcome], investment: Decimal | None = None) -> sroi.Figures:
    if investment is None:
        investment = Investment.objects.filter(analysis=analysis).aggregate(total=Sum("value"))["total"] or Decimal(0)
    return sroi.Figures(
        outcomes=tuple(sroi.OutcomeFigures(
            key=outcome.pk, quantity=outcome.quantity, proxy=outcome.proxy, duration=outcome.duration,
            deadweight=outcome.deadweight, displacement=outcome.displacement, attribution=outcome.attribution,
            drop_off=outcome.drop_off) for outcome in outcomes),
        investment=Decimal(investment or 0), discount_rate=analysis.discount_rate)


def ranges_of(analysis: Analysis) -> sroi.Ranges:
    return sroi.Ranges(reduction_points=analysis.sensitivity_points,
                       proxy_percent=analysis.sensitivity_proxy_percent,
                       rate_low=analysis.sensitivity_rate_low, rate_high=analysis.sensitivity_rate_high)


# The kept columns' bounds: money 16 digits with 2 places, ratios 14 with 4 (a larger value failed on PostgreSQL
# and, on SQLite, was stored and failed every later read).
KEPT_MONEY_LIMIT = Decimal("1e14")
KEPT_RATIO_LIMIT = Decimal("1e10")


def _check_kept_figures(computation: sroi.Computation) -> None:
    """Refuse figures whose kept results no column holds: together with the analysis's other figures (its
    investment, its outcomes), so a conflict with its state rather than a bad value on its own."""
    money = [computation.present_value, computation.investment, computation.net_present_value]
    money += [sroi.money(value.year_one) for value in computation.outcomes]
    money += [sroi.money(value.present_value) for value in computation.outcomes]
    ratios = [value for value in (computation.ratio, computation.net_ratio) if value is not None]
    if any(abs(value) >= KEPT_MONEY_LIMIT for value in money) or any(abs(v) >= KEPT_RATIO_LIMIT for v in ratios):
        raise Conflict(_("With these figures the analysis's values would exceed what it can hold: check the "
                         "quantities, the proxies and the investment."), code="out_of_range")


def refresh_analysis(analysis: Analysis) -> sroi.Computation:
    """Recompute the analysis from its figures and keep the totals, the ratios and each outcome's values."""
    outcomes = list(Outcome.objects.filter(analysis=analysis).order_by("position", "pk"))
    computation = sroi.compute(figures_of(analysis, outcomes))
    _check_kept_figures(computation)
    for outcome, worked in zip(outcomes, computation.outcomes, strict=True):
        year_one, present = sroi.money(worked.year_one), sroi.money(worked.present_value)
        if (outcome.value_year_one, outcome.present_value) != (year_one, present):
            Outcome.objects.filter(pk=outcome.pk).update(value_year_one=year_one, present_value=present)
    kept = {"total_investment": computation.investment, "present_value": computation.present_value,
            "net_present_value": computation.net_present_value, "ratio": computation.ratio,
            "net_ratio": computation.net_ratio, "payback_months": computation.payback_months}
    Analysis.objects.filter(pk=analysis.pk).update(updated_at=timezone.now(), **kept)
    for name, value in kept.items():
        setattr(analysis, name, value)
    return computation


def refresh_from_indicator(indicator: "Indicator") -> int:
    """Draft analyses whose outcomes read this indicator take its new approved value (published ones are frozen)."""
    outcomes = list(Outcome.objects.filter(indicator=indicator, quantity_source=QuantitySource.INDICATOR,
                                           analysis__status=AnalysisStatus.DRAFT).select_related("analysis"))
    quantity = indicator_quantity(indicator)
    changed = {outcome.analysis_id: outcome.analysis for outcome in outcomes if outcome.quantity != quantity}
    if changed:
        Outcome.objects.filter(pk__in=[o.pk for o in outcomes if o.analysis_id in changed]).update(quantity=quantity)
        for analysis in changed.values():
            refresh_analysis(analysis)
    return len(changed)


# ---------------------------------------------------------------- review and publication


def analysis_problems(analysis: Analysis) -> list[str]:
    """What stops an analysis from going to review (each figure a reader needs to check the ratio)."""
    problems = []
    if not Stakeholder.objects.filter(analysis=analysis).exists():
        problems.append(_("Name at least one stakeholder group."))
    outcomes = list(Outcome.objects.filter(analysis=analysis).values("title_ar", "proxy_source", "quantity",
                                                                     "proxy"))
    if not outcomes:
        problems.append(_("Add at least one outcome."))
    problems.extend(_("State the source of the financial proxy of “%(outcome)s”.") % {"outcome": row["title_ar"]}
                    for row in outcomes if not row["proxy_source"])
    total = Investment.objects.filter(analysis=analysis).aggregate(total=Sum("value"))["total"] or 0
    if total <= 0:
        problems.append(_("Add the investment: the ratio divides by it."))
    return problems


def _reviewers_to_tell(analysis: Analysis) -> list["User"]:
    from musharaka.orgs.models import Membership

    members = set(Membership.objects.filter(organization_id__in=[analysis.organization_id,
                                                                  analysis.approver_organization_id])
                  .values_list("user_id", flat=True))
    return [reviewer.user for reviewer in Reviewer.objects.select_related("user")[:200]
            if reviewer.user_id not in members]


def analysis_submit(*, actor: "User", analysis: Analysis) -> Analysis:
    require(actor, "impact.submit_analysis", analysis)
    with transaction.atomic():
        analysis = _locked(analysis)
        for outcome in Outcome.objects.filter(analysis=analysis, quantity_source=QuantitySource.INDICATOR,
                                              indicator__isnull=False).select_related("indicator"):
            assert outcome.indicator is not None
            Outcome.objects.filter(pk=outcome.pk).update(quantity=indicator_quantity(outcome.indicator))
        refresh_analysis(analysis)
        problems = analysis_problems(analysis)
        if problems:
            raise Conflict(" ".join(problems), code="not_ready")
        analysis.status = AnalysisStatus.REVIEW
        analysis.submitted_at, analysis.submitted_by = timezone.now(), actor
        analysis._history_user = actor
        analysis.save()
        title = analysis.title_ar
        notify(users=_reviewers_to_tell(analysis),
               title_for=lambda: _("An SROI analysis awaits review: %(title)s") % {"title": title},
               url=analysis_url(analysis))
    return analysis


def analysis_return(*, actor: "User", analysis: Analysis, comment: str) -> Analysis:
    """Back to its preparers as a draft, with the reviewer's reasons."""
    require(actor, "impact.review_analysis", analysis)
    body = clean_text(comment, field="comment", min_length=3, max_length=4000)
    with transaction.atomic():
        analysis = _locked(analysis, status=AnalysisStatus.REVIEW)
        Comment.objects.create(analysis=analysis, author=actor, body=body)
        analysis.status = AnalysisStatus.DRAFT
        analysis._history_user = actor
        analysis.save()
        title = analysis.title_ar
        notify(users=[analysis.submitted_by] if analysis.submitted_by else [],
               title_for=lambda: _("Your SROI analysis was returned for revision: %(title)s") % {"title": title},
               body_for=lambda: body, url=analysis_url(analysis))
    return analysis


def analysis_publish(*, actor: "User", analysis: Analysis) -> Analysis:
    """Published and frozen; it becomes the version the owner's page shows, the earlier ones stay readable."""
    require(actor, "impact.review_analysis", analysis)
    with transaction.atomic():
        analysis = _locked(analysis, status=AnalysisStatus.REVIEW)
        refresh_analysis(analysis)
        earlier = list(Analysis.objects.filter(series=analysis.series).exclude(pk=analysis.pk)
                       .values_list("pk", flat=True))
        Analysis.objects.filter(pk__in=earlier).update(is_current=False)
        for pk in earlier:
            search.unindex(SEARCH_KIND, pk)
        search.index(SEARCH_KIND, analysis.pk, analysis.title_ar, analysis.title_en, analysis.scope_ar,
                     analysis.scope_en)
        analysis.status, analysis.is_current = AnalysisStatus.PUBLISHED, True
        analysis.published_at, analysis.published_by = timezone.now(), actor
        analysis._history_user = actor
        analysis.save()
        title = analysis.title_ar
        notify(users=[analysis.submitted_by] if analysis.submitted_by else [],
               title_for=lambda: _("Your SROI analysis was published: %(title)s") % {"title": title},
               url=analysis_url(analysis))
    return analysis


def analysis_revise(*, actor: "User", analysis: Analysis) -> Analysis:
    """A new draft version copied from the published one, which stays as it is."""
    require(actor, "impact.revise_analysis", analysis)
    with transaction.atomic():
        analysis = _locked(analysis, status=AnalysisStatus.PUBLISHED)
        if Analysis.objects.filter(series=analysis.series).exclude(status=AnalysisStatus.PUBLISHED).exists():
            raise Conflict(_("A revision of this analysis is already being prepared."), code="open_revision")
        latest = Analysis.objects.filter(series=analysis.series).order_by("-version").values_list(
            "version", flat=True).first() or analysis.version
        stakeholders = list(Stakeholder.objects.filter(analysis=analysis))
        investments = list(Investment.objects.filter(analysis=analysis))
        outcomes = list(Outcome.objects.filter(analysis=analysis))
        draft = Analysis.objects.get(pk=analysis.pk)
        draft.pk = None
        draft.status, draft.version, draft.previous, draft.is_current = AnalysisStatus.DRAFT, latest + 1, analysis, True
        draft.submitted_at = draft.submitted_by = draft.published_at = draft.published_by = None
        draft.created_by = actor
        draft._history_user = actor
        draft.save()
        moved = {}
        for stakeholder in stakeholders:
            old = stakeholder.pk
            stakeholder.pk, stakeholder.analysis = None, draft
            stakeholder.save()
            moved[old] = stakeholder
        for investment in investments:
            investment.pk, investment.analysis = None, draft
        Investment.objects.bulk_create(investments)
        for outcome in outcomes:
            outcome.pk, outcome.analysis, outcome.stakeholder = None, draft, moved[outcome.stakeholder_id]
        Outcome.objects.bulk_create(outcomes)
        refresh_analysis(draft)
    return draft


def analysis_url(analysis: Analysis) -> str:
    from django.urls import reverse

    return reverse("impact:analysis", kwargs={"analysis_id": analysis.pk})


# ---------------------------------------------------------------- comments


def check_figure(analysis: Analysis, figure: str) -> str:
    """A comment's figure key, checked: "" (the analysis), "analysis:<field>", or "<record>:<id>:<field>" of a
    record of this analysis."""
    figure = (figure or "").strip()
    if not figure:
        return ""
    parts = figure.split(":")
    if parts[0] == "analysis" and len(parts) == 2 and parts[1] in FIGURES["analysis"]:
        return figure
    known = len(parts) == 3 and parts[0] in FIGURE_RECORDS and parts[2] in FIGURES[parts[0]] and parts[1].isdigit()
    if known and FIGURE_RECORDS[parts[0]].objects.filter(pk=int(parts[1]), analysis=analysis).exists():
        return f"{parts[0]}:{int(parts[1])}:{parts[2]}"
    raise InvalidInput(_("Choose a figure of this analysis."), field="figure")


def comment_add(*, actor: "User", analysis: Analysis, body: str, figure: str = "") -> Comment:
    require(actor, "impact.comment_analysis", analysis)
    body = clean_text(body, field="body", min_length=2, max_length=4000)
    figure = check_figure(analysis, figure)
    with transaction.atomic():
        _locked(analysis, status=analysis.status)
        if Comment.objects.filter(analysis=analysis).count() >= MAX_COMMENTS:
            raise Conflict(_("An analysis has at most %(count)s comments.") % {"count": MAX_COMMENTS},
                           code="limit_reached")
        return Comment.objects.create(analysis=analysis, figure=figure, author=actor, body=body)


def comment_resolve(*, actor: "User", comment: Comment, resolved: bool = True) -> Comment:
    """The preparers mark a comment dealt with (or not); the analysis must still be open."""
    require(actor, "impact.comment_analysis", comment)
    comment.resolved = resolved
    comment.save(update_fields=["resolved"])
    return comment


# ---------------------------------------------------------------- reviewers


def reviewer_add(*, actor: "User", user: "User", note: str = "") -> Reviewer:
    require(actor, "impact.manage_reviewers")
    note = clean_text(note, field="note", max_length=300)
    reviewer, _created = Reviewer.objects.get_or_create(user=user, defaults={"note": note, "added_by": actor})
    if not _created and note != reviewer.note:
        reviewer.note = note
        reviewer.save(update_fields=["note"])
    return reviewer


def reviewer_remove(*, actor: "User", reviewer: Reviewer) -> None:
    require(actor, "impact.manage_reviewers")
    reviewer.delete()


# ---- parity15: the one rule for a refusal the analysis's state makes, used by the pages and the API alike
def check_allowed(*, actor: "User", permission: str, analysis: Analysis) -> None:
    """Refuse what `permission` refuses on the analysis: NotPermitted to one who may never do it, Conflict (409) to
    one who could in another state (the page says it as a message, the API as a 409)."""
    from musharaka.core.errors import NotPermitted
    from musharaka.core.permissions import can

    from . import rules

    if can(actor, permission, analysis):
        return
    state_needed = {
        "impact.change_analysis": (rules.prepares, AnalysisStatus.DRAFT),
        "impact.delete_analysis": (rules.prepares, AnalysisStatus.DRAFT),
        "impact.submit_analysis": (rules.prepares, AnalysisStatus.DRAFT),
        "impact.review_analysis": (rules.reviews & ~rules.sent_it_for_review, AnalysisStatus.REVIEW),
        "impact.revise_analysis": (rules.prepares, AnalysisStatus.PUBLISHED),
        "impact.comment_analysis": (rules.reviews | rules.prepares, None),
    }
    who, status = state_needed[permission]
    if actor.is_authenticated and who.test(actor, analysis):
        if permission == "impact.revise_analysis" and analysis.status == AnalysisStatus.PUBLISHED:
            raise Conflict(_("Only the current version of an analysis is revised."), code="not_current")
        if status is None:
            raise Conflict(_("A published analysis takes no more comments."), code="status_changed")
        raise Conflict(_("The analysis is no longer %(status)s: reload it.") % {"status": AnalysisStatus(status).label},
                       code="status_changed")
    raise NotPermitted()


# ---- volapi16: volunteer time taken from the verified hours of the initiative's volunteer opportunities
VOLUNTEERING_DESCRIPTION_AR = "ساعات التطوع الموثقة في فرص التطوع للمبادرة"


def investment_from_volunteering(*, actor: "User", analysis: Analysis) -> Investment:
    """A volunteer-time investment copied now from the verified hours of the volunteer opportunities linked to the
    analysis's initiative, valued at the value of an hour in force today for the initiative's region (its own, else
    the national one) on that value's stated basis; the description says the date of the copy. Taken again, it
    replaces the investment it made before (the hours are never counted twice). Refusals (409): the owner is no
    initiative (`not_an_initiative`), no verified hours (`no_hours`), no value of an hour (`no_hour_value`), a value
    in another currency than the analysis's (`other_currency`)."""
    from musharaka.initiatives.models import Initiative
    from musharaka.volunteering.models import EntryStatus, HourEntry
    from musharaka.volunteering.selectors import hour_value_in_force

    from .models import EvidenceGrade

    check_allowed(actor=actor, permission="impact.change_analysis", analysis=analysis)
    if analysis.owner_type.model_class() is not Initiative:
        raise Conflict(_("Only an analysis of an initiative takes the hours of its volunteer opportunities."),
                       code="not_an_initiative")
    initiative = Initiative.objects.get(pk=analysis.owner_id)
    hours = HourEntry.objects.filter(opportunity__initiative_id=initiative.pk, status=EntryStatus.VERIFIED).aggregate(
        total=Sum("hours"))["total"]
    if not hours:
        raise Conflict(_("The initiative's volunteer opportunities have no verified hours yet."), code="no_hours")
    today = timezone.localdate()
    found = hour_value_in_force(region_id=initiative.region_id, on=today)
    if found is None:
        raise Conflict(_("No value of a volunteer hour is in force: the platform's staff set one first."),
                       code="no_hour_value")
    value = found.value
    if value.currency != analysis.currency:
        raise Conflict(_("The value of an hour in force is in %(currency)s, not in the analysis's currency.")
                       % {"currency": value.currency}, code="other_currency")
    kept = Investment.objects.filter(analysis=analysis, kind=InvestmentKind.VOLUNTEER_TIME,
                                     description_ar__startswith=VOLUNTEERING_DESCRIPTION_AR).order_by("pk").first()
    basis = (f"{value.basis_ar} — {value.amount} {value.currency} "
             f"({'قيمة المنطقة' if found.regional else 'القيمة الوطنية'}، من {value.effective_from.isoformat()})")
    return investment_save(actor=actor, analysis=analysis, investment=kept, data={
        "kind": InvestmentKind.VOLUNTEER_TIME,
        "description_ar": f"{VOLUNTEERING_DESCRIPTION_AR} حتى {today.isoformat()}",
        "description_en": f"Verified volunteer hours of the initiative's opportunities up to {today.isoformat()}",
        "contributor": "متطوعو المبادرة", "hours": Decimal(hours).quantize(Decimal("0.01")),
        "hourly_value": value.amount, "valuation_basis": basis[:300], "grade": EvidenceGrade.VERIFIED})
