"""Notification e-mail, sent by the background worker (`manage.py db_worker`) and retried when it fails."""

from django.core.mail import send_mail
from django.tasks import task

from musharaka.core.tasks import retried

# Six attempts over about half an hour (1, 2, 4, 8, 16 minutes apart): a mail server that is down
# for a while delays the mail; one that stays down leaves the task FAILED with its error.
MAIL_ATTEMPTS = 6
MAIL_BACKOFF_SECONDS = 60


@retried(attempts=MAIL_ATTEMPTS, backoff=MAIL_BACKOFF_SECONDS)
@task()
def send_notification_mail(*, subject: str, body: str, to: str) -> None:
    """One message per recipient, so that a retry never sends again to someone who already has it."""
    send_mail(subject, body, None, [to])
