"""Reads of notifications: a person's list, unread first, and their unread count."""

from django.db.models import F, QuerySet

from .models import Notification


def notification_list(*, user, unread: bool | None = None) -> QuerySet[Notification]:
    queryset = Notification.objects.filter(user=user)
    if unread is not None:
        queryset = queryset.filter(read_at__isnull=unread)
    return queryset.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-pk")


def unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
