"""Reads for the awards pages and API. Lists return rows (`.values()`), in pages, with what each row shows kept
on write; the permission-bearing querysets (what a judge may see, what the public may see) live here once."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.roles import roles_of

from .models import Application, ApplicationStatus, Cycle, CycleStage, JudgeStatus, Recusal, Scoresheet, Winner
from .rules import STAFF_ROLES


def staff_organization_ids(user) -> list[int]:
    return [org_id for org_id, role in roles_of(user).by_organization.items() if role in STAFF_ROLES]


def visible_cycles(user) -> QuerySet[Cycle]:
    """Cycles past preparation for everyone; the organiser's own drafts too."""
    cycles = Cycle.objects.select_related("programme", "programme__organization")
    if is_platform_admin(user):
        return cycles
    return cycles.filter(~Q(stage=CycleStage.DRAFT) | Q(programme__organization_id__in=staff_organization_ids(user)))


def managed_cycles(user) -> QuerySet[Cycle]:
    cycles = Cycle.objects.select_related("programme", "programme__organization")
    if is_platform_admin(user):
        return cycles
    return cycles.filter(programme__organization_id__in=staff_organization_ids(user))


def judge_sheets(user) -> QuerySet[Scoresheet]:
    """The scoresheets this person may open as a judge: theirs, as an accepted judge, never for an application
    they are recused from (the recusal is checked in the query, so no list or page can leak one)."""
    if not user.is_authenticated:
        return Scoresheet.objects.none()
    recused = Recusal.objects.filter(judge_id=OuterRef("judge_id"), application_id=OuterRef("application_id"))
    return (Scoresheet.objects.filter(judge__user=user, judge__status=JudgeStatus.ACCEPTED)
            .exclude(Exists(recused)))


def own_applications(user) -> QuerySet[Application]:
    """Applications this person made alone or may act on for their organisation (admins and editors)."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(
        Q(organization__isnull=True, applicant=user) | Q(organization_id__in=staff_organization_ids(user)))


def published_winners(cycle: Cycle) -> QuerySet[Winner]:
    if cycle.stage != CycleStage.PUBLISHED:
        return Winner.objects.none()
    return Winner.objects.filter(category__cycle=cycle)


def competing_applications(category) -> QuerySet[Application]:
    """The applications the people's choice vote offers: those found eligible."""
    return category.applications.filter(status=ApplicationStatus.ELIGIBLE)
