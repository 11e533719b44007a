from urllib.parse import quote

from . import filter_paths

NAME = "org_search"
TITLE = "Organisations API search (words, region, sector)"
METHOD = "GET"
KIND = "read"
GROUP = "api"
ORDER = 50


def request(ds):
    return {"path": f"/api/v1/organizations?q={quote(ds['org_words'])}"}


def paths(ds, pool):
    return filter_paths("/api/v1/organizations", {**pool, "q": pool["org_q"]}, ("q", "q", "region", "sector"),
                        seed=50, max_page=2, first=request(ds)["path"])
