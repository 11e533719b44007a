from . import filter_paths

NAME = "agreement_register"
TITLE = "Agreements register page (HTML: kind, status, sector, region, axis, expiring, party, words, pages)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 80

FILTERS = ("kind", "status", "sector", "region", "axis", "expiring", "organization", "q")


def request(ds):
    return {"path": f"/partnerships/?region={ds['agreement_region_id']}&status=active"}


def paths(ds, pool):
    return filter_paths("/partnerships/", pool["partnerships"], FILTERS, seed=80, max_page=4,
                        first=request(ds)["path"])
