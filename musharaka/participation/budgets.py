"""Participatory budgeting: budgets, their projects and feasibility review, ballots, the result and its export.

**Ballots.** One ballot per person per budget (the unique constraint `part_one_ballot`), cast in the voting phase
by a resident who is not blocked (`participation.vote_budget`), on feasible projects of that budget only:
- an *approval* ballot approves any projects whose total cost stays within the budget amount ("approval voting
  under the limit");
- a *choose N* ballot approves at most N projects.
Casting again replaces the ballot (until the voting phase closes); `BudgetProject.vote_count` and
`Budget.ballot_count` move by the differences in the same transaction.

**Results.** Computed by the budget's rule over the feasible projects and the ballots:
- *greedy* (most votes first): the projects in order of votes (most first); ties broken by the lower cost first,
  then the earlier project (smaller id). Each project is funded if its cost still fits in what is left, skipped
  otherwise (a later, cheaper project may then be funded). Projects without votes are not funded.
- *Method of Equal Shares* (pabutools' `method_of_equal_shares` with `Cost_Sat`, plain, without completion): the
  budget is split equally among the voters; round by round the project whose supporters can pay for it at the
  lowest maximum payment per supporter is funded, its cost shared equally among its supporters (those with less
  money left pay all they have, the others the same share). Ties (equal payment per supporter) are broken by the
  same rule: more votes first, then the lower cost, then the earlier project. It stops when no project's
  supporters have enough money left; the rest of the budget stays unspent (no completion is applied, so that the
  result is exactly what anyone recomputes from the `.pb` file with pabutools).
A result computed before the voting phase ended is a preview: it cannot be published.
"""

import csv
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core.errors import Conflict, InvalidInput, NotFound
from musharaka.core.permissions import require
from musharaka.core.records import parse_decimal
from musharaka.core.schemas import MAX_ID
from musharaka.core.text import clean_text
from musharaka.plans.models import ParticipantGroup

from .models import (
    BODY_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ActivityKind,
    Ballot,
    BallotChoice,
    BallotKind,
    Budget,
    BudgetProject,
    BudgetRule,
    Feasibility,
    Idea,
    PhaseKind,
    Process,
    Visibility,
)
from .services import author, bump, record_activity

if TYPE_CHECKING:
    from musharaka.accounts.models import User

MAX_AMOUNT = Decimal("999999999999.99")  # the column's 14 digits with 2 decimals
MAX_PROJECTS = 200
MAX_BUDGETS = 50
CHUNK = 2_000
CURRENCIES = ("SAR", "SYP", "USD", "EUR", "AED", "KWD", "QAR", "BHD", "OMR", "JOD", "EGP")


# ---------------------------------------------------------------- phases


def _voting_phases(process: Process) -> list:
    return [phase for phase in process.phases.all() if phase.kind == PhaseKind.VOTING]


def voting_started(process: Process, moment=None) -> bool:
    moment = moment or timezone.now()
    return any(phase.starts_at <= moment for phase in _voting_phases(process))


def voting_ended(process: Process, moment=None) -> bool:
    """A voting phase took place and none runs now or later."""
    moment = moment or timezone.now()
    phases = _voting_phases(process)
    return bool(phases) and all(phase.ends_at <= moment for phase in phases)


def voting_end(process: Process):
    phases = _voting_phases(process)
    return max((phase.ends_at for phase in phases), default=None)


def _refuse_after_voting_started(budget: Budget) -> None:
    if voting_started(budget.process):
        raise Conflict(_("The vote has started: the budget and its projects can no longer change."),
                       code="voting_started")


# ---------------------------------------------------------------- budgets


def _amount(value: Any, *, field: str, maximum: Decimal = MAX_AMOUNT) -> Decimal:
    number = parse_decimal(value, field=field)
    if number <= 0:
        raise InvalidInput(_("Enter an amount greater than zero."), field=field)
    if number > maximum:
        raise InvalidInput(_("Enter an amount of at most %(amount)s.") % {"amount": maximum}, field=field)
    if number != number.quantize(Decimal("0.01")):
        raise InvalidInput(_("Enter an amount with at most two decimals."), field=field)
    return number.quantize(Decimal("0.01"))


def _apply_budget(budget: Budget, data: dict[str, Any]) -> None:
    if "title_ar" in data:
        budget.title_ar = clean_text(data["title_ar"] or "", field="title_ar", max_length=TITLE_MAX_LENGTH,
                                     min_length=2)
    if "title_en" in data:
        budget.title_en = clean_text(data["title_en"] or "", field="title_en", max_length=TITLE_MAX_LENGTH)
    if "amount" in data:
        budget.amount = _amount(data["amount"], field="amount")
    if "currency" in data:
        currency = str(data["currency"] or "").strip().upper()
        if currency not in CURRENCIES:
            raise InvalidInput(_("Choose a currency from the list."), field="currency")
        budget.currency = currency
    if "rule" in data:
        if data["rule"] not in BudgetRule.values:
            raise InvalidInput(_("Choose a rule from the list."), field="rule")
        budget.rule = data["rule"]
    if "ballot_kind" in data:
        if data["ballot_kind"] not in BallotKind.values:
            raise InvalidInput(_("Choose a kind of ballot from the list."), field="ballot_kind")
        budget.ballot_kind = data["ballot_kind"]
    if "choose_n" in data:
        value = data["choose_n"]
        if value in (None, ""):
            budget.choose_n = None
        else:
            try:
                number = int(str(value).strip()) if not isinstance(value, bool) else -1
            except ValueError:
                number = -1
            if not 1 <= number <= 100:
                raise InvalidInput(_("Enter a whole number from 1 to 100."), field="choose_n")
            budget.choose_n = number
    if budget.ballot_kind == BallotKind.CHOOSE_N and not budget.choose_n:
        raise InvalidInput(_("Say how many projects each voter may choose."), field="choose_n")
    if budget.ballot_kind == BallotKind.APPROVAL:
        budget.choose_n = None
    if "neighbourhood_id" in data:
        value = data["neighbourhood_id"]
        if value in (None, ""):
            budget.neighbourhood_id = None
        else:
            try:
                pk = int(value)
            except (TypeError, ValueError):
                pk = 0
            if not budget.process.neighbourhoods.filter(pk=pk).exists() and not _in_area(budget.process, pk):
                raise InvalidInput(_("Choose a neighbourhood of the process's area."), field="neighbourhood_id")
            budget.neighbourhood_id = pk


def _in_area(process: Process, pk: int) -> bool:
    from musharaka.geo.models import Neighbourhood

    found = Neighbourhood.objects.filter(pk=pk).select_related("city").first()
    if found is None:
        return False
    if process.city_id:
        return found.city_id == process.city_id
    return found.city.region_id == process.region_id


BUDGET_LOCKED_FIELDS = ("amount", "currency", "rule", "ballot_kind", "choose_n")


@transaction.atomic
def budget_create(*, actor: "User", process: Process, data: dict[str, Any]) -> Budget:
    require(actor, "participation.change_process", process)
    process = Process.objects.select_for_update().get(pk=process.pk)
    if process.budgets.count() >= MAX_BUDGETS:
        raise Conflict(_("A process has at most %(count)d budgets.") % {"count": MAX_BUDGETS}, code="too_many")
    for name in ("title_ar", "amount"):
        if data.get(name) in (None, ""):
            raise InvalidInput(_("This field is required."), field=name)
    budget = Budget(process=process)
    _apply_budget(budget, data)
    budget.save()
    return budget


@transaction.atomic
def budget_update(*, actor: "User", budget: Budget, data: dict[str, Any]) -> Budget:
    """Titles change any time; the amount, the rule and the ballot only until the vote starts."""
    require(actor, "participation.change_process", budget)
    budget = Budget.objects.select_for_update().select_related("process").get(pk=budget.pk)
    if budget.result_published:
        raise Conflict(_("The result is published: the budget can no longer change."), code="published")
    changes = {name: value for name, value in data.items()}
    if any(name in changes and str(changes[name]) != str(getattr(budget, name)) for name in BUDGET_LOCKED_FIELDS):
        _refuse_after_voting_started(budget)
    _apply_budget(budget, changes)
    if "amount" in changes and budget.projects.filter(cost__gt=budget.amount).exists():
        # A conflict with the stored projects, not bad input: the same amount fits a budget of cheaper projects.
        raise Conflict(_("A project costs more than this amount."), code="below_project", field="amount")
    budget.save()
    return budget


# ---------------------------------------------------------------- projects


def _apply_project(project: BudgetProject, budget: Budget, data: dict[str, Any]) -> None:
    if "title" in data:
        project.title = clean_text(data["title"] or "", field="title", max_length=TITLE_MAX_LENGTH, min_length=2)
    if "description" in data:
        project.description = clean_text(data["description"] or "", field="description", max_length=BODY_MAX_LENGTH)
    if "cost" in data:
        cost = _amount(data["cost"], field="cost")
        if cost > budget.amount:  # the stored amount: a conflict, as on the budget's side
            raise Conflict(_("A project cannot cost more than the whole budget (%(amount)s).")
                           % {"amount": budget.amount}, code="over_budget", field="cost")
        project.cost = cost


def _idea_of(process: Process, idea_id: Any) -> Idea | None:
    if idea_id in (None, ""):
        return None
    try:
        pk = int(idea_id)
    except (TypeError, ValueError):
        raise InvalidInput(_("Choose an idea of this process."), field="idea_id") from None
    idea = Idea.objects.filter(pk=pk, process=process, visibility=Visibility.VISIBLE, merged_into=None).first()
    if idea is None:
        raise InvalidInput(_("Choose an idea of this process."), field="idea_id")
    return idea


@transaction.atomic
def project_create(*, actor: "User", budget: Budget, data: dict[str, Any]) -> BudgetProject:
    """A project of the budget, from an idea of the process (its title and description by default) or by staff."""
    require(actor, "participation.change_process", budget)
    budget = Budget.objects.select_for_update().select_related("process").get(pk=budget.pk)
    _refuse_after_voting_started(budget)
    if budget.projects.count() >= MAX_PROJECTS:
        raise Conflict(_("A budget has at most %(count)d projects.") % {"count": MAX_PROJECTS}, code="too_many")
    project = BudgetProject(budget=budget)
    idea = _idea_of(budget.process, data.get("idea_id"))
    data = dict(data)
    if idea is not None:
        project.idea = idea
        if not (data.get("title") or "").strip():
            data["title"] = idea.title[:TITLE_MAX_LENGTH]
        if not (data.get("description") or "").strip():
            data["description"] = idea.description[:BODY_MAX_LENGTH]
    for name in ("title", "cost"):
        if data.get(name) in (None, ""):
            raise InvalidInput(_("This field is required."), field=name)
    _apply_project(project, budget, data)
    author(project, actor)
    project.save()
    return project


@transaction.atomic
def project_update(*, actor: "User", project: BudgetProject, data: dict[str, Any]) -> BudgetProject:
    require(actor, "participation.change_process", project)
    budget = Budget.objects.select_for_update().select_related("process").get(pk=project.budget_id)
    _refuse_after_voting_started(budget)
    project = BudgetProject.objects.get(pk=project.pk)
    if "idea_id" in data:
        project.idea = _idea_of(budget.process, data["idea_id"])
    _apply_project(project, budget, data)
    project.save()
    return project


@transaction.atomic
def project_feasibility(*, actor: "User", project: BudgetProject, feasibility: str, note: str = "") -> BudgetProject:
    """Staff's review: pending, feasible, or unfeasible with the reason (required) residents read."""
    require(actor, "participation.change_process", project)
    budget = Budget.objects.select_for_update().select_related("process").get(pk=project.budget_id)
    _refuse_after_voting_started(budget)
    if feasibility not in Feasibility.values:
        raise InvalidInput(_("Choose a review outcome from the list."), field="feasibility")
    note = clean_text(note or "", field="feasibility_note", max_length=REASON_MAX_LENGTH)
    if feasibility == Feasibility.UNFEASIBLE and len(note) < 3:
        raise InvalidInput(_("Say why the project is not feasible."), field="feasibility_note")
    project = BudgetProject.objects.get(pk=project.pk)
    project.feasibility = feasibility
    project.feasibility_note = note
    project.save(update_fields=["feasibility", "feasibility_note", "updated_at"])
    return project


# ---------------------------------------------------------------- ballots


def _project_ids(values: Any) -> list[int]:
    if not isinstance(values, (list, tuple)):
        raise InvalidInput(_("Choose projects from the list."), field="project_ids")
    ids = []
    for value in values:
        if isinstance(value, bool):
            raise InvalidInput(_("Choose projects from the list."), field="project_ids")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise InvalidInput(_("Choose projects from the list."), field="project_ids") from None
        if not 0 < number <= MAX_ID:  # a key the database holds (BigAutoField)
            raise InvalidInput(_("Choose projects from the list."), field="project_ids")
        ids.append(number)
    if len(set(ids)) != len(ids):
        raise InvalidInput(_("A project is chosen twice."), field="project_ids")
    return ids


def check_ballot(budget: Budget, project_ids: Any) -> list[BudgetProject]:
    ids = _project_ids(project_ids)
    if not ids:
        raise InvalidInput(_("Choose at least one project."), field="project_ids")
    if len(ids) > MAX_PROJECTS:
        raise InvalidInput(_("Choose projects from the list."), field="project_ids")
    # What follows checks the ballot against the budget as stored (its feasible projects, their costs, its
    # ballot kind): a refusal there is a conflict with that state (409), as the same ballot fits another budget.
    projects = list(BudgetProject.objects.filter(budget=budget, pk__in=ids, feasibility=Feasibility.FEASIBLE))
    if len(projects) != len(ids):
        raise Conflict(_("Only the feasible projects of this budget can be chosen."), code="not_feasible",
                       field="project_ids")
    if budget.ballot_kind == BallotKind.CHOOSE_N:
        if len(projects) > (budget.choose_n or 0):
            raise Conflict(_("Choose at most %(count)s projects.") % {"count": budget.choose_n},
                           code="too_many_choices", field="project_ids")
    else:
        total = sum((project.cost for project in projects), Decimal(0))
        if total > budget.amount:
            raise Conflict(
                _("The projects chosen cost %(total)s, more than the budget of %(amount)s.")
                % {"total": total, "amount": budget.amount}, code="over_budget", field="project_ids")
    return projects


def _locked_ballot(budget: Budget, actor: "User", group: str) -> tuple[Ballot, bool]:
    """The person's ballot, locked; created under the unique constraint (a concurrent creation wins, and this
    transaction then locks the row it committed)."""
    ballot = Ballot.objects.select_for_update().filter(budget=budget, voter=actor).first()
    if ballot is not None:
        return ballot, False
    try:
        with transaction.atomic():
            return Ballot.objects.create(budget=budget, voter=actor, group=group), True
    except IntegrityError:
        ballot = Ballot.objects.select_for_update().filter(budget=budget, voter=actor).first()
        if ballot is None:  # created and withdrawn meanwhile
            raise Conflict(code="ballot_changed") from None
        return ballot, False


def ballot_cast(*, actor: "User", budget: Budget, project_ids: Any, group: str = ParticipantGroup.OTHER) -> Ballot:
    """Replace the person's ballot by the projects chosen (see the module's docstring for the limits)."""
    require(actor, "participation.vote_budget", budget)
    if group not in ParticipantGroup.values:
        raise InvalidInput(_("Choose your group from the list."), field="group")
    if budget.result_published:
        raise Conflict(_("The result is published."), code="published")
    chosen = {project.pk for project in check_ballot(budget, project_ids)}
    with transaction.atomic():
        ballot, created = _locked_ballot(budget, actor, group)
        before = set(ballot.choices.values_list("project_id", flat=True))
        added, removed = chosen - before, before - chosen
        if removed:
            BallotChoice.objects.filter(ballot=ballot, project_id__in=removed).delete()
        if added:
            BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, project_id=pk) for pk in sorted(added)])
        for pk in sorted(added | removed):  # one order for every transaction: no deadlock between voters
            bump(BudgetProject, pk, vote_count=1 if pk in added else -1)
        if created:
            bump(Budget, budget.pk, ballot_count=1)
        elif ballot.group != group:
            ballot.group = group
        ballot.save()
    return ballot


def ballot_withdraw(*, actor: "User", budget: Budget) -> None:
    require(actor, "participation.vote_budget", budget)
    if budget.result_published:
        raise Conflict(_("The result is published."), code="published")
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().filter(budget=budget, voter=actor).first()
        if ballot is None:
            raise NotFound(_("You have no ballot in this budget."))
        ids = sorted(ballot.choices.values_list("project_id", flat=True))
        ballot.delete()
        for pk in ids:
            bump(BudgetProject, pk, vote_count=-1)
        bump(Budget, budget.pk, ballot_count=-1)


def ballot_of(budget: Budget, user) -> Ballot | None:
    if user is None or not user.is_authenticated:
        return None
    return Ballot.objects.filter(budget=budget, voter=user).first()


# ---------------------------------------------------------------- the result


def ballot_sets(budget: Budget, project_ids: set[int] | None = None) -> Iterator[frozenset[int]]:
    """Each ballot as the set of its project ids (feasible ones when `project_ids` is given), read in chunks."""
    current: int | None = None
    chosen: set[int] = set()
    rows = (BallotChoice.objects.filter(ballot__budget=budget).order_by("ballot_id", "project_id")
            .values_list("ballot_id", "project_id").iterator(chunk_size=CHUNK))
    for ballot_id, project_id in rows:
        if ballot_id != current:
            if current is not None and chosen:
                yield frozenset(chosen)
            current, chosen = ballot_id, set()
        if project_ids is None or project_id in project_ids:
            chosen.add(project_id)
    if current is not None and chosen:
        yield frozenset(chosen)


def tie_key(votes: dict[int, int], costs: dict[int, Decimal]):
    """The stated tie-breaking rule: more votes first, then the lower cost, then the earlier project."""
    return lambda pk: (-votes.get(pk, 0), costs[pk], pk)


def greedy(amount: Decimal, costs: dict[int, Decimal], votes: dict[int, int]) -> dict[int, dict]:
    """Most votes first within the budget: {project id: reason}, the funded ones with code "funded"."""
    left = amount
    reasons: dict[int, dict] = {}
    for pk in sorted(costs, key=tie_key(votes, costs)):
        count = votes.get(pk, 0)
        if count == 0:
            reasons[pk] = {"code": "no_votes", "cost": str(costs[pk])}
        elif costs[pk] <= left:
            left -= costs[pk]
            reasons[pk] = {"code": "funded", "votes": count, "cost": str(costs[pk]), "left": str(left)}
        else:
            reasons[pk] = {"code": "not_enough_left", "votes": count, "cost": str(costs[pk]), "left": str(left)}
    return reasons


def equal_shares(amount: Decimal, costs: dict[int, Decimal], votes: dict[int, int],
                 ballots: list[frozenset[int]]) -> dict[int, dict]:
    """The Method of Equal Shares by pabutools (Cost_Sat, plain), then the payments replayed in exact fractions to
    explain each outcome: who paid, the share per supporter, the money supporters had left."""
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
    from pabutools.fractions import str_as_frac
    from pabutools.rules import method_of_equal_shares
    from pabutools.tiebreaking import TieBreakingRule

    key = tie_key(votes, costs)
    projects = {pk: Project(str(pk), str_as_frac(str(cost))) for pk, cost in costs.items()}
    instance = Instance(projects.values(), budget_limit=str_as_frac(str(amount)))
    profile = ApprovalProfile([ApprovalBallot(projects[pk] for pk in ballot) for ballot in ballots], instance=instance)
    reasons: dict[int, dict] = {}
    if not ballots:
        return {pk: {"code": "no_votes", "cost": str(costs[pk])} for pk in costs}
    outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat,
                                     tie_breaking=TieBreakingRule(lambda inst, prof, project: key(int(project.name))))
    money = [Fraction(amount) / len(ballots)] * len(ballots)
    for round_number, project in enumerate(outcome, start=1):
        pk = int(project.name)
        supporters = [index for index, ballot in enumerate(ballots) if pk in ballot]
        share = _share(Fraction(costs[pk]), [money[index] for index in supporters])
        for index in supporters:
            money[index] -= min(money[index], share)
        reasons[pk] = {"code": "mes_funded", "round": round_number, "votes": votes.get(pk, 0),
                       "paid_by": len(supporters), "cost": str(costs[pk]), "share": _money(share),
                       "effective_vote_count": round(float(Fraction(costs[pk]) / share), 2) if share else 0}
    for pk in sorted(costs, key=key):
        if pk in reasons:
            continue
        if not votes.get(pk):
            reasons[pk] = {"code": "no_votes", "cost": str(costs[pk])}
            continue
        supporters_money = sum((money[index] for index, ballot in enumerate(ballots) if pk in ballot), Fraction(0))
        reasons[pk] = {"code": "mes_unaffordable", "votes": votes[pk], "cost": str(costs[pk]),
                       "supporters_money": _money(supporters_money)}
    return reasons


def _share(cost: Fraction, budgets: list[Fraction]) -> Fraction:
    """The equal payment per supporter (those with less pay all they have): the least p with Σ min(bᵢ, p) = cost."""
    remaining, count = cost, len(budgets)
    for budget in sorted(budgets):
        if budget * count >= remaining:
            return remaining / count
        remaining -= budget
        count -= 1
    return remaining  # unaffordable: not reached for a project the rule funded


def _money(value: Fraction) -> str:
    return str((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01")))


def budget_compute(*, actor: "User", budget: Budget) -> Budget:
    """Compute the result by the budget's rule; before the voting phase ended it is a preview (not publishable).
    Unfeasible and unreviewed projects are not funded."""
    require(actor, "participation.change_process", budget)
    with transaction.atomic():
        budget = Budget.objects.select_for_update().select_related("process").get(pk=budget.pk)
        if budget.result_published:
            raise Conflict(_("The result is published: it is not computed again."), code="published")
        projects = list(budget.projects.order_by("pk"))
        costs = {p.pk: p.cost for p in projects if p.feasibility == Feasibility.FEASIBLE}
        ballots = list(ballot_sets(budget, set(costs)))
        votes: dict[int, int] = {}
        for ballot in ballots:
            for pk in ballot:
                votes[pk] = votes.get(pk, 0) + 1
        if budget.rule == BudgetRule.GREEDY:
            reasons = greedy(budget.amount, costs, votes)
        else:
            reasons = equal_shares(budget.amount, costs, votes, ballots)
        funded_order = [pk for pk in sorted(costs, key=tie_key(votes, costs))
                        if reasons[pk]["code"] in ("funded", "mes_funded")]
        if budget.rule == BudgetRule.EQUAL_SHARES:
            funded_order.sort(key=lambda pk: reasons[pk]["round"])
        others = [pk for pk in sorted(costs, key=tie_key(votes, costs)) if pk not in funded_order]
        ranks = {pk: rank for rank, pk in enumerate(funded_order + others, start=1)}
        for project in projects:
            if project.pk in costs:
                project.funded = project.pk in funded_order
                project.result_rank = ranks[project.pk]
                project.result_reason = reasons[project.pk]
            else:
                project.funded = False
                project.result_rank = None
                project.result_reason = {"code": "unfeasible" if project.feasibility == Feasibility.UNFEASIBLE
                                         else "not_reviewed"}
        BudgetProject.objects.bulk_update(projects, ["funded", "result_rank", "result_reason"], batch_size=500)
        budget.result_computed_at = timezone.now()
        budget.save(update_fields=["result_computed_at", "updated_at"])
    return budget


def is_preview(budget: Budget) -> bool:
    end = voting_end(budget.process)
    return budget.result_computed_at is None or end is None or budget.result_computed_at < end


@transaction.atomic
def budget_publish(*, actor: "User", budget: Budget) -> Budget:
    require(actor, "participation.change_process", budget)
    budget = Budget.objects.select_for_update().select_related("process").get(pk=budget.pk)
    if budget.result_published:
        raise Conflict(_("The result is already published."), code="published")
    if not voting_ended(budget.process):
        raise Conflict(_("The result is published after the vote has ended."), code="voting_open")
    if is_preview(budget):
        raise Conflict(_("Compute the result after the vote before publishing it."), code="not_computed")
    budget.result_published = True
    budget.save(update_fields=["result_published", "updated_at"])
    record_activity(process=budget.process, kind=ActivityKind.RESULT_PUBLISHED, actor=actor,
                    summary=budget.title_ar, url=reverse("participation:budget_result", args=[budget.pk]),
                    neighbourhood_id=budget.neighbourhood_id)
    return budget


# ---------------------------------------------------------------- the Pabulib (.pb) export


class _Line:
    def write(self, value: str) -> str:
        return value


def _clean_cell(text: str) -> str:
    return " ".join(str(text).replace(";", ",").split())


def pabulib_lines(budget: Budget, *, country: str = "", unit: str = "") -> Iterator[str]:
    """The ballots in the Pabulib format (https://pabulib.org/format): META, PROJECTS (feasible ones), VOTES with
    voters numbered 1, 2, … in the order of their ballots (no names, no accounts). Streamed."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\n")  # type: ignore[arg-type]
    projects = list(budget.projects.filter(feasibility=Feasibility.FEASIBLE).order_by("pk"))
    ids = {project.pk for project in projects}
    votes: dict[int, int] = {}
    num_votes = 0
    for ballot in ballot_sets(budget, ids):
        num_votes += 1
        for pk in ballot:
            votes[pk] = votes.get(pk, 0) + 1
    maximum = budget.choose_n if budget.ballot_kind == BallotKind.CHOOSE_N else len(projects)
    meta = [
        ("description", _clean_cell(f"{budget.process.title_ar} — {budget.title_ar}")),
        ("country", _clean_cell(country)),
        ("unit", _clean_cell(unit)),
        ("instance", str(budget.pk)),
        ("num_projects", str(len(projects))),
        ("num_votes", str(num_votes)),
        ("budget", str(budget.amount)),
        ("currency", budget.currency),
        ("vote_type", "approval"),
        ("rule", "greedy" if budget.rule == BudgetRule.GREEDY else "equalshares"),
        ("min_length", "1"),
        ("max_length", str(maximum or 0)),
        ("tie_breaking", "votes desc, cost asc, project_id asc"),
    ]
    yield "META\n"
    yield writer.writerow(["key", "value"])
    for row in meta:
        yield writer.writerow(row)
    yield "PROJECTS\n"
    yield writer.writerow(["project_id", "cost", "votes", "name"])
    for project in projects:
        yield writer.writerow([project.pk, project.cost, votes.get(project.pk, 0), _clean_cell(project.title)])
    yield "VOTES\n"
    yield writer.writerow(["voter_id", "vote"])
    for number, ballot in enumerate(ballot_sets(budget, ids), start=1):
        yield writer.writerow([number, ",".join(str(pk) for pk in sorted(ballot))])
