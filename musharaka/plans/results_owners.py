"""Goals and actions own results of the shared framework: the authority reports and approves a goal's indicators;
an action's lead organisation reports its indicators and the authority approves them. The plan's kept progress
follows every change of their figures."""

from django.urls import reverse

from musharaka.core.permissions import can
from musharaka.results import owners

from .models import Action, Goal


def _plan_url(record) -> str:
    return reverse("plans:detail", kwargs={"plan_id": record.plan_id})


def _refresh(record) -> None:
    from .services import refresh_progress

    refresh_progress(record.plan)


owners.register(Goal, owners.Owner(
    organizations=lambda goal: (goal.plan.organization_id, goal.plan.organization_id),
    can_view=lambda user, goal: can(user, "plans.view_plan", goal.plan),
    url=_plan_url,
    on_change=_refresh,
))
owners.register(Action, owners.Owner(
    organizations=lambda action: (action.lead_organization_id, action.plan.organization_id),
    can_view=lambda user, action: can(user, "plans.view_plan", action.plan),
    url=_plan_url,
    on_change=_refresh,
))
