"""Hijri (Umm al-Qura) and Gregorian dates side by side."""

import datetime
from functools import lru_cache

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
    return _hijri_text(_as_date(value), get_language() or "ar")


def dual_date(value: datetime.date | datetime.datetime | None) -> str:
    """Hijri and Gregorian together, as people in the region expect on official records."""
    if not value:
        return ""
    return _dual_text(_as_date(value), get_language() or "ar")


# A list page shows the same few dates many times: the texts are kept per (day, language). The language is in
# the key because both functions read it (month names, "AH", Django's date format).
@lru_cache(maxsize=8192)
def _hijri_text(day: datetime.date, language: str) -> str:
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    month = (HIJRI_MONTHS_AR if language.startswith("ar") else HIJRI_MONTHS_EN)[hijri.month - 1]
    era = _("AH")  # outside the f-string, so that makemessages sees it
    return f"{hijri.day} {month} {hijri.year} {era}"


@lru_cache(maxsize=8192)
def _dual_text(day: datetime.date, language: str) -> str:
    gregorian = formats.date_format(day, "j F Y")
    hijri = _hijri_text(day, language)
    return f"{hijri} — {gregorian}" if hijri else gregorian
