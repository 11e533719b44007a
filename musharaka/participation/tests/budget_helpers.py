"""Shared set-up of the budget tests: a published process whose voting phase runs (or ran), a budget with
feasible projects, residents."""

import datetime
from decimal import Decimal

from django.utils import timezone

from musharaka.orgs.models import Role
from musharaka.participation import budgets
from musharaka.participation.models import Budget, Feasibility, Phase, PhaseKind, Process, ProcessStatus


def make_process(organization, *, phase: str = PhaseKind.VOTING, status: str = ProcessStatus.PUBLISHED) -> Process:
    """A process of the organisation whose phase in force is `phase` (a voting phase then follows or precedes)."""
    now = timezone.now()
    process = Process.objects.create(organization=organization, region=organization.region, status=status,
                                     title_ar="ميزانية الحي التشاركية", title_en="Neighbourhood budget")
    day = datetime.timedelta(days=1)
    Phase.objects.create(process=process, kind=phase, starts_at=now - day, ends_at=now + 5 * day)
    if phase != PhaseKind.VOTING:
        Phase.objects.create(process=process, kind=PhaseKind.VOTING, starts_at=now + 6 * day, ends_at=now + 9 * day)
    return process


def set_phase(process: Process, kind: str | None) -> None:
    """Move the process to a state: `kind` in force now (None: the voting phase has ended)."""
    now = timezone.now()
    day = datetime.timedelta(days=1)
    process.phases.all().delete()
    if kind is None:
        Phase.objects.create(process=process, kind=PhaseKind.VOTING, starts_at=now - 5 * day, ends_at=now - day)
        Phase.objects.create(process=process, kind=PhaseKind.IMPLEMENTATION, starts_at=now - day,
                             ends_at=now + 30 * day)
    else:
        Phase.objects.create(process=process, kind=kind, starts_at=now - day, ends_at=now + 5 * day)
        if kind != PhaseKind.VOTING:
            Phase.objects.create(process=process, kind=PhaseKind.VOTING, starts_at=now + 6 * day,
                                 ends_at=now + 9 * day)
    process.__dict__.pop("_prefetched_objects_cache", None)


def make_budget(process: Process, editor, *, amount="100", rule="equal_shares", ballot_kind="approval",
                choose_n=None, projects=()) -> tuple[Budget, list]:
    """A budget with feasible projects [(title, cost)], made before the vote (the phases are moved around it)."""
    phases = list(process.phases.values("kind", "starts_at", "ends_at"))
    set_phase(process, PhaseKind.IDEAS)
    budget = budgets.budget_create(actor=editor, process=process, data={
        "title_ar": "ميزانية حي النخيل", "amount": amount, "currency": "SAR", "rule": rule,
        "ballot_kind": ballot_kind, "choose_n": choose_n})
    made = []
    for title, cost in projects:
        project = budgets.project_create(actor=editor, budget=budget, data={"title": title, "cost": cost})
        made.append(budgets.project_feasibility(actor=editor, project=project, feasibility=Feasibility.FEASIBLE))
    process.phases.all().delete()
    for phase in phases:
        Phase.objects.create(process=process, **phase)
    budget.refresh_from_db()
    return budget, made


def editor_of(process, make_member):
    return make_member(process.organization, Role.EDITOR)


def fresh(budget: Budget) -> Budget:
    return Budget.objects.select_related("process").get(pk=budget.pk)


def D(value) -> Decimal:
    return Decimal(str(value))
