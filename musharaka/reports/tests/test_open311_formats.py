"""Open311 GeoReport v2: discovery, services and service definitions in JSON and XML, errors, language."""

import json

import defusedxml.ElementTree as SafeET
import pytest

from musharaka.reports.models import AttributeType, CategoryAttribute, ServiceCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def benches():
    category = ServiceCategory.objects.create(
        code="test-benches", name_ar="المقاعد العامة", name_en="Public benches", description_ar="مقاعد مكسورة",
        description_en="Broken benches", group_ar="الحدائق", group_en="Parks", keywords="bench,seat", position=90)
    CategoryAttribute.objects.create(category=category, code="material", datatype=AttributeType.SINGLE,
                                     required=True, description_ar="مادة المقعد", description_en="Bench material",
                                     values=[{"key": "wood", "name_ar": "خشب", "name_en": "Wood"},
                                             {"key": "metal", "name_ar": "معدن", "name_en": "Metal"}], position=2)
    CategoryAttribute.objects.create(category=category, code="seats", datatype=AttributeType.NUMBER,
                                     description_ar="عدد المقاعد", description_en="Number of seats", position=1)
    return category


@pytest.fixture
def plain():
    return ServiceCategory.objects.create(code="test-plain", name_ar="أخرى للاختبار", name_en="Other (test)",
                                          position=91)


def _services(client, fmt="json", **headers):
    return client.get(f"/open311/v2/services.{fmt}", **headers)


def test_services_json_names_every_field_in_english_by_default(client, benches, plain):
    response = _services(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    rows = {row["service_code"]: row for row in response.json()}
    assert rows["test-benches"] == {
        "service_code": "test-benches", "service_name": "Public benches", "description": "Broken benches",
        "metadata": True, "type": "realtime", "keywords": "bench,seat", "group": "Parks"}
    assert rows["test-plain"]["metadata"] is False


def test_services_json_in_arabic_by_locale_or_accept_language(client, benches):
    by_locale = {row["service_code"]: row for row in client.get("/open311/v2/services.json?locale=ar_SA").json()}
    by_header = {row["service_code"]: row for row in _services(client, HTTP_ACCEPT_LANGUAGE="ar-SA,ar;q=0.9").json()}
    assert by_locale["test-benches"]["service_name"] == "المقاعد العامة"
    assert by_header["test-benches"]["group"] == "الحدائق"


def test_services_xml_has_the_specifications_tree(client, benches):
    response = _services(client, "xml")
    assert response["Content-Type"].startswith("text/xml")
    root = SafeET.fromstring(response.content)
    assert root.tag == "services"
    service = next(node for node in root.findall("service") if node.findtext("service_code") == "test-benches")
    assert [child.tag for child in service] == ["service_code", "service_name", "description", "metadata", "type",
                                                "keywords", "group"]
    assert service.findtext("metadata") == "true"
    assert service.findtext("type") == "realtime"


def test_service_definition_lists_attributes_in_order_with_values(client, benches):
    response = client.get("/open311/v2/services/test-benches.json")
    assert response.status_code == 200
    data = response.json()
    assert data["service_code"] == "test-benches"
    assert [(a["code"], a["order"], a["datatype"], a["required"], a["variable"]) for a in data["attributes"]] == [
        ("seats", 1, "number", False, True), ("material", 2, "singlevaluelist", True, True)]
    assert data["attributes"][1]["values"] == [{"key": "wood", "name": "Wood"}, {"key": "metal", "name": "Metal"}]
    assert data["attributes"][1]["description"] == "Bench material"


def test_service_definition_xml_matches_the_json(client, benches):
    root = SafeET.fromstring(client.get("/open311/v2/services/test-benches.xml?locale=ar").content)
    assert root.tag == "service_definition"
    attributes = root.find("attributes").findall("attribute")
    assert [a.findtext("code") for a in attributes] == ["seats", "material"]
    values = attributes[1].find("values").findall("value")
    assert [(v.findtext("key"), v.findtext("name")) for v in values] == [("wood", "خشب"), ("metal", "معدن")]
    assert attributes[1].findtext("required") == "true"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_is_a_404_error_list(client, fmt):
    response = client.get(f"/open311/v2/services/no-such-thing.{fmt}")
    assert response.status_code == 404
    if fmt == "json":
        assert response.json() == [{"code": 404, "description": "There is no service with this service_code."}]
    else:
        root = SafeET.fromstring(response.content)
        assert root.tag == "errors"
        assert root.find("error").findtext("code") == "404"


def test_unknown_resource_answers_in_the_format_its_suffix_asks(client):
    assert client.get("/open311/v2/nothing.xml").content.startswith(b"<?xml")
    response = client.get("/open311/v2/nothing.html")
    assert response.status_code == 404
    assert json.loads(response.content)[0]["code"] == 404


def test_discovery_names_the_endpoint_and_its_formats(client):
    data = client.get("/open311/v2/discovery.json").json()
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["formats"] == ["application/json", "text/xml"]
    root = SafeET.fromstring(client.get("/open311/v2/discovery.xml").content)
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints").find("endpoint").find("formats")] == ["application/json",
                                                                                        "text/xml"]


def test_services_read_in_a_fixed_number_of_queries(client, benches, plain, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert client.get("/open311/v2/services.json").status_code == 200


def test_errors_are_translated_when_arabic_is_asked(client):
    response = client.get("/open311/v2/services/none.json?locale=ar")
    assert response.json() == [{"code": 404, "description": "لا توجد خدمة بهذا الرمز service_code."}]
