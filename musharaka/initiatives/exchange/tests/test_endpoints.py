import pytest

from musharaka.accounts.services import api_token_create
from musharaka.initiatives.models import Initiative
from musharaka.orgs.models import Role

from .conftest import upload, xlsx_bytes
from .test_import import HEADER, row

pytestmark = pytest.mark.django_db
IMPORT = "/api/v1/initiatives/import"


@pytest.fixture
def token(editor):
    return api_token_create(user=editor, name="import script")[1]


def post_import(client, content: bytes, *, token: str | None = None, name="x.xlsx", **data):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return client.post(IMPORT, {"file": upload(content, name), **data}, headers=headers)


def test_import_api_with_a_token(client, token, lead_org):
    clean = xlsx_bytes([row(lead_org), row(lead_org, title_ar="مبادرة ثانية")], HEADER)
    dry = post_import(client, clean, token=token, dry_run="true")
    assert dry.status_code == 200
    assert dry.json() == {"dry_run": True, "valid": True, "rows": 2, "invalid_rows": [], "created": 0, "ids": [],
                          "errors": []}
    assert Initiative.objects.count() == 0
    created = post_import(client, clean, token=token)
    assert created.status_code == 201
    assert created.json()["created"] == 2 and Initiative.objects.count() == 2


def test_import_api_reports_bad_rows(client, token, lead_org):
    bad = xlsx_bytes([row(lead_org), row(lead_org, region="SA-99", budget="كثير")], HEADER)
    dry = post_import(client, bad, token=token, dry_run="true")
    assert dry.status_code == 200 and dry.json()["valid"] is False and dry.json()["invalid_rows"] == [3]
    refused = post_import(client, bad, token=token, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "invalid_rows" and body["invalid_rows"] == [3]
    assert {(error["column"], error["code"]) for error in body["errors"]} == {("region", "unknown_region"),
                                                                             ("budget", "bad_number")}
    assert "SA-99" in body["errors"][0]["message"]
    assert Initiative.objects.count() == 0


def test_import_api_status_codes(client, client_for, token, lead_org, make_member, make_user):
    content = xlsx_bytes([row(lead_org)], HEADER)
    assert post_import(client, content).status_code == 401
    viewer = make_member(lead_org, Role.VIEWER)
    response = post_import(client_for(viewer), content)
    assert response.status_code == 403  # session auth: the CSRF check is off in the test client
    assert response.json()["code"] == "permission_denied"
    assert post_import(client_for(make_user()), content).status_code == 403
    assert post_import(client, b"PK\x03\x04broken", token=token).json()["code"] == "unreadable_file"
    assert post_import(client, b"a,b\n" * 1_400_000, token=token, name="big.csv").status_code == 413
    empty = post_import(client, b"", token=token)
    assert empty.status_code == 422 and empty.json()["code"] == "empty_file"


def test_export_endpoints_status_and_types(client, make_initiative, lead_org):
    empty = client.get("/api/v1/initiatives/iati.xml")  # nothing published yet: no activity to report
    assert empty.status_code == 404 and empty.json()["code"] == "no_matching_initiatives"
    make_initiative(lead_org, status="approved")
    for path, content_type in (
        ("/api/v1/initiatives/export.csv", "text/csv; charset=utf-8"),
        ("/api/v1/initiatives/iati.xml", "application/xml"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == content_type
        b"".join(response.streaming_content)
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/initiatives/export.csv", "/api/v1/initiatives/exports", "/api/v1/initiatives/exports/{job_id}",
                 "/api/v1/initiatives/exports/{job_id}/file", "/api/v1/initiatives/iati.xml", IMPORT):
        assert path in schema["paths"]


def test_import_page_permissions(client, client_for, editor, lead_org, make_member, make_user):
    assert client.get("/initiatives/import/").status_code == 302  # to sign in
    assert client_for(make_member(lead_org, Role.VIEWER)).get("/initiatives/import/").status_code == 403
    assert client_for(make_user()).get("/initiatives/import/").status_code == 403
    page = client_for(editor).get("/initiatives/import/")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "/initiatives/import/template.xlsx" in page.text


def test_import_page_check_then_import(client_for, editor, lead_org, make_org):
    client = client_for(editor)
    stranger = make_org("جمعية أخرى")
    bad = xlsx_bytes([row(lead_org), row(stranger), row(lead_org, end_date="2025-01-01")], HEADER)
    page = client.post("/initiatives/import/", {"file": upload(bad)})
    assert page.status_code == 200
    result = page.context["result"]
    assert result.invalid_rows == [3, 4] and Initiative.objects.count() == 0
    assert 'data-testid="import-errors"' in page.text and "جمعية أخرى" in page.text

    clean = xlsx_bytes([row(lead_org)], HEADER)
    page = client.post("/initiatives/import/", {"file": upload(clean)})
    assert page.context["result"].ok and Initiative.objects.count() == 0
    assert 'data-testid="import-valid"' in page.text
    done = client.post("/initiatives/import/", {"file": upload(clean), "confirm": "on"})
    assert done.status_code == 302 and Initiative.objects.count() == 1


def test_import_page_shows_file_errors_not_500(client_for, editor):
    client = client_for(editor)
    page = client.post("/initiatives/import/", {"file": upload(b"\xd0\xcf\x11\xe0 old excel", "old.xls")})
    assert page.status_code == 200
    assert page.context["form"].errors["file"]
    page = client.post("/en/initiatives/import/", {"file": upload(b"a,b\n" * 1_400_000, "big.csv")})
    assert page.status_code == 200 and "too large" in page.text
