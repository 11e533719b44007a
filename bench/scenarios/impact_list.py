from . import filter_paths

NAME = "impact_list"
TITLE = "Published SROI analyses (HTML list: kind, organisation, currency, words, pages)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 99

FILTERS = ("kind", "organization", "currency", "q")


def request(ds):
    return {"path": ds["impact_list_route"]}


def paths(ds, pool):
    return filter_paths(ds["impact_list_route"], pool["impact"]["filters"], FILTERS, seed=99, max_page=3,
                        first=request(ds)["path"])
