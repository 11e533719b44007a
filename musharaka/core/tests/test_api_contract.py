"""The OpenAPI document tells the truth: schema names are not shared, every error answer is declared,
and bodies Django cannot read are answered with the JSON error shape (regressions the API fuzz found)."""

import pytest
from django.test import Client
from ninja import Schema

from musharaka.api import api
from musharaka.orgs.models import Role


def _document() -> dict:
    return api.get_openapi_schema(path_prefix="/api/v1/")


def _operations():
    for path, methods in _document()["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def _schema_classes(cls=Schema):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _schema_classes(subclass)


def test_no_two_api_schemas_share_a_name():
    # The document names a schema by its class name only: two classes with one name made
    # OrganizationOut.city point at the initiatives' place schema (region/city/neighbourhood).
    by_name: dict[str, set[str]] = {}
    for cls in _schema_classes():
        if cls.__module__.startswith("musharaka.") and "[" not in cls.__name__:
            by_name.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert shared == {}


def test_organization_city_is_described_as_a_reference():
    schemas = _document()["components"]["schemas"]
    city = schemas["OrganizationOut"]["properties"]["city"]["anyOf"][0]["$ref"].rsplit("/", 1)[1]
    assert set(schemas[city]["required"]) == {"id", "name"}


def test_every_operation_declares_its_error_answers():
    missing = []
    for method, path, operation in _operations():
        responses = {int(status): answer for status, answer in operation["responses"].items()}
        expected = {422, 429}
        if operation.get("security"):
            expected |= {401, 403}
        if any(parameter["in"] == "path" for parameter in operation.get("parameters", [])):
            expected.add(404)
        if "requestBody" in operation:
            expected |= {400, 413}
        if expected - responses.keys():
            missing.append(f"{method} {path}: {sorted(expected - responses.keys())}")
        for status, answer in responses.items():
            if status >= 400:
                schema = answer["content"]["application/json"]["schema"]
                refs = [schema.get("$ref")] + [item.get("$ref") for item in schema.get("anyOf", [])]
                assert "#/components/schemas/ErrorOut" in refs or any(
                    ref and ref.endswith("ImportRefused") for ref in refs
                ), f"{method} {path} {status}: {schema}"
    assert missing == []


@pytest.fixture
def org_admin_client(make_org, make_member):
    organization = make_org()
    admin = make_member(organization, Role.ADMIN)
    client = Client()
    client.force_login(admin)
    return client, organization


def test_a_multipart_body_without_its_boundary_is_a_json_400(org_admin_client):
    client, organization = org_admin_client
    response = client.generic(
        "POST", f"/api/v1/organizations/{organization.pk}/logo", b"--x\r\n", content_type="multipart/form-data",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": "The form data could not be read: send it as multipart/form-data.", "code": "malformed_form",
    }


def test_an_oversized_body_is_a_json_413_in_arabic(org_admin_client, settings):
    client, organization = org_admin_client
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.patch(
        f"/api/v1/organizations/{organization.pk}", data={"description_ar": "و" * 2000}, content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "الطلب أكبر مما يقبله الخادم.", "code": "too_large"}
    organization.refresh_from_db()
    assert organization.description_ar == ""
