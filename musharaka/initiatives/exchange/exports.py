"""Exports of the catalogue's rows (any filters, the viewer's visibility) as CSV, XLSX and IATI XML.

The page links and the API endpoints answer with the same responses built here.
"""

from collections.abc import Iterator
from typing import Any

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from musharaka.core.i18n import is_arabic
from musharaka.geo.models import City, Region
from musharaka.taxonomy.models import SDG, Axis, TargetGroup

from ..selectors import InitiativeFilters
from . import iati
from .selectors import export_chunks, export_queryset, export_records
from .services import IMPORT_COLUMNS, REQUIRED_KEYS, template_rows
from .spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, Column, csv_stream, xlsx_file

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


def export_row(record: dict[str, Any], url: str) -> list[Any]:
    english = not is_arabic()

    def name(arabic: str, other: str) -> str:
        return other if english and other else arabic

    cities = dict.fromkeys(name(arabic, other) for arabic, other in record["cities"])
    return [
        record["pk"],
        record["title_ar"],
        record["title_en"],
        record["summary_ar"],
        record["lead_organization_id"],
        name(record["lead_organization__name_ar"], record["lead_organization__name_en"]),
        record["lead_organization__sector"],
        record["region__code"],
        name(record["region__name_ar"], record["region__name_en"]),
        (", " if english else "، ").join(cities),
        CODE_SEPARATOR.join(record["axes"]),
        CODE_SEPARATOR.join(str(number) for number in record["sdgs"]),
        CODE_SEPARATOR.join(record["target_groups"]),
        record["start_date"],
        record["end_date"],
        record["budget"],
        record["currency"],
        record["planned_beneficiaries"],
        record["actual_beneficiaries"],
        record["status"],
        record["published_at"],
        record["is_success_story"],
        record["replicated_from_id"],
        url,
    ]


def detail_url_maker(request: HttpRequest):
    """initiative id → absolute URL of its page, without a reverse() per row."""
    marker = 987654321
    template = request.build_absolute_uri(reverse("initiatives:detail", kwargs={"initiative_id": marker}))
    head, tail = template.split(str(marker), 1)
    return lambda pk: f"{head}{pk}{tail}"


def export_rows(request: HttpRequest, *, user, filters: InitiativeFilters) -> Iterator[list[list[Any]]]:
    url = detail_url_maker(request)
    for chunk in export_records(export_queryset(user=user, filters=filters)):
        yield [export_row(record, url(record["pk"])) for record in chunk]


def _filename(extension: str) -> str:
    return f"musharaka-initiatives-{timezone.localdate():%Y%m%d}.{extension}"


def csv_response(request: HttpRequest, *, user, filters: InitiativeFilters) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_stream(EXPORT_COLUMNS, export_rows(request, user=user, filters=filters)), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(request: HttpRequest, *, user, filters: InitiativeFilters) -> FileResponse:
    title = "المبادرات" if is_arabic() else "Initiatives"
    output = xlsx_file(EXPORT_COLUMNS, export_rows(request, user=user, filters=filters), title=title)
    return FileResponse(output, as_attachment=True, filename=_filename("xlsx"), content_type=XLSX_CONTENT_TYPE)


def iati_response(request: HttpRequest, *, user, filters: InitiativeFilters) -> StreamingHttpResponse:
    """Published initiatives only, whoever asks: IATI is a publication."""
    queryset = export_queryset(user=user, filters=filters, published_only=True)
    axes_uri = request.build_absolute_uri(reverse("taxonomy:index"))
    chunks = export_chunks(queryset, partners=True)
    response = StreamingHttpResponse(
        iati.activities_xml(chunks, url_for=detail_url_maker(request), axes_uri=axes_uri), content_type="application/xml"
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
