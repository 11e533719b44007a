"""Reads of the volunteering module."""

# ---- volapi16: statistics of verified hours (from HoursTally) and the values of an hour

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language

from .models import HoursTally, HourValue

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
        key = part[column]
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

