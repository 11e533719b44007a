from . import filter_paths

NAME = "catalogue"
TITLE = "Catalogue page (HTML, filters, pages, words)"
METHOD = "GET"
KIND = "read"
GROUP = "page"
HTML = True
ORDER = 10


def request(ds):
    return {"path": f"/initiatives/?region={ds['region_id']}&axis={ds['axis_id']}&page=11"}


def paths(ds, pool):
    return filter_paths("/initiatives/", pool, ("region", "axis", "sdg", "sector", "status", "year", "q"),
                        seed=10, max_page=4, first=request(ds)["path"])
