"""The partnership network as JSON: GET /api/v1/partnerships/network (nodes and links, the network page's filters).

Its own router, added in musharaka/api.py before the main partnerships router, whose `/{agreement_id}` would
otherwise take `/network`. The answer is network.network's (kept in the cache per visibility class and filters),
written with orjson (core.jsonout); test_api_schema_answers checks it against the schema below.
"""

from typing import Literal

from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema

from musharaka.accounts.auth import request_user
from musharaka.core import jsonout
from musharaka.core.i18n import localized
from musharaka.core.schemas import error_responses
from musharaka.orgs.schemas import SectorCode

from . import network as net

router = Router(tags=["partnerships"])

# Written out for the documentation; a test checks it matches AgreementKind.
AgreementKindCode = Literal["mou", "cooperation", "contract", "letter_of_intent"]


class NetworkFilterParams(Schema):
    region: int | None = Field(None, ge=1, le=2**31 - 1,
                               description="region id: agreements with a party (organisation) of this region, "
                                           "drawn with all their parties")
    sector: SectorCode | None = Field(None, description="agreements with a party of this sector")
    kind: AgreementKindCode | None = None


class NetworkNodeOut(Schema):
    id: int = Field(description="organisation id")
    name: str = Field(description="in the language asked for (Arabic when there is no English name)")
    name_ar: str
    name_en: str
    sector: str
    region_id: int
    agreements: int = Field(description="agreements in this network with the organisation among the parties")
    url: str | None = Field(description="the organisation's partnership portfolio page")


class NetworkLinkOut(Schema):
    source: int = Field(description="organisation id (the smaller of the two)")
    target: int = Field(description="organisation id")
    agreements: int = Field(description="agreements with both among the parties")
    kinds: dict[str, int] = Field(description="those agreements by kind")


class NetworkOut(Schema):
    nodes: list[NetworkNodeOut]
    links: list[NetworkLinkOut]
    total_nodes: int = Field(description="organisations in the network before the cap")
    capped: bool = Field(description="only the node_cap organisations with the most agreements are listed")
    links_capped: bool = Field(description="only the link_cap strongest links among them are listed")
    node_cap: int
    link_cap: int


PLACEHOLDER = 2147483647  # the portfolio URL is reversed once with it, then each node's id takes its place


def _portfolio(placeholder: int) -> str:
    return reverse("partnerships:portfolio", args=[placeholder])


@router.get("/network", response={200: NetworkOut, **error_responses()})
def partnership_network(request, filters: Query[NetworkFilterParams]):
    """Organisations (nodes, with their number of agreements) and the pairs of them that are parties to the same
    agreements (links), among the signed agreements the caller may see; at most node_cap organisations (those
    with the most agreements) and link_cap links (the strongest)."""
    chosen = net.NetworkFilters(region=filters.region, sector=filters.sector or "", kind=filters.kind or "")
    user = request_user(request)
    portfolio = _portfolio(PLACEHOLDER)
    # The answer's bytes are kept per language under the network's key: a kept answer is one query.
    key = net.network_key(user, chosen)
    answer_key = f"{key}:api:{get_language()}:{portfolio}"
    body = cache.get(answer_key)
    if body is None:
        body = jsonout.dumps(_answer(net.network(user, chosen, key=key), portfolio))
        cache.set(answer_key, body, net.KEEP_SECONDS)
    return HttpResponse(body, content_type="application/json")


def _answer(data: dict, portfolio: str) -> dict:
    nodes = [{"id": node["id"], "name": localized(node), "name_ar": node["name_ar"], "name_en": node["name_en"],
              "sector": node["sector"], "region_id": node["region_id"], "agreements": node["agreements"],
              "url": portfolio.replace(str(PLACEHOLDER), str(node["id"])) if portfolio else None}
             for node in data["nodes"]]
    return {"nodes": nodes, "links": data["links"], "total_nodes": data["total_nodes"], "capped": data["capped"],
            "links_capped": data["links_capped"], "node_cap": data["cap"], "link_cap": data["link_cap"]}
