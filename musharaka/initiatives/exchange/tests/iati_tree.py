"""The IATI writer as it was before the string writer (commit 4660bfe): each activity built as an lxml
tree and written by lxml's incremental writer. Kept as the reference the string writer's bytes are
compared with (test_iati.test_string_writer_matches_the_tree_writer); the rules it follows are
described in iati.py."""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.utils import timezone
from lxml import etree

# The codes and small rules are the writer's own: the reference differs only in how it builds the XML.
from musharaka.initiatives.exchange.iati import (
    _NOT_XML,
    ACCOUNTABLE,
    ACTIVITY_WEB_PAGE,
    ACTUAL_END,
    ACTUAL_START,
    ADMINISTRATIVE_REGION,
    APPROXIMATE,
    CENT,
    GENERAL_DESCRIPTION,
    IATI_VERSION,
    IMPLEMENTING,
    INDICATIVE,
    ORGANISATION_TYPE,
    ORIGINAL_BUDGET,
    OWN_VOCABULARY,
    PARTNER_ROLE,
    PLANNED_END,
    PLANNED_START,
    POPULATED_PLACE,
    SDG_VOCABULARY,
    TARGET_GROUPS_DESCRIPTION,
    WGS84,
    activity_status,
    org_prefix,
)
from musharaka.initiatives.exchange.selectors import IatiChunk
from musharaka.initiatives.models import Status

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def activities_xml(chunks: Iterable[IatiChunk], *, url_for: Callable[[int], str], axes_uri: str = "") -> Iterator[bytes]:
    """The <iati-activities> document, one piece of bytes per chunk of initiatives.

    lxml's incremental writer: the document is never whole in memory, each activity is built as
    a small tree from the chunk's rows and written out.
    """
    sink = _Sink()
    generated = timezone.now().replace(microsecond=0).isoformat()
    context = _Context(prefix=org_prefix(), today=timezone.localdate(), zone=timezone.get_current_timezone(),
                       axes_uri=axes_uri, parts=_Parts())
    with etree.xmlfile(sink, encoding="utf-8") as xml:
        xml.write_declaration()
        with xml.element("iati-activities", {"version": IATI_VERSION, "generated-datetime": generated}):
            for chunk in chunks:
                for row in chunk.rows:
                    xml.write(activity_element(row, chunk, context, url=url_for(row[0])))
                xml.flush()
                yield sink.take()
    yield sink.take()


class _Sink:
    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.parts.append(data)

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


@dataclass(frozen=True)
class _Context:
    prefix: str
    today: datetime.date
    zone: datetime.tzinfo
    axes_uri: str
    parts: "_Parts"


class _Parts:
    """Subtrees that repeat from activity to activity (an organisation in a role, a place, a sector
    with its share, a country): built once per export, then copied, which lxml does in C about
    seven times faster than building the elements again from Python."""

    LIMIT = 50_000  # distinct subtrees kept (a few hundred bytes each)

    def __init__(self):
        self.cache: dict[tuple, etree._Element] = {}

    def add(self, parent, key: tuple, build: Callable[[etree._Element], None]) -> None:
        element = self.cache.get(key)
        if element is None:
            if len(self.cache) >= self.LIMIT:
                self.cache.clear()
            scratch = etree.Element("scratch")
            build(scratch)
            element = self.cache[key] = scratch[0]
        parent.append(_copy(element))


def activity_element(row: tuple, chunk: IatiChunk, context: _Context, *, url: str = "") -> etree._Element:
    """One <iati-activity> from a row of selectors.IATI_FIELDS, its children in the schema's order."""
    (pk, updated_at, currency, lead_id, lead_sector, lead_ar, lead_en, title_ar, title_en, summary_ar, summary_en,
     status, results_ar, results_en, start_date, end_date, publication, country_code, country_ar,
     country_en, budget) = row
    lead_ref = f"{context.prefix}-{lead_id}"
    lead_type = ORGANISATION_TYPE.get(lead_sector, "10")
    activity = etree.Element("iati-activity", {
        "last-updated-datetime": updated_at.astimezone(context.zone).replace(microsecond=0).isoformat(),
        XML_LANG: "ar",
        "default-currency": currency,
    })
    _SubElement(activity, "iati-identifier").text = f"{lead_ref}-{pk}"
    parts = context.parts
    parts.add(activity, ("reporting", lead_id), lambda parent: _narratives(
        _SubElement(parent, "reporting-org", {"ref": lead_ref, "type": lead_type}), lead_ar, lead_en))
    _narratives(_SubElement(activity, "title"), title_ar, title_en)
    _narratives(_SubElement(activity, "description", {"type": GENERAL_DESCRIPTION}), summary_ar or title_ar, summary_en)
    groups = chunk.target_groups.get(pk)
    if groups:
        parts.add(activity, ("groups", *groups), lambda parent: _narratives(
            _SubElement(parent, "description", {"type": TARGET_GROUPS_DESCRIPTION}),
            "، ".join(arabic for arabic, _ in groups), ", ".join(english for _, english in groups)))
    for role in (ACCOUNTABLE, IMPLEMENTING):
        parts.add(activity, ("org", lead_id, role), partial(_participating_org, ref=lead_ref, type=lead_type, role=role,
                                                            name_ar=lead_ar, name_en=lead_en))
    for org_id, sector, name_ar, name_en, partner_role in chunk.partners.get(pk, ()):
        role = PARTNER_ROLE.get(partner_role, "3")
        parts.add(activity, ("org", org_id, role), partial(
            _participating_org, ref=f"{context.prefix}-{org_id}", type=ORGANISATION_TYPE.get(sector, "10"), role=role,
            name_ar=name_ar, name_en=name_en))
    _SubElement(activity, "activity-status", {"code": activity_status(status, bool(results_ar or results_en))})
    publication = publication and publication.astimezone(context.zone).date()  # None with a start date
    start = _start(start_date, end_date, publication)
    _dates(activity, status, start_date, end_date, start, context.today)
    places = chunk.places.get(pk, ())
    countries = {country_code: (country_ar, country_en)}
    for place in places:
        countries.setdefault(place[0], (place[1], place[2]))
    for (code, (name_ar, name_en)), share in zip(countries.items(), _shares(len(countries)), strict=True):
        attributes = {"code": code} if len(countries) == 1 else {"code": code, "percentage": str(share)}
        parts.add(activity, ("country", *attributes.values()), partial(
            _named, tag="recipient-country", attributes=attributes, name_ar=name_ar, name_en=name_en))
    for place in places:
        parts.add(activity, ("place", *place), partial(_location, place=place))
    _sectors(activity, parts, SDG_VOCABULARY, [(str(number), ar, en) for number, ar, en in chunk.sdgs.get(pk, ())])
    _sectors(activity, parts, OWN_VOCABULARY, chunk.axes.get(pk, ()), uri=context.axes_uri)
    if budget is not None:
        _budgets(activity, budget, currency, start, end_date)
    if url:
        link = _SubElement(activity, "document-link", {"url": url, "format": "text/html"})
        _narratives(_SubElement(link, "title"), title_ar, title_en)
        _SubElement(link, "category", {"code": ACTIVITY_WEB_PAGE})
    return activity


# ---------------------------------------------------------------- parts


_SubElement = etree.SubElement
_copy = etree.ElementBase.__copy__  # a deep copy of the subtree, in C (copy.deepcopy adds its own bookkeeping)


def _clean(text: str | None) -> str:
    if not text:
        return ""
    if _NOT_XML.search(text):  # rare: searched in C, replaced only when present
        text = _NOT_XML.sub("", text)
    return text.strip()


_ARABIC, _ENGLISH = {XML_LANG: "ar"}, {XML_LANG: "en"}


def _narratives(parent, arabic: str | None, english: str | None = None) -> None:
    """An Arabic and an English narrative (each when it has text); always at least one."""
    arabic, english = _clean(arabic), _clean(english)
    if arabic or not english:
        _SubElement(parent, "narrative", _ARABIC).text = arabic or "-"
    if english:
        _SubElement(parent, "narrative", _ENGLISH).text = english


def _start(start_date, end_date, publication: datetime.date) -> datetime.date:
    """The start the standard needs: the start date, or else the day it was published (not after its end)."""
    if start_date:
        return start_date
    return min(publication, end_date) if end_date else publication


def _dates(activity, status: str, start_date, end_date, start: datetime.date, today: datetime.date) -> None:
    started = status in (Status.ACTIVE, Status.COMPLETED)
    if start_date:
        kind = ACTUAL_START if started and start_date <= today else PLANNED_START
        _SubElement(activity, "activity-date", {"type": kind, "iso-date": start_date.isoformat()})
    else:
        _SubElement(activity, "activity-date", {"type": PLANNED_START, "iso-date": start.isoformat()})
    if end_date:
        kind = ACTUAL_END if status == Status.COMPLETED and end_date <= today else PLANNED_END
        _SubElement(activity, "activity-date", {"type": kind, "iso-date": end_date.isoformat()})


def _participating_org(parent, *, ref: str, type: str, role: str, name_ar: str, name_en: str) -> None:
    _narratives(_SubElement(parent, "participating-org", {"ref": ref, "type": type, "role": role}), name_ar, name_en)


def _named(parent, *, tag: str, attributes: dict, name_ar: str, name_en: str) -> None:
    _narratives(_SubElement(parent, tag, attributes), name_ar, name_en)


def _location(activity, *, place: tuple) -> None:
    (_code, _country_ar, _country_en, region_ar, region_en, city_id, city_ar, city_en, city_lat, city_lon,
     neighbourhood_id, neighbourhood_ar, neighbourhood_en, neighbourhood_lat, neighbourhood_lon) = place
    parts = []  # (name_ar, name_en, latitude, longitude), the smallest place first
    if neighbourhood_id is not None:
        parts.append((neighbourhood_ar, neighbourhood_en, neighbourhood_lat, neighbourhood_lon))
    if city_id is not None:
        parts.append((city_ar, city_en, city_lat, city_lon))
    parts.append((region_ar, region_en, None, None))
    location = _SubElement(activity, "location")
    _narratives(_SubElement(location, "name"), "، ".join(part[0] for part in parts),
                ", ".join(part[1] for part in parts if part[1]))
    spot = next((part for part in parts[:-1] if part[2] is not None and part[3] is not None), None)
    if spot is not None:
        point = _SubElement(location, "point", {"srsName": WGS84})
        _SubElement(point, "pos").text = f"{spot[2]} {spot[3]}"
        _SubElement(location, "exactness", {"code": APPROXIMATE})
    _SubElement(location, "location-class", {"code": POPULATED_PLACE if city_id else ADMINISTRATIVE_REGION})


def _sectors(activity, parts: _Parts, vocabulary: str, items, uri: str = "") -> None:
    """`items`: (code, name_ar, name_en), their percentages summing to 100."""
    for (code, name_ar, name_en), share in zip(items, _shares(len(items)), strict=True):
        attributes = {"vocabulary": vocabulary}
        if uri:
            attributes["vocabulary-uri"] = uri
        attributes.update(code=code, percentage=str(share))
        parts.add(activity, ("sector", vocabulary, code, share), partial(
            _named, tag="sector", attributes=attributes, name_ar=name_ar, name_en=name_en))


def _shares(count: int, total: Decimal = Decimal(100)) -> list[Decimal]:
    """`count` parts of `total` to the cent, adding up to it exactly (the last takes the remainder)."""
    if count == 0:
        return []
    part = (total / count).quantize(CENT, rounding=ROUND_HALF_UP)
    return [part] * (count - 1) + [total - part * (count - 1)]


def _next_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, month=3, day=1)


def budget_periods(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """Consecutive periods of at most one year covering start…end."""
    periods = []
    while start <= end:
        period_end = min(_next_year(start) - datetime.timedelta(days=1), end)
        periods.append((start, period_end))
        start = period_end + datetime.timedelta(days=1)
    return periods


def _budgets(activity, budget: Decimal, currency: str, start: datetime.date, end_date) -> None:
    end = end_date or (_next_year(start) - datetime.timedelta(days=1))
    periods = budget_periods(start, end)
    days = [(period_end - period_start).days + 1 for period_start, period_end in periods]
    total_days = sum(days)
    values = [(budget * length / total_days).quantize(CENT, rounding=ROUND_HALF_UP) for length in days]
    values[-1] = budget - sum(values[:-1])
    for (period_start, period_end), value in zip(periods, values, strict=True):
        element = _SubElement(activity, "budget", {"type": ORIGINAL_BUDGET, "status": INDICATIVE})
        _SubElement(element, "period-start", {"iso-date": period_start.isoformat()})
        _SubElement(element, "period-end", {"iso-date": period_end.isoformat()})
        amount = _SubElement(element, "value", {"currency": currency, "value-date": period_start.isoformat()})
        amount.text = str(value.quantize(CENT))
