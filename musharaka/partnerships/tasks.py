"""Background work of partnerships: the daily alerts (see alerts.py), enqueued by `manage.py send_partnership_alerts`."""

from dataclasses import asdict

from django.tasks import task
from django.utils import timezone

from musharaka.core.tasks import retried


# A failed run is simply run again: every alert it sent has its key taken, so a retry sends only the rest.
@retried(attempts=4, backoff=300)
@task()
def partnership_alerts() -> dict:
    from .alerts import send_partnership_alerts

    return asdict(send_partnership_alerts(today=timezone.localdate()))
