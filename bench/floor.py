"""The floor: a minimal WSGI app that runs the same SQL as the app for each read scenario with the
bare driver (sqlite3 or psycopg, one persistent connection per worker) and serialises the rows
with orjson. It is what a response costs with no framework, ORM, template or serialiser.

The SQL is captured from the app (bench/prepare.py records the warm request's queries and their
parameters for a sample of each scenario's path mix) and replayed verbatim; the routes are those paths.

The page floor (BENCH_PAGES set): for a page, the same SQL replay, then the page's templates rendered
with the captured contexts by Django's template engine without its request cycle (no middleware, URL
resolution, view, ORM query or context processor; see pagefloor.py). It returns that HTML.

    BENCH_CAPTURE=…/capture.pickle BENCH_DATABASE_URL=… gunicorn bench.floor:app
    … BENCH_PAGES=…/pages.pickle gunicorn bench.floor:app
"""

import os
import pickle
import re
import sys
from urllib.parse import urlsplit

import orjson

with open(os.environ["BENCH_CAPTURE"], "rb") as _f:
    _CAPTURE = pickle.load(_f)
VENDOR = _CAPTURE["vendor"]
ROUTES = {path: queries for spec in _CAPTURE["scenarios"].values() for path, queries in spec["routes"].items()}
PAGES: dict = {}
if os.environ.get("BENCH_PAGES"):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # pagefloor, as prepare.py imported it
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "musharaka.settings")
    import django

    django.setup()  # the template engines and the models the pickled contexts hold; no request handler
    import pagefloor

    with open(os.environ["BENCH_PAGES"], "rb") as _f:
        PAGES = {path: records for scenario in pickle.load(_f).values() for path, records in scenario.items()}
_QMARK = re.compile(r"(?<!%)%s")
_conn = None


def _connect():
    url = os.environ["BENCH_DATABASE_URL"]
    if VENDOR == "sqlite":
        import sqlite3

        from django.db.backends.sqlite3._functions import register  # the SQL functions Django's SQL may call

        from musharaka import settings  # only for the app's own PRAGMAs (WAL, 64 MB cache, mmap), not Django

        conn = sqlite3.connect(urlsplit(url).path, check_same_thread=False, isolation_level=None)
        conn.executescript(settings.DATABASES["default"]["OPTIONS"]["init_command"])
        register(conn)
        return conn
    import psycopg

    return psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True,
                           cursor_factory=psycopg.ClientCursor)


def _prepare(sql: str) -> str:
    if VENDOR == "sqlite":
        return _QMARK.sub("?", sql).replace("%%", "%")
    return sql


def _run(queries) -> list:
    global _conn
    if _conn is None:
        _conn = _connect()
    results = []
    cursor = _conn.cursor()
    for sql, params, many in queries:
        if many:
            cursor.executemany(_prepare(sql), params)
            continue
        cursor.execute(_prepare(sql), params or ())
        if cursor.description is not None:
            results.append(cursor.fetchall())
    return results


def app(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if environ.get("QUERY_STRING"):
        path += "?" + environ["QUERY_STRING"]
    queries = ROUTES.get(path)
    if queries is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"no such scenario"]
    rows = _run(queries)
    records = PAGES.get(path)
    if records is not None:
        body = pagefloor.render_all(records).encode()
        content_type = "text/html; charset=utf-8"
    else:
        body = orjson.dumps(rows, default=str)
        content_type = "application/json"
    start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]
