"""Statistics of verified hours read from HoursTally, valued at the value of an hour in force (the region's own,
else the national one) at the end of each year, and the staff's values of an hour."""

import datetime
from decimal import Decimal

import pytest

from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.geo.models import Region
from musharaka.taxonomy.models import Axis
from musharaka.volunteering import selectors, services
from musharaka.volunteering.models import HoursTally, HourValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def values(platform_admin, region):
    national = services.hour_value_create(actor=platform_admin, data={
        "amount": "40", "currency": "SAR", "basis_ar": "متوسط أجر الساعة الوطني", "effective_from": datetime.date(2023, 1, 1)})
    riyadh = services.hour_value_create(actor=platform_admin, data={
        "amount": "60", "currency": "SAR", "basis_ar": "متوسط أجر الساعة في الرياض", "region_id": region.pk,
        "effective_from": datetime.date(2025, 1, 1)})
    return national, riyadh


@pytest.fixture
def tallies(make_org, region, other_region):
    first, second = make_org(), make_org(region=other_region)
    axis, other_axis = Axis.objects.order_by("pk")[:2]
    rows = [(2024, first, region, axis, "10"), (2025, first, region, axis, "20.5"), (2025, first, region, None, "4"),
            (2025, second, other_region, other_axis, "100"), (2026, second, other_region, axis, "1")]
    for year, org, place, what, hours in rows:
        HoursTally.objects.create(year=year, organization=org, region=place, axis=what, hours=Decimal(hours), entries=3)
    return first, second, axis, other_axis


def test_hours_statistics_by_region_values_at_the_value_in_force(values, tallies, region, other_region):
    statistics = selectors.hours_statistics(by="region")
    rows = {row.key: row for row in statistics.rows}
    # Riyadh: 2024 at the national 40 (its own value took effect in 2025), 2025 at its own 60.
    assert rows[region.pk].hours == Decimal("34.5")
    assert rows[region.pk].values == {"SAR": Decimal(10 * 40) + Decimal("24.5") * 60}
    assert rows[region.pk].basis == "mixed"
    assert rows[other_region.pk].values == {"SAR": Decimal(101 * 40)} and rows[other_region.pk].basis == "national"
    assert [row.key for row in statistics.rows] == [other_region.pk, region.pk]  # most hours first
    assert statistics.total.hours == Decimal("135.5") and statistics.total.entries == 15
    assert statistics.total.values == {"SAR": Decimal(400 + 1470 + 4040)}
    assert {value.pk for value in statistics.hour_values} == {value.pk for value in values}
    assert rows[region.pk].label == region.name_ar


def test_hours_statistics_by_organization_axis_and_year(values, tallies):
    first, second, axis, other_axis = tallies
    by_org = selectors.hours_statistics(by="organization")
    assert [(row.key, row.hours) for row in by_org.rows] == [(second.pk, Decimal(101)), (first.pk, Decimal("34.5"))]
    assert by_org.count == 2 and by_org.rows[0].label == second.name_ar
    only_first = selectors.hours_statistics(by="organization", limit=1, offset=1)
    assert [row.key for row in only_first.rows] == [first.pk] and only_first.total.hours == Decimal("135.5")
    by_axis = {row.key: row.hours for row in selectors.hours_statistics(by="axis").rows}
    assert by_axis == {axis.pk: Decimal("31.5"), other_axis.pk: Decimal(100), None: Decimal(4)}
    by_year = selectors.hours_statistics(by="year")
    assert [(row.key, row.hours) for row in by_year.rows] == [(2024, Decimal(10)), (2025, Decimal("124.5")),
                                                              (2026, Decimal(1))]
    filtered = selectors.hours_statistics(by="year", year=2025, organization_id=first.pk)
    assert [(row.key, row.hours, row.basis) for row in filtered.rows] == [(2025, Decimal("24.5"), "regional")]


def test_hours_statistics_without_any_value_says_none(tallies):
    statistics = selectors.hours_statistics(by="year")
    assert all(row.values == {} and row.basis == "none" for row in statistics.rows)
    assert statistics.hour_values == []


def test_hours_statistics_reads_a_few_queries(values, tallies, django_assert_max_num_queries):
    for by in selectors.STATISTICS_GROUPS:
        with django_assert_max_num_queries(6 if by == "organization" else 4):
            selectors.hours_statistics(by=by)


def test_hour_value_in_force_prefers_the_region_then_the_newest(values, region, other_region):
    national, riyadh = values
    assert selectors.hour_value_in_force(region_id=region.pk, on=datetime.date(2025, 6, 1)).value == riyadh
    found = selectors.hour_value_in_force(region_id=region.pk, on=datetime.date(2024, 6, 1))
    assert (found.value, found.regional) == (national, False)
    assert selectors.hour_value_in_force(region_id=other_region.pk, on=datetime.date(2026, 1, 1)).value == national
    assert selectors.hour_value_in_force(region_id=None, on=datetime.date(2022, 1, 1)) is None


def test_hour_value_create_only_by_platform_staff(make_user, make_org, make_member):
    organization = make_org()
    admin = make_member(organization, "admin")
    with pytest.raises(NotPermitted):
        services.hour_value_create(actor=admin, data={"amount": "40", "basis_ar": "أساس",
                                                      "effective_from": datetime.date(2025, 1, 1)})
    assert not HourValue.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-1", "1e400", "NaN", "abc", "100001", "1.234", True])
def test_hour_value_create_refuses_bad_amounts(platform_admin, amount):
    with pytest.raises(InvalidInput) as refused:
        services.hour_value_create(actor=platform_admin, data={"amount": amount, "basis_ar": "أساس القيمة",
                                                               "effective_from": datetime.date(2025, 1, 1)})
    assert refused.value.field == "amount"


def test_hour_value_create_twice_on_a_date_is_a_conflict(values, platform_admin, region):
    with pytest.raises(Conflict) as refused:
        services.hour_value_create(actor=platform_admin, data={
            "amount": "70", "basis_ar": "أساس آخر", "region_id": region.pk, "effective_from": datetime.date(2025, 1, 1)})
    assert refused.value.code == "exists"
    with pytest.raises(InvalidInput) as refused:
        services.hour_value_create(actor=platform_admin, data={"amount": "70", "basis_ar": "",
                                                               "effective_from": datetime.date(2025, 1, 1)})
    assert refused.value.field == "basis_ar"
    with pytest.raises(InvalidInput):
        services.hour_value_create(actor=platform_admin, data={"amount": "70", "basis_ar": "أساس", "currency": "XXX",
                                                               "effective_from": datetime.date(2025, 1, 1)})
    unknown = Region.objects.order_by("-pk").first().pk + 1
    with pytest.raises(InvalidInput) as refused:
        services.hour_value_create(actor=platform_admin, data={"amount": "70", "basis_ar": "أساس", "region_id": unknown,
                                                               "effective_from": datetime.date(2025, 1, 1)})
    assert refused.value.field == "region_id"


def test_hour_value_delete_by_staff(values, platform_admin):
    national, _riyadh = values
    services.hour_value_delete(actor=platform_admin, hour_value=national)
    assert list(HourValue.objects.all()) == [values[1]]
