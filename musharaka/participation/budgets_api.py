"""The participatory budgets' API (/api/v1/participation/...): budgets of a process, their projects and feasibility
review, one's ballot (GET, PUT to replace, DELETE to withdraw), compute and publish the result, the result with the
reason of each project, and the ballots in the Pabulib .pb format.

404 for what one may not see (a draft process's budgets), 403 for what one may not do (a vote outside the voting
phase, a result not published yet), 409 for the state (projects changed after the vote started, a result published
twice), 422 for bad input.
"""

from decimal import Decimal

from django.http import StreamingHttpResponse
from ninja import Path, Query, Router, Status

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import NotFound
from musharaka.core.i18n import localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.permissions import require
from musharaka.core.schemas import RecordId, error_responses

from . import budgets
from . import budgets_selectors as selectors
from .budgets_schemas import (
    BallotIn,
    BallotOut,
    BudgetIn,
    BudgetOut,
    BudgetPatch,
    FeasibilityIn,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
    ResultOut,
)
from .models import Ballot, Budget, BudgetProject

router = Router(tags=["participation"])

READ = error_responses(lookup=True)
WRITE = error_responses(auth=True, body=True, lookup=True, conflict=True)
ACTION = error_responses(auth=True, lookup=True, conflict=True)
TIE_BREAKING = "votes desc, cost asc, project id asc"


def _money(value: Decimal) -> str:
    return format(Decimal(value).quantize(Decimal("0.01")), "f")


def budget_out(budget: Budget) -> dict:
    return {"id": budget.pk, "process_id": budget.process_id, "title": localized(budget, "title"),
            "title_ar": budget.title_ar, "title_en": budget.title_en, "amount": _money(budget.amount),
            "currency": budget.currency, "rule": budget.rule, "ballot_kind": budget.ballot_kind,
            "choose_n": budget.choose_n, "ballot_count": budget.ballot_count,
            "result_computed_at": budget.result_computed_at, "result_published": budget.result_published}


def project_out(project: BudgetProject, *, votes: bool, result: bool) -> dict:
    return {"id": project.pk, "budget_id": project.budget_id, "idea_id": project.idea_id, "title": project.title,
            "description": project.description, "cost": _money(project.cost), "feasibility": project.feasibility,
            "feasibility_note": project.feasibility_note, "vote_count": project.vote_count if votes else None,
            "funded": project.funded if result else None, "result_rank": project.result_rank if result else None,
            "result_reason": project.result_reason if result else None}


def _project_rows(user, budget: Budget, projects) -> list[dict]:
    votes = selectors.shows_votes(user, budget)
    result = selectors.shows_result(user, budget)
    return [project_out(project, votes=votes, result=result) for project in projects]


@router.get("/processes/{process_id}/budgets", response={200: Page[BudgetOut], **READ})
def list_budgets(request, process_id: Path[RecordId], paging: Query[PageParams]):
    """The budgets of a process (drafts' only for their editors)."""
    process = selectors.get_process(request_user(request), process_id)
    return json_answer(paginate(selectors.process_budgets(process), page=paging.page, page_size=paging.page_size,
                                transform=lambda page: [budget_out(budget) for budget in page]))


@router.post("/processes/{process_id}/budgets", auth=api_auth, response={201: BudgetOut, **WRITE})
def create_budget(request, process_id: Path[RecordId], payload: BudgetIn):
    """A budget of the process (its editors): amount > 0, currency, rule greedy|equal_shares, ballot
    approval|choose_n with choose_n."""
    user = request_user(request)
    process = selectors.get_process(user, process_id)
    budget = budgets.budget_create(actor=user, process=process, data=payload.model_dump())
    return json_answer(budget_out(budget), status=201)


@router.get("/budgets/{budget_id}", response={200: BudgetOut, **READ})
def get_budget(request, budget_id: Path[RecordId]):
    return json_answer(budget_out(selectors.get_budget(request_user(request), budget_id)))


@router.patch("/budgets/{budget_id}", auth=api_auth, response={200: BudgetOut, **WRITE})
def update_budget(request, budget_id: Path[RecordId], payload: BudgetPatch):
    """Titles any time; the amount, rule and ballot until the vote starts (409 voting_started)."""
    user = request_user(request)
    budget = selectors.get_budget(user, budget_id)
    budget = budgets.budget_update(actor=user, budget=budget, data=payload.model_dump(exclude_unset=True))
    return json_answer(budget_out(budget))


@router.get("/budgets/{budget_id}/projects", response={200: list[ProjectOut], **READ})
def list_projects(request, budget_id: Path[RecordId]):
    """The projects (at most 200 a budget); votes once the vote closed or to editors; the result once visible."""
    user = request_user(request)
    budget = selectors.get_budget(user, budget_id)
    return json_answer(_project_rows(user, budget, selectors.budget_projects(budget)))


@router.post("/budgets/{budget_id}/projects", auth=api_auth, response={201: ProjectOut, **WRITE})
def create_project(request, budget_id: Path[RecordId], payload: ProjectIn):
    """From an idea of the process (`idea_id`) or by staff; cost > 0 and within the budget."""
    user = request_user(request)
    budget = selectors.get_budget(user, budget_id)
    project = budgets.project_create(actor=user, budget=budget, data=payload.model_dump())
    return json_answer(project_out(project, votes=True, result=False), status=201)


@router.get("/projects/{project_id}", response={200: ProjectOut, **READ})
def get_project(request, project_id: Path[RecordId]):
    user = request_user(request)
    project = selectors.get_project(user, project_id)
    return json_answer(_project_rows(user, project.budget, [project])[0])


@router.patch("/projects/{project_id}", auth=api_auth, response={200: ProjectOut, **WRITE})
def update_project(request, project_id: Path[RecordId], payload: ProjectPatch):
    user = request_user(request)
    project = selectors.get_project(user, project_id)
    project = budgets.project_update(actor=user, project=project, data=payload.model_dump(exclude_unset=True))
    return json_answer(project_out(project, votes=True, result=False))


@router.post("/projects/{project_id}/feasibility", auth=api_auth, response={200: ProjectOut, **WRITE})
def review_project(request, project_id: Path[RecordId], payload: FeasibilityIn):
    """pending | feasible | unfeasible (with the note, required)."""
    user = request_user(request)
    project = selectors.get_project(user, project_id)
    project = budgets.project_feasibility(actor=user, project=project, feasibility=payload.feasibility,
                                          note=payload.note)
    return json_answer(project_out(project, votes=True, result=False))


def _ballot_out(budget: Budget, ballot: Ballot) -> dict:
    projects = list(BudgetProject.objects.filter(ballot_choices__ballot=ballot).order_by("pk").values_list("pk", "cost"))
    return {"budget_id": budget.pk, "project_ids": [pk for pk, _cost in projects],
            "total_cost": _money(sum((cost for _pk, cost in projects), Decimal(0))), "group": ballot.group}


@router.get("/budgets/{budget_id}/ballot", auth=api_auth, response={200: BallotOut, **error_responses(auth=True, lookup=True)})
def my_ballot(request, budget_id: Path[RecordId]):
    """My ballot (404 when I have none)."""
    user = request_user(request)
    budget = selectors.get_budget(user, budget_id)
    ballot = budgets.ballot_of(budget, user)
    if ballot is None:
        raise NotFound()
    return json_answer(_ballot_out(budget, ballot))


@router.put("/budgets/{budget_id}/ballot", auth=api_auth, response={200: BallotOut, **WRITE})
def cast_ballot(request, budget_id: Path[RecordId], payload: BallotIn):
    """Replace my ballot: feasible projects of this budget, within the amount (approval) or at most N (choose_n);
    in the voting phase only (403 otherwise)."""
    user = request_user(request)
    budget = selectors.get_budget(user, budget_id)
    ballot = budgets.ballot_cast(actor=user, budget=budget, project_ids=payload.project_ids, group=payload.group)
    return json_answer(_ballot_out(budget, ballot))


@router.delete("/budgets/{budget_id}/ballot", auth=api_auth, response={204: None, **ACTION})
def withdraw_ballot(request, budget_id: Path[RecordId]):
    user = request_user(request)
    budgets.ballot_withdraw(actor=user, budget=selectors.get_budget(user, budget_id))
    return Status(204, None)


@router.post("/budgets/{budget_id}/compute", auth=api_auth, response={200: ResultOut, **ACTION})
def compute_budget(request, budget_id: Path[RecordId]):
    """Compute the result by the budget's rule (a preview before the vote ended)."""
    user = request_user(request)
    budget = budgets.budget_compute(actor=user, budget=selectors.get_budget(user, budget_id))
    return json_answer(_result(user, selectors.get_budget(user, budget.pk)))


@router.post("/budgets/{budget_id}/publish", auth=api_auth, response={200: BudgetOut, **ACTION})
def publish_budget(request, budget_id: Path[RecordId]):
    """Publish a result computed after the vote ended (409 voting_open / not_computed / published)."""
    user = request_user(request)
    budget = budgets.budget_publish(actor=user, budget=selectors.get_budget(user, budget_id))
    return json_answer(budget_out(budget))


def _result(user, budget: Budget) -> dict:
    projects = list(selectors.budget_projects(budget))
    figures = selectors.result_figures(budget, projects)
    return {"budget": budget_out(budget), "preview": figures["preview"], "spent": _money(figures["spent"]),
            "left": _money(figures["left"]), "tie_breaking": TIE_BREAKING,
            "projects": [project_out(p, votes=True, result=True) for p in figures["ranked"]]}


@router.get("/budgets/{budget_id}/result", response={200: ResultOut, **error_responses(auth=True, lookup=True)})
def get_result(request, budget_id: Path[RecordId]):
    """The result with each project's reason: published results for everyone, computed ones for editors."""
    user = request_user(request)
    budget = selectors.get_budget(user, budget_id)
    require(user, "participation.view_budget_result", budget)
    if budget.result_computed_at is None:
        raise NotFound()
    return json_answer(_result(user, budget))


def pb_response(budget: Budget) -> StreamingHttpResponse:
    response = StreamingHttpResponse(budgets.pabulib_lines(budget, country=budget.process.region.name_en,
                                                           unit=budget.process.title_ar),
                                     content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{budget.pk}.pb"'
    return response


@router.get("/budgets/{budget_id}/ballots.pb", response={200: None, **error_responses(auth=True, lookup=True)})
def ballots_pb(request, budget_id: Path[RecordId]):
    """The ballots in the Pabulib .pb format (voters numbered, not named): once the result may be seen."""
    user = request_user(request)
    budget = selectors.get_budget(user, budget_id)
    require(user, "participation.view_budget_result", budget)
    return pb_response(budget)
