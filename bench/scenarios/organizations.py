from . import PATHS, cycle_paths, filter_paths

NAME = "organizations"
TITLE = "Organisation pages (HTML: the list with filters, and organisation pages)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 65


def request(ds):
    return {"path": f"/organizations/{ds['organization_id']}/"}


def paths(ds, pool):
    # Half list pages (search, region, sector, page), half organisation pages, interleaved.
    lists = filter_paths("/organizations/", {**pool, "q": pool["org_q"]}, ("q", "region", "sector"),
                         seed=65, max_page=3, count=PATHS // 2)
    pages = cycle_paths("/organizations/{}/", pool["organization_ids"][::-1], first=request(ds)["path"],
                        count=PATHS - len(lists))
    return [p for pair in zip(pages, lists, strict=False) for p in pair] + pages[len(lists):] + lists[len(pages):]
