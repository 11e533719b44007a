import pytest

from musharaka.geo.models import City, Region


@pytest.fixture
def riyadh(db):
    return City.objects.get(region__code="SA-01", name_ar="الرياض")


def test_countries_list_has_envelope(client, db):
    body = client.get("/api/v1/geo/countries").json()
    assert body["count"] == 2 and body["page"] == 1 and body["page_size"] == 100
    assert {item["code"] for item in body["results"]} == {"SA", "SY"}
    assert set(body["results"][0]) >= {"id", "code", "name_ar", "name_en", "name"}


def test_regions_list_returns_all_in_one_page(client, db):
    body = client.get("/api/v1/geo/regions").json()
    assert body["count"] == 27 and len(body["results"]) == 27


def test_regions_filter_by_country(client, db):
    body = client.get("/api/v1/geo/regions", {"country": "sy"}).json()
    assert body["count"] == 14
    assert {item["country"] for item in body["results"]} == {"SY"}
    assert {item["kind"] for item in body["results"]} == {"governorate"}


def test_regions_names_follow_accept_language(client, db):
    arabic = client.get("/api/v1/geo/regions", {"country": "SA"}, HTTP_ACCEPT_LANGUAGE="ar").json()
    english = client.get("/api/v1/geo/regions", {"country": "SA"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert arabic["results"][0]["name"] == "الرياض"
    assert english["results"][0]["name"] == "Riyadh"


def test_region_detail_includes_country_and_cities(client, region, django_assert_num_queries):
    with django_assert_num_queries(2):
        body = client.get(f"/api/v1/geo/regions/{region.pk}").json()
    assert body["code"] == "SA-01" and body["country"] == "SA" and body["country_name"] == "السعودية"
    assert "الخرج" in {city["name_ar"] for city in body["cities"]}


def test_region_detail_unknown_is_404_json(client, db):
    response = client.get("/api/v1/geo/regions/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_cities_filter_by_region(client, other_region):
    body = client.get("/api/v1/geo/cities", {"region": other_region.pk}).json()
    assert body["page_size"] == 20
    assert {item["region_id"] for item in body["results"]} == {other_region.pk}
    assert {"جدة", "الطائف"} <= {item["name_ar"] for item in body["results"]}


@pytest.mark.parametrize("query", ["مكه", "مَكَّة", "makkah", "المكرمة"])
def test_cities_search_is_arabic_normalised(client, db, query):
    body = client.get("/api/v1/geo/cities", {"q": query}).json()
    assert [item["name_ar"] for item in body["results"]] == ["مكة المكرمة"]


def test_cities_search_folds_hamza(client, db):
    body = client.get("/api/v1/geo/cities", {"q": "ابها"}).json()
    assert [item["name_en"] for item in body["results"]] == ["Abha"]


def test_cities_coordinates_are_numbers(client, riyadh):
    body = client.get("/api/v1/geo/cities", {"q": "الرياض"}).json()
    item = next(item for item in body["results"] if item["id"] == riyadh.pk)
    assert item["latitude"] == pytest.approx(24.7136) and item["longitude"] == pytest.approx(46.6753)


def test_cities_pagination_pages_through_all(client, db):
    total = City.objects.count()
    first = client.get("/api/v1/geo/cities", {"page_size": 50}).json()
    last = client.get("/api/v1/geo/cities", {"page_size": 50, "page": 3}).json()
    assert first["count"] == total and len(first["results"]) == 50
    assert last["page"] == 3 and len(last["results"]) == total - 100


def test_cities_page_past_the_end_is_empty(client, db):
    body = client.get("/api/v1/geo/cities", {"page": 99}).json()
    assert body["results"] == [] and body["count"] == City.objects.count()


@pytest.mark.parametrize(
    "params",
    [{"page": 0}, {"page": "x"}, {"page_size": 0}, {"page_size": 101}, {"region": "riyadh"}],
)
def test_cities_invalid_params_are_422(client, db, params):
    response = client.get("/api/v1/geo/cities", params)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid" and response.json()["detail"]


def test_regions_page_size_over_100_is_422(client, db):
    assert client.get("/api/v1/geo/regions", {"page_size": 500}).status_code == 422


def test_neighbourhoods_filter_by_city(client, riyadh):
    body = client.get("/api/v1/geo/neighbourhoods", {"city": riyadh.pk}).json()
    assert body["count"] >= 5
    assert {item["city_id"] for item in body["results"]} == {riyadh.pk}
    assert "العليا" in {item["name_ar"] for item in body["results"]}


@pytest.mark.parametrize(
    ("url", "params", "queries"),
    [
        ("/api/v1/geo/countries", {}, 2),
        ("/api/v1/geo/regions", {}, 2),
        ("/api/v1/geo/cities", {}, 2),
        ("/api/v1/geo/cities", {"q": "مكة"}, 3),
        ("/api/v1/geo/neighbourhoods", {}, 2),
    ],
)
def test_lists_query_count_is_constant(client, db, django_assert_num_queries, url, params, queries):
    with django_assert_num_queries(queries):
        response = client.get(url, {"page_size": 100, **params})
    assert response.status_code == 200


def test_region_kinds_are_in_model(db):
    assert Region.objects.filter(kind=Region.Kind.GOVERNORATE).count() == 14
