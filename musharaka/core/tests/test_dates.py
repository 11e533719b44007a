import datetime

from django.utils import translation

from musharaka.core.dates import dual_date, hijri_date


def test_hijri_date_in_arabic():
    with translation.override("ar"):
        assert hijri_date(datetime.date(2026, 11, 23)).startswith("13 جمادى الآخرة 1448")


def test_hijri_date_in_english():
    with translation.override("en"):
        assert hijri_date(datetime.date(2026, 11, 23)) == "13 Jumada al-Akhirah 1448 AH"


def test_dual_date_shows_both_calendars():
    with translation.override("en"):
        text = dual_date(datetime.date(2025, 3, 1))
    assert "Ramadan 1446" in text
    assert "March 2025" in text


def test_dual_date_outside_hijri_range_shows_gregorian_only():
    with translation.override("en"):
        assert dual_date(datetime.date(1800, 1, 1)) == "1 January 1800"


def test_dual_date_of_nothing_is_empty():
    assert dual_date(None) == ""


def test_dates_kept_per_language_not_shared_between_them():
    day = datetime.date(2026, 11, 23)
    with translation.override("ar"):
        arabic = dual_date(day)
    with translation.override("en"):
        english = dual_date(day)
    with translation.override("ar"):
        assert dual_date(day) == arabic
    assert "جمادى الآخرة" in arabic and "نوفمبر" in arabic
    assert english == "13 Jumada al-Akhirah 1448 AH — 23 November 2026"
