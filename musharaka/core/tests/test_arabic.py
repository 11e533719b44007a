import pytest

from musharaka.core.arabic import normalize, normalize_light, tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أمانة", "امانه"),
        ("إمارة", "اماره"),
        ("آمال", "امال"),
        ("ٱلله", "الله"),
        ("مستشفى", "مستشفي"),
        ("مبادرة", "مبادره"),
        ("التنمـــــية", "التنميه"),  # tatweel
        ("المُبَادَرَةُ", "المبادره"),  # harakat
        ("مُشارَكةٌ مُجْتَمَعِيَّةٌ", "مشاركه مجتمعيه"),  # tanween, shadda, sukun
        ("عام ٢٠٢٦", "عام 2026"),  # Arabic-Indic digits
        ("عام ۱۴۴۸", "عام 1448"),  # Eastern Arabic-Indic (Persian) digits
        ("ﻻ", "لا"),  # presentation form
        ("Community  PARTICIPATION", "community participation"),
        ("جمعية\u200f البر\u202e", "جمعيه البر"),  # bidi controls removed
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_folds_arabic_variants(text, expected):
    assert normalize(text) == expected


def test_normalize_light_keeps_ta_marbuta_for_the_stemmer():
    assert normalize_light("المُبادَرةُ الأولى") == "المبادرة الاولي"


def test_normalize_removes_punctuation_and_collapses_spaces():
    assert normalize("«ملتقى   التنمية» ، (٢٠٢٦)!") == "ملتقي التنميه 2026"


def test_tokens_are_unique_and_ordered():
    assert tokens("أمانة امانه منطقة الرياض") == ["امانه", "منطقه", "الرياض"]


def test_every_alef_form_meets_the_same_query():
    variants = ["أمانة", "إمانة", "آمانة", "امانة", "أمانه", "أَمَانَة", "أمـانـة"]
    assert {normalize(v) for v in variants} == {"امانه"}
