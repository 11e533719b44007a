"""The register's rows (the page's filters, what the person may see) as CSV and XLSX.

Rows come from values_list() through iterator() in chunks, with one query per chunk for the parties,
regions and axes: no model instance per row, memory bounded by the chunk whatever the register's size.
CSV streams as it is written and has no limit (30,000 agreements at scale 100 write in seconds). An XLSX
workbook is built whole before it is sent, so it is capped at XLSX_MAX_ROWS rows: beyond, the person
narrows the filters or takes the CSV (refused with the count, never cut short silently). The writers (BOM,
formula neutralising, RTL sheets) are the initiatives exchange's, shared.
"""

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core.errors import InvalidInput
from musharaka.core.i18n import is_arabic
from musharaka.initiatives.exchange.spreadsheets import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Column,
    csv_stream,
    csv_value,
    xlsx_file,
)

from . import selectors
from .models import AgreementKind, AgreementParty, AgreementStatus, Renewal, derive_status

__all__ = ["CSV_CONTENT_TYPE", "XLSX_CONTENT_TYPE", "csv_response", "export_rows", "xlsx_response"]

CHUNK = 2000
# openpyxl writes about 1,000 of these rows a second on the busy 2-core machine (30,000 rows: 30 s, 84 MB):
# a request stays near 10 s. A larger workbook would be the initiatives' background export job, which is
# written for the initiatives' ExportJob only today.
XLSX_MAX_ROWS = 10_000

COLUMNS = (
    Column("id", "الرقم", "ID"),
    Column("title_ar", "العنوان بالعربية", "Title (Arabic)"),
    Column("title_en", "العنوان بالإنجليزية", "Title (English)"),
    Column("kind", "النوع", "Kind"),
    Column("status", "الحالة", "Status"),
    Column("organization", "الجهة المسجلة", "Recorded by"),
    Column("parties", "الأطراف", "Parties"),
    Column("sectors", "قطاعات الأطراف", "Sectors of the parties"),
    Column("signed_on", "تاريخ التوقيع", "Signed on"),
    Column("signed_place", "مكان التوقيع", "Place of signing"),
    Column("starts_on", "تاريخ السريان", "In force from"),
    Column("ends_on", "تاريخ الانتهاء", "In force until"),
    Column("renewal", "التجديد", "Renewal"),
    Column("notice_days", "مدة الإشعار (أيام)", "Notice period (days)"),
    Column("regions", "المناطق", "Regions"),
    Column("axes", "المحاور", "Axes"),
    Column("commitment_count", "عدد الالتزامات", "Commitments"),
    Column("commitments_done", "الالتزامات المنجزة", "Commitments fulfilled"),
    Column("event", "الفعالية", "Event"),
    Column("is_published", "منشورة", "Published"),
    Column("url", "الرابط", "URL"),
)

FIELDS = (
    "id", "title_ar", "title_en", "kind", "stage", "starts_on", "ends_on", "notice_starts_on",
    "organization__name_ar", "organization__name_en", "party_sectors", "signed_on", "signed_place", "renewal",
    "notice_days", "commitment_count", "commitments_done", "event__title_ar", "event__title_en", "is_published",
)


def export_queryset(*, user, filters: selectors.AgreementFilters, today: datetime.date):
    return selectors.filtered_agreements(user, filters, today=today).order_by("-signed_on", "-pk")


def _chunk_lookups(ids: list[int], english: bool) -> tuple[dict, dict, dict]:
    """Parties' names, region codes and axis codes of a chunk's agreements: three queries."""
    from .models import Agreement

    parties: dict[int, list[str]] = defaultdict(list)
    for agreement_id, org_ar, org_en, name_ar, name_en in (
            AgreementParty.objects.filter(agreement_id__in=ids).order_by("agreement_id", "position", "pk")
            .values_list("agreement_id", "organization__name_ar", "organization__name_en", "name_ar", "name_en")):
        arabic, other = (org_ar, org_en) if org_ar else (name_ar, name_en)
        parties[agreement_id].append(other if english and other else arabic)
    regions: dict[int, list[str]] = defaultdict(list)
    for agreement_id, code in Agreement.regions.through.objects.filter(agreement_id__in=ids).order_by(
            "agreement_id", "region__code").values_list("agreement_id", "region__code"):
        regions[agreement_id].append(code)
    axes: dict[int, list[str]] = defaultdict(list)
    for agreement_id, code in Agreement.axes.through.objects.filter(agreement_id__in=ids).order_by(
            "agreement_id", "axis__code").values_list("agreement_id", "axis__code"):
        axes[agreement_id].append(code)
    return parties, regions, axes


def detail_url_maker(request) -> Any:
    """agreement id → the absolute address of its page (reversed once, not per row)."""
    marker = 987654321
    address = request.build_absolute_uri(reverse("partnerships:detail", kwargs={"agreement_id": marker}))
    head, tail = address.split(str(marker), 1)
    return lambda pk: f"{head}{pk}{tail}"


def export_rows(*, user, filters: selectors.AgreementFilters, url_for=lambda pk: "",
                limit: int | None = None) -> Iterator[list[list[Any]]]:
    """COLUMNS' values, a list of rows per chunk, typed (dates, numbers, booleans) for the writers."""
    today = timezone.localdate()
    english = not is_arabic()
    kinds, statuses, renewals = (dict((value, str(label)) for value, label in choices.choices)
                                 for choices in (AgreementKind, AgreementStatus, Renewal))
    separator = ", " if english else "، "
    queryset = export_queryset(user=user, filters=filters, today=today).values_list(*FIELDS)
    if limit is not None:
        queryset = queryset[:limit]
    for chunk in itertools.batched(queryset.iterator(chunk_size=CHUNK), CHUNK):
        parties, regions, axes = _chunk_lookups([row[0] for row in chunk], english)
        out = []
        for (pk, title_ar, title_en, kind, stage, starts_on, ends_on, notice_starts_on, org_ar, org_en, sectors,
             signed_on, signed_place, renewal, notice_days, commitments, done, event_ar, event_en,
             published) in chunk:
            status = derive_status(stage=stage, starts_on=starts_on, ends_on=ends_on,
                                   notice_starts_on=notice_starts_on, today=today)
            out.append([
                pk, title_ar, title_en, kinds.get(kind, kind), statuses.get(status, status),
                org_en if english and org_en else org_ar, separator.join(parties.get(pk, ())),
                ", ".join(sectors.split(",")) if sectors else "", signed_on, signed_place, starts_on, ends_on,
                renewals.get(renewal, renewal), notice_days, ", ".join(regions.get(pk, ())),
                ", ".join(axes.get(pk, ())), commitments, done, (event_en if english and event_en else event_ar) or "",
                published, url_for(pk),
            ])
        yield out


def _filename(extension: str) -> str:
    return f"musharaka-agreements-{timezone.localdate():%Y%m%d}.{extension}"


def csv_response(*, user, filters: selectors.AgreementFilters, request=None) -> StreamingHttpResponse:
    url_for = detail_url_maker(request) if request is not None else (lambda pk: "")
    rows = ([[csv_value(value) for value in row] for row in chunk]
            for chunk in export_rows(user=user, filters=filters, url_for=url_for))
    response = StreamingHttpResponse(csv_stream(COLUMNS, rows, prepared=True), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(*, user, filters: selectors.AgreementFilters, request=None) -> FileResponse:
    total = export_queryset(user=user, filters=filters, today=timezone.localdate()).order_by().count()
    if total > XLSX_MAX_ROWS:
        raise InvalidInput(
            _("%(count)s agreements match: an Excel file holds at most %(limit)s. Narrow the filters, or "
              "download the CSV file, which has no limit.") % {"count": total, "limit": XLSX_MAX_ROWS},
            code="too_many_rows")
    url_for = detail_url_maker(request) if request is not None else (lambda pk: "")
    title = "الاتفاقيات" if is_arabic() else "Agreements"
    output = xlsx_file(COLUMNS, export_rows(user=user, filters=filters, url_for=url_for, limit=XLSX_MAX_ROWS),
                       title=title)
    return FileResponse(output, as_attachment=True, filename=_filename("xlsx"), content_type=XLSX_CONTENT_TYPE)

