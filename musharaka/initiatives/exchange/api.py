"""Exports (CSV, XLSX, IATI XML) and the spreadsheet import, under /api/v1/initiatives.

Mounted before the main initiatives router, so these fixed paths win over /{initiative_id}.
"""

from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.schemas import ErrorOut, error_responses

from ..filters import parse_filters
from ..schemas import CatalogueFilters
from . import exports, services

router = Router(tags=["initiatives"])


class RowErrorOut(Schema):
    row: int = Field(description="Row number in the sheet; the header is row 1")
    column: str
    message: str
    code: str


class ImportOut(Schema):
    dry_run: bool
    valid: bool
    rows: int
    invalid_rows: list[int]
    created: int
    ids: list[int]
    errors: list[RowErrorOut]


class ImportRefused(ErrorOut):
    """Some rows have problems, so none was created: each problem by row and column."""

    rows: int
    invalid_rows: list[int]
    errors: list[RowErrorOut]


def _download(content_type: str, description: str) -> dict:
    return {"responses": {200: {"description": description, "content": {content_type: {}}}}}


@router.get("/export.csv", response=error_responses(),
            openapi_extra=_download("text/csv", "UTF-8 CSV with a BOM; text that looks like a formula starts with '"))
def export_csv(request, filters: Query[CatalogueFilters]):
    """The catalogue's rows for these filters as CSV (anonymous visitors get published initiatives only)."""
    return exports.csv_response(request, user=request_user(request), filters=parse_filters(filters.model_dump()))


@router.get("/export.xlsx", response=error_responses(),
            openapi_extra=_download(exports.XLSX_CONTENT_TYPE, "Excel workbook"))
def export_xlsx(request, filters: Query[CatalogueFilters]):
    """The catalogue's rows for these filters as an Excel workbook."""
    return exports.xlsx_response(request, user=request_user(request), filters=parse_filters(filters.model_dump()))


@router.get("/iati.xml", response=error_responses(),
            openapi_extra=_download("application/xml", "IATI Activity Standard 2.03"))
def export_iati(request, filters: Query[CatalogueFilters]):
    """Published initiatives for these filters as IATI 2.03 activities."""
    return exports.iati_response(request, user=request_user(request), filters=parse_filters(filters.model_dump()))


@router.post(
    "/import", auth=api_auth,
    # 422: the rows' problems when the file was read, or the error shape when the request itself is invalid.
    response={200: ImportOut, 201: ImportOut, **error_responses(auth=True, body=True), 422: ImportRefused | ErrorOut},
)
def import_initiatives(request, file: File[UploadedFile], dry_run: Form[bool] = False):
    """Create draft initiatives from an XLSX or CSV file (see the template on the import page).

    With `dry_run` every row is checked and every problem listed, and nothing is written (200).
    Otherwise all rows are created (201) or, if any row has a problem, none (422 with the list).
    """
    result = services.initiatives_import(actor=request.auth, upload=file, dry_run=dry_run)
    if result.dry_run:
        return result.as_dict()
    if not result.ok:
        body = {
            "detail": services.refusal_message(result),
            "code": "invalid_rows",
            **{key: value for key, value in result.as_dict().items() if key in ("rows", "invalid_rows", "errors")},
        }
        return Status(422, body)
    return Status(201, result.as_dict())
