"""In-process timing of the exports (issue #9): CSV and IATI worker time against their SQL time,
and the XLSX job's time and memory.

    DATABASE_URL=… SECRET_KEY=x PYTHONPATH=. python bench/measure_exports.py csv|iati|xlsx [--rows N]

Worker time: the whole response body produced in this process (warm: the second of two runs).
SQL time: the same statements (captured during the timed run) replayed with the bare driver's
cursor, rows fetched (`fetchall`), i.e. what the database and the driver cost without Django.
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "musharaka.settings")
django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

from musharaka.initiatives.exchange import exports  # noqa: E402
from musharaka.initiatives.exchange.selectors import export_queryset  # noqa: E402
from musharaka.initiatives.models import Initiative  # noqa: E402
from musharaka.initiatives.selectors import InitiativeFilters  # noqa: E402


def filters_near(rows: int, published_only: bool) -> tuple[InitiativeFilters, int]:
    """The region (or no filter) whose anonymous export is closest above `rows` rows."""
    user = AnonymousUser()
    best = (InitiativeFilters(), export_queryset(user=user, filters=InitiativeFilters(), published_only=published_only)
            .order_by().count())
    candidates = [InitiativeFilters(sector=sector) for sector in ("authority", "government", "nonprofit", "private",
                                                                  "academic_expert")]
    candidates += [InitiativeFilters(status=status) for status in ("approved", "active", "completed")]
    for filters in candidates:
        if True:
            count = export_queryset(user=user, filters=filters, published_only=published_only).order_by().count()
            if rows <= count < best[1]:
                best = (filters, count)
    return best


def replay(queries) -> float:
    raw = connection.connection
    started = time.perf_counter()
    for query in queries:
        cursor = raw.cursor()
        sql = query["sql"]
        cursor.execute(sql)
        cursor.fetchall()
        cursor.close()
    return time.perf_counter() - started


def timed(make_response) -> tuple[float, list, int]:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        size = sum(len(piece) for piece in make_response().streaming_content)
        elapsed = time.perf_counter() - started
    return elapsed, captured.captured_queries, size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["csv", "iati", "xlsx"])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    translation.activate("ar")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    print(f"database: {connection.vendor}")
    if args.kind == "xlsx":
        return measure_xlsx(args.rows)
    filters, count = filters_near(args.rows, published_only=args.kind == "iati")
    respond = exports.csv_response if args.kind == "csv" else exports.iati_response
    print(f"{args.kind}: {count} rows with {filters}")
    timed(lambda: respond(request, user=request.user, filters=filters))  # warm
    results = []
    for _ in range(args.repeat):
        elapsed, queries, size = timed(lambda: respond(request, user=request.user, filters=filters))
        sql = min(replay(queries) for _ in range(3))
        results.append((elapsed, sql, len(queries), size))
    elapsed, sql, n, size = min(results)
    print(f"worker time {elapsed * 1000:.0f} ms, SQL (bare driver, rows fetched) {sql * 1000:.0f} ms over {n} queries, "
          f"Python {(elapsed - sql) * 1000:.0f} ms = {(elapsed - sql) / sql:.2f} × SQL; "
          f"{(elapsed - sql) / count * 1e6:.1f} µs of Python per row; {size / 1e6:.1f} MB")


def measure_xlsx(rows: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from musharaka.initiatives.exchange.models import ExportJob

    admin = get_user_model().objects.filter(is_superuser=True).first()
    # A platform admin sees every row: the biggest workbook the dataset holds, capped by --rows via ids.
    total = Initiative.objects.count()
    filters = {}
    print(f"xlsx: {min(rows, total)} rows wanted, {total} in the dataset")
    job = ExportJob.objects.create(requested_by=admin, language="ar", row_url="https://example.org/initiatives/{id}/",
                                   filters=filters, expires_at=timezone.now())
    path = f"/tmp/measure-{job.pk}.xlsx"
    progress = []
    tracemalloc.start()
    started = time.perf_counter()
    exports.xlsx_export_write(job, path, on_progress=lambda done, total: progress.append((time.perf_counter(), done)))
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    done = progress[-1][1]
    print(f"{done} rows in {elapsed:.1f} s ({elapsed / done * 1e6:.0f} µs a row), file {os.path.getsize(path) / 1e6:.1f} MB, "
          f"Python heap peak (tracemalloc) {peak / 1e6:.1f} MB, process peak RSS {rss:.0f} MB")
    os.remove(path)
    job.delete()


if __name__ == "__main__":
    sys.exit(main())
