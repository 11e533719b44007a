"""The roll-up rules checked as properties through the services, on whichever database the run uses (SQLite and
PostgreSQL): random updates in random states over two periods, and the kept figures must equal what the rules say
computed by hand here — sums, pooled percentages, cumulative latest values, incomplete breakdowns, and only approved
updates counting."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from musharaka.results import selectors, services
from musharaka.results.models import Dimension, Period

PERIODS = ((datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), "500"),
           (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31), "900"))
STATUSES = ("draft", "pending", "returned", "approved")
FOUR = Decimal("0.0001")
PROPERTY_SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

amounts = st.decimals(min_value=0, max_value=10000, places=2, allow_nan=False, allow_infinity=False)
unit_update = st.tuples(st.integers(0, 1), st.sampled_from(STATUSES), amounts)


@st.composite
def fraction(draw):
    denominator = draw(st.decimals(min_value=1, max_value=5000, places=0))
    numerator = draw(st.decimals(min_value=0, max_value=denominator, places=0))
    return numerator, denominator


percentage_update = st.tuples(st.integers(0, 1), st.sampled_from(STATUSES), fraction())


def _place(world, period, status, data, breakdown=None):
    update = services.update_create(actor=world.editor, period=period, data=data, breakdown=breakdown,
                                    submit=status != "draft")
    if status == "approved":
        services.update_approve(actor=world.admin, update=update)
    elif status == "returned":
        services.update_return(actor=world.admin, update=update, comment="راجع الأرقام")
    return update


class Rollback(Exception):
    pass


def _in_savepoint(check):
    """Each example in a savepoint that is rolled back, so that the examples do not see one another."""
    try:
        with transaction.atomic():
            check()
            raise Rollback
    except Rollback:
        pass


@pytest.fixture
def world(results_world):
    return results_world()


def test_number_indicator_sums_only_approved_updates(world):
    @PROPERTY_SETTINGS
    @given(rows=st.lists(unit_update, max_size=6), cumulative=st.booleans())
    def check(rows, cumulative):
        def body():
            indicator = world.indicator(cumulative=cumulative, periods=PERIODS)
            periods = list(indicator.periods.order_by("start"))
            for index, status, value in rows:
                _place(world, periods[index], status, {"value": value})
            approved = [[v for i, s, v in rows if i == n and s == "approved"] for n in (0, 1)]
            for period, values in zip(periods, approved, strict=True):
                period.refresh_from_db()
                expected = (values[-1] if cumulative else sum(values, Decimal(0))) if values else None
                assert period.actual_value == expected
                assert period.approved_count == len(values)
                assert period.pending_count == sum(1 for i, s, _ in rows if i == periods.index(period)
                                                   and s == "pending")
            indicator.refresh_from_db()
            if cumulative:
                latest = approved[1] or approved[0]
                expected = latest[-1] if latest else None
                target = Decimal(900)
            else:
                everything = approved[0] + approved[1]
                expected = sum(everything, Decimal(0)) if everything else None
                target = Decimal(1400)
            assert indicator.actual_value == expected
            if expected is None:
                assert indicator.progress is None
            else:
                assert indicator.progress == min(Decimal(1), expected / target).quantize(FOUR)
        _in_savepoint(body)

    check()


def test_percentage_pools_numerators_and_denominators(world):
    @PROPERTY_SETTINGS
    @given(rows=st.lists(percentage_update, max_size=6), cumulative=st.booleans())
    def check(rows, cumulative):
        def body():
            indicator = world.indicator(measure="percentage", cumulative=cumulative, periods=(
                (PERIODS[0][0], PERIODS[0][1], "60"), (PERIODS[1][0], PERIODS[1][1], "80")))
            periods = list(indicator.periods.order_by("start"))
            for index, status, (numerator, denominator) in rows:
                _place(world, periods[index], status, {"numerator": numerator, "denominator": denominator})

            def pooled(pairs):
                if not pairs:
                    return None
                if cumulative:
                    numerator, denominator = pairs[-1]
                else:
                    numerator = sum((n for n, _ in pairs), Decimal(0))
                    denominator = sum((d for _, d in pairs), Decimal(0))
                return (100 * numerator / denominator).quantize(FOUR)

            approved = [[f for i, s, f in rows if i == n and s == "approved"] for n in (0, 1)]
            for period, pairs in zip(periods, approved, strict=True):
                period.refresh_from_db()
                assert period.actual_value == pooled(pairs)
            indicator.refresh_from_db()
            expected = pooled((approved[1] or approved[0]) if cumulative else approved[0] + approved[1])
            assert indicator.actual_value == expected
            if expected is not None:
                assert Decimal(0) <= indicator.progress <= Decimal(1)
                # Never the mean of the percentages: pooled is what the denominators weigh.
                assert indicator.progress == min(Decimal(1), expected / 80).quantize(FOUR)
        _in_savepoint(body)

    check()


def test_breakdown_shows_what_is_not_specified_and_when_it_is_complete(world):
    sex = Dimension.objects.get(code="sex")
    values = list(sex.values.all())
    part = st.one_of(st.none(), amounts)

    @PROPERTY_SETTINGS
    @given(rows=st.lists(st.tuples(amounts, st.lists(part, min_size=len(values), max_size=len(values)),
                                   st.booleans()), min_size=1, max_size=5))
    def check(rows):
        def body():
            indicator = world.indicator(dimensions=("sex",), periods=PERIODS[:1])
            period = Period.objects.get(indicator=indicator)
            for total, parts, approve in rows:
                breakdown = {v.pk: {"value": p} for v, p in zip(values, parts, strict=True) if p is not None}
                _place(world, period, "approved" if approve else "pending", {"value": total}, breakdown)
            approved = [(t, p) for t, p, a in rows if a]
            page = selectors.indicator_page(indicator, user=world.admin)
            [block] = page["dimensions"]
            for position, (value, actual) in enumerate(block.rows):
                given_parts = [p[position] for _, p in approved if p[position] is not None]
                assert actual == (sum(given_parts, Decimal(0)) if given_parts else None), value.code
            if not approved:
                assert block.unspecified is None and not block.complete
                return
            total = sum((t for t, _ in approved), Decimal(0))
            specified = sum((x for _, p in approved for x in p if x is not None), Decimal(0))
            assert block.unspecified == total - specified
            every_value_given = all(x is not None for _, p in approved for x in p)
            assert block.complete == (every_value_given and total == specified)
        _in_savepoint(body)

    check()
