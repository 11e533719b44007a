"""In-process timing of COLD reads (issue #9): each path requested once with an empty cache, as a first
visit of a path mix is (the bench cycles through 240 paths, so nearly every request is cold).

    DATABASE_URL=… SECRET_KEY=x ALLOWED_HOSTS=testserver API_RATE_LIMITS=off PYTHONPATH=. \
        python bench/measure_cold.py PATHS_FILE [PATHS_FILE …] [--sample 24] [--slow 5]

PATHS_FILE is a path mix written by prepare.py (paths-<scenario>.txt); SAMPLE paths evenly spaced over
it are requested (the first included). Prints the median and maximum of wall time, SQL time and
queries, and the slowest statements seen (--slow N).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "musharaka.settings")
django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def spread(values: list, count: int) -> list:
    if len(values) <= count:
        return list(values)
    return [values[round(i * (len(values) - 1) / (count - 1))] for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--sample", type=int, default=24)
    parser.add_argument("--slow", type=int, default=5)
    parser.add_argument("--each", action="store_true", help="print every path's numbers")
    args = parser.parse_args()
    client = Client()
    print(f"database: {connection.vendor}")
    for warm in ("/api/v1/initiatives", "/initiatives/?status=active"):  # imports, connection, templates compiled
        client.get(warm, HTTP_HOST="127.0.0.1")
    for name in args.files:
        paths = spread([line for line in Path(name).read_text().splitlines() if line], args.sample)
        wall, sql, queries, slow = [], [], [], []
        for path in paths:
            cache.clear()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, HTTP_HOST="127.0.0.1")
                assert response.status_code == 200, (path, response.status_code)
            wall.append((time.perf_counter() - started) * 1000)
            sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
            queries.append(len(captured.captured_queries))
            slow += [(float(q["time"]) * 1000, path, q["sql"][:400]) for q in captured.captured_queries]
            if args.each:
                print(f"  {wall[-1]:7.1f} ms  sql {sql[-1]:7.1f} ms  {queries[-1]:2} q  {path}")
        print(f"{os.path.basename(name)}: {len(paths)} paths cold: median {statistics.median(wall):.1f} ms "
              f"(max {max(wall):.1f}), SQL median {statistics.median(sql):.1f} ms (max {max(sql):.1f}), "
              f"queries median {statistics.median(queries):.0f} (max {max(queries)})")
        for ms, path, text in sorted(slow, reverse=True)[: args.slow]:
            print(f"    {ms:7.1f} ms  {path}\n        {text}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
