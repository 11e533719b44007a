"""Background work of initiatives: their similar lists, computed by the worker, never in a request."""

from django.tasks import task

from musharaka.core.tasks import retried


@retried(attempts=3, backoff=60)
@task()
def compute_similar(*, initiative_id: int) -> None:
    """Store the initiative's similar initiatives (selectors.similar_ids); a deleted one is skipped."""
    from .selectors import store_similar

    store_similar(initiative_id=initiative_id)
