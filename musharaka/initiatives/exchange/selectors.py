"""Reads for the exports: the catalogue's rows, walked in id order one chunk at a time.

Each chunk is one keyset query (id > last id) plus one query per prefetched relation, so memory
stays flat and the cost per row stays the same for 200,000 rows as for 20.
"""

import functools
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import BooleanField, Case, QuerySet, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from musharaka.core.permissions import is_platform_admin

from .. import selectors
from ..models import PUBLISHED_STATUSES, Initiative, InitiativePartner, InitiativePlace
from ..selectors import InitiativeFilters
from .models import ExportJob

CHUNK_SIZE = 2000


def export_queryset(*, user, filters: InitiativeFilters, published_only: bool = False) -> QuerySet[Initiative]:
    """What the catalogue shows this person for these filters (search without ranking), in id order."""
    queryset = selectors.initiative_list(user=user, filters=replace(filters, sort="oldest"))
    if published_only:
        queryset = queryset.filter(status__in=PUBLISHED_STATUSES)
    return queryset.order_by("pk")


ROW_FIELDS = (
    "pk", "title_ar", "title_en", "summary_ar", "lead_organization_id", "lead_organization__name_ar",
    "lead_organization__name_en", "lead_organization__sector", "region__code", "region__name_ar", "region__name_en",
    "start_date", "end_date", "budget", "currency", "planned_beneficiaries", "actual_beneficiaries", "status",
    "published_at", "is_success_story", "replicated_from_id",
)


@dataclass
class RecordChunk:
    """At most `chunk_size` rows (tuples of ROW_FIELDS, in id order) and, by initiative id, the lists
    of axis codes, SDG numbers, target group codes and (Arabic, English) city names."""

    rows: list[tuple]
    axes: dict[int, list]
    sdgs: dict[int, list]
    target_groups: dict[int, list]
    cities: dict[int, list]


def export_records(queryset: QuerySet[Initiative], *, chunk_size: int | None = None) -> Iterator[RecordChunk]:
    """The spreadsheets' rows, a chunk at a time: one keyset query for the rows, one per relation.

    Tuples, not model instances nor dicts: the rows are read as the driver gives them, so the
    Python cost per row stays a small multiple of the database's.
    """
    chunk_size = chunk_size or CHUNK_SIZE
    for chunk, ids in _keyset_chunks(queryset.values_list(*ROW_FIELDS), chunk_size=chunk_size, read=list):
        yield RecordChunk(
            rows=chunk,
            axes=_grouped(_of(Initiative.axes.through, ids)
                          .order_by("axis__position", "axis_id").values_list("initiative_id", "axis__code")),
            sdgs=_grouped(_of(Initiative.sdgs.through, ids)
                          .order_by("sdg__number").values_list("initiative_id", "sdg__number")),
            target_groups=_grouped(_of(Initiative.target_groups.through, ids)
                                   .order_by("targetgroup__position", "targetgroup_id")
                                   .values_list("initiative_id", "targetgroup__code")),
            cities=_grouped(_of(InitiativePlace, ids).filter(city__isnull=False).order_by("pk")
                            .values_list("initiative_id", "city__name_ar", "city__name_en")),
        )


def _keyset_chunks(rows: QuerySet, *, chunk_size: int, read) -> Iterator[tuple[list[tuple], list[int]]]:
    """The rows of a values_list() (id first, in id order) `chunk_size` at a time, each chunk with its
    ids: keyset paging (`id > last`), so a late chunk costs what the first did, unlike OFFSET."""
    last_id = 0
    while True:
        chunk = read(rows.filter(pk__gt=last_id)[:chunk_size])
        if not chunk:
            return
        ids = [row[0] for row in chunk]
        yield chunk, ids
        if len(chunk) < chunk_size:
            return
        last_id = ids[-1]


def _of(model, ids: list[int]) -> QuerySet:
    """The rows of `model` (a table with initiative_id) belonging to these initiatives.

    The ids travel as one parameter (a PostgreSQL array, a JSON list read by SQLite's json_each),
    not one parameter each: preparing 2,000 parameters took Django longer than the query itself.
    """
    column = f'"{model._meta.db_table}"."initiative_id"'
    if connection.vendor == "postgresql":
        condition = RawSQL(f"{column} = ANY(%s)", [ids], output_field=BooleanField())  # noqa: S611
    else:
        condition = RawSQL(f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)],  # noqa: S608, S611
                           output_field=BooleanField())
    return model.objects.filter(condition)


def _grouped(pairs) -> dict[int, list]:
    """{initiative id: [value, …]} from (initiative id, value) rows, or [(value, …), …] from longer rows."""
    grouped: dict[int, list] = defaultdict(list)
    rows = iter(pairs)
    first = next(rows, None)
    if first is None:
        return grouped
    if len(first) == 2:  # the common case, without unpacking a tuple per row
        grouped[first[0]].append(first[1])
        for initiative_id, value in rows:
            grouped[initiative_id].append(value)
    else:
        grouped[first[0]].append(first[1:])
        for row in rows:
            grouped[row[0]].append(row[1:])
    return grouped


# ---------------------------------------------------------------- IATI

IATI_FIELDS = (
    "pk", "updated_at", "currency", "lead_organization_id", "lead_organization__sector", "lead_organization__name_ar",
    "lead_organization__name_en", "title_ar", "title_en", "summary_ar", "summary_en", "status", "results_ar",
    "results_en", "start_date", "end_date", "publication", "region__country__code",
    "region__country__name_ar", "region__country__name_en", "budget",
)
PLACE_FIELDS = (
    "initiative_id", "region__country__code", "region__country__name_ar", "region__country__name_en",
    "region__name_ar", "region__name_en", "city_id", "city__name_ar", "city__name_en", "city__latitude",
    "city__longitude", "neighbourhood_id", "neighbourhood__name_ar", "neighbourhood__name_en",
    "neighbourhood__latitude", "neighbourhood__longitude",
)


@dataclass
class IatiChunk:
    """Rows of IATI_FIELDS and, by initiative id: target groups (name_ar, name_en), partners (id,
    sector, name_ar, name_en, role), places (PLACE_FIELDS without the first), SDGs (number,
    name_ar, name_en) and axes (code, name_ar, name_en)."""

    rows: list[tuple]
    target_groups: dict[int, list]
    partners: dict[int, list]
    places: dict[int, list]
    sdgs: dict[int, list]
    axes: dict[int, list]


def iati_records(queryset: QuerySet[Initiative], *, chunk_size: int | None = None) -> Iterator[IatiChunk]:
    chunk_size = chunk_size or CHUNK_SIZE
    # The day it was published, or else created, which only an initiative without a start date needs:
    # a datetime converted for those rows only.
    publication = Case(When(start_date__isnull=True, then=Coalesce("published_at", "created_at")), default=None)
    rows = queryset.annotate(publication=publication).values_list(*IATI_FIELDS)
    for chunk, ids in _keyset_chunks(rows, chunk_size=chunk_size, read=_fetched):
        yield IatiChunk(
            rows=chunk,
            target_groups=_grouped(_fetched(_of(Initiative.target_groups.through, ids)
                                            .order_by("targetgroup__position", "targetgroup_id")
                                            .values_list("initiative_id", "targetgroup__name_ar",
                                                         "targetgroup__name_en"))),
            partners=_grouped(_fetched(_of(InitiativePartner, ids).order_by("pk").values_list(
                "initiative_id", "organization_id", "organization__sector", "organization__name_ar",
                "organization__name_en", "role"))),
            # A city's or neighbourhood's coordinates repeat from row to row: converted once each.
            places=_grouped(_fetched(_of(InitiativePlace, ids).order_by("pk").values_list(*PLACE_FIELDS),
                                     repeating={9, 10, 14, 15})),
            sdgs=_grouped(_fetched(_of(Initiative.sdgs.through, ids).order_by("sdg__number")
                                   .values_list("initiative_id", "sdg__number", "sdg__name_ar", "sdg__name_en"))),
            axes=_grouped(_fetched(_of(Initiative.axes.through, ids)
                                   .order_by("axis__position", "axis_id")
                                   .values_list("initiative_id", "axis__code", "axis__name_ar", "axis__name_en"))),
        )


def _fetched(queryset: QuerySet, *, repeating: frozenset[int] | set[int] = frozenset()) -> list[tuple]:
    """The rows of a values_list() queryset, as iterating it would give them (Django's converters,
    e.g. SQLite's text to datetime or Decimal), read with fetchall() on the connection's cursor:
    without Django's row iterator, a third of the Python time of the IATI export's reads on SQLite.
    `repeating`: positions of columns whose values repeat, converted once per distinct value."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # e.g. .none(): Django answers without asking the database
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = compiler.get_converters([column[0] for column in compiler.select[:compiler.col_count]])
    if not converters or not rows:
        return rows
    connection_ = compiler.connection
    steps = []
    for position, (functions, expression) in converters.items():
        def convert(value, functions=functions, expression=expression):
            for function in functions:
                value = function(value, expression, connection_)
            return value
        if position in repeating:
            convert = functools.cache(convert)
        steps.append((position, convert))
    converted = []
    for row in rows:
        row = list(row)
        for position, convert in steps:
            row[position] = convert(row[position])
        converted.append(tuple(row))
    return converted


# ---------------------------------------------------------------- export jobs


def export_job_get(*, user, job_id) -> ExportJob:
    """The job, for the person who asked for it or a platform admin; anyone else: DoesNotExist
    (the same answer as for an id nobody holds)."""
    jobs = ExportJob.objects.all()
    if not is_platform_admin(user):
        if not getattr(user, "is_authenticated", False):
            raise ExportJob.DoesNotExist
        jobs = jobs.filter(requested_by=user)
    return jobs.get(pk=job_id)
