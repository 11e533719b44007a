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
import threading
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
    # SQLite works in this process: its CPU time; PostgreSQL in the server: the wall time of the round trips.
    clock = time.process_time if connection.vendor == "sqlite" else time.perf_counter
    started = clock()
    for query in queries:
        cursor = raw.cursor()
        cursor.execute(query["sql"])
        cursor.fetchall()
        cursor.close()
    return clock() - started


def timed(make_response) -> tuple[float, float, list, int]:
    with CaptureQueriesContext(connection) as captured:
        started, started_cpu = time.perf_counter(), time.process_time()
        size = sum(len(piece) for piece in make_response().streaming_content)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    return cpu, elapsed, captured.captured_queries, size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["csv", "iati", "xlsx"])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tracemalloc", action="store_true", help="xlsx: also the Python heap's peak (slower)")
    args = parser.parse_args()
    translation.activate("ar")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    print(f"database: {connection.vendor}")
    if args.kind == "xlsx":
        return measure_xlsx(args.tracemalloc)
    filters, count = filters_near(args.rows, published_only=args.kind == "iati")
    respond = exports.csv_response if args.kind == "csv" else exports.iati_response
    print(f"{args.kind}: {count} rows with {filters}")
    timed(lambda: respond(request, user=request.user, filters=filters))  # warm
    results = []
    for _ in range(args.repeat):
        cpu, wall, queries, size = timed(lambda: respond(request, user=request.user, filters=filters))
        results.append((cpu, wall, queries, size))
    cpu, wall, queries, size = min(results, key=lambda result: result[0])
    sql = min(replay(queries) for _ in range(3))
    # On SQLite the database works inside this process (its time is in the CPU time); on PostgreSQL
    # in another one, so there the worker's own CPU time is already all Python.
    python = cpu - sql if connection.vendor == "sqlite" else cpu
    print(f"worker CPU time {cpu * 1000:.0f} ms (wall {wall * 1000:.0f} ms), SQL (bare driver, rows fetched) "
          f"{sql * 1000:.0f} ms over {len(queries)} queries; Python {python * 1000:.0f} ms = {python / sql:.2f} × SQL, "
          f"{python / count * 1e6:.1f} µs per row; {size / 1e6:.1f} MB")


class MemorySampler(threading.Thread):
    """The peak of the process's anonymous resident memory (RssAnon), sampled every 0.1 s: what the
    worker holds, without the database file pages SQLite maps into it (mmap_size, shared page cache)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_anonymous = 0
        self.running = True

    def run(self):
        while self.running:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("RssAnon:"):
                        self.peak_anonymous = max(self.peak_anonymous, int(line.split()[1]))
            time.sleep(0.1)

    def stop(self):
        self.running = False
        self.join()


def measure_xlsx(trace: bool):
    """The XLSX task as the worker runs it, on every row of the dataset (a platform admin sees all)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from musharaka.initiatives.exchange.models import ExportJob
    from musharaka.initiatives.exchange.tasks import build_xlsx_export

    admin, _ = get_user_model().objects.get_or_create(username="measure-exports", defaults={"is_superuser": True,
                                                                                             "is_staff": True})
    job = ExportJob.objects.create(requested_by=admin, language="ar", row_url="https://example.org/initiatives/{id}/",
                                   filters={}, expires_at=timezone.now())
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sampler = MemorySampler()
    sampler.start()
    if trace:
        tracemalloc.start()
    started, started_cpu = time.perf_counter(), time.process_time()
    build_xlsx_export.call(job_id=str(job.pk))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sampler.stop()
    job.refresh_from_db()
    print(f"xlsx: {job.status}, {job.rows_done} rows in {elapsed:.1f} s wall, {cpu:.1f} s CPU "
          f"({cpu / max(job.rows_done, 1) * 1e6:.0f} µs of CPU a row), file {job.size / 1e6:.1f} MB; "
          f"process peak RSS {rss:.0f} MB (before the task {baseline:.0f} MB), of which anonymous at most "
          f"{sampler.peak_anonymous / 1024:.0f} MB (the rest: file pages, SQLite's mmap of the database)"
          + (f", Python heap peak (tracemalloc) {peak / 1e6:.1f} MB" if trace else ""))
    job.file.delete(save=False)
    job.delete()
    admin.delete()


if __name__ == "__main__":
    sys.exit(main())
