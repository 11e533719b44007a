"""One search interface over every kind of record, ranked, on SQLite and PostgreSQL.

Records register a document (their searchable text) under a kind with `index`/`index_many`;
`search(queryset, kind=…, query=…)` filters a queryset to the matching records and annotates
`search_rank` (higher is better). Text is normalised in Python (core.arabic) on both sides, so
أمانة, امانه and أَمَانَة all meet.

SQLite: an FTS5 table (`core_search_fts`) over SearchEntry.document, ranked by bm25; every
query word matches as a prefix.
PostgreSQL: a stored tsvector (`arabic` stemmer over the light text ‖ `simple` over the full
text) with a GIN index, ranked by ts_rank; a pg_trgm word-similarity fallback catches
misspellings, broken plurals and the و/ف+ال prefixes the stemmer keeps.
"""

from collections.abc import Iterable
from itertools import batched

from django.db import connection, transaction
from django.db.models import F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from .arabic import normalize_light, search_document, tokens
from .bulk import insert_rows
from .models import SearchEntry

# The SQL below is built only from model metadata (table and column names); every value a person
# types travels as a query parameter.
# ruff: noqa: S608, S611

MAX_QUERY_WORDS = 8
MAX_SIMILAR_WORDS = 16


def index(kind: str, object_id: int, *texts: str | None) -> None:
    """Store (or replace) the search document of one record."""
    index_many(kind, [(object_id, texts)])


def index_many(
    kind: str, documents: Iterable[tuple[int, Iterable[str | None]]], *, fresh: bool = False, batch_size: int = 5000
) -> None:
    """Store the documents of many records at once (imports, demo data).

    `fresh` says none of these records has a document yet (newly created rows), which skips the
    delete of the old ones.
    """

    def rows():
        for object_id, texts in documents:
            light = normalize_light(" ".join(text for text in texts if text))
            yield (kind, object_id, search_document(None, light=light), light)

    for chunk in batched(rows(), batch_size):
        with transaction.atomic():
            if not fresh:
                # One DELETE statement: SearchEntry has no relations or signals to collect.
                SearchEntry.objects.filter(kind=kind, object_id__in=[row[1] for row in chunk]).delete()
            insert_rows(SearchEntry, ["kind", "object_id", "document", "document_light"], chunk)


def unindex(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def search(queryset: QuerySet, *, kind: str, query: str | None, any_word: bool = False) -> QuerySet:
    """Records of `queryset` matching `query`, annotated with `search_rank` and ranked first by it.

    Every word must match, unless `any_word` (used to find similar records: more shared words rank
    higher). An empty query (or one with no words) leaves the queryset as it is.
    """
    words = tokens(query)[: MAX_SIMILAR_WORDS if any_word else MAX_QUERY_WORDS]
    if not words:
        return queryset
    match_sql, match_params, rank_sql, rank_params = _sql(queryset, words, query or "", any_word)
    return (
        queryset.filter(pk__in=RawSQL(match_sql, [kind, *match_params]))
        .annotate(search_rank=RawSQL(rank_sql, [*rank_params, kind], output_field=FloatField()))
        .order_by(F("search_rank").desc(nulls_last=True), "-pk")
    )


def matching(queryset: QuerySet, *, kind: str, query: str | None) -> QuerySet:
    """Only the filter of `search`, without ranking: for counts and facets."""
    words = tokens(query)[:MAX_QUERY_WORDS]
    if not words:
        return queryset
    match_sql, match_params, _rank_sql, _rank_params = _sql(queryset, words, query or "", False)
    return queryset.filter(pk__in=RawSQL(match_sql, [kind, *match_params]))


def _sql(queryset: QuerySet, words: list[str], query: str, any_word: bool):
    table = queryset.model._meta.db_table
    pk = queryset.model._meta.pk.column
    outer = f'"{table}"."{pk}"'
    if connection.vendor == "postgresql":
        return _postgres_sql(words, query, outer, any_word)
    return _sqlite_sql(words, outer, any_word)


def _sqlite_sql(words: list[str], outer: str, any_word: bool = False):
    # Each word quoted (so FTS5 operators in user input mean nothing) and matched as a prefix.
    fts_query = (" OR " if any_word else " ").join('"{}"*'.format(word.replace('"', "")) for word in words)
    match_sql = (
        "SELECT e.object_id FROM core_search_fts f JOIN core_searchentry e ON e.id = f.rowid "
        "WHERE e.kind = %s AND core_search_fts MATCH %s"
    )
    # bm25 is lower-is-better; negate it so that every backend ranks higher-is-better.
    rank_sql = (
        "SELECT -bm25(core_search_fts) FROM core_search_fts WHERE core_search_fts MATCH %s AND "
        f"core_search_fts.rowid = (SELECT e.id FROM core_searchentry e WHERE e.kind = %s AND e.object_id = {outer})"
    )
    return match_sql, [fts_query], rank_sql, [fts_query]


def _postgres_sql(words: list[str], query: str, outer: str, any_word: bool = False):
    prefix_query = (" | " if any_word else " & ").join(f"{_pg_lexeme(word)}:*" for word in words if _pg_lexeme(word))
    light = "" if any_word else normalize_light(query)
    tsquery = "(to_tsquery('simple', %s) || plainto_tsquery('arabic', %s))"
    match_sql = (
        "SELECT e.object_id FROM core_searchentry e WHERE e.kind = %s AND "
        f"(e.search_vector @@ {tsquery} OR %s <%% e.document)"
    )
    joined = " ".join(words)
    rank_sql = (
        f"SELECT ts_rank(e.search_vector, {tsquery}) + word_similarity(%s, e.document) "
        f"FROM core_searchentry e WHERE e.kind = %s AND e.object_id = {outer}"
    )
    return match_sql, [prefix_query, light, joined], rank_sql, [prefix_query, light, joined]


def _pg_lexeme(word: str) -> str:
    # Words are already reduced to letters, digits and _ by normalisation; quote for to_tsquery.
    cleaned = word.replace("'", "").replace("\\", "")
    return f"'{cleaned}'" if cleaned else ""
