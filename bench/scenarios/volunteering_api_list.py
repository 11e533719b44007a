from . import filter_paths

NAME = "volunteering_api_list"
TITLE = "Volunteer opportunities through the API (filters, words, pages)"
METHOD = "GET"
KIND = "read"
GROUP = "api"
ORDER = 103

ROUTE = "/api/v1/volunteering/opportunities"
FILTERS = ("region", "city", "axis", "skill", "organization", "open", "q")


def request(ds):
    return {"path": ROUTE}


def paths(ds, pool):
    return filter_paths(ROUTE, pool["volunteering"]["filters"], FILTERS, seed=103, max_page=3,
                        first=request(ds)["path"])
