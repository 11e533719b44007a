"""Tell people what concerns them: an in-app notification and an e-mail, after the change commits.

The e-mail is a background task (notifications.tasks): a mail server that is down neither slows nor
breaks the change that was saved, and the task is retried before it is recorded as failed.
"""

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation

from musharaka.core.tasks import enqueue_with_transaction

from .models import Notification
from .tasks import send_notification_mail


def notify(*, users: Iterable, title_for, body_for=None, url: str = "") -> int:
    """Notify each distinct active user once, each in their own preferred language.

    `title_for` and `body_for` are callables evaluated with that language active, so the
    message reads naturally for every recipient. Mail goes out only when the transaction commits.
    """
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    notifications, mails = [], []
    for user in recipients.values():
        with translation.override(getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE):
            title = str(title_for())
            body = str(body_for()) if body_for else ""
        notifications.append(Notification(user=user, title=title[:300], body=body, url=url))
        if user.email:
            # A line break in a subject is refused by the mail library: the title may come from user input.
            subject = " ".join(title.split())[:300]
            mails.append({"subject": subject, "body": f"{body}\n\n{url}".strip(), "to": user.email})
    Notification.objects.bulk_create(notifications)
    for mail in mails:
        enqueue_with_transaction(send_notification_mail, **mail)
    return len(notifications)


def notifications_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    from django.utils import timezone

    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    return queryset.update(read_at=timezone.now())
