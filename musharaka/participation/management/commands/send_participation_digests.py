import datetime

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Queue the participation digests of a day (yesterday by default) for the background worker: one in-app "
        "notification and at most one e-mail per person who follows something that moved. Run it daily from cron; "
        "running it twice, or twice at once, sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day the digests cover (YYYY-MM-DD); yesterday by default")
        parser.add_argument("--now", action="store_true", help="send the digests in this process instead of queueing")

    def handle(self, *, date: str | None, now: bool, verbosity: int, **options):
        from musharaka.participation.moderation_tasks import yesterday

        try:
            period = datetime.date.fromisoformat(date) if date else yesterday()
        except ValueError:
            raise CommandError("--date takes a day as YYYY-MM-DD") from None
        if now:
            from musharaka.participation.moderation_digests import send_digests

            report = send_digests(period=period)
            if verbosity:
                self.stdout.write(f"{period}: {report.phases} phase(s) started, {report.people} digest(s), "
                                  f"{report.emails} e-mail(s)")
            return
        from musharaka.participation.moderation_tasks import participation_digests

        result = participation_digests.enqueue(period.isoformat())
        if verbosity:
            self.stdout.write(f"participation digests of {period} queued (task {result.id})")
