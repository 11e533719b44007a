"""Reads of the results framework, shaped for pages and the API in a fixed number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.models import Role
from musharaka.orgs.roles import roles_of

from . import rollup
from .models import Indicator, Period, Result, Update, UpdateStatus
from .rules import is_staff_of


def results_of(owner) -> list[Result]:
    """The owner's results with their indicators, periods and approved updates (five queries)."""
    return results_of_many(type(owner), [owner.pk]).get(owner.pk, [])


def results_of_many(model, owner_ids: Iterable[int]) -> dict[int, list[Result]]:
    """Results of many owners of one model at once, by owner id (the plan page reads every goal's and action's)."""
    owner_type = ContentType.objects.get_for_model(model)
    rows = (Result.objects.filter(owner_type=owner_type, owner_id__in=list(owner_ids))
            .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.prefetch_related(
                "dimensions",
                Prefetch("periods", queryset=Period.objects.order_by("start", "pk")),
            ))).order_by("position", "pk"))
    found: dict[int, list[Result]] = {}
    for result in rows:
        found.setdefault(result.owner_id, []).append(result)
    return found


def period_updates(period: Period, *, user) -> QuerySet[Update]:
    """A period's updates as this person may read them: approved ones for every reader of the result; drafts,
    pending and returned ones for those who report or approve."""
    queryset = period.updates.select_related("author", "reviewed_by").prefetch_related(
        "evidence", "disaggregations__dimension_value")
    result = period.indicator.result
    roles = roles_of(user)
    staff = (Role.ADMIN, Role.EDITOR)
    insider = (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False)
               or roles.role_in(result.organization_id) in staff or roles.role_in(result.approver_organization_id)
               in staff)
    if not insider:
        queryset = queryset.filter(status=UpdateStatus.APPROVED)
    return queryset.order_by("created_at", "pk")


def approval_queue(*, user) -> QuerySet[Update]:
    """Pending updates this person may approve (their organisations' staff role; never their own)."""
    roles = roles_of(user)
    organisations = [org for org, role in roles.by_organization.items() if role in (Role.ADMIN, Role.EDITOR)]
    queryset = Update.objects.filter(status=UpdateStatus.PENDING)
    if not (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False)):
        queryset = queryset.filter(period__indicator__result__approver_organization_id__in=organisations)
    return (queryset.exclude(author=user).select_related("period__indicator__result", "author")
            .order_by("submitted_at", "pk"))


# ---- results (pages): the reusable results section and the indicator page


def owner_kind(model) -> str:
    """The name an owner model goes by in URLs (initiative, goal, action): its model name."""
    return model._meta.model_name


def owner_model(kind: str):
    """The registered owner model of a URL's owner_kind, or None."""
    from . import owners

    return owners.model_named(kind)


@dataclass
class IndicatorRow:
    indicator: Indicator
    periods: list[Period]
    pending: int  # updates awaiting approval (shown to insiders only)
    target: Decimal | None  # the indicator's overall target (rollup.overall_target)

    @property
    def percent(self) -> int | None:
        progress = self.indicator.progress
        return None if progress is None else int((progress * 100).to_integral_value())


@dataclass
class ResultRow:
    result: Result
    indicators: list[IndicatorRow]
    can_manage: bool
    can_report: bool


@dataclass
class Section:
    """What `results/_section.html` shows for one owner: its results → indicators → periods, and what the reader
    may do (add a result, edit, report, review)."""

    owner: object
    kind: str
    results: list[ResultRow]
    can_manage: bool  # may add results to this owner
    insider: bool  # sees pending counts

    @property
    def owner_id(self) -> int:
        return self.owner.pk  # type: ignore[attr-defined]


def _section(owner, results: list[Result], user, manage: bool, report: bool) -> Section:
    rows = []
    for result in results:
        result_manage = is_platform_admin(user) or is_staff_of(user, result.approver_organization_id)
        result_report = result_manage or is_staff_of(user, result.organization_id)
        indicators = []
        for indicator in result.indicators.all():
            periods = list(indicator.periods.all())
            indicators.append(IndicatorRow(
                indicator=indicator, periods=periods, pending=sum(p.pending_count for p in periods),
                target=rollup.overall_target(indicator.measure, indicator.cumulative,
                                             [p.target_value for p in periods])))
        rows.append(ResultRow(result=result, indicators=indicators, can_manage=result_manage,
                              can_report=result_report))
    return Section(owner=owner, kind=owner_kind(type(owner)), results=rows, can_manage=manage,
                   insider=report or any(r.can_report for r in rows))


def sections_for(model, owner_records: Iterable, user) -> dict[int, Section]:
    """The results sections of many owners of one model, by owner id, in a fixed number of queries (four, plus the
    reader's roles once) — the plan page calls it for its goals and its actions."""
    from . import owners

    records = list(owner_records)
    found = results_of_many(model, [record.pk for record in records]) if records else {}
    adapter = owners.owner_of(model)
    sections = {}
    for record in records:
        reporting_id, approving_id = adapter.organizations(record)
        manage = is_platform_admin(user) or is_staff_of(user, approving_id)
        report = manage or is_staff_of(user, reporting_id)
        sections[record.pk] = _section(record, found.get(record.pk, []), user, manage, report)
    return sections


def section_for(owner, user) -> Section:
    """One owner's results section (see sections_for)."""
    return sections_for(type(owner), [owner], user)[owner.pk]


@dataclass
class PeriodBlock:
    period: Period
    updates: list[Update]


@dataclass
class DimensionBlock:
    dimension: object
    rows: list[tuple[object, Decimal | None]]  # (dimension value, its actual)
    unspecified: Decimal | None
    complete: bool


def indicator_page(indicator: Indicator, *, user) -> dict:
    """The indicator page: its periods with the updates this person may read, the breakdown per dimension (by the
    roll-up rules, with what is not specified) and the trend of actual against target — a fixed number of
    queries whatever the number of periods and updates."""
    from .services import approved_figures

    periods = list(indicator.periods.order_by("start", "pk"))
    result = indicator.result
    insider = (is_platform_admin(user) or is_staff_of(user, result.organization_id)
               or is_staff_of(user, result.approver_organization_id))
    updates = (Update.objects.filter(period__indicator=indicator).select_related("author", "reviewed_by")
               .prefetch_related("evidence", "disaggregations__dimension_value").order_by("created_at", "pk"))
    if not insider:
        updates = updates.filter(status=UpdateStatus.APPROVED)
    by_period: dict[int, list[Update]] = {period.pk: [] for period in periods}
    for update in updates:
        by_period[update.period_id].append(update)
    figures = approved_figures(indicator)
    flat = [f for period_figures in figures for f in period_figures]
    dimensions = []
    for dimension in indicator.dimensions.prefetch_related("values"):
        values = list(dimension.values.all())
        if indicator.cumulative:
            source = next((period_figures for period_figures in reversed(figures) if period_figures), [])
        else:
            source = flat
        found = rollup.breakdown(indicator.measure, indicator.cumulative, source, [v.code for v in values])
        dimensions.append(DimensionBlock(dimension=dimension, rows=[(v, found.by_value[v.code]) for v in values],
                                         unspecified=found.unspecified, complete=found.complete))
    trend = [{"label": f"{p.start:%Y-%m-%d}", "target": None if p.target_value is None else float(p.target_value),
              "actual": None if p.actual_value is None else float(p.actual_value)} for p in periods]
    return {"periods": [PeriodBlock(period=p, updates=by_period[p.pk]) for p in periods], "dimensions": dimensions,
            "trend": trend, "insider": insider,
            "target": rollup.overall_target(indicator.measure, indicator.cumulative, [p.target_value for p in periods])}
