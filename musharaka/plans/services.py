"""Every write to local development plans: the plan and its statuses and versions; the needs assessment (needs,
evidence, merging, the scoring matrix, votes); vision, goals and actions (with replication of a proven initiative);
periodic reviews; risks.

Kept on write, in the same transaction: the plan's need and vote counts, each need's votes per group and matrix
score, and the progress of actions, goals and the plan (`refresh_progress`, by the rule of priority.py; called by the
results framework whenever an indicator of a goal or an action changes).
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core import search
from musharaka.core.errors import Conflict, InvalidInput, NotFound
from musharaka.core.files import ATTACHMENT_MAX_BYTES, validate_document_upload
from musharaka.core.permissions import require
from musharaka.core.records import assign_fields, clean_record
from musharaka.core.text import clean_text
from musharaka.geo.models import City, Neighbourhood
from musharaka.initiatives.models import Initiative
from musharaka.orgs.models import Organization
from musharaka.results.models import Indicator, Result

from . import priority
from .models import (
    MAX_CRITERION_SCORE,
    PLAN_MOVES,
    WEIGHT_TOTAL,
    Action,
    ActionStatus,
    Alignment,
    Goal,
    GoalRating,
    Need,
    NeedCategory,
    NeedEvidence,
    NeedScore,
    NeedStatus,
    NeedVote,
    ParticipantGroup,
    Plan,
    PlanStatus,
    PlanVersion,
    PriorityCriterion,
    Review,
    ReviewRating,
    Risk,
)

if TYPE_CHECKING:
    from musharaka.accounts.models import User

SEARCH_KIND = "plan_need"
PLAN_SEARCH_KIND = "plan"  # plans' titles and summaries, for the plans list's Arabic-normalised search
MAX_CRITERIA = 12
MAX_GOALS = 40
MAX_ACTIONS = 300
MAX_NEEDS_PER_PERSON = 50
MAX_EVIDENCE = 20
GROUP_COLUMNS = {group.value: f"votes_{group.value}" for group in ParticipantGroup}

PLAN_FIELDS = ("title_ar", "title_en", "summary_ar", "summary_en", "region", "city", "start_year", "end_year",
               "consultation_closes_on", "matrix_share")
VISION_FIELDS = ("vision_ar", "vision_en")
GOAL_FIELDS = ("title_ar", "title_en", "description_ar", "description_en", "position")
ACTION_FIELDS = ("title_ar", "title_en", "description_ar", "description_en", "lead_organization", "budget",
                 "currency", "funding_source", "start_date", "end_date", "status", "position", "need")
RISK_FIELDS = ("title", "description", "category", "likelihood", "impact", "owner", "mitigation", "contingency",
               "status", "review_date", "action", "initiative")
REVIEW_FIELDS = ("kind", "held_on", "event", "findings_ar", "decisions_ar", "opens_revision")
CRITERION_FIELDS = ("name_ar", "name_en", "guidance_ar", "guidance_en", "weight", "position")


def _texts(data: dict[str, Any], limits: dict[str, tuple[int, int]]) -> dict[str, Any]:
    data = dict(data)
    for name, (min_length, max_length) in limits.items():
        if name in data:
            data[name] = clean_text(data[name] or "", field=name, max_length=max_length, min_length=min_length)
    return data


def _require_editable(plan: Plan) -> None:
    if not plan.is_editable:
        raise Conflict(_("The plan is %(status)s: its content changes through a revision.")
                       % {"status": plan.get_status_display()}, code="not_editable")


def _locked_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


# ---------------------------------------------------------------- plans


def _clean_area(plan: Plan, neighbourhoods: Iterable[int | Neighbourhood] | None) -> list[int] | None:
    if plan.city_id and City.objects.filter(pk=plan.city_id).values_list("region_id", flat=True).first() \
            != plan.region_id:
        raise InvalidInput(_("The city is not in the plan's region."), field="city")
    if neighbourhoods is None:
        return None
    ids = {n.pk if isinstance(n, Neighbourhood) else int(n) for n in neighbourhoods}
    if not ids:
        return []
    if not plan.city_id:
        raise InvalidInput(_("Choose the city before its neighbourhoods."), field="neighbourhoods")
    if Neighbourhood.objects.filter(pk__in=ids, city_id=plan.city_id).count() != len(ids):
        raise InvalidInput(_("Choose neighbourhoods of the plan's city."), field="neighbourhoods")
    return sorted(ids)


def _clean_plan(plan: Plan, data: dict[str, Any]) -> None:
    data = _texts(data, {"title_ar": (5, 250), "title_en": (0, 250), "summary_ar": (0, 4000), "summary_en": (0, 4000)})
    assign_fields(plan, data, PLAN_FIELDS)
    clean_record(plan, exclude=["organization"])
    if plan.end_year < plan.start_year:
        raise InvalidInput(_("The plan ends before it starts."), field="end_year")
    if plan.end_year - plan.start_year > 30:
        raise InvalidInput(_("A plan covers at most 30 years."), field="end_year")


def plan_create(*, actor: "User", organization: Organization, data: dict[str, Any],
                neighbourhoods: Iterable[int | Neighbourhood] | None = None) -> Plan:
    require(actor, "plans.add_plan", organization)
    plan = Plan(organization=organization, created_by=actor)
    _clean_plan(plan, data)
    neighbourhood_ids = _clean_area(plan, neighbourhoods)
    with transaction.atomic():
        plan._history_user = actor
        plan.save()
        if neighbourhood_ids:
            plan.neighbourhoods.set(neighbourhood_ids)
        _default_criteria(plan)
        search.index(PLAN_SEARCH_KIND, plan.pk, *plan_search_texts(plan))
    return plan


def plan_search_texts(plan: Plan) -> tuple[str, ...]:
    return plan.title_ar, plan.title_en, plan.summary_ar, plan.summary_en


# The matrix every plan starts with (the team changes it; the weights sum to 100).
DEFAULT_CRITERIA = [
    ("شدة الاحتياج", "Severity", "5: يمس الصحة أو السلامة أو الكرامة مباشرة", "5: touches health, safety or dignity", 30),
    ("عدد المتأثرين", "People affected", "5: أكثر من ربع سكان النطاق", "5: more than a quarter of the area's people", 20),
    ("الإلحاح", "Urgency", "5: يتفاقم خلال أشهر إن لم يعالج", "5: worsens within months if not addressed", 15),
    ("قابلية التنفيذ", "Feasibility", "5: ممكن بالموارد والصلاحيات القائمة", "5: doable with existing means", 15),
    ("الكلفة", "Cost", "5: منخفضة الكلفة قياسا بالأثر", "5: low cost for the effect", 10),
    ("الاتساق مع الأولويات", "Alignment", "5: يخدم هدفا وطنيا أو إقليميا معلنا", "5: serves a stated objective", 10),
]


def _default_criteria(plan: Plan) -> None:
    PriorityCriterion.objects.bulk_create([
        PriorityCriterion(plan=plan, name_ar=name_ar, name_en=name_en, guidance_ar=guide_ar, guidance_en=guide_en,
                          weight=weight, position=position)
        for position, (name_ar, name_en, guide_ar, guide_en, weight) in enumerate(DEFAULT_CRITERIA)
    ])


def plan_update(*, actor: "User", plan: Plan, data: dict[str, Any],
                neighbourhoods: Iterable[int | Neighbourhood] | None = None) -> Plan:
    require(actor, "plans.change_plan", plan)
    _require_editable(plan)
    _clean_plan(plan, data)
    neighbourhood_ids = _clean_area(plan, neighbourhoods)
    with transaction.atomic():
        plan._history_user = actor
        plan.save(update_fields=[*PLAN_FIELDS, "updated_at"])  # never the kept counts: a vote meanwhile stays
        if neighbourhood_ids is not None:
            plan.neighbourhoods.set(neighbourhood_ids)
        search.index(PLAN_SEARCH_KIND, plan.pk, *plan_search_texts(plan))
    return plan


def plan_set_vision(*, actor: "User", plan: Plan, data: dict[str, Any]) -> Plan:
    require(actor, "plans.change_plan", plan)
    _require_editable(plan)
    data = _texts(data, {"vision_ar": (0, 4000), "vision_en": (0, 4000)})
    assign_fields(plan, data, VISION_FIELDS)
    plan._history_user = actor
    plan.save(update_fields=[*VISION_FIELDS, "updated_at"])  # never the kept counts
    return plan


def plan_set_partners(*, actor: "User", plan: Plan, organizations: Iterable[int | Organization]) -> Plan:
    require(actor, "plans.change_plan", plan)
    _require_editable(plan)
    ids = {o.pk if isinstance(o, Organization) else int(o) for o in organizations}
    if Organization.objects.filter(pk__in=ids).count() != len(ids):
        raise InvalidInput(_("Choose organisations from the list."), field="partners")
    plan.partners.set(ids - {plan.organization_id})
    return plan


def plan_problems(plan: Plan, target: str) -> list[str]:
    """What stops the plan from moving to `target` (empty when nothing does)."""
    problems: list[str] = []
    if target not in PLAN_MOVES.get(plan.status, ()):
        return [_("A plan cannot go from “%(current)s” to “%(target)s”.")
                % {"current": plan.get_status_display(), "target": PlanStatus(target).label}]
    if target == PlanStatus.APPROVED:
        if not plan.vision_ar.strip():
            problems.append(_("Write the plan's vision."))
        goals = list(plan.goals.all())
        if not goals:
            problems.append(_("Add at least one goal."))
        # One query for every goal (the plan page asks this for each move it offers).
        with_actions = set(Action.objects.filter(plan=plan).exclude(status=ActionStatus.CANCELLED)
                           .values_list("goal_id", flat=True).distinct())
        goals_without_actions = [g for g in goals if g.pk not in with_actions]
        for goal in goals_without_actions:
            problems.append(_("The goal “%(goal)s” has no action.") % {"goal": goal.title_ar})
        if plan.status == PlanStatus.CONSULTATION and not plan.needs.filter(status=NeedStatus.OPEN).exists():
            problems.append(_("The consultation gathered no need yet."))
    if target == PlanStatus.CONSULTATION:
        weights = sum(plan.criteria.values_list("weight", flat=True))
        if weights != WEIGHT_TOTAL:
            problems.append(_("The prioritisation criteria weigh %(total)s in all; they must weigh 100.")
                            % {"total": weights})
    return problems


def plan_move(*, actor: "User", plan: Plan, target: str, note: str = "") -> Plan:
    """Move the plan to another status. Approving stores the version as a frozen snapshot; a revision (from an
    approved plan or a review) opens the next version for editing."""
    require(actor, "plans.change_plan", plan)
    note = clean_text(note, field="note", max_length=4000)
    with transaction.atomic():
        plan = _locked_plan(plan)
        problems = plan_problems(plan, target)
        if problems:
            raise Conflict(" ".join(problems), code="cannot_move")
        now = timezone.now()
        if target == PlanStatus.APPROVED:
            PlanVersion.objects.create(plan=plan, number=plan.version, snapshot=plan_snapshot(plan), note=note,
                                       approved_at=now, approved_by=actor)
            plan.approved_at = now
        if target == PlanStatus.REVISED:
            plan.version = plan.versions.count() + 1
        plan.status = target
        plan._history_user = actor
        plan._change_reason = note[:100]  # the history keeps 100 characters (the version keeps the whole note)
        plan.save()
    return plan


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    """The plan's content as it reads: what a version keeps (and what the differences compare)."""
    goals = list(plan.goals.prefetch_related("needs", "alignments").order_by("position", "pk"))
    actions = list(plan.actions.select_related("lead_organization").prefetch_related("partners", "initiatives")
                   .order_by("goal_id", "position", "pk"))
    indicators = _indicators_by_owner(plan)
    return {
        "title_ar": plan.title_ar, "title_en": plan.title_en, "summary_ar": plan.summary_ar,
        "vision_ar": plan.vision_ar, "vision_en": plan.vision_en, "start_year": plan.start_year,
        "end_year": plan.end_year, "region": plan.region_id, "city": plan.city_id,
        "goals": [{
            "id": goal.pk, "title_ar": goal.title_ar, "title_en": goal.title_en, "description_ar": goal.description_ar,
            "needs": sorted(n.title for n in goal.needs.all()),
            "alignments": sorted(f"{a.code} {a.name_ar}" for a in goal.alignments.all()),
            "indicators": indicators.get(("goal", goal.pk), []),
            "actions": [{
                "id": action.pk, "title_ar": action.title_ar, "description_ar": action.description_ar,
                "lead": action.lead_organization.name_ar,
                "partners": sorted(p.name_ar for p in action.partners.all()),
                "budget": str(action.budget) if action.budget is not None else None, "currency": action.currency,
                "funding_source": action.funding_source, "status": action.status,
                "start_date": action.start_date.isoformat() if action.start_date else None,
                "end_date": action.end_date.isoformat() if action.end_date else None,
                "initiatives": sorted(i.title_ar for i in action.initiatives.all()),
                "indicators": indicators.get(("action", action.pk), []),
            } for action in actions if action.goal_id == goal.pk],
        } for goal in goals],
    }


def _indicators_by_owner(plan: Plan) -> dict[tuple[str, int], list[dict]]:
    from django.contrib.contenttypes.models import ContentType

    goal_type, action_type = ContentType.objects.get_for_model(Goal), ContentType.objects.get_for_model(Action)
    goal_ids = list(plan.goals.values_list("pk", flat=True))
    action_ids = list(plan.actions.values_list("pk", flat=True))
    rows = Indicator.objects.filter(
        result__owner_type__in=[goal_type, action_type],
        result__owner_id__in=goal_ids + action_ids,
    ).select_related("result").prefetch_related("periods").order_by("result__position", "position", "pk")
    found: dict[tuple[str, int], list[dict]] = {}
    for indicator in rows:
        kind = "goal" if indicator.result.owner_type_id == goal_type.pk else "action"
        if (kind == "goal" and indicator.result.owner_id not in goal_ids) or \
                (kind == "action" and indicator.result.owner_id not in action_ids):
            continue
        found.setdefault((kind, indicator.result.owner_id), []).append({
            "title_ar": indicator.title_ar, "measure": indicator.measure, "unit_ar": indicator.unit_ar,
            "baseline": str(indicator.baseline_value) if indicator.baseline_value is not None else None,
            "targets": [[p.start.isoformat(), p.end.isoformat(),
                         str(p.target_value) if p.target_value is not None else None] for p in indicator.periods.all()],
        })
    return found


def plan_delete(*, actor: "User", plan: Plan) -> None:
    require(actor, "plans.change_plan", plan)
    if plan.status != PlanStatus.DRAFT or plan.versions.exists():
        raise Conflict(_("Only a draft plan that was never approved can be deleted."), code="not_draft")
    with transaction.atomic():
        Result.objects.filter(owner_id__in=list(plan.goals.values_list("pk", flat=True)),
                              owner_type__model="goal", owner_type__app_label="plans").delete()
        Result.objects.filter(owner_id__in=list(plan.actions.values_list("pk", flat=True)),
                              owner_type__model="action", owner_type__app_label="plans").delete()
        search.unindex(PLAN_SEARCH_KIND, plan.pk)
        plan.delete()


# ---------------------------------------------------------------- needs


def _clean_need(need: Need, data: dict[str, Any]) -> None:
    data = _texts(data, {"title": (5, 200), "description": (10, 4000)})
    if "category" in data and not isinstance(data["category"], NeedCategory):
        data["category"] = NeedCategory.objects.filter(pk=data["category"]).first()
        if data["category"] is None:
            raise InvalidInput(_("Choose a category from the list."), field="category")
    assign_fields(need, data, ("title", "description", "category", "people_affected", "group", "neighbourhood"))
    if need.neighbourhood_id:
        allowed = need.plan.neighbourhoods.values_list("pk", flat=True)
        in_area = need.neighbourhood_id in set(allowed) if allowed.exists() else \
            Neighbourhood.objects.filter(pk=need.neighbourhood_id, city__region_id=need.plan.region_id).filter(
                **({"city_id": need.plan.city_id} if need.plan.city_id else {})).exists()
        if not in_area:
            raise InvalidInput(_("Choose a neighbourhood of the plan's area."), field="neighbourhood")
    clean_record(need, exclude=["plan", "merged_into", "submitted_by", "category", "neighbourhood"])


def need_submit(*, actor: "User", plan: Plan, data: dict[str, Any]) -> Need:
    """A resident's need, during the consultation."""
    require(actor, "plans.submit_need", plan)
    need = Need(plan=plan, submitted_by=actor, source="resident")
    _clean_need(need, data)
    with transaction.atomic():
        if Need.objects.filter(plan=plan, submitted_by=actor).count() >= MAX_NEEDS_PER_PERSON:
            raise InvalidInput(_("You have submitted the most needs one person may submit to a plan."))
        need._history_user = actor
        need.save()
        Plan.objects.filter(pk=plan.pk).update(need_count=F("need_count") + 1)
        _index_need(need)
    return need


def need_add(*, actor: "User", plan: Plan, data: dict[str, Any], source: str = "study") -> Need:
    """A need the plan's team records (from a study, statistics, a field visit)."""
    require(actor, "plans.moderate_needs", plan)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.CONSULTATION, PlanStatus.REVISED):
        raise Conflict(_("Needs are gathered while the plan is prepared, consulted on or revised."), code="closed")
    need = Need(plan=plan, submitted_by=actor, source=source if source in ("study", "coordinator") else "study")
    _clean_need(need, data)
    with transaction.atomic():
        need._history_user = actor
        need.save()
        Plan.objects.filter(pk=plan.pk).update(need_count=F("need_count") + 1)
        _index_need(need)
    return need


def need_update(*, actor: "User", need: Need, data: dict[str, Any]) -> Need:
    """The team edits a need's wording or category (e.g. after a resident's vague description)."""
    require(actor, "plans.moderate_needs", need)
    _clean_need(need, data)
    need._history_user = actor
    need.save()
    _index_need(need)
    return need


def _index_need(need: Need) -> None:
    search.index(SEARCH_KIND, need.pk, need.title, need.description)


def need_set_status(*, actor: "User", need: Need, status: str, reason: str = "") -> Need:
    """Retain a need again, or set it aside with a reason (merging has its own service)."""
    require(actor, "plans.moderate_needs", need)
    if status not in (NeedStatus.OPEN, NeedStatus.REJECTED):
        raise InvalidInput(_("Choose a status from the list."), field="status")
    reason = clean_text(reason, field="reason", max_length=500, min_length=3 if status == NeedStatus.REJECTED else 0)
    with transaction.atomic():
        locked = Need.objects.select_for_update().get(pk=need.pk)
        if locked.status == NeedStatus.MERGED:
            raise Conflict(_("This need was merged into another."), code="merged")
        locked.status, locked.status_reason = status, reason
        locked._history_user = actor
        locked.save()
    return locked


def need_merge(*, actor: "User", duplicate: Need, into: Need) -> Need:
    """Merge a duplicate into another need of the same plan: the duplicate's votes move (a person who voted for both
    keeps one), its evidence follows, and it points to the need it joined."""
    require(actor, "plans.moderate_needs", duplicate)
    if duplicate.pk == into.pk:
        raise InvalidInput(_("Merge a need into another need of the same plan."), field="into")
    if duplicate.plan_id != into.plan_id:  # two needs that exist, but not of one plan
        raise Conflict(_("Merge a need into another need of the same plan."), code="other_plan")
    with transaction.atomic():
        first, second = sorted([duplicate.pk, into.pk])
        locked = {n.pk: n for n in Need.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")}
        duplicate, into = locked[duplicate.pk], locked[into.pk]
        if duplicate.status == NeedStatus.MERGED or into.status == NeedStatus.MERGED:
            raise Conflict(_("One of the needs was already merged."), code="merged")
        already = set(NeedVote.objects.filter(need=into).values_list("voter_id", flat=True))
        NeedVote.objects.filter(need=duplicate, voter_id__in=already).delete()
        NeedVote.objects.filter(need=duplicate).update(need=into)
        NeedEvidence.objects.filter(need=duplicate).update(need=into)
        duplicate.status, duplicate.merged_into = NeedStatus.MERGED, into
        duplicate._history_user = actor
        duplicate.save()
        _recount_votes([duplicate.pk, into.pk])
        if into.people_affected is None or (duplicate.people_affected or 0) > into.people_affected:
            Need.objects.filter(pk=into.pk, people_affected__isnull=True).update(
                people_affected=duplicate.people_affected)
        Plan.objects.filter(pk=into.plan_id).update(vote_count=_plan_votes(into.plan_id))
    into.refresh_from_db()
    return into


def _recount_votes(need_ids: list[int]) -> None:
    from django.db.models import Count

    for need_id in need_ids:
        counts = dict(NeedVote.objects.filter(need_id=need_id).values("group").annotate(n=Count("pk"))
                      .values_list("group", "n"))
        Need.objects.filter(pk=need_id).update(vote_count=sum(counts.values()),
                                               **{column: counts.get(group, 0)
                                                  for group, column in GROUP_COLUMNS.items()})


def _plan_votes(plan_id: int) -> int:
    return NeedVote.objects.filter(need__plan_id=plan_id).count()


def evidence_add(*, actor: "User", need: Need, data: dict[str, Any], upload=None) -> NeedEvidence:
    require(actor, "plans.moderate_needs", need)
    data = _texts(data, {"title": (3, 250), "detail": (0, 4000)})
    evidence = NeedEvidence(need=need, added_by=actor)
    assign_fields(evidence, data, ("kind", "title", "detail", "figure", "source_url"))
    if upload is not None:
        try:
            evidence.content_type = validate_document_upload(upload, max_bytes=ATTACHMENT_MAX_BYTES)
        except ValidationError as error:
            raise InvalidInput(error.messages[0], code="invalid_file", field="file") from error
        evidence.file = upload
    clean_record(evidence, exclude=["need", "file"])
    with transaction.atomic():
        if need.evidence.count() >= MAX_EVIDENCE:
            raise InvalidInput(_("A need has at most %(count)s pieces of evidence.") % {"count": MAX_EVIDENCE})
        evidence.save()
    return evidence


def evidence_remove(*, actor: "User", evidence: NeedEvidence) -> None:
    require(actor, "plans.moderate_needs", evidence.need)
    stored = evidence.file
    with transaction.atomic():
        evidence.delete()
        if stored:
            transaction.on_commit(lambda: stored.delete(save=False))


# ---------------------------------------------------------------- votes


def need_vote(*, actor: "User", need: Need, group: str) -> NeedVote:
    """One vote per person per need (the unique constraint decides under concurrency: the second is a 409)."""
    require(actor, "plans.vote", need)
    if group not in GROUP_COLUMNS:
        raise InvalidInput(_("Choose your group from the list."), field="group")
    if need.status != NeedStatus.OPEN:
        raise Conflict(_("This need is not open to votes."), code="not_open")
    column = GROUP_COLUMNS[group]
    try:
        with transaction.atomic():
            vote = NeedVote.objects.create(need=need, voter=actor, group=group)
            Need.objects.filter(pk=need.pk).update(vote_count=F("vote_count") + 1, **{column: F(column) + 1})
            Plan.objects.filter(pk=need.plan_id).update(vote_count=F("vote_count") + 1)
    except IntegrityError:
        raise Conflict(_("You have already voted for this need."), code="already_voted") from None
    return vote


def need_unvote(*, actor: "User", need: Need) -> None:
    require(actor, "plans.vote", need)
    with transaction.atomic():
        vote = NeedVote.objects.select_for_update().filter(need=need, voter=actor).first()
        if vote is None:
            raise NotFound(_("You have not voted for this need."))
        column = GROUP_COLUMNS[vote.group]
        vote.delete()
        Need.objects.filter(pk=need.pk).update(vote_count=F("vote_count") - 1, **{column: F(column) - 1})
        Plan.objects.filter(pk=need.plan_id).update(vote_count=F("vote_count") - 1)


# ---------------------------------------------------------------- the scoring matrix


def criterion_save(*, actor: "User", plan: Plan, data: dict[str, Any],
                   criterion: PriorityCriterion | None = None) -> PriorityCriterion:
    require(actor, "plans.moderate_needs", plan)
    _require_matrix_open(plan)
    data = _texts(data, {"name_ar": (2, 120), "name_en": (0, 120), "guidance_ar": (0, 500), "guidance_en": (0, 500)})
    criterion = criterion or PriorityCriterion(plan=plan)
    if criterion.plan_id != plan.pk:
        raise NotFound()
    assign_fields(criterion, data, CRITERION_FIELDS)
    clean_record(criterion, exclude=["plan"])
    with transaction.atomic():
        _locked_plan(plan)
        if not criterion.pk and plan.criteria.count() >= MAX_CRITERIA:
            raise InvalidInput(_("A plan has at most %(count)s criteria.") % {"count": MAX_CRITERIA})
        criterion.save()
        _rescore(plan)
    return criterion


def criterion_delete(*, actor: "User", criterion: PriorityCriterion) -> None:
    plan = criterion.plan
    require(actor, "plans.moderate_needs", plan)
    _require_matrix_open(plan)
    with transaction.atomic():
        criterion.delete()
        _rescore(plan)


def _require_matrix_open(plan: Plan) -> None:
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.CONSULTATION, PlanStatus.REVISED):
        raise Conflict(_("The prioritisation is done while the plan is prepared, consulted on or revised."),
                       code="closed")


def need_score(*, actor: "User", need: Need, scores: dict[int, int]) -> Need:
    """The team's scores of one need against the plan's criteria (0–5 each); the matrix score follows."""
    require(actor, "plans.moderate_needs", need)
    _require_matrix_open(need.plan)
    weights = dict(need.plan.criteria.values_list("pk", "weight"))
    unknown = set(scores) - set(weights)
    if unknown and not PriorityCriterion.objects.filter(pk__in=unknown).exists():
        raise Conflict(_("The plan's criteria changed meanwhile: reload the matrix and score again."),
                       code="criteria_changed")
    for criterion_id, score in scores.items():
        if criterion_id not in weights:
            raise InvalidInput(_("Score the plan's own criteria."), field="scores")
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= MAX_CRITERION_SCORE:
            raise InvalidInput(_("A score is a whole number from 0 to %(max)s.") % {"max": MAX_CRITERION_SCORE},
                               field="scores")
    with transaction.atomic():
        for criterion_id, score in scores.items():
            NeedScore.objects.update_or_create(need=need, criterion_id=criterion_id, defaults={"score": score})
        _rescore(need.plan, need_ids=[need.pk])
    need.refresh_from_db(fields=["matrix_score"])
    return need


def _rescore(plan: Plan, need_ids: list[int] | None = None) -> None:
    weights = dict(plan.criteria.values_list("pk", "weight"))
    scores: dict[int, dict[int, int]] = {}
    rows = NeedScore.objects.filter(need__plan=plan)
    if need_ids is not None:
        rows = rows.filter(need_id__in=need_ids)
    for need_id, criterion_id, score in rows.values_list("need_id", "criterion_id", "score"):
        scores.setdefault(need_id, {})[criterion_id] = score
    targets = need_ids if need_ids is not None else list(plan.needs.values_list("pk", flat=True))
    for need_id in targets:
        own = scores.get(need_id)
        Need.objects.filter(pk=need_id).update(
            matrix_score=priority.matrix_score(weights, own) if own and weights else None)


# ---------------------------------------------------------------- goals and actions


def _set_links(manager, model, ids: Iterable | None, *, field: str, **scope) -> None:
    if ids is None:
        return
    wanted = {getattr(i, "pk", i) for i in ids}
    if model.objects.filter(pk__in=wanted, **scope).count() != len(wanted):
        raise InvalidInput(_("Choose from the list."), field=field)
    manager.set(wanted)


def goal_save(*, actor: "User", plan: Plan, data: dict[str, Any], goal: Goal | None = None,
              needs: Iterable | None = None, alignments: Iterable | None = None) -> Goal:
    require(actor, "plans.change_plan", plan)
    _require_editable(plan)
    goal = goal or Goal(plan=plan)
    if goal.plan_id != plan.pk:
        raise NotFound()
    data = _texts(data, {"title_ar": (5, 250), "title_en": (0, 250), "description_ar": (0, 4000),
                         "description_en": (0, 4000)})
    assign_fields(goal, data, GOAL_FIELDS)
    clean_record(goal, exclude=["plan"])
    with transaction.atomic():
        if not goal.pk and plan.goals.count() >= MAX_GOALS:
            raise InvalidInput(_("A plan has at most %(count)s goals.") % {"count": MAX_GOALS})
        goal._history_user = actor
        goal.save()
        _set_links(goal.needs, Need, needs, field="needs", plan=plan)
        _set_links(goal.alignments, Alignment, alignments, field="alignments")
    return goal


def goal_delete(*, actor: "User", goal: Goal) -> None:
    require(actor, "plans.change_plan", goal.plan)
    _require_editable(goal.plan)
    if goal.plan.versions.exists():
        raise Conflict(_("This goal is part of an approved version; set its actions as cancelled instead."),
                       code="in_approved_version")
    with transaction.atomic():
        action_ids = list(goal.actions.values_list("pk", flat=True))
        Result.objects.filter(owner_type__app_label="plans", owner_type__model="action",
                              owner_id__in=action_ids).delete()
        Result.objects.filter(owner_type__app_label="plans", owner_type__model="goal", owner_id=goal.pk).delete()
        goal.delete()
        refresh_progress(goal.plan)


def _clean_action(action: Action, data: dict[str, Any]) -> None:
    data = _texts(data, {"title_ar": (5, 250), "title_en": (0, 250), "description_ar": (0, 8000),
                         "description_en": (0, 8000)})
    if "lead_organization" in data and not isinstance(data["lead_organization"], Organization):
        data["lead_organization"] = Organization.objects.filter(pk=data["lead_organization"]).first()
        if data["lead_organization"] is None:
            raise InvalidInput(_("Choose the lead organisation from the list."), field="lead_organization")
    if "need" in data and data["need"] is not None and not isinstance(data["need"], Need):
        data["need"] = Need.objects.filter(pk=data["need"], plan_id=action.plan_id).first()
        if data["need"] is None:
            raise InvalidInput(_("Choose a need of this plan."), field="need")
    assign_fields(action, data, ACTION_FIELDS)
    if action.lead_organization_id is None:
        raise InvalidInput(_("Choose the lead organisation."), field="lead_organization")
    clean_record(action, exclude=["plan", "goal", "lead_organization", "need", "replicated_from"])
    if action.start_date and action.end_date and action.end_date < action.start_date:
        raise InvalidInput(_("The action ends before it starts."), field="end_date")


def action_save(*, actor: "User", goal: Goal, data: dict[str, Any], action: Action | None = None,
                partners: Iterable | None = None, initiatives: Iterable | None = None) -> Action:
    plan = goal.plan
    require(actor, "plans.change_plan", plan)
    _require_editable(plan)
    action = action or Action(plan=plan, goal=goal)
    if action.plan_id != plan.pk:
        raise NotFound()
    if "goal" in data:
        new_goal = data.pop("goal")
        new_goal = new_goal if isinstance(new_goal, Goal) else Goal.objects.filter(pk=new_goal, plan=plan).first()
        if new_goal is None or new_goal.plan_id != plan.pk:
            raise InvalidInput(_("Choose a goal of this plan."), field="goal")
        action.goal = new_goal
    lead_before = action.lead_organization_id
    _clean_action(action, data)
    with transaction.atomic():
        if not action.pk and plan.actions.count() >= MAX_ACTIONS:
            raise InvalidInput(_("A plan has at most %(count)s actions.") % {"count": MAX_ACTIONS})
        action._history_user = actor
        action.save()
        _set_links(action.partners, Organization, partners, field="partners")
        _set_links(action.initiatives, Initiative, initiatives, field="initiatives")
        if lead_before and lead_before != action.lead_organization_id:
            from musharaka.results.services import results_follow_owner

            results_follow_owner(owner=action)
        refresh_progress(plan)
    return action


def action_report(*, actor: "User", action: Action, status: str) -> Action:
    """The lead organisation (or the authority) reports the action's status on an approved plan."""
    require(actor, "plans.report_action", action)
    if status not in ActionStatus.values:
        raise InvalidInput(_("Choose a status from the list."), field="status")
    if action.plan.status == PlanStatus.CLOSED:
        raise Conflict(_("The plan is closed."), code="closed")
    with transaction.atomic():
        action.status = status
        action._history_user = actor
        action.save(update_fields=["status", "updated_at"])
        refresh_progress(action.plan)
    return action


def action_delete(*, actor: "User", action: Action) -> None:
    require(actor, "plans.change_plan", action.plan)
    _require_editable(action.plan)
    if action.plan.versions.exists():
        raise Conflict(_("This action is part of an approved version; set it as cancelled instead."),
                       code="in_approved_version")
    with transaction.atomic():
        Result.objects.filter(owner_type__app_label="plans", owner_type__model="action", owner_id=action.pk).delete()
        action.delete()
        refresh_progress(action.plan)


def replicate_into_plan(*, actor: "User", need: Need, initiative: Initiative, goal: Goal) -> Action:
    """One click from a proven initiative elsewhere: an action of the plan under the goal, answering the need, led by
    the authority, and a draft initiative of the authority replicated from it and linked to the action."""
    from musharaka.initiatives import services as initiative_services

    plan = need.plan
    require(actor, "plans.change_plan", plan)
    _require_editable(plan)
    if goal.plan_id != plan.pk:  # a goal that exists, but of another plan
        raise Conflict(_("Choose a goal of this plan."), code="other_plan")
    if not initiative.is_published:
        raise Conflict(_("Only a published initiative can be replicated."), code="not_published")
    with transaction.atomic():
        draft = initiative_services.initiative_replicate(actor=actor, source=initiative,
                                                         organization=plan.organization)
        action = Action(plan=plan, goal=goal, need=need, lead_organization=plan.organization,
                        replicated_from=initiative, title_ar=initiative.title_ar[:250],
                        title_en=initiative.title_en[:250], description_ar=initiative.summary_ar,
                        description_en=initiative.summary_en, position=goal.actions.count())
        action._history_user = actor
        action.save()
        action.initiatives.add(draft)
        refresh_progress(plan)
    return action


# ---------------------------------------------------------------- progress (kept on write)


def refresh_progress(plan: Plan) -> None:
    """Recompute every action's, goal's and the plan's progress from the indicators' kept progress (see
    priority.progress_of_*): a handful of queries whatever the plan's size."""
    from django.contrib.contenttypes.models import ContentType

    goal_type, action_type = ContentType.objects.get_for_model(Goal), ContentType.objects.get_for_model(Action)
    by_owner: dict[tuple[int, int], list[Decimal | None]] = {}
    for owner_type, owner_id, value in Indicator.objects.filter(
        result__owner_type__in=[goal_type, action_type],
        result__owner_id__in=list(plan.goals.values_list("pk", flat=True))
        + list(plan.actions.values_list("pk", flat=True)),
    ).values_list("result__owner_type_id", "result__owner_id", "progress"):
        by_owner.setdefault((owner_type, owner_id), []).append(value)
    action_progress: dict[int, list[Decimal | None]] = {}
    for pk, goal_id, status in plan.actions.values_list("pk", "goal_id", "status"):
        value = priority.progress_of_action(by_owner.get((action_type.pk, pk), []), status)
        Action.objects.filter(pk=pk).update(progress=value)
        action_progress.setdefault(goal_id, []).append(value)
    goal_values = []
    for goal_id in plan.goals.values_list("pk", flat=True):
        value = priority.progress_of_goal(by_owner.get((goal_type.pk, goal_id), []), action_progress.get(goal_id, []))
        Goal.objects.filter(pk=goal_id).update(progress=value)
        goal_values.append(value)
    Plan.objects.filter(pk=plan.pk).update(progress=priority.progress_of_plan(goal_values))


# ---------------------------------------------------------------- reviews


def review_save(*, actor: "User", plan: Plan, data: dict[str, Any], ratings: dict[int, tuple[str, str]] | None = None,
                review: Review | None = None) -> Review:
    """A periodic review held at a workshop: findings, decisions, a rating per goal; one that opens a revision moves
    an approved plan (or one in review) to revision at once."""
    require(actor, "plans.change_plan", plan)
    if plan.status not in (PlanStatus.APPROVED, PlanStatus.IN_REVIEW, PlanStatus.REVISED, PlanStatus.CLOSED):
        raise Conflict(_("A plan is reviewed once it is approved."), code="not_approved")
    data = _texts(data, {"findings_ar": (10, 8000), "decisions_ar": (0, 8000)})
    review = review or Review(plan=plan, created_by=actor, plan_version=plan.version)
    if review.plan_id != plan.pk:
        raise NotFound()
    assign_fields(review, data, REVIEW_FIELDS)
    clean_record(review, exclude=["plan", "event", "created_by"])
    goal_ids = set(plan.goals.values_list("pk", flat=True))
    for goal_id, (rating, _comment) in (ratings or {}).items():
        if goal_id not in goal_ids:
            raise InvalidInput(_("Rate the plan's own goals."), field="ratings")
        if rating not in GoalRating.values:
            raise InvalidInput(_("Choose a rating from the list."), field="ratings")
    with transaction.atomic():
        review._history_user = actor
        review.save()
        for goal_id, (rating, comment) in (ratings or {}).items():
            ReviewRating.objects.update_or_create(
                review=review, goal_id=goal_id,
                defaults={"rating": rating, "comment": clean_text(comment, field="ratings", max_length=1000)})
        if review.opens_revision and plan.status in (PlanStatus.APPROVED, PlanStatus.IN_REVIEW):
            plan_move(actor=actor, plan=plan, target=PlanStatus.REVISED,
                      note=_("Opened by the review of %(date)s.") % {"date": review.held_on.isoformat()})
    return review


def review_delete(*, actor: "User", review: Review) -> None:
    require(actor, "plans.change_plan", review.plan)
    review.delete()


# ---------------------------------------------------------------- risks


def _clean_risk(risk: Risk, data: dict[str, Any]) -> None:
    data = _texts(data, {"title": (3, 250), "description": (0, 4000), "owner": (2, 200), "mitigation": (0, 4000),
                         "contingency": (0, 4000)})
    for name, model in (("action", Action), ("initiative", Initiative)):
        value = data.get(name)
        if value is not None and not isinstance(value, model):
            data[name] = model.objects.filter(pk=value).first()
            if data[name] is None:
                raise InvalidInput(_("Choose from the list."), field=name)
    assign_fields(risk, data, RISK_FIELDS)
    if risk.action is not None and risk.action.plan_id != risk.plan_id:
        raise InvalidInput(_("Choose an action of this plan."), field="action")
    if risk.initiative_id and not risk.plan.actions.filter(initiatives=risk.initiative_id).exists():
        raise InvalidInput(_("Choose an initiative linked to one of the plan's actions."), field="initiative")
    clean_record(risk, exclude=["plan", "action", "initiative"])
    risk.score = risk.likelihood * risk.impact


def risk_save(*, actor: "User", plan: Plan, data: dict[str, Any], risk: Risk | None = None) -> Risk:
    require(actor, "plans.change_plan", plan)
    if plan.status == PlanStatus.CLOSED:
        raise Conflict(_("The plan is closed."), code="closed")
    risk = risk or Risk(plan=plan)
    if risk.plan_id != plan.pk:
        raise NotFound()
    _clean_risk(risk, data)
    risk._history_user = actor
    risk.save()
    return risk


def risk_delete(*, actor: "User", risk: Risk) -> None:
    require(actor, "plans.change_plan", risk.plan)
    risk.delete()
