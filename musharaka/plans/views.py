"""The plan pages (being built: see the issue's split)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
def plan_list(request):
    plans = selectors.plan_list(user=request.user)[:50]
    return render(request, "plans/list.html", {"plans": plans})


@require_safe
def plan_detail(request, plan_id: int):
    plan = selectors.get_plan(user=request.user, plan_id=plan_id)
    return render(request, "plans/detail.html", {"page": selectors.plan_page(plan)})
