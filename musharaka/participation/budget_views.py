"""The pages of participatory budgets: a process's budgets, a budget with its projects, the editors' forms (budget,
project, feasibility review), the ballot, compute and publish, the result explained, the .pb download.

Who may not see the process gets a 404; who sees it but may not act, a 403; a domain error becomes a form error or
a message, never a 500.
"""

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from musharaka.core.errors import DomainError
from musharaka.core.permissions import can, require
from musharaka.plans.models import ParticipantGroup

from . import budgets
from . import budgets_selectors as selectors
from .budgets_api import pb_response
from .budgets_forms import BudgetForm, FeasibilityForm, ProjectForm
from .models import Feasibility

PER_PAGE = 20


def _signed_in(request):
    return None if request.user.is_authenticated else redirect_to_login(request.get_full_path())


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


@require_safe
def budget_list(request, process_id: int):
    process = selectors.get_process(request.user, process_id)
    page = Paginator(selectors.process_budgets(process), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "participation/budgets/list.html", {
        "process": process, "page": page, "can_edit": can(request.user, "participation.change_process", process)})


@require_http_methods(["GET", "HEAD", "POST"])
def budget_new(request, process_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    process = selectors.get_process(request.user, process_id)
    require(request.user, "participation.change_process", process)
    form = BudgetForm(request.POST or None, initial={"currency": "SAR", "rule": "equal_shares"})
    if request.method == "POST" and form.is_valid():
        try:
            budget = budgets.budget_create(actor=request.user, process=process, data=form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The budget was created."))
            return redirect("participation:budget_detail", budget.pk)
    return render(request, "participation/budgets/form.html", {
        "process": process, "form": form, "title": _("New budget")}, status=422 if form.is_bound else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def budget_edit(request, budget_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    budget = selectors.get_budget(request.user, budget_id)
    require(request.user, "participation.change_process", budget)
    initial = {name: getattr(budget, name) for name in BudgetForm.base_fields}
    form = BudgetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            budgets.budget_update(actor=request.user, budget=budget, data=form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The budget was saved."))
            return redirect("participation:budget_detail", budget.pk)
    return render(request, "participation/budgets/form.html", {
        "process": budget.process, "budget": budget, "form": form, "title": _("Edit the budget")},
        status=422 if form.is_bound else 200)


@require_safe
def budget_detail(request, budget_id: int):
    budget = selectors.get_budget(request.user, budget_id)
    projects = list(selectors.budget_projects(budget))
    return render(request, "participation/budgets/detail.html", {
        "process": budget.process, "budget": budget, "projects": projects,
        "is_editor": selectors.is_editor(request.user, budget),
        "shows_votes": selectors.shows_votes(request.user, budget),
        "shows_result": selectors.shows_result(request.user, budget),
        "can_vote": can(request.user, "participation.vote_budget", budget),
        "voting_started": budgets.voting_started(budget.process),
        "my_ballot": budgets.ballot_of(budget, request.user)})


@require_http_methods(["GET", "HEAD", "POST"])
def project_new(request, budget_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    budget = selectors.get_budget(request.user, budget_id)
    require(request.user, "participation.change_process", budget)
    form = ProjectForm(request.POST or None, process=budget.process, initial={"idea_id": request.GET.get("idea")})
    if request.method == "POST" and form.is_valid():
        try:
            budgets.project_create(actor=request.user, budget=budget, data=form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The project was added."))
            return redirect("participation:budget_detail", budget.pk)
    return render(request, "participation/budgets/form.html", {
        "process": budget.process, "budget": budget, "form": form, "title": _("New project")},
        status=422 if form.is_bound else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def project_edit(request, project_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    project = selectors.get_project(request.user, project_id)
    budget = project.budget
    require(request.user, "participation.change_process", budget)
    form = ProjectForm(request.POST or None, process=budget.process, initial={
        "idea_id": project.idea_id, "title": project.title, "description": project.description, "cost": project.cost})
    if request.method == "POST" and form.is_valid():
        try:
            budgets.project_update(actor=request.user, project=project, data=form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("participation:budget_detail", budget.pk)
    return render(request, "participation/budgets/form.html", {
        "process": budget.process, "budget": budget, "form": form, "title": _("Edit the project")},
        status=422 if form.is_bound else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def project_feasibility(request, project_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    project = selectors.get_project(request.user, project_id)
    budget = project.budget
    require(request.user, "participation.change_process", budget)
    form = FeasibilityForm(request.POST or None, initial={"feasibility": project.feasibility,
                                                          "note": project.feasibility_note})
    if request.method == "POST" and form.is_valid():
        try:
            budgets.project_feasibility(actor=request.user, project=project,
                                        feasibility=form.cleaned_data["feasibility"], note=form.cleaned_data["note"])
        except DomainError as error:
            if error.field == "feasibility_note":
                error.field = "note"
            _form_error(form, error)
        else:
            messages.success(request, _("The review was saved."))
            return redirect("participation:budget_detail", budget.pk)
    return render(request, "participation/budgets/form.html", {
        "process": budget.process, "budget": budget, "form": form, "project": project,
        "title": _("Feasibility review")}, status=422 if form.is_bound else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def ballot(request, budget_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    budget = selectors.get_budget(request.user, budget_id)
    require(request.user, "participation.vote_budget", budget)
    projects = [p for p in selectors.budget_projects(budget) if p.feasibility == Feasibility.FEASIBLE]
    mine = budgets.ballot_of(budget, request.user)
    chosen = set(mine.choices.values_list("project_id", flat=True)) if mine else set()
    group = mine.group if mine else ParticipantGroup.OTHER
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "cast")
        try:
            if action == "withdraw":
                budgets.ballot_withdraw(actor=request.user, budget=budget)
                messages.success(request, _("Your ballot was withdrawn."))
            else:
                group = request.POST.get("group", ParticipantGroup.OTHER)
                budgets.ballot_cast(actor=request.user, budget=budget, project_ids=request.POST.getlist("project"),
                                    group=group)
                messages.success(request, _("Your ballot was saved. You may change it until the vote closes."))
            return redirect("participation:ballot", budget.pk)
        except DomainError as failure:
            if failure.status in (403, 404):  # no ballot to withdraw: as the API answers
                raise
            error = str(failure.message)
            chosen = {int(v) for v in request.POST.getlist("project") if v.isdigit()}
    return render(request, "participation/budgets/ballot.html", {
        "process": budget.process, "budget": budget, "projects": projects, "chosen": chosen, "mine": mine,
        "error": error, "group": group, "groups": ParticipantGroup.choices,
        "chosen_total": sum((p.cost for p in projects if p.pk in chosen), Decimal(0))},
        status=422 if error else 200)


@require_POST
def budget_compute(request, budget_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    budget = selectors.get_budget(request.user, budget_id)
    try:
        budgets.budget_compute(actor=request.user, budget=budget)
        messages.success(request, _("The result was computed."))
    except DomainError as error:
        if error.status == 403:
            raise
        messages.error(request, str(error.message))
    return redirect("participation:budget_result", budget.pk)


@require_POST
def budget_publish(request, budget_id: int):
    if (login := _signed_in(request)) is not None:
        return login
    budget = selectors.get_budget(request.user, budget_id)
    try:
        budgets.budget_publish(actor=request.user, budget=budget)
        messages.success(request, _("The result was published."))
    except DomainError as error:
        if error.status == 403:
            raise
        messages.error(request, str(error.message))
    return redirect("participation:budget_result", budget.pk)


@require_safe
def budget_result(request, budget_id: int):
    budget = selectors.get_budget(request.user, budget_id)
    require(request.user, "participation.view_budget_result", budget)
    projects = list(selectors.budget_projects(budget))
    figures = selectors.result_figures(budget, projects) if budget.result_computed_at else None
    chart = {"labels": [p.title[:40] for p in projects], "votes": [p.vote_count for p in projects],
             "costs": [float(p.cost) for p in projects], "funded": [bool(p.funded) for p in projects],
             "names": {"votes": _("Votes"), "cost": _("Cost")}}
    return render(request, "participation/budgets/result.html", {
        "process": budget.process, "budget": budget, "figures": figures,
        "is_editor": selectors.is_editor(request.user, budget),
        "voting_ended": budgets.voting_ended(budget.process),
        "chart_json": json.dumps(chart, ensure_ascii=False).replace("<", "\\u003c")})


@require_safe
def budget_pb(request, budget_id: int):
    budget = selectors.get_budget(request.user, budget_id)
    require(request.user, "participation.view_budget_result", budget)
    return pb_response(budget)
