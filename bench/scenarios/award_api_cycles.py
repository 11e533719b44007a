from . import filter_paths

NAME = "award_api_cycles"
TITLE = "Award cycles API list (phase, year, programme, pages)"
METHOD = "GET"
KIND = "read"
GROUP = "api"
ORDER = 93

FILTERS = ("stage", "year", "programme")


def request(ds):
    return {"path": "/api/v1/awards/cycles?stage=published"}


def paths(ds, pool):
    return filter_paths("/api/v1/awards/cycles", pool["awards"]["filters"], FILTERS, seed=93, max_page=3,
                        first=request(ds)["path"])
