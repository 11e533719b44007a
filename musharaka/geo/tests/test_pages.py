def test_regions_page_lists_countries_regions_and_cities(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/geo/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("السعودية", "المنطقة الشرقية", "SA-04", "حفر الباطن", "سوريا", "ريف دمشق", "دير الزور"):
        assert text in html


def test_regions_page_in_english(client, db):
    html = client.get("/en/geo/").content.decode()
    assert "Eastern Province" in html and "Deir ez-Zor" in html
