from . import cycle_paths

NAME = "impact_api_analysis"
TITLE = "SROI analysis through the API (kept figures and each outcome's year values)"
METHOD = "GET"
KIND = "read"
GROUP = "api"
ORDER = 100

ROUTE = "/api/v1/impact/analyses/{}"


def request(ds):
    return {"path": ROUTE.format(ds["impact_analysis_id"])}


def paths(ds, pool):
    return cycle_paths(ROUTE, pool["impact"]["published"], first=request(ds)["path"])
