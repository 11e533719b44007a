import datetime
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from lxml import etree

from musharaka.geo.models import City, Neighbourhood, Region
from musharaka.initiatives.exchange import iati
from musharaka.initiatives.exchange import selectors as exchange_selectors
from musharaka.initiatives.exchange.exports import url_maker
from musharaka.initiatives.exchange.tests import iati_tree
from musharaka.initiatives.models import Initiative, InitiativePlace
from musharaka.initiatives.selectors import InitiativeFilters
from musharaka.initiatives.services import PartnerSpec, PlaceSpec
from musharaka.orgs.models import Organization, Sector
from musharaka.taxonomy.models import SDG, Axis, TargetGroup

pytestmark = pytest.mark.django_db
SCHEMA_NAME = "iati-activities-schema.xsd"


def _schema_dir() -> Path | None:
    """shared/standards/iati beside the clone (CI: <x>/main and <x>/shared), or IATI_SCHEMA_DIR."""
    candidates = [Path(os.environ["IATI_SCHEMA_DIR"])] if os.environ.get("IATI_SCHEMA_DIR") else []
    base = Path(settings.BASE_DIR).resolve()
    candidates += [folder / "shared" / "standards" / "iati" for folder in (base, *base.parents)]
    return next((folder for folder in candidates if (folder / SCHEMA_NAME).is_file()), None)


SCHEMA_MISSING = f"the IATI schema ({SCHEMA_NAME}) was not found in shared/standards/iati beside the repository"


def iati_schema_or_none() -> etree.XMLSchema | None:
    """The IATI schema; None when it is missing, which under CI=true is a failure."""
    folder = _schema_dir()
    if folder is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(SCHEMA_MISSING)
        return None
    return etree.XMLSchema(etree.parse(str(folder / SCHEMA_NAME)))


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    found = iati_schema_or_none()
    if found is None:
        pytest.skip(SCHEMA_MISSING)
    return found


def fetch(client, **params) -> etree._Element:
    response = client.get("/api/v1/initiatives/iati.xml", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return etree.fromstring(b"".join(response.streaming_content))


@pytest.fixture
def initiatives(make_initiative, make_org, lead_org, editor, region):
    riyadh = City.objects.get(region=region, name_ar="الرياض")
    olaya = Neighbourhood.objects.get(city=riyadh, name_ar="العليا")
    funder = make_org("شركة التنمية المحلية", sector=Sector.PRIVATE, name_en="Local Development Co.")
    university = make_org("جامعة الملك سعود", sector=Sector.ACADEMIC_EXPERT)
    ministry = make_org("وزارة الموارد البشرية", sector=Sector.GOVERNMENT)
    full = make_initiative(
        lead_org, editor=editor, status="active",
        title_ar="مبادرة الحي الأخضر", title_en="Green Neighbourhood", summary_en="Planting trees with residents",
        start_date=datetime.date(2025, 3, 1), end_date=datetime.date(2027, 8, 31),
        budget=Decimal("1000000.00"), currency="SAR",
        sdgs=list(SDG.objects.filter(number__in=[3, 11, 13])), axes=list(Axis.objects.all()[:2]),
        target_groups=list(TargetGroup.objects.all()[:2]),
        partners=[
            PartnerSpec(funder, "funder"), PartnerSpec(university, "knowledge"),
            PartnerSpec(ministry, "supporter"), PartnerSpec(funder, "implementer"),
        ],
        places=[PlaceSpec(region=region, city=riyadh, neighbourhood=olaya), PlaceSpec(region=region)],
    )
    minimal = make_initiative(lead_org, editor=editor, status="approved", title_ar="مبادرة بلا تفاصيل")
    completed = make_initiative(lead_org, editor=editor, status="completed", start_date=datetime.date(2024, 1, 1),
                                end_date=datetime.date(2024, 6, 30), budget=Decimal("5000"))
    Initiative.objects.filter(pk=completed.pk).update(results_ar="زرعت 500 شجرة")
    syrian = make_org("جمعية دمشق", region=Region.objects.filter(country__code="SY").first())
    abroad = make_initiative(syrian, status="active", currency="SYP", budget=Decimal("750000"))
    draft = make_initiative(lead_org, editor=editor, title_ar="مسودة")
    return {"full": full, "minimal": minimal, "completed": completed, "abroad": abroad, "draft": draft}


def activity(document, initiative) -> etree._Element:
    [element] = document.xpath("iati-activity[iati-identifier=$id]", id=iati.activity_identifier(initiative))
    return element


def test_export_validates_against_the_iati_schema(client, initiatives, schema):
    document = fetch(client)
    schema.assertValid(document)
    assert document.get("version") == "2.03"
    identifiers = document.xpath("iati-activity/iati-identifier/text()")
    assert len(identifiers) == 4  # the draft is not published
    assert iati.activity_identifier(initiatives["draft"]) not in identifiers


def test_full_activity(client, initiatives, lead_org):
    full = activity(fetch(client), initiatives["full"])
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert full.get(lang) == "ar" and full.get("default-currency") == "SAR"
    assert full.get("last-updated-datetime")
    reporting = full.find("reporting-org")
    assert reporting.get("ref") == f"XI-MUSHARAKA-{lead_org.pk}" and reporting.get("type") == "22"
    assert full.findtext("iati-identifier").startswith(reporting.get("ref") + "-")
    titles = {n.get(lang): n.text for n in full.find("title")}
    assert titles == {"ar": "مبادرة الحي الأخضر", "en": "Green Neighbourhood"}
    roles = [(org.get("role"), org.get("type")) for org in full.findall("participating-org")]
    assert roles == [("2", "22"), ("4", "22"), ("1", "70"), ("3", "80"), ("3", "10"), ("4", "70")]
    assert full.find("activity-status").get("code") == "2"
    dates = {date.get("type"): date.get("iso-date") for date in full.findall("activity-date")}
    assert dates == {"2": "2025-03-01", "3": "2027-08-31"}
    assert full.find("recipient-country").get("code") == "SA"
    names = [location.findtext("name/narrative") for location in full.findall("location")]
    assert names == ["العليا، الرياض، الرياض", "الرياض"]
    assert full.find("location/point/pos").text.startswith("24.7")
    sdgs = full.xpath("sector[@vocabulary='7']")
    assert [s.get("code") for s in sdgs] == ["3", "11", "13"]
    assert sum(Decimal(s.get("percentage")) for s in sdgs) == 100
    axes = full.xpath("sector[@vocabulary='99']")
    assert len(axes) == 2 and sum(Decimal(s.get("percentage")) for s in axes) == 100
    budgets = full.findall("budget")
    assert [b.find("period-start").get("iso-date") for b in budgets] == ["2025-03-01", "2026-03-01", "2027-03-01"]
    assert sum(Decimal(b.findtext("value")) for b in budgets) == Decimal("1000000.00")
    for budget in budgets:
        start = datetime.date.fromisoformat(budget.find("period-start").get("iso-date"))
        end = datetime.date.fromisoformat(budget.find("period-end").get("iso-date"))
        assert (end - start).days < 366
        assert budget.find("value").get("currency") == "SAR"
    assert full.find("document-link").get("url").endswith(f"/initiatives/{initiatives['full'].pk}/")


def test_minimal_completed_and_syrian_activities(client, initiatives):
    document = fetch(client)
    minimal = activity(document, initiatives["minimal"])
    assert minimal.find("activity-status").get("code") == "1"
    [start] = minimal.findall("activity-date")
    assert start.get("type") == "1"  # planned start: the day it was published
    assert minimal.find("budget") is None and minimal.find("sector") is None
    completed = activity(document, initiatives["completed"])
    assert completed.find("activity-status").get("code") == "4"  # results written: closed
    assert {d.get("type") for d in completed.findall("activity-date")} == {"2", "4"}
    abroad = activity(document, initiatives["abroad"])
    assert abroad.find("recipient-country").get("code") == "SY"
    assert abroad.get("default-currency") == "SYP"
    assert abroad.find("reporting-org").get("type") == "22"


def test_filters_apply_and_drafts_never_appear(client_for, client, initiatives, editor, region):
    # Even its own editor's export holds published initiatives only.
    document = fetch(client_for(editor))
    assert iati.activity_identifier(initiatives["draft"]) not in document.xpath("//iati-identifier/text()")
    document = fetch(client, region=initiatives["abroad"].region_id)
    assert document.xpath("//iati-identifier/text()") == [iati.activity_identifier(initiatives["abroad"])]
    assert client.get("/api/v1/initiatives/iati.xml", {"status": "nope"}).status_code == 422


def test_streams_in_chunks(client, initiatives, schema, monkeypatch):
    monkeypatch.setattr(exchange_selectors, "CHUNK_SIZE", 1)
    response = client.get("/initiatives/iati.xml")
    pieces = [piece for piece in response.streaming_content if piece]
    assert len(pieces) >= 4
    schema.assertValid(etree.fromstring(b"".join(pieces)))


def test_budget_periods_never_exceed_a_year():
    periods = iati.budget_periods(datetime.date(2024, 2, 29), datetime.date(2026, 3, 1))
    assert periods[0] == (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28))
    assert periods[-1][1] == datetime.date(2026, 3, 1)
    assert iati.budget_periods(datetime.date(2025, 1, 1), datetime.date(2025, 1, 1)) == [
        (datetime.date(2025, 1, 1), datetime.date(2025, 1, 1))
    ]


def _document(writer, queryset) -> bytes:
    chunks = list(exchange_selectors.iati_records(queryset, chunk_size=97))
    pieces = writer.activities_xml(chunks, url_for=url_maker('https://example.org/i/{id}/?a=1&b="2"\t'),
                                   axes_uri="https://example.org/axes?x=1&y=<2>")
    return GENERATED.sub(b"", b"".join(pieces))


GENERATED = re.compile(rb' generated-datetime="[^"]*"')


def string_writer_matches_the_tree_writer(schema: etree.XMLSchema | None) -> None:
    """The string writer (iati.py) against the lxml tree writer it replaced (iati_tree.py), byte for
    byte, on the demo data and on text that has to be escaped or cleaned; the document valid (when the
    schema is there).

    Run on the demo data seeded by events/tests/test_demo.py, whose one seeding (the longest step of
    either check, minutes on a busy PostgreSQL) serves both. It changes an initiative and an organisation.
    """
    queryset = exchange_selectors.export_queryset(user=AnonymousUser(), filters=InitiativeFilters(),
                                                  published_only=True)
    hostile = Initiative.objects.get(pk=queryset.filter(partners__isnull=False, places__isnull=False)
                                     .values_list("pk", flat=True).first())
    Initiative.objects.filter(pk=hostile.pk).update(
        title_ar=" مبادرة <الحي> & \"الأخضر\"\r\n\t", title_en="A & B < C > D\x01\x0b\uffff", summary_ar="\r",
        summary_en="x\r\ny", results_en="&amp;")
    Organization.objects.filter(pk=hostile.lead_organization_id).update(name_en="Al-Birr <&> \"Society\"\r")
    new = _document(iati, queryset)
    assert new.count(b"<iati-activity ") > 200
    assert b"A &amp; B &lt; C &gt; D</narrative>" in new and b"x&#13;\ny" in new
    assert new == _document(iati_tree, queryset)
    if schema is not None:
        schema.assertValid(etree.fromstring(new))


def test_rows_read_with_fetchall_are_those_django_gives(initiatives):
    queryset = exchange_selectors.export_queryset(user=AnonymousUser(), filters=InitiativeFilters(),
                                                  published_only=True)
    rows = queryset.values_list(*exchange_selectors.IATI_FIELDS[:-6], "budget", "updated_at", "region__code")
    assert exchange_selectors._fetched(rows) == list(rows) and len(list(rows)) == 4
    places = InitiativePlace.objects.values_list(*exchange_selectors.PLACE_FIELDS)
    assert exchange_selectors._fetched(places, repeating={9, 10, 14, 15}) == list(places)
    assert exchange_selectors._fetched(queryset.none().values_list("pk")) == []


def test_every_sector_has_its_exact_organisation_type():
    """Municipalities and regional authorities are local government (11), ministries government (10);
    a sector added without a code fails here instead of being reported with a guessed type."""
    assert iati.ORGANISATION_TYPE == {
        Sector.AUTHORITY: "11", Sector.GOVERNMENT: "10", Sector.NONPROFIT: "22", Sector.PRIVATE: "70",
        Sector.ACADEMIC_EXPERT: "80",
    }
    assert set(iati.ORGANISATION_TYPE) == set(Sector.values)
    codelist = etree.parse(str(Path(_schema_dir() or ".") / "codelists" / "OrganisationType.xml")) \
        if _schema_dir() else None
    if codelist is not None:
        assert set(iati.ORGANISATION_TYPE.values()) <= set(codelist.xpath("//codelist-item/code/text()"))


def test_municipality_is_local_government_and_ministry_government(client, make_org, make_initiative, schema):
    amanah = make_org("أمانة منطقة الرياض", sector=Sector.AUTHORITY, name_en="Riyadh Municipality")
    ministry = make_org("وزارة الشؤون البلدية والقروية", sector=Sector.GOVERNMENT)
    association = make_org("جمعية الحي الأهلية")
    led = make_initiative(amanah, status="approved", partners=[PartnerSpec(ministry, "funder"),
                                                               PartnerSpec(association, "implementer")])
    by_ministry = make_initiative(ministry, status="active", partners=[PartnerSpec(amanah, "supporter")])
    document = fetch(client)
    schema.assertValid(document)

    municipal = activity(document, led)
    assert municipal.find("reporting-org").get("type") == "11"
    assert [(org.get("role"), org.get("type")) for org in municipal.findall("participating-org")] == [
        ("2", "11"), ("4", "11"), ("1", "10"), ("4", "22"),
    ]
    central = activity(document, by_ministry)
    assert central.find("reporting-org").get("type") == "10"
    assert [(org.get("role"), org.get("type")) for org in central.findall("participating-org")] == [
        ("2", "10"), ("4", "10"), ("3", "11"),
    ]


def test_filters_that_match_nothing_answer_404_not_an_invalid_document(client, initiatives, schema):
    other = Region.objects.exclude(pk__in=Initiative.objects.values("region_id")).first()
    api = client.get("/api/v1/initiatives/iati.xml", {"region": other.pk}, headers={"Accept-Language": "en"})
    assert api.status_code == 404
    assert api.json() == {
        "detail": "No published initiative matches these filters: there is nothing to export to IATI.",
        "code": "no_matching_initiatives",
    }
    arabic = client.get("/api/v1/initiatives/iati.xml", {"q": "كلمة لا توجد في أي مبادرة"})
    assert arabic.status_code == 404 and arabic.json()["detail"].startswith("لا توجد مبادرة منشورة")

    page = client.get("/initiatives/iati.xml", {"region": other.pk})
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
    assert "لا توجد مبادرة منشورة تطابق" in page.text and f"?region={other.pk}" in page.text
    english = client.get("/en/initiatives/iati.xml", {"region": other.pk})
    assert english.status_code == 404 and "No published initiative matches these filters" in english.text

    # A draft alone is not a match either (IATI holds published initiatives only); a match still validates.
    draft_region = initiatives["draft"].region_id
    assert client.get("/api/v1/initiatives/iati.xml", {"region": draft_region, "status": "draft"}).status_code == 404
    schema.assertValid(fetch(client, region=draft_region))
