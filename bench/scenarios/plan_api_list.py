from . import filter_paths

NAME = "plan_api_list"
TITLE = "Plans API list (status, region, city, year, words, pages)"
METHOD = "GET"
KIND = "read"
GROUP = "api"
ORDER = 97

FILTERS = ("status", "region", "city", "year", "q")


def request(ds):
    return {"path": "/api/v1/plans?status=approved"}


def paths(ds, pool):
    return filter_paths("/api/v1/plans", pool["plans"]["filters"], FILTERS, seed=97, max_page=3,
                        first=request(ds)["path"])
