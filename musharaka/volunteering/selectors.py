"""Reads of volunteering: visibility, the public list (rows, Arabic search, filters), an opportunity's page, the
staff's lists (applications, the hours queue), a volunteer's profile and certificates."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from musharaka.core import search
from musharaka.core.errors import NotFound
from musharaka.core.permissions import can, is_platform_admin
from musharaka.orgs.roles import roles_of

from .models import (
    Application,
    ApplicationStatus,
    Certificate,
    EntryStatus,
    HourEntry,
    Opportunity,
    OpportunityStatus,
    Question,
    Shift,
)
from .rules import PUBLIC_STATUSES
from .services import SEARCH_KIND


def visible_opportunities(user) -> QuerySet[Opportunity]:
    """Published and closed opportunities, and every opportunity of the person's organisations."""
    opportunities = Opportunity.objects.all()
    if is_platform_admin(user):
        return opportunities
    organizations = list(roles_of(user).by_organization)
    condition = Q(status__in=PUBLIC_STATUSES)
    if organizations:
        condition |= Q(organization_id__in=organizations)
    return opportunities.filter(condition)


def get_opportunity(user, opportunity_id: int) -> Opportunity:
    """The opportunity with its organisation and place, or 404 when this person may not see it."""
    opportunity = (Opportunity.objects.select_related("organization", "region", "city", "neighbourhood", "axis",
                                                      "initiative", "event")
                   .filter(pk=opportunity_id).first())
    if opportunity is None or not can(user, "volunteering.view_opportunity", opportunity):
        raise NotFound()
    return opportunity


@dataclass(frozen=True)
class OpportunityFilters:
    q: str = ""
    region: int | None = None
    city: int | None = None
    neighbourhood: int | None = None
    axis: int | None = None
    skill: int | None = None
    organization: int | None = None
    initiative: int | None = None
    event: int | None = None
    open_seats: bool = False


LIST_FIELDS = (
    "id", "title_ar", "title_en", "starts_on", "ends_on", "minimum_age", "seats_left", "status",
    "organization_id", "organization__name_ar", "organization__name_en",
    "region_id", "region__name_ar", "region__name_en", "city_id", "city__name_ar", "city__name_en",
    "neighbourhood_id", "neighbourhood__name_ar", "neighbourhood__name_en",
)


def public_opportunities(filters: OpportunityFilters) -> QuerySet:
    """Published opportunities as rows (dicts), filtered and, with a query, ranked by the Arabic search."""
    opportunities = Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED)
    if filters.region:
        opportunities = opportunities.filter(region_id=filters.region)
    if filters.city:
        opportunities = opportunities.filter(city_id=filters.city)
    if filters.neighbourhood:
        opportunities = opportunities.filter(neighbourhood_id=filters.neighbourhood)
    if filters.axis:
        opportunities = opportunities.filter(axis_id=filters.axis)
    if filters.organization:
        opportunities = opportunities.filter(organization_id=filters.organization)
    if filters.initiative:
        opportunities = opportunities.filter(initiative_id=filters.initiative)
    if filters.event:
        opportunities = opportunities.filter(event_id=filters.event)
    if filters.skill:
        opportunities = opportunities.filter(skills__id=filters.skill)
    if filters.open_seats:
        opportunities = opportunities.filter(seats_left__gt=0)
    if filters.q:
        opportunities = search.search(opportunities, kind=SEARCH_KIND, query=filters.q)
    return opportunities.values(*LIST_FIELDS)


def organization_opportunities(organization_id: int) -> QuerySet:
    """Every opportunity of an organisation (its staff's list), as rows."""
    return Opportunity.objects.filter(organization_id=organization_id).values(*LIST_FIELDS, "pending_count")


def opportunity_shifts(opportunity: Opportunity) -> list[Shift]:
    return list(Shift.objects.filter(opportunity=opportunity))


def opportunity_questions(opportunity: Opportunity) -> list[Question]:
    return list(Question.objects.filter(opportunity=opportunity))


def my_applications(user, opportunity: Opportunity | None = None) -> QuerySet[Application]:
    if not (user and user.is_authenticated):
        return Application.objects.none()
    applications = Application.objects.filter(volunteer=user).select_related("shift", "opportunity")
    if opportunity is not None:
        applications = applications.filter(opportunity=opportunity)
    return applications.order_by("-pk")


def is_accepted(user, opportunity: Opportunity) -> bool:
    return bool(user and user.is_authenticated) and Application.objects.filter(
        volunteer=user, opportunity=opportunity, status=ApplicationStatus.ACCEPTED).exists()


def opportunity_applications(opportunity: Opportunity, *, shift_id: int | None = None,
                             status: str = "") -> QuerySet[Application]:
    """The applications for the staff, with the volunteer and the answers in two more queries."""
    applications = (Application.objects.filter(opportunity=opportunity)
                    .select_related("volunteer", "shift").prefetch_related("answers__question"))
    if shift_id:
        applications = applications.filter(shift_id=shift_id)
    if status:
        applications = applications.filter(status=status)
    return applications.order_by("shift__starts_at", "shift_id", "pk")


def hours_queue(organization_id: int, *, opportunity_id: int | None = None,
                shift_id: int | None = None) -> QuerySet[HourEntry]:
    """Pending entries of an organisation, oldest first."""
    entries = (HourEntry.objects.filter(organization_id=organization_id, status=EntryStatus.PENDING)
               .select_related("volunteer", "opportunity", "shift"))
    if opportunity_id:
        entries = entries.filter(opportunity_id=opportunity_id)
    if shift_id:
        entries = entries.filter(shift_id=shift_id)
    return entries.order_by("date", "pk")


def queue_shifts(organization_id: int) -> list:
    """The shifts that have pending entries (for "verify the whole shift"), with how many."""
    return list(HourEntry.objects.filter(organization_id=organization_id, status=EntryStatus.PENDING,
                                         shift__isnull=False)
                .values("shift_id", "shift__starts_at", "shift__title", "opportunity__title_ar",
                        "opportunity__title_en")
                .annotate(entries=Count("id"), hours=Sum("hours")).order_by("shift__starts_at"))


def volunteer_profile(user) -> dict:
    """Verified hours by organisation and year, pending hours, and the totals."""
    rows = (HourEntry.objects.filter(volunteer=user)
            .values("organization_id", "organization__name_ar", "organization__name_en", "status")
            .annotate(year=ExtractYear("date"), hours=Sum("hours"), entries=Count("id"), first=Min("date"))
            .order_by("organization__name_ar", "-year"))
    by_organization: dict[int, dict] = {}
    pending = Decimal(0)
    verified = Decimal(0)
    for row in rows:
        organization = by_organization.setdefault(row["organization_id"], {
            "organization_id": row["organization_id"], "name_ar": row["organization__name_ar"],
            "name_en": row["organization__name_en"], "years": defaultdict(Decimal), "verified": Decimal(0),
            "pending": Decimal(0)})
        if row["status"] == EntryStatus.VERIFIED:
            organization["years"][row["year"]] += row["hours"]
            organization["verified"] += row["hours"]
            verified += row["hours"]
        elif row["status"] == EntryStatus.PENDING:
            organization["pending"] += row["hours"]
            pending += row["hours"]
    organizations = list(by_organization.values())
    for organization in organizations:
        organization["years"] = sorted(organization["years"].items(), reverse=True)
    return {"organizations": organizations, "verified": verified, "pending": pending}


def my_entries(user, *, status: str = "") -> QuerySet[HourEntry]:
    entries = HourEntry.objects.filter(volunteer=user).select_related("opportunity", "shift")
    if status:
        entries = entries.filter(status=status)
    return entries.order_by("-date", "-pk")


def my_certificates(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(volunteer=user).order_by("-pk")


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate of a code as typed or scanned (grouping dashes and case ignored), None when unknown."""
    from .certificates import certificate_by_code as find

    return find(code)
