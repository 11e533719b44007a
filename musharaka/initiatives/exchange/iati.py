"""IATI Activity Standard 2.03 XML of published initiatives, written incrementally with lxml.

Choices where the platform and the standard do not map one to one:

- Identifiers: the lead organisation is the reporting organisation, `XI-MUSHARAKA-<org id>`
  (settings.IATI_ORG_PREFIX overrides the prefix); the activity is `<org ref>-<initiative id>`,
  stable because an initiative never changes its lead organisation.
- Organisation type by sector: authority and government 10 (Government), nonprofit 22 (National
  NGO), private 70 (Private Sector), academic_expert 80 (Academic, Training and Research).
- Roles: the lead organisation is 2 (Accountable) and 4 (Implementing); partners: funder 1
  (Funding), implementer 4 (Implementing), supporter and knowledge partner 3 (Extending).
- Activity status: approved 1 (Pipeline/identification), active 2 (Implementation), completed 3
  (Finalisation) while its results are not yet written, 4 (Closed) once they are.
- Dates: the start is actual (2) once the initiative is active or completed and the date has come,
  planned (1) otherwise; the end is actual (4) once completed and the date has passed, planned (3)
  otherwise; actual dates are never in the future. Without a start date the planned start is the
  day it was published (the standard needs a start).
- Sectors: each SDG as vocabulary 7 (UN SDG goals, code = goal number) and each development axis
  as vocabulary 99 (the reporting organisation's own), percentages per vocabulary summing to 100.
- Budget: the standard allows budget periods of at most one year, so a longer initiative's budget is
  spread over yearly periods in proportion to their days, marked indicative (status 1); the periods
  add up to the budget exactly. Without an end date the period is one year from the start.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone
from lxml import etree

from musharaka.taxonomy.models import SDG, Axis

from ..models import Initiative, PartnerRole, Status

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"

ORGANISATION_TYPE = {"authority": "10", "government": "10", "nonprofit": "22", "private": "70", "academic_expert": "80"}
ACCOUNTABLE, IMPLEMENTING = "2", "4"
PARTNER_ROLE: dict[str, str] = {
    PartnerRole.FUNDER: "1",
    PartnerRole.IMPLEMENTER: IMPLEMENTING,
    PartnerRole.SUPPORTER: "3",
    PartnerRole.KNOWLEDGE: "3",
}
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
SDG_VOCABULARY, OWN_VOCABULARY = "7", "99"
GENERAL_DESCRIPTION, TARGET_GROUPS_DESCRIPTION = "1", "3"
ORIGINAL_BUDGET, INDICATIVE = "1", "1"
ACTIVITY_WEB_PAGE = "A12"
ADMINISTRATIVE_REGION, POPULATED_PLACE, APPROXIMATE = "1", "2", "2"
CENT = Decimal("0.01")

# Characters XML 1.0 cannot carry.
_NOT_XML = str.maketrans({code: None for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]})


def org_ref(organization) -> str:
    prefix = getattr(settings, "IATI_ORG_PREFIX", "XI-MUSHARAKA")
    return f"{prefix}-{organization.pk}"


def activity_identifier(initiative: Initiative) -> str:
    return f"{org_ref(initiative.lead_organization)}-{initiative.pk}"


def activity_status(initiative: Initiative) -> str:
    if initiative.status == Status.APPROVED:
        return "1"
    if initiative.status == Status.ACTIVE:
        return "2"
    if initiative.status == Status.COMPLETED:
        return "4" if (initiative.results_ar or initiative.results_en) else "3"
    return "5" if initiative.status == Status.CANCELLED else "1"


def activities_xml(
    chunks: Iterable[Sequence[Initiative]], *, url_for: Callable[[int], str], axes_uri: str = ""
) -> Iterator[bytes]:
    """The <iati-activities> document, one piece of bytes per chunk of initiatives."""
    sink = _Sink()
    generated = timezone.now().replace(microsecond=0).isoformat()
    with etree.xmlfile(sink, encoding="utf-8") as xml:
        xml.write_declaration()
        with xml.element("iati-activities", {"version": IATI_VERSION, "generated-datetime": generated}):
            for chunk in chunks:
                for initiative in chunk:
                    xml.write(activity_element(initiative, url=url_for(initiative.pk), axes_uri=axes_uri))
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


def activity_element(initiative: Initiative, *, url: str = "", axes_uri: str = "") -> etree._Element:
    """One <iati-activity>, its children in the order of the schema's sequence."""
    lead = initiative.lead_organization
    activity = etree.Element("iati-activity", {
        "last-updated-datetime": timezone.localtime(initiative.updated_at).replace(microsecond=0).isoformat(),
        XML_LANG: "ar",
        "default-currency": initiative.currency,
    })
    _sub(activity, "iati-identifier").text = activity_identifier(initiative)
    _narratives(_sub(activity, "reporting-org", ref=org_ref(lead), type=_org_type(lead)), lead.name_ar, lead.name_en)
    _narratives(_sub(activity, "title"), initiative.title_ar, initiative.title_en)
    _narratives(_sub(activity, "description", type=GENERAL_DESCRIPTION),
                initiative.summary_ar or initiative.title_ar, initiative.summary_en)
    groups = list(initiative.target_groups.all())
    if groups:
        _narratives(_sub(activity, "description", type=TARGET_GROUPS_DESCRIPTION),
                    "، ".join(group.name_ar for group in groups), ", ".join(group.name_en for group in groups))
    _participating_orgs(activity, initiative)
    _sub(activity, "activity-status", code=activity_status(initiative))
    _dates(activity, initiative)
    places = list(initiative.places.all())
    _countries(activity, initiative, places)
    for place in places:
        _location(activity, place)
    _sectors(activity, SDG_VOCABULARY, [(str(sdg.number), sdg) for sdg in initiative.sdgs.all()])
    _sectors(activity, OWN_VOCABULARY, [(axis.code, axis) for axis in initiative.axes.all()], uri=axes_uri)
    _budgets(activity, initiative)
    if url:
        link = _sub(activity, "document-link", url=url, format="text/html")
        _narratives(_sub(link, "title"), initiative.title_ar, initiative.title_en)
        _sub(link, "category", code=ACTIVITY_WEB_PAGE)
    return activity


# ---------------------------------------------------------------- parts


def _sub(parent, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, tag, {name.replace("_", "-"): value for name, value in attributes.items()})


def _clean(text: str | None) -> str:
    return (text or "").translate(_NOT_XML).strip()


def _narratives(parent, arabic: str | None, english: str | None = None) -> None:
    """An Arabic and an English narrative (each when it has text); always at least one."""
    texts = [(language, _clean(text)) for language, text in (("ar", arabic), ("en", english))]
    texts = [(language, text) for language, text in texts if text] or [("ar", "-")]
    for language, text in texts:
        narrative = etree.SubElement(parent, "narrative", {XML_LANG: language})
        narrative.text = text


def _org_type(organization) -> str:
    return ORGANISATION_TYPE.get(organization.sector, "10")


def _participating_org(parent, organization, role: str) -> None:
    element = _sub(parent, "participating-org", ref=org_ref(organization), type=_org_type(organization), role=role)
    _narratives(element, organization.name_ar, organization.name_en)


def _participating_orgs(activity, initiative: Initiative) -> None:
    lead = initiative.lead_organization
    _participating_org(activity, lead, ACCOUNTABLE)
    _participating_org(activity, lead, IMPLEMENTING)
    for partner in initiative.partners.all():
        _participating_org(activity, partner.organization, PARTNER_ROLE.get(partner.role, "3"))


def _publication_date(initiative: Initiative) -> datetime.date:
    return timezone.localdate(initiative.published_at or initiative.created_at)


def _start(initiative: Initiative) -> datetime.date:
    if initiative.start_date:
        return initiative.start_date
    start = _publication_date(initiative)
    return min(start, initiative.end_date) if initiative.end_date else start


def _dates(activity, initiative: Initiative) -> None:
    today = timezone.localdate()
    started = initiative.status in (Status.ACTIVE, Status.COMPLETED)
    start, end = initiative.start_date, initiative.end_date
    if start:
        kind = ACTUAL_START if started and start <= today else PLANNED_START
        _sub(activity, "activity-date", type=kind, iso_date=start.isoformat())
    else:
        _sub(activity, "activity-date", type=PLANNED_START, iso_date=_start(initiative).isoformat())
    if end:
        kind = ACTUAL_END if initiative.status == Status.COMPLETED and end <= today else PLANNED_END
        _sub(activity, "activity-date", type=kind, iso_date=end.isoformat())


def _countries(activity, initiative: Initiative, places) -> None:
    countries = {initiative.region.country.code: initiative.region.country}
    for place in places:
        countries.setdefault(place.region.country.code, place.region.country)
    shares = _shares(len(countries))
    for (code, country), share in zip(countries.items(), shares, strict=True):
        attributes = {"code": code} if len(countries) == 1 else {"code": code, "percentage": str(share)}
        _narratives(_sub(activity, "recipient-country", **attributes), country.name_ar, country.name_en)


def _location(activity, place) -> None:
    parts = [part for part in (place.neighbourhood, place.city, place.region) if part is not None]
    location = _sub(activity, "location")
    _narratives(_sub(location, "name"), "، ".join(part.name_ar for part in parts),
                ", ".join(part.name_en for part in parts if part.name_en))
    spot = next((part for part in parts[:-1] if part.latitude is not None and part.longitude is not None), None)
    if spot is not None:
        point = _sub(location, "point", srsName=WGS84)
        _sub(point, "pos").text = f"{spot.latitude} {spot.longitude}"
        _sub(location, "exactness", code=APPROXIMATE)
    _sub(location, "location-class", code=POPULATED_PLACE if place.city_id else ADMINISTRATIVE_REGION)


def _sectors(activity, vocabulary: str, items: list[tuple[str, SDG | Axis]], uri: str = "") -> None:
    for (code, item), share in zip(items, _shares(len(items)), strict=True):
        attributes = {"vocabulary": vocabulary}
        if uri:
            attributes["vocabulary_uri"] = uri
        attributes.update(code=code, percentage=str(share))
        _narratives(_sub(activity, "sector", **attributes), item.name_ar, item.name_en)


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


def _budgets(activity, initiative: Initiative) -> None:
    if initiative.budget is None:
        return
    start = _start(initiative)
    end = initiative.end_date or (_next_year(start) - datetime.timedelta(days=1))
    periods = budget_periods(start, end)
    days = [(period_end - period_start).days + 1 for period_start, period_end in periods]
    total_days = sum(days)
    values = [(initiative.budget * length / total_days).quantize(CENT, rounding=ROUND_HALF_UP) for length in days]
    values[-1] = initiative.budget - sum(values[:-1])
    for (period_start, period_end), value in zip(periods, values, strict=True):
        budget = _sub(activity, "budget", type=ORIGINAL_BUDGET, status=INDICATIVE)
        _sub(budget, "period-start", iso_date=period_start.isoformat())
        _sub(budget, "period-end", iso_date=period_end.isoformat())
        element = _sub(budget, "value", currency=initiative.currency, value_date=period_start.isoformat())
        element.text = str(value.quantize(CENT))
