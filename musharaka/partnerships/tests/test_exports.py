"""The register's CSV and XLSX exports: the page's filters, visibility, Arabic in Excel, formulas neutralised."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from musharaka.orgs.models import Role, Sector
from musharaka.partnerships import exports
from musharaka.partnerships.models import AgreementKind, AgreementStatus, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(make_agreement, make_org, make_member):
    keeper = make_org("جمعية الاستدامة")
    partner = make_org("أمانة المنطقة الشرقية", sector=Sector.AUTHORITY)
    admin = make_member(keeper, Role.ADMIN)
    published = make_agreement(keeper=keeper, partner=partner, actor=admin, is_published=True,
                               title_ar="=HYPERLINK(\"http://evil.example\")", title_en="+cmd|' /C calc'!A0",
                               signed_place="-الدمام", kind="mou")
    draft = make_agreement(keeper=keeper, partner=partner, actor=admin, stage=Stage.DRAFT,
                           title_ar="@مسودة اتفاقية التعاون", kind="cooperation")
    return {"keeper": keeper, "admin": admin, "published": published, "draft": draft}


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # the BOM: Excel opens the Arabic as UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_is_the_visible_register_with_formulas_neutralised(register, client_for):
    anonymous = csv_rows(client_for(None).get(reverse("partnerships:export"), {"format": "csv"}))
    member = csv_rows(client_for(register["admin"]).get(reverse("partnerships:export")))

    header, *rows = anonymous
    assert header[0] == "الرقم (id)" and len(header) == len(exports.COLUMNS)
    assert [row[0] for row in rows] == [str(register["published"].pk)]
    [row] = rows
    assert row[1] == "'=HYPERLINK(\"http://evil.example\")" and row[2].startswith("'+cmd")
    assert row[9] == "'-الدمام"
    assert (row[3], row[4]) == (str(AgreementKind.MOU.label), str(AgreementStatus.ACTIVE.label))
    assert row[6] == "جمعية الاستدامة، أمانة المنطقة الشرقية"
    assert {line[0] for line in member[1:]} == {str(register["published"].pk), str(register["draft"].pk)}
    assert any(line[1] == "'@مسودة اتفاقية التعاون" for line in member[1:])


def test_csv_takes_the_registers_filters(register, client_for):
    client = client_for(register["admin"])
    drafts = csv_rows(client.get(reverse("partnerships:export"), {"status": "draft", "kind": "", "expiring": ""}))
    expiring = csv_rows(client.get(reverse("partnerships:export"), {"expiring": "30"}))
    assert [row[0] for row in drafts[1:]] == [str(register["draft"].pk)]
    assert expiring[1:] == []


def test_bad_filters_or_format_are_a_400(client_for, db):
    client = client_for(None)
    assert client.get(reverse("partnerships:export"), {"format": "pdf"}).status_code == 400
    bad = client.get(reverse("partnerships:export"), {"status": "lost", "region": "x"})
    assert bad.status_code == 400
    assert "status" in bad.content.decode() and "region" in bad.content.decode()
    assert "غير صالحة" in bad.content.decode()  # translated (Arabic by default)


def test_xlsx_is_right_to_left_in_arabic_with_typed_cells(register, client_for):
    response = client_for(register["admin"]).get(reverse("partnerships:export"), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert sheet.sheet_view.rightToLeft is True
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    by_id = {row[0]: row for row in rows[1:]}
    published = by_id[register["published"].pk]
    assert published[1].startswith("'=")  # not a formula: text with its quote
    assert published[8].date().isoformat() == "2026-03-01"  # a date cell, not text
    assert published[19] is True


def test_xlsx_in_english_is_left_to_right(register, client_for):
    response = client_for(None).get("/en" + reverse("partnerships:export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert not sheet.sheet_view.rightToLeft
    assert sheet.cell(1, 1).value == "ID (id)"


def test_xlsx_refuses_more_rows_than_its_cap(register, client_for, monkeypatch):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 1)
    page = client_for(register["admin"]).get(reverse("partnerships:export"), {"format": "xlsx"})
    api = client_for(register["admin"]).get("/api/v1/partnerships/export.xlsx")
    assert page.status_code == 400
    assert (api.status_code, api.json()["code"]) == (422, "too_many_rows")
    assert "اتفاقية" in api.json()["detail"] and "اتفاقية" in page.content.decode()
    assert client_for(register["admin"]).get("/api/v1/partnerships/export.xlsx", {"status": "draft"}).status_code == 200


def test_api_csv_export_matches_the_page(register, client_for):
    client = client_for(register["admin"])
    api = csv_rows(client.get("/api/v1/partnerships/export.csv", {"kind": "mou"}))
    page = csv_rows(client.get(reverse("partnerships:export"), {"kind": "mou"}))
    assert api == page and len(api) == 2


def test_export_reads_rows_in_a_fixed_number_of_queries(make_agreement, make_org, make_member,
                                                        django_assert_max_num_queries):
    """Rows from values_list() in chunks: a few queries per chunk whatever the number of agreements."""
    keeper = make_org()
    actor = make_member(keeper, Role.ADMIN)
    partner = make_org(sector=Sector.AUTHORITY)
    for number in range(12):
        make_agreement(keeper=keeper, partner=partner, actor=actor, is_published=True, title_ar=f"مذكرة رقم {number}")
    from musharaka.partnerships.selectors import AgreementFilters

    with django_assert_max_num_queries(4):  # the rows, and the parties, regions and axes of the chunk
        chunks = list(exports.export_rows(user=None, filters=AgreementFilters()))
    assert sum(len(chunk) for chunk in chunks) == 12
