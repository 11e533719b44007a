"""Importing initiatives from a spreadsheet: every row checked, then all written or none.

A dry run reads and checks every row and reports every problem (row, column, reason) without
writing. A real import checks the same way and writes only when no row has a problem: all rows in
one transaction, each created through initiatives.services.initiative_create (history, search
index, permission check) as a draft of its lead organisation.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from musharaka.core.arabic import normalize
from musharaka.core.errors import Conflict, DomainError, InvalidInput, NotPermitted
from musharaka.core.i18n import is_arabic
from musharaka.core.permissions import can, require
from musharaka.core.tasks import enqueue_with_transaction
from musharaka.geo.models import City, Region
from musharaka.orgs.models import Organization
from musharaka.taxonomy.models import SDG, Axis, TargetGroup

from .. import counts
from ..models import Currency
from ..selectors import InitiativeFilters
from ..services import PlaceSpec, initiative_create
from .models import KEEP_FOR, STALL_AFTER, ExportJob, ExportStatus
from .spreadsheets import FORMULA_STARTS, Column, header_keys, plain, read_table


@dataclass(frozen=True)
class ImportColumn(Column):
    required: bool = False
    hint_ar: str = ""
    hint_en: str = ""
    example: str = ""

    @property
    def hint(self) -> str:
        return self.hint_ar if is_arabic() else self.hint_en


IMPORT_COLUMNS = (
    ImportColumn("title_ar", "العنوان بالعربية", "Title (Arabic)", True, "نص حتى 250 حرفًا", "Text, up to 250 characters",
                 "مبادرة حي أخضر"),
    ImportColumn("summary_ar", "الملخص بالعربية", "Summary (Arabic)", True, "نص حتى 2000 حرف",
                 "Text, up to 2,000 characters", "زراعة الأشجار في حدائق الحي بمشاركة السكان"),
    ImportColumn("lead_organization_id", "رقم الجهة القائدة", "Lead organisation ID", True,
                 "رقم الجهة في المنصة، وتكون محررًا فيها", "The organisation's number on the platform; you must edit for it",
                 "12"),
    ImportColumn("title_en", "العنوان بالإنجليزية", "Title (English)", hint_ar="اختياري", hint_en="Optional",
                 example="Green Neighbourhood"),
    ImportColumn("summary_en", "الملخص بالإنجليزية", "Summary (English)", hint_ar="اختياري", hint_en="Optional"),
    ImportColumn("description_ar", "الوصف بالعربية", "Description (Arabic)", hint_ar="اختياري", hint_en="Optional"),
    ImportColumn("region", "رمز المنطقة", "Region code", hint_ar="مثل SA-01؛ الافتراضي منطقة الجهة",
                 hint_en="Such as SA-01; defaults to the organisation's region", example="SA-01"),
    ImportColumn("city", "المدينة", "City", hint_ar="اسم المدينة بالعربية أو الإنجليزية داخل المنطقة",
                 hint_en="The city's Arabic or English name, within the region", example="الرياض"),
    ImportColumn("axes", "المحاور", "Axes", hint_ar="رموز المحاور مفصولة بفاصلة", hint_en="Axis codes separated by commas"),
    ImportColumn("sdgs", "أهداف التنمية المستدامة", "SDGs", hint_ar="أرقام الأهداف مفصولة بفاصلة",
                 hint_en="Goal numbers separated by commas", example="11, 13"),
    ImportColumn("target_groups", "الفئات المستهدفة", "Target groups", hint_ar="رموز الفئات مفصولة بفاصلة",
                 hint_en="Target group codes separated by commas"),
    ImportColumn("start_date", "تاريخ البدء", "Start date", hint_ar="YYYY-MM-DD أو DD/MM/YYYY",
                 hint_en="YYYY-MM-DD or DD/MM/YYYY", example="2026-01-15"),
    ImportColumn("end_date", "تاريخ الانتهاء", "End date", hint_ar="YYYY-MM-DD أو DD/MM/YYYY",
                 hint_en="YYYY-MM-DD or DD/MM/YYYY", example="15/12/2026"),
    ImportColumn("budget", "الميزانية", "Budget", hint_ar="رقم موجب", hint_en="A positive number", example="250000"),
    ImportColumn("currency", "العملة", "Currency", hint_ar="SAR أو SYP أو USD أو EUR؛ الافتراضي SAR",
                 hint_en="SAR, SYP, USD or EUR; defaults to SAR", example="SAR"),
    ImportColumn("planned_beneficiaries", "المستفيدون المخطط لهم", "Planned beneficiaries", hint_ar="عدد صحيح",
                 hint_en="A whole number", example="1500"),
)
REQUIRED_KEYS = frozenset(column.key for column in IMPORT_COLUMNS if column.required)
LABELS = {column.key: column for column in IMPORT_COLUMNS}

TEXT_LIMITS = {"title_ar": 250, "title_en": 250, "summary_ar": 2000, "summary_en": 2000, "description_ar": 20000}
LIST_SEPARATORS = re.compile(r"[,،;؛]")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")
THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d*)?")
MAX_BUDGET = Decimal("999999999999.99")
MAX_COUNT = 2_147_483_647


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str
    code: str

    @property
    def column_label(self) -> str:
        column = LABELS.get(self.column)
        return column.header if column else self.column

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message, "code": self.code}


@dataclass
class ImportResult:
    dry_run: bool
    rows: int = 0
    created: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "valid": self.ok,
            "rows": self.rows,
            "invalid_rows": self.invalid_rows,
            "created": len(self.created),
            "ids": self.created,
            "errors": [error.as_dict() for error in self.errors],
        }


class _CellError(Exception):
    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message, self.code = message, code


class _Abort(Exception):
    def __init__(self, error: RowError):
        self.error = error


# ---------------------------------------------------------------- the import


def initiatives_import(*, actor, upload, dry_run: bool) -> ImportResult:
    """Check every row of `upload`; unless `dry_run` and when every row is clean, create them all."""
    require(actor, "initiatives.import_initiatives")
    table = read_table(upload)
    result = ImportResult(dry_run=dry_run, rows=len(table.rows))
    keys = header_keys(table.header, IMPORT_COLUMNS)
    result.errors += _header_errors(keys)
    if result.errors:
        return result
    if not table.rows:
        raise InvalidInput(_("The file has a header but no rows to import."), code="no_rows", field="file")
    records = [(number, dict(zip(keys, values, strict=False))) for number, values in table.rows]
    checker = _RowChecker(actor, [record for _number, record in records])
    rows = []
    for number, record in records:
        organization, data, errors = checker.check(number, record)
        result.errors += errors
        rows.append((number, organization, data))
    if result.errors or dry_run:
        return result
    try:
        result.created = _create_all(actor, rows)
    except _Abort as abort:
        result.errors.append(abort.error)
    return result


def refusal_message(result: ImportResult) -> str:
    return _("Rows with problems: %(bad)s of %(rows)s. Nothing was imported.") % {
        "bad": len(result.invalid_rows), "rows": result.rows,
    }


def _create_all(actor, rows) -> list[int]:
    created = []
    # The catalogue's counts of all the rows in one write at the end, in the same transaction.
    with transaction.atomic(), counts.batch():
        for number, organization, data in rows:
            try:
                initiative = initiative_create(actor=actor, organization=organization, data=data)
            except DomainError as error:
                raise _Abort(RowError(number, error.field or "", str(error.message), error.code)) from error
            created.append(initiative.pk)
    return created


def _header_errors(keys: list[str | None]) -> list[RowError]:
    errors = []
    present = [key for key in keys if key]
    for key in sorted({key for key in present if present.count(key) > 1}):
        errors.append(RowError(1, key, _("The column appears more than once."), "duplicate_column"))
    for column in IMPORT_COLUMNS:
        if column.required and column.key not in present:
            errors.append(RowError(1, column.key, _("The required column is missing."), "missing_column"))
    return errors


class _RowChecker:
    """Reads and checks rows against reference data loaded once for the whole file."""

    def __init__(self, actor, records: list[dict[str | None, Any]]):
        self.actor = actor
        digits = {_digits(record.get("lead_organization_id")) for record in records}
        ids = {int(value) for value in digits if value.isdigit() and len(value) < 12}
        self.organizations = Organization.objects.select_related("region").in_bulk(ids)
        self.may_lead: dict[int, bool] = {}
        self.regions: dict[str, Region] = {}
        for region in Region.objects.all():
            for name in (region.code, region.name_ar, region.name_en):
                self.regions[normalize(name)] = region
        self.cities: dict[tuple[int, str], City] = {}
        for city in City.objects.all():
            for name in (city.name_ar, city.name_en):
                self.cities.setdefault((city.region_id, normalize(name)), city)
        self.axes = {axis.code.casefold(): axis for axis in Axis.objects.all()}
        self.sdgs = {str(sdg.number): sdg for sdg in SDG.objects.all()}
        self.groups = {group.code.casefold(): group for group in TargetGroup.objects.all()}

    def check(self, number: int, record: dict[str | None, Any]):
        errors: list[RowError] = []
        data: dict[str, Any] = {}

        def read(key: str, parse: Callable[[Any], Any]) -> Any:
            value = plain(record.get(key))
            if value in (None, ""):
                if key in REQUIRED_KEYS:
                    errors.append(RowError(number, key, _("This value is required."), "required"))
                return None
            try:
                return parse(value)
            except _CellError as error:
                errors.append(RowError(number, key, error.message, error.code))
                return None

        for key, limit in TEXT_LIMITS.items():
            text = read(key, partial(_text, limit=limit))
            if text is not None:
                data[key] = text
        organization = read("lead_organization_id", self._organization)
        region = read("region", self._region) or (organization.region if organization else None)
        if region is not None:
            data["region"] = region
        if region is not None and (city := read("city", lambda value: self._city(value, region))):
            data["places"] = [PlaceSpec(region=region, city=city)]
        for key, table, message in (
            ("axes", self.axes, _("Unknown axis codes: %(codes)s.")),
            ("sdgs", self.sdgs, _("Unknown goal numbers (1 to 17): %(codes)s.")),
            ("target_groups", self.groups, _("Unknown target group codes: %(codes)s.")),
        ):
            items = read(key, partial(_codes, table=table, message=message))
            if items:
                data[key] = items
        start, end = read("start_date", _date), read("end_date", _date)
        data.update(start_date=start, end_date=end)
        if start and end and end < start:
            errors.append(RowError(number, "end_date", _("The end date is before the start date."), "end_before_start"))
        data["budget"] = read("budget", _budget)
        currency = read("currency", _currency)
        if currency:
            data["currency"] = currency
        data["planned_beneficiaries"] = read("planned_beneficiaries", _count)
        return organization, data, errors

    def _organization(self, value) -> Organization:
        text = _digits(value)
        organization = self.organizations.get(int(text)) if text.isdigit() and len(text) < 12 else None
        if organization is None:
            raise _CellError(_("No organisation has the number %(value)s.") % {"value": value}, "unknown_organization")
        if organization.pk not in self.may_lead:
            self.may_lead[organization.pk] = can(self.actor, "initiatives.create_for_organization", organization)
        if not self.may_lead[organization.pk]:
            raise _CellError(
                _("You are not an editor of the organisation “%(name)s” (%(id)s), so you cannot add its initiatives.")
                % {"name": organization.name_ar, "id": organization.pk},
                "not_editor",
            )
        return organization

    def _region(self, value) -> Region:
        region = self.regions.get(normalize(str(value)))
        if region is None:
            raise _CellError(pgettext("import", "Unknown region code: %(value)s.") % {"value": value}, "unknown_region")
        return region

    def _city(self, value, region: Region) -> City:
        city = self.cities.get((region.pk, normalize(str(value))))
        if city is None:
            raise _CellError(
                _("The city “%(city)s” is not in the region %(region)s.") % {"city": value, "region": region.name_ar},
                "city_not_in_region",
            )
        return city


# ---------------------------------------------------------------- cell readers


def _digits(value) -> str:
    return str(plain(value) if value is not None else "").translate(DIGITS).strip()


def _text(value, limit: int) -> str:
    text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS:
        text = text[1:]  # the quote our exports put before text that looks like a formula
    if len(text) > limit:
        raise _CellError(_("The text is too long (%(length)s characters; at most %(limit)s).")
                         % {"length": len(text), "limit": limit}, "too_long")
    return text


def _codes(value, table: dict[str, Any], message: str) -> list:
    items, unknown = [], []
    for part in LIST_SEPARATORS.split(_digits(value)):
        code = part.strip().casefold()
        if code.endswith(".0") and code[:-2].isdigit():
            code = code[:-2]
        if not code:
            continue
        if code in table:
            items.append(table[code])
        else:
            unknown.append(part.strip())
    if unknown:
        raise _CellError(message % {"codes": "، ".join(unknown)}, "unknown_code")
    return list(dict.fromkeys(items))


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _digits(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise _CellError(_("“%(value)s” is not a date; write YYYY-MM-DD or DD/MM/YYYY.") % {"value": value}, "bad_date")


def _number(value) -> Decimal:
    if isinstance(value, bool):
        raise _CellError(_("“%(value)s” is not a number.") % {"value": value}, "bad_number")
    text = _digits(value).replace("٬", ",")
    for space in (" ", "\u00a0", "\u202f"):
        text = text.replace(space, "")
    if "," in text:
        # Only as a thousands separator (1,250,000): "1,5" is not guessed to mean 1.5 or 15.
        text = text.replace(",", "") if THOUSANDS.fullmatch(text) else "?"
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise _CellError(_("“%(value)s” is not a number.") % {"value": value}, "bad_number")
    if number < 0:
        raise _CellError(_("The number cannot be negative."), "negative_number")
    return number


def _budget(value) -> Decimal:
    number = _number(value).quantize(Decimal("0.01"))
    if number > MAX_BUDGET:
        raise _CellError(pgettext("import", "The number is too large."), "number_too_large")
    return number


def _count(value) -> int:
    number = _number(value)
    if number != number.to_integral_value():
        raise _CellError(_("“%(value)s” is not a whole number.") % {"value": value}, "bad_number")
    if number > MAX_COUNT:
        raise _CellError(pgettext("import", "The number is too large."), "number_too_large")
    return int(number)


def _currency(value) -> str:
    code = str(value).strip().upper()
    if code not in Currency.values:
        raise _CellError(_("Unknown currency %(value)s; use one of %(codes)s.")
                         % {"value": value, "codes": ", ".join(Currency.values)}, "unknown_currency")
    return code


def template_rows() -> list[list[str]]:
    """The instructions sheet of the template: one line per column."""
    return [
        [column.key, column.label_ar, column.label_en, "✔" if column.required else "", column.hint_ar, column.hint_en,
         column.example]
        for column in IMPORT_COLUMNS
    ]



# ---------------------------------------------------------------- export jobs (XLSX in the background)

# Jobs one person may have waiting or running at once: each holds a worker for a while.
MAX_UNFINISHED_JOBS = 3


def export_job_create(*, actor, filters: InitiativeFilters, row_url: str) -> ExportJob:
    """Queue an XLSX export of the catalogue's rows `actor` may see with `filters`.

    The task is written in the same transaction as the job: both exist, or neither.
    """
    from .tasks import build_xlsx_export  # the task module imports this one

    if not getattr(actor, "is_authenticated", False):
        raise NotPermitted(_("Sign in to export to Excel."))
    recent = timezone.now() - STALL_AFTER
    unfinished = ExportJob.objects.filter(requested_by=actor).filter(
        Q(status=ExportStatus.QUEUED) | Q(status=ExportStatus.RUNNING, heartbeat_at__gte=recent)
    )
    if unfinished.count() >= MAX_UNFINISHED_JOBS:
        raise Conflict(
            _("You already have %(count)s exports in progress. Wait for one to finish and try again.")
            % {"count": MAX_UNFINISHED_JOBS},
            code="too_many_exports",
        )
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=actor, filters=asdict(filters), language=get_language() or settings.LANGUAGE_CODE,
            row_url=row_url, expires_at=timezone.now() + KEEP_FOR,
        )
        enqueue_with_transaction(build_xlsx_export, job_id=str(job.pk))
    return job


def export_job_start(*, job_id) -> ExportJob | None:
    """QUEUED → RUNNING, once: a task handed the same job again (a requeued task) gets None."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    return ExportJob.objects.select_related("requested_by").get(pk=job_id) if claimed else None


def export_job_progress(*, job: ExportJob, rows_done: int, rows_total: int | None = None) -> None:
    job.rows_done, job.heartbeat_at = rows_done, timezone.now()
    changes = {"rows_done": rows_done, "heartbeat_at": job.heartbeat_at}
    if rows_total is not None:
        job.rows_total = changes["rows_total"] = rows_total
    ExportJob.objects.filter(pk=job.pk).update(**changes)


def export_job_finish(*, job: ExportJob, name: str, size: int) -> None:
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE, file=name, size=size, rows_done=job.rows_done, finished_at=now,
        heartbeat_at=now, expires_at=now + KEEP_FOR,
    )


def export_job_fail(*, job_id, error: str) -> None:
    now = timezone.now()
    ExportJob.objects.filter(pk=job_id).exclude(status=ExportStatus.DONE).update(
        status=ExportStatus.FAILED, error=error[:2000], finished_at=now, expires_at=now + KEEP_FOR
    )


@dataclass
class PruneResult:
    stalled: int = 0
    deleted: int = 0
    files: int = 0


def export_jobs_prune(*, now: datetime.datetime | None = None) -> PruneResult:
    """Mark jobs whose worker died as failed; delete expired jobs with their files, and stray files.

    Run from cron (`manage.py prune_export_jobs`), say hourly.
    """
    now = now or timezone.now()
    result = PruneResult()
    silent = Q(heartbeat_at__lt=now - STALL_AFTER) | Q(heartbeat_at__isnull=True, started_at__lt=now - STALL_AFTER)
    result.stalled = ExportJob.objects.filter(silent, status=ExportStatus.RUNNING).update(
        status=ExportStatus.FAILED, error=STALLED_ERROR, finished_at=now, expires_at=now + KEEP_FOR
    )
    expired = ExportJob.objects.filter(expires_at__lt=now)
    storage = ExportJob._meta.get_field("file").storage
    for job_id, name in expired.values_list("pk", "file"):
        if name and storage.exists(name):
            storage.delete(name)
            result.files += 1
        result.deleted += ExportJob.objects.filter(pk=job_id).delete()[0]
    # Files no job names (a worker killed between writing and recording): removed once old enough.
    kept = set(ExportJob.objects.exclude(file="").values_list("file", flat=True))
    folder = Path(storage.path(EXPORT_FOLDER))
    if folder.is_dir():
        cutoff = (now - KEEP_FOR).timestamp()
        for path in folder.iterdir():
            if f"{EXPORT_FOLDER}/{path.name}" not in kept and path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                result.files += 1
    return result


EXPORT_FOLDER = "exports"
# Stored as written: the pages show a translated message for failures (the code, not this text).
STALLED_ERROR = "stalled: the worker stopped while writing the export"
