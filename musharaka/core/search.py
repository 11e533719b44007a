"""One search interface over every kind of record, ranked, on SQLite and PostgreSQL.

Records register a document (their searchable text) under a kind with `index`/`index_many`;
`search(queryset, kind=…, query=…)` filters a queryset to the matching records and annotates
`search_rank` (higher is better). Text is normalised in Python (core.arabic) on both sides, so
أمانة, امانه and أَمَانَة all meet.

SQLite: an FTS5 table (`core_search_fts`) over SearchEntry.document, ranked by bm25; every
query word matches as a prefix.
PostgreSQL: a stored tsvector (`arabic` stemmer over the light text ‖ `simple` over the full
text) with a GIN index, ranked by ts_rank; when the full-text query finds nothing, a bounded
pg_trgm word-similarity fallback catches misspellings, broken plurals and the و/ف+ال prefixes
the stemmer keeps.
"""

import hashlib
from collections.abc import Iterable
from itertools import batched

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .arabic import normalize_light, search_document_from_light, tokens
from .bulk import insert_rows
from .models import SearchEntry

# The SQL below is built only from model metadata (table and column names); every value a person
# types travels as a query parameter.
# ruff: noqa: S608, S610, S611

MAX_QUERY_WORDS = 8
MAX_SIMILAR_WORDS = 16
FUZZY_CANDIDATES = 1000
FOUND_CACHE_SECONDS = 60  # whether words match as written; asked by the list and by its count


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
            yield (kind, object_id, search_document_from_light(light), light)

    for chunk in batched(rows(), batch_size):
        with transaction.atomic():
            if not fresh:
                # One DELETE statement: SearchEntry has no relations or signals to collect.
                SearchEntry.objects.filter(kind=kind, object_id__in=[row[1] for row in chunk]).delete()
            insert_rows(SearchEntry, ["kind", "object_id", "document", "document_light"], chunk)


def unindex(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def search(queryset: QuerySet, *, kind: str, query: str | None, any_word: bool = False) -> QuerySet:
    """Records of `queryset` matching `query`, with `search_rank` (higher is better), best first.

    Every word must match, unless `any_word` (used to find similar records: more shared words rank
    higher). An empty query (or one with no words) leaves the queryset as it is.

    The match is a join with the search tables, so the full-text index is read once per query and
    ranks come with the matches (a correlated rank per row re-ran the full-text query for each).
    """
    words = tokens(query)[: MAX_SIMILAR_WORDS if any_word else MAX_QUERY_WORDS]
    if not words:
        return queryset
    outer = _outer_pk(queryset)
    if connection.vendor == "postgresql":
        tsquery, params = _pg_tsquery(words, query or "", any_word)
        condition, condition_params, rank, rank_params = _pg_match(kind, tsquery, params, "core_searchentry")
        ranked = queryset.extra(
            tables=["core_searchentry"],
            where=[
                f"core_searchentry.object_id = {outer}",
                "core_searchentry.kind = %s",
                condition,
            ],
            params=[kind, *condition_params],
            select={"search_rank": rank},
            select_params=rank_params,
        )
    else:
        # The unary + keeps SQLite from using those sides of the joins as lookups, which leaves it one
        # plan: run the full-text MATCH once, then fetch entries and records by primary key. (Otherwise
        # it may walk the records and re-run the MATCH, prefix expansion and all, for each of them.)
        ranked = queryset.extra(
            tables=["core_searchentry", "core_search_fts"],
            where=[
                f"{outer} = +core_searchentry.object_id",
                "core_searchentry.kind = %s",
                "core_searchentry.id = +core_search_fts.rowid",
                "core_search_fts MATCH %s",
            ],
            params=[kind, _fts_query(words, any_word)],
            # bm25 is lower-is-better; negated so that every backend ranks higher-is-better.
            select={"search_rank": "-bm25(core_search_fts)"},
        )
    return ranked.order_by("-search_rank", "-pk")


def matching(queryset: QuerySet, *, kind: str, query: str | None) -> QuerySet:
    """Only the filter of `search`, without ranking: for counts and facets."""
    words = tokens(query)[:MAX_QUERY_WORDS]
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        tsquery, params = _pg_tsquery(words, query or "", False)
        condition, condition_params, _rank, _rank_params = _pg_match(kind, tsquery, params, "e")
        sql = f"SELECT e.object_id FROM core_searchentry e WHERE e.kind = %s AND {condition}"
        return queryset.filter(pk__in=RawSQL(sql, [kind, *condition_params]))
    sql = (
        "SELECT e.object_id FROM core_search_fts f JOIN core_searchentry e ON e.id = f.rowid "
        "WHERE e.kind = %s AND core_search_fts MATCH %s"
    )
    return queryset.filter(pk__in=RawSQL(sql, [kind, _fts_query(words, False)]))


def _outer_pk(queryset: QuerySet) -> str:
    meta = queryset.model._meta
    return f'"{meta.db_table}"."{meta.pk.column}"'


def _fts_query(words: list[str], any_word: bool) -> str:
    # Each word quoted (so FTS5 operators in user input mean nothing) and matched as a prefix.
    return (" OR " if any_word else " ").join('"{}"*'.format(word.replace('"', "")) for word in words)


def _pg_tsquery(words: list[str], query: str, any_word: bool) -> tuple[str, list[str]]:
    """The tsquery SQL (prefix words on the simple vector, or the Arabic stemmer) and its parameters.

    The third parameter is the words joined, for the trigram fallback (`<%`) that follows it.
    """
    prefix_query = (" | " if any_word else " & ").join(f"{_pg_lexeme(word)}:*" for word in words if _pg_lexeme(word))
    light = "" if any_word else normalize_light(query)
    return "(to_tsquery('simple', %s) || plainto_tsquery('arabic', %s))", [prefix_query, light, " ".join(words)]


def _pg_match(kind: str, tsquery: str, params: list[str], alias: str) -> tuple[str, list[str], str, list[str]]:
    """The condition on search entries (`alias`) and the rank: full-text, or else fuzzy.

    The trigram fallback (`<%`) is for words the full-text index does not know as written
    (misspellings, broken plurals, و/ف+ال prefixes): it runs only when the full-text query matches
    no entry of this kind, reads at most FUZZY_CANDIDATES entries, and ranks by word similarity.
    Full-text matches rank by ts_rank alone. (Fuzzy matching and word similarity beside common
    words rechecked and scored every candidate, over 10,000 documents: seconds per search.)
    """
    key = "search:found:" + hashlib.sha256(repr((kind, params[:2])).encode()).hexdigest()[:32]
    found = cache.get(key)
    if found is None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM core_searchentry WHERE kind = %s AND search_vector @@ {tsquery} LIMIT 1",
                [kind, *params[:2]],
            )
            found = cursor.fetchone() is not None
        cache.set(key, found, FOUND_CACHE_SECONDS)
    if found:
        return f"{alias}.search_vector @@ {tsquery}", params[:2], f"ts_rank({alias}.search_vector, {tsquery})", params[:2]
    fuzzy = (
        f"{alias}.id IN (SELECT fuzzy.id FROM core_searchentry fuzzy WHERE fuzzy.kind = %s "
        f"AND %s <%% fuzzy.document LIMIT {FUZZY_CANDIDATES})"
    )
    return fuzzy, [kind, params[2]], f"word_similarity(%s, {alias}.document)", [params[2]]


def _pg_lexeme(word: str) -> str:
    # Words are already reduced to letters, digits and _ by normalisation; quote for to_tsquery.
    cleaned = word.replace("'", "").replace("\\", "")
    return f"'{cleaned}'" if cleaned else ""
