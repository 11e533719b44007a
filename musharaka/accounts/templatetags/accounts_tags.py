from datetime import timedelta

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def in_minutes(value: timedelta | None) -> int:
    """Whole minutes of a duration (the lockout's cool-off time by default)."""
    value = value or getattr(settings, "AXES_COOLOFF_TIME", None) or timedelta(minutes=15)
    return int(value.total_seconds() // 60)
