import pytest

from musharaka.core import arabic
from musharaka.core.arabic import (
    BROKEN_PLURALS,
    normalize,
    normalize_light,
    query_terms,
    search_document,
    search_stems_from_light,
    strip_article,
    tokens,
    word_stems,
)


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


def test_tokens_are_unique_ordered_and_without_article():
    assert tokens("أمانة امانه منطقة الرياض") == ["امانه", "منطقه", "رياض"]


@pytest.mark.parametrize(
    ("word", "stem"),
    [("المشاركه", "مشاركه"), ("والتنميه", "تنميه"), ("بالمدينه", "مدينه"), ("للتنميه", "تنميه"),
     ("الله", "الله"), ("الي", "الي"), ("مشاركه", "مشاركه")],
)
def test_strip_article(word, stem):
    assert strip_article(word) == stem


def test_search_document_adds_words_without_their_article():
    assert search_document("المشاركة المجتمعية في التنمية") == "المشاركه المجتمعيه في التنميه تنميه مجتمعيه مشاركه"


def test_every_alef_form_meets_the_same_query():
    variants = ["أمانة", "إمانة", "آمانة", "امانة", "أمانه", "أَمَانَة", "أمـانـة"]
    assert {normalize(v) for v in variants} == {"امانه"}


@pytest.mark.parametrize(
    ("word", "inflected"),
    [("مبادرة", "المبادرات"), ("مبادرة", "مبادرات"), ("متطوع", "المتطوعين"), ("شراكة", "الشراكات"), ("ورشة", "ورش"),
     ("منشأة", "المنشآت"), ("منشأة", "منشات"), ("جمعية", "جمعيات"), ("تنمية", "والتنمية"), ("مشاركة", "بمشاركة")],
)
def test_word_stems_meet_across_inflections(word, inflected):
    assert set(word_stems(normalize_light(word))) & set(word_stems(normalize_light(inflected)))


def test_word_stems_keep_unrelated_words_apart():
    assert not set(word_stems(normalize_light("مبادرة"))) & set(word_stems(normalize_light("شراكة")))


@pytest.mark.parametrize(("plural", "singular"), list(BROKEN_PLURALS.items()))
def test_broken_plurals_meet_their_singular_only_through_the_table(plural, singular, monkeypatch):
    assert set(word_stems(normalize_light(plural))) & set(word_stems(normalize_light(singular)))
    # Without its entry the stemmer leaves them apart: the table holds no entry it does not need.
    monkeypatch.setattr(arabic, "_SINGULAR", {})
    word_stems.cache_clear()
    try:
        assert not set(word_stems(normalize_light(plural))) & set(word_stems(normalize_light(singular)))
    finally:
        word_stems.cache_clear()


def test_query_terms_carry_the_stems_of_each_word():
    assert query_terms("المبادرات مبادرات") == [("مبادرات", ("مبادر",))]
    assert search_stems_from_light(normalize_light("ورش الورش")) == "ورش ورش"
