"""Hijri (Umm al-Qura) and Gregorian dates side by side."""

import datetime

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from hijridate import Gregorian

HIJRI_MONTHS_AR = (
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
    "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
)
HIJRI_MONTHS_EN = (
    "Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Thani", "Jumada al-Ula", "Jumada al-Akhirah",
    "Rajab", "Shaban", "Ramadan", "Shawwal", "Dhu al-Qadah", "Dhu al-Hijjah",
)


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def hijri_date(value: datetime.date | datetime.datetime) -> str:
    """"5 Jumada al-Ula 1448 AH" in the active language; empty outside the Umm al-Qura range."""
    day = _as_date(value)
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    arabic = (get_language() or "ar").startswith("ar")
    month = (HIJRI_MONTHS_AR if arabic else HIJRI_MONTHS_EN)[hijri.month - 1]
    era = _("AH")  # outside the f-string, so that makemessages sees it
    return f"{hijri.day} {month} {hijri.year} {era}"


def dual_date(value: datetime.date | datetime.datetime | None) -> str:
    """Hijri and Gregorian together, as people in the region expect on official records."""
    if not value:
        return ""
    day = _as_date(value)
    gregorian = formats.date_format(day, "j F Y")
    hijri = hijri_date(day)
    return f"{hijri} — {gregorian}" if hijri else gregorian
