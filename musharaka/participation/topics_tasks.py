"""Background work of the topic summary: rebuilt by the worker, never in a request."""

from django.tasks import task

from musharaka.core.tasks import retried


@retried(attempts=3, backoff=60)
@task()
def refresh_topics(*, process_id: int, force: bool = False) -> None:
    """Rebuild the process's topic summary if its input changed (or if forced); a deleted process is skipped."""
    from .models import Process
    from .topics import topics_refresh

    process = Process.objects.filter(pk=process_id).first()
    if process is not None:
        topics_refresh(process, force=force)
