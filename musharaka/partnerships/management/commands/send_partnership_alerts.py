from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Queue today's partnership alerts (agreements entering their notice period, overdue commitments, automatic "
        "renewals) for the background worker. Run it daily from cron; running it twice sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="run the alerts in this process instead of queueing them")

    def handle(self, *, now: bool, verbosity: int, **options):
        if now:
            from musharaka.partnerships.alerts import send_partnership_alerts

            report = send_partnership_alerts(today=timezone.localdate())
            if verbosity:
                self.stdout.write(f"{report.notices} notice period(s), {report.overdue} overdue commitment(s), "
                                  f"{report.renewed} automatic renewal(s); {report.notifications} notification(s)")
            return
        from musharaka.partnerships.tasks import partnership_alerts

        result = partnership_alerts.enqueue()
        if verbosity:
            self.stdout.write(f"partnership alerts queued (task {result.id})")
