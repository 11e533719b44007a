"""/api/v1/reports: the categories and the Open311 API keys operations."""

import pytest

from musharaka.reports import keys
from musharaka.reports.models import AttributeType, CategoryAttribute, ServiceCategory

pytestmark = pytest.mark.django_db


def test_categories_list_with_their_attributes(client):
    category = ServiceCategory.objects.create(code="test-signs", name_ar="اللوحات", name_en="Signs", position=95)
    CategoryAttribute.objects.create(category=category, code="kind", datatype=AttributeType.SINGLE,
                                     description_ar="النوع", description_en="Kind",
                                     values=[{"key": "street", "name_ar": "شارع", "name_en": "Street"}])
    rows = {row["code"]: row for row in client.get("/api/v1/reports/categories", HTTP_ACCEPT_LANGUAGE="en").json()}
    assert rows["test-signs"]["name"] == "Signs"
    assert rows["test-signs"]["attributes"] == [{
        "code": "kind", "datatype": "singlevaluelist", "required": False, "description": "Kind",
        "description_ar": "النوع", "description_en": "Kind", "values": [{"key": "street", "name": "Street"}]}]


def test_api_key_issue_answers_the_key_once(client_for, platform_admin, make_org):
    organization = make_org()
    client = client_for(platform_admin)
    response = client.post("/api/v1/reports/api-keys", {"organization_id": organization.pk, "label": "app"},
                           content_type="application/json")
    assert response.status_code == 201
    raw = response.json()["key"]
    assert keys.api_key_check(raw).organization == organization
    listed = client.get("/api/v1/reports/api-keys").json()
    assert [row["id"] for row in listed] == [response.json()["id"]]
    assert "key" not in listed[0]


def test_api_key_issue_refused_to_an_organisation_admin(client_for, make_org, make_member):
    organization = make_org()
    response = client_for(make_member(organization, "admin")).post(
        "/api/v1/reports/api-keys", {"organization_id": organization.pk, "label": "app"},
        content_type="application/json")
    assert response.status_code == 403


def test_api_key_issue_unknown_organisation_is_a_422(client_for, platform_admin):
    response = client_for(platform_admin).post("/api/v1/reports/api-keys", {"organization_id": 10**9, "label": "a"},
                                               content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_reference"


def test_api_key_revoke_then_again_is_a_409(client_for, platform_admin, make_org):
    key, _raw = keys.api_key_issue(actor=platform_admin, organization=make_org(), label="app")
    client = client_for(platform_admin)
    first = client.post(f"/api/v1/reports/api-keys/{key.pk}/revoke")
    assert first.status_code == 200
    assert first.json()["revoked_at"]
    assert client.post(f"/api/v1/reports/api-keys/{key.pk}/revoke").json()["code"] == "already_revoked"
