"""The partnership network in the browser, in Arabic: a few hundred organisations drawn by Cytoscape.js on a canvas
(checked on a screenshot of it), the legend and the accessible table beside it, and the drawing downloaded as a
PNG."""

import datetime
import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from musharaka.orgs.models import Role, Sector
from musharaka.partnerships import services
from musharaka.partnerships.models import AgreementParty, Stage
from musharaka.partnerships.tests.bulk import bulk_network

ORGANIZATIONS = 300
AGREEMENTS = 900


@pytest.fixture
def network(make_org, make_member):
    """Two agreements entered through the services between named organisations, then hundreds in bulk."""
    society = make_org("جمعية الاستدامة البيئية", name_en="Sustainability Society")
    municipality = make_org("أمانة المنطقة الشرقية", sector=Sector.AUTHORITY)
    editor = make_member(society, Role.EDITOR)
    for title in ("مذكرة تفاهم لإدارة الوقف", "اتفاقية تعاون في التشجير"):
        services.agreement_create(actor=editor, organization=society, data={
            "title_ar": title, "stage": Stage.SIGNED, "signed_on": datetime.date(2026, 3, 1), "is_published": True},
            parties=[services.PartySpec(organization=society), services.PartySpec(organization=municipality)])
    bulk_network(organizations=ORGANIZATIONS, agreements=AGREEMENTS, published_share=1.0)
    return society, municipality


def _distinct_colours(png: bytes) -> tuple[int, int]:
    """(pixels that are not the white background, distinct colours among them) of a PNG."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    drawn = [pixel for pixel in image.get_flattened_data() if pixel != (255, 255, 255)]
    return len(drawn), len(set(drawn))


def test_network_draws_hundreds_of_nodes_and_downloads_a_png(page, browser_problems, network):
    page.goto("/partnerships/network/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    graph = page.get_by_test_id("network-graph")
    expect(graph).to_have_attribute("data-ready", "1", timeout=30_000)  # the cose layout has finished
    print(f"cose layout of {ORGANIZATIONS + 2} nodes: {graph.get_attribute('data-layout-ms')} ms")
    # Every organisation with an agreement is drawn: a few hundred (the long tail leaves a few without one).
    parties = AgreementParty.objects.values("organization_id").distinct().count()
    assert parties > 250
    expect(page.get_by_test_id("network-summary")).to_contain_text(f"{parties} ")
    expect(page.get_by_test_id("network-legend")).to_contain_text("القطاع الخاص")
    expect(page.get_by_test_id("network-table").locator("tbody tr")).to_have_count(50)  # the strongest links
    names = page.evaluate("() => JSON.parse(document.getElementById('network-data').textContent).nodes.map(n => n.name)")
    assert {"جمعية الاستدامة البيئية", "أمانة المنطقة الشرقية"} <= set(names)

    drawn, colours = _distinct_colours(graph.screenshot())
    box = graph.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 400
    # Nodes in five sector colours, grey links and dark labels, antialiased: a drawing, not an empty box.
    assert drawn > 20_000, drawn
    assert colours > 50, colours
    # Each sector's colour (css/partnership-network.css) is on the canvas.
    sectors = page.evaluate("""() => ['authority', 'government', 'nonprofit', 'private', 'academic_expert'].map(
        s => getComputedStyle(document.documentElement).getPropertyValue('--network-' + s).trim())""")
    assert len(set(sectors)) == 5

    download_button = page.get_by_test_id("network-download")
    expect(download_button).to_be_enabled()
    with page.expect_download() as waiting:
        download_button.click()
    download = waiting.value
    assert download.suggested_filename.endswith(".png")
    png = download.path().read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width > 600 and image.height > 400
    assert _distinct_colours(png)[1] > 50
    assert browser_problems == []


def test_network_filtered_by_sector_in_english(page, browser_problems, network):
    page.goto("/en/partnerships/network/")
    page.locator("#id_sector").select_option(Sector.AUTHORITY)
    page.get_by_test_id("filter").click()
    expect(page).to_have_url(f"{page.url.split('?')[0]}?region=&sector=authority&kind=")
    expect(page.get_by_test_id("network-graph")).to_have_attribute("data-ready", "1", timeout=30_000)
    expect(page.get_by_test_id("network-table")).to_contain_text("Sustainability Society")
    assert browser_problems == []
