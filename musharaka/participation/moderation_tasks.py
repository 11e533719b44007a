"""Background work of the moderation part: the daily digests (see moderation_digests.py), queued from cron by
`manage.py send_participation_digests`."""

import datetime
from dataclasses import asdict

from django.tasks import task
from django.utils import timezone

from musharaka.core.tasks import retried


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


# A failed run is simply run again: every digest it sent holds its DigestDelivery row, so a retry sends the rest.
@retried(attempts=4, backoff=300)
@task()
def participation_digests(period: str | None = None) -> dict:
    from .moderation_digests import send_digests

    day = datetime.date.fromisoformat(period) if period else yesterday()
    return asdict(send_digests(period=day))
