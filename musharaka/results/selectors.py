"""Reads of the results framework, shaped for pages and the API in a fixed number of queries."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from musharaka.orgs.models import Role
from musharaka.orgs.roles import roles_of

from .models import Indicator, Period, Result, Update, UpdateStatus


def results_of(owner) -> list[Result]:
    """The owner's results with their indicators, periods and approved updates (five queries)."""
    return results_of_many(type(owner), [owner.pk]).get(owner.pk, [])


def results_of_many(model, owner_ids: Iterable[int]) -> dict[int, list[Result]]:
    """Results of many owners of one model at once, by owner id (the plan page reads every goal's and action's)."""
    owner_type = ContentType.objects.get_for_model(model)
    rows = (Result.objects.filter(owner_type=owner_type, owner_id__in=list(owner_ids))
            .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.prefetch_related(
                "dimensions",
                Prefetch("periods", queryset=Period.objects.order_by("start", "pk")),
            ))).order_by("position", "pk"))
    found: dict[int, list[Result]] = {}
    for result in rows:
        found.setdefault(result.owner_id, []).append(result)
    return found


def period_updates(period: Period, *, user) -> QuerySet[Update]:
    """A period's updates as this person may read them: approved ones for every reader of the result; drafts,
    pending and returned ones for those who report or approve."""
    queryset = period.updates.select_related("author", "reviewed_by").prefetch_related(
        "evidence", "disaggregations__dimension_value")
    result = period.indicator.result
    roles = roles_of(user)
    staff = (Role.ADMIN, Role.EDITOR)
    insider = (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False)
               or roles.role_in(result.organization_id) in staff or roles.role_in(result.approver_organization_id)
               in staff)
    if not insider:
        queryset = queryset.filter(status=UpdateStatus.APPROVED)
    return queryset.order_by("created_at", "pk")


def approval_queue(*, user) -> QuerySet[Update]:
    """Pending updates this person may approve (their organisations' staff role; never their own)."""
    roles = roles_of(user)
    organisations = [org for org, role in roles.by_organization.items() if role in (Role.ADMIN, Role.EDITOR)]
    queryset = Update.objects.filter(status=UpdateStatus.PENDING)
    if not (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False)):
        queryset = queryset.filter(period__indicator__result__approver_organization_id__in=organisations)
    return (queryset.exclude(author=user).select_related("period__indicator__result", "author")
            .order_by("submitted_at", "pk"))
