"""Spreadsheet formats: writing CSV and XLSX safely, and reading uploaded CSV and XLSX defensively.

Writing: every text cell that a spreadsheet would run as a formula (= + - @, tab, carriage
return) is prefixed with a single quote; CSV is UTF-8 with a BOM so that Excel shows Arabic;
XLSX is written by openpyxl in write-only mode, so rows go to disk as they come.

Reading: at most MAX_UPLOAD_BYTES and MAX_ROWS rows; an XLSX is a zip, so its members' sizes and
compression ratios are checked before openpyxl opens it (zip bombs), a workbook linking to other
files or data sources is refused, and it is opened read-only with cached values only (no
formulas); CSV is UTF-8 (with or without BOM) or Windows-1256 (Arabic Windows).
"""

import csv
import datetime
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from musharaka.core.arabic import strip_bidi_controls
from musharaka.core.errors import DomainError, InvalidInput
from musharaka.core.i18n import is_arabic

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 60
# Zip bombs: the members of an uploaded workbook may not unpack to more than this, nor (once a
# member is larger than RATIO_CHECK_FROM) be more than MAX_RATIO times smaller packed.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECK_FROM = 1024 * 1024
MAX_MEMBERS = 1000
# A run of empty rows this long ends the data (a crafted sheet may claim rows far away).
MAX_EMPTY_RUN = 10_000

# Parts of a workbook that point outside it: links to other workbooks, external data connections.
LINK_PARTS = ("xl/externalLinks/", "xl/connections.xml")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
KEY_IN_HEADER = re.compile(r"\(\s*([a-z_]+)\s*\)\s*$")


class FileTooLarge(DomainError):
    status = 413
    code = "file_too_large"


@dataclass(frozen=True)
class Column:
    key: str
    label_ar: str
    label_en: str

    @property
    def label(self) -> str:
        return self.label_ar if is_arabic() else self.label_en

    @property
    def header(self) -> str:
        """What a person reads, with the key a program (and the importer) reads: "Title (Arabic) (title_ar)"."""
        return f"{self.label} ({self.key})"


# ---------------------------------------------------------------- writing


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula gets a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _local(value: datetime.datetime) -> datetime.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return _local(value).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(str(value))


def xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return _local(value)
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def csv_stream(
    columns: Sequence[Column], chunks: Iterable[Iterable[Sequence[Any]]], *, prepared: bool = False
) -> Iterator[bytes]:
    """UTF-8 with a BOM, one piece of bytes per chunk of rows.

    `prepared`: the rows' values are already as csv_value makes them (or as the csv module writes
    them the same way: None, numbers, dates), so each chunk goes to the writer in one call.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([neutralise(column.header) for column in columns])
    for rows in chunks:
        if prepared:
            writer.writerows(rows)
        else:
            for row in rows:
                writer.writerow([csv_value(value) for value in row])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate(0)
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def xlsx_file(
    columns: Sequence[Column],
    chunks: Iterable[Iterable[Sequence[Any]]],
    *,
    title: str,
    extra_sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]] = (),
    required: frozenset[str] = frozenset(),
    output=None,
):
    """A workbook in an anonymous temporary file (gone once closed), rewound for reading; or saved
    into `output` (a path or a binary file) when given.

    `extra_sheets` are (title, header, rows) after the first sheet: instructions, code lists.
    Headers of `required` columns are red.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(title))
    _prepare(sheet)
    bold, red = Font(bold=True), Font(bold=True, color="C00000")
    sheet.append([_header_cell(sheet, column.header, red if column.key in required else bold) for column in columns])
    for rows in chunks:
        for row in rows:
            sheet.append([xlsx_value(value) for value in row])
    for sheet_title, header, rows in extra_sheets:
        extra = workbook.create_sheet(_sheet_title(sheet_title))
        _prepare(extra)
        extra.append([_header_cell(extra, text, bold) for text in header])
        for row in rows:
            extra.append([xlsx_value(value) for value in row])
    if output is not None:
        workbook.save(output)
        return output
    output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it, and so deletes it)
    workbook.save(output)
    output.seek(0)
    return output


def _sheet_title(title: str) -> str:
    return re.sub(r"[\\/*?:\[\]]", " ", title)[:31]


def _prepare(sheet) -> None:
    sheet.sheet_view.rightToLeft = is_arabic()
    sheet.freeze_panes = "A2"


def _header_cell(sheet, text: str, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=xlsx_value(text))
    cell.font = font
    return cell


# ---------------------------------------------------------------- reading


@dataclass
class Table:
    """An uploaded sheet: its header cells and its non-empty rows, each with its row number (header = 1)."""

    header: list[str]
    rows: list[tuple[int, list[Any]]]


def read_table(upload) -> Table:
    """The first sheet of an uploaded XLSX or CSV file, or an InvalidInput/FileTooLarge saying why not."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise FileTooLarge(
            pgettext("import", "The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD_BYTES)}
        )
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileTooLarge(pgettext("import", "The file is too large. The limit is %(limit)s.")
                           % {"limit": filesizeformat(MAX_UPLOAD_BYTES)})
    if not data.strip():
        raise InvalidInput(_("The file is empty."), code="empty_file", field="file")
    if data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidInput(_("Old Excel files (.xls) cannot be read. Save the file as .xlsx or CSV and try again."),
                           code="unsupported_file", field="file")
    else:
        rows = _csv_rows(data)
    return _table(rows)


def _table(rows: Iterator[list[Any]]) -> Table:
    header: list[str] | None = None
    body: list[tuple[int, list[Any]]] = []
    empty_run = 0
    for number, row in enumerate(rows, start=1):
        if all(_blank(value) for value in row):
            empty_run += 1
            if empty_run > MAX_EMPTY_RUN:
                break
            continue
        empty_run = 0
        if header is None:
            header = ["" if value is None else str(value).strip() for value in row]
            continue
        if len(body) >= MAX_ROWS:
            raise InvalidInput(
                _("The file has more than %(limit)s rows. Split it into smaller files.") % {"limit": MAX_ROWS},
                code="too_many_rows", field="file",
            )
        body.append((number, list(row)))
    if header is None:
        raise InvalidInput(_("The file is empty."), code="empty_file", field="file")
    return Table(header=header, rows=body)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _xlsx_rows(data: bytes) -> Iterator[list[Any]]:
    unreadable = InvalidInput(
        _("The file could not be read as an Excel workbook (.xlsx). Check it opens in Excel, or save it as CSV."),
        code="unreadable_file", field="file",
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise unreadable from error
    unpacked = sum(member.file_size for member in members)
    too_packed = any(
        member.file_size > RATIO_CHECK_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES or too_packed:
        raise FileTooLarge(
            _("The workbook unpacks to too much data (%(size)s) for its size; it was refused. "
              "Save it again from Excel, or as CSV.") % {"size": filesizeformat(unpacked)},
            code="zip_bomb",
        )
    if any(member.filename.startswith(LINK_PARTS) for member in members):
        # Links to other workbooks or data sources: their cached values come from files we cannot see,
        # and opening the workbook again elsewhere would reach out to them.
        raise InvalidInput(
            _("The workbook links to other files or data sources (external links); it was refused. "
              "Copy the values into the workbook (Paste Special → Values), remove the links and try again."),
            code="external_links", field="file",
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds (KeyError, ValueError, XML errors) on damaged files
        raise unreadable from error
    try:
        if not workbook.worksheets:
            raise unreadable
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            yield list(row)
    except DomainError:
        raise
    except Exception as error:
        raise unreadable from error
    finally:
        workbook.close()


def decode_csv(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) or else Windows-1256, the Arabic Windows code page."""
    for encoding in ("utf-8-sig", "cp1256"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise InvalidInput(
        _("The file is neither UTF-8 nor Windows Arabic (cp1256) text. Save it as “CSV UTF-8” or as .xlsx."),
        code="bad_encoding", field="file",
    )


def _csv_rows(data: bytes) -> Iterator[list[Any]]:
    text = decode_csv(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield row[:MAX_COLUMNS]
    except csv.Error as error:
        raise InvalidInput(
            _("The CSV file is malformed near line %(line)s.") % {"line": reader.line_num},
            code="unreadable_file", field="file",
        ) from error


def header_keys(header: Sequence[str], columns: Sequence[Column]) -> list[str | None]:
    """The column key of each header cell: the key itself, "label (key)", or a label in either language."""
    by_name: dict[str, str] = {}
    for column in columns:
        for name in (column.key, column.label_ar, column.label_en):
            by_name[_fold(name)] = column.key
    keys: list[str | None] = []
    for text in header:
        match = KEY_IN_HEADER.search(text)
        key = match.group(1) if match and match.group(1) in by_name else by_name.get(_fold(text))
        keys.append(key)
    return keys


def _fold(text: str) -> str:
    return " ".join(text.replace(BOM, "").split()).casefold()


def plain(value: Any) -> Any:
    """A cell as read: text stripped (of bidi overrides too, as in the forms), whole floats as ints (Excel stores 12 as 12.0)."""
    if isinstance(value, str):
        return strip_bidi_controls(value).strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
