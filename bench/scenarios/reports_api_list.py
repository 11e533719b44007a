from . import filter_paths

NAME = "reports_api_list"
TITLE = "Reports API list (region, city, neighbourhood, category, status, pages)"
METHOD = "GET"
KIND = "read"
GROUP = "api"
ORDER = 111

FILTERS = ("region", "city", "neighbourhood", "category", "status")


def request(ds):
    return {"path": "/api/v1/reports?status=submitted"}


def paths(ds, pool):
    return filter_paths("/api/v1/reports", pool["o31116"]["filters"], FILTERS, seed=111, max_page=3,
                        first=request(ds)["path"])
