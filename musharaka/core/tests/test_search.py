"""core.search on both databases: inflected forms, exact words first, the bounded candidate set.

Records here are auth groups (any model with a primary key will do), indexed under their own kind.
"""

import pytest
from django.contrib.auth.models import Group

from musharaka.core import search

KIND = "test.group"


@pytest.fixture
def indexed(db):
    def make(*texts: str) -> list[Group]:
        groups = [Group.objects.create(name=f"g{index}-{text}"[:150]) for index, text in enumerate(texts)]
        search.index_many(KIND, [(group.pk, [text]) for group, text in zip(groups, texts, strict=True)])
        return groups

    return make


def found(query: str) -> list[int]:
    return list(search.search(Group.objects.all(), kind=KIND, query=query).values_list("pk", flat=True))


# (query, a document it must find): sound and broken plurals, the article, hamza and madda spellings.
INFLECTED = [
    ("مبادرة", "إطلاق المبادرات التطوعية"),
    ("متطوع", "تكريم المتطوعين في الحي"),
    ("شراكة", "توقيع الشراكات مع القطاع الخاص"),
    ("ورشة", "ورش عمل للشباب"),
    ("منشأة", "دعم المنشآت الصغيرة"),
    ("المنشآت", "تأسيس منشأة ناشئة"),
    ("مدرسة", "ترشيد المياه في المدارس"),
    ("حي", "تشجير الأحياء السكنية"),
    ("الورش", "ورشة تدريبية"),
    ("جمعيات", "بناء قدرات الجمعية"),
]


@pytest.mark.parametrize(("query", "document"), INFLECTED)
def test_search_finds_inflected_forms(indexed, query, document):
    target, _other = indexed(document, "زيارة المستشفى الجامعي")
    assert found(query) == [target.pk]
    assert list(search.matching(Group.objects.all(), kind=KIND, query=query).values_list("pk", flat=True)) == [
        target.pk
    ]


def test_search_ranks_the_word_as_written_before_its_inflections(indexed):
    plural, singular = indexed("ورش العمل في الحي", "ورشة العمل في الحي")
    assert found("ورشة") == [singular.pk, plural.pk]
    assert found("ورش") == [plural.pk, singular.pk]


def test_search_needs_every_word(indexed):
    both, _one = indexed("تشجير الأحياء السكنية", "تشجير الشوارع")
    assert found("تشجير حي") == [both.pk]


def test_search_keeps_other_kinds_apart(indexed):
    (group,) = indexed("مبادرة الحي")
    search.index("other.kind", group.pk, "مبادرة الحي")
    search.unindex(KIND, group.pk)
    assert found("مبادرة") == []


def test_search_sees_a_record_indexed_after_the_same_query(indexed):
    indexed("تشجير الشوارع")
    assert len(found("تشجير")) == 1
    indexed("تشجير الحدائق")
    assert len(found("تشجير")) == 2  # the candidates cached for the first answer are not reused


def test_search_considers_at_most_the_candidates_and_says_so(indexed, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 3)
    exact = indexed("مبادرة", "مبادرات", "المبادرات", "مبادرة الحي", "مبادرة الشباب")
    assert search.is_capped(kind=KIND, query="مبادرة")
    ranked = found("مبادرة")
    assert len(ranked) == 3
    assert exact[1].pk not in ranked and exact[2].pk not in ranked  # the words as written first
    assert search.matching(Group.objects.all(), kind=KIND, query="مبادرة").count() == 3
    assert not search.is_capped(kind=KIND, query="الشباب")


def test_search_on_sqlite_ranks_the_newest_matches_of_a_very_common_word(indexed, monkeypatch):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's bounded ranking window")
    monkeypatch.setattr(search, "CANDIDATES", 2)
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    groups = indexed("مبادرة الحي", "مبادرة", "مبادرة الشباب في الحي", "مبادرة في الحي الشمالي", "مبادرة الشباب")
    ranked = found("مبادرة")
    assert search.is_capped(kind=KIND, query="مبادرة")
    assert len(ranked) == 2 and set(ranked) <= {group.pk for group in groups[2:]}  # among the newest three
    assert ranked == [groups[4].pk, groups[2].pk]  # the shortest of them first (bm25); groups[1], older, is out


def test_search_of_nothing_leaves_the_queryset(indexed):
    indexed("مبادرة")
    assert search.search(Group.objects.all(), kind=KIND, query=" ، ").count() == 1
    assert not search.is_capped(kind=KIND, query="")


def test_search_on_postgresql_falls_back_to_trigrams_for_a_misspelling(indexed):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the trigram fallback is PostgreSQL's (SQLite has no fuzzy matching)")
    target, _other = indexed("الاستدامة المالية للجمعيات", "زيارة المستشفى")
    assert found("الاستدامه") == [target.pk]
    assert found("استتدامة") == [target.pk]  # one letter too many: no word or stem matches
