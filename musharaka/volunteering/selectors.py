"""Reads of volunteering: visibility, the public list (rows, Arabic search, filters), an opportunity's page, the
staff's lists (applications, the hours queue), a volunteer's profile and certificates."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import get_language

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
    HoursTally,
    HourValue,
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


def organization_certificates(organization_id: int) -> QuerySet[Certificate]:
    """The certificates an organisation issued, newest first (their volunteer, hours, dates, code and whether and
    why they were revoked are the certificate's own columns)."""
    return Certificate.objects.filter(organization_id=organization_id).order_by("-pk")


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate of a code as typed or scanned (grouping dashes and case ignored), None when unknown."""
    from .certificates import certificate_by_code as find

    return find(code)


# ---- volapi16: statistics of verified hours (from HoursTally) and the values of an hour

STATISTICS_GROUPS = ("region", "organization", "axis", "year")
ORGANIZATIONS_SHOWN = 20  # the organisations with the most verified hours; a page of the API may ask for more


def hour_values() -> list[HourValue]:
    """Every value of an hour (a short list kept by staff), national first within a date."""
    return list(HourValue.objects.select_related("region").order_by("region_id", "-effective_from", "pk"))


@dataclass(frozen=True)
class HourValueInForce:
    value: HourValue
    regional: bool  # the region's own value (else the national one)


def hour_value_in_force(*, region_id: int | None, on: datetime.date,
                        values: list[HourValue] | None = None) -> HourValueInForce | None:
    """The value of an hour in force on a day: the region's own newest value from on or before that day, else the
    national one; None when neither had taken effect."""
    values = hour_values() if values is None else values
    regional = [item for item in values if region_id is not None and item.region_id == region_id
                and item.effective_from <= on]
    if regional:
        return HourValueInForce(max(regional, key=lambda item: item.effective_from), True)
    national = [item for item in values if item.region_id is None and item.effective_from <= on]
    if national:
        return HourValueInForce(max(national, key=lambda item: item.effective_from), False)
    return None


def _year_end(year: int) -> datetime.date:
    """The day a year's hours are valued on: its last day, or today for the year under way."""
    return min(datetime.date(year, 12, 31), timezone.localdate())


@dataclass
class StatisticsRow:
    key: int | None
    label: str
    hours: Decimal = Decimal(0)
    entries: int = 0
    values: dict[str, Decimal] = field(default_factory=dict)  # currency → value of the hours
    bases: set[str] = field(default_factory=set)  # "regional", "national", "none"

    @property
    def basis(self) -> str:
        """Which value of an hour priced these hours: regional, national, mixed, or none."""
        if len(self.bases) == 1:
            return next(iter(self.bases))
        return "mixed" if self.bases else "none"


@dataclass
class HoursStatistics:
    by: str
    rows: list[StatisticsRow]
    total: StatisticsRow
    hour_values: list[HourValue]  # the values that priced the hours shown
    count: int  # groups in all (organisations: more than the rows shown)
    filters: dict


def _tallies(*, year: int | None, region_id: int | None, organization_id: int | None,
             axis_id: int | None) -> QuerySet[HoursTally]:
    tallies = HoursTally.objects.all()
    if year:
        tallies = tallies.filter(year=year)
    if region_id:
        tallies = tallies.filter(region_id=region_id)
    if organization_id:
        tallies = tallies.filter(organization_id=organization_id)
    if axis_id:
        tallies = tallies.filter(axis_id=axis_id)
    return tallies


def hours_statistics(*, by: str = "region", year: int | None = None, region_id: int | None = None,
                     organization_id: int | None = None, axis_id: int | None = None,
                     limit: int = ORGANIZATIONS_SHOWN, offset: int = 0) -> HoursStatistics:
    """Verified hours grouped by region, organisation, axis or year, read from the tallies (a few thousand rows at
    most, whatever the number of entries) and valued at the value of an hour in force at the end of each year for
    each tally's region (its own, else the national one: each row says which). Organisations are ranked by hours and
    the first `limit` after `offset` are shown."""
    if by not in STATISTICS_GROUPS:
        by = "region"
    tallies = _tallies(year=year, region_id=region_id, organization_id=organization_id, axis_id=axis_id)
    column = {"region": "region_id", "organization": "organization_id", "axis": "axis_id", "year": "year"}[by]
    chosen: list | None = None
    count = 0
    if by == "organization":
        ranked = tallies.values("organization_id").annotate(hours=Sum("hours")).order_by("-hours", "organization_id")
        count = ranked.count()
        chosen = [row["organization_id"] for row in ranked[offset:offset + limit]]
        tallies = tallies.filter(organization_id__in=chosen)
    # Each group's hours by (year, region): what the value of an hour depends on.
    parts = (tallies.values(column, "year", "region_id") if column not in ("year", "region_id")
             else tallies.values("year", "region_id"))
    parts = parts.annotate(hours=Sum("hours"), entries=Sum("entries")).order_by()
    values = hour_values()
    rows: dict = {}
    total = StatisticsRow(key=None, label="")
    used: dict[int, HourValue] = {}
    for part in parts:
        key = dict(part)[column]
        row = rows.get(key)
        if row is None:
            row = rows[key] = StatisticsRow(key=key, label="")
        found = hour_value_in_force(region_id=part["region_id"], on=_year_end(part["year"]), values=values)
        for target in (row, total):
            target.hours += part["hours"]
            target.entries += part["entries"]
            if found is None:
                target.bases.add("none")
                continue
            target.bases.add("regional" if found.regional else "national")
            amount = (part["hours"] * found.value.amount).quantize(Decimal("0.01"))
            target.values[found.value.currency] = target.values.get(found.value.currency, Decimal(0)) + amount
        if found is not None:
            used[found.value.pk] = found.value
    _label(by, rows)
    if by == "organization":
        ordered = [rows[key] for key in chosen or () if key in rows]
    elif by == "year":
        ordered = sorted(rows.values(), key=lambda row: row.key or 0)
        count = len(ordered)
    else:
        ordered = sorted(rows.values(), key=lambda row: (-row.hours, row.label))
        count = len(ordered)
    if by == "organization":  # the total of every organisation, not only those shown
        total = _whole_total(_tallies(year=year, region_id=region_id, organization_id=organization_id,
                                      axis_id=axis_id), values, used)
    return HoursStatistics(by=by, rows=ordered, total=total, count=count,
                           hour_values=sorted(used.values(), key=lambda item: (item.region_id or 0,
                                                                                item.effective_from)),
                           filters={"year": year, "region": region_id, "organization": organization_id,
                                    "axis": axis_id})


def _whole_total(tallies: QuerySet[HoursTally], values: list[HourValue], used: dict) -> StatisticsRow:
    total = StatisticsRow(key=None, label="")
    for part in tallies.values("year", "region_id").annotate(hours=Sum("hours"), entries=Sum("entries")).order_by():
        total.hours += part["hours"]
        total.entries += part["entries"]
        found = hour_value_in_force(region_id=part["region_id"], on=_year_end(part["year"]), values=values)
        if found is None:
            total.bases.add("none")
            continue
        used[found.value.pk] = found.value
        total.bases.add("regional" if found.regional else "national")
        amount = (part["hours"] * found.value.amount).quantize(Decimal("0.01"))
        total.values[found.value.currency] = total.values.get(found.value.currency, Decimal(0)) + amount
    return total


def _label(by: str, rows: dict) -> None:
    """Each row's name in the language of the request (one query for the names)."""
    english = (get_language() or "ar").startswith("en")
    keys = [key for key in rows if key is not None]
    if by == "year":
        for key, row in rows.items():
            row.label = str(key)
        return
    if by == "region":
        from musharaka.geo.models import Region as model
    elif by == "organization":
        from musharaka.orgs.models import Organization as model  # type: ignore[assignment]
    else:
        from musharaka.taxonomy.models import Axis as model  # type: ignore[assignment]
    names = {pk: (name_en if english and name_en else name_ar)
             for pk, name_ar, name_en in model.objects.filter(pk__in=keys).values_list("pk", "name_ar", "name_en")}
    for key, row in rows.items():
        row.label = names.get(key, "") if key is not None else ""


def statistics_years() -> list[int]:
    return sorted(set(HoursTally.objects.values_list("year", flat=True).distinct()), reverse=True)

