from . import filter_paths

NAME = "volunteering_statistics"
TITLE = "Volunteer-hour statistics (HTML: verified hours and their value by region, organisation, axis, year)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 102

FILTERS = ("by", "year", "region", "axis")


def request(ds):
    return {"path": ds["volunteering_statistics_route"]}


def paths(ds, pool):
    return filter_paths(ds["volunteering_statistics_route"], pool["volunteering"]["statistics"], FILTERS, seed=102,
                        max_page=1, first=request(ds)["path"])
