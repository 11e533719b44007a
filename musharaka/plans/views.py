"""The plan pages: the list, creating and editing a plan, the plan page (status and its moves, vision, area, period,
partners, goals → actions with their progress and results, the prioritised needs, the risk register with its heat map,
reviews, versions), vision and partners, goals, actions and the lead organisation's status report, versions and their
differences, periodic reviews, risks, and the reports (PDF, XLSX, charts).

Thin views: reads through the selectors, writes through the services. Who may not see a plan gets a 404 (a draft is
not there for them), who may see it but not act a 403; a domain error comes back on the form or as a message.
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from musharaka.core.errors import DomainError, NotPermitted
from musharaka.core.permissions import can, is_platform_admin, require
from musharaka.core.refusals import form_error, message_error
from musharaka.orgs.models import Organization, Role, Sector
from musharaka.orgs.roles import roles_of
from musharaka.results.selectors import sections_for

from . import reports, selectors, services, versions
from .forms import (
    ActionForm,
    ActionReportForm,
    GoalForm,
    MoveForm,
    PartnersForm,
    PlanFilterForm,
    PlanForm,
    ReviewForm,
    RiskForm,
    VisionForm,
)
from .models import (
    PLAN_MOVES,
    RISK_SCALE,
    Action,
    ActionStatus,
    FundingSource,
    Goal,
    GoalRating,
    PlanStatus,
    Review,
    ReviewKind,
    Risk,
    RiskCategory,
    RiskStatus,
)

PAGE_SIZE = 20
TOP_NEEDS = 10
LANGUAGES = ("ar", "en")


def _link(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs or None)


def _names() -> dict:
    return {"status_names": dict(PlanStatus.choices), "action_status_names": dict(ActionStatus.choices),
            "funding_names": dict(FundingSource.choices), "risk_category_names": dict(RiskCategory.choices),
            "risk_status_names": dict(RiskStatus.choices), "rating_names": dict(GoalRating.choices)}


# ---------------------------------------------------------------- finding records (404 when not visible)


def _plan(user, plan_id: int):
    return selectors.get_plan(user=user, plan_id=plan_id)


def _changeable_plan(user, plan_id: int):
    plan = _plan(user, plan_id)
    require(user, "plans.change_plan", plan)
    return plan


def _goal(user, goal_id: int) -> Goal:
    goal = get_object_or_404(Goal, pk=goal_id)
    goal.plan = _plan(user, goal.plan_id)
    return goal


def _action(user, action_id: int) -> Action:
    action = get_object_or_404(Action.objects.select_related("goal", "lead_organization"), pk=action_id)
    action.plan = _plan(user, action.plan_id)
    action.goal.plan = action.plan
    return action


def _review(user, review_id: int) -> Review:
    review = get_object_or_404(Review.objects.select_related("event"), pk=review_id)
    review.plan = _plan(user, review.plan_id)
    return review


def _risk(user, risk_id: int) -> Risk:
    risk = get_object_or_404(Risk.objects.select_related("action", "initiative"), pk=risk_id)
    risk.plan = _plan(user, risk.plan_id)
    return risk


def _authorities(user):
    """The authorities a person may create a plan for: those where they are admin or editor."""
    queryset = Organization.objects.filter(sector=Sector.AUTHORITY)
    if not is_platform_admin(user):
        staff = [org for org, role in roles_of(user).by_organization.items() if role in (Role.ADMIN, Role.EDITOR)]
        queryset = queryset.filter(pk__in=staff)
    return queryset.order_by("name_ar", "pk")


# ---------------------------------------------------------------- the list


@require_safe
def plan_list(request):
    filters = PlanFilterForm(request.GET or None)
    values = filters.values() if request.GET else {}
    rows = selectors.plan_list(user=request.user, **values)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    can_add = is_platform_admin(request.user) or (request.user.is_authenticated and _authorities(request.user).exists())
    return render(request, "plans/list.html", {"filters": filters, "page_obj": page_obj, "can_add": can_add,
                                               **_names()})


# ---------------------------------------------------------------- create and edit


@login_required
def plan_create(request):
    organizations = _authorities(request.user)
    if not organizations.exists():
        raise NotPermitted()
    form = PlanForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, organization=form.cleaned_data["organization"],
                                        data=form.service_data(), neighbourhoods=form.cleaned_data["neighbourhoods"])
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The plan was created. Write its vision and open the consultation."))
            return redirect("plans:detail", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_edit(request, plan_id: int):
    plan = _changeable_plan(request.user, plan_id)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, data=form.service_data(),
                                 neighbourhoods=form.cleaned_data["neighbourhoods"])
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("plans:detail", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


# ---------------------------------------------------------------- the plan page


def _sections(page, user) -> tuple[dict, dict]:
    """The results section of each goal and action (four queries for all of them)."""
    actions = [action for goal in page.goals for action in page.actions_by_goal.get(goal.pk, [])]
    return sections_for(Goal, page.goals, user), sections_for(Action, actions, user)


def _moves(plan, user) -> list[dict]:
    """The statuses the plan may go to next, each with what stops it (shown to those who move it)."""
    if not can(user, "plans.change_plan", plan):
        return []
    return [{"target": target, "label": PlanStatus(target).label, "problems": services.plan_problems(plan, target)}
            for target in PLAN_MOVES.get(plan.status, ())]


def heat_map_rows(cells: list[list[int]]) -> list[dict]:
    """The heat map as table rows: impact from 5 (top) to 1, each with its five cells (likelihood 1–5) and level."""
    rows = []
    for index, counts in enumerate(cells):
        impact = RISK_SCALE - index
        rows.append({"impact": impact, "cells": [
            {"likelihood": likelihood, "count": count, "level": _level(likelihood * impact)}
            for likelihood, count in enumerate(counts, start=1)]})
    return rows


def _level(score: int) -> str:
    return Risk(likelihood=1, impact=1, score=score).level


def _need_links(plan) -> dict:
    return {name: _link(f"plans:{name}", plan_id=plan.pk)
            for name in ("needs", "need_submit", "priorities", "moderation", "matrix")}


@require_safe
def plan_detail(request, plan_id: int):
    plan = _plan(request.user, plan_id)
    page = selectors.plan_page(plan)
    goal_sections, action_sections = _sections(page, request.user)
    ranked = page.prioritisation.combined[:TOP_NEEDS]
    reviews = list(plan.reviews.values("pk", "kind", "held_on", "opens_revision", "plan_version"))
    return render(request, "plans/detail.html", {
        "page": page, "plan": plan, "goal_sections": goal_sections, "action_sections": action_sections,
        "top_needs": ranked, "moves": _moves(plan, request.user),
        "heat_rows": heat_map_rows(page.heat_map), "reviews": reviews, "chart_json": reports.chart_json(page),
        "goal_rows": reports.goal_progress_rows(page), "percent": reports.percent,
        "can_change": can(request.user, "plans.change_plan", plan),
        "can_report": {action.pk: can(request.user, "plans.report_action", action)
                       for actions in page.actions_by_goal.values() for action in actions},
        "need_links": _need_links(plan), "review_kinds": dict(ReviewKind.choices),
        **_names(),
    })


@login_required
@require_POST
def plan_move(request, plan_id: int):
    plan = _changeable_plan(request.user, plan_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
        return redirect("plans:detail", plan.pk)
    try:
        plan = services.plan_move(actor=request.user, plan=plan, target=form.cleaned_data["target"],
                                  note=form.cleaned_data["note"])
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The plan is now “%(status)s”.") % {"status": plan.get_status_display()})
    return redirect("plans:detail", plan.pk)


# ---------------------------------------------------------------- vision and partners


@login_required
def plan_vision(request, plan_id: int):
    plan = _changeable_plan(request.user, plan_id)
    form = VisionForm(request.POST or None, initial={"vision_ar": plan.vision_ar, "vision_en": plan.vision_en})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_set_vision(actor=request.user, plan=plan, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The vision was saved."))
            return redirect("plans:detail", plan.pk)
    return render(request, "plans/simple_form.html", {"form": form, "plan": plan, "title": _("The plan's vision")})


@login_required
def plan_partners(request, plan_id: int):
    plan = _changeable_plan(request.user, plan_id)
    form = PartnersForm(request.POST or None, plan=plan,
                        initial={"partners": list(plan.partners.values_list("pk", flat=True))})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_set_partners(actor=request.user, plan=plan, organizations=form.cleaned_data["partners"])
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The partners were saved."))
            return redirect("plans:detail", plan.pk)
    return render(request, "plans/simple_form.html", {"form": form, "plan": plan,
                                                      "title": _("The plan's partners")})


# ---------------------------------------------------------------- goals


def _goal_form(request, plan, goal: Goal | None):
    initial = GoalForm.initial_for(goal) if goal else {"position": plan.goals.count()}
    form = GoalForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_save(actor=request.user, plan=plan, goal=goal, data=form.service_data(),
                               needs=form.cleaned_data["needs"], alignments=form.cleaned_data["alignments"])
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The goal was saved."))
            return redirect(reverse("plans:detail", args=[plan.pk]) + "#goals")
    return render(request, "plans/goal_form.html", {"form": form, "plan": plan, "goal": goal})


@login_required
def goal_create(request, plan_id: int):
    return _goal_form(request, _changeable_plan(request.user, plan_id), None)


@login_required
def goal_edit(request, goal_id: int):
    goal = _goal(request.user, goal_id)
    require(request.user, "plans.change_plan", goal.plan)
    return _goal_form(request, goal.plan, goal)


@login_required
@require_POST
def goal_delete(request, goal_id: int):
    goal = _goal(request.user, goal_id)
    require(request.user, "plans.change_plan", goal.plan)
    try:
        services.goal_delete(actor=request.user, goal=goal)
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The goal was deleted."))
    return redirect(reverse("plans:detail", args=[goal.plan_id]) + "#goals")


# ---------------------------------------------------------------- actions


def _action_form(request, goal: Goal, action: Action | None):
    plan = goal.plan
    initial = ActionForm.initial_for(action) if action else {
        "goal": goal.pk, "lead_organization": plan.organization_id, "position": goal.actions.count()}
    form = ActionForm(request.POST or None, plan=plan, action=action, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.action_save(actor=request.user, goal=goal, action=action, data=form.service_data(),
                                         partners=form.cleaned_data["partners"],
                                         initiatives=form.cleaned_data["initiatives"])
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The action was saved."))
            return redirect(reverse("plans:detail", args=[plan.pk]) + f"#action-{saved.pk}")
    return render(request, "plans/action_form.html", {"form": form, "plan": plan, "goal": goal, "action": action})


@login_required
def action_create(request, goal_id: int):
    goal = _goal(request.user, goal_id)
    require(request.user, "plans.change_plan", goal.plan)
    return _action_form(request, goal, None)


@login_required
def action_edit(request, action_id: int):
    action = _action(request.user, action_id)
    require(request.user, "plans.change_plan", action.plan)
    return _action_form(request, action.goal, action)


@login_required
@require_POST
def action_delete(request, action_id: int):
    action = _action(request.user, action_id)
    require(request.user, "plans.change_plan", action.plan)
    try:
        services.action_delete(actor=request.user, action=action)
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The action was deleted."))
    return redirect(reverse("plans:detail", args=[action.plan_id]) + "#goals")


@login_required
def action_report(request, action_id: int):
    """The lead organisation's (or the authority's) report of the action's status."""
    action = _action(request.user, action_id)
    require(request.user, "plans.report_action", action)
    form = ActionReportForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_report(actor=request.user, action=action, status=form.cleaned_data["status"])
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The action's status was reported."))
            return redirect(reverse("plans:detail", args=[action.plan_id]) + f"#action-{action.pk}")
    return render(request, "plans/action_report.html", {"form": form, "plan": action.plan, "action": action,
                                                        **_names()})


# ---------------------------------------------------------------- versions


@require_safe
def plan_versions(request, plan_id: int):
    plan = _plan(request.user, plan_id)
    rows = list(plan.versions.select_related("approved_by").order_by("-number"))
    return render(request, "plans/versions.html", {"plan": plan, "versions": rows})


@require_safe
def plan_version(request, plan_id: int, number: int):
    plan = _plan(request.user, plan_id)
    version = selectors.plan_version(plan, number)
    return render(request, "plans/version.html", {"plan": plan, "version": version, "snapshot": version.snapshot,
                                                  **_names()})


CURRENT = "current"


@require_safe
def plan_diff(request, plan_id: int):
    """Two versions side by side (?a=1&b=2), or a version and the plan as it is now (b=current, the default)."""
    plan = _plan(request.user, plan_id)
    numbers = list(plan.versions.order_by("number").values_list("number", flat=True))
    if not numbers:
        raise Http404

    def chosen(name: str, fallback: str) -> str:
        value = request.GET.get(name, fallback)
        return value if value == CURRENT or (value.isdigit() and int(value) in numbers) else fallback

    a = chosen("a", str(numbers[-1] if len(numbers) == 1 or plan.status == PlanStatus.REVISED else numbers[-2]))
    b = chosen("b", CURRENT if plan.status == PlanStatus.REVISED or len(numbers) == 1 else str(numbers[-1]))

    def snapshot(value: str) -> dict:
        return services.plan_snapshot(plan) if value == CURRENT else selectors.plan_version(plan, int(value)).snapshot

    return render(request, "plans/diff.html", {"plan": plan, "numbers": numbers, "a": a, "b": b, "current": CURRENT,
                                               "diff": versions.diff(snapshot(a), snapshot(b))})


# ---------------------------------------------------------------- reviews


@login_required
def review_create(request, plan_id: int):
    plan = _changeable_plan(request.user, plan_id)
    goals = list(plan.goals.order_by("position", "pk"))
    form = ReviewForm(request.POST or None, plan=plan, goals=goals)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_save(actor=request.user, plan=plan, data=form.service_data(),
                                          ratings=form.ratings())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The review was recorded."))
            return redirect("plans:review", review.pk)
    return render(request, "plans/review_form.html", {"form": form, "plan": plan})


@login_required
def review_edit(request, review_id: int):
    """Correcting a recorded review: the same service and right as PATCH /api/v1/plans/reviews/{review_id}."""
    review = _review(request.user, review_id)
    plan = review.plan
    require(request.user, "plans.change_plan", plan)
    goals = list(plan.goals.order_by("position", "pk"))
    ratings = {rating.goal_id: rating for rating in review.ratings.all()}
    form = ReviewForm(request.POST or None, plan=plan, goals=goals, rated=frozenset(ratings),
                      initial=ReviewForm.initial_for(review, ratings))
    if request.method == "POST" and form.is_valid():
        try:
            services.review_save(actor=request.user, plan=plan, review=review, data=form.service_data(),
                                 ratings=form.ratings())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The review was saved."))
            return redirect("plans:review", review.pk)
    return render(request, "plans/review_form.html", {"form": form, "plan": plan, "review": review})


@require_safe
def review_detail(request, review_id: int):
    review = _review(request.user, review_id)
    ratings = list(review.ratings.select_related("goal").order_by("goal__position", "goal_id"))
    event_url = _link("events:detail", event_id=review.event_id) if review.event_id else ""
    return render(request, "plans/review.html", {"review": review, "plan": review.plan, "ratings": ratings,
                                                 "event_url": event_url, **_names(),
                                                 "can_change": can(request.user, "plans.change_plan", review.plan)})


# ---------------------------------------------------------------- risks


@require_safe
def plan_risks(request, plan_id: int):
    plan = _plan(request.user, plan_id)
    risks = list(plan.risks.select_related("action", "initiative").order_by("-score", "pk"))
    return render(request, "plans/risks.html", {
        "plan": plan, "risks": risks, "heat_rows": heat_map_rows(selectors.heat_map(plan)),
        "can_change": can(request.user, "plans.change_plan", plan), **_names()})


def _risk_form(request, plan, risk: Risk | None):
    form = RiskForm(request.POST or None, plan=plan, initial=RiskForm.initial_for(risk) if risk else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_save(actor=request.user, plan=plan, risk=risk, data=form.service_data())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The risk was saved."))
            return redirect("plans:risks", plan.pk)
    return render(request, "plans/risk_form.html", {"form": form, "plan": plan, "risk": risk})


@login_required
def risk_create(request, plan_id: int):
    return _risk_form(request, _changeable_plan(request.user, plan_id), None)


@login_required
def risk_edit(request, risk_id: int):
    risk = _risk(request.user, risk_id)
    require(request.user, "plans.change_plan", risk.plan)
    return _risk_form(request, risk.plan, risk)


@login_required
@require_POST
def risk_delete(request, risk_id: int):
    risk = _risk(request.user, risk_id)
    require(request.user, "plans.change_plan", risk.plan)
    services.risk_delete(actor=request.user, risk=risk)
    messages.success(request, _("The risk was deleted."))
    return redirect("plans:risks", risk.plan_id)


# ---------------------------------------------------------------- reports


def _private(response, plan):
    if not plan.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def plan_pdf(request, plan_id: int):
    plan = _plan(request.user, plan_id)
    language = request.GET.get("lang") or (get_language() or "ar")[:2]
    language = language if language in LANGUAGES else "ar"
    pdf = reports.plan_pdf(selectors.plan_page(plan), language=language)
    return _private(FileResponse(io.BytesIO(pdf), as_attachment=True, filename=reports.pdf_filename(plan),
                                 content_type="application/pdf"), plan)


@require_safe
def plan_xlsx(request, plan_id: int):
    plan = _plan(request.user, plan_id)
    data = reports.plan_xlsx(selectors.plan_page(plan))
    return _private(FileResponse(io.BytesIO(data), as_attachment=True, filename=reports.xlsx_filename(plan),
                                 content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                    plan)


@require_safe
def plan_charts(request, plan_id: int):
    plan = _plan(request.user, plan_id)
    page = selectors.plan_page(plan)
    return render(request, "plans/charts.html", {
        "plan": plan, "goal_rows": reports.goal_progress_rows(page), "trends": reports.indicator_trends(page),
        "chart_json": reports.chart_json(page)})


# ---- parity14: the API's deletes of a draft plan and of a review, on pages too (same services, same permission)
@login_required
@require_POST
def plan_delete(request, plan_id: int):
    plan = _changeable_plan(request.user, plan_id)
    try:
        services.plan_delete(actor=request.user, plan=plan)
    except DomainError as error:
        message_error(request, error)
        return redirect("plans:detail", plan.pk)
    messages.success(request, _("The draft plan was deleted."))
    return redirect("plans:list")


@login_required
@require_POST
def review_delete(request, review_id: int):
    review = _review(request.user, review_id)
    require(request.user, "plans.change_plan", review.plan)
    services.review_delete(actor=request.user, review=review)
    messages.success(request, _("The review was deleted."))
    return redirect("plans:detail", review.plan_id)
