"""Exports (CSV, XLSX, IATI XML) and the spreadsheet import, under /api/v1/initiatives.

Mounted before the main initiatives router, so these fixed paths win over /{initiative_id}.
"""

import datetime
import uuid
from typing import Literal

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import Conflict, NotFound
from musharaka.core.schemas import ErrorOut, error_responses, upload_formats

from ..filters import parse_filters
from ..schemas import CatalogueFilters
from . import exports, selectors, services
from .models import ExportJob, ExportStatus

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


class ExportJobOut(Schema):
    id: uuid.UUID
    format: str
    status: Literal["queued", "running", "done", "failed"]
    rows_done: int
    rows_total: int | None = Field(description="Known once the worker has started")
    percent: int
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    expires_at: datetime.datetime = Field(description="The file and the job are removed after this")
    url: str = Field(description="This job (GET it for the progress)")
    page_url: str = Field(description="The job's web page")
    file_url: str | None = Field(description="The workbook, once the job is done")


def _job_out(job: ExportJob) -> dict:
    done = job.status == ExportStatus.DONE
    return {
        "id": job.pk, "format": job.format, "status": ExportStatus.FAILED if job.stalled else job.status,
        "rows_done": job.rows_done, "rows_total": job.rows_total, "percent": job.percent,
        "created_at": job.created_at, "finished_at": job.finished_at, "expires_at": job.expires_at,
        "url": reverse("api-1.0.0:export_job", kwargs={"job_id": job.pk}),
        "page_url": reverse("initiatives_exchange:export_job", kwargs={"job_id": job.pk}),
        "file_url": reverse("api-1.0.0:export_job_file", kwargs={"job_id": job.pk}) if done else None,
    }


def _job(request, job_id: uuid.UUID) -> ExportJob:
    try:
        return selectors.export_job_get(user=request_user(request), job_id=job_id)
    except ExportJob.DoesNotExist:
        raise NotFound() from None  # someone else's job answers as one that does not exist


@router.post("/exports", auth=api_auth, response={202: ExportJobOut, **error_responses(auth=True, conflict=True)})
def start_export(request, response: HttpResponse, filters: Query[CatalogueFilters]):
    """Start an Excel export of the catalogue's rows for these filters (those you may see).

    The workbook is written in the background: follow `url` for the progress, then download
    `file_url`. Kept for a day, for you only. At most three exports of yours run at once (409).
    """
    job = services.export_job_create(
        actor=request_user(request), filters=parse_filters(filters.model_dump()),
        row_url=exports.detail_url_pattern(request),
    )
    out = _job_out(job)
    response["Location"] = out["url"]
    return Status(202, out)


@router.get("/exports/{job_id}", auth=api_auth, url_name="export_job",
            response={200: ExportJobOut, **error_responses(auth=True, lookup=True)})
def export_job(request, job_id: uuid.UUID):
    """An export's progress (yours only)."""
    return _job_out(_job(request, job_id))


@router.get("/exports/{job_id}/file", auth=api_auth, url_name="export_job_file",
            response=error_responses(auth=True, lookup=True, conflict=True),
            openapi_extra=_download(exports.XLSX_CONTENT_TYPE, "Excel workbook"))
def export_job_file(request, job_id: uuid.UUID):
    """The workbook of a finished export (409 while it is being written or when it failed)."""
    job = _job(request, job_id)
    if job.status != ExportStatus.DONE:
        raise Conflict(_("The export is not ready: it is %(status)s.") % {"status": job.get_status_display()},
                       code="export_not_ready")
    return exports.job_file_response(job)


@router.get("/iati.xml", response=error_responses(lookup=True),
            openapi_extra=_download("application/xml", "IATI Activity Standard 2.03"))
def export_iati(request, filters: Query[CatalogueFilters]):
    """Published initiatives for these filters as IATI 2.03 activities (404 when none matches)."""
    return exports.iati_response(request, user=request_user(request), filters=parse_filters(filters.model_dump()))


@router.post(
    "/import", auth=api_auth,
    # 422: the rows' problems when the file was read, or the error shape when the request itself is invalid.
    response={200: ImportOut, 201: ImportOut, **error_responses(auth=True, body=True), 422: ImportRefused | ErrorOut},
    openapi_extra=upload_formats("file", "text/csv", exports.XLSX_CONTENT_TYPE),
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
