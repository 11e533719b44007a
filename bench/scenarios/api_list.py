from . import filter_paths

NAME = "api_list"
TITLE = "Initiatives API list (filters and pages)"
METHOD = "GET"
KIND = "read"
GROUP = "api"
ORDER = 20


def request(ds):
    return {"path": f"/api/v1/initiatives?region={ds['region_id']}&axis={ds['axis_id']}&status=active"}


def paths(ds, pool):
    return filter_paths("/api/v1/initiatives", pool, ("region", "axis", "sdg", "sector", "status", "year", "city"),
                        seed=20, max_page=3, first=request(ds)["path"])
