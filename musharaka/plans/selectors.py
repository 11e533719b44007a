"""Reads of plans, shaped for pages and the API in a fixed number of queries whatever the plan's size: the needs
are read as rows with their kept figures, the goals and actions with their kept progress, the indicators of all
goals and actions in one go."""

from collections.abc import Mapping
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
from .services import PLAN_SEARCH_KIND, SEARCH_KIND

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
    if q:  # Arabic-normalised (alef forms, ta marbuta, diacritics…), like every search of the platform
        queryset = search.matching(queryset, kind=PLAN_SEARCH_KIND, query=q)
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
    versions: list[Mapping[str, Any]]
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


# ---- needs: similar needs (while typing and the team's suggested duplicates) and proven initiatives for a need

SIMILAR_NEED_WORDS = 8
SIMILAR_NEED_CANDIDATES = 40
SIMILAR_NEED_THRESHOLD = 0.2
DUPLICATE_THRESHOLD = 0.35
DUPLICATE_SCAN = 3000  # the newest open needs compared for duplicates (a plan rarely has more)
COMMON_WORD_SHARE = 0.25  # a word in more than this share of the plan's needs tells nothing about duplicates
SUGGESTION_CANDIDATES = 60
SUGGESTION_WORDS = 8


def need_words(text: str | None) -> set[str]:
    """The telling words of a need's text, Arabic-normalised (alef forms, ta marbuta, diacritics and tatweel
    folded, the article dropped), without function words or words of two letters."""
    from musharaka.core.arabic import tokens
    from musharaka.initiatives.selectors import STOP_WORDS

    return {word for word in tokens(text) if len(word) > 2 and word not in STOP_WORDS}


def need_similarity(title_a: str, text_a: str, title_b: str, text_b: str) -> float:
    """0…1: 0.6 × the shared words of the titles + 0.4 × the shared words of title and description (Jaccard)."""
    def jaccard(left: set[str], right: set[str]) -> float:
        return len(left & right) / len(left | right) if left and right else 0.0

    titles = jaccard(need_words(title_a), need_words(title_b))
    whole = jaccard(need_words(f"{title_a} {text_a}"), need_words(f"{title_b} {text_b}"))
    return round(0.6 * titles + 0.4 * whole, 4)


@dataclass
class SimilarNeed:
    id: int
    title: str
    vote_count: int
    similarity: float


def similar_needs(plan: Plan, *, title: str, description: str = "", exclude: int | None = None,
                  limit: int = 5) -> list[SimilarNeed]:
    """The plan's open needs most like a text being typed, best first (two queries): candidates from the search
    index sharing any telling word, then scored by need_similarity."""
    words = sorted(need_words(f"{title} {description}"))[:SIMILAR_NEED_WORDS * 2]
    if not words:
        return []
    queryset = Need.objects.filter(plan=plan, status=NeedStatus.OPEN)
    if exclude:
        queryset = queryset.exclude(pk=exclude)
    rows = search.search(queryset, kind=SEARCH_KIND, query=" ".join(words), any_word=True).values_list(
        "id", "title", "description", "vote_count")[:SIMILAR_NEED_CANDIDATES]
    found = [SimilarNeed(id=pk, title=need_title, vote_count=votes,
                         similarity=need_similarity(title, description, need_title, text))
             for pk, need_title, text, votes in rows]
    found = [item for item in found if item.similarity >= SIMILAR_NEED_THRESHOLD]
    found.sort(key=lambda item: (-item.similarity, -item.vote_count, item.id))
    return found[:limit]


@dataclass
class DuplicatePair:
    first: Mapping[str, Any]
    second: Mapping[str, Any]
    similarity: float


def duplicate_pairs(plan: Plan, *, limit: int = 30, threshold: float = DUPLICATE_THRESHOLD) -> list[DuplicatePair]:
    """Pairs of open needs that may say the same thing, most alike first (one query): only needs sharing a telling
    word are compared, and words most needs share are left out, so the work stays near linear."""
    rows = list(Need.objects.filter(plan=plan, status=NeedStatus.OPEN).order_by("-pk").values(
        "id", "title", "description", "vote_count", "neighbourhood_id", "category_id")[:DUPLICATE_SCAN])
    words = {row["id"]: need_words(f"{row['title']} {row['description']}") for row in rows}
    holders: dict[str, list[int]] = {}
    for pk, own in words.items():
        for word in own:
            holders.setdefault(word, []).append(pk)
    common = max(5, int(len(rows) * COMMON_WORD_SHARE))
    compared: set[tuple[int, int]] = set()
    for ids in holders.values():
        if len(ids) > common:
            continue
        for index, left in enumerate(ids):
            for right in ids[index + 1:]:
                compared.add((min(left, right), max(left, right)))
    by_id = {row["id"]: row for row in rows}
    pairs = []
    for left, right in compared:
        a, b = by_id[left], by_id[right]
        score = need_similarity(a["title"], a["description"], b["title"], b["description"])
        if score >= threshold:
            pairs.append(DuplicatePair(first=a, second=b, similarity=score))
    pairs.sort(key=lambda pair: (-pair.similarity, pair.first["id"], pair.second["id"]))
    return pairs[:limit]


def suggestions_for_need(need: Need, limit: int = 5) -> list:
    """Proven initiatives from OTHER regions for a need: published initiatives answering similar needs.

    Candidates: initiatives whose text shares the need's telling words (Arabic-normalised, through the search
    index) and, when they are too few, initiatives on the axis of the need's category. Relevance = the text's
    search rank scaled to 0…1 + 0.5 when the axis is shared. Shown successful experiences first, then the most
    replicated, then by relevance; each initiative carries `similarity` (its relevance) and `shares_axis`.
    Four queries whatever the number of initiatives."""
    from musharaka.initiatives.models import PUBLISHED_STATUSES, Initiative
    from musharaka.initiatives.services import SEARCH_KIND as INITIATIVE_KIND

    from .models import NeedCategory

    plan = need.plan
    axis_id = NeedCategory.objects.filter(pk=need.category_id).values_list("axis_id", flat=True).first()
    base = Initiative.objects.filter(status__in=PUBLISHED_STATUSES).exclude(region_id=plan.region_id)
    words = sorted(need_words(f"{need.title} {need.description}"))[:SUGGESTION_WORDS]
    text_rank: dict[int, float] = {}
    if words:
        ranked = search.search(base, kind=INITIATIVE_KIND, query=" ".join(words), any_word=True)
        for pk, rank in ranked.values_list("pk", "search_rank")[:SUGGESTION_CANDIDATES]:
            text_rank[pk] = float(rank or 0.0)
    on_axis: set[int] = set()
    if axis_id:
        on_axis = set(base.filter(axes=axis_id, pk__in=list(text_rank)).values_list("pk", flat=True))
        if len(text_rank) < limit * 2:
            # Too few texts alike: the axis's own proven experiences fill in.
            on_axis |= set(base.filter(axes=axis_id).order_by("-is_success_story", "-replication_count", "-pk")
                           .values_list("pk", flat=True)[:SUGGESTION_CANDIDATES])
    best = max(text_rank.values(), default=0.0) or 1.0
    relevance = {pk: text_rank.get(pk, 0.0) / best + (0.5 if pk in on_axis else 0.0)
                 for pk in set(text_rank) | on_axis}
    if not relevance:
        return []
    chosen = list(Initiative.objects.filter(pk__in=list(relevance)).select_related("region", "lead_organization")
                  .only("id", "title_ar", "title_en", "summary_ar", "summary_en", "status", "is_success_story",
                        "replication_count", "region__name_ar", "region__name_en", "lead_organization__name_ar",
                        "lead_organization__name_en"))
    for initiative in chosen:
        initiative.similarity = round(relevance[initiative.pk], 4)
        initiative.shares_axis = initiative.pk in on_axis
    chosen.sort(key=lambda i: (not i.is_success_story, -i.replication_count, -i.similarity, -i.pk))
    return chosen[:limit]
