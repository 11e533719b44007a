"""The XLSX export, written by the background worker (`manage.py db_worker`).

Not retried: a job that fails is kept as FAILED with its reason and the person starts a new one
(a retry of the same task finds the job no longer QUEUED and leaves it alone). A worker killed
while writing leaves the job RUNNING without progress: after models.STALL_AFTER the pages and the
API report it failed, and prune_export_jobs records it so.
"""

import logging
import os
from contextlib import contextmanager

from django.db import connection
from django.tasks import task
from django.utils import translation

from . import services
from .exports import xlsx_export_write
from .models import ExportJob
from .services import EXPORT_FOLDER

logger = logging.getLogger(__name__)


@contextmanager
def _sqlite_without_mmap():
    """Read the rows without SQLite's memory map (settings: mmap_size 256 MB) during the export.

    Walking 200,000 rows maps that much of the database file into the worker: shared, reclaimable
    page cache, but it counts in the worker's resident memory (353 MB measured against 105 MB of its
    own). Plain reads through SQLite's bounded page cache keep the worker near its own memory.
    """
    size = 0
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size")
            row = cursor.fetchone()  # none for an in-memory database (the tests'): nothing is mapped
            size = int(row[0]) if row else 0
            if size:
                cursor.execute("PRAGMA mmap_size=0")
    try:
        yield
    finally:
        if size:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA mmap_size={size}")


@task()
def build_xlsx_export(*, job_id: str) -> None:
    job = services.export_job_start(job_id=job_id)
    if job is None:
        logger.warning("Export job %s is not waiting (already taken, finished or removed): left alone", job_id)
        return
    storage = ExportJob._meta.get_field("file").storage
    name = f"{EXPORT_FOLDER}/{job.pk}.xlsx"
    path = storage.path(name)
    partial = f"{path}.part"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)

        def progress(done: int, total: int | None) -> None:
            services.export_job_progress(job=job, rows_done=done, rows_total=total)

        with translation.override(job.language), _sqlite_without_mmap():
            xlsx_export_write(job, partial, on_progress=progress)
        # Whole or absent: the file takes its name only once it is complete.
        os.replace(partial, path)
        services.export_job_finish(job=job, name=name, size=os.path.getsize(path))
    except Exception as error:
        for leftover in (partial, path):
            if os.path.exists(leftover):
                os.remove(leftover)
        services.export_job_fail(job_id=job_id, error=f"{type(error).__name__}: {error}")
        raise  # the task's row keeps the traceback (admin, "Task results")
