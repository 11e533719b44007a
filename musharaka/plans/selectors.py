"""Reads of plans, shaped for pages and the API in a fixed number of queries whatever the plan's size: the needs
are read as rows with their kept figures, the goals and actions with their kept progress, the indicators of all
goals and actions in one go."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from musharaka.core import search
from musharaka.core.errors import NotFound
from musharaka.core.permissions import can, is_platform_admin
from musharaka.orgs.roles import roles_of
from musharaka.results.models import Result
from musharaka.results.selectors import results_of_many

from . import priority
from .models import (
    PUBLIC_STATUSES,
    RISK_SCALE,
    Action,
    Goal,
    Need,
    NeedStatus,
    NeedVote,
    ParticipantGroup,
    Plan,
    PlanVersion,
    PriorityCriterion,
    Risk,
    RiskStatus,
)
from .services import SEARCH_KIND

NEED_COLUMNS = ("id", "title", "description", "people_affected", "status", "source", "group", "vote_count",
                "votes_youth", "votes_women", "votes_elders", "votes_organisations", "votes_other", "matrix_score",
                "category_id", "category__name_ar", "category__name_en", "neighbourhood_id",
                "neighbourhood__name_ar", "neighbourhood__name_en", "merged_into_id", "created_at")


def visible_plans(user) -> QuerySet[Plan]:
    queryset = Plan.objects.all()
    if is_platform_admin(user):
        return queryset
    roles = roles_of(user)
    return queryset.filter(Q(status__in=PUBLIC_STATUSES) | Q(organization_id__in=list(roles.by_organization))
                           | Q(region_id__in=list(roles.coordinated_regions)))


def plan_list(*, user, region: int | None = None, city: int | None = None, status: str | None = None,
              organization: int | None = None, year: int | None = None, q: str | None = None) -> QuerySet:
    """Rows for the plans list (values, never instances), newest first."""
    queryset = visible_plans(user)
    if region:
        queryset = queryset.filter(region_id=region)
    if city:
        queryset = queryset.filter(city_id=city)
    if status:
        queryset = queryset.filter(status=status)
    if organization:
        queryset = queryset.filter(organization_id=organization)
    if year:
        queryset = queryset.filter(start_year__lte=year, end_year__gte=year)
    if q:
        words = q.split()
        for word in words[:5]:
            queryset = queryset.filter(Q(title_ar__icontains=word) | Q(title_en__icontains=word))
    return queryset.order_by("-start_year", "-pk").values(
        "id", "title_ar", "title_en", "status", "start_year", "end_year", "version", "need_count", "vote_count",
        "progress", "region__name_ar", "region__name_en", "city__name_ar", "city__name_en",
        "organization__name_ar", "organization__name_en")


def get_plan(*, user, plan_id: int) -> Plan:
    plan = Plan.objects.select_related("organization", "region", "city").filter(pk=plan_id).first()
    if plan is None or not can(user, "plans.view_plan", plan):
        raise NotFound()
    return plan


def need_rows(plan: Plan, *, statuses=(NeedStatus.OPEN,), q: str | None = None, category: int | None = None,
              neighbourhood: int | None = None) -> QuerySet:
    queryset = Need.objects.filter(plan=plan, status__in=statuses)
    if category:
        queryset = queryset.filter(category_id=category)
    if neighbourhood:
        queryset = queryset.filter(neighbourhood_id=neighbourhood)
    if q:
        queryset = search.matching(queryset, kind=SEARCH_KIND, query=q)
    return queryset.values(*NEED_COLUMNS).annotate(scored=Count("scores"))


@dataclass
class Prioritisation:
    """The ranked needs, combined and per participant group, and what the page says about the computation."""

    criteria: list[PriorityCriterion]
    rows: dict[int, dict]
    combined: list[priority.Ranked]
    by_group: dict[str, list[priority.Ranked]] = field(default_factory=dict)
    most_votes: int = 0
    matrix_share: int = 70


def prioritisation(plan: Plan, *, q: str | None = None) -> Prioritisation:
    """Every open need ranked (three queries): criteria, needs with their kept figures, nothing per need."""
    criteria = list(plan.criteria.all())
    rows = list(need_rows(plan, q=q))
    ranked = priority.rank(rows, matrix_share=plan.matrix_share, criteria_count=len(criteria))
    by_group = {group.value: priority.rank(rows, matrix_share=plan.matrix_share, criteria_count=len(criteria),
                                           group=group.value) for group in ParticipantGroup}
    return Prioritisation(criteria=criteria, rows={row["id"]: row for row in rows}, combined=ranked,
                          by_group=by_group, most_votes=max((row["vote_count"] for row in rows), default=0),
                          matrix_share=plan.matrix_share)


def my_votes(plan: Plan, user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(NeedVote.objects.filter(voter=user, need__plan=plan).values_list("need_id", flat=True))


def heat_map(plan: Plan) -> list[list[int]]:
    """Open risks counted by impact (rows, 5 at the top) and likelihood (columns 1–5)."""
    cells = [[0] * RISK_SCALE for _ in range(RISK_SCALE)]
    for likelihood, impact, count in (plan.risks.filter(status__in=(RiskStatus.OPEN, RiskStatus.MITIGATING))
                                      .values_list("likelihood", "impact").annotate(n=Count("pk"))
                                      .values_list("likelihood", "impact", "n")):
        cells[RISK_SCALE - impact][likelihood - 1] = count
    return cells


@dataclass
class PlanPage:
    plan: Plan
    goals: list[Goal]
    actions_by_goal: dict[int, list[Action]]
    results_by_goal: dict[int, list[Result]]
    results_by_action: dict[int, list[Result]]
    prioritisation: Prioritisation
    risks: list[Risk]
    heat_map: list[list[int]]
    versions: list[dict[str, Any]]
    neighbourhoods: list
    partners: list


def plan_page(plan: Plan) -> PlanPage:
    """Everything the plan page shows, in a fixed number of queries (asserted by the tests)."""
    goals = list(plan.goals.prefetch_related("alignments", Prefetch("needs", queryset=Need.objects.only(
        "id", "title", "plan_id"))).order_by("position", "pk"))
    actions = list(plan.actions.select_related("lead_organization").prefetch_related(
        "partners", Prefetch("initiatives", queryset=_initiative_rows())).order_by("goal_id", "position", "pk"))
    actions_by_goal: dict[int, list[Action]] = {}
    for action in actions:
        actions_by_goal.setdefault(action.goal_id, []).append(action)
    return PlanPage(
        plan=plan, goals=goals, actions_by_goal=actions_by_goal,
        results_by_goal=results_of_many(Goal, [g.pk for g in goals]),
        results_by_action=results_of_many(Action, [a.pk for a in actions]),
        prioritisation=prioritisation(plan),
        risks=list(plan.risks.select_related("action", "initiative").order_by("-score", "pk")),
        heat_map=heat_map(plan),
        versions=list(plan.versions.values("number", "approved_at", "note").order_by("number")),
        neighbourhoods=list(plan.neighbourhoods.values("id", "name_ar", "name_en")),
        partners=list(plan.partners.values("id", "name_ar", "name_en")),
    )


def _initiative_rows():
    from musharaka.initiatives.models import Initiative

    return Initiative.objects.only("id", "title_ar", "title_en", "status")


def plan_version(plan: Plan, number: int) -> PlanVersion:
    version = plan.versions.filter(number=number).first()
    if version is None:
        raise NotFound()
    return version
