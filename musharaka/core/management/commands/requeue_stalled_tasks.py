from datetime import timedelta

from django.core.management.base import BaseCommand

from musharaka.core.tasks import requeue_stalled


class Command(BaseCommand):
    help = (
        "Put back on the queue the background tasks whose worker died while running them (RUNNING for "
        "longer than --older-than seconds). Run it from cron, with a limit longer than any task takes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=float, default=3600.0, help="seconds (default 3600)")

    def handle(self, *, older_than: float, verbosity: int, **options):
        ids = requeue_stalled(older_than=timedelta(seconds=max(older_than, 0.0)))
        if verbosity:
            self.stdout.write(f"{len(ids)} stalled task(s) requeued")
