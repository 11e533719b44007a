"""The catalogue's counts, kept on write: initiatives counted per combination of filterable values.

`InitiativeCount` holds one row per cell: a grain (which multi-valued dimensions the row splits by)
and the values of region, lead organisation's sector, status, start year (0: none) and success flag.
An initiative counts once in the base grain, once per axis, once per SDG, once per (axis, SDG)
pair and once per distinct city of its places. Every service that changes a dimension reads the
initiative's cells before and after the change (under the initiative's row lock, and a share lock on
its lead organisation, see hold_organization) and applies the difference
with upserts `n = n + delta` in the same transaction, so concurrent writers stay exact.

The catalogue then sums a few rows of this table per facet (selectors.initiative_facets).
`rebuild()` recomputes the whole table with one GROUP BY insert per grain (seed_demo, the
`rebuild_initiative_counts` command).
"""

from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from musharaka.orgs.models import Organization

from .models import Initiative, InitiativeCount, InitiativePlace

BASE, AXIS, SDG, AXIS_SDG, CITY = 0, 1, 2, 3, 4
# Not a count: per region, a version that every write of its initiatives moves on (see region_versions).
REGION_VERSION = 9
# The multi-valued dimensions each grain splits by.
GRAINS: dict[frozenset[str], int] = {
    frozenset(): BASE, frozenset({"axis"}): AXIS, frozenset({"sdg"}): SDG,
    frozenset({"axis", "sdg"}): AXIS_SDG, frozenset({"city"}): CITY,
}
MULTI = ("axis", "sdg", "city")
SINGLE = ("region", "sector", "status", "year", "success")
KEY = ("grain", *MULTI, *SINGLE)  # a cell, in this order
# Margins: one facet's values by status alone, the rest summed out. The catalogue with no filter (or
# only a status) reads a few dozen rows per facet from them instead of every cell of a grain.
MARGINS = {"region": 10, "sector": 11, "year": 12, "status": 13, "axis": 14, "sdg": 15}

Cell = tuple  # (grain, axis, sdg, city, region, sector, status, year, success)


def _margins(found: Counter) -> Counter:
    """The margin cells that the grain cells `found` add to."""
    margins: Counter = Counter()
    for (grain, axis, sdg, _city, region, sector, status, year, _success), n in found.items():
        if grain == BASE:
            margins[(MARGINS["region"], 0, 0, 0, region, "", status, 0, False)] += n
            margins[(MARGINS["sector"], 0, 0, 0, 0, sector, status, 0, False)] += n
            margins[(MARGINS["year"], 0, 0, 0, 0, "", status, year, False)] += n
            margins[(MARGINS["status"], 0, 0, 0, 0, "", status, 0, False)] += n
        elif grain == AXIS:
            margins[(MARGINS["axis"], axis, 0, 0, 0, "", status, 0, False)] += n
        elif grain == SDG:
            margins[(MARGINS["sdg"], 0, sdg, 0, 0, "", status, 0, False)] += n
    return margins


def cells(base: tuple, axes: Iterable[int], sdgs: Iterable[int], cities: Iterable[int]) -> Counter:
    """The cells of one initiative: `base` is (region, sector, status, year, success)."""
    axes, sdgs, cities = sorted(set(axes)), sorted(set(sdgs)), sorted({c for c in cities if c})
    found = Counter({(BASE, 0, 0, 0, *base): 1})
    found.update((AXIS, a, 0, 0, *base) for a in axes)
    found.update((SDG, 0, s, 0, *base) for s in sdgs)
    found.update((AXIS_SDG, a, s, 0, *base) for a in axes for s in sdgs)
    found.update((CITY, 0, 0, c, *base) for c in cities)
    return found + _margins(found)


def _year(start_date) -> int:
    return start_date.year if start_date else 0


def hold_organization(organization_id: int) -> None:
    """Share-lock the lead organisation's row (PostgreSQL) before reading or writing its initiatives.

    Every service that changes an initiative's counts calls this first; a change of the organisation's
    sector locks the row for update first. So a sector change waits for the writes in flight and they
    for it, and the counts of neither are lost; taking this lock first keeps the order the same
    everywhere (no deadlock). Several writes of one organisation's initiatives do not wait for each other.
    """
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Organization._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR SHARE", [organization_id])  # noqa: S608


def cells_of(ids: "Iterable[int] | QuerySet[Initiative]") -> dict[int, Counter]:
    """The cells of these initiatives (ids, or a queryset of them) as they are in the database now, by id."""
    return {pk: cells(base, axes, sdgs, cities) for pk, (base, axes, sdgs, cities) in dimensions_of(ids).items()}


def dimensions_of(ids: "Iterable[int] | QuerySet[Initiative]") -> dict[int, tuple]:
    """What these initiatives are counted by, by id: ((region, sector, status, year, success), axes,
    SDG numbers, cities), in two queries."""
    linked: Any  # the ids, or a subquery of them, for the links
    if isinstance(ids, QuerySet):
        chosen, linked = ids.order_by(), ids.order_by().values("pk")
    else:
        linked = list(ids)
        if not linked:
            return {}
        chosen = Initiative.objects.filter(pk__in=linked)
    rows = list(chosen.values_list(
        "pk", "region_id", "lead_organization__sector", "status", "start_date", "is_success_story"))
    if not rows:
        return {}
    multi: dict[int, dict[str, list[int]]] = {pk: {"axis": [], "sdg": [], "city": []} for pk, *_rest in rows}
    links = (
        Initiative.axes.through.objects.filter(initiative_id__in=linked)
        .values_list("initiative_id", Value("axis"), F("axis_id"))
        .union(
            Initiative.sdgs.through.objects.filter(initiative_id__in=linked)
            .values_list("initiative_id", Value("sdg"), F("sdg__number")),
            InitiativePlace.objects.filter(initiative_id__in=linked, city_id__isnull=False)
            .values_list("initiative_id", Value("city"), F("city_id")),
            all=True,
        )
    )
    for pk, kind, value in links:
        if pk in multi:
            multi[pk][kind].append(value)
    return {
        pk: ((region, sector, status, _year(start), bool(success)),
             multi[pk]["axis"], multi[pk]["sdg"], multi[pk]["city"])
        for pk, region, sector, status, start, success in rows
    }


def with_changes(found: Counter, **changes) -> Counter:
    """The same cells with some single-valued dimensions changed (a workflow step, the success mark)."""
    positions = {KEY.index(name): value for name, value in changes.items()}
    changed = Counter({
        tuple(positions.get(i, value) for i, value in enumerate(cell)): n
        for cell, n in found.items() if cell[0] < REGION_VERSION
    })
    return changed + _margins(changed)


# Deltas gathered by `batch()` (an import) and written once at its end, still in its transaction.
_pending: ContextVar[Counter | None] = ContextVar("initiative_count_pending", default=None)


def apply(*, before: Counter | None = None, after: Counter | None = None) -> None:
    """Move counts from `before` cells to `after` cells (either may be empty), in the caller's transaction."""
    delta = Counter(after or {})
    delta.subtract(before or {})
    delta = Counter({cell: n for cell, n in delta.items() if n})
    if not delta:
        return
    pending = _pending.get()
    if pending is not None:
        pending.update(delta)
        return
    _write(delta)


@contextmanager
def batch():
    """Gather the deltas of many writes (an import) and apply them once, before the transaction ends."""
    if _pending.get() is not None:
        yield
        return
    pending: Counter = Counter()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    _write(Counter({cell: n for cell, n in pending.items() if n}))


def _version_cell(region: int) -> Cell:
    return (REGION_VERSION, 0, 0, 0, region, "", "", 0, False)


def region_versions(regions: Iterable[int]) -> dict[int, int]:
    """The version of each region's counts: it moves on with every write that changes one of them."""
    regions = list(regions)
    found = dict(InitiativeCount.objects.filter(grain=REGION_VERSION, region__in=regions).values_list("region", "n"))
    return {region: found.get(region, 0) for region in regions}


def _write(delta: Counter) -> None:
    if not delta:
        return
    # What the table cannot answer is counted over the initiatives and cached per region: moving the
    # versions of the regions touched, in the same statement, invalidates just those answers.
    delta = Counter(delta)
    delta.update({_version_cell(region): 1 for region in {cell[4] for cell in delta}})
    quote = connection.ops.quote_name
    table = quote(InitiativeCount._meta.db_table)
    columns = ", ".join(quote(name) for name in (*KEY, "n"))
    keys = ", ".join(quote(name) for name in KEY)
    rows = sorted(delta.items())  # one order for every writer: no deadlock between two of them
    for start in range(0, len(rows), 500):
        chunk = rows[start:start + 500]
        values = ", ".join(["(" + ", ".join(["%s"] * (len(KEY) + 1)) + ")"] * len(chunk))
        sql = (
            f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608 - names from model metadata
            f"ON CONFLICT ({keys}) DO UPDATE SET {quote('n')} = {table}.{quote('n')} + excluded.{quote('n')}"
        )
        params = [value for cell, n in chunk for value in (*cell, n)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


# ---------------------------------------------------------------- rebuilding from scratch


def fresh_counts(initiatives: QuerySet[Initiative] | None = None) -> dict[int, QuerySet]:
    """One GROUP BY per grain over the initiatives: each yields rows in KEY order plus the count."""
    initiatives = Initiative.objects.all() if initiatives is None else initiatives
    zero = Value(0, output_field=IntegerField())
    common = {
        "c_region": F("region_id"), "c_sector": F("lead_organization__sector"), "c_status": F("status"),
        "c_year": Coalesce(ExtractYear("start_date"), zero), "c_success": F("is_success_story"),
    }

    def grouped(grain: int, axis, sdg, city, where: Q, distinct: bool = False) -> QuerySet:
        return (
            initiatives.filter(where).order_by()
            .values(c_grain=Value(grain, output_field=IntegerField()), c_axis=axis, c_sdg=sdg, c_city=city, **common)
            .annotate(c_n=Count("pk", distinct=distinct))
        )

    return {
        BASE: grouped(BASE, zero, zero, zero, Q()),
        AXIS: grouped(AXIS, F("axes__id"), zero, zero, Q(axes__isnull=False)),
        SDG: grouped(SDG, zero, F("sdgs__number"), zero, Q(sdgs__isnull=False)),
        AXIS_SDG: grouped(AXIS_SDG, F("axes__id"), F("sdgs__number"), zero, Q(axes__isnull=False, sdgs__isnull=False)),
        # Several places in one city count the initiative once there.
        CITY: grouped(CITY, zero, zero, F("places__city_id"), Q(places__city_id__isnull=False), distinct=True),
    }


VALUE_NAMES = ("c_grain", "c_axis", "c_sdg", "c_city", "c_region", "c_sector", "c_status", "c_year", "c_success", "c_n")


def _margin_queries() -> list[QuerySet]:
    """The margins summed from the grain rows already in the table (in KEY order, then the count)."""
    zero, blank, no = Value(0, output_field=IntegerField()), Value(""), Value(False)
    margins = []
    for facet, (grain, kept) in {
        "region": (BASE, "region"), "sector": (BASE, "sector"), "year": (BASE, "year"), "status": (BASE, None),
        "axis": (AXIS, "axis"), "sdg": (SDG, "sdg"),
    }.items():
        columns: dict[str, Any] = {"m_grain": Value(MARGINS[facet], output_field=IntegerField())}
        for name in KEY[1:]:
            if name == "status" or name == kept:
                columns[f"m_{name}"] = F(name)
            else:
                columns[f"m_{name}"] = blank if name == "sector" else no if name == "success" else zero
        margins.append(
            InitiativeCount.objects.filter(grain=grain).order_by().values(**columns).annotate(m_n=Sum("n"))
            .values_list(*columns, "m_n")
        )
    return margins


@transaction.atomic
def rebuild() -> int:
    """Recompute the whole table from the initiatives (one INSERT … SELECT … GROUP BY per grain)."""
    quote = connection.ops.quote_name
    table = quote(InitiativeCount._meta.db_table)
    columns = ", ".join(quote(name) for name in (*KEY, "n"))
    InitiativeCount.objects.exclude(grain=REGION_VERSION).delete()
    # The versions go on from where they were, so that no answer cached before the rebuild is taken for new.
    InitiativeCount.objects.filter(grain=REGION_VERSION).update(n=F("n") + 1)
    for queryset in fresh_counts().values():
        select, params = queryset.values_list(*VALUE_NAMES).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)  # names from model metadata
    for queryset in _margin_queries():
        select, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)
    return InitiativeCount.objects.exclude(grain=REGION_VERSION).count()


def table_rows() -> dict[Cell, int]:
    """The kept counts as {cell: n}, zero rows left out (for checks and tests)."""
    return {
        tuple(row[:-1]): row[-1]
        for row in InitiativeCount.objects.exclude(n=0).exclude(grain=REGION_VERSION).values_list(*KEY, "n")
    }


def fresh_rows() -> dict[Cell, int]:
    """What the table should hold, counted afresh over the initiatives: {cell: n}."""
    found: dict[Cell, int] = {}
    for queryset in fresh_counts().values():
        for *cell, n in queryset.values_list(*VALUE_NAMES):
            cell[-1] = bool(cell[-1])
            found[tuple(cell)] = n
    return {cell: n for cell, n in (Counter(found) + _margins(Counter(found))).items() if n}


def differences() -> dict[Cell, tuple[int, int]]:
    """The cells whose kept count differs from a fresh one: {cell: (kept, fresh)}."""
    kept, fresh = table_rows(), fresh_rows()
    return {cell: (kept.get(cell, 0), fresh.get(cell, 0))
            for cell in kept.keys() | fresh.keys() if kept.get(cell, 0) != fresh.get(cell, 0)}
