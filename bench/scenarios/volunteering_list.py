from . import filter_paths

NAME = "volunteering_list"
TITLE = "Volunteer opportunities (HTML list: region, city, axis, skill, organisation, open seats, words, pages)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 101

FILTERS = ("region", "city", "axis", "skill", "organization", "open_seats", "q")


def request(ds):
    return {"path": ds["volunteering_list_route"]}


def paths(ds, pool):
    return filter_paths(ds["volunteering_list_route"], pool["volunteering"]["filters"], FILTERS, seed=101,
                        max_page=3, first=request(ds)["path"])
