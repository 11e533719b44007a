"""In-process timing of API lists, warm (issue #9): the median of N requests after a few warm-up ones.

    DATABASE_URL=… SECRET_KEY=x ALLOWED_HOSTS=testserver API_RATE_LIMITS=off PYTHONPATH=. \
        python bench/measure_api.py "/api/v1/initiatives?page=2" "/api/v1/organizations?q=جمعية"
"""

import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "musharaka.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main(paths: list[str], repeat: int = 60) -> None:
    client = Client()
    print(f"database: {connection.vendor}")
    for path in paths:
        for _ in range(5):
            assert client.get(path).status_code == 200, path
        wall, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        sql = sum(float(query["time"]) for query in queries.captured_queries)
        print(f"{path}: median {statistics.median(wall) * 1000:.2f} ms wall, {statistics.median(cpu) * 1000:.2f} ms CPU, "
              f"min {min(wall) * 1000:.2f} ms; {len(queries.captured_queries)} queries, {sql * 1000:.1f} ms SQL")


if __name__ == "__main__":
    main(sys.argv[1:])
