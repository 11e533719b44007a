import pytest

from musharaka.taxonomy.models import GlossaryTerm


def test_axes_list_has_envelope_and_all_six(client, db):
    body = client.get("/api/v1/taxonomy/axes").json()
    assert (body["count"], body["page"], body["page_size"]) == (6, 1, 100)
    first = body["results"][0]
    assert set(first) >= {"id", "code", "name_ar", "name_en", "name", "description"}
    assert first["code"] == "sustainability" and first["name"] == "الاستدامة والتنمية المحلية"


def test_axes_names_follow_accept_language(client, db):
    body = client.get("/api/v1/taxonomy/axes", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["results"][0]["name"] == "Sustainability and local development"
    assert body["results"][0]["description"].startswith("Initiatives")


def test_sdgs_list_codes_are_goal_numbers(client, db):
    body = client.get("/api/v1/taxonomy/sdgs").json()
    assert body["count"] == 17 and len(body["results"]) == 17
    assert [item["code"] for item in body["results"]] == [str(n) for n in range(1, 18)]
    assert body["results"][3]["name"] == "التعليم الجيد"


def test_sdgs_second_page(client, db):
    body = client.get("/api/v1/taxonomy/sdgs", {"page": 2, "page_size": 10}).json()
    assert body["count"] == 17 and [item["number"] for item in body["results"]] == list(range(11, 18))


def test_target_groups_in_english(client, db):
    body = client.get("/api/v1/taxonomy/target-groups", HTTP_ACCEPT_LANGUAGE="en").json()
    names = {item["code"]: item["name"] for item in body["results"]}
    assert names["youth"] == "Youth" and names["civil-associations"] == "Civil associations"


def test_glossary_default_page_size_is_20(client, db):
    body = client.get("/api/v1/taxonomy/glossary").json()
    assert body["page_size"] == 20 and body["count"] == GlossaryTerm.objects.count()
    assert len(body["results"]) == 20
    assert set(body["results"][0]) >= {"id", "code", "term_ar", "term_en", "name", "definition"}


@pytest.mark.parametrize(
    "query",
    [
        "المشاركة المجتمعية",
        "المشاركه المجتمعيه",  # ta marbuta typed as ha
        "المُشارَكَة المُجتَمَعِيَّة",  # with harakat
        "مشاركة مجتمعية",  # without the article
        "community participation",
    ],
)
def test_glossary_search_finds_community_participation(client, db, query):
    body = client.get("/api/v1/taxonomy/glossary", {"q": query}).json()
    assert body["results"][0]["code"] == "community-participation"


def test_glossary_search_without_match_is_empty(client, db):
    body = client.get("/api/v1/taxonomy/glossary", {"q": "كلمةغيرموجودة"}).json()
    assert body["count"] == 0 and body["results"] == []


def test_glossary_detail_by_code(client, db):
    body = client.get("/api/v1/taxonomy/glossary/sroi", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["term_ar"] == "العائد الاجتماعي على الاستثمار"
    assert body["name"] == "Social return on investment (SROI)"
    assert "deadweight" in body["definition"]


def test_glossary_detail_unknown_code_is_404(client, db):
    response = client.get("/api/v1/taxonomy/glossary/no-such-term")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/taxonomy/glossary", {"page": 0}),
        ("/api/v1/taxonomy/glossary", {"page_size": 101}),
        ("/api/v1/taxonomy/glossary", {"page_size": "many"}),
        ("/api/v1/taxonomy/glossary", {"q": "ا" * 101}),
        ("/api/v1/taxonomy/axes", {"page": -1}),
        ("/api/v1/taxonomy/sdgs", {"page_size": 0}),
        ("/api/v1/taxonomy/target-groups", {"page_size": 1000}),
    ],
)
def test_invalid_list_params_are_422(client, db, url, params):
    response = client.get(url, params)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/taxonomy/axes", {}),
        ("/api/v1/taxonomy/sdgs", {}),
        ("/api/v1/taxonomy/target-groups", {}),
        ("/api/v1/taxonomy/glossary", {"page_size": 100}),
        ("/api/v1/taxonomy/glossary", {"q": "المشاركة"}),
    ],
)
def test_lists_take_two_queries(client, db, django_assert_num_queries, url, params):
    # A search first reads its candidates (cached per version of the index), on both databases.
    probe = 1 if params.get("q") else 0
    with django_assert_num_queries(2 + probe):
        response = client.get(url, params)
    assert response.status_code == 200
