"""Exports of the catalogue's rows (any filters, the viewer's visibility) as CSV, XLSX and IATI XML.

CSV and IATI stream as the request is answered; XLSX is written by a background task (tasks.py)
into a private file that its owner downloads when it is ready. The page links and the API
endpoints answer with the same responses built here.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core.errors import NotFound
from musharaka.core.i18n import is_arabic
from musharaka.geo.models import City, Region
from musharaka.taxonomy.models import SDG, Axis, TargetGroup

from ..selectors import InitiativeFilters
from . import iati
from .selectors import RecordChunk, export_queryset, export_records, iati_records
from .services import IMPORT_COLUMNS, REQUIRED_KEYS, template_rows
from .spreadsheets import CSV_CONTENT_TYPE, FORMULA_STARTS, XLSX_CONTENT_TYPE, Column, csv_stream, xlsx_file

EXPORT_COLUMNS = (
    Column("id", "الرقم", "ID"),
    Column("title_ar", "العنوان بالعربية", "Title (Arabic)"),
    Column("title_en", "العنوان بالإنجليزية", "Title (English)"),
    Column("summary_ar", "الملخص بالعربية", "Summary (Arabic)"),
    Column("lead_organization_id", "رقم الجهة القائدة", "Lead organisation ID"),
    Column("lead_organization", "الجهة القائدة", "Lead organisation"),
    Column("sector", "القطاع", "Sector"),
    Column("region", "رمز المنطقة", "Region code"),
    Column("region_name", "المنطقة", "Region"),
    Column("cities", "المدن", "Cities"),
    Column("axes", "المحاور", "Axes"),
    Column("sdgs", "أهداف التنمية المستدامة", "SDGs"),
    Column("target_groups", "الفئات المستهدفة", "Target groups"),
    Column("start_date", "تاريخ البدء", "Start date"),
    Column("end_date", "تاريخ الانتهاء", "End date"),
    Column("budget", "الميزانية", "Budget"),
    Column("currency", "العملة", "Currency"),
    Column("planned_beneficiaries", "المستفيدون المخطط لهم", "Planned beneficiaries"),
    Column("actual_beneficiaries", "المستفيدون الفعليون", "Actual beneficiaries"),
    Column("status", "الحالة", "Status"),
    Column("published_at", "تاريخ النشر", "Published"),
    Column("is_success_story", "تجربة ناجحة", "Successful experience"),
    Column("replicated_from_id", "مكررة من المبادرة رقم", "Replicated from (ID)"),
    Column("url", "الرابط", "URL"),
)

CODE_SEPARATOR = ", "
_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def export_row_chunks(
    chunks: Iterable[RecordChunk], *, url_for: Callable[[int], str], for_csv: bool
) -> Iterator[list[list[Any]]]:
    """EXPORT_COLUMNS' values of each row, a list per chunk.

    One pass of plain Python per row, with the conversions each column needs and no more (this
    loop is most of an export's Python time). For CSV the values come out as the csv module
    writes them (None as empty, dates as ISO text, booleans as true/false, text that a
    spreadsheet would run as a formula quoted); for XLSX typed (dates, numbers) and sanitised
    per cell by the writer.
    """
    english = not is_arabic()
    city_separator = ", " if english else "، "
    zone = timezone.get_current_timezone()
    join = CODE_SEPARATOR.join
    first = _FORMULA_FIRST

    def text(value: str) -> str:
        return "'" + value if for_csv and value and value[0] in first else value

    for chunk in chunks:
        axes, sdgs, groups, cities = chunk.axes, chunk.sdgs, chunk.target_groups, chunk.cities
        out: list[list] = []
        append = out.append
        for (pk, title_ar, title_en, summary_ar, lead_id, lead_ar, lead_en, sector, region_code, region_ar, region_en,
             start, end, budget, currency, planned, actual, status, published, success, source) in chunk.rows:
            places = cities.get(pk)
            if places:
                names = dict.fromkeys((other if english and other else arabic) for arabic, other in places)
                city_names = text(city_separator.join(names))
            else:
                city_names = ""
            if published is not None:
                published = published.astimezone(zone).replace(tzinfo=None, microsecond=0)
            numbers = sdgs.get(pk)
            append([
                pk, text(title_ar), text(title_en), text(summary_ar), lead_id,
                text(lead_en if english and lead_en else lead_ar), sector, region_code,
                text(region_en if english and region_en else region_ar), city_names,
                join(axes.get(pk, ())), join(map(str, numbers)) if numbers else "", join(groups.get(pk, ())),
                start, end, budget, currency, planned, actual, status, published,
                ("true" if success else "false") if for_csv else success, source, url_for(pk),
            ])
        yield out


def detail_url_pattern(request: HttpRequest) -> str:
    """The absolute address of an initiative's page, with "{id}" for its number."""
    marker = 987654321
    address = request.build_absolute_uri(reverse("initiatives:detail", kwargs={"initiative_id": marker}))
    return address.replace(str(marker), "{id}", 1)


def url_maker(pattern: str) -> Callable[[int], str]:
    """initiative id → absolute URL of its page, without a reverse() per row."""
    head, tail = pattern.split("{id}", 1)
    return lambda pk: f"{head}{pk}{tail}"


def detail_url_maker(request: HttpRequest) -> Callable[[int], str]:
    return url_maker(detail_url_pattern(request))


def export_rows(*, user, filters: InitiativeFilters, url_for: Callable[[int], str], for_csv: bool,
                chunk_size: int | None = None) -> Iterator[list[list[Any]]]:
    records = export_records(export_queryset(user=user, filters=filters), chunk_size=chunk_size)
    return export_row_chunks(records, url_for=url_for, for_csv=for_csv)


def _filename(extension: str) -> str:
    return f"musharaka-initiatives-{timezone.localdate():%Y%m%d}.{extension}"


def csv_response(request: HttpRequest, *, user, filters: InitiativeFilters) -> StreamingHttpResponse:
    rows = export_rows(user=user, filters=filters, url_for=detail_url_maker(request), for_csv=True)
    response = StreamingHttpResponse(csv_stream(EXPORT_COLUMNS, rows, prepared=True), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_title() -> str:
    return "المبادرات" if is_arabic() else "Initiatives"


def xlsx_export_write(job, output, *, on_progress: Callable[[int, int | None], None]) -> None:
    """Write the workbook of an export job into `output` (a path or a binary file).

    Runs in the worker, in the job's language; `on_progress(rows_done, rows_total)` after each chunk.
    """
    from ..filters import parse_filters

    filters = parse_filters(job.filters)
    queryset = export_queryset(user=job.requested_by, filters=filters)
    total = queryset.order_by().count()
    on_progress(0, total)
    done = 0

    def counted(chunks):
        nonlocal done
        for rows in chunks:
            yield rows
            done += len(rows)
            on_progress(done, None)

    chunks = export_row_chunks(export_records(queryset), url_for=url_maker(job.row_url), for_csv=False)
    xlsx_file(EXPORT_COLUMNS, counted(chunks), title=xlsx_title(), output=output)


def job_file_response(job) -> FileResponse:
    """The finished workbook of a job (the caller has checked who asks); anything else is a 404."""
    from .models import ExportStatus

    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = f"musharaka-initiatives-{timezone.localtime(job.created_at):%Y%m%d-%H%M}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def iati_response(request: HttpRequest, *, user, filters: InitiativeFilters) -> StreamingHttpResponse:
    """Published initiatives only, whoever asks: IATI is a publication.

    Filters that match nothing are a NotFound (the API's 404 JSON, the page's message): the standard
    needs at least one activity, so an empty <iati-activities> is a document its schema rejects.
    """
    queryset = export_queryset(user=user, filters=filters, published_only=True)
    if not queryset.exists():
        raise NotFound(
            _("No published initiative matches these filters: there is nothing to export to IATI."),
            code="no_matching_initiatives",
        )
    axes_uri = request.build_absolute_uri(reverse("taxonomy:index"))
    response = StreamingHttpResponse(
        iati.activities_xml(iati_records(queryset), url_for=detail_url_maker(request), axes_uri=axes_uri),
        content_type="application/xml",
    )
    response["Content-Disposition"] = f'inline; filename="{_filename("xml")}"'
    return response


# ---------------------------------------------------------------- import templates


def import_template_csv() -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_stream(IMPORT_COLUMNS, []), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="musharaka-initiatives-import.csv"'
    return response


def import_template_xlsx() -> FileResponse:
    """The columns to fill (required ones in red), then the instructions and the codes to use."""
    arabic = is_arabic()
    names = ("الرمز", "الاسم بالعربية", "الاسم بالإنجليزية") if arabic else ("Code", "Arabic name", "English name")
    sheets = [
        ("التعليمات" if arabic else "Instructions",
         ("المفتاح", "العمود", "Column", "مطلوب", "الصيغة", "Format", "مثال") if arabic
         else ("Key", "العمود", "Column", "Required", "الصيغة", "Format", "Example"),
         template_rows()),
        ("المناطق" if arabic else "Regions", names, Region.objects.values_list("code", "name_ar", "name_en")),
        ("المدن" if arabic else "Cities", ("رمز المنطقة" if arabic else "Region code", *names[1:]),
         City.objects.order_by("region__code", "name_ar").values_list("region__code", "name_ar", "name_en")),
        ("المحاور" if arabic else "Axes", names, Axis.objects.values_list("code", "name_ar", "name_en")),
        ("الأهداف" if arabic else "SDGs", names, SDG.objects.values_list("number", "name_ar", "name_en")),
        ("الفئات" if arabic else "Target groups", names, TargetGroup.objects.values_list("code", "name_ar", "name_en")),
    ]
    output = xlsx_file(IMPORT_COLUMNS, [], title="المبادرات" if arabic else "Initiatives", extra_sheets=sheets,
                       required=REQUIRED_KEYS)
    return FileResponse(output, as_attachment=True, filename="musharaka-initiatives-import.xlsx",
                        content_type=XLSX_CONTENT_TYPE)
