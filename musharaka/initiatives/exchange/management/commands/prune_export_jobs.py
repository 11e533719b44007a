from django.core.management.base import BaseCommand

from musharaka.initiatives.exchange.services import export_jobs_prune


class Command(BaseCommand):
    help = (
        "Mark export jobs whose worker died as failed, and delete expired export jobs with their files "
        "(and stray files under PRIVATE_MEDIA_ROOT/exports). Run it from cron, say hourly."
    )

    def handle(self, *args, **options):
        result = export_jobs_prune()
        self.stdout.write(
            f"{result.stalled} stalled job(s) marked failed, {result.deleted} expired job(s) "
            f"and {result.files} file(s) removed"
        )
