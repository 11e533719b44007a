"""The partnership network (organisations as nodes, agreements as links) and the statistics by pair of sectors.

What counts: the agreements the person may see (selectors.visible_agreements) past the draft stage — a draft is
not a partnership yet, and a party's member should not see their own unsigned drafts drawn as links.

The region filter is the region of the organisations, not the agreement's scope: an agreement is in a region's
network when one of its parties is an organisation of that region, and its other parties (from elsewhere too)
are drawn with it. Every organisation has exactly one region, while an agreement's scope regions are optional
(many agreements name none) and a national agreement names them all: filtered by scope, "the network of a region"
would lose the first and be flooded by the second. The sector filter is the register's (one of the parties is
of that sector, read from the kept-on-write `party_sectors`), the kind filter the agreement's kind.

Both are counted in SQL (a GROUP BY over the parties, and the parties joined to themselves through their
agreement for the links; a GROUP BY over `party_sectors` for the statistics), never per row, and kept in the
cache per visibility class and filters under the versions of what they read (core.history.history_versions):
every save of an agreement, a party or an organisation writes a history row in its transaction. The graph is
bounded: the NODE_CAP organisations with the most agreements, and the LINK_CAP strongest links among them.
"""

import datetime
import hashlib
from dataclasses import astuple, dataclass
from itertools import combinations
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from musharaka.core.history import history_versions
from musharaka.core.permissions import is_platform_admin
from musharaka.orgs.models import Organization, Sector
from musharaka.orgs.roles import roles_of

from .models import Agreement, AgreementKind, AgreementParty, AgreementStatus, Stage, sector_list
from .selectors import AgreementFilters, filtered_agreements, status_q

NODE_CAP = 400  # a few hundred nodes stay readable on a canvas, and the cose layout ends in a second or two
# Among hubs, 400 organisations can share ten thousand links: a hairball, and seconds of layout. The strongest
# links are drawn; every node stays.
LINK_CAP = 1500
KEEP_SECONDS = 24 * 3600  # keys name the versions of what they hold: kept as long as memory allows
# What the network reads: agreements (kind, stage, publication), their parties, the organisations' names,
# sectors and regions.
NETWORK_READS = (Agreement, AgreementParty, Organization)
# party_sectors moves with the parties (written in the same transaction as their history rows).
STATISTICS_READS = (Agreement, AgreementParty)
SECTORS = tuple(Sector.values)
KINDS = tuple(AgreementKind.values)


@dataclass(frozen=True)
class NetworkFilters:
    region: int | None = None  # geo.Region of one of the parties (see the module's note)
    sector: str = ""  # orgs.Sector of one of the parties
    kind: str = ""  # AgreementKind


def visibility_class(user) -> str:
    """What decides which agreements this person sees (selectors.visible_agreements), as a string: everyone
    without a role shares "public", a member shares with the other members of the same organisations."""
    if is_platform_admin(user):
        return "all"
    roles = roles_of(user)
    if not roles.by_organization and not roles.coordinated_regions:
        return "public"
    return f"o{sorted(roles.by_organization)}r{sorted(roles.coordinated_regions)}"


def _digest(value) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=12).hexdigest()


def network_agreements(user, filters: NetworkFilters) -> QuerySet[Agreement]:
    agreements = filtered_agreements(user, AgreementFilters(kind=filters.kind, sector=filters.sector))
    agreements = agreements.exclude(stage=Stage.DRAFT)
    if filters.region:
        agreements = agreements.filter(pk__in=AgreementParty.objects.filter(
            organization__region_id=filters.region).values("agreement_id"))
    return agreements


# ---------------------------------------------------------------- the network


def build_network(user, filters: NetworkFilters, *, cap: int | None = None, link_cap: int | None = None) -> dict:
    """Nodes and links, read from the database (network() keeps them in the cache).

    nodes: [{"id", "name_ar", "name_en", "sector", "region_id", "agreements"}], most agreements first;
    links: [{"source", "target", "agreements", "kinds": {kind: count}}] between two nodes (source < target),
    most agreements first; total_nodes: the organisations before the cap; capped / links_capped: whether some
    nodes or links were left out. Three queries, whatever the number of agreements.
    """
    cap, link_cap = cap or NODE_CAP, link_cap or LINK_CAP
    agreement_ids = network_agreements(user, filters).values("pk")
    parties = AgreementParty.objects.filter(agreement__in=agreement_ids, organization__isnull=False)
    # One party per organisation and agreement (a unique constraint): counting rows counts agreements. Every
    # organisation's count is read (a few thousand pairs of integers): the total comes with it, no COUNT(DISTINCT).
    counts = list(parties.order_by().values("organization_id").annotate(agreements=Count("pk"))
                  .order_by("-agreements", "organization_id").values_list("organization_id", "agreements"))
    total, capped = len(counts), len(counts) > cap
    counts = counts[:cap]
    ids = [organization_id for organization_id, _count in counts]
    if not ids:
        return {"nodes": [], "links": [], "total_nodes": 0, "capped": False, "links_capped": False, "cap": cap,
                "link_cap": link_cap}
    names = {row["pk"]: row for row in Organization.objects.filter(pk__in=ids).values(
        "pk", "name_ar", "name_en", "sector", "region_id")}
    nodes = [{"id": organization_id, "name_ar": names[organization_id]["name_ar"],
              "name_en": names[organization_id]["name_en"], "sector": names[organization_id]["sector"],
              "region_id": names[organization_id]["region_id"], "agreements": count}
             for organization_id, count in counts]
    # The parties joined to themselves through their agreement, each unordered pair once (source < target),
    # counted per kind in the same GROUP BY; the strongest link_cap links only, chosen in SQL.
    pairs = parties.filter(agreement__parties__organization_id__gt=F("organization_id"),
                           **({"organization_id__in": ids, "agreement__parties__organization_id__in": ids}
                              if capped else {}))
    kinds = {kind: Count("pk", filter=Q(agreement__kind=kind)) for kind in KINDS}
    rows = list(pairs.order_by().values("organization_id", "agreement__parties__organization_id")
                .annotate(n=Count("pk"), **{f"k_{kind}": count for kind, count in kinds.items()})
                .order_by("-n", "organization_id", "agreement__parties__organization_id")
                .values_list("organization_id", "agreement__parties__organization_id", "n",
                             *(f"k_{kind}" for kind in KINDS))[:link_cap + 1])
    links_capped = len(rows) > link_cap
    links = [{"source": row[0], "target": row[1], "agreements": row[2],
              "kinds": {kind: n for kind, n in zip(KINDS, row[3:], strict=True) if n}}
             for row in rows[:link_cap]]
    return {"nodes": nodes, "links": links, "total_nodes": total, "capped": capped, "links_capped": links_capped,
            "cap": cap, "link_cap": link_cap}


def network_key(user, filters: NetworkFilters, found: dict[type, int] | None = None) -> str:
    """The cache key of this network: the visibility class, the filters and the versions of NETWORK_READS
    (read in one query unless `found` holds them)."""
    found = found or history_versions(*NETWORK_READS)
    versions = ".".join(str(found[model]) for model in NETWORK_READS)
    return f"partnerships:network:{versions}:{_digest((visibility_class(user), astuple(filters)))}"


def network(user, filters: NetworkFilters, *, key: str | None = None) -> dict:
    """build_network, kept under network_key (one query when kept)."""
    key = key or network_key(user, filters)
    value = cache.get(key)
    if value is None:
        value = build_network(user, filters)
        cache.set(key, value, KEEP_SECONDS)
    return value


# ---------------------------------------------------------------- statistics by pair of sectors


STATUSES = tuple(AgreementStatus.values)


def sector_pairs(sectors: str) -> list[tuple[str, str]]:
    """The unordered pairs of an agreement's distinct sectors ("a,b,c" → ab, ac, bc); one sector alone is the
    diagonal pair (a, a); none (no party on the platform) is no pair."""
    distinct = sorted(set(sector_list(sectors)))
    if len(distinct) == 1:
        return [(distinct[0], distinct[0])]
    return list(combinations(distinct, 2))


def build_statistics(user, filters: NetworkFilters, *, today: datetime.date | None = None) -> dict:
    """Agreements per unordered pair of sectors, with their kinds and statuses: one GROUP BY over the kept
    `party_sectors` (a few dozen distinct values), expanded into pairs here.

    pairs: {(a, b): {"total", "kinds": {kind: n}, "statuses": {status: n}}} with a <= b in SECTORS order;
    agreements: how many agreements were counted (an agreement of three sectors is in three pairs);
    without_sector: those with no party on the platform (in no pair).
    """
    today = today or timezone.localdate()
    order = {sector: position for position, sector in enumerate(SECTORS)}
    rows: Any = (network_agreements(user, filters).order_by().values("party_sectors", "kind")
            .annotate(total=Count("pk"), **{f"s_{status}": Count("pk", filter=status_q(status, today))
                                            for status in STATUSES}))
    pairs: dict[tuple[str, str], dict] = {}
    agreements = without_sector = 0
    for row in rows:
        agreements += row["total"]
        found = sector_pairs(row["party_sectors"])
        if not found:
            without_sector += row["total"]
        for first, second in found:
            if order.get(second, len(order)) < order.get(first, len(order)):
                first, second = second, first
            pair = (first, second)
            cell = pairs.setdefault(pair, {"total": 0, "kinds": {}, "statuses": dict.fromkeys(STATUSES, 0)})
            cell["total"] += row["total"]
            cell["kinds"][row["kind"]] = cell["kinds"].get(row["kind"], 0) + row["total"]
            for status in STATUSES:
                cell["statuses"][status] += row[f"s_{status}"]
    return {"pairs": pairs, "agreements": agreements, "without_sector": without_sector}


def statistics_key(user, filters: NetworkFilters, found: dict[type, int] | None = None) -> str:
    """The cache key of these statistics: the visibility class, the filters, the versions of STATISTICS_READS
    and today's date (the statuses move with the dates)."""
    found = found or history_versions(*STATISTICS_READS)
    versions = ".".join(str(found[model]) for model in STATISTICS_READS)
    return (f"partnerships:sector-pairs:{versions}:{timezone.localdate()}:"
            f"{_digest((visibility_class(user), astuple(filters)))}")


def statistics(user, filters: NetworkFilters, *, key: str | None = None) -> dict:
    """build_statistics, kept under statistics_key (one query when kept)."""
    key = key or statistics_key(user, filters)
    value = cache.get(key)
    if value is None:
        value = build_statistics(user, filters)
        cache.set(key, value, KEEP_SECONDS)
    return value
