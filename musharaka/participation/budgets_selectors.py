"""Reads of participatory budgets: lookups that answer 404 for what one may not see, the projects of a budget,
who sees votes, the result's figures and the panel on the process page."""

from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from musharaka.core.errors import NotFound
from musharaka.core.permissions import can

from . import budgets
from .models import Budget, BudgetProject, Phase, Process


def _phases() -> Prefetch:
    return Prefetch("process__phases", queryset=Phase.objects.order_by("starts_at"))


def get_process(user, process_id: int) -> Process:
    process = Process.objects.prefetch_related("phases").filter(pk=process_id).first()
    if process is None or not can(user, "participation.view_process", process):
        raise NotFound()
    return process


def get_budget(user, budget_id: int) -> Budget:
    budget = (Budget.objects.select_related("process", "process__organization", "neighbourhood")
              .prefetch_related(_phases()).filter(pk=budget_id).first())
    if budget is None or not can(user, "participation.view_process", budget.process):
        raise NotFound()
    return budget


def get_project(user, project_id: int) -> BudgetProject:
    project = (BudgetProject.objects.select_related("budget", "budget__process", "idea")
               .prefetch_related(Prefetch("budget__process__phases", queryset=Phase.objects.all()))
               .filter(pk=project_id).first())
    if project is None or not can(user, "participation.view_process", project.budget.process):
        raise NotFound()
    return project


def process_budgets(process: Process) -> QuerySet:
    return Budget.objects.filter(process=process).select_related("neighbourhood").order_by("pk")


def budget_projects(budget: Budget) -> QuerySet:
    return BudgetProject.objects.filter(budget=budget).select_related("idea").order_by("pk")


def is_editor(user, budget: Budget) -> bool:
    return can(user, "participation.change_process", budget)


def shows_votes(user, budget: Budget) -> bool:
    """Votes are shown once the vote closed, and to the process's editors."""
    return is_editor(user, budget) or budgets.voting_ended(budget.process)


def shows_result(user, budget: Budget) -> bool:
    return budget.result_computed_at is not None and can(user, "participation.view_budget_result", budget)


def result_figures(budget: Budget, projects) -> dict:
    spent = sum((project.cost for project in projects if project.funded), Decimal(0))
    funded = [project for project in projects if project.funded]
    ranked = sorted(projects, key=lambda p: (p.result_rank is None, p.result_rank or 0, p.pk))
    return {"spent": spent, "left": budget.amount - spent, "funded_count": len(funded), "ranked": ranked,
            "preview": budgets.is_preview(budget)}


def process_panel(process: Process, user) -> dict:
    """What the process page shows of its budgets (one query)."""
    rows = list(process_budgets(process)[:20])
    return {"process": process, "budgets": rows, "can_add_budget": can(user, "participation.change_process", process)}
