"""Reads of logic models and SROI analyses, shaped for pages and the API in a fixed number of queries.

Lists read rows with the kept totals (never recompute); the analysis page recomputes the year-by-year values and
the sensitivity runs from the stored figures, which is pure arithmetic over at most a few dozen outcomes.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from musharaka.core import search
from musharaka.core.errors import NotFound
from musharaka.core.permissions import can, is_platform_admin
from musharaka.orgs.roles import roles_of
from musharaka.results import owners

from . import sroi
from .models import (
    Analysis,
    AnalysisStatus,
    Comment,
    Investment,
    LogicItem,
    LogicModel,
    Outcome,
    Reviewer,
    Stage,
    Stakeholder,
)
from .rules import is_reviewer
from .services import SEARCH_KIND, figures_of, ranges_of

ANALYSIS_COLUMNS = ("id", "title_ar", "title_en", "kind", "status", "version", "series", "currency",
                    "discount_rate", "start_year", "total_investment", "present_value", "net_present_value", "ratio",
                    "net_ratio", "payback_months", "published_at", "updated_at", "owner_type_id", "owner_id",
                    "organization_id", "organization__name_ar", "organization__name_en", "is_current")


def get_analysis(*, user, analysis_id: int) -> Analysis:
    analysis = Analysis.objects.select_related("organization", "owner_type").filter(pk=analysis_id).first()
    if analysis is None or not can(user, "impact.view_analysis", analysis):
        raise NotFound()
    return analysis


def visible_analyses(user) -> QuerySet[Analysis]:
    """Published analyses for everyone (their owner's visibility is checked on the analysis page); drafts and
    reviews for their preparers; reviews for independent reviewers."""
    queryset = Analysis.objects.all()
    if is_platform_admin(user):
        return queryset
    roles = roles_of(user)
    mine = [organization_id for organization_id, role in roles.by_organization.items() if role in ("admin", "editor")]
    visible = Q(status=AnalysisStatus.PUBLISHED) | Q(organization_id__in=mine) | Q(approver_organization_id__in=mine)
    if is_reviewer(user):
        members = list(roles.by_organization)
        visible |= (Q(status=AnalysisStatus.REVIEW) & ~Q(organization_id__in=members)
                    & ~Q(approver_organization_id__in=members))
    return queryset.filter(visible)


def published_list(*, q: str | None = None, kind: str | None = None, organization: int | None = None,
                   currency: str | None = None) -> QuerySet:
    """Rows of the current published versions, newest first (the public list of analyses)."""
    queryset = Analysis.objects.filter(status=AnalysisStatus.PUBLISHED, is_current=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    if organization:
        queryset = queryset.filter(organization_id=organization)
    if currency:
        queryset = queryset.filter(currency=currency)
    if q:
        queryset = search.search(queryset, kind=SEARCH_KIND, query=q)
    return queryset.order_by("-published_at", "-pk").values(*ANALYSIS_COLUMNS)


def analyses_of(owner, user) -> list[dict[str, Any]]:
    """The owner's analyses this person may read, as rows (every version; current published first)."""
    rows = (visible_analyses(user).filter(owner_type=owners.content_type(owner), owner_id=owner.pk)
            .order_by("-is_current", "series", "-version").values(*ANALYSIS_COLUMNS))
    return list(rows)


def published_for(owner) -> list[dict[str, Any]]:
    """The current published analyses of an owner (its page's impact section)."""
    return list(Analysis.objects.filter(owner_type=owners.content_type(owner), owner_id=owner.pk,
                                        status=AnalysisStatus.PUBLISHED, is_current=True)
                .order_by("-published_at").values(*ANALYSIS_COLUMNS))


def review_queue(user) -> QuerySet:
    """Analyses under review this person may review (not their organisations', not the ones they sent)."""
    if not (is_platform_admin(user) or is_reviewer(user)):
        return Analysis.objects.none().values(*ANALYSIS_COLUMNS)
    members = list(roles_of(user).by_organization)
    queryset = Analysis.objects.filter(status=AnalysisStatus.REVIEW).exclude(submitted_by=user)
    if not is_platform_admin(user):
        queryset = queryset.exclude(organization_id__in=members).exclude(approver_organization_id__in=members)
    return queryset.order_by("submitted_at", "pk").values(*ANALYSIS_COLUMNS, "submitted_at")


def versions_of(analysis: Analysis, user) -> list[dict[str, Any]]:
    rows = (visible_analyses(user).filter(series=analysis.series).order_by("version")
            .values("id", "version", "status", "is_current", "published_at", "ratio"))
    return [dict(row) for row in rows]


@dataclass
class OutcomeLine:
    outcome: Outcome
    value: sroi.OutcomeValue
    years: list[Decimal]  # rounded for display
    present_values: list[Decimal]


@dataclass
class AnalysisPage:
    analysis: Analysis
    stakeholders: list[Stakeholder]
    investments: list[Investment]
    outcomes: list[OutcomeLine]
    computation: sroi.Computation
    runs: tuple[sroi.Run, ...]
    comments: dict[str, list[Comment]] = field(default_factory=dict)
    outcome_titles: dict[Any, str] = field(default_factory=dict)
    investment_by_kind: dict[str, Decimal] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return [self.analysis.start_year + index for index in range(len(self.computation.yearly_values))]


def analysis_page(analysis: Analysis, *, with_comments: bool = True) -> AnalysisPage:
    """Everything the analysis page, its report and its workbook show: four or five queries."""
    stakeholders = list(Stakeholder.objects.filter(analysis=analysis).order_by("position", "pk"))
    investments = list(Investment.objects.filter(analysis=analysis).order_by("position", "pk"))
    outcomes = list(Outcome.objects.filter(analysis=analysis).select_related("indicator")
                    .order_by("position", "pk"))
    by_stakeholder = {stakeholder.pk: stakeholder for stakeholder in stakeholders}
    for outcome in outcomes:
        outcome.stakeholder = by_stakeholder[outcome.stakeholder_id]
    total = sum((investment.value for investment in investments), Decimal(0))
    figures = figures_of(analysis, outcomes, investment=total)
    computation = sroi.compute(figures)
    minor = figures.minor_unit
    lines = [OutcomeLine(outcome=outcome, value=value,
                         years=[sroi.money(v, minor) for v in value.years],
                         present_values=[sroi.money(v, minor) for v in value.present_values])
             for outcome, value in zip(outcomes, computation.outcomes, strict=True)]
    by_kind: dict[str, Decimal] = defaultdict(Decimal)
    for investment in investments:
        by_kind[investment.kind] += investment.value
    comments: dict[str, list[Comment]] = defaultdict(list)
    if with_comments:
        for comment in Comment.objects.filter(analysis=analysis).select_related("author"):
            comments[comment.figure].append(comment)
    return AnalysisPage(analysis=analysis, stakeholders=stakeholders, investments=investments, outcomes=lines,
                        computation=computation, runs=sroi.sensitivity(figures, ranges_of(analysis)),
                        comments=dict(comments), outcome_titles={o.pk: o.title_ar for o in outcomes},
                        investment_by_kind=dict(by_kind))


def logic_model_page(owner) -> tuple[LogicModel | None, dict[str, list[LogicItem]]]:
    """The owner's logic model and its items by stage, in the chain's order (two queries)."""
    model = LogicModel.objects.filter(owner_type=owners.content_type(owner), owner_id=owner.pk).first()
    stages: dict[str, list[LogicItem]] = {stage: [] for stage in Stage.values}
    if model is not None:
        for item in LogicItem.objects.filter(logic_model=model).select_related("indicator").order_by("position",
                                                                                                       "pk"):
            stages[item.stage].append(item)
    return model, stages


def owner_indicators(owner) -> list[dict[str, Any]]:
    """The indicators of the owner's results, for the pickers of logic model items and outcomes."""
    from musharaka.results.models import Indicator

    rows = (Indicator.objects.filter(result__owner_type=owners.content_type(owner), result__owner_id=owner.pk)
            .order_by("result__position", "position", "pk")
            .values("id", "title_ar", "title_en", "actual_value", "unit_ar", "unit_en", "result__title_ar"))
    return [dict(row) for row in rows]


def reviewers() -> QuerySet:
    return Reviewer.objects.select_related("user").order_by("-added_at")
