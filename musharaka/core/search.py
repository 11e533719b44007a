"""One search interface over every kind of record, ranked, on SQLite and PostgreSQL.

Records register a document (their searchable text) under a kind with `index`/`index_many`;
`search(queryset, kind=…, query=…)` filters a queryset to the matching records and annotates
`search_rank` (higher is better). Text is normalised in Python (core.arabic) on both sides, so
أمانة, امانه and أَمَانَة all meet; each entry also stores the stems of its words (core.arabic
`word_stems`), so that مبادرة finds المبادرات and ورشة finds ورش on both databases alike.

A query word matches a record when the record has a word starting with it (prefix) or shares one
of its stems; words match far above stems, so records with the words as written rank first.

A search considers at most CANDIDATES matching records of a kind: on SQLite the best ranked among
the newest RANK_WINDOW matches (all of them for any but very common words), on PostgreSQL the
first the GIN index gives, records with the words as written before those matching by stem only,
then ranked. Filters, facet counts, row counts and
pages work within them, so a common word costs a bounded amount of ranking; `is_capped` says
when the cap was reached (the count is then a lower bound: "more than N").

SQLite: an FTS5 table (`core_search_fts`: kind, document, stems) over SearchEntry, ranked by bm25
with the document column weighing ten times the stems.
PostgreSQL: a stored tsvector (the document with weight A ‖ the stems with weight D, `simple`
configuration) with a GIN index, ranked by ts_rank; when the full-text query finds nothing, a
bounded pg_trgm word-similarity fallback catches misspellings.
"""

import hashlib
import json
import time
from collections.abc import Iterable
from itertools import batched

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .arabic import normalize_light, query_terms, search_document_from_light, search_stems_from_light
from .bulk import insert_rows
from .models import SearchEntry

# The SQL below is built only from model metadata (table and column names) and constants; every
# value a person types travels as a query parameter.
# ruff: noqa: S608, S610, S611

MAX_QUERY_WORDS = 8
MAX_SIMILAR_WORDS = 16
CANDIDATES = 1000  # matching records ranked, filtered and counted per search
RANK_WINDOW = 5000  # SQLite: the newest matching entries ranked by bm25 to choose the candidates among
FUZZY_CANDIDATES = 1000
CANDIDATES_CACHE_SECONDS = 60  # per version of the index (see _candidates)
VERSION_KEY = "search:version"

Terms = list[tuple[str, tuple[str, ...]]]


def index(kind: str, object_id: int, *texts: str | None) -> None:
    """Store (or replace) the search document of one record."""
    index_many(kind, [(object_id, texts)])


def document_row(kind: str, object_id: int, texts: Iterable[str | None]) -> tuple:
    """The SearchEntry columns (kind, object_id, document, document_light, stems) of one record."""
    light = normalize_light(" ".join(text for text in texts if text))
    return (kind, object_id, search_document_from_light(light), light, search_stems_from_light(light))


def index_many(
    kind: str, documents: Iterable[tuple[int, Iterable[str | None]]], *, fresh: bool = False, batch_size: int = 5000
) -> None:
    """Store the documents of many records at once (imports, demo data).

    `fresh` says none of these records has a document yet (newly created rows), which skips the
    delete of the old ones.
    """
    rows = (document_row(kind, object_id, texts) for object_id, texts in documents)
    for chunk in batched(rows, batch_size):
        with transaction.atomic():
            if not fresh:
                # One DELETE statement: SearchEntry has no relations or signals to collect.
                SearchEntry.objects.filter(kind=kind, object_id__in=[row[1] for row in chunk]).delete()
            insert_rows(SearchEntry, ["kind", "object_id", "document", "document_light", "stems"], chunk)
    _changed()


def _changed() -> None:
    """A new version of the index: cached candidates are not read again. Moved now and again on
    commit, so candidates read by another request before the commit are not kept either."""
    cache.set(VERSION_KEY, time.time_ns(), None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, time.time_ns(), None))


def fill_stems(connection, kind: str | None = None) -> None:
    """Compute the stems of every entry (of `kind`) from its light text (batched; a word's stems are cached)."""
    last = 0
    only_kind = " AND kind = %s" if kind else ""
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, document_light FROM core_searchentry WHERE id > %s{only_kind} ORDER BY id LIMIT 5000",
                [last, kind] if kind else [last],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            cursor.executemany(
                "UPDATE core_searchentry SET stems = %s WHERE id = %s",
                [(search_stems_from_light(light), pk) for pk, light in rows],
            )
            last = rows[-1][0]


def unindex(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()
    _changed()


def _terms(query: str | None, any_word: bool) -> Terms:
    return query_terms(query)[: MAX_SIMILAR_WORDS if any_word else MAX_QUERY_WORDS]


def search(queryset: QuerySet, *, kind: str, query: str | None, any_word: bool = False) -> QuerySet:
    """Records of `queryset` among the query's candidates, with `search_rank` (higher is better), best first.

    Every word must match, unless `any_word` (used to find similar records: more shared words rank
    higher, every match is ranked, `search_rank` is the full-text score). An empty query (or one
    with no words) leaves the queryset as it is.
    """
    terms = _terms(query, any_word)
    if not terms:
        return queryset
    if any_word:
        return _search_any_word(queryset, kind, terms)
    ids, _capped = _candidates(kind, terms)
    outer = _outer_pk(queryset)
    # The candidates' order as the rank (their position, negated: higher is better).
    if connection.vendor == "postgresql":
        position = RawSQL(f"-array_position(%s::bigint[], {outer})", [ids])
    else:
        position = RawSQL(f"-instr(%s, ',' || {outer} || ',')", ["," + ",".join(map(str, ids)) + ","])
    return _among(queryset, ids).annotate(search_rank=position).order_by("-search_rank", "-pk")


def matching(queryset: QuerySet, *, kind: str, query: str | None) -> QuerySet:
    """Only the filter of `search` (the same candidates), without ranking: for counts and facets."""
    terms = _terms(query, False)
    if not terms:
        return queryset
    return _among(queryset, _candidates(kind, terms)[0])


def _among(queryset: QuerySet, ids: list[int]) -> QuerySet:
    """`queryset` restricted to these primary keys, passed as one parameter (a thousand placeholders
    cost Django milliseconds to compile into every count and facet query)."""
    if not ids:
        return queryset.none()
    if connection.vendor == "postgresql":
        return queryset.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [ids]))
    return queryset.filter(pk__in=RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)]))


def is_capped(*, kind: str, query: str | None) -> bool:
    """Whether more records match `query` than a search considers: its counts are then lower bounds."""
    terms = _terms(query, False)
    return bool(terms) and _candidates(kind, terms)[1]


def _candidates(kind: str, terms: Terms) -> tuple[list[int], bool]:
    """The object ids of the query's candidates, best first, and whether there were more matches.

    Cached per version of the index, which every index and reindex moves in the cache (shared by
    every process with Redis; with a per-process cache another process sees a change within
    CANDIDATES_CACHE_SECONDS). A record unindexed since is not in the querysets the ids filter.
    """
    version = cache.get(VERSION_KEY, 0)
    key = f"search:candidates:{version}:" + hashlib.sha256(repr((kind, terms)).encode()).hexdigest()[:32]
    cached = cache.get(key)
    if cached is None:
        if connection.vendor == "postgresql":
            sql, params = _pg_candidates(kind, terms)
        else:
            sql, params = _sqlite_candidates(kind, terms)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        ids = [row[0] for row in rows]
        # SQLite's rows carry how many matches were ranked; PostgreSQL's fetch CANDIDATES + 1.
        more = rows[0][1] > CANDIDATES if rows and len(rows[0]) > 1 else len(ids) > CANDIDATES
        cached = (ids[:CANDIDATES], more)
        cache.set(key, cached, CANDIDATES_CACHE_SECONDS)
    return cached


def _search_any_word(queryset: QuerySet, kind: str, terms: Terms) -> QuerySet:
    """Every record sharing a word, ranked by the full-text score (for similar records)."""
    outer = _outer_pk(queryset)
    if connection.vendor == "postgresql":
        tsquery, params = _pg_tsquery(terms, True)
        ranked = queryset.extra(
            tables=["core_searchentry"],
            where=[f"core_searchentry.object_id = {outer}", "core_searchentry.kind = %s",
                   f"core_searchentry.search_vector @@ {tsquery}"],
            params=[kind, *params],
            select={"search_rank": f"ts_rank(core_searchentry.search_vector, {tsquery})"},
            select_params=params,
        )
    else:
        # The unary + keeps SQLite from using those sides of the joins as lookups, which leaves it one
        # plan: run the full-text MATCH once, then fetch entries and records by primary key.
        ranked = queryset.extra(
            tables=["core_searchentry", "core_search_fts"],
            where=[f"{outer} = +core_searchentry.object_id", "core_searchentry.id = +core_search_fts.rowid",
                   "core_search_fts MATCH %s"],
            params=[_fts_query(kind, terms, True)],
            # bm25 is lower-is-better; negated so that every backend ranks higher-is-better.
            select={"search_rank": "-bm25(core_search_fts, 0.0, 10.0, 1.0)"},
        )
    return ranked.order_by("-search_rank", "-pk")


def _outer_pk(queryset: QuerySet) -> str:
    meta = queryset.model._meta
    return f'"{meta.db_table}"."{meta.pk.column}"'


# ---------------------------------------------------------------- SQLite

def _sqlite_candidates(kind: str, terms: Terms) -> tuple[str, list]:
    """The SQL of the candidates' object ids, best first, each with how many entries were ranked.

    The newest RANK_WINDOW matches (FTS5 walks them in descending rowid order and stops there, so
    bm25 is computed for these only), the best CANDIDATES + 1 of them by bm25, words weighing ten times
    stems. A query matching fewer entries has all of them ranked (the same answer as `ORDER BY rank`
    over every match); a very common word (the demo puts one in 40% of titles) costs a bounded amount:
    `ORDER BY rank` computed bm25 for every one of its 80,000 matches, 0.1–0.3 s.
    """
    sql = (
        "WITH c AS MATERIALIZED (SELECT rowid, bm25(core_search_fts, 0.0, 10.0, 1.0) AS r FROM core_search_fts "
        f"WHERE core_search_fts MATCH %s ORDER BY rowid DESC LIMIT {RANK_WINDOW}) "
        "SELECT e.object_id, (SELECT count(*) FROM c) FROM "
        f"(SELECT rowid, r FROM c ORDER BY r, rowid LIMIT {CANDIDATES + 1}) AS t "
        "JOIN core_searchentry e ON e.id = t.rowid ORDER BY t.r, t.rowid"
    )
    return sql, [_fts_query(kind, terms, False)]


def _fts_phrase(text: str) -> str:
    # Quoted, so that FTS5 operators in what people type mean nothing.
    return '"{}"'.format(text.replace('"', ""))


def _fts_query(kind: str, terms: Terms, any_word: bool) -> str:
    """kind AND (each word as a prefix of a document word, or one of its stems)."""
    parts = []
    for word, stems in terms:
        alternatives = [f"document : {_fts_phrase(word)}*", *(f"stems : {_fts_phrase(stem)}" for stem in stems)]
        parts.append("(" + " OR ".join(alternatives) + ")")
    return f"kind : {_fts_phrase(kind)} AND (" + (" OR " if any_word else " AND ").join(parts) + ")"


# ---------------------------------------------------------------- PostgreSQL


def _pg_lexeme(word: str) -> str:
    # Words are already reduced to letters, digits and _ by normalisation; quote for to_tsquery.
    cleaned = word.replace("'", "").replace("\\", "")
    return f"'{cleaned}'" if cleaned else ""


def _pg_tsquery(terms: Terms, any_word: bool, *, words_only: bool = False) -> tuple[str, list[str]]:
    """The tsquery SQL and its parameter: each word a prefix of the document (weight A), or one of
    its stems (weight D); `words_only` leaves the stems out."""
    parts = []
    for word, stems in terms:
        lexemes = [f"{_pg_lexeme(word)}:*A"] if _pg_lexeme(word) else []
        if not words_only:
            lexemes += [f"{_pg_lexeme(stem)}:D" for stem in stems if _pg_lexeme(stem)]
        if lexemes:
            parts.append("(" + " | ".join(lexemes) + ")")
    return "to_tsquery('simple', %s)", [(" | " if any_word else " & ").join(parts) or "''"]


def _pg_candidates(kind: str, terms: Terms) -> tuple[str, list]:
    """The SQL of the candidates' object ids, best first, and its parameters.

    The first CANDIDATES + 1 entries the GIN index gives, those with the words as written first,
    ranked by ts_rank. When the full-text query matches nothing, the trigram fallback (`<%`) takes
    the entries most like the words (misspellings), among at most FUZZY_CANDIDATES.
    """
    tsquery, params = _pg_tsquery(terms, False)
    words, word_params = _pg_tsquery(terms, False, words_only=True)
    limit = CANDIDATES + 1
    full_text = (
        f"SELECT e.object_id, row_number() OVER (ORDER BY ts_rank(e.search_vector, {tsquery}) DESC, "
        f"e.object_id DESC) AS position FROM ((SELECT id FROM core_searchentry WHERE kind = %s AND "
        f"search_vector @@ {words} LIMIT {limit}) UNION ALL (SELECT id FROM core_searchentry WHERE kind = %s "
        f"AND search_vector @@ {tsquery} AND NOT search_vector @@ {words} LIMIT {limit}) LIMIT {limit}) AS c "
        "JOIN core_searchentry e ON e.id = c.id"
    )
    text = " ".join(word for word, _stems in terms)
    fuzzy = (
        "SELECT object_id, row_number() OVER (ORDER BY word_similarity(%s, document) DESC, object_id DESC) "
        f"AS position FROM (SELECT object_id, document FROM core_searchentry WHERE kind = %s "
        f"AND %s <%% document LIMIT {FUZZY_CANDIDATES}) AS c"
    )
    # The fuzzy part runs only when the full-text part found nothing.
    sql = (
        f"WITH found AS ({full_text}) SELECT object_id FROM ("
        f"SELECT object_id, position FROM found UNION ALL SELECT object_id, position FROM ({fuzzy}) AS f "
        f"WHERE NOT EXISTS (SELECT 1 FROM found)) AS ranked ORDER BY position LIMIT {limit}"
    )
    return sql, [*params, kind, *word_params, kind, *params, *word_params, text, kind, text]
