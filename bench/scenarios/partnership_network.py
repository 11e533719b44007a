"""The network of a region (issue #12): the partnership network page filtered by region, with or without a sector
of the parties and a kind of agreement. Target: the page group's (≥ 250 req/s, p95 ≤ 150 ms, warm ≤ 6 ms
in-process) — the network is kept in the cache per visibility class and filters under the versions of what it
reads, so a warm request is one query and a render; the first request after a write recounts in SQL."""

import random

from . import PATHS

NAME = "partnership_network"
TITLE = "Partnership network of a region (HTML: region, sector of a party, kind)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 78
KINDS = ("", "mou", "cooperation", "contract", "letter_of_intent")  # partnerships.models.AgreementKind


def request(ds):
    # The region with the most agreements when prepare.py names it, else the one with the most published events.
    return {"path": f"/partnerships/network/?region={ds.get('partnership_region_id') or ds['event_region_id']}"}


def paths(ds, pool):
    """Every region with each sector ("" too) and each kind (""), in a fixed shuffled order: a region is always
    chosen — this is the network of a region."""
    combos = [(region, sector, kind) for region in pool["region"] for sector in ("", *pool["sector"])
              for kind in KINDS]
    random.Random(78).shuffle(combos)
    first = request(ds)["path"]
    out = [first]
    for region, sector, kind in combos:
        query = f"region={region}" + (f"&sector={sector}" if sector else "") + (f"&kind={kind}" if kind else "")
        path = f"/partnerships/network/?{query}"
        if path not in out:
            out.append(path)
        if len(out) >= PATHS:
            break
    return out
