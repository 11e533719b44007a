"""Tell people what concerns them: an in-app notification and an e-mail, after the change commits."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import translation

from .models import Notification

logger = logging.getLogger(__name__)


def _send_mails(mails: list) -> None:
    """Send after commit; a mail server that is down must not undo or break the change that was saved."""
    try:
        send_mass_mail(mails)
    except Exception:
        logger.exception("Could not send %d notification e-mails", len(mails))


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
            mails.append((title, f"{body}\n\n{url}".strip(), None, [user.email]))
    Notification.objects.bulk_create(notifications)
    if mails:
        transaction.on_commit(lambda: _send_mails(mails))
    return len(notifications)


def notifications_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    from django.utils import timezone

    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    return queryset.update(read_at=timezone.now())
