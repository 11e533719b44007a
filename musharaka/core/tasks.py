"""Background tasks that are retried with backoff, then recorded as failed: never silently lost.

Django's task framework runs a task once. With the database backend (django-tasks-db) each task is
a row of `DBTaskResult`; the worker marks it RUNNING (appending its id to `worker_ids`, so
`attempts == len(worker_ids)`), then SUCCESSFUL or FAILED with the exception and traceback. A task
decorated with `retried` is put back on the queue after a failed attempt: the same row returns to
READY with `run_after` pushed back (30 s, 60 s, 120 s … by default), keeping the last error, until
its attempts are used up; then it stays FAILED with that error, visible in the admin, and an error
is logged. A backend that keeps no rows (the immediate backend of the test suite) is not retried;
its failures are logged.

    @retried(attempts=5, backoff=30)
    @task()
    def send_something(*, ...): ...

    enqueue_with_transaction(send_something, ...)   # exists exactly when the change commits
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.dispatch import receiver
from django.tasks import Task, TaskResultStatus
from django.tasks.signals import task_finished
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5  # in all, the first one included
    backoff: float = 30.0  # seconds before the second attempt; doubled before each later one
    max_backoff: float = 3600.0

    def delay(self, failed_attempt: int) -> timedelta:
        return timedelta(seconds=min(self.backoff * 2 ** (failed_attempt - 1), self.max_backoff))


_POLICIES: dict[str, RetryPolicy] = {}


def retried(*, attempts: int = 5, backoff: float = 30.0, max_backoff: float = 3600.0) -> Callable[[Task], Task]:
    """Give a task (put this above `@task()`) a retry policy."""
    if attempts < 1 or backoff < 0 or max_backoff < 0:
        raise ValueError("attempts must be at least 1 and the delays not negative")

    def decorate(task_object: Task) -> Task:
        _POLICIES[task_object.module_path] = RetryPolicy(attempts=attempts, backoff=backoff, max_backoff=max_backoff)
        return task_object

    return decorate


def retry_policy(task_object: Task) -> RetryPolicy | None:
    return _POLICIES.get(task_object.module_path)


def enqueue_with_transaction(task_object: Task, *args: Any, **kwargs: Any) -> None:
    """Enqueue so that the task exists exactly when the surrounding change is committed.

    The database backend writes its row inside the current transaction: committed together with the
    change (a crash right after the commit cannot lose it), rolled back with it, and invisible to the
    worker until then. Any other backend (immediate, a broker) is handed the task on commit.
    """
    from django_tasks_db.backend import DatabaseBackend

    if isinstance(task_object.get_backend(), DatabaseBackend):
        task_object.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task_object.enqueue(*args, **kwargs))


@receiver(task_finished)
def _retry_after_failure(sender, task_result, **kwargs) -> None:
    """Put a failed attempt back on the queue while its policy allows; log the final failure."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    policy = _POLICIES.get(task_result.task.module_path)
    if policy is None:
        return
    error = task_result.errors[-1].exception_class_path if task_result.errors else "unknown error"
    attempt = task_result.attempts
    db_result = getattr(task_result, "db_result", None)
    if db_result is None or attempt >= policy.attempts:
        logger.error("Task %s (%s) failed for good after %d attempt(s): %s",
                     task_result.id, task_result.task.module_path, attempt, error)
        return
    run_after = timezone.now() + policy.delay(attempt)
    try:
        # Only a row still FAILED goes back: never one that another worker has picked up meanwhile.
        type(db_result).objects.filter(pk=db_result.pk, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY, run_after=run_after, finished_at=None
        )
    except Exception:
        # The worker must go on; the row stays FAILED with its error, so the task is not lost.
        logger.exception("Task %s (%s) failed and could not be put back on the queue",
                         task_result.id, task_result.task.module_path)
        return
    logger.warning("Task %s (%s) attempt %d of %d failed (%s); retrying after %s",
                   task_result.id, task_result.task.module_path, attempt, policy.attempts, error, run_after.isoformat())


def requeue_stalled(*, older_than: timedelta) -> list[str]:
    """Put back on the queue the tasks RUNNING for longer than `older_than`: their worker died.

    django-tasks-db keeps no heartbeat: a worker killed mid-task (SIGKILL, power loss) leaves its
    task RUNNING for ever, visible but not retried. Choose `older_than` longer than any task can take,
    or a task still running on a live worker would run twice. The ids of the tasks requeued.
    """
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - older_than
    stalled = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    ids = [str(pk) for pk in stalled.values_list("pk", flat=True)]
    if ids:
        DBTaskResult.objects.filter(pk__in=ids, status=TaskResultStatus.RUNNING).update(status=TaskResultStatus.READY)
        logger.warning("Requeued %d stalled task(s) that were running since before %s: %s",
                       len(ids), cutoff.isoformat(), ", ".join(ids))
    return ids
