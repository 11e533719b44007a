import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from musharaka.orgs.models import Role, Sector
from musharaka.partnerships import network as net
from musharaka.partnerships import services
from musharaka.partnerships.models import Agreement, AgreementKind, PartyRole, Stage
from musharaka.partnerships.network_api import AgreementKindCode
from musharaka.partnerships.network_views import ID_PLACEHOLDER, script_json

from .bulk import bulk_network

pytestmark = pytest.mark.django_db
ANONYMOUS = AnonymousUser()


@pytest.fixture
def trio(make_org, make_agreement, other_region):
    """A non-profit (keeper) and a municipality with two published agreements, a private company of another region
    joining the second; a fourth organisation with only an unpublished one and a draft."""
    nonprofit = make_org("جمعية الاستدامة", name_en="Sustainability Society")
    municipality = make_org("أمانة المنطقة", name_en="Municipality", sector=Sector.AUTHORITY)
    company = make_org("شركة الوقف", sector=Sector.PRIVATE, region=other_region)
    loner = make_org("جمعية بعيدة")
    first = make_agreement(keeper=nonprofit, partner=municipality, is_published=True)
    second = make_agreement(keeper=nonprofit, partner=municipality, is_published=True, kind=AgreementKind.CONTRACT,
                            extra_parties=[services.PartySpec(organization=company, role=PartyRole.FUNDER)])
    hidden = make_agreement(keeper=loner, partner=municipality)
    draft = make_agreement(keeper=loner, partner=company, stage=Stage.DRAFT)
    return {"nonprofit": nonprofit, "municipality": municipality, "company": company, "loner": loner,
            "first": first, "second": second, "hidden": hidden, "draft": draft}


def _nodes(data) -> dict[int, int]:
    return {node["id"]: node["agreements"] for node in data["nodes"]}


def _links(data) -> dict[tuple[int, int], tuple[int, dict]]:
    return {(link["source"], link["target"]): (link["agreements"], link["kinds"]) for link in data["links"]}


def _pair(a, b) -> tuple[int, int]:
    return (min(a.pk, b.pk), max(a.pk, b.pk))


# ---------------------------------------------------------------- selector


def test_network_counts_each_organisations_agreements_and_each_pairs(trio):
    data = net.build_network(ANONYMOUS, net.NetworkFilters())
    nonprofit, municipality, company = trio["nonprofit"], trio["municipality"], trio["company"]
    assert _nodes(data) == {nonprofit.pk: 2, municipality.pk: 2, company.pk: 1}
    assert _links(data) == {
        _pair(nonprofit, municipality): (2, {"mou": 1, "contract": 1}),
        _pair(nonprofit, company): (1, {"contract": 1}),
        _pair(municipality, company): (1, {"contract": 1}),
    }
    assert [link["agreements"] for link in data["links"]] == [2, 1, 1]  # strongest first
    assert (data["total_nodes"], data["capped"], data["links_capped"]) == (3, False, False)
    node = next(node for node in data["nodes"] if node["id"] == nonprofit.pk)
    assert node | {"id": 0} == {"id": 0, "name_ar": "جمعية الاستدامة", "name_en": "Sustainability Society",
                                "sector": Sector.NONPROFIT, "region_id": nonprofit.region_id, "agreements": 2}


def test_network_shows_unpublished_agreements_to_their_parties_and_drafts_to_nobody(trio, make_member,
                                                                                      platform_admin):
    loner, municipality, company = trio["loner"], trio["municipality"], trio["company"]
    member = make_member(loner, Role.VIEWER)
    for user, expected in ((ANONYMOUS, {}), (member, {_pair(loner, municipality): 1}),
                           (platform_admin, {_pair(loner, municipality): 1})):
        links = _links(net.build_network(user, net.NetworkFilters()))
        found = {pair: count for pair, (count, _kinds) in links.items() if loner.pk in pair}
        assert found == expected
        assert _pair(loner, company) not in links  # the draft, for everyone


def test_network_region_is_the_region_of_a_party_with_partners_from_elsewhere(trio, other_region):
    nonprofit, municipality, company = trio["nonprofit"], trio["municipality"], trio["company"]
    in_company_region = net.build_network(ANONYMOUS, net.NetworkFilters(region=other_region.pk))
    # The company's region: its one agreement, drawn with its partners of the first region.
    assert _nodes(in_company_region) == {nonprofit.pk: 1, municipality.pk: 1, company.pk: 1}
    in_first_region = net.build_network(ANONYMOUS, net.NetworkFilters(region=nonprofit.region_id))
    assert _nodes(in_first_region) == {nonprofit.pk: 2, municipality.pk: 2, company.pk: 1}


def test_network_filters_by_a_partys_sector_and_by_kind(trio):
    nonprofit, municipality, company = trio["nonprofit"], trio["municipality"], trio["company"]
    with_private = net.build_network(ANONYMOUS, net.NetworkFilters(sector=Sector.PRIVATE))
    assert _nodes(with_private) == {nonprofit.pk: 1, municipality.pk: 1, company.pk: 1}
    mous = net.build_network(ANONYMOUS, net.NetworkFilters(kind=AgreementKind.MOU))
    assert _links(mous) == {_pair(nonprofit, municipality): (1, {"mou": 1})}
    assert net.build_network(ANONYMOUS, net.NetworkFilters(sector=Sector.ACADEMIC_EXPERT))["nodes"] == []


def test_network_keeps_the_most_connected_nodes_and_the_links_among_them(trio):
    nonprofit, municipality = trio["nonprofit"], trio["municipality"]
    data = net.build_network(ANONYMOUS, net.NetworkFilters(), cap=2)
    assert _nodes(data) == {nonprofit.pk: 2, municipality.pk: 2}
    assert _links(data) == {_pair(nonprofit, municipality): (2, {"mou": 1, "contract": 1})}
    assert (data["total_nodes"], data["capped"]) == (3, True)
    strongest = net.build_network(ANONYMOUS, net.NetworkFilters(), link_cap=1)
    assert (list(_links(strongest)), strongest["links_capped"]) == ([_pair(nonprofit, municipality)], True)


def test_network_reads_three_queries_however_many_agreements(make_org, django_assert_num_queries):
    bulk_network(organizations=60, agreements=300)
    with django_assert_num_queries(3):
        data = net.build_network(ANONYMOUS, net.NetworkFilters(), cap=20, link_cap=30)
    assert (len(data["nodes"]), len(data["links"]), data["capped"], data["links_capped"]) == (20, 30, True, True)
    assert data["total_nodes"] == 60


def test_network_is_kept_until_an_agreement_party_or_organisation_changes(trio, make_agreement, make_org):
    with CaptureQueriesContext(connection) as first:
        before = net.network(ANONYMOUS, net.NetworkFilters())
    with CaptureQueriesContext(connection) as kept:
        assert net.network(ANONYMOUS, net.NetworkFilters()) == before
    assert (len(first), len(kept)) == (4, 1)  # the versions, then the three aggregates; the versions alone
    make_agreement(keeper=trio["company"], partner=make_org(sector=Sector.GOVERNMENT), is_published=True)
    after = net.network(ANONYMOUS, net.NetworkFilters())
    assert len(after["nodes"]) == len(before["nodes"]) + 1
    organization = trio["nonprofit"]
    organization.name_ar = "جمعية الاستدامة البيئية"
    organization.save()
    renamed = net.network(ANONYMOUS, net.NetworkFilters())
    assert {node["name_ar"] for node in renamed["nodes"]} >= {"جمعية الاستدامة البيئية"}


def test_network_is_kept_apart_per_visibility_class(trio, make_member):
    assert net.network(ANONYMOUS, net.NetworkFilters())  # kept for the public first
    member = make_member(trio["loner"], Role.VIEWER)
    assert trio["loner"].pk in _nodes(net.network(member, net.NetworkFilters()))
    assert trio["loner"].pk not in _nodes(net.network(ANONYMOUS, net.NetworkFilters()))


def test_bulk_counters_are_those_the_services_keep():
    _orgs, agreements = bulk_network(organizations=12, agreements=20)
    for agreement in Agreement.objects.filter(pk__in=[a.pk for a in agreements[:5]]):
        kept = (agreement.party_count, agreement.party_sectors)
        services.refresh_counters(agreement)
        assert (agreement.party_count, agreement.party_sectors) == kept


# ---------------------------------------------------------------- statistics


@pytest.mark.parametrize(("sectors", "pairs"), [
    ("authority,nonprofit", [("authority", "nonprofit")]),
    ("nonprofit", [("nonprofit", "nonprofit")]),
    ("authority,nonprofit,private", [("authority", "nonprofit"), ("authority", "private"), ("nonprofit", "private")]),
    ("", []),
])
def test_sector_pairs_of_an_agreement(sectors, pairs):
    assert net.sector_pairs(sectors) == pairs


def test_statistics_count_each_pair_of_sectors_with_kinds_and_statuses(trio, make_agreement, make_org):
    make_agreement(keeper=make_org(), partner=make_org(), is_published=True,  # two non-profits: the diagonal
                   starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2021, 1, 1))
    stats = net.build_statistics(ANONYMOUS, net.NetworkFilters(), today=datetime.date(2026, 6, 1))
    assert stats["agreements"] == 3 and stats["without_sector"] == 0
    assert {pair: cell["total"] for pair, cell in stats["pairs"].items()} == {
        ("authority", "nonprofit"): 2, ("nonprofit", "private"): 1, ("authority", "private"): 1,
        ("nonprofit", "nonprofit"): 1}
    both = stats["pairs"][("authority", "nonprofit")]
    assert both["kinds"] == {"mou": 1, "contract": 1}
    assert (both["statuses"]["active"], both["statuses"]["expired"]) == (2, 0)
    assert stats["pairs"][("nonprofit", "nonprofit")]["statuses"]["expired"] == 1


def test_statistics_take_one_query_and_are_kept(trio, django_assert_num_queries):
    with django_assert_num_queries(1):
        net.build_statistics(ANONYMOUS, net.NetworkFilters(kind=AgreementKind.CONTRACT))
    net.statistics(ANONYMOUS, net.NetworkFilters())
    with django_assert_num_queries(1):  # the versions
        net.statistics(ANONYMOUS, net.NetworkFilters())


# ---------------------------------------------------------------- pages


def test_script_json_cannot_close_its_element():
    text = str(script_json({"name": "</script><!-- & 'x'"}))
    assert "<" not in text and ">" not in text and "&" not in text
    import json

    assert json.loads(text) == {"name": "</script><!-- & 'x'"}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_network_page_draws_from_escaped_json_in_both_languages(client, trio, prefix):
    trio["nonprofit"].name_ar = "جمعية </script><b>"
    trio["nonprofit"].save()
    response = client.get(prefix + reverse("partnerships:network"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "</script><b>" not in html
    data = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', html, re.S).group(1)
    import json

    graph = json.loads(data)
    assert {node["id"] for node in graph["nodes"]} == {trio["nonprofit"].pk, trio["municipality"].pk,
                                                       trio["company"].pk}
    names = {node["id"]: node["name"] for node in graph["nodes"]}
    expected = "Sustainability Society" if prefix else "جمعية </script><b>"
    assert names[trio["nonprofit"].pk] == expected
    assert sorted(graph["links"]) == sorted([[*_pair(trio["nonprofit"], trio["municipality"]), 2],
                                             [*_pair(trio["nonprofit"], trio["company"]), 1],
                                             [*_pair(trio["municipality"], trio["company"]), 1]])
    # Scripts are files (the CSP allows no inline script): the only inline one is the data.
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html) == []
    assert "vendor/cytoscape/cytoscape.min.js" in html and "js/partnership-network.js" in html
    assert 'data-testid="network-table"' in html and html.count("<tr>") >= 3  # the accessible table


def test_network_page_links_nodes_to_the_portfolio(client, trio):
    graph = client.get(reverse("partnerships:network")).content.decode()
    expected = reverse("partnerships:portfolio", args=[ID_PLACEHOLDER])
    assert expected and f'"portfolio":"{expected}"' in graph


def test_network_page_drops_bad_filters_and_says_when_empty(client, trio):
    response = client.get(reverse("partnerships:network"), {"region": "x", "sector": "nope", "kind": "<b>"})
    assert response.status_code == 200
    assert 'id="network-data"' in response.content.decode()
    empty = client.get(reverse("partnerships:network"), {"sector": Sector.ACADEMIC_EXPERT})
    assert 'data-testid="network-empty"' in empty.content.decode()


def test_network_page_says_when_capped(client, trio, monkeypatch):
    monkeypatch.setattr(net, "NODE_CAP", 2)
    html = client.get(reverse("partnerships:network")).content.decode()
    assert 'data-testid="network-capped"' in html


def test_kept_network_page_reads_one_query(client, trio, django_assert_num_queries):
    client.get(reverse("partnerships:network"))
    with django_assert_num_queries(1):  # the versions; the rest (page, JSON, table) is kept
        assert client.get(reverse("partnerships:network")).status_code == 200


@pytest.mark.parametrize(("prefix", "label"), [("", "القطاع الخاص"), ("/en", "Private sector")])
def test_statistics_page_shows_the_matrix_in_both_languages(client, trio, prefix, label):
    response = client.get(prefix + reverse("partnerships:statistics"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="sector-matrix"' in html and label in html
    matrix = html[html.index('data-testid="sector-matrix"'):html.index('data-testid="sector-pairs"')]
    rows = re.findall(r'<th scope="row" class="text-start" data-sector="(\w+)">.*?</th>(.*?)</tr>', matrix, re.S)
    cells = {sector: [int(n) for n in re.findall(r"<td[^>]*>(\d+)</td>", row)] for sector, row in rows}
    order = list(Sector.values)
    assert cells["authority"][order.index("nonprofit")] == 2
    assert cells["nonprofit"][order.index("authority")] == 2  # symmetric
    assert cells["private"][order.index("private")] == 0


def test_kept_statistics_page_reads_one_query(client, trio, django_assert_num_queries):
    client.get(reverse("partnerships:statistics"))
    with django_assert_num_queries(1):
        assert client.get(reverse("partnerships:statistics")).status_code == 200


# ---------------------------------------------------------------- API


def test_api_network_answers_nodes_and_links_for_the_caller(client, trio, make_member):
    answer = client.get("/api/v1/partnerships/network").json()
    assert {node["id"] for node in answer["nodes"]} == {trio["nonprofit"].pk, trio["municipality"].pk,
                                                        trio["company"].pk}
    assert answer["links"][0] == {"source": min(trio["nonprofit"].pk, trio["municipality"].pk),
                                  "target": max(trio["nonprofit"].pk, trio["municipality"].pk), "agreements": 2,
                                  "kinds": {"mou": 1, "contract": 1}}
    assert (answer["capped"], answer["node_cap"]) == (False, net.NODE_CAP)
    english = client.get("/api/v1/partnerships/network", headers={"accept-language": "en"}).json()
    assert "Sustainability Society" in {node["name"] for node in english["nodes"]}
    client.force_login(make_member(trio["loner"], Role.VIEWER))
    mine = client.get("/api/v1/partnerships/network", {"region": trio["loner"].region_id}).json()
    assert trio["loner"].pk in {node["id"] for node in mine["nodes"]}


def test_api_network_refuses_unknown_filter_values(client):
    assert client.get("/api/v1/partnerships/network", {"sector": "nope"}).status_code == 422
    assert client.get("/api/v1/partnerships/network", {"region": "0"}).status_code == 422


def test_api_kind_codes_are_the_models():
    assert list(AgreementKindCode.__args__) == list(AgreementKind.values)


def test_api_network_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    bulk_network(organizations=40, agreements=120)
    with django_assert_num_queries(4):  # the versions, then the three aggregates
        before = len(client.get("/api/v1/partnerships/network").json()["nodes"])
    cache.clear()
    bulk_network(organizations=40, agreements=240, seed=13)
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/partnerships/network").json()["nodes"]) > before


def test_kept_api_answer_reads_one_query_per_language(client, trio, django_assert_num_queries):
    arabic = client.get("/api/v1/partnerships/network").json()
    with django_assert_num_queries(1):
        assert client.get("/api/v1/partnerships/network").json() == arabic
    english = client.get("/api/v1/partnerships/network", headers={"accept-language": "en"}).json()
    assert {node["name"] for node in english["nodes"]} != {node["name"] for node in arabic["nodes"]}
