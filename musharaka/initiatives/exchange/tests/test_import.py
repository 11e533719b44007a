import io
import zipfile

import pytest
from openpyxl import load_workbook

from musharaka.core.errors import InvalidInput, NotPermitted
from musharaka.initiatives.exchange import services
from musharaka.initiatives.exchange.services import IMPORT_COLUMNS, initiatives_import
from musharaka.initiatives.exchange.spreadsheets import FileTooLarge, read_table
from musharaka.initiatives.models import Initiative, Status
from musharaka.orgs.models import Role
from musharaka.taxonomy.models import TargetGroup

from .conftest import upload, xlsx_bytes

pytestmark = pytest.mark.django_db
HEADER = [column.header for column in IMPORT_COLUMNS]
KEYS = [column.key for column in IMPORT_COLUMNS]


def row(org, **values) -> list:
    data = {
        "title_ar": "مبادرة الحي الأخضر", "summary_ar": "زراعة الأشجار في الحي", "lead_organization_id": org.pk,
        "region": "SA-01", "city": "الرياض", "sdgs": "11، 13", "start_date": "2026-01-15", "end_date": "15/12/2026",
        "budget": "250,000", "currency": "SAR", "planned_beneficiaries": 1500,
    }
    data.update(values)
    return [data.get(key) for key in KEYS]


def errors_by_row(result) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for error in result.errors:
        found.setdefault(error.row, set()).add(error.code)
    return found


def test_a_thousand_rows_with_one_bad_row_import_nothing_then_all(editor, lead_org):
    rows = [row(lead_org, title_ar=f"مبادرة رقم {n}") for n in range(1000)]
    bad = list(rows)
    bad[500] = row(lead_org, start_date="2026-05-01", end_date="2026-04-01")
    result = initiatives_import(actor=editor, upload=upload(xlsx_bytes(bad, HEADER)), dry_run=False)
    assert not result.ok and result.rows == 1000
    assert result.invalid_rows == [502]  # the header is row 1, the first initiative row 2
    assert result.errors[0].column == "end_date" and result.errors[0].code == "end_before_start"
    assert Initiative.objects.count() == 0

    result = initiatives_import(actor=editor, upload=upload(xlsx_bytes(rows, HEADER)), dry_run=False)
    assert result.ok, result.errors[:3]
    assert len(result.created) == Initiative.objects.filter(status=Status.DRAFT, lead_organization=lead_org).count() == 1000
    sample = Initiative.objects.get(title_ar="مبادرة رقم 999")
    assert sample.places.get().city.name_ar == "الرياض"
    assert sorted(sdg.number for sdg in sample.sdgs.all()) == [11, 13]
    assert str(sample.budget) == "250000.00" and sample.planned_beneficiaries == 1500
    assert sample.history.count() == 1  # created through the service: history and search index
    from musharaka.core.models import SearchEntry

    assert SearchEntry.objects.filter(kind="initiative").count() == 1000


def test_dry_run_lists_every_invalid_row_and_writes_nothing(editor, lead_org, make_org):
    stranger_org = make_org("جمعية لست محررا فيها")
    rows = [
        row(lead_org),  # 2: fine
        row(lead_org, region="SA-99"),  # 3
        row(lead_org, city="جدة"),  # 4: Jeddah is not in Riyadh region
        row(lead_org, start_date="2026-05-01", end_date="01/04/2026"),  # 5
        row(stranger_org),  # 6
        row(lead_org, budget="1,5", planned_beneficiaries="12.5"),  # 7
        row(lead_org, title_ar="  "),  # 8
        row(lead_org, sdgs="3, 42", axes="nope", target_groups=TargetGroup.objects.first().code),  # 9
        row(lead_org, start_date="2026/31/12", currency="JPY"),  # 10
        row(lead_org, lead_organization_id=999999),  # 11
        row(lead_org, region="", city=""),  # 12: fine, region defaults to the organisation's
        row(lead_org, budget="١٬٢٥٠٬٠٠٠٫٥", planned_beneficiaries="١٥٠٠", start_date="١٥/٠١/٢٠٢٦"),  # 13: Arabic digits
    ]
    result = initiatives_import(actor=editor, upload=upload(xlsx_bytes(rows, HEADER)), dry_run=True)
    assert result.dry_run and result.rows == 12
    assert errors_by_row(result) == {
        3: {"unknown_region"},
        4: {"city_not_in_region"},
        5: {"end_before_start"},
        6: {"not_editor"},
        7: {"bad_number"},
        8: {"required"},
        9: {"unknown_code"},
        10: {"bad_date", "unknown_currency"},
        11: {"unknown_organization"},
    }
    messages = {error.row: error.message for error in result.errors}
    assert "SA-99" in messages[3] and "جدة" in messages[4]
    assert Initiative.objects.count() == 0
    clean = initiatives_import(actor=editor, upload=upload(xlsx_bytes([rows[0], rows[-1]], HEADER)), dry_run=True)
    assert clean.ok and clean.rows == 2 and Initiative.objects.count() == 0


def test_headers_in_either_language_or_keys_and_missing_columns(editor, lead_org):
    header = ["title_ar", "الملخص بالعربية", "Lead organisation ID", "رمز المنطقة (region)"]
    result = initiatives_import(
        actor=editor, upload=upload(xlsx_bytes([["مبادرة", "ملخص", lead_org.pk, "sa-01"]], header)), dry_run=False
    )
    assert result.ok and len(result.created) == 1
    result = initiatives_import(actor=editor, upload=upload(xlsx_bytes([["مبادرة"]], ["title_ar"])), dry_run=True)
    assert {(error.row, error.column) for error in result.errors} == {(1, "summary_ar"), (1, "lead_organization_id")}


def test_people_who_edit_for_no_organisation_cannot_import(lead_org, make_member, make_user):
    content = xlsx_bytes([row(lead_org)], HEADER)
    for person in (make_member(lead_org, Role.VIEWER), make_user()):
        with pytest.raises(NotPermitted):
            initiatives_import(actor=person, upload=upload(content), dry_run=True)


def test_zip_bomb_is_refused(editor):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(FileTooLarge) as caught:
        read_table(upload(buffer.getvalue()))
    assert caught.value.code == "zip_bomb"


def test_too_large_too_many_rows_and_unreadable_files(editor, lead_org, monkeypatch):
    with pytest.raises(FileTooLarge):
        read_table(upload(b"a,b\n" * (1_400_000), "big.csv"))
    monkeypatch.setattr("musharaka.initiatives.exchange.spreadsheets.MAX_ROWS", 3)
    with pytest.raises(InvalidInput) as caught:
        read_table(upload(xlsx_bytes([row(lead_org)] * 4, HEADER)))
    assert caught.value.code == "too_many_rows"
    for content, code in ((b"PK\x03\x04 not really a zip", "unreadable_file"), (b"\xd0\xcf\x11\xe0old", "unsupported_file"),
                          (b"", "empty_file"), (b"\x00\x01\x02", "bad_encoding")):
        with pytest.raises(InvalidInput) as caught:
            read_table(upload(content, "x.xlsx"))
        assert caught.value.code == code


def test_csv_in_utf8_with_bom_and_in_windows_arabic(editor, lead_org):
    header = ",".join(KEYS[:3])
    line = f"مبادرة السوق الشعبي,ملخص عن السوق,{lead_org.pk}"
    for content in ((header + "\r\n" + line).encode("cp1256"), ("\ufeff" + header + "\n" + line).encode("utf-8")):
        result = initiatives_import(actor=editor, upload=upload(content, "x.csv"), dry_run=True)
        assert result.ok and result.rows == 1
    result = initiatives_import(actor=editor, upload=upload((header + "\n" + line).encode("cp1256"), "x.csv"),
                                dry_run=False)
    assert Initiative.objects.get(pk=result.created[0]).title_ar == "مبادرة السوق الشعبي"
    semicolons = (header.replace(",", ";") + "\n" + line.replace(",", ";")).encode("utf-8")
    assert initiatives_import(actor=editor, upload=upload(semicolons, "x.csv"), dry_run=True).ok


def test_formula_cells_are_read_as_cached_values(editor, lead_org):
    content = xlsx_bytes([[ "=CONCAT(\"a\",\"b\")", "ملخص", lead_org.pk]], KEYS[:3])
    result = initiatives_import(actor=editor, upload=upload(content), dry_run=True)
    # No cached value was saved with the formula, so the title is empty rather than a formula.
    assert [error.code for error in result.errors] == ["required"]


def test_template_downloads(client, lead_org):
    response = client.get("/initiatives/import/template.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    header = next(workbook.worksheets[0].iter_rows(values_only=True))
    assert header[0] == "العنوان بالعربية (title_ar)"
    assert len(workbook.worksheets) == 7
    regions = [r[0] for r in workbook.worksheets[2].iter_rows(min_row=2, values_only=True)]
    assert "SA-01" in regions
    csv_template = client.get("/initiatives/import/template.csv")
    assert b"".join(csv_template.streaming_content).decode("utf-8-sig").startswith("العنوان بالعربية (title_ar),")


def test_the_template_round_trips(editor, lead_org, client):
    workbook = load_workbook(io.BytesIO(b"".join(client.get("/initiatives/import/template.xlsx").streaming_content)))
    workbook.worksheets[0].append(row(lead_org))
    output = io.BytesIO()
    workbook.save(output)
    result = initiatives_import(actor=editor, upload=upload(output.getvalue()), dry_run=False)
    assert result.ok and len(result.created) == 1


def test_a_service_refusal_mid_import_rolls_everything_back(editor, lead_org, monkeypatch):
    original = services.initiative_create
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise InvalidInput("لا", code="boom", field="title_ar")
        return original(**kwargs)

    monkeypatch.setattr(services, "initiative_create", flaky)
    result = initiatives_import(actor=editor, upload=upload(xlsx_bytes([row(lead_org)] * 3, HEADER)), dry_run=False)
    assert [(error.row, error.code) for error in result.errors] == [(3, "boom")]
    assert result.created == [] and Initiative.objects.count() == 0


def test_cell_readers_accept_arabic_digits_and_refuse_guesses():
    import datetime
    from decimal import Decimal

    from musharaka.initiatives.exchange.services import _budget, _CellError, _count, _date

    assert _budget("١٬٢٥٠٬٠٠٠٫٥") == Decimal("1250000.50")
    assert _budget(1500.0) == Decimal("1500.00")
    assert _count("١٥٠٠") == 1500
    assert _date("١٥/٠١/٢٠٢٦") == datetime.date(2026, 1, 15)
    assert _date(datetime.datetime(2026, 1, 15, 0, 0)) == datetime.date(2026, 1, 15)
    for bad in ("1,5", "-3", "NaN", "1e400x"):
        with pytest.raises(_CellError):
            _budget(bad)
