import csv
import io

import pytest
from openpyxl import load_workbook

from musharaka.geo.models import City
from musharaka.initiatives.exchange import selectors as exchange_selectors
from musharaka.initiatives.exchange.spreadsheets import neutralise
from musharaka.initiatives.filters import parse_filters
from musharaka.initiatives.services import PlaceSpec
from musharaka.orgs.models import Role, Sector
from musharaka.taxonomy.models import SDG, Axis

BOM = b"\xef\xbb\xbf"
pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content)
    assert body.startswith(BOM)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    keys = [header.rsplit("(", 1)[1].rstrip(")") for header in rows[0]]
    return [dict(zip(keys, row, strict=True)) for row in rows[1:]]


def read_xlsx(response) -> list[dict]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    keys = [header.rsplit("(", 1)[1].rstrip(")") for header in rows[0]]
    return [dict(zip(keys, row, strict=True)) for row in rows[1:]]


@pytest.fixture
def published(make_initiative, lead_org, region):
    riyadh = City.objects.get(region=region, name_ar="الرياض")
    return make_initiative(
        lead_org, status="active",
        title_ar="=HYPERLINK(\"http://evil\") مبادرة الحي الأخضر", title_en="@SUM(A1:A2)",
        summary_ar="-زراعة الأشجار في حدائق الحي بمشاركة السكان", budget=250000, planned_beneficiaries=1200,
        axes=list(Axis.objects.all()[:2]), sdgs=list(SDG.objects.filter(number__in=[11, 13])),
        places=[PlaceSpec(region=region, city=riyadh)],
    )


def test_neutralise_formula_starts():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("مبادرة = جيدة") == "مبادرة = جيدة"
    assert neutralise(-5) == -5


def test_csv_export_has_bom_arabic_and_neutralised_formulas(client, published):
    response = client.get("/api/v1/initiatives/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    [row] = read_csv(response)
    assert row["id"] == str(published.pk)
    assert row["title_ar"] == "'=HYPERLINK(\"http://evil\") مبادرة الحي الأخضر"
    assert row["title_en"] == "'@SUM(A1:A2)"
    assert row["summary_ar"].startswith("'-زراعة")
    assert row["lead_organization"] == "جمعية البر الأهلية بالرياض"
    assert row["lead_organization_id"] == str(published.lead_organization_id)
    assert row["sector"] == Sector.NONPROFIT
    assert row["region"] == "SA-01"
    assert row["region_name"] == "الرياض"
    assert row["cities"] == "الرياض"
    assert row["sdgs"] == "11, 13"
    assert row["status"] == "active"
    assert row["budget"] == "250000.00"
    assert row["url"].endswith(f"/initiatives/{published.pk}/")


def test_xlsx_export_is_readable_with_arabic(client_for, make_user, published, django_capture_on_commit_callbacks):
    client = client_for(make_user())
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/v1/initiatives/exports")
    assert started.status_code == 202
    job = client.get(started["Location"]).json()
    assert job["status"] == "done" and job["rows_done"] == job["rows_total"] == 1
    response = client.get(job["file_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    [row] = read_xlsx(response)
    assert row["id"] == published.pk
    assert row["title_ar"] == "'=HYPERLINK(\"http://evil\") مبادرة الحي الأخضر"  # text, not a formula
    assert row["region_name"] == "الرياض"
    assert row["planned_beneficiaries"] == 1200
    assert row["is_success_story"] is False
    assert row["url"] == f"http://testserver/initiatives/{published.pk}/"


def test_english_headers_and_names(client, published):
    response = client.get("/api/v1/initiatives/export.csv", HTTP_ACCEPT_LANGUAGE="en")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.startswith("ID (id),Title (Arabic) (title_ar)")
    assert "Riyadh" in body


def test_export_honours_visibility(client, client_for, make_initiative, published, make_org, make_member):
    other = make_org("جمعية أخرى")
    other_editor = make_member(other, Role.EDITOR)
    draft = make_initiative(other, editor=other_editor, title_ar="مسودة لا تنشر")
    anonymous_ids = {row["id"] for row in read_csv(client.get("/api/v1/initiatives/export.csv"))}
    assert anonymous_ids == {str(published.pk)}
    # Its own team sees its draft; another organisation's editor does not.
    own = {row["id"] for row in read_csv(client_for(other_editor).get("/initiatives/export.csv"))}
    assert own == {str(published.pk), str(draft.pk)}
    stranger = make_member(make_org(), Role.EDITOR)
    assert {row["id"] for row in read_csv(client_for(stranger).get("/initiatives/export.csv"))} == {str(published.pk)}


def test_export_honours_filters(client, make_initiative, published, make_org, other_region):
    makkah_org = make_org("جمعية مكة", region=other_region, sector=Sector.PRIVATE)
    elsewhere = make_initiative(makkah_org, status="approved", title_ar="مبادرة في مكة")

    def ids(**params):
        return {int(row["id"]) for row in read_csv(client.get("/api/v1/initiatives/export.csv", params))}

    assert ids() == {published.pk, elsewhere.pk}
    assert ids(region=other_region.pk) == {elsewhere.pk}
    assert ids(region="SA-02") == {elsewhere.pk}
    assert ids(sector="private") == {elsewhere.pk}
    assert ids(status="active") == {published.pk}
    assert ids(sdg=13) == {published.pk}
    assert ids(q="الاخضر") == {published.pk}
    assert ids(organization=makkah_org.pk) == {elsewhere.pk}
    assert ids(success="false") == {published.pk, elsewhere.pk}
    assert ids(success="true") == set()


def test_bad_filters_are_refused(client):
    assert client.get("/api/v1/initiatives/export.csv", {"status": "bogus"}).status_code == 422
    assert client.get("/api/v1/initiatives/export.csv", {"region": "XX-99"}).json()["code"] == "invalid_filter"
    assert client.get("/api/v1/initiatives/iati.xml", {"city": "abc"}).status_code == 422
    page = client.get("/initiatives/export.csv", {"year": "soon"})
    assert page.status_code == 400


def test_parse_filters_reads_a_query_string():
    filters = parse_filters({"q": " حي ", "region": "5", "sdg": "3", "success": "1", "sector": "nonprofit"})
    assert (filters.q, filters.region, filters.sdg, filters.success, filters.sector) == ("حي", 5, 3, True, "nonprofit")
    assert parse_filters({}).is_empty()


def test_export_walks_in_chunks_with_flat_query_count(client, make_initiative, lead_org, editor, monkeypatch,
                                                     django_assert_max_num_queries):
    for _ in range(5):
        make_initiative(lead_org, editor=editor, status="approved")
    monkeypatch.setattr(exchange_selectors, "CHUNK_SIZE", 2)
    response = client.get("/initiatives/export.csv")
    chunks = list(response.streaming_content)
    assert len(chunks) == 3  # 2 + 2 + 1 rows
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    ids = [int(row[0]) for row in rows[1:]]
    assert ids == sorted(ids) and len(ids) == 5
    # One keyset query and one query per relation per chunk, whatever the number of rows.
    monkeypatch.setattr(exchange_selectors, "CHUNK_SIZE", 2000)
    with django_assert_max_num_queries(8):
        list(client.get("/initiatives/export.csv").streaming_content)
    with django_assert_max_num_queries(10):
        list(client.get("/initiatives/iati.xml").streaming_content)


def test_page_links(client, published):
    for name, content_type in (("export.csv", "text/csv"), ("iati.xml", "xml")):
        response = client.get(f"/initiatives/{name}")
        assert response.status_code == 200
        assert content_type in response["Content-Type"]
        assert b"".join(response.streaming_content)
