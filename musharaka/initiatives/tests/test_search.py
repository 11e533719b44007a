"""Searching initiatives: inflected forms, and the count past the search's cap (API and catalogue)."""

import pytest

from musharaka.core import search


@pytest.fixture
def published(make_initiative):
    def make(*titles: str):
        return [make_initiative(status="approved", title_ar=title, summary_ar="") for title in titles]

    return make


def test_api_search_finds_plurals_and_singulars(client, published):
    plural, singular, _other = published("ورش المتطوعين في الأحياء", "ورشة متطوع في حي الملز", "زيارة المستشفى")
    for query in ("ورشة متطوع", "الورش المتطوعين", "حي"):
        ids = {row["id"] for row in client.get("/api/v1/initiatives", {"q": query}).json()["results"]}
        assert ids == {plural.pk, singular.pk}, query


def test_api_and_catalogue_say_more_than_past_the_cap(client, published, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 2)
    published("مبادرة الحي الأولى", "مبادرة الحي الثانية", "مبادرة الحي الثالثة")
    body = client.get("/api/v1/initiatives", {"q": "مبادرة"}).json()
    assert (body["count"], len(body["results"]), body["count_is_lower_bound"]) == (2, 2, True)
    assert client.get("/api/v1/initiatives").json()["count_is_lower_bound"] is False
    assert "أكثر من مبادرتين" in client.get("/initiatives/", {"q": "مبادرة"}).text
    assert "More than 2 initiatives" in client.get("/en/initiatives/", {"q": "مبادرة"}).text
