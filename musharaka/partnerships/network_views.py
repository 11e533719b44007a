"""The partnership network page (organisations and the agreements between them, drawn by Cytoscape.js from JSON
in the page) and the statistics by pair of sectors. Both read network.py, kept in the cache per visibility class
and filters; the page's JSON and tables are kept per language under the same key."""

import hashlib
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from markupsafe import Markup

from musharaka.core import jsonout
from musharaka.core.history import history_versions
from musharaka.core.i18n import localized
from musharaka.geo.models import Region
from musharaka.orgs.models import Sector

from . import network as net
from .models import AgreementKind, AgreementStatus

MAX_ID = 2**31 - 1
TOP_LINKS = 50  # rows of the accessible table of the strongest links
# The portfolio URL is built once with this id in it; the script puts each node's id in its place.
ID_PLACEHOLDER = 2147483647


def parse_filters(query) -> net.NetworkFilters:
    """The query string's filters; a bad parameter is dropped on its own (a form's deep copies cost more than
    the rest of a kept page)."""
    region = query.get("region", "")
    sector, kind = query.get("sector", ""), query.get("kind", "")
    return net.NetworkFilters(
        region=int(region) if region.isascii() and region.isdigit() and 1 <= int(region) <= MAX_ID else None,
        sector=sector if sector in Sector.values else "", kind=kind if kind in AgreementKind.values else "")


def script_json(data) -> Markup:
    """JSON for a <script type="application/json"> element: nothing in it can close the element or open a comment
    (<, > and & as \\u escapes, valid JSON still)."""
    text = jsonout.dumps(data).decode()
    for character, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                               ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(character, escaped)
    return Markup(text)  # noqa: S704 - escaped above: the only characters HTML gives a meaning to inside <script>


def portfolio_url_template() -> str:
    """An organisation's partnership portfolio with ID_PLACEHOLDER for its id."""
    return reverse("partnerships:portfolio", args=[ID_PLACEHOLDER])


def _url(name: str) -> str:
    return reverse(name)


@lru_cache(maxsize=8)
def _template_digest(name: str) -> str:
    """A digest of a template's source: kept markup of a previous template is never served after a deploy."""
    path = Path(get_template(name).template.filename)  # type: ignore[attr-defined]  # Jinja2's template
    return hashlib.blake2b(path.read_bytes(), digest_size=6).hexdigest()


def _html(text: str) -> Markup:
    return Markup(text)  # noqa: S704 - rendered by our own templates, which escape what they print


def _regions(found: dict[type, int]) -> list[dict]:
    key = f"partnerships:regions:{found[Region]}"
    regions = cache.get(key)
    if regions is None:
        regions = list(Region.objects.order_by("pk").values("pk", "name_ar", "name_en"))
        cache.set(key, regions, net.KEEP_SECONDS)
    return regions


NETWORK_TABLE = "partnerships/_network_table.html"
SECTOR_TABLES = "partnerships/_sector_tables.html"


def _page_data(data: dict, regions: dict[int, str], portfolio: str) -> dict:
    """What the page shows of the network, in the active language: the script's JSON, the table of the strongest
    links (rendered) and the counts."""
    sector_names = dict(Sector.choices)
    kind_names = dict(AgreementKind.choices)
    names = {node["id"]: localized(node) for node in data["nodes"]}
    nodes = [{"id": node["id"], "name": names[node["id"]], "sector": node["sector"],
              "region": regions.get(node["region_id"], ""), "agreements": node["agreements"]}
             for node in data["nodes"]]
    links = [[link["source"], link["target"], link["agreements"]] for link in data["links"]]
    top = [{"source": link["source"], "target": link["target"], "source_name": names[link["source"]],
            "target_name": names[link["target"]], "agreements": link["agreements"],
            "kinds": ", ".join(f"{kind_names.get(kind, kind)} ({count})" for kind, count in link["kinds"].items()),
            "source_url": portfolio.replace(str(ID_PLACEHOLDER), str(link["source"])) if portfolio else "",
            "target_url": portfolio.replace(str(ID_PLACEHOLDER), str(link["target"])) if portfolio else ""}
           for link in data["links"][:TOP_LINKS]]
    return {
        "json": script_json({"nodes": nodes, "links": links, "sectors": {str(k): str(v) for k, v in sector_names.items()},
                             "portfolio": portfolio, "placeholder": str(ID_PLACEHOLDER)}),
        "table": get_template(NETWORK_TABLE).render({"top_links": top}),
        "summary": {"nodes": len(nodes), "links": len(links), **{name: data[name] for name in (
            "total_nodes", "capped", "links_capped", "cap", "link_cap")}},
    }


@require_safe
def network_page(request):
    """Organisations as nodes (size: agreements, colour: sector), agreements as links, filtered by region, sector
    and kind; a table of the strongest links for screen readers and browsers without scripts."""
    filters = parse_filters(request.GET)
    found = history_versions(*net.NETWORK_READS, Region)
    regions = _regions(found)
    region_names = {region["pk"]: localized(region) for region in regions}
    portfolio = portfolio_url_template()
    key = net.network_key(request.user, filters, found)
    # The page's part alone is read when kept: not the network's thousands of dicts behind it.
    page_key = f"{key}:page:{get_language()}:{found[Region]}:{_template_digest(NETWORK_TABLE)}:{portfolio}"
    page = cache.get(page_key)
    if page is None:
        page = _page_data(net.network(request.user, filters, key=key), region_names, portfolio)
        cache.set(page_key, page, net.KEEP_SECONDS)
    return render(request, "partnerships/network.html", {
        "filters": filters, "regions": regions, "sectors": Sector.choices, "kinds": AgreementKind.choices,
        "data": page["summary"], "graph_json": page["json"], "table_html": _html(page["table"]),
        "region_name": region_names.get(filters.region or 0, ""),
        "register_url": _url("partnerships:list"), "statistics_url": reverse("partnerships:statistics"),
    })


# The statuses an agreement past the draft stage can have, in the order of its life.
STATISTICS_STATUSES = [(value, label) for value, label in AgreementStatus.choices if value != AgreementStatus.DRAFT]


@require_safe
def statistics_page(request):
    """Agreements per pair of sectors (authority × non-profit, …) as a matrix, then each pair by kind and status."""
    filters = parse_filters(request.GET)
    filters = net.NetworkFilters(region=filters.region, kind=filters.kind)  # the sectors are the table's axes
    found = history_versions(*net.STATISTICS_READS, Region)
    regions = _regions(found)
    key = net.statistics_key(request.user, filters, found)
    tables_key = f"{key}:tables:{get_language()}:{_template_digest(SECTOR_TABLES)}"
    tables = cache.get(tables_key)
    if tables is None:
        tables = get_template(SECTOR_TABLES).render(_statistics_tables(net.statistics(request.user, filters, key=key)))
        cache.set(tables_key, tables, net.KEEP_SECONDS)
    return render(request, "partnerships/statistics.html", {
        "filters": filters, "regions": regions, "kinds": AgreementKind.choices, "tables_html": _html(tables),
        "region_name": next((localized(region) for region in regions if region["pk"] == filters.region), ""),
        "register_url": _url("partnerships:list"), "network_url": reverse("partnerships:network"),
    })


def _statistics_tables(stats: dict) -> dict:
    """The context of the statistics' tables: the symmetric matrix of the sectors, then the pairs by count."""
    sectors = list(Sector.choices)
    pairs = stats["pairs"]

    def cell(first: str, second: str) -> int:
        pair = pairs.get((first, second)) or pairs.get((second, first))
        return pair["total"] if pair else 0

    matrix = [{"sector": value, "label": label, "cells": [cell(value, other) for other, _label in sectors]}
              for value, label in sectors]
    labels = dict(sectors)
    rows = sorted(({"first": labels.get(first, first), "second": labels.get(second, second), "same": first == second,
                    **pair} for (first, second), pair in pairs.items()), key=lambda row: -row["total"])
    return {"sectors": sectors, "kinds": AgreementKind.choices, "statuses": STATISTICS_STATUSES, "matrix": matrix,
            "rows": rows, "agreements": stats["agreements"], "without_sector": stats["without_sector"]}
